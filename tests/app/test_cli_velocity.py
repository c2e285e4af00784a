"""`chippack run --velocity 1,2` and `--env FILE.yaml` on the command line."""

import json

from typer.testing import CliRunner

from chippack.cli import app
from chippack.examples import example_path

runner = CliRunner()
SMALL = str(example_path("two_mold_package"))


def test_bad_velocity_is_one_line(tmp_path):
    result = runner.invoke(app, ["run", SMALL, "--env", "forced-air", "--velocity", "1,-2",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--velocity" in result.output and "Traceback" not in result.output


def test_run_with_a_cooling_file_and_two_velocities(tmp_path):
    """--env forced-air,FILE --velocity 1,2: three runs in one results file."""
    cooling = tmp_path / "plate.yaml"
    cooling.write_text("name: bottom-plate\nboard: none\ncold_plates:\n  - on: bottom\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", SMALL, "--env", f"forced-air,{cooling}", "--velocity",
                                 "1,2", "--refine", "0.25", "--no-k-of-t", "--out", str(out)])
    assert result.exit_code == 0, result.output
    runs = json.loads((out / "two_mold_package_results.json").read_text())["runs"]
    assert [r["environment"]["velocity_m_s"] for r in runs[:2]] == [1.0, 2.0]
    assert runs[0]["metrics"]["theta_ja"] > runs[1]["metrics"]["theta_ja"]
    assert "forced-air 2 m/s" in result.output
    plate = runs[2]
    assert plate["environment"]["name"] == "bottom-plate"
    assert plate["metrics"]["theta"] > 0
    assert plate["solver"]["energy_balance_error"] < 1e-6


def test_cooling_file_with_unknown_keys(tmp_path):
    cooling = tmp_path / "bad.yaml"
    cooling.write_text("name: x\nair: still\nfan_speed: 3\ncolour: red\n")
    result = runner.invoke(app, ["run", SMALL, "--env", str(cooling), "--out", str(tmp_path)])
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and "'fan_speed'" in line and "'colour'" in line
