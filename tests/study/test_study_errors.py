"""A study file that cannot run gives one clear line naming the fault and exit status 2."""

from __future__ import annotations

import socket

import pytest
import yaml
from typer.testing import CliRunner

from chippack.cli import app
from tests.study.conftest import small_study

runner = CliRunner()


def run_cli(tmp_path, raw: dict, *args: str):
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return runner.invoke(app, ["study", str(path), "--out", str(tmp_path / "out"),
                               "--workers", "1", *args])


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    text = result.output.strip()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    assert text.startswith("error:")
    return text


def with_parameters(**params) -> dict:
    return small_study(parameters=params)


@pytest.mark.parametrize("raw, expected", [
    # an unknown family parameter, with the close spelling offered
    (with_parameters(sink_thicknes={"values": [0.5]}),
     "parameters.sink_thicknes: bumped_sink_flipchip has no parameter 'sink_thicknes'; did you "
     "mean 'sink_thickness'?"),
    # an unknown dotted spec path
    (with_parameters(**{"parts.heatsink.thickness": {"range": [0.5, 1.0], "unit": "mm"}}),
     "parameters.parts.heatsink.thickness: unknown path 'parts.heatsink.thickness'"),
    (with_parameters(sink_thickness={"range": [1.0, 0.5], "unit": "mm"}),
     "parameters.sink_thickness.range: [1, 0.5] is empty"),
    (with_parameters(sink_thickness={"values": [], "unit": "mm"}),
     "parameters.sink_thickness.values: empty list"),
    (with_parameters(sink_thickness={"values": [0.5], "unit": "mmm"}),
     "parameters.sink_thickness.unit: 'mmm' is not a unit"),
    (with_parameters(sink_thickness={"values": [0.5], "rang": [1, 2]}),
     "parameters.sink_thickness.rang: unknown key"),
    (small_study(outputs=["still-air.theta"]),
     "'still-air.theta' needs the still-air environment"),
    (small_study(outputs=["solver.theta"]), "'solver.theta' starts with 'solver'"),
    # an unknown output name of a source: refused before any variant runs
    (small_study(outputs=["reflow.time_above_liquidus.second_bumps"]),
     "'time_above_liquidus' is not a reflow output; did you mean 'time_above_liquidus_s'?"),
    (small_study(outputs=["warpage.warpage_um.125C.top"]),
     "'125C' is not a load case of warpage.at"),
    (small_study(design={"method": "sobol"}), "design.samples: sobol needs samples"),
])
def test_bad_study_file(tmp_path, raw, expected):
    text = one_line_error(run_cli(tmp_path, raw))
    assert expected in text


def test_unreachable_scheduler(tmp_path):
    """Nothing listens on a port just released: the connect timeout gives one line."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    text = one_line_error(run_cli(tmp_path, small_study(), "--dask", f"tcp://127.0.0.1:{port}"))
    assert f"--dask: cannot reach a scheduler at 'tcp://127.0.0.1:{port}'" in text
    assert not (tmp_path / "out" / "results.parquet").exists()
