"""Every bad input in :mod:`.cases` is refused as a user error, at the edge, cheaply.

For each case: exit status 2; exactly one line of output, starting ``error:`` and
containing the expected fragments (the field, the value or what the file is); no
traceback; no file written anywhere in the case's folder; and refused within 10 s
and 1 GB (the acceptance bounds of the issue). Memory is bounded without slowing
the case down: the process's peak resident size after the case minus its resident
size before is an upper bound of what the case allocated on top.
The CLI runs in-process through its console entry ``chippack.cli.main``, so that
usage errors of typer/click are held to the same one-line rule.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import time
from pathlib import Path

import pytest

from chippack.cli import main
from chippack.inputs import limits as limits_module
from tests.robustness.cases import CASES, EXAMPLES, Case

#: Bounds from the issue's acceptance: no input may take more before it is refused.
MAX_SECONDS = 10.0
MAX_BYTES = 1 << 30


@pytest.fixture(scope="module", autouse=True)
def warm_imports():
    """Import what the commands import lazily, so that no case is timed on its imports."""
    import importlib

    for name in ("chippack.design", "chippack.report.drawing", "chippack.report.pipeline",
                 "chippack.metrics.run", "chippack.metrics.power", "chippack.claims.command",
                 "chippack.process.report", "chippack.report.probes", "chippack.report.vtk",
                 "chippack.examples", "chippack.mesh.package", "rich.progress"):
        importlib.import_module(name)


def resident_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_resident_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


def files_under(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.lstat().st_size
            for p in folder.rglob("*") if not p.is_dir() or p.is_symlink()}


def expand(arg: str, tmp: Path) -> str:
    return arg.replace("{in}", str(tmp / "in.yaml")).replace("{tmp}", str(tmp)).replace(
        "{ex}", str(EXAMPLES))


def run_main(argv: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    captured = capsys.readouterr()
    code = stop.value.code
    return (code if isinstance(code, int) else 1), captured.out + captured.err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_line_exit_2(case: Case, tmp_path, capsys, monkeypatch):
    for name, data in case.files.items():
        path = tmp_path / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    if case.setup:
        case.setup(tmp_path)
    if case.limits:
        monkeypatch.setattr(limits_module, "LIMITS",
                            dataclasses.replace(limits_module.LIMITS, **case.limits))
    before = files_under(tmp_path)
    argv = [expand(a, tmp_path) for a in case.args]

    rss_before = resident_bytes()
    t0 = time.perf_counter()
    code, output = run_main(argv, capsys)
    elapsed = time.perf_counter() - t0
    grown = peak_resident_bytes() - rss_before

    assert code == 2, output
    assert "Traceback" not in output
    lines = output.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got {len(lines)}:\n{output}"
    assert lines[0].startswith("error: "), output
    for fragment in case.expect:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    assert files_under(tmp_path) == before, "a refused input must not write any file"
    assert elapsed < MAX_SECONDS, f"refused only after {elapsed:.1f} s"
    assert grown < MAX_BYTES, f"used up to {grown / 1e6:.0f} MB before refusing"


def test_the_table_is_large_and_covers_every_class():
    kinds = {c.kind for c in CASES}
    assert len(CASES) >= 150
    assert {"encoding", "path", "yaml", "quantity", "material", "geometry", "family", "flow",
            "power map", "option", "output", "results", "size", "study", "cooling",
            "profile"} <= kinds
    assert len({c.id for c in CASES}) == len(CASES)


def test_process_out_writes_the_spec_atomically(tmp_path, capsys):
    """The good path of the output rule: the spec lands whole, no temporary file stays."""
    flow = EXAMPLES / "flows" / "two_mold_package.yaml"
    target = tmp_path / "built.yaml"
    code, output = run_main(["process", str(flow), "--out", str(target)], capsys)
    assert code == 0, output
    assert target.read_text(encoding="utf-8").startswith("name:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["built.yaml"]


def test_markup_in_a_file_name_is_printed_as_written(tmp_path, capsys):
    weird = tmp_path / "[bold]x[/bold] [/B].yaml"
    code, output = run_main(["validate", str(weird)], capsys)
    assert code == 2
    assert "[bold]x[/bold] [/B].yaml" in output
