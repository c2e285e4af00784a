"""Malformed specs: each gives one clear error naming the field and the value, exit 2, no traceback."""

from __future__ import annotations

import copy

import pytest
import yaml
from typer.testing import CliRunner

from chippack.cli import app
from chippack.examples import example_path
from chippack.model import read_yaml

runner = CliRunner()


def dual() -> dict:
    return copy.deepcopy(read_yaml(example_path("dual_sink_fcbga")))


def mutate(**changes):
    """Apply ``part__field=value`` changes (value None deletes) to the dual-sink example."""

    def build() -> dict:
        raw = dual()
        for key, value in changes.items():
            pid, field = key.split("__")
            if value is None:
                raw["parts"][pid].pop(field, None)
            else:
                raw["parts"][pid][field] = value
        return raw

    return build


def with_raw(fn):
    def build() -> dict:
        raw = dual()
        fn(raw)
        return raw

    return build


def drop_part(pid):
    return with_raw(lambda r: r["parts"].pop(pid))


# (case id, spec builder or raw YAML text, expected substrings of the one-line message)
CASES = [
    ("negative thickness", mutate(substrate__thickness=-1.2), ["parts.substrate.thickness", "-1.2 mm"]),
    ("zero size", mutate(die__size=[0, 10]), ["parts.die.size", "0 mm"]),
    ("unknown unit", mutate(die__thickness="0.75 zorks"), ["parts.die.thickness", "zorks"]),
    ("wrong dimension", mutate(die__thickness="3 kg"), ["parts.die.thickness", "kg"]),
    ("unknown material", mutate(lid__material="unobtainium"), ["parts.lid.material", "unobtainium"]),
    ("unknown kind", mutate(stiffener__kind="stifener"), ["parts.stiffener", "stifener"]),
    ("missing kind", mutate(stiffener__kind=None), ["parts.stiffener", "kind"]),
    ("unknown field", mutate(die__colour="red"), ["parts.die.colour", "red"]),
    ("wrong type", mutate(die_bumps__count="many"), ["parts.die_bumps.count", "many"]),
    ("missing required field", mutate(die_bumps__pitch=None), ["parts.die_bumps.pitch", "required"]),
    ("missing die", with_raw(lambda r: [r["parts"].pop(k) for k in list(r["parts"])
                                        if k not in ("substrate",)]), ["parts", "die"]),
    ("unknown reference", mutate(die__on="bumpz"), ["parts.die.on", "bumpz"]),
    ("bump wider than pitch", mutate(die_bumps__diameter=0.5), ["parts.die_bumps", "0.5 mm"]),
    ("overlapping solids", with_raw(lambda r: r["parts"].update(
        die2={"kind": "die", "size": [4, 4], "thickness": 0.75, "on": "die_bumps"})),
     ["parts.die2", "overlaps parts.die", "10 mm"]),
    ("stiffener not around die", mutate(stiffener__width=None, stiffener__inner_size=[9, 9]),
     ["parts.stiffener.inner_size", "10 mm"]),
    ("lid on unlevel supports", mutate(stiffener__thickness=1.2),
     ["parts.lid.on", "not level", "stiffener top at 2.4 mm"]),
    ("heat sink touching neither die nor stiffener",
     mutate(lid__size=[4, 4], lid__offset=[14, 14]), ["parts.lid.on", "does not touch"]),
    ("balls under the bottom sink", mutate(balls__pattern="full", balls__keepout=None),
     ["parts.balls.around", "does not clear", "bottom_sink"]),
    ("balls collide with the bottom sink",
     mutate(balls__pattern="full", balls__keepout=None, balls__around=None),
     ["parts.balls", "overlaps parts.bottom_sink", "ring the balls around the sink"]),
    ("ring without keepout", mutate(balls__keepout=None), ["parts.balls", "keepout"]),
    ("bottom sink not below die", mutate(bottom_sink__offset=[12, 0]),
     ["parts.bottom_sink", "below", "die"]),
    ("die too big for the stiffener", mutate(die__size=[30, 30]),
     ["parts.stiffener.width", "30 mm × 30 mm die"]),
    ("ball array overhangs the substrate", mutate(balls__count=[40, 40]),
     ["parts.balls", "overhangs", "35 mm"]),
    ("integral parts of two materials", mutate(stiffener__material="aluminium"),
     ["parts.lid.integral_with", "aluminium"]),
    ("placement cycle", mutate(substrate__on="die"), ["cycle"]),
    ("two free parts", mutate(bottom_sink__under=None, bottom_sink__below=None),
     ["parts.bottom_sink", "not placed"]),
    ("too many fins", with_raw(lambda r: r["parts"]["bottom_sink"]["fins"].update(count=20)),
     ["parts.bottom_sink.fins.count", "20 fins"]),
    ("negative power", mutate(die__power="-5 W"), ["parts.die.power", "-5"]),
    ("ring closes", mutate(stiffener__width=18), ["parts.stiffener.width", "18 mm"]),
    ("material override with bad value",
     with_raw(lambda r: r.update(materials={"copper": {"k": "-3 W/m/K"}})),
     ["materials.copper.k", "-3"]),
    ("bad Poisson ratio", with_raw(lambda r: r.update(
        materials={"my_cu": {"base": "copper", "poisson_ratio": 0.7}})),
     ["materials.my_cu.poisson_ratio", "0.7"]),
    ("two vertical relations", mutate(die__under="substrate"), ["parts.die", "only one"]),
    ("yaml syntax error", "name: x\nparts:\n  die: {kind: die, size: [1, 1\n",
     ["YAML syntax error", "line"]),
    ("not a mapping", "- just\n- a list\n", ["a spec is a mapping"]),
]


@pytest.mark.parametrize("case,build,expected", CASES, ids=[c[0] for c in CASES])
def test_malformed_spec_gives_one_clear_error(tmp_path, case, build, expected):
    path = tmp_path / "spec.yaml"
    text = build if isinstance(build, str) else yaml.safe_dump(build(), sort_keys=False)
    path.write_text(text)
    result = runner.invoke(app, ["validate", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    out = result.output
    assert "Traceback" not in out
    assert out.startswith("error:"), out
    for fragment in expected:
        assert fragment in out, f"{fragment!r} not in {out!r}"
    assert not list(tmp_path.glob("*.png")), "no drawing may be written for an invalid spec"


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


def test_missing_file_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_valid_example_writes_section(tmp_path):
    result = runner.invoke(app, ["validate", str(example_path("dual_sink_fcbga")),
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    png = tmp_path / "dual_sink_fcbga_section.png"
    assert png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "resolved stack" in result.output


def test_schema_is_json():
    import json

    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "parts" in schema["properties"]
