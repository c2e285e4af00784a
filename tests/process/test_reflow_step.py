"""The reflow step simulates what is in the oven; the ledger keeps the simulated facts.

References: J-STD-020D Table 5-2 (60-150 s above the 217 °C Pb-free liquidus); the
co-reflow claim of seed 001 (both bump sets joined in one pass)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from chippack.claims import check_claims
from chippack.mesh.package import MeshOptions
from chippack.process import parse_flow, read_flow, run_flow
from chippack.process.oven import PROCESS_MESH, oven_layout
from chippack.reflow import jstd020_profile, simulate_reflow

FLOWS = Path(__file__).resolve().parents[2] / "src" / "chippack" / "examples" / "flows"


def claim(flow, label="001-11"):
    results = {r.label: r for r in check_claims(flow.layout, flow.ledger, ("001",))}
    return results[label]


def coreflow_on(profile_step: dict) -> dict:
    raw = read_flow(FLOWS / "bumped_sink_coreflow.yaml")
    steps = [dict(c.params, step=c.name) for c in raw.steps]
    for s in steps:
        if s["step"] == "reflow":
            for key in ("peak", "time_above_liquidus"):
                s.pop(key, None)
            s.update(profile_step)
    return {"name": raw.name, "steps": steps}


def test_coreflow_on_jstd020_melts_both_bump_sets():
    """Acceptance: the shipped co-reflow on the package's J-STD-020 classification profile
    brings both bump sets above 217 °C for 60-150 s in the same pass."""
    built = run_flow(parse_flow(coreflow_on({"profile": "jstd020"})))
    co = built.ledger.reflows[0]
    assert set(co.joined) == {"first_bumps", "second_bumps"}
    for j in ("first_bumps", "second_bumps"):
        sim = co.simulated[j]
        assert sim["peak_min_c"] > 217.0
        assert 60.0 <= sim["time_above_liquidus_s"] <= 150.0
    assert claim(built).status == "met"


def test_shipped_oven_flow_joins_both_in_one_pass():
    built = run_flow(read_flow(FLOWS / "bumped_sink_oven_coreflow.yaml"))
    co = built.ledger.reflows[0]
    assert co.oven == "convection_8zone"
    # 4 distinct zone h; per h one LU for the backward-Euler start of BDF2 (after each
    # zone change) and one for the BDF2 steps, counted by the solvers' own counters
    assert co.solver["hierarchy_builds"] == 8
    assert not co.short
    r = claim(built)
    assert r.status == "met" and "simulated" in r.evidence


def test_heavy_sink_fails_claim_11_and_says_why():
    built = run_flow(read_flow(FLOWS / "bumped_sink_heavy_coreflow.yaml"))
    co = built.ledger.reflows[0]
    assert "second_bumps" in co.short and not co.joined
    r = claim(built)
    assert r.status != "met", r.evidence
    assert "second_bumps peaks at" in r.evidence and "below its liquidus 218 °C" in r.evidence
    assert any("it is not joined" in w for w in built.ledger.warnings)


def test_short_tal_names_the_joint_and_the_shortfall():
    """A profile that melts the bumps for less than the step's minimum names the seconds."""
    raw = coreflow_on({"peak": 245, "time_above_liquidus": 90, "min_time_above_liquidus": 120})
    built = run_flow(parse_flow(raw))
    short = built.ledger.reflows[0].short
    assert "s short of 120 s" in short["second_bumps"]
    assert "s short of 120 s" in claim(built).evidence


@pytest.mark.slow
def test_process_mesh_is_fine_enough():
    """The coarse process mesh and 2 s steps against the default mesh with 0.5 s steps:
    the coldest joint's time above liquidus within 1 s, its peak within 0.5 K."""
    flow = read_flow(FLOWS / "bumped_sink_coreflow.yaml")
    built = run_flow(flow)
    load = oven_layout(copy.deepcopy(built.mapping["parts"]),
                       set(built.ledger.reflows[0].parts), "oven", {})
    prof = jstd020_profile(245.0, tal_s=90.0, liquidus_c=218.0)
    coarse = simulate_reflow(load, prof, 250.0, mesh_options=PROCESS_MESH, dt=2.0)
    fine = simulate_reflow(load, prof, 250.0, mesh_options=MeshOptions(arrays="homogenized"),
                           dt=0.5)
    for j in ("first_bumps", "second_bumps"):
        assert coarse.joints[j].time_above_liquidus_s == pytest.approx(
            fine.joints[j].time_above_liquidus_s, abs=1.0)
        assert coarse.joints[j].peak_min_c == pytest.approx(fine.joints[j].peak_min_c, abs=0.5)
