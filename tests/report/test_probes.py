"""Probe CSV: plain numbers a spreadsheet reads (issue: coordinates came out as np.float64(…))."""

import csv

from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.mesh.package import MeshOptions
from chippack.metrics.environment import Environment
from chippack.metrics.run import run_environment
from chippack.model import parse_spec, read_yaml
from chippack.report.probes import COLUMNS, write_probe_csv


def test_probe_csv_holds_plain_numbers(tmp_path):
    """Every coordinate and temperature cell parses with float() and carries no 'np.'."""
    layout = lay_out(parse_spec(read_yaml(example_path("bumped_sink_flipchip"))))
    run = run_environment(layout, Environment(name="cold-plate-top"),
                          mesh_options=MeshOptions(refine=0.35))
    path = write_probe_csv(run, tmp_path / "p.csv", [(0.0, 0.0, 0.5e-3)])
    text = path.read_text()
    assert "np." not in text
    rows = list(csv.DictReader(text.splitlines()))
    assert rows and list(rows[0]) == list(COLUMNS)
    for row in rows:
        for key in ("x_mm", "y_mm", "z_mm", "temperature_c"):
            float(row[key])
