"""The z-line multigrid variants kept in ``benchmarks/zline_variants.py`` for re-measuring
(they lost on every benchmark and left the production solver) still converge to the
direct (SuperLU) solution of the same problem."""

import pathlib
import sys

import numpy as np
import pytest
from test_zline import _graded_board_problem

from chippack.thermal import SteadySolver
from chippack.thermal.benchmark_problem import package_problem
from chippack.thermal.solver import LinearSolver
from conftest import assert_balanced

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "benchmarks"))
from zline_variants import variant_preconditioner  # noqa: E402


def _variant_solve(p, method="zline", **opts):
    """A SteadySolver whose preconditioner is the variant (same PCG, same checks)."""
    solver = SteadySolver(p, method=method, deflate=False)
    lin = solver.linear
    lin.precond = variant_preconditioner(lin.matrix, method, lin.structure, **opts)
    assert isinstance(lin, LinearSolver)
    return solver.solve()


@pytest.mark.parametrize("method,opts", [
    ("zline", {"smoother": "rb"}),
    ("zline-2x2", {"smoother": "rb"}),
    ("zline", {"smooth_p": 0.5}),
    ("zline", {"smooth_p": 0.5, "smooth_levels": 1, "first_matchings": 1}),
    ("zline", {"adi": (0, 1)}),
    ("zline-2x2", {"agg": (2, 1), "adi": (1,), "adi_levels": 99}),
])
def test_variants_match_direct_on_package_problem(method, opts):
    """Package problem with voids, 15 um layers and k 0.3-390."""
    p = package_problem(8000, seed=3)
    ref = SteadySolver(p, method="direct").solve()
    sol = _variant_solve(p, method, dtype=np.float64, **opts)
    assert_balanced(sol)
    assert np.nanmax(np.abs(sol.temperature - ref.temperature)) < 1e-6


@pytest.mark.parametrize("opts", [{}, {"adi_subset": "inplane"}, {"adi": (0,)}])
def test_adi_on_graded_board(opts):
    """x- and y-line relaxation on the finest level on the graded board: same
    temperatures as the direct solve, no more iterations than z-lines only."""
    p = _graded_board_problem()
    ref = SteadySolver(p, method="direct").solve()
    sol = _variant_solve(p, **{"adi": (0, 1), **opts})
    base = SteadySolver(p, deflate=False).solve()
    assert_balanced(sol)
    assert np.nanmax(np.abs(sol.temperature - ref.temperature)) < 1e-6
    assert sol.iterations <= base.iterations
