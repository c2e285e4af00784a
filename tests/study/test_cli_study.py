"""``chippack study``: rows, the study report (offline) with the best design's report, resume."""

from __future__ import annotations

import re

import pyarrow.parquet as pq
import yaml
from typer.testing import CliRunner

from chippack.cli import app
from tests.study.conftest import small_study

runner = CliRunner()


def test_study_command_writes_rows_report_and_resumes(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(small_study()), encoding="utf-8")
    out = tmp_path / "out"
    args = ["study", str(path), "--out", str(out), "--workers", "0", "--csv"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert re.search(r"4 variants: 4 computed, 0 already done, 0 failed", first.output)
    table = pq.read_table(out / "results.parquet")
    assert table.num_rows == 4
    assert {"sink_construction", "sink_thickness", "cold-plate-top.theta", "claims.001-1",
            "status", "error", "key"} <= set(table.column_names)
    assert (out / "results.csv").read_text().count("\n") == 5
    html = (out / "study_report.html").read_text()
    assert "Best designs" in html and "Responses per parameter" in html
    assert 'src="data:image/png;base64,' in html
    assert "http://" not in html and "https://" not in html  # opens offline
    link = re.search(r'href="(designs/[^"]+_report\.html)"', html)
    assert link and (out / link.group(1)).is_file()
    # the best design (least θJC) is a copper plate: it is the one reported
    best_yaml = yaml.safe_load((out / link.group(1).replace("_report.html", ".yaml")).read_text())
    assert best_yaml["parts"]["heat_sink"]["material"] == "copper"
    again = runner.invoke(app, args + ["--no-report"])
    assert again.exit_code == 0, again.output
    assert re.search(r"4 variants: 0 computed, 4 already done", again.output)
