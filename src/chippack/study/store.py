"""The study's results on disk: one part file per finished variant, consolidated to Parquet.

Layout of the output folder::

    DIR/variants/<key>.json   one row per finished variant (written atomically)
    DIR/results.parquet       all rows, rewritten atomically (temp + rename) as rows land
    DIR/results.csv           the same table, on request

A part file appears by an atomic rename, so after a kill -9 each variant either has
its whole row or none; the rows of a re-run are keyed by content (:mod:`.keys`), so a
re-run skips every variant whose part file exists and writes each missing one once.
``results.parquet`` is always rebuilt from the part files, never appended to.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chippack.report.files import atomic_write, atomic_write_text

Row = dict[str, Any]
#: Where a variant's time went in its worker, s (:func:`chippack.study.evaluate.evaluate_variant`):
#: load, the whole thermal solve and, within it, fixture layout, mesh, assembly and solver;
#: then the warpage / reflow / Zth sources.
TIMING_COLUMNS = ("load_s", "solve_s", "layout_s", "mesh_s", "assembly_s", "solver_s",
                  "sources_s")
#: Columns every row has, in this order, before the parameters and outputs.
META_COLUMNS = ("variant", "phase", "key", "status", "error", "time_s", "cpu_s",
                *TIMING_COLUMNS)
RESULTS_NAME = "results.parquet"


class ResultStore:
    """Finished rows of one study folder."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.parts = self.folder / "variants"
        self.parts.mkdir(parents=True, exist_ok=True)
        self._last_consolidation = 0.0
        self._rows: dict[str, Row] | None = None  # read once, then kept as rows land

    def _cache(self) -> dict[str, Row]:
        """Every stored row by key: the part files read once (a resumed study's earlier
        rows), then this process's rows added as they are written, so consolidating a
        1000-variant study never re-reads 1000 files."""
        if self._rows is None:
            self._rows = {}
            for p in self.parts.glob("*.json"):
                if not p.name.startswith("."):
                    self._rows[p.stem] = json.loads(p.read_text(encoding="utf-8"))
        return self._rows

    def done_keys(self) -> set[str]:
        """Keys of the variants that have a row (temporary files of a killed write ignored)."""
        return set(self._cache())

    def add(self, row: Row) -> None:
        """Write one finished variant's row (atomically)."""
        text = json.dumps(row, default=str)
        atomic_write_text(self.parts / f"{row['key']}.json", text)
        self._cache()[row["key"]] = json.loads(text)  # as a re-read would give it

    def rows(self, keys: Iterable[str] | None = None) -> list[Row]:
        """The stored rows (of ``keys`` when given), in study order."""
        cache = self._cache()
        rows = list(cache.values()) if keys is None else [cache[k] for k in set(keys)
                                                            if k in cache]
        return sorted(rows, key=lambda r: (r.get("variant", 0), r["key"]))

    def consolidate(self, columns: list[str], csv: bool = False, every_s: float = 0.0,
                    keys: Iterable[str] | None = None) -> Path | None:
        """Rewrite ``results.parquet`` (and CSV) from the part files; at most every ``every_s``."""
        now = time.monotonic()
        if every_s and now - self._last_consolidation < every_s:
            return None
        self._last_consolidation = now
        table = rows_table(self.rows(keys), columns)
        path = atomic_write(self.folder / RESULTS_NAME, lambda p: _write_parquet(table, p))
        if csv:
            import pyarrow.csv as pacsv

            atomic_write(self.folder / "results.csv", lambda p: pacsv.write_csv(table, p))
        return path


def _write_parquet(table, path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, path)


def _column(values: list[Any]):
    """One Arrow column: numbers as float64 (int64 if all whole ints), else strings."""
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pa.array(values, type=pa.bool_())
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.array(values, type=pa.int64())
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.array([None if v is None else float(v) for v in values], type=pa.float64())
    if not present:
        return pa.array(values, type=pa.null())
    return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def rows_table(rows: list[Row], columns: list[str]):
    """A pyarrow Table of the rows: meta columns, then ``columns`` (parameters, outputs)."""
    import pyarrow as pa

    names = list(dict.fromkeys([*META_COLUMNS, *columns]))
    return pa.table({n: _column([r.get(n) for r in rows]) for n in names})


def read_results(folder: str | Path) -> list[Row]:
    """The consolidated rows of a study folder (``results.parquet``) as dicts."""
    import pyarrow.parquet as pq

    return pq.read_table(Path(folder) / RESULTS_NAME).to_pylist()
