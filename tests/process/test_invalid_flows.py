"""Invalid flows stop with an error naming the step and what is missing."""

from __future__ import annotations

import pytest

from chippack.errors import ChippackError, ProcessError, SpecError
from chippack.process import parse_flow, run_flow


def fails(raw: dict) -> ProcessError:
    with pytest.raises(ProcessError) as err:
        run_flow(parse_flow(raw))
    return err.value


def step_index(raw: dict, name: str, nth: int = 0) -> int:
    hits = [i for i, s in enumerate(raw["steps"]) if s["step"] == name]
    return hits[nth]


def test_polishing_before_molding(flow_raw):
    raw = flow_raw("two_mold_package")
    polish = raw["steps"].pop(step_index(raw, "polish"))
    raw["steps"].insert(2, polish)                       # before the first mold
    err = fails(raw)
    assert (err.index, err.step) == (3, "polish")
    assert "no encapsulant has been molded yet" in err.message


def test_mounting_on_an_unpolished_encapsulant_whose_bumps_are_buried(flow_raw):
    raw = flow_raw("two_mold_package")
    del raw["steps"][step_index(raw, "polish")]
    err = fails(raw)
    assert err.step == "mount" and err.index == 5
    assert "buried under 0.05 mm of first_encapsulant" in err.message
    assert "polish" in err.message


def test_mounting_on_bumps_whose_ends_are_not_flat(flow_raw):
    raw = flow_raw("two_mold_package")
    del raw["steps"][step_index(raw, "polish")]
    raw["steps"][1]["flat_ends"] = False
    raw["steps"][2]["cover"] = 0
    err = fails(raw)
    assert err.step == "mount"
    assert "not flat" in err.message


def test_aligning_second_bumps_on_a_die_without_ubm_pads(flow_raw):
    raw = flow_raw("bumped_sink_coreflow")
    del raw["steps"][step_index(raw, "form_ubm_pads")]
    err = fails(raw)
    assert err.step == "place" and err.field == "align"
    assert "die has no UBM pads" in err.message and "form_ubm_pads" in err.message


def test_ubm_pads_of_another_pattern(flow_raw):
    raw = flow_raw("bumped_sink_coreflow")
    raw["steps"][step_index(raw, "form_ubm_pads")]["count"] = [8, 8]
    err = fails(raw)
    assert err.step == "place"
    assert "does not match the UBM pads ubm_pads" in err.message


def test_bumps_on_a_bare_die_back(flow_raw):
    raw = flow_raw("bumped_sink_coreflow")
    del raw["steps"][step_index(raw, "form_ubm_pads")]
    raw["steps"].insert(3, {"step": "dispose_bumps", "id": "back_bumps", "on": "die",
                            "face": "back", "pitch": 0.8, "diameter": 0.4, "height": 0.15,
                            "count": [9, 9]})
    err = fails(raw)
    assert (err.index, err.step, err.field) == (4, "dispose_bumps", "face")
    assert "no UBM pads" in err.message


def test_reflow_peak_below_liquidus(flow_raw):
    raw = flow_raw("bumped_sink_coreflow")
    raw["steps"][step_index(raw, "reflow")]["peak"] = 200
    err = fails(raw)
    assert (err.index, err.step, err.field) == (9, "reflow", "peak")
    assert "does not melt first_bumps (sac305, liquidus 218 °C)" in err.message


def test_underfill_before_reflow(flow_raw):
    raw = flow_raw("dual_sink_fcbga")
    del raw["steps"][step_index(raw, "reflow")]
    err = fails(raw)
    assert err.step == "dispense_underfill"
    assert "not yet reflowed" in err.message


def test_curing_nothing(flow_raw):
    raw = flow_raw("two_mold_package_exposed")
    raw["steps"].insert(1, {"step": "cure"})
    err = fails(raw)
    assert (err.index, err.step) == (2, "cure")
    assert "nothing to cure" in err.message


def test_placing_a_chip_without_bumps(flow_raw):
    raw = flow_raw("dual_sink_fcbga")
    del raw["steps"][step_index(raw, "dispose_bumps")]
    err = fails(raw)
    assert err.step == "place"
    assert "neither die's lower face nor substrate's upper face carries bumps" in err.message


def test_placing_on_a_substrate_not_provided(flow_raw):
    raw = flow_raw("bumped_sink_place_reflow")
    del raw["steps"][step_index(raw, "provide_substrate")]
    err = fails(raw)
    assert err.step == "place" and err.field == "on"
    assert "'substrate' does not exist" in err.message and "provide_substrate" in err.message


def test_unknown_step_suggests_the_nearest(flow_raw):
    raw = flow_raw("two_mold_package")
    raw["steps"][3]["step"] = "polsh"
    err = fails(raw)
    assert (err.index, err.step) == (4, "polsh")
    assert "did you mean 'polish'" in err.message


def test_unknown_parameter(flow_raw):
    raw = flow_raw("two_mold_package")
    raw["steps"][6]["peek"] = 240
    err = fails(raw)
    assert (err.index, err.step, err.field) == (7, "reflow", "peek")
    assert "did you mean 'peak'" in err.message


def test_duplicate_part_id(flow_raw):
    raw = flow_raw("two_mold_package")
    raw["steps"][4]["id"] = "substrate"
    err = fails(raw)
    assert (err.index, err.step, err.field) == (5, "provide_chip", "id")
    assert "already exists" in err.message


def test_bad_part_field_names_the_step_parameter(flow_raw):
    raw = flow_raw("two_mold_package")
    raw["steps"][0]["thickness"] = -0.5
    err = fails(raw)
    assert (err.index, err.step, err.field) == (1, "provide_substrate", "thickness")
    assert "must be > 0 mm" in err.message


def test_placed_joints_never_reflowed(flow_raw):
    raw = flow_raw("bumped_sink_coreflow")
    raw["steps"] = raw["steps"][:8]                      # stop after placing the sink
    err = fails(raw)
    assert (err.index, err.step) == (7, "place")
    assert "never reflowed" in err.message


def test_underfill_never_cured(flow_raw):
    raw = flow_raw("dual_sink_fcbga")
    del raw["steps"][step_index(raw, "cure")]
    err = fails(raw)
    assert err.step == "dispense_underfill" and "never cured" in err.message


def test_sink_provided_but_never_attached(flow_raw):
    raw = flow_raw("dual_sink_fcbga")
    del raw["steps"][step_index(raw, "attach_heat_sink", 1)]
    raw["steps"][-1].pop("keepout")
    raw["steps"][-1].pop("around")
    raw["steps"][-1]["pattern"] = "full"
    err = fails(raw)
    assert err.step == "provide_heat_sink"
    assert "bottom_sink is provided here but never placed" in err.message


def test_bumped_sink_cannot_be_attached_with_tim(flow_raw):
    raw = flow_raw("bumped_sink_coreflow")
    i = step_index(raw, "place", 1)
    raw["steps"][i] = {"step": "attach_heat_sink", "sink": "heat_sink", "on": "die"}
    err = fails(raw)
    assert err.step == "attach_heat_sink" and "use place" in err.message


def test_mold_over_a_chip_mounting_area_the_substrate_lacks(flow_raw):
    raw = flow_raw("two_mold_package")
    del raw["steps"][0]["chip_mounting_area"]
    del raw["steps"][1]["area"]
    err = fails(raw)
    assert (err.step, err.field) == ("mold", "over")
    assert "has no chip_mounting_area" in err.message


def test_layout_fault_is_blamed_on_the_step_that_made_the_part(flow_raw):
    raw = flow_raw("dual_sink_fcbga")
    raw["steps"][step_index(raw, "provide_heat_sink")]["stiffener"]["thickness"] = 1.2
    err = fails(raw)
    assert err.step == "attach_heat_sink"
    assert "lid" in err.message and "not level" in err.message


def test_flow_shape_errors():
    with pytest.raises(SpecError, match="non-empty list of steps"):
        parse_flow({"name": "x", "steps": []})
    with pytest.raises(ProcessError, match="step 1"):
        parse_flow({"name": "x", "steps": ["provide_substrate"]})
    with pytest.raises(ChippackError, match="unknown field"):
        parse_flow({"name": "x", "stepz": []})
