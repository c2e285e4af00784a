"""Joint-layer homogenisation against docs/verification.md V17 and a resolved-bump model."""

import numpy as np
import pytest

from chippack.layout import lay_out
from chippack.mesh.homogenize import joint_layer_conductivity
from chippack.mesh.package import MeshOptions, mesh_layout
from chippack.model import parse_spec
from chippack.thermal.problem import ConductionProblem, SideCondition
from chippack.thermal.steady import solve_steady


def test_v17_mixing_rules():
    """V17: φ = 0.2, k_b = 58, k_m = 0.5 → k_z = 12.0, k_xy = 0.745 (series bound 0.624)."""
    k_xy, k_z = joint_layer_conductivity(0.2, 58.0, 0.5)
    assert k_z == pytest.approx(12.0, abs=1e-9)
    assert k_xy == pytest.approx(0.745, abs=5e-4)
    series = 1 / (0.2 / 58 + 0.8 / 0.5)
    assert series == pytest.approx(0.624, abs=5e-4)
    assert series < k_xy < k_z


def bump_layer_spec(model: str, plate: str = "copper") -> dict:
    return {"name": "bump layer", "materials": {
        "ideal": {"base": "copper", "k": "1e6 W/m/K"}}, "parts": {
        "bottom": {"kind": "substrate", "size": [4, 4], "thickness": 0.2, "material": plate},
        "bumps": {"kind": "bump_array", "on": "bottom", "pitch": 0.4, "diameter": 0.25,
                  "height": 0.1, "count": [10, 10], "thermal_model": model},
        "top": {"kind": "die", "size": [4, 4], "thickness": 0.2, "material": plate,
                "on": "bumps"},
        "fill": {"kind": "underfill", "between": ["bottom", "top"]},
    }}


def layer_resistance(model: str, plate: str) -> float:
    """K/W across the joint layer between two plates held at 1 and 0 °C."""
    layout = lay_out(parse_spec(bump_layer_spec(model, plate)))
    mesh = mesh_layout(layout, MeshOptions(max_cell=(0.1e-3, 0.1e-3, 0.05e-3)))
    nx, ny, _ = mesh.shape
    problem = ConductionProblem(
        grid=mesh.grid, k=mesh.conductivity(), solid=mesh.conducting,
        sides={"zmin": SideCondition(h=np.full((nx, ny), np.inf), t=0.0),
               "zmax": SideCondition(h=np.full((nx, ny), np.inf), t=1.0)},
    )
    sol = solve_steady(problem)
    return 1.0 / sol.heat_out_by_side["zmin"]


def test_resolved_bumps_match_homogenized_kz_within_5_percent():
    """Physics reference §7.1: the parallel rule is exact for straight columns between
    isothermal faces. Between near-ideal plates the resolved layer agrees within 5 %; the
    hand value is 0.1 mm / (58 · 4.909 mm² + 0.55 · 11.09 mm²) = 0.3439 K/W."""
    r_res = layer_resistance("resolved", "ideal")
    r_hom = layer_resistance("homogenized", "ideal")
    assert r_hom == pytest.approx(r_res, rel=0.05)
    bumps = 100 * np.pi * 0.125**2 * 1e-6
    exact = 1e-4 / (58 * bumps + 0.55 * (16e-6 - bumps))
    assert r_hom == pytest.approx(exact, rel=0.01)


def test_resolved_bumps_see_constriction_in_real_plates():
    """With 0.2 mm copper plates heat crowds into each bump (constriction resistance,
    docs/physics.md §7 on lumping): the resolved model is more resistive than the
    homogenised block, which assumes isothermal faces. Estimated constriction for 100
    bumps of 0.11 mm radius in copper, both plates: ≈ 0.035 K/W (Yovanovich ψ ≈ 0.3)."""
    extra = layer_resistance("resolved", "copper") - layer_resistance("homogenized", "copper")
    assert 0.02 < extra < 0.06
