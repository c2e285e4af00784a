"""`chippack run`: results file and pictures, and clear errors for bad input (exit 2)."""

import json

import pytest
from typer.testing import CliRunner

from chippack.cli import app
from chippack.examples import example_path

runner = CliRunner()
SMALL = str(example_path("two_mold_package"))


def test_run_writes_results_and_pictures(tmp_path):
    result = runner.invoke(app, ["run", SMALL, "--env", "cold-plate-top", "--no-k-of-t",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "two_mold_package_results.json").read_text())
    run = data["runs"][0]
    assert run["environment"]["name"] == "cold-plate-top"
    assert run["solver"]["energy_balance_error"] < 1e-6
    assert run["metrics"]["theta_jc"] > 0
    for picture in data["pictures"].values():
        assert open(picture, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert "θJC" in result.output


@pytest.mark.parametrize("args,fragment", [
    (["--power", "0"], "--power: 0 W is too small"),
    (["--env", "sauna"], "unknown environment 'sauna'"),
    (["--board", "4s4p"], "unknown board '4s4p'"),
    (["--arrays", "blurry"], "--arrays"),
])
def test_bad_options(tmp_path, args, fragment):
    result = runner.invoke(app, ["run", SMALL, "--out", str(tmp_path), *args])
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir()), "nothing may be written on bad input"


@pytest.mark.parametrize("text,fragment", [
    ("1,2\n3\n", "different lengths"),
    ("1,-2\n3,4\n", "negative"),
])
def test_bad_power_map(tmp_path, text, fragment):
    path = tmp_path / "map.csv"
    path.write_text(text)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", SMALL, "--power-map", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert not out.exists()


def test_forced_air_beats_still_air():
    from chippack.design import load_layout
    from chippack.metrics.environment import Environment
    from chippack.metrics.run import run_environment

    layout = load_layout(SMALL)
    still = run_environment(layout, Environment("still-air"))
    forced = run_environment(layout, Environment("forced-air", velocity=2.0))
    assert forced.theta < still.theta
    assert forced.solver["energy_balance_error"] < 1e-6


def test_run_with_flow_decides_method_claims(tmp_path):
    flow = example_path("two_mold_package").parent / "flows" / "two_mold_package.yaml"
    result = runner.invoke(app, ["run", SMALL, "--env", "cold-plate-top", "--no-k-of-t",
                                 "--flow", str(flow), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    claims = json.loads((tmp_path / "two_mold_package_results.json").read_text())["claims"]
    assert claims["with_flow"] is True
    assert claims["by_seed"]["002"]["not_applicable"] == 0
    assert claims["by_seed"]["002"]["met"] == 7  # claim 7 (die back exposed) is the alternative


def test_run_with_a_flow_of_another_design_is_refused(tmp_path):
    flow = example_path("two_mold_package").parent / "flows" / "bumped_sink_coreflow.yaml"
    result = runner.invoke(app, ["run", SMALL, "--env", "cold-plate-top", "--flow", str(flow),
                                 "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "does not build this design" in result.output
