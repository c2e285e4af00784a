"""Process steps record what they did, not what they were asked: polishing depth,
disposing on an area, alignment offsets, cure windows, parameter types."""

from __future__ import annotations

import copy

import pytest

from chippack.errors import ChippackError, ProcessError
from chippack.process import parse_flow, run_flow


def step(raw: dict, name: str, **match) -> dict:
    return next(s for s in raw["steps"] if s["step"] == name
                and all(s.get(k) == v for k, v in match.items()))


def built(raw: dict):
    return run_flow(parse_flow(raw))


def test_polishing_to_the_bump_ends_exposes_and_flattens_them(flow_raw):
    """Default depth: the 0.05 mm cover above 0.15 mm bumps; the top ends at their ends."""
    raw = flow_raw("two_mold_package")
    step(raw, "dispose_bumps")["flat_ends"] = False
    result = built(raw)
    rec = result.ledger.record_for("polish", "first_encapsulant")
    assert rec.facts["joints"] == ("conductive_bumps",)
    assert rec.facts["depth_m"] == pytest.approx(0.05e-3)
    enc, bumps = result.layout.parts["first_encapsulant"], result.layout.parts["conductive_bumps"]
    assert enc.top == pytest.approx(bumps.top, abs=1e-12)
    assert result.spec.parts["conductive_bumps"].flat_ends


def test_shallow_polishing_leaves_the_bumps_buried(flow_raw):
    raw = flow_raw("two_mold_package")
    step(raw, "polish")["depth"] = 0.02
    step(raw, "dispose_bumps")["flat_ends"] = False
    with pytest.raises(ProcessError) as err:
        built(raw)
    assert err.value.step == "mount" and "buried under 0.03 mm" in err.value.message


def test_polishing_into_the_bumps_cuts_them_to_the_new_top(flow_raw):
    raw = flow_raw("two_mold_package")
    step(raw, "polish")["depth"] = 0.08               # 0.03 mm into the 0.15 mm bumps
    result = built(raw)
    bumps = result.spec.parts["conductive_bumps"]
    assert bumps.height == pytest.approx(0.12e-3)
    enc = result.layout.parts["first_encapsulant"]
    assert enc.top - result.layout.parts["substrate"].top == pytest.approx(0.12e-3)


def test_polishing_away_the_whole_encapsulant_is_refused(flow_raw):
    raw = flow_raw("two_mold_package")
    step(raw, "polish")["depth"] = 0.2
    with pytest.raises(ProcessError) as err:
        built(raw)
    assert err.value.field == "depth" and "leaves nothing" in err.value.message


def test_bumps_offset_out_of_the_chip_mounting_area_are_refused(flow_raw):
    """5.75 mm field in an 8 mm area: 1.125 mm of room each side."""
    raw = flow_raw("two_mold_package")
    step(raw, "dispose_bumps")["offset"] = [1.2, 0]
    with pytest.raises(ProcessError) as err:
        built(raw)
    assert err.value.field == "offset" and "reaches outside" in err.value.message
    ok = flow_raw("two_mold_package")
    step(ok, "dispose_bumps")["offset"] = [1.1, 0]
    assert built(ok).ledger.record_for("dispose_bumps", "conductive_bumps").facts["inside_area"]


def test_an_aligned_placement_records_its_offset_and_refuses_a_large_one(flow_raw):
    raw = flow_raw("bumped_sink_coreflow")
    step(raw, "place", part="heat_sink")["offset"] = [0.006, 0.008]
    rec = built(raw).ledger.record_for("place", "heat_sink")
    assert rec.facts["aligned_to"] == "ubm_pads"
    assert rec.facts["offset_m"] == pytest.approx(0.01e-3)
    far = flow_raw("bumped_sink_coreflow")
    step(far, "place", part="heat_sink")["offset"] = [0.05, 0]
    with pytest.raises(ProcessError) as err:
        built(far)
    assert err.value.field == "offset" and "tolerance 0.01 mm" in err.value.message
    loose = copy.deepcopy(far)
    step(loose, "place", part="heat_sink")["tolerance"] = 0.06
    assert built(loose).ledger.record_for("place", "heat_sink").facts["aligned_to"] == "ubm_pads"


def test_a_cure_outside_the_window_is_flagged(flow_raw):
    """Underfill window 120-180 °C, at least 5 min (library.yaml, vendor cure schedules)."""
    raw = flow_raw("bumped_sink_coreflow")
    step(raw, "cure").update(temperature=25, time=1)
    result = built(raw)
    rec = result.ledger.records("cure")[0]
    assert set(rec.facts["outside_window"]) == {"underfill", "sink_underfill"}
    assert any("outside the cure window" in w for w in result.ledger.warnings)
    good = flow_raw("bumped_sink_coreflow")
    assert built(good).ledger.records("cure")[0].facts["outside_window"] == ()


@pytest.mark.parametrize("name, selector, key, value", [
    ("bumped_sink_coreflow", {"step": "cure"}, "parts", 5),
    ("bumped_sink_coreflow", {"step": "cure"}, "parts", None),
    ("bumped_sink_coreflow", {"id": "second_bumps"}, "count", 5),
    ("bumped_sink_coreflow", {"id": "ubm_pads"}, "id", None),
    ("bumped_sink_coreflow", {"id": "ubm_pads"}, "id", [1]),
    ("bumped_sink_coreflow", {"id": "first_bumps"}, "material", None),
    ("bumped_sink_coreflow", {"part": "heat_sink"}, "offset", 5),
    ("two_mold_package", {"id": "second_encapsulant"}, "encapsulates", 5),
    ("two_mold_package", {"id": "second_encapsulant"}, "encapsulates", None),
    ("two_mold_package", {"step": "polish"}, "depth", "deep"),
    ("dual_sink_fcbga", {"sink": "lid"}, "on", 5),
    ("dual_sink_fcbga", {"sink": "bottom_sink"}, "below", [1]),
])
def test_a_wrong_type_is_one_line_naming_the_field(flow_raw, name, selector, key, value):
    raw = flow_raw(name)
    target = next(s for s in raw["steps"] if all(s.get(k) == v for k, v in selector.items()))
    target[key] = value
    with pytest.raises(ChippackError) as err:
        built(raw)
    message = str(err.value)
    assert "\n" not in message and key in message, message
