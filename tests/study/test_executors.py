"""The same study on a process pool, a 2-worker Dask LocalCluster and in-process: same rows;
a bad variant fails alone, with its message."""

from __future__ import annotations

import pytest

from chippack.study import (
    DaskExecutor,
    InlineExecutor,
    ProcessExecutor,
    read_results,
    run_study,
    study_from_mapping,
)
from tests.study.conftest import small_study

#: Columns that are the same whatever ran the variant (times differ).
SAME = ("variant", "phase", "key", "status", "error", "sink_construction", "sink_thickness",
        "cold-plate-top.theta", "claims.001-1", "spec.body_mm[2]")


def rows_of(folder):
    return [{k: r[k] for k in SAME} for r in read_results(folder)]


def test_local_cluster_gives_the_rows_of_the_process_pool(tmp_path):
    study = study_from_mapping(small_study())
    pool = ProcessExecutor(2)
    try:
        a = run_study(study, tmp_path / "pool", pool)
    finally:
        pool.close()
    dask = DaskExecutor("local:2")  # --dask local:2
    try:
        assert dask.workers == 2
        b = run_study(study, tmp_path / "dask", dask)
        # --dask ADDRESS: a client of an existing scheduler (here the same cluster's)
        remote = DaskExecutor(dask.cluster.scheduler_address)
        try:
            assert remote.workers == 2 and remote.cluster is None
            run_study(study, tmp_path / "address", remote)
        finally:
            remote.close()
    finally:
        dask.close()
    assert a.computed == b.computed == 4
    pool_rows, dask_rows = rows_of(tmp_path / "pool"), rows_of(tmp_path / "dask")
    assert pool_rows == dask_rows
    assert rows_of(tmp_path / "address") == pool_rows
    assert all(r["status"] == "ok" for r in pool_rows)
    # the dummy chip is silicon (k 148 W/mK) instead of copper (~390): θJC rises
    theta = {(r["sink_construction"], r["sink_thickness"]): r["cold-plate-top.theta"]
             for r in pool_rows}
    assert theta[("dummy_chip", 0.8)] > theta[("plate", 0.8)]
    # and the in-process run agrees as well (the same evaluation, no pickling)
    c = run_study(study, tmp_path / "inline", InlineExecutor())
    assert rows_of(tmp_path / "inline") == pool_rows
    assert c.computed == 4


def test_invalid_variants_fail_alone_with_their_message(tmp_path):
    """Two kinds of bad variant: one the family refuses (the sink is smaller than the second
    bump array) and one the spec refuses (a negative die thickness set by a spec path)."""
    raw = small_study(parameters={
        "sink_size": {"values": [3, 8], "unit": "mm"},
        "parts.die.thickness": {"values": [-0.1, 0.75], "unit": "mm"},
    }, outputs=["cold-plate-top.theta"])
    study = study_from_mapping(raw)
    out = run_study(study, tmp_path / "s", InlineExecutor())
    rows = {(r["sink_size"], r["parts.die.thickness"]): r for r in out.rows}
    assert len(rows) == 4
    ok = rows[(8, 0.75)]
    assert ok["status"] == "ok" and ok["error"] is None and ok["cold-plate-top.theta"] > 0
    small = rows[(3, 0.75)]
    assert small["status"] == "failed" and small["cold-plate-top.theta"] is None
    assert "second_bump_count" in small["error"] and "fit" in small["error"]
    negative = rows[(8, -0.1)]
    assert negative["status"] == "failed"
    assert "parts.die.thickness" in negative["error"]
    # failed rows are rows: in the Parquet file, with their messages
    stored = {r["key"]: r for r in read_results(tmp_path / "s")}
    assert stored[negative["key"]]["error"] == negative["error"]


@pytest.mark.parametrize("bad", ["local:0", "local:x"])
def test_local_cluster_size_checked(bad):
    from chippack.errors import ChippackError

    with pytest.raises(ChippackError, match="write local:N"):
        DaskExecutor(bad)
