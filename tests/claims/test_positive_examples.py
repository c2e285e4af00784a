"""The fullest example of each family meets every claim of its seed (alternatives aside)."""

from __future__ import annotations

import pytest
from tests.claims.conftest import check_flow, check_spec, example_raw, flow_raw

from chippack.claims import check_claims
from chippack.families import dual_sink_fcbga
from chippack.layout import lay_out


def statuses(results: dict, seed: str) -> dict[int, str]:
    return {r.number: r.status for r in results.values() if r.seed == seed}


def test_dual_sink_example_meets_all_18_claims_of_seed_000():
    results = check_spec(example_raw("dual_sink_fcbga"), seeds=("000",))
    assert len(results) == 18
    assert all(r.status == "met" for r in results.values()), [
        (r.label, r.evidence) for r in results.values() if r.status != "met"]


def test_dual_sink_flow_meets_all_18_claims_of_seed_000():
    results = check_flow(flow_raw("dual_sink_fcbga"), seeds=("000",))
    assert {r.status for r in results.values()} == {"met"}


def test_family_builder_default_meets_seed_000():
    results = check_claims(lay_out(dual_sink_fcbga()), seeds=("000",))
    assert {r.status for r in results} == {"met"}


@pytest.mark.parametrize("flow, alternatives", [
    ("bumped_sink_coreflow", {3, 10, 15}),          # copper sink: not the dummy-chip claims
    ("bumped_sink_dummy_coreflow", {2, 9, 14}),     # dummy chip: not the metal claims
])
def test_bumped_sink_coreflows_meet_seed_001(flow, alternatives):
    results = check_flow(flow_raw(flow), seeds=("001",))
    got = statuses(results, "001")
    assert len(got) == 15
    assert {n for n, s in got.items() if s != "met"} == alternatives
    for n in alternatives:
        assert got[n] == "not_met"


def test_place_then_reflow_flow_meets_claims_6_to_10_not_11():
    got = statuses(check_flow(flow_raw("bumped_sink_place_reflow"), seeds=("001",)), "001")
    assert {n for n, s in got.items() if s == "met"} == {1, 2, 4, 5, 6, 7, 8, 9}
    assert all(got[n] == "not_met" for n in (11, 12, 13, 14, 15))


@pytest.mark.parametrize("flow, alternatives", [
    ("two_mold_package", {7}),                       # die back covered, sink embedded
    ("two_mold_package_exposed", {6, 8}),            # die back exposed, no sink
])
def test_two_mold_flows_meet_seed_002(flow, alternatives):
    got = statuses(check_flow(flow_raw(flow), seeds=("002",)), "002")
    assert len(got) == 8
    assert {n for n, s in got.items() if s != "met"} == alternatives


def test_every_one_of_the_41_claims_is_met_by_a_shipped_example():
    met = set()
    met |= {k for k, r in check_spec(example_raw("dual_sink_fcbga")).items() if r.status == "met"}
    for flow in ("bumped_sink_coreflow", "bumped_sink_dummy_coreflow", "two_mold_package",
                 "two_mold_package_exposed"):
        met |= {k for k, r in check_flow(flow_raw(flow)).items() if r.status == "met"}
    expected = ({f"000-{n}" for n in range(1, 19)} | {f"001-{n}" for n in range(1, 16)}
                | {f"002-{n}" for n in range(1, 9)})
    assert met == expected


def test_structural_claims_on_a_spec_and_method_claims_need_the_flow():
    results = check_spec(example_raw("bumped_sink_flipchip"), seeds=("001",))
    got = statuses(results, "001")
    assert {n for n, s in got.items() if s == "met"} == {1, 2, 4, 5}
    assert all(got[n] == "not_applicable" for n in range(6, 16))
    assert "process flow" in results["001-6"].evidence


def test_evidence_names_parts_contacts_and_steps():
    results = check_flow(flow_raw("bumped_sink_coreflow"), seeds=("001",))
    assert "one reflow at 245 °C joins first_bumps and second_bumps" in results["001-11"].evidence
    results = check_spec(example_raw("dual_sink_fcbga"), seeds=("000",))
    assert "lid on the back of die through tim and on stiffener" in results["000-1"].evidence
    assert "abf_laminate, 17 ppm/K" in results["000-10"].evidence
