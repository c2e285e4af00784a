"""Independent FEM reference: lidded die on an organic substrate vs CalculiX 2.20.

Reference (tests/data/calculix/reference.json, produced by tests/data/calculix/make_deck.py
with ``--run``): quarter model of substrate 20x20x1 mm (k 20/20/0.5, orthotropic), die
10x10x0.75 mm (Si 148), TIM 10x10x0.05 mm (k 4), Cu lid 20x20x1 mm (390), void beside
die and TIM; 10 W uniform flux on the die bottom face (*DFLUX), lid top h 2000 and
substrate bottom h 200 W/m^2K to 25 degC (*FILM), other faces adiabatic.  CalculiX was
run with C3D8 at levels 0-2 and C3D20 at levels 0-1 (``OMP_NUM_THREADS=1 ccx -i deck``);
the C3D20 level-1 result (139 021 nodes) is used as reference: it agrees with the C3D8
level-2 result to 0.01 % and with the C3D8 extrapolation to 0.02 %.

The test builds the same geometry with chippack's FV solver (the die-bottom flux is
dissipated in a 1 um Si skin cell layer; lid-top surface temperatures from the Robin
face relation), solves at mesh levels 0 and 1 (6 400 / 49 600 cells) and requires the
die-maximum and mean-lid-top temperature rises to match CalculiX within 0.5 % at each
level.  Both solvers converge at about first order here (re-entrant die/void corners):
FV from above (die max +0.23 %, +0.11 %, +0.063 %, +0.040 % at levels 0-3), CalculiX
from below, so the order-1 Richardson extrapolate 2 T_1 - T_0 of the FV results is
required to agree with CalculiX C3D20 to 0.1 %.  ccx is not needed to run the test.
"""

import json
import pathlib

import numpy as np
import pytest

from chippack.mesh import RectilinearGrid
from chippack.thermal import ConductionProblem, SideCondition, solve_steady
from conftest import assert_balanced

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "calculix" / "reference.json"
SKIN = 1e-6


def reference():
    runs = json.loads(DATA.read_text())["runs"]
    return {(r["element"], r["level"]): r for r in runs}


def lid_problem(level: int, planes: tuple[np.ndarray, np.ndarray] | None = None):
    """The FV model of the deck at ``level``; or on the deck's own node planes
    ``planes = (xy, z)`` in m (a 1 um skin plane is added above the die bottom)."""
    f = 2**level
    xy = np.linspace(0.0, 10e-3, 20 * f + 1)
    z = [0.0]
    for z0, z1, n in ((0.0, 1e-3, 4), (1e-3, 1e-3 + SKIN, 0), (1e-3 + SKIN, 1.75e-3, 6),
                      (1.75e-3, 1.8e-3, 1), (1.8e-3, 2.8e-3, 4)):
        z.extend(np.linspace(z0, z1, max(n * f, 1) + 1)[1:])
    if planes is not None:
        xy = np.asarray(planes[0], float)
        z = np.unique(np.concatenate([planes[1], [1e-3 + SKIN]]))
    g = RectilinearGrid.from_planes(xy, xy, np.array(z))
    xc, yc, zc = g.centres
    in_die_xy = (xc[:, None] < 5e-3) & (yc[None, :] < 5e-3)
    k = np.zeros(g.shape + (3,))
    solid = np.ones(g.shape, bool)
    power = np.zeros(g.shape)
    for kk, zz in enumerate(zc):
        if zz < 1e-3:
            k[:, :, kk] = (20.0, 20.0, 0.5)
        elif zz < 1.75e-3:
            k[:, :, kk] = 148.0
            solid[:, :, kk] = in_die_xy
        elif zz < 1.8e-3:
            k[:, :, kk] = 4.0
            solid[:, :, kk] = in_die_xy
        else:
            k[:, :, kk] = 390.0
    ks = int(np.argmin(np.abs(zc - (1e-3 + SKIN / 2))))
    area = g.face_areas(2)[:, :, 0]
    power[:, :, ks] = np.where(in_die_xy, area, 0.0) / area[in_die_xy].sum() * 2.5
    return ConductionProblem(g, k, power=power, solid=solid,
                             sides={"zmax": SideCondition(2000.0, 25.0),
                                    "zmin": SideCondition(200.0, 25.0)})


def fv_values(level: int):
    p = lid_problem(level)
    sol = solve_steady(p)
    assert_balanced(sol)
    assert sol.heat_in == pytest.approx(2.5, rel=1e-12)
    die = p.solid & (p.grid.centres[2] > 1e-3)[None, None, :] & \
        (p.grid.centres[2] < 1.75e-3)[None, None, :]
    die_max = sol.max(die) - 25.0
    # lid-top surface temperature of each face from the Robin condition:
    # T_s = (h T_inf + (2k/dz) T_c) / (h + 2k/dz)
    g = p.grid
    c = 2 * 390.0 / g.dz[-1]
    ts = (2000.0 * 25.0 + c * sol.temperature[:, :, -1]) / (2000.0 + c)
    area = g.face_areas(2)[:, :, 0]
    lid_mean = float((ts * area).sum() / area.sum()) - 25.0
    return die_max, lid_mean, sol


def test_lidded_die_matches_calculix():
    """See module docstring: FV levels 0 and 1 vs CalculiX C3D20 level 1, within 0.5 %;
    order-1 Richardson extrapolate within 0.1 %."""
    ref = reference()[("C3D20", 1)]
    d0, l0, _ = fv_values(0)
    d1, l1, _ = fv_values(1)
    for d, lid in ((d0, l0), (d1, l1)):
        assert d == pytest.approx(ref["die_max_rise_K"], rel=5e-3)
        assert lid == pytest.approx(ref["lid_top_mean_rise_K"], rel=5e-3)
    assert abs(d1 - ref["die_max_rise_K"]) < abs(d0 - ref["die_max_rise_K"])
    assert 2 * d1 - d0 == pytest.approx(ref["die_max_rise_K"], rel=1e-3)
    assert 2 * l1 - l0 == pytest.approx(ref["lid_top_mean_rise_K"], rel=1e-3)
    # the independent CalculiX runs agree among themselves (C3D8 level 2 vs C3D20 level 1)
    c8 = reference()[("C3D8", 2)]
    assert c8["die_max_rise_K"] == pytest.approx(ref["die_max_rise_K"], rel=5e-4)
    assert c8["lid_top_mean_rise_K"] == pytest.approx(ref["lid_top_mean_rise_K"], rel=5e-4)
