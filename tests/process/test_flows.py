"""Shipped flows run, build the shipped examples and keep an honest ledger."""

from __future__ import annotations

import numpy as np
import pytest
from tests.process.conftest import FLOWS

from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.model import parse_spec, read_yaml
from chippack.process import STEPS, parse_flow, run_flow
from chippack.process.report import ledger_text, spec_yaml

BUILDS = {
    "dual_sink_fcbga": "dual_sink_fcbga",
    "bumped_sink_coreflow": "bumped_sink_flipchip",
    "bumped_sink_oven_coreflow": "bumped_sink_flipchip",
    "bumped_sink_dummy_coreflow": "bumped_sink_flipchip_dummy",
    "bumped_sink_place_reflow": "bumped_sink_flipchip",
    "two_mold_package": "two_mold_package",
    "two_mold_package_exposed": "two_mold_package_exposed",
}


#: Flows that build no shipped example on purpose (they show a process that fails a claim).
FAILING = {"bumped_sink_heavy_coreflow"}


def test_every_shipped_flow_is_covered():
    assert {p.stem for p in FLOWS.glob("*.yaml")} == set(BUILDS) | FAILING


@pytest.mark.parametrize("flow, example", sorted(BUILDS.items()))
def test_flow_builds_the_example(flow_raw, flow, example):
    result = run_flow(parse_flow(flow_raw(flow)))
    expected = lay_out(parse_spec(read_yaml(example_path(example))))
    assert set(result.layout.parts) == set(expected.parts)
    for pid, part in expected.parts.items():
        np.testing.assert_allclose(result.layout.parts[pid].solids, part.solids, atol=1e-12)
        assert result.layout.parts[pid].material == part.material


@pytest.mark.parametrize("flow", sorted(BUILDS))
def test_built_spec_round_trips_through_yaml(flow_raw, flow):
    from chippack.model.spec import load_yaml_text

    result = run_flow(parse_flow(flow_raw(flow)))
    again = lay_out(parse_spec(load_yaml_text(spec_yaml(result.mapping))))
    for pid, part in result.layout.parts.items():
        np.testing.assert_allclose(again.parts[pid].solids, part.solids, atol=1e-12)


def test_coreflow_joins_both_bump_sets_in_one_pass(flow_raw):
    ledger = run_flow(parse_flow(flow_raw("bumped_sink_coreflow"))).ledger
    first, second = ledger.joined_by("first_bumps"), ledger.joined_by("second_bumps")
    assert first is second and first.step == 9
    assert ledger.passes("die") == 2          # co-reflow + ball attach
    assert ledger.passes_per_joint() == {"first_bumps": 2, "second_bumps": 2, "balls": 1}
    assert ledger.warnings == ()              # 2 + board mount = 3: within J-STD-020


def test_separate_reflows_exceed_the_jstd_limit(flow_raw):
    ledger = run_flow(parse_flow(flow_raw("bumped_sink_place_reflow"))).ledger
    assert [p.label for p in ledger.reflows] == ["sink attach", "die attach", "ball attach"]
    assert ledger.passes("die") == 3
    assert any("die sees 4 reflow passes" in w and "J-STD-020" in w for w in ledger.warnings)


def test_reflow_records_peak_against_liquidus(flow_raw):
    ledger = run_flow(parse_flow(flow_raw("two_mold_package"))).ledger
    chip_attach, ball_attach = ledger.reflows
    assert chip_attach.air_peak_c == 220.0                       # SnPb only: 220 °C profile
    assert chip_attach.liquidus == {"conductive_bumps": 183.0}
    assert ball_attach.air_peak_c == 245.0                       # SAC305 balls: Pb-free profile
    assert set(ball_attach.melted) == {"balls", "conductive_bumps"}


def test_cures_are_recorded(flow_raw):
    ledger = run_flow(parse_flow(flow_raw("two_mold_package"))).ledger
    kinds = [(c.kind, c.parts) for c in ledger.cures]
    assert kinds == [("mold", ("first_encapsulant",)), ("mold", ("second_encapsulant",)),
                     ("post-mold cure", ("first_encapsulant", "second_encapsulant"))]
    assert ledger.cures[-1].time_s == 240 * 60
    polish = ledger.records("polish")
    assert polish and polish[0].facts["joints"] == ("conductive_bumps",)


def test_ledger_text_lists_steps_passes_and_cures(flow_raw):
    text = ledger_text(run_flow(parse_flow(flow_raw("dual_sink_fcbga"))).ledger)
    assert "die attach" in text and "ball attach" in text
    assert "passes per joint: die_bumps 2, balls 1" in text
    assert "underfill: underfill at 165 °C for 60 min" in text


def test_every_step_documents_preconditions_and_effect():
    for definition in STEPS.values():
        assert definition.requires and definition.effect


def test_molded_in_thick_then_polished_bumps_become_flat(flow_raw):
    raw = flow_raw("two_mold_package")
    raw["steps"][1]["flat_ends"] = False
    result = run_flow(parse_flow(raw))
    assert result.spec.parts["conductive_bumps"].flat_ends
    assert result.spec.parts["first_encapsulant"].polished
