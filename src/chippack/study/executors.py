"""Where variants run: in this process, a local process pool, or a Dask cluster.

Variants travel in batches (:func:`run_batch`) of at most 10, about four per worker,
so a 1000-variant study is 100 tasks, not 1000 (the Dask scheduler's per-task
overhead is milliseconds, but a flood of tiny tasks still costs). A batch catches
each variant's error and returns it as that variant's row, so one bad variant never
stops a study. Every executor has the same three calls: ``submit``, ``completed``
and ``close``.
"""

from __future__ import annotations

import math
import time
import traceback
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

from chippack.errors import ChippackError

#: Seconds to wait for a Dask scheduler before giving up with a one-line error.
CONNECT_TIMEOUT_S = 3.0

Task = tuple[str, Mapping[str, Any]]  # (key, resolved document)


def run_batch(tasks: list[Task], options: Mapping[str, Any],
              threads: int | None = None) -> list[dict[str, Any]]:
    """Evaluate each (key, document); a failure becomes a row with status "failed".
    ``threads``: solver threads of this worker (1 in a pool, whose processes are the
    parallelism: two 2-thread solvers on two cores wait on each other's threads);
    ``None`` leaves them as they are."""
    from chippack.study.evaluate import TIMINGS, evaluate_variant
    from chippack.thermal.threads import set_solver_threads

    if threads is not None:
        set_solver_threads(threads)

    rows = []
    for key, document in tasks:
        t0, cpu0 = time.perf_counter(), time.process_time()
        row: dict[str, Any] = {"key": key}
        try:
            values = evaluate_variant(document, options)
            row.update(values.pop(TIMINGS, {}))
            row.update(values)
            row["status"], row["error"] = "ok", None
        except ChippackError as err:
            row["status"], row["error"] = "failed", str(err)
        except Exception as err:  # noqa: BLE001 - record any variant's failure, keep going
            where = traceback.extract_tb(err.__traceback__)[-1]
            row["status"] = "failed"
            row["error"] = (f"{type(err).__name__}: {err} "
                            f"({where.filename.rsplit('/', 1)[-1]}:{where.lineno})")
        row["time_s"] = time.perf_counter() - t0
        row["cpu_s"] = time.process_time() - cpu0  # this process's CPU: less load-dependent
        rows.append(row)
    return rows


def warm_up() -> int:
    """Import what a worker needs (chippack, numpy, scipy, the numba kernels' cache) before
    its first variant arrives; run on each worker when the executor starts, so the
    imports overlap the driver's planning instead of delaying the first rows."""
    import os

    import chippack.app  # noqa: F401
    import chippack.study.evaluate  # noqa: F401

    return os.getpid()


def batch_size(pending: int, workers: int, per_worker: int = 4, largest: int = 10) -> int:
    """Variants per task: about ``per_worker`` tasks per worker, at most ``largest`` (the
    last batches' tail, when one worker still runs its batch and the others have none
    left, is about half a batch: 10 variants keep it to seconds)."""
    if pending <= 0:
        return 1
    return max(1, min(largest, math.ceil(pending / (max(workers, 1) * per_worker))))


class InlineExecutor:
    """Runs each batch in this process, one after the other, as they are collected (so rows
    are recorded batch by batch, as with a pool); for tests and debugging (``--workers 0``)."""

    workers = 1
    name = "this process"

    def __init__(self):
        self._pending: dict[Future, tuple[list[Task], Mapping[str, Any]]] = {}

    def submit(self, tasks: list[Task], options: Mapping[str, Any]) -> Future:
        future: Future = Future()
        self._pending[future] = (tasks, options)
        return future

    def completed(self, futures: list) -> Iterator:
        for future in futures:
            tasks, options = self._pending.pop(future)
            try:
                future.set_result(run_batch(tasks, options))
            except Exception as err:  # noqa: BLE001 - reported like a lost worker
                future.set_exception(err)
            yield future

    def close(self) -> None:
        pass


#: Local worker processes per core at most: each holds its own model and multigrid
#: hierarchy (0.2-1 GB), and more processes than cores only share the same memory bus.
WORKERS_PER_CORE = 4


def check_local_workers(n: int, flag: str) -> None:
    """One :class:`ChippackError` naming ``flag`` when ``n`` local worker processes are
    more than :data:`WORKERS_PER_CORE` per core of this machine."""
    import os

    cores = os.cpu_count() or 1
    most = WORKERS_PER_CORE * cores
    if n > most:
        raise ChippackError(f"{flag}: {n} worker processes on a machine with {cores} cores; "
                            f"give at most {most} ({WORKERS_PER_CORE} per core: each worker "
                            "holds its own model), or --dask ADDRESS for a cluster")


class ProcessExecutor:
    """A local pool of ``workers`` processes (spawned: no threads inherited by fork)."""

    name = "process pool"

    def __init__(self, workers: int):
        import multiprocessing

        if workers < 1:
            raise ChippackError(f"--workers: must be >= 1, got {workers}")
        check_local_workers(workers, "--workers")
        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers,
                                        mp_context=multiprocessing.get_context("spawn"))
        for _ in range(workers):  # start the processes now (the pool spawns on demand)
            self.pool.submit(warm_up)

    def submit(self, tasks: list[Task], options: Mapping[str, Any]) -> Future:
        return self.pool.submit(run_batch, tasks, dict(options), 1)

    def completed(self, futures: list) -> Iterator:
        yield from as_completed(futures)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Batches on a ``dask.distributed`` cluster: an existing scheduler's address, or
    ``local:N`` for a :class:`distributed.LocalCluster` of N one-thread worker processes."""

    def __init__(self, address: str, connect_timeout: float = CONNECT_TIMEOUT_S):
        import logging

        from distributed import Client, LocalCluster

        self.cluster = None
        if address.startswith("local:"):
            try:
                n = int(address.removeprefix("local:"))
            except ValueError:
                n = 0
            if n < 1:
                raise ChippackError(f"--dask: {address!r}; write local:N with N >= 1 workers")
            check_local_workers(n, "--dask")
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
            self.name = f"Dask LocalCluster ({n} workers)"
        else:
            try:
                self.client = Client(address, timeout=connect_timeout)
            except (OSError, TimeoutError, ValueError) as err:
                reason = str(err).splitlines()[0] if str(err) else type(err).__name__
                raise ChippackError(
                    f"--dask: cannot reach a scheduler at {address!r} within "
                    f"{connect_timeout:g} s ({reason[:120]}); start one (dask scheduler) or use "
                    "--dask local:N") from None
            self.name = f"Dask scheduler {address}"
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.client.run(warm_up)

    def submit(self, tasks: list[Task], options: Mapping[str, Any]):
        return self.client.submit(run_batch, tasks, dict(options), 1, pure=False)

    def completed(self, futures: list) -> Iterator:
        from distributed import as_completed as dask_completed

        yield from dask_completed(futures)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(dask: str | None = None, workers: int | None = None):
    """``--dask ADDRESS|local:N`` or a local process pool (``workers`` or all cores)."""
    if dask:
        return DaskExecutor(dask)
    if workers == 0:
        return InlineExecutor()
    import os

    return ProcessExecutor(workers or os.cpu_count() or 1)
