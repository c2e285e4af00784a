"""Against CalculiX (independent FEM): a bimetal and a package-like stack.

The decks, their generator and CalculiX's numbers are in ``tests/data/calculix_mech``
(``make_decks.py``; ccx 2.20, C3D8I, quarter models with symmetry planes and one
vertical support). chippack solves the full models free-free on its own, coarser grid
(1 mm in-plane cells, 0.25 mm through the thickness): centre-to-corner warpage of the
lowest face within 2 %, die top σ_xx on the centre line within 5 %.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from chippack.materials import Material
from chippack.mechanics.assembly import assemble, element_stress, solid_elements
from chippack.mechanics.loads import StressFree
from chippack.mechanics.solve import solve
from chippack.mesh.grid import RectilinearGrid
from chippack.mesh.package import SOLID, MeshOptions, PackageMesh

REFERENCE = json.loads((Path(__file__).parents[1] / "data" / "calculix_mech" /
                        "reference.json").read_text())


def _planes(faces, cap):
    faces = sorted(set(np.round(faces, 9)))
    out = [faces[0]]
    for a, b in zip(faces[:-1], faces[1:], strict=True):
        n = int(np.ceil((b - a) / cap - 1e-9))
        out += list(np.linspace(a, b, n + 1)[1:])
    return np.array(out) * 1e-3


def _mesh(case):
    """Full-model PackageMesh of a deck's boxes (quarter coordinates mirrored), mm → m."""
    half = case["size"]
    boxes = case["boxes"]
    xy_faces = [-half, half] + [s * v for b in boxes for v in (b[1], b[2]) for s in (-1, 1)]
    z_faces = [v for b in boxes for v in (b[3], b[4])]
    grid = RectilinearGrid(_planes(xy_faces, 1.0), _planes(xy_faces, 1.0), _planes(z_faces, 0.25))
    xc, yc, zc = (c * 1e3 for c in grid.centres)
    names = list(case["materials"])
    part = np.full(grid.shape, -1, dtype=np.int32)
    for name, a0, a1, z0, z1, _ in boxes:
        inz = (zc > z0) & (zc < z1)
        if name == "CU":
            ring = (np.abs(xc)[:, None] > a0) | (np.abs(yc)[None, :] > a0)
            m = ring[:, :, None] & inz[None, None, :]
        else:
            m = ((np.abs(xc)[:, None, None] < a1) & (np.abs(yc)[None, :, None] < a1)
                 & inz[None, None, :])
        part[m] = names.index(name)
    mats = tuple(Material(n, "metal", (1.0,) * 3, 1.0, 1.0, youngs_modulus=e * 1e6,
                          poisson_ratio=nu, cte=(a, a, a))
                 for n, (e, nu, a) in case["materials"].items())
    region = np.full(grid.shape, SOLID, dtype=np.int8)
    return PackageMesh(None, grid, part, tuple(names), part.copy(), mats, region, MeshOptions())


def _solve(case):
    mesh = _mesh(case)
    el = solid_elements(mesh)
    sf = StressFree(dict.fromkeys(mesh.part_ids, case["t0"]), {})
    system = assemble(el, case["t0"] + case["delta_t"], sf)
    sol = solve(system)
    return mesh, el, system, sol


def _centre_to_corner(el, u):
    c = el.coords
    bottom = np.abs(c[:, 2] - c[:, 2].min()) < 1e-12
    r = np.hypot(c[:, 0], c[:, 1])
    centre = np.flatnonzero(bottom)[np.argmin(r[bottom])]
    corner = np.flatnonzero(bottom)[np.argmax(r[bottom])]
    return u[centre, 2] - u[corner, 2]


def test_bimetal_warpage_matches_calculix():
    """CalculiX C3D8I bimetal (V8 geometry): centre-to-corner 74.8 µm; chippack within 2 %."""
    ref = REFERENCE["bimetal"]
    _, el, _, sol = _solve(ref["case"])
    assert _centre_to_corner(el, sol.displacement) * 1e3 == pytest.approx(
        ref["centre_to_corner_mm"], rel=0.02)


def test_package_warpage_and_die_stress_match_calculix():
    """Die + underfill + substrate + copper stiffener ring, cooled from the 165 °C cure:
    CalculiX centre-to-corner warpage within 2 %, die top σ_xx on the centre line within 5 %."""
    ref = REFERENCE["package"]
    mesh, el, system, sol = _solve(ref["case"])
    assert _centre_to_corner(el, sol.displacement) * 1e3 == pytest.approx(
        ref["centre_to_corner_mm"], rel=0.02)
    stress, _ = element_stress(system, sol.displacement.ravel())
    xc, yc, zc = mesh.grid.centres
    die = el.part == mesh.part_ids.index("DIE")
    near = (np.abs(xc[el.ijk[:, 0]]) < 1.01e-3) & (np.abs(yc[el.ijk[:, 1]]) < 1.01e-3)
    sel = die & near
    z = zc[el.ijk[sel, 2]]
    fit = np.polyfit(z, stress[sel, 0], 1)
    top = 1.85e-3
    assert np.polyval(fit, top) * 1e-6 == pytest.approx(ref["die_sxx_top_mpa"], rel=0.05)
