"""``chippack.solve`` has the defaults of ``chippack run``, and gives its numbers."""

from __future__ import annotations

import inspect
import json

import pytest
from typer.testing import CliRunner

import chippack
from chippack.cli import app, run
from chippack.examples import example_path
from chippack.metrics.environment import JEDEC_SET, environments_named

#: ``chippack run`` options that are ``chippack.solve`` keywords under the same name.
SHARED = ("power", "ambient", "board", "arrays", "refine", "k_of_t")


def cli_defaults() -> dict:
    return {name: p.default.default for name, p in inspect.signature(run).parameters.items()
            if hasattr(p.default, "default")}


def test_solve_defaults_are_the_cli_defaults():
    api = {n: p.default for n, p in inspect.signature(chippack.solve).parameters.items()}
    cli = cli_defaults()
    for name in SHARED:
        assert api[name] == cli[name], name
    assert float(cli["velocity"]) == api["velocity"]
    # --env jedec names the same three environments as solve's default
    assert [e.name for e in environments_named([cli["env"]])] == \
        [e.name for e in environments_named(list(api["environments"]))] == list(JEDEC_SET)


def test_solve_prints_the_thetas_of_chippack_run(tmp_path):
    """The same file, the same options: the API's summary shows the CLI's θ (rounded as
    the CLI's results.json holds it, exactly)."""
    path = example_path("two_mold_package")
    res = CliRunner().invoke(app, ["run", str(path), "--env", "cold-plate-top", "--refine",
                                   "0.3", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    (written,) = tmp_path.glob("*_results.json")
    cli_theta = json.loads(written.read_text())["runs"][0]["metrics"]["theta_jc"]
    r = chippack.solve(chippack.load(path), ["cold-plate-top"], refine=0.3)
    assert r.metrics["cold-plate-top"].theta == pytest.approx(cli_theta, rel=1e-12)
    assert f"{cli_theta:.3f}" in r.summary()
