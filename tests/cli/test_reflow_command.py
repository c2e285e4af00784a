"""chippack reflow / zth: bad oven input is one line and exit 2; the zth files come out."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chippack.cli import app
from chippack.examples import example_path

runner = CliRunner()


@pytest.mark.parametrize("name, text, words", [
    ("ragged.csv", "0,25\n10,30,1\n", "row 2: 3 columns"),
    ("back.csv", "0,25\n10,30\n5,40\n", "does not increase"),
    ("oven.yaml", "zones:\n  - {length: 400, set_point: 200, speed: 3}\n", "unknown key speed"),
])
def test_bad_profile_exits_2_with_one_line(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text)
    result = runner.invoke(app, ["reflow", str(example_path("two_mold_package")),
                                 "--profile", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output


def test_zth_writes_curve_foster_and_structure_csv(tmp_path):
    result = runner.invoke(app, ["zth", str(example_path("two_mold_package")), "--t-last",
                                 "10", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    stem = "two_mold_package"
    head = (tmp_path / f"{stem}_structure.csv").read_text().splitlines()[0]
    assert head == "Rth_cum_K_per_W,Cth_cum_J_per_K,K_J_per_K2_W"
    rows = (tmp_path / f"{stem}_zth.csv").read_text().splitlines()
    assert rows[0] == "time_s,zth_K_per_W" and len(rows) == 1 + 71    # 1 us .. 10 s
    assert (tmp_path / f"{stem}_zth.png").stat().st_size > 0
