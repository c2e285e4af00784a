"""Family builders: defaults reproduce the shipped examples; parameters are validated."""

from __future__ import annotations

import numpy as np
import pytest

from chippack.errors import SpecError
from chippack.examples import example_path
from chippack.families import (
    FAMILY_MAPPINGS,
    build_family,
    bumped_sink_flipchip,
    dual_sink_fcbga,
    family_parameters,
    spec_from_mapping,
    two_mold_package,
)
from chippack.layout import Layout, lay_out
from chippack.model import parse_spec, read_yaml
from chippack.model.spec import load_yaml_text


def same_boxes(a: Layout, b: Layout) -> None:
    assert set(a.parts) == set(b.parts)
    for pid in a.parts:
        assert a.parts[pid].material == b.parts[pid].material, pid
        assert a.parts[pid].solids.shape == b.parts[pid].solids.shape, pid
        np.testing.assert_allclose(a.parts[pid].solids, b.parts[pid].solids, atol=1e-12,
                                   err_msg=pid)


def example_layout(name: str) -> Layout:
    return lay_out(parse_spec(read_yaml(example_path(name))))


@pytest.mark.parametrize("builder, params, example", [
    (dual_sink_fcbga, {}, "dual_sink_fcbga"),
    (bumped_sink_flipchip, {}, "bumped_sink_flipchip"),
    (bumped_sink_flipchip, {"sink_construction": "dummy_chip"}, "bumped_sink_flipchip_dummy"),
    (two_mold_package, {}, "two_mold_package"),
    (two_mold_package, {"die_back": "exposed"}, "two_mold_package_exposed"),
])
def test_defaults_reproduce_the_shipped_example(builder, params, example):
    same_boxes(lay_out(builder(**params)), example_layout(example))


def test_spec_records_family_and_parameters():
    spec = dual_sink_fcbga(die_size=12, bottom_sink_size=10)
    assert spec.family == "dual_sink_fcbga"
    assert spec.parameters == {"die_size": 12, "bottom_sink_size": 10}


@pytest.mark.parametrize("family, params", [
    ("dual_sink_fcbga", {"die_size": 12, "bottom_sink_size": 10, "fin_count": 0}),
    ("dual_sink_fcbga", {"integral_lid": False, "underfill": False}),
    ("dual_sink_fcbga", {"substrate_size": [40, 35], "ball_pitch": "1.27 mm"}),
    ("dual_sink_fcbga", {"die_thickness": "500 um", "tim_thickness": 0.1}),
    ("bumped_sink_flipchip", {"ubm_pads": False, "sink_underfill": False, "balls": False}),
    ("bumped_sink_flipchip", {"sink_size": 10, "second_bump_count": 8}),
    ("two_mold_package", {"bump_material": "sac305", "bump_shape": "pillar"}),
    ("two_mold_package", {"die_back": "covered", "heat_sink": False}),
])
def test_variants_lay_out(family, params):
    layout = lay_out(build_family(family, params))
    assert layout.parts


def test_stiffener_follows_die_thickness_so_the_lid_stays_level():
    layout = lay_out(dual_sink_fcbga(die_thickness=0.5))
    assert layout.rests_on("lid", "stiffener") > 0
    assert layout.rests_on("lid", "tim") > 0


def test_family_document_from_yaml():
    raw = load_yaml_text("family: two_mold_package\nname: my package\n"
                         "parameters: {die_back: exposed, die_size: 6}\n")
    spec = spec_from_mapping(raw)
    assert spec.name == "my package"
    assert spec.family == "two_mold_package"
    assert "heat_sink" not in spec.parts
    lay_out(spec)


def test_a_spec_with_parts_is_not_a_family_document(example_raw):
    raw = example_raw("dual_sink_fcbga")
    raw["family"] = "dual_sink_fcbga"
    assert spec_from_mapping(raw).name == raw["name"]


@pytest.mark.parametrize("family, params, path, words", [
    ("dual_sink_fcbga", {"die_sise": 12}, "parameters.die_sise", "did you mean 'die_size'"),
    ("dual_sink_fcbga", {"bump_count": 30}, "parameters.bump_count", "does not fit"),
    ("dual_sink_fcbga", {"die_size": "ten"}, "parameters.die_size", "cannot read"),
    ("dual_sink_fcbga", {"die_size": -1}, "parameters.die_size", "must be > 0"),
    ("dual_sink_fcbga", {"stiffener_material": "aluminium"}, "parameters.stiffener_material",
     "one material"),
    ("bumped_sink_flipchip", {"sink_construction": "block"}, "parameters.sink_construction",
     "not one of"),
    ("two_mold_package", {"die_back": "exposed", "heat_sink": True}, "parameters.heat_sink",
     "cover its back"),
    ("two_mold_package", {"bump_count": 1.5}, "parameters.bump_count", "whole number"),
    ("chip_package", {}, "family", "unknown family"),
])
def test_bad_parameters_name_the_parameter(family, params, path, words):
    with pytest.raises(SpecError) as err:
        build_family(family, params)
    assert err.value.path == path
    assert words in err.value.message


def test_every_family_parameter_has_a_default():
    for family in FAMILY_MAPPINGS:
        params = family_parameters(family)
        assert params and all(v is not inspect_empty() for v in params.values())


def inspect_empty():
    import inspect

    return inspect.Parameter.empty
