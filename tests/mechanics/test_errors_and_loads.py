"""Bad input is one clear error; stress-free temperatures follow the process rules."""

from __future__ import annotations

import numpy as np
import pytest

from chippack.design import load_layout
from chippack.examples import example_path
from chippack.materials import builtin_materials
from chippack.mechanics.assembly import (
    FloatingPartError,
    assemble,
    check_connected,
    solid_elements,
)
from chippack.mechanics.elastic import MissingMechanicalData, elastic_at, thermal_strain
from chippack.mechanics.loads import stress_free_temperatures
from chippack.mechanics.solve import ConvergenceError, solve
from chippack.mechanics.study import mechanics_mesh_options
from chippack.mesh.package import mesh_layout

from .conftest import plate_layout


def _plate_elements(layers, size_mm=4.0):
    layout = plate_layout(layers, size_mm=size_mm)
    return layout, solid_elements(mesh_layout(layout, mechanics_mesh_options(layout)))


def test_floating_part_is_named():
    """A part that shares no node with the rest cannot be held: error naming it."""
    layout, el = _plate_elements([(0.5, 1e11, 0.3, 1e-5), (0.5, 1e11, 0.3, 1e-5)])
    mesh = el.mesh
    # cut the upper layer loose: drop the lowest row of its cells (a gap in between)
    part = mesh.part.copy()
    upper = mesh.part_ids.index("layer1")
    k = np.flatnonzero((part == upper).any(axis=(0, 1)))[0]
    part[:, :, k] = -1
    loose = type(mesh)(mesh.layout, mesh.grid, part, mesh.part_ids, mesh.material,
                       mesh.materials, mesh.region, mesh.options)
    with pytest.raises(FloatingPartError, match="layer1"):
        check_connected(solid_elements(loose))


def test_missing_mechanical_data_names_material_and_property():
    air_like = builtin_materials()["air"]
    with pytest.raises(MissingMechanicalData, match=r"materials\.air\.youngs_modulus"):
        elastic_at(air_like, 25.0, 100.0)


def test_nan_temperature_is_an_error():
    layout, el = _plate_elements([(0.5, 1e11, 0.3, 1e-5), (0.5, 1e11, 0.3, 1e-5)])
    sf = stress_free_temperatures(layout, override=0.0)
    t = np.full(len(el.cell), 50.0)
    t[0] = np.nan
    with pytest.raises(Exception, match="NaN"):
        assemble(el, t, sf)


def test_non_convergence_is_an_error():
    layout, el = _plate_elements([(0.5, 1e11, 0.3, 1e-5), (0.5, 1e11, 0.3, 2e-5)], 20.0)
    system = assemble(el, 100.0, stress_free_temperatures(layout, override=0.0))
    with pytest.raises(ConvergenceError, match="did not converge"):
        solve(system, maxiter=2)


def test_cte_integrates_across_tg():
    """Polymer thermal strain: α1 below Tg, α2 above (underfill 30 / 100 ppm/K, Tg 130)."""
    uf = builtin_materials()["underfill"]
    strain = thermal_strain(uf, 165.0, np.array([25.0]))[0, 0]
    assert strain == pytest.approx(30e-6 * (25 - 130) + 100e-6 * (130 - 165))


def test_stress_free_rules_on_seed_examples():
    """Polymers at their cure, solder at its solidus, rigid parts at the bond that joins them;
    balls before board mount join nothing (seed 002's substrate is set by its 183 °C bumps)."""
    sf = stress_free_temperatures(load_layout(example_path("two_mold_package")))
    t = sf.temperature
    assert t["first_encapsulant"] == 175.0 and t["balls"] == 217.0
    assert t["conductive_bumps"] == 183.0
    assert t["die"] == t["substrate"] == 183.0
    sf0 = stress_free_temperatures(load_layout(example_path("dual_sink_fcbga")))
    # the lid is one piece with the stiffener: one body, one temperature
    assert sf0.temperature["lid"] == sf0.temperature["stiffener"]
    assert sf0.temperature["tim"] == 25.0  # grease: no cure, bonds nothing
    assert set(stress_free_temperatures(load_layout(example_path("dual_sink_fcbga")),
                                        override=100.0).temperature.values()) == {100.0}


def test_stress_free_from_flow_ledger():
    """With a process flow, polymer parts take the cure temperature its ledger records."""
    from chippack.design import load_design

    flow = example_path("two_mold_package").parent / "flows" / "two_mold_package.yaml"
    design = load_design(example_path("two_mold_package"), flow)
    sf = stress_free_temperatures(design.layout, design.ledger)
    cures = {p: c.temperature_c for c in design.ledger.cures for p in c.parts}
    assert sf.origin["first_encapsulant"] == "ledger cure"
    assert sf.temperature["first_encapsulant"] == cures["first_encapsulant"]
