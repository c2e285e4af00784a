"""``chippack claims`` and ``chippack process``: tables on success, one-line errors, exit 2."""

from __future__ import annotations

from pathlib import Path

from tests.claims.conftest import FLOWS
from typer.testing import CliRunner

from chippack.cli import app
from chippack.examples import example_path

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_claims_on_a_flow_file():
    result = run("claims", str(FLOWS / "bumped_sink_coreflow.yaml"), "--seed", "001")
    assert result.exit_code == 0, result.output
    assert "12 met, 3 not met, 0 not applicable" in " ".join(result.output.split())


def test_claims_on_a_spec_with_its_flow_as_markdown():
    result = run("claims", str(example_path("two_mold_package")), "--flow",
                 str(FLOWS / "two_mold_package.yaml"), "--seed", "002", "--markdown")
    assert result.exit_code == 0, result.output
    assert "| 002-4 | met |" in result.output


def test_claims_on_a_family_document(tmp_path: Path):
    doc = tmp_path / "fam.yaml"
    doc.write_text("family: dual_sink_fcbga\nparameters: {substrate_material: bt_laminate}\n")
    result = run("claims", str(doc), "--seed", "000", "--markdown")
    assert result.exit_code == 0, result.output
    assert "| 000-10 | not met |" in result.output
    result = run("claims", str(doc), "--seed", "000", "--markdown", "--cte-tolerance", "3")
    assert "| 000-10 | met |" in result.output


def test_flow_that_does_not_build_the_design_is_refused():
    result = run("claims", str(example_path("dual_sink_fcbga")), "--flow",
                 str(FLOWS / "two_mold_package.yaml"))
    assert result.exit_code == 2
    assert "does not build this design" in result.output
    assert "Traceback" not in result.output


def test_process_prints_the_ledger_and_writes_the_spec(tmp_path: Path):
    out = tmp_path / "built.yaml"
    result = run("process", str(FLOWS / "bumped_sink_place_reflow.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "J-STD-020" in " ".join(result.output.split()) and out.is_file()
    assert run("validate", str(out), "--out", str(tmp_path)).exit_code == 0


def test_process_steps_lists_preconditions():
    result = run("process", "--steps")
    assert result.exit_code == 0 and "polish" in result.output


def test_invalid_flow_exits_2_naming_the_step(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nsteps:\n  - {step: provide_substrate, size: [10, 10], "
                   "thickness: 0.5}\n  - {step: polish}\n")
    result = run("process", str(bad))
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "step 2 (polish)" in text and "add a mold step" in text
    assert "Traceback" not in result.output
