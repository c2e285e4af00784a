"""Every claim threshold is a `chippack claims` option with the same default, documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import typer.main

from chippack.claims.options import THRESHOLDS, ClaimOptions, cli_name, threshold_table
from chippack.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def claims_command():
    group = typer.main.get_command(app)
    return group.commands["claims"]


def test_every_threshold_is_a_cli_option_with_the_dataclass_default():
    params = {f"--{p.name.replace('_', '-')}": p for p in claims_command().params}
    defaults = {f.name: f.default for f in fields(ClaimOptions)}
    for name in THRESHOLDS:
        flag = cli_name(name)
        assert flag in params, flag
        assert params[flag].default == defaults[name], (flag, params[flag].default)
        assert params[flag].help


def test_every_option_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for row in threshold_table().splitlines()[2:]:
        assert row in text, row
