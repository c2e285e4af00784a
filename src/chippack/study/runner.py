"""Run a study: plan the variants, skip those already done, run the rest in batches.

Phases, in order: the design of experiments, the sensitivity samples, the
optimisation trials. Each finished variant's row is written at once
(:class:`~chippack.study.store.ResultStore`), ``results.parquet`` is rebuilt from the
rows every few seconds and at the end, so a killed study loses at most the
variants that were running, and its re-run computes exactly those.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chippack.report.files import atomic_write_text
from chippack.study.doe import design_variants
from chippack.study.executors import batch_size
from chippack.study.keys import variant_key
from chippack.study.plan import Planned, Study, plan_variant
from chippack.study.store import TIMING_COLUMNS, ResultStore

#: ``progress(done, total, message)``: called as variants finish (the CLI draws a bar).
Progress = Callable[[int, int, str], None]
#: Seconds between rewrites of results.parquet while a study runs.
CONSOLIDATE_EVERY_S = 5.0
#: Most variants in one batch (one geometry's power sweep stays whole up to this).
LARGEST_BATCH = 25


@dataclass
class StudyOutcome:
    """What a run did: all rows of this study, how many were computed now, the files."""

    folder: Path
    rows: list[dict[str, Any]]
    computed: int
    skipped: int
    lost: int
    results: Path
    elapsed_s: float
    executor: str
    sensitivity: dict[str, Any] | None = None
    optimisation: dict[str, Any] | None = None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    #: The driver's seconds: ``plan_s`` (designs of experiments resolved and keyed),
    #: ``record_s`` (rows written), ``consolidate_s`` (results.parquet rewritten).
    timings: dict[str, float] = field(default_factory=dict)


class Runner:
    """Runs planned variants on an executor, recording each finished row in the store."""

    def __init__(self, study: Study, store: ResultStore, executor, csv: bool = False,
                 progress: Progress | None = None):
        self.study, self.store, self.executor, self.csv = study, store, executor, csv
        self.progress = progress or (lambda _d, _t, _m: None)
        self.done = store.done_keys()
        self.computed = self.skipped = self.lost = 0
        self.total = 0
        self.finished = 0
        self.keys: list[str] = []
        self.documents: dict[str, dict[str, Any]] = {}
        #: The driver's own time, s: planning (resolve + key), writing rows, Parquet.
        self.timings = {"plan_s": 0.0, "record_s": 0.0, "consolidate_s": 0.0}

    def expect(self, n: int) -> None:
        """Announce ``n`` more variants (for the progress total)."""
        self.total += n
        self.progress(self.finished, self.total, "")

    def run(self, planned: list[Planned]) -> dict[str, dict[str, Any]]:
        """Run the variants not yet done; return every planned variant's row by key."""
        self.keys.extend(p.key for p in planned)
        self.documents.update((p.key, p.document) for p in planned if p.document is not None)
        todo: dict[str, Planned] = {}
        for p in planned:
            if p.key in self.done or p.key in todo:
                self.skipped += 1
                self._tick(p.phase)
            elif p.document is None:  # could not be built: a failed row, no solve
                self._record(p, {"key": p.key, "status": "failed", "error": p.error,
                                 "time_s": 0.0})
            else:
                todo[p.key] = p
        futures = {}
        for chunk in geometry_batches(list(todo.values()), self.executor.workers):
            fut = self.executor.submit([(p.key, p.document) for p in chunk], self.study.options)
            futures[fut] = chunk
        for fut in self.executor.completed(list(futures)):
            chunk = futures[fut]
            try:
                results = fut.result()
            except Exception:  # noqa: BLE001 - a lost worker: not recorded, a re-run retries
                self.lost += len(chunk)
                for p in chunk:
                    self._tick(p.phase)
                continue
            for p, row in zip(chunk, results, strict=True):
                self._record(p, row)
        self.store.consolidate(self.study.columns, self.csv, keys=self.all_keys())
        return {r["key"]: r for r in self.store.rows(k for k in {p.key for p in planned})}

    def all_keys(self) -> list[str]:
        return list(dict.fromkeys(self.keys))

    def _record(self, p: Planned, row: dict[str, Any]) -> None:
        t0 = time.perf_counter()
        full = {"variant": p.index, "phase": p.phase, **p.values, **p.meta,
                **dict.fromkeys(self.study.outputs), **dict.fromkeys(("time_s", "cpu_s", *TIMING_COLUMNS)), **row}
        self.store.add(full)
        self.done.add(p.key)
        self.computed += 1
        t1 = time.perf_counter()
        self.store.consolidate(self.study.columns, self.csv, every_s=CONSOLIDATE_EVERY_S,
                               keys=self.all_keys())
        self.timings["record_s"] += t1 - t0
        self.timings["consolidate_s"] += time.perf_counter() - t1
        self._tick(p.phase)

    def _tick(self, phase: str) -> None:
        self.finished += 1
        self.progress(self.finished, self.total, phase)


def geometry_key(document: dict[str, Any]) -> str:
    """A hash of the variant's document without its powers: variants that differ only in
    power (a power sweep) share it, and with it one mesh and multigrid hierarchy."""
    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "power"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return variant_key(strip(document), {})


def geometry_batches(pending: list[Planned], workers: int) -> list[list[Planned]]:
    """The batches (tasks) of ``pending``: the variants of one geometry together in one
    batch (groups in the order they first appear, the study order within a group), so its
    worker reuses the hierarchy of the first (:class:`chippack.app.analysis.SolverCache`)
    instead of every worker building its own.

    A group stays whole up to :data:`LARGEST_BATCH` variants (larger ones are cut into
    pieces of that size); pieces smaller than :func:`batch_size`'s target are packed
    together up to it, so a study of distinct geometries is batched as before.
    """
    groups: dict[str, list[Planned]] = {}
    for p in pending:
        groups.setdefault(geometry_key(p.document or {}), []).append(p)
    size = batch_size(len(pending), workers)
    batches: list[list[Planned]] = []
    current: list[Planned] = []
    for group in groups.values():
        for i in range(0, len(group), LARGEST_BATCH):
            piece = group[i:i + LARGEST_BATCH]
            if current and len(current) + len(piece) > size:
                batches.append(current)
                current = []
            current = current + piece
            if len(current) >= size:
                batches.append(current)
                current = []
    if current:
        batches.append(current)
    return batches


def doe_plan(study: Study) -> list[Planned]:
    d = study.file.design
    if d is None:
        return []
    variants = design_variants(study.parameters, d.method, d.samples, d.seed, d.rows)
    return [plan_variant(study, i, "design", v) for i, v in enumerate(variants)]


def run_study(study: Study, out: str | Path, executor, *, csv: bool = False,
              progress: Progress | None = None) -> StudyOutcome:
    """Run every phase of ``study`` into the folder ``out`` (resuming what is there)."""
    from chippack.study.optimise import optimisation_size, run_optimisation
    from chippack.study.sensitivity import analyse_sensitivity, sensitivity_plan

    t0 = time.perf_counter()
    store = ResultStore(out)
    runner = Runner(study, store, executor, csv, progress)
    t_plan = time.perf_counter()
    doe = doe_plan(study)
    sens = sensitivity_plan(study, start=len(doe))
    runner.timings["plan_s"] += time.perf_counter() - t_plan
    runner.expect(len(doe) + len(sens) + optimisation_size(study))
    runner.run(doe)
    sensitivity = None
    if sens:
        sens_rows = runner.run(sens)
        sensitivity = analyse_sensitivity(study, sens, sens_rows)
    optimisation = run_optimisation(study, runner, start=len(doe) + len(sens))
    path = store.consolidate(study.columns, csv, keys=runner.all_keys())
    assert path is not None
    atomic_write_text(Path(out) / "analysis.json", json.dumps(
        {"study": study.name, "sensitivity": sensitivity, "optimisation": optimisation},
        indent=2, default=str))
    rows = store.rows(runner.all_keys())
    return StudyOutcome(Path(out), rows, runner.computed, runner.skipped, runner.lost, path,
                        time.perf_counter() - t0, executor.name, sensitivity, optimisation,
                        runner.documents, runner.timings)
