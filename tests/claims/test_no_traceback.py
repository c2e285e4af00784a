"""No input reaches a traceback: a design either gets its claim table or one error line.

Every parameter of every step of the shipped flows, and every field of every part of
the shipped specs, is replaced by values of the wrong type; the check must finish or
raise a one-line :class:`ChippackError`. The default run covers one flow and one spec
with one value; the full sweep is ``-m slow``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chippack.claims import check_claims
from chippack.cli import app
from chippack.errors import ChippackError
from chippack.examples import example_path
from chippack.families import spec_from_mapping
from chippack.layout import lay_out
from chippack.model import read_yaml
from chippack.process import parse_flow, run_flow

FLOWS = Path(__file__).resolve().parents[2] / "src" / "chippack" / "examples" / "flows"
SPECS = ("dual_sink_fcbga", "bumped_sink_flipchip", "bumped_sink_flipchip_dummy",
         "two_mold_package", "two_mold_package_exposed", "lidded_fcbga")
EXTRA_STEP_KEYS = ("offset", "depth", "tolerance", "area", "align", "face", "temperature",
                   "time", "peak", "parts", "between")
EXTRA_PART_KEYS = ("material", "wiring", "central_area", "chip_mounting_area", "offset")


def flow_cases(names, values):
    for name in names:
        raw = read_yaml(FLOWS / f"{name}.yaml")
        for i, st in enumerate(raw["steps"]):
            for key in [k for k in st if k != "step"] + list(EXTRA_STEP_KEYS):
                for value in values:
                    yield name, i, key, value


def spec_cases(names, values):
    for name in names:
        raw = read_yaml(example_path(name))
        for pid, part in raw["parts"].items():
            for key in [k for k in part if k != "kind"] + list(EXTRA_PART_KEYS):
                for value in values:
                    yield name, pid, key, value


def check_flow(name, i, key, value):
    raw = copy.deepcopy(read_yaml(FLOWS / f"{name}.yaml"))
    raw["steps"][i][key] = value
    try:
        built = run_flow(parse_flow(raw))
        check_claims(built.layout, built.ledger)
    except ChippackError as err:
        assert "\n" not in str(err)


def check_spec(name, pid, key, value):
    raw = copy.deepcopy(read_yaml(example_path(name)))
    raw["parts"][pid][key] = value
    try:
        check_claims(lay_out(spec_from_mapping(raw)))
    except ChippackError as err:
        assert "\n" not in str(err)


def test_wrong_types_in_a_flow_and_a_spec():
    for case in flow_cases(["bumped_sink_coreflow"], [5]):
        check_flow(*case)
    for case in spec_cases(["dual_sink_fcbga"], [None]):
        check_spec(*case)


@pytest.mark.slow
def test_wrong_types_everywhere():
    values = [None, 5, "x", [1], {"a": 1}, True, [1, 2, 3]]
    for case in flow_cases([p.stem for p in sorted(FLOWS.glob("*.yaml"))], values):
        check_flow(*case)
    for case in spec_cases(SPECS, values):
        check_spec(*case)


def test_cli_exits_2_with_one_line_naming_the_field(tmp_path):
    raw = copy.deepcopy(read_yaml(example_path("dual_sink_fcbga")))
    raw["parts"]["lid"]["material"] = None
    del raw["parts"]["lid"]["integral_with"]
    path = tmp_path / "null_material.yaml"
    import yaml
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    result = CliRunner().invoke(app, ["claims", str(path)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "parts.lid.material" in lines[0], result.output
