"""A coarse two-design demo shared by the report tests (a few seconds, not the full demo)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chippack.cli import app

#: Coarse enough for a test, fine enough that every part has cells.
QUICK = ["--refine", "0.35", "--no-k-of-t"]


@pytest.fixture(scope="session")
def quick_demo(tmp_path_factory):
    """Folder of a demo over two small designs: index.html, two reports, results, .vtr."""
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--design", "two_mold_package",
                                      "--design", "bumped_sink_flipchip", *QUICK])
    assert result.exit_code == 0, result.output
    return out
