"""A spec paired with --flow must match the flow's product in every element a claim reads."""

from __future__ import annotations

import copy

import pytest

from chippack.errors import ChippackError
from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.model import parse_spec, read_yaml
from chippack.process import parse_flow, run_flow
from chippack.process.pairing import check_pairing, first_difference

PAIRS = [("dual_sink_fcbga", "dual_sink_fcbga"), ("bumped_sink_flipchip", "bumped_sink_coreflow"),
         ("bumped_sink_flipchip_dummy", "bumped_sink_dummy_coreflow"),
         ("bumped_sink_flipchip", "bumped_sink_place_reflow"),
         ("two_mold_package", "two_mold_package"),
         ("two_mold_package_exposed", "two_mold_package_exposed")]


def spec_layout(name: str, edit=None):
    raw = copy.deepcopy(read_yaml(example_path(name)))
    if edit:
        edit(raw)
    return lay_out(parse_spec(raw))


@pytest.mark.parametrize("spec, flow", PAIRS)
def test_each_shipped_spec_pairs_with_its_flow(spec, flow, flow_raw):
    built = run_flow(parse_flow(flow_raw(flow)))
    assert first_difference(spec_layout(spec), built.layout) is None


@pytest.mark.parametrize("edit, words", [
    (lambda r: r["parts"]["substrate"].update(contact_pads=False), "substrate.contact_pads"),
    (lambda r: r["parts"]["die"].update(wiring=False), "die.wiring"),
    (lambda r: r["parts"]["heat_sink"].update(construction="dummy_chip"),
     "heat_sink.construction"),
    (lambda r: r["parts"]["second_bumps"].update(shape="pillar"), "second_bumps.shape"),
    (lambda r: r["parts"]["second_bumps"].update(material="snpb_eutectic"),
     "second_bumps is snpb_eutectic"),
    (lambda r: r.setdefault("materials", {}).update(copper={"base": "copper", "k": 300}),
     "material copper of heat_sink has different properties"),
])
def test_a_spec_differing_in_a_claimed_element_is_refused(edit, words, flow_raw):
    built = run_flow(parse_flow(flow_raw("bumped_sink_coreflow")))
    given = spec_layout("bumped_sink_flipchip", edit)
    with pytest.raises(ChippackError) as err:
        check_pairing(given, built.layout, "bumped_sink_coreflow.yaml")
    assert words in str(err.value) and "\n" not in str(err.value)
