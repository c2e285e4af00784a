"""Layered substrates and via fields: the meshed stack against exact and resolved answers.

References: the series resistance of a 1-D layer stack, Σ t_i / k_i (exact for the
finite-volume scheme with harmonic face conductances, Patankar 1980 §4.2); the
parallel rule for straight copper columns and the Maxwell–Rayleigh rule for aligned
cylinders (Rayleigh 1892) against vias meshed one by one.
"""

import numpy as np
import pytest

from chippack.layout import lay_out
from chippack.materials import resolve_materials
from chippack.materials.stack import (
    StackLayer,
    layer_material,
    maxwell_rayleigh,
    via_area_fraction,
)
from chippack.mesh import RectilinearGrid
from chippack.mesh.package import mesh_layout
from chippack.model import parse_spec
from chippack.thermal import ConductionProblem, SideCondition, solve_steady

K_CU = resolve_materials(None)["copper"].k[2]

STACK = {
    "layers": [
        {"name": "mask", "thickness": 0.02, "material": "solder_mask"},
        {"name": "L1", "thickness": 0.015, "material": "abf_dielectric", "copper": 0.55},
        {"name": "bu1", "thickness": 0.03, "material": "abf_dielectric"},
        {"name": "L2", "thickness": 0.015, "material": "abf_dielectric", "copper": 0.9},
        {"name": "core", "thickness": 0.4, "material": "bt_core"},
        {"name": "L3", "thickness": 0.015, "material": "abf_dielectric", "copper": 0.7},
        {"name": "mask_b", "thickness": 0.02, "material": "solder_mask"},
    ],
}


def _spec(model: str, vias=None):
    stack = dict(STACK, model=model)
    if vias:
        stack["vias"] = vias
    return parse_spec({"name": "stack", "parts": {
        "substrate": {"kind": "substrate", "size": [6, 6], "stack": stack},
        "die": {"kind": "die", "size": [2, 2], "thickness": 0.3, "on": "substrate",
                "power": "1 W"},
    }})


def _column_resistance(mesh, i, j) -> float:
    """R″ (K·m²/W) through the substrate cells of column (i, j), solved as a 1-D problem."""
    sub = mesh.part_ids.index("substrate")
    ks = np.flatnonzero(mesh.part[i, j] == sub)
    z = mesh.grid.z[ks[0]:ks[-1] + 2]
    grid = RectilinearGrid.from_planes(np.array([0.0, 1.0]), np.array([0.0, 1.0]), z)
    k = mesh.conductivity()[i, j, ks][None, None, :, :]
    p = ConductionProblem(grid, k, sides={"zmin": SideCondition.fixed(1.0),
                                          "zmax": SideCondition.fixed(0.0)})
    sol = solve_steady(p, tol=1e-13)
    assert sol.energy_balance_error < 1e-6
    return 1.0 / sol.heat_out_by_side["zmax"]


def _exact_series(table) -> float:
    """Σ t/k⊥ with each copper layer's series mix, from the layer definitions."""
    r = 0.0
    for layer in STACK["layers"]:
        t = layer["thickness"] * 1e-3
        kd = table[layer["material"]].k[2]
        f = layer.get("copper", 0.0)
        r += t * (f / K_CU + (1 - f) / kd)
    return r


@pytest.mark.parametrize("model", ["layers", "compact"])
def test_layered_substrate_1d_series_exact(model):
    """1-D through the stack: meshed layers and the compact material both give Σ t_i/k_i
    exactly (1e-9), so the two models agree where both apply."""
    layout = lay_out(_spec(model))
    mesh = mesh_layout(layout)
    table = resolve_materials(None)
    r = _column_resistance(mesh, 0, 0)   # a corner column, outside the die
    assert r == pytest.approx(_exact_series(table), rel=1e-9)
    if model == "layers":
        sub = mesh.part_ids.index("substrate")
        assert len(np.unique(mesh.material[mesh.part == sub])) == len(STACK["layers"])


def test_via_region_under_die_raises_kz_by_parallel_rule():
    """Inside a core via field the core's k⊥ is φ k_Cu + (1 − φ) k_core; outside unchanged."""
    vias = [{"name": "pth", "through": ["core"], "pitch": 0.4, "diameter": 0.15,
             "plating": 0.02, "region": {"under": "die"}}]
    layout = lay_out(_spec("layers", vias))
    mesh = mesh_layout(layout)
    table = resolve_materials(None)
    phi = via_area_fraction(0.4e-3, 0.15e-3, 0.02e-3)
    assert phi == pytest.approx(np.pi * (0.15**2 - 0.11**2) / 4 / 0.4**2)
    xc, yc, _ = mesh.grid.centres
    i = int(np.argmin(np.abs(xc - layout.parts["die"].centre[0])))
    sub = mesh.part_ids.index("substrate")
    ks = np.flatnonzero(mesh.part[i, i] == sub)
    kz = mesh.conductivity()[i, i, ks, 2]
    k_core = table["bt_core"].k[2]
    assert np.isclose(kz, phi * K_CU + (1 - phi) * k_core, rtol=1e-12).any()
    r_in, r_out = _column_resistance(mesh, i, i), _column_resistance(mesh, 0, 0)
    t_core = 0.4e-3
    assert r_out - r_in == pytest.approx(
        t_core / k_core - t_core / (phi * K_CU + (1 - phi) * k_core), rel=1e-9)


def _resolved_cell_problem(axis: int, n: int, pitch: float, side: float, thickness: float,
                           k_matrix: float):
    """n × n copper prisms (side ``side``) on ``pitch`` in a matrix layer, meshed one by one."""
    planes = [0.0]
    for _ in range(n):
        gap = (pitch - side) / 2
        for w in (gap, side, gap):
            planes.extend(planes[-1] + np.linspace(0, w, 5)[1:])
    xy = np.array(planes)
    z = np.linspace(0.0, thickness, 5)
    grid = RectilinearGrid.from_planes(xy, xy, z)
    xc, yc, _ = grid.centres
    in_x = (np.mod(xc, pitch) > (pitch - side) / 2) & (np.mod(xc, pitch) < (pitch + side) / 2)
    in_y = (np.mod(yc, pitch) > (pitch - side) / 2) & (np.mod(yc, pitch) < (pitch + side) / 2)
    copper = (in_x[:, None] & in_y[None, :])[:, :, None] & np.ones(grid.shape[2], bool)
    k = np.where(copper, K_CU, k_matrix)
    lo, hi = ("xmin", "xmax", "ymin", "ymax", "zmin", "zmax")[2 * axis:2 * axis + 2]
    sol = solve_steady(ConductionProblem(grid, k, sides={lo: SideCondition.fixed(1.0),
                                                         hi: SideCondition.fixed(0.0)}),
                       tol=1e-12)
    assert sol.energy_balance_error < 1e-6
    length = (xy[-1], xy[-1], thickness)[axis]
    area = {0: xy[-1] * thickness, 1: xy[-1] * thickness, 2: xy[-1] ** 2}[axis]
    return sol.heat_out_by_side[hi] * length / area  # effective k, W/(m·K)


@pytest.mark.parametrize("axis", [0, 2])
def test_via_field_rule_against_resolved_vias(axis):
    """Filled thermal vias (0.3 mm on 1.0 mm pitch, φ ≈ 0.07) through 1.6 mm of FR-4: the
    homogenised layer (parallel in z, Maxwell–Rayleigh in-plane) is within 5 % of the
    vias meshed as equal-area copper prisms."""
    pitch, d, t, k_fr4 = 1.0e-3, 0.3e-3, 1.6e-3, 0.3
    phi = via_area_fraction(pitch, d, None)
    side = np.sqrt(phi) * pitch
    table = resolve_materials(None)
    fr4 = table["fr4"].with_overrides("fr4_iso", k=(k_fr4, k_fr4, k_fr4))
    layer = StackLayer("board", t, fr4)
    mat = layer_material(layer, "board", phi, table["copper"], "vias")
    k_rule = mat.k[axis]
    k_resolved = _resolved_cell_problem(axis, 4, pitch, side, t, k_fr4)
    assert k_rule == pytest.approx(k_resolved, rel=0.05)
    if axis == 0:
        assert k_rule == pytest.approx(maxwell_rayleigh(phi, K_CU, k_fr4))
    else:
        assert k_rule == pytest.approx(phi * K_CU + (1 - phi) * k_fr4)


def _spec_with_joints(model: str = "layers"):
    """The stack with a die on bumps on its top face and balls under its bottom face."""
    stack = dict(STACK, model=model)
    return parse_spec({"name": "stack with joints", "parts": {
        "substrate": {"kind": "substrate", "size": [6, 6], "stack": stack},
        "bumps": {"kind": "bump_array", "on": "substrate", "centered": "substrate",
                  "pitch": 0.2, "diameter": 0.1, "height": 0.08, "count": [10, 10],
                  "formed_on": "die"},
        "die": {"kind": "die", "size": [2, 2], "thickness": 0.3, "on": "bumps",
                "power": "1 W"},
        "balls": {"kind": "ball_array", "under": "substrate", "centered": "substrate",
                  "pitch": 1.0, "diameter": 0.5, "height": 0.4, "count": [5, 5]},
    }})


def test_joints_land_on_copper_pads_through_mask_openings():
    """A joint lands on the outermost copper layer through an opening in the solder mask
    (solder-mask-defined or not, the mask never lies between a joint and its pad): under
    a joint array the mask's k⊥ is φ k_joint + (1 − φ) k_mask and the pad layer's
    φ k_Cu + (1 − φ) k_layer (parallel rule, straight columns), φ = π d²/4p² the joints'
    area fraction; the series resistance of the column changes by exactly the difference
    of those layers' t/k⊥ (1e-9). Outside the arrays the layers are unchanged."""
    layout = lay_out(_spec_with_joints())
    mesh = mesh_layout(layout)
    table = resolve_materials(None)
    k_mask, k_abf = table["solder_mask"].k[2], table["abf_dielectric"].k[2]
    solder = layout.material_of("bumps").k[2]
    xc, yc, _ = mesh.grid.centres
    i = int(np.argmin(np.abs(xc - layout.parts["die"].centre[0])))
    j = int(np.argmin(np.abs(yc - layout.parts["die"].centre[1])))
    sub = mesh.part_ids.index("substrate")
    ks = np.flatnonzero(mesh.part[i, j] == sub)
    kz = mesh.conductivity()[i, j, ks, 2]
    phi_bump = np.pi * 0.1**2 / 4 / 0.2**2
    phi_ball = np.pi * 0.5**2 / 4 / 1.0**2
    assert layout.parts["bumps"].solid_footprint_area / (100 * 0.2e-3**2) == pytest.approx(
        phi_bump, rel=1e-6)

    def series(f, kd):
        return 1.0 / (f / K_CU + (1 - f) / kd)

    top_mask = phi_bump * solder + (1 - phi_bump) * k_mask
    top_pad = phi_bump * K_CU + (1 - phi_bump) * series(0.55, k_abf)
    assert kz[-1] == pytest.approx(top_mask, rel=1e-12)  # the top layer is the mask
    assert np.isclose(kz, top_pad, rtol=1e-12).any()
    # the ball array covers the column too: its pad layer L3 and the bottom mask open
    ball_solder = layout.material_of("balls").k[2]
    bottom_mask = phi_ball * ball_solder + (1 - phi_ball) * k_mask
    bottom_pad = phi_ball * K_CU + (1 - phi_ball) * series(0.7, k_abf)
    assert kz[0] == pytest.approx(bottom_mask, rel=1e-12)
    r_lands = _column_resistance(mesh, i, j)
    t_mask, t_l1, t_l3 = 0.02e-3, 0.015e-3, 0.015e-3
    bare = _exact_series(table)
    expected = (bare - t_mask / k_mask + t_mask / top_mask - t_l1 / series(0.55, k_abf)
                + t_l1 / top_pad - t_mask / k_mask + t_mask / bottom_mask
                - t_l3 / series(0.7, k_abf) + t_l3 / bottom_pad)
    assert r_lands == pytest.approx(expected, rel=1e-9)
    # the two 20 µm masks were 1.6e-4 of the column's 1.3e-3 K·m²/W: nearly all of it goes
    assert bare - r_lands > 0.9 * 2 * t_mask / k_mask
    # a corner column, outside both arrays, is the bare stack
    assert _column_resistance(mesh, 0, 0) == pytest.approx(bare, rel=1e-9)


def test_a_perimeter_array_leaves_its_empty_centre_without_lands():
    """Lands follow the joints' pitch tiles (as the homogenised joint layer does): under
    the depopulated centre of a one-row perimeter ball array the bottom mask stays bare."""
    spec = _spec_with_joints()
    balls = spec.parts["balls"].model_copy(update={"pattern": "perimeter", "rows": 1})
    spec = spec.model_copy(update={"parts": {**spec.parts, "balls": balls}})
    layout = lay_out(spec)
    mesh = mesh_layout(layout)
    k_mask = resolve_materials(None)["solder_mask"].k[2]
    sub = mesh.part_ids.index("substrate")
    xc, yc, _ = mesh.grid.centres
    kz = mesh.conductivity()[..., 2]

    def bottom_k(x, y):
        i, j = int(np.argmin(np.abs(xc - x))), int(np.argmin(np.abs(yc - y)))
        return kz[i, j, np.flatnonzero(mesh.part[i, j] == sub)[0]]

    cx, cy = layout.parts["substrate"].centre[:2]
    assert bottom_k(cx, cy) == pytest.approx(k_mask, rel=1e-12)  # no ball there
    assert bottom_k(cx - 2e-3, cy - 2e-3) > 10 * k_mask  # a corner ball's land
