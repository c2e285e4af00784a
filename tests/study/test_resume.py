"""kill -9 a running study, run it again: every variant exactly once, none lost.

A real SIGKILL of the CLI's whole process group (the command and its pool worker) while
rows are being written; no mock.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import yaml

from tests.study.conftest import small_study

#: Enough variants that the worker is still busy when the first rows land (batches of
#: ceil(N / 4), at most 10): with 12 fast variants the whole study could finish between
#: two polls of the test, so the kill came too late.
N = 40


def study_file(tmp_path):
    raw = small_study(parameters={"sink_thickness": {"range": [0.4, 1.2], "unit": "mm"}},
                      design={"method": "latin_hypercube", "samples": N, "seed": 7},
                      outputs=["cold-plate-top.theta", "cold-plate-top.tj_max_c"])
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def command(path, out):
    return [sys.executable, "-m", "chippack.cli", "study", str(path), "--out", str(out),
            "--workers", "1", "--no-report"]


def part_files(out):
    folder = out / "variants"
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")) \
        if folder.is_dir() else []


def test_sigkill_mid_study_then_rerun_loses_and_duplicates_nothing(tmp_path):
    path, out = study_file(tmp_path), tmp_path / "out"
    proc = subprocess.Popen(command(path, out), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    try:
        while len(part_files(out)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done_before = part_files(out)
    assert proc.returncode == -signal.SIGKILL
    assert 3 <= len(done_before) < N, "the kill came too late to test a resume"
    if (out / "results.parquet").exists():  # never half-written: it reads, rows a subset
        keys = pq.read_table(out / "results.parquet").column("key").to_pylist()
        assert set(keys) <= {p.stem for p in done_before}

    rerun = subprocess.run(command(path, out), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    m = re.search(r"(\d+) variants: (\d+) computed, (\d+) already done, (\d+) failed",
                  rerun.stdout)
    assert m, rerun.stdout
    total, computed, skipped, failed = map(int, m.groups())
    assert (total, failed) == (N, 0)
    assert skipped == len(done_before) and computed == N - len(done_before)

    table = pq.read_table(out / "results.parquet").to_pylist()
    assert len(table) == N
    assert sorted(r["variant"] for r in table) == list(range(N))
    assert len({r["key"] for r in table}) == N
    assert len(part_files(out)) == N
    assert all(r["status"] == "ok" and r["cold-plate-top.theta"] > 0 for r in table)
    # the rows written before the kill are the ones in the final table, unchanged
    for p in done_before:
        row = yaml.safe_load(p.read_text())
        assert row in table
