"""`chippack warpage`: table, JSON with the promised keys, pictures; bad input exits 2."""

import json

import pytest
from typer.testing import CliRunner

from chippack.cli import app
from chippack.examples import example_path

runner = CliRunner()
SMALL = str(example_path("two_mold_package_exposed"))


def test_warpage_writes_json_and_pictures(tmp_path):
    result = runner.invoke(app, ["warpage", SMALL, "--at", "25", "--no-operating",
                                 "--no-fatigue", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "two_mold_package_exposed_warpage.json").read_text())
    for key in ("warpage_um", "coplanarity_um", "limit_um", "joint_life_cycles"):
        assert key in data
    assert set(data["warpage_um"]["25C"]) == {"ball_side", "top"}
    assert data["limit_um"] == pytest.approx(170.0)  # 0.8 mm ball pitch, JEITA ED-7306
    assert data["solver"]["25C"]["force_balance"] < 1e-8
    pngs = sorted(tmp_path.glob("*.png"))
    assert len(pngs) == 3  # two faces and one section
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "convex" in result.output


@pytest.mark.parametrize("args,fragment", [
    (["--at", "hot"], "--at"),
    (["--field", "60,0"], "--field"),
    (["--stress-free", "-400"], "--stress-free"),
])
def test_warpage_bad_options_exit_2(tmp_path, args, fragment):
    result = runner.invoke(app, ["warpage", SMALL, "--no-operating", "--no-fatigue",
                                 "--out", str(tmp_path), *args])
    assert result.exit_code == 2
    assert fragment in result.output
