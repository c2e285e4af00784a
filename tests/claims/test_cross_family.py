"""A design of one family against another seed's claims gives a sensible mixed table."""

from __future__ import annotations

import pytest
from tests.claims.conftest import FLOWS, check_flow, check_spec, example_raw, flow_raw

from chippack.claims import ClaimOptions, check_claims
from chippack.claims.report import claim_table_text, tally
from chippack.errors import ChippackError
from chippack.examples import example_paths
from chippack.layout import lay_out
from chippack.model import parse_spec, read_yaml


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_every_example_spec_gets_a_full_table(path):
    results = check_claims(lay_out(parse_spec(read_yaml(path))))
    assert len(results) == 41
    assert all(r.evidence for r in results)
    # method claims cannot be decided from a spec alone
    method = [r for r in results if r.seed == "002" or (r.seed == "001" and r.number >= 6)]
    assert {r.status for r in method} == {"not_applicable"}


@pytest.mark.parametrize("name", sorted(p.stem for p in FLOWS.glob("*.yaml")))
def test_every_flow_gets_a_full_decided_table(name):
    results = check_flow(flow_raw(name))
    assert len(results) == 41
    assert "not_applicable" not in {r.status for r in results.values()}


def test_dual_sink_against_seeds_001_and_002():
    results = check_spec(example_raw("dual_sink_fcbga"))
    assert results["001-1"].status == "not_met"
    assert "through tim" in results["001-1"].evidence
    assert results["001-2"].evidence.startswith("claim 1 is not met: ")
    assert results["002-1"].status == "not_applicable"


def test_dual_sink_flow_against_seed_002_names_where_the_bumps_were_formed():
    results = check_flow(flow_raw("dual_sink_fcbga"))
    assert "die_bumps are formed on die, not disposed on substrate" in results["002-1"].evidence


def test_bumped_sink_against_seed_000_misses_the_stiffener():
    results = check_spec(example_raw("bumped_sink_flipchip"))
    assert "no stiffener on the upper surface of substrate around die" in results["000-1"].evidence
    assert results["000-6"].evidence == (
        "claim 5 is not met: no stiffener on the upper surface of substrate around die")


def test_two_mold_flow_against_seeds_000_and_001():
    results = check_flow(flow_raw("two_mold_package"))
    assert results["000-1"].status == "not_met"
    assert "no heat sink on the back surface of die" in results["000-1"].evidence
    assert "no heat sink is attached to the upper surface of die by bumps" in (
        results["001-11"].evidence)


def test_lidded_reference_legs_count_as_a_stiffener_but_no_second_sink():
    results = check_spec(example_raw("lidded_fcbga"))
    assert "no second heat sink on the lower surface of substrate" in results["000-1"].evidence


def test_tolerances_are_options():
    from tests.claims.conftest import family_raw

    bt = lay_out(parse_spec(family_raw("dual_sink_fcbga", substrate_material="bt_laminate")))
    strict = {r.label: r for r in check_claims(bt, seeds=("000",))}
    loose = {r.label: r for r in check_claims(bt, seeds=("000",),
                                              options=ClaimOptions(cte_tolerance_ppm=2.5))}
    assert strict["000-10"].status == "not_met" and loose["000-10"].status == "met"
    assert "within 2.5 ppm/K" in loose["000-10"].evidence


def test_unknown_seed_is_a_user_error():
    layout = lay_out(parse_spec(example_raw("dual_sink_fcbga")))
    with pytest.raises(ChippackError, match="unknown seed '004'"):
        check_claims(layout, seeds=("004",))


def test_markdown_table_and_tally():
    results = check_claims(lay_out(parse_spec(example_raw("dual_sink_fcbga"))), seeds=("000",))
    text = claim_table_text(results, "title")
    assert text.count("\n| 000-") == 18
    assert tally(results) == "18 met, 0 not met, 0 not applicable"
