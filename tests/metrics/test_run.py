"""JEDEC runs on the shipped examples: energy balance, sanity bands, bottom sink, errors.

Sanity band (docs/physics.md §9, docs/verification.md V20): lidded FCBGA 21-29 mm, 5-13 mm dies on a
JEDEC 4-layer board in still air: θJA 12-18 °C/W, θJC 0.3-2.0 °C/W, θJB "a few °C/W".
Our 35 mm lidded reference at 20 W has a larger body (more board spreading) and hotter
surfaces (more radiation), so θJA sits below that band; the test asserts the
documented 2x window around it.
"""

import pytest

from chippack.errors import ChippackError
from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.mesh.package import MeshOptions
from chippack.metrics.environment import Environment
from chippack.metrics.run import run_environment
from chippack.metrics.variants import bottom_sink_effect, without_bottom_sink
from chippack.model import parse_spec, read_yaml

EXAMPLES = ["dual_sink_fcbga", "bumped_sink_flipchip", "bumped_sink_flipchip_dummy",
            "two_mold_package", "lidded_fcbga"]


def layout_of(name):
    return lay_out(parse_spec(read_yaml(example_path(name))))


@pytest.mark.parametrize("name", EXAMPLES)
def test_still_air_energy_balance_on_every_example(name):
    run = run_environment(layout_of(name), Environment("still-air"), film_passes=1)
    assert run.solver["energy_balance_error"] < 1e-6
    assert sum(run.heat_by_path.values()) == pytest.approx(run.power, rel=1e-6)
    assert run.metrics["tj_max_c"] >= run.metrics["tj_avg_c"] > 25.0
    # maximum principle: no unheated point is hotter than the hottest heated cell, and θ
    # and Ψ take that peak as Tj (the centre sensor of a uniformly heated JESD51-4 test
    # die; docs/physics.md §1), so ΨJT is never negative (with the source layer's mean
    # it came out negative on several lidded and lidless packages)
    assert run.metrics["t_top_c"] <= run.metrics["tj_max_c"]
    assert run.theta == pytest.approx((run.metrics["tj_max_c"] - 25.0) / run.power, rel=1e-12)
    assert run.metrics["psi_jt"] >= 0.0


def test_lidded_reference_in_sanity_band():
    layout = layout_of("lidded_fcbga")
    ja = run_environment(layout, Environment("still-air"), power=5.0)
    jc = run_environment(layout, Environment("cold-plate-top"), power=5.0)
    jb = run_environment(layout, Environment("ring-cold-plate"), power=5.0)
    assert 6.0 < ja.theta < 36.0
    assert 0.15 < jc.theta < 4.0
    assert 1.0 < jb.theta < 10.0
    assert jc.theta < jb.theta < ja.theta
    for run in (ja, jc, jb):
        assert run.solver["energy_balance_error"] < 1e-6


def test_cold_plate_takes_all_heat_through_the_top():
    run = run_environment(layout_of("dual_sink_fcbga"), Environment("cold-plate-top"))
    assert run.heat_by_path["top"] == pytest.approx(run.power, rel=1e-9)
    assert run.metrics["t_top_c"] == pytest.approx(25.0, abs=0.5)


def test_ring_cold_plate_takes_all_heat_through_the_board():
    run = run_environment(layout_of("dual_sink_fcbga"), Environment("ring-cold-plate"))
    assert run.heat_by_path["board"] == pytest.approx(run.power, rel=1e-9)
    assert run.metrics["t_board_c"] > 25.0


def test_bottom_sink_lowers_theta_ja():
    """Seed 000: the second heat sink under the substrate gives the die a path downward."""
    layout = layout_of("dual_sink_fcbga")
    bare = lay_out(without_bottom_sink(layout))
    assert "bottom_sink" not in bare.parts
    assert len(bare.parts["balls"].solids) == len(layout.parts["balls"].solids)
    effect = bottom_sink_effect(layout, Environment("still-air"))
    assert effect["sink_heat_w"] > 0
    assert effect["theta_with"] < effect["theta_without"]
    assert effect["energy_balance_error"] < 1e-6


def test_designs_without_bottom_sink_report_none():
    assert bottom_sink_effect(layout_of("lidded_fcbga"), Environment("still-air")) is None


def test_no_path_to_ambient_names_the_parts():
    """A board entirely inside the JESD51-8 clearance: the ring clamps nothing."""
    raw = read_yaml(example_path("two_mold_package"))
    raw["parts"]["pcb"] = {"kind": "board", "size": [14, 14], "jedec": "2s2p", "under": "balls"}
    with pytest.raises(ChippackError, match="no path to ambient: .*die"):
        run_environment(lay_out(parse_spec(raw)), Environment("ring-cold-plate"))


def test_package_without_balls_needs_no_board_for_cold_plate_only():
    raw = read_yaml(example_path("bumped_sink_flipchip"))
    raw["parts"].pop("balls")
    layout = lay_out(parse_spec(raw))
    with pytest.raises(ChippackError, match="needs solder balls"):
        run_environment(layout, Environment("still-air"))
    run = run_environment(layout, Environment("cold-plate-top"))
    assert run.solver["energy_balance_error"] < 1e-6


def test_grid_convergence_seed_000():
    """Refining every cell cap by 1.5x changes θJA (and Tj rise) of the seed-000 example
    by < 1 % (film coefficient held fixed so only the mesh changes)."""
    layout = layout_of("dual_sink_fcbga")
    coarse = run_environment(layout, Environment("still-air"), film_passes=1)
    fine = run_environment(layout, Environment("still-air"), film_passes=1,
                           mesh_options=MeshOptions(refine=1.5))
    # (the board's layer faces are fixed planes, so the count grows a little less than 1.5²)
    assert fine.mesh_stats["cells"] > 1.7 * coarse.mesh_stats["cells"]
    rise_c = coarse.metrics["tj_avg_c"] - 25.0
    rise_f = fine.metrics["tj_avg_c"] - 25.0
    assert abs(rise_c - rise_f) / rise_f < 0.01


def _one_d_stack(interfaces):
    return {"name": "1D stack", "interfaces": interfaces, "parts": {
        "die": {"kind": "die", "size": [10, 10], "thickness": 0.5, "power": "10 W"},
        "tim": {"kind": "tim", "on": "die", "thickness": 0.05},
        "sink": {"kind": "heat_sink", "on": "tim", "size": [10, 10], "thickness": 1.0},
    }}


def test_interface_resistance_exact_in_one_dimension():
    """Physics reference §4.1: R = Σ t/(kA) + Σ R″/A. In a 1D stack (equal footprints,
    cold plate on top, other faces adiabatic) an interface R″ = 10 mm²·K/W on a
    10 × 10 mm face adds exactly 0.1 K/W; cell-centred FV is exact in 1D."""
    stack = lay_out(parse_spec(_one_d_stack([])))
    base = run_environment(stack, Environment("cold-plate-top"))
    raw = _one_d_stack([{"between": ["tim", "die"], "resistance": "10 mm^2*K/W"}])
    with_r = run_environment(lay_out(parse_spec(raw)), Environment("cold-plate-top"))
    assert with_r.theta - base.theta == pytest.approx(0.1, rel=1e-9)
    # and the whole stack: Tj averaged over the 20 µm source layer at the die's bottom
    src = 20e-6
    expected = ((0.5e-3 - src / 2) / 148 + 0.05e-3 / 3.0 + 1e-3 / 390) / 1e-4
    assert base.theta == pytest.approx(expected, rel=1e-9)


def test_interface_resistance_in_a_real_package_is_bounded_by_1d():
    """In the lidded FCBGA some heat bypasses the TIM through the substrate and the lid's
    legs, so the added θJC is a little below the 1D value R″/A = 0.1 K/W."""
    raw = read_yaml(example_path("lidded_fcbga"))
    base = run_environment(lay_out(parse_spec(raw)), Environment("cold-plate-top"))
    raw["interfaces"] = [{"between": ["tim", "die"], "resistance": "10 mm^2*K/W"}]
    with_r = run_environment(lay_out(parse_spec(raw)), Environment("cold-plate-top"))
    assert 0.085 < with_r.theta - base.theta < 0.1
    assert with_r.solver["energy_balance_error"] < 1e-6


def test_interface_between_parts_that_do_not_touch():
    from chippack.errors import LayoutError

    raw = read_yaml(example_path("lidded_fcbga"))
    raw["interfaces"] = [{"between": ["die", "balls"], "resistance": 5}]
    with pytest.raises(LayoutError, match="do not touch"):
        lay_out(parse_spec(raw))
