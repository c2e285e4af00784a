"""Threads of the compiled solver passes: how many, and how a pass splits its rows.

The cycle and CG passes (:mod:`chippack.thermal.zline_kernels`,
:mod:`chippack.thermal.kernels`) are numba ``prange`` loops over ``nb`` equal blocks of
rows, one task per block.  They are latency-bound (gathers, the z-line recurrences), not
bandwidth-bound: on the 2-core build machine one core streams ~25 GB/s but the cycle
runs at ~9 GB/s, and two threads cut a preconditioner application on the 1.2M-cell
seed-000 model from ~31 to ~20 ms (best of 300, ``benchmarks/RESULTS.md``).  Dot
products are summed per block and the blocks in order, so a solve is deterministic for
a given block count (which is fixed when a hierarchy is built).

A study worker (a pool process, a Dask task) solves one variant per core: it runs the
passes on one thread (:func:`set_solver_threads`), the pool is the parallelism.  The
threading layer is numba's (OpenMP or TBB where present, else its work queue); the
thread count defaults to the machine's cores, ``NUMBA_NUM_THREADS`` caps it.
"""

from __future__ import annotations

import numba
from numba import njit

#: Fewest rows per block of a parallel pass: smaller levels run as one block (a task
#: launch costs ~2 us; a 16k-row pass ~0.1 ms).
BLOCK_ROWS = 16384


def solver_threads() -> int:
    """Threads the compiled passes of this thread of the process use now."""
    return int(numba.get_num_threads())


def set_solver_threads(n: int | None) -> int:
    """Use ``n`` threads (``None``: all that numba started) for the compiled passes run
    from this thread; returns the count now in force (``n`` capped at numba's pool)."""
    most = int(numba.config.NUMBA_NUM_THREADS)
    n = most if n is None else max(1, min(int(n), most))
    numba.set_num_threads(n)
    return n


def blocks(n: int) -> int:
    """Row blocks (parallel tasks) for a pass over ``n`` unknowns: one per thread
    (:func:`solver_threads`), at most one per :data:`BLOCK_ROWS` rows, at least one."""
    return max(1, min(solver_threads(), int(n) // BLOCK_ROWS))


@njit(cache=True, inline="always")
def row_block(n, nb, t):
    """Rows ``[lo, hi)`` of block ``t`` of ``nb`` equal blocks of ``n`` rows."""
    return n * t // nb, n * (t + 1) // nb
