"""Threads of the compiled solver passes (chippack.thermal.threads)."""

import numba

from chippack.thermal.threads import BLOCK_ROWS, blocks, set_solver_threads, solver_threads


def test_thread_count_is_capped_and_restored():
    most = numba.config.NUMBA_NUM_THREADS
    before = solver_threads()
    try:
        assert set_solver_threads(10 * most) == most == solver_threads()
        assert set_solver_threads(0) == 1 == solver_threads()
        assert blocks(100 * BLOCK_ROWS) == 1          # one thread: one block
    finally:
        set_solver_threads(before)


def test_blocks_follow_threads_and_size():
    before = solver_threads()
    try:
        n = set_solver_threads(None)
        assert blocks(BLOCK_ROWS - 1) == 1            # small levels: one block
        assert blocks(100 * BLOCK_ROWS) == n
        assert blocks(0) == 1
    finally:
        set_solver_threads(before)


def test_a_pool_worker_solves_on_one_thread():
    """study.executors.run_batch(threads=1), as the process pool and Dask submit it."""
    from chippack.study.executors import run_batch

    before = solver_threads()
    try:
        assert run_batch([], {}, threads=1) == []
        assert solver_threads() == 1
    finally:
        set_solver_threads(before)
