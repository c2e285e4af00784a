"""Robustness of the linear solves: nearly singular still-air systems, tolerances below
float64's reach, failing preconditioners, and hierarchy reuse between passes."""

import numpy as np
import pytest
import scipy.sparse as sp

from chippack.errors import ChippackError
from chippack.mesh import RectilinearGrid
from chippack.thermal import (
    ConductionProblem,
    ConvergenceError,
    LinearSolver,
    SideCondition,
    SteadySolver,
    assemble,
)
from chippack.thermal.benchmark_problem import package_problem
from chippack.thermal.solver import pcg
from chippack.thermal.zline import ZLineMultigrid
from conftest import assert_balanced


def _still_air_plate():
    """A 40 x 40 x 6 copper/board plate whose only loss is h = 1e-3 W/m^2K on its top:
    sum of row sums / sum of diagonal ~1e-9, as in a board in still air."""
    g = RectilinearGrid.uniform((40e-3, 40e-3, 1.6e-3), (40, 40, 6))
    k = np.empty(g.shape + (3,))
    k[...] = (21.0, 21.0, 0.32)
    k[:, :, -1] = 390.0
    power = np.zeros(g.shape)
    power[18:22, 18:22, -1] = 0.05
    return ConductionProblem(g, k, power=power, sides={"zmax": SideCondition(1e-3, 25.0)})


def test_hierarchy_keeps_row_sums_of_nearly_singular_systems():
    """The float32 z-line hierarchy is built in float64 and rounded afterwards: the
    coarsest (LU) operator keeps non-negative row sums (weak diagonal dominance, an
    M-matrix), which float32 Galerkin products lost (negative row sums -> indefinite
    coarse levels -> the divergence of resolved arrays on a board)."""
    p = _still_air_plate()
    s = assemble(p)
    mg = ZLineMultigrid(s.matrix, np.unravel_index(s.cells, p.shape), p.shape,
                        dtype=np.float32, aggregation="pairwise", coarse_size=200)
    assert len(mg.levels) >= 3
    coarse = mg.levels[-1].A.astype(np.float64)
    rowsum = np.asarray(coarse.sum(axis=1)).ravel()
    assert rowsum.min() >= -1e-12 * coarse.diagonal().max()
    sol = SteadySolver(p).solve()
    assert_balanced(sol)
    ref = SteadySolver(p, method="direct").solve()
    assert np.nanmax(np.abs(sol.temperature - ref.temperature)) < 1e-6 * np.nanmax(
        ref.temperature - 25.0)


def test_tolerance_below_rounding_floor_stops_there():
    """A tolerance of 1e-18 is below what float64 can resolve (normwise backward error
    ~eps, Higham 2002 sec. 7.1): PCG stops at the rounding floor within a few checks
    instead of running to maxiter, the answer matches the direct solve and the energy
    balance closes."""
    p = package_problem(6000, seed=2)
    ref = SteadySolver(p, method="direct").solve()
    sol = SteadySolver(p, tol=1e-18, maxiter=400).solve()
    assert sol.iterations < 100
    assert sol.residual > 1e-18
    assert_balanced(sol)
    assert np.nanmax(np.abs(sol.temperature - ref.temperature)) < 1e-8


def test_broken_preconditioner_fails_fast_with_one_line():
    """A preconditioner that is not SPD (here: negative) is detected at the first
    iteration; the error is one line, a ChippackError (CLI exit status 2), and says what
    to change."""
    s = assemble(package_problem(3000, seed=1))
    b = s.power + s.boundary.load_per_cell(s.n, 25.0)
    info: dict = {}
    _, it, _ = pcg(s.matrix, b, lambda r: -r, tol=1e-10, maxiter=500, info=info)
    assert info["reason"] == "breakdown" and it <= 1
    lin = LinearSolver(s.matrix, method="jacobi", maxiter=500)
    lin.precond.apply = lambda r: -r
    with pytest.raises(ConvergenceError) as exc:
        lin.solve(b)
    msg = str(exc.value)
    assert isinstance(exc.value, ChippackError)
    assert "\n" not in msg and "broke down" in msg and "method='rs'" in msg


def test_slow_convergence_is_refused_early():
    """When the convergence rate projects past maxiter the solve stops at the next check
    (every 10 iterations from 30) instead of running out maxiter."""
    s = assemble(package_problem(3000, seed=1))
    b = s.power + s.boundary.load_per_cell(s.n, 25.0)
    damp = 1.0 / s.matrix.diagonal()
    info: dict = {}
    # diagonal scaling needs hundreds of iterations here, far beyond maxiter 60
    _, it, rel = pcg(s.matrix, b, lambda r: damp * r, tol=1e-10, maxiter=60, info=info,
                     project=True)
    assert info["reason"] == "too slow" and it < 60 and rel > 1e-10


def test_reuse_keeps_hierarchy_and_answer():
    """A second SteadySolver for the same grid with other conductances (a film pass)
    reuses the first one's hierarchy (no set-up) and gives the same temperatures as a
    fresh solver."""
    p = package_problem(8000, seed=4)
    first = SteadySolver(p)
    first.solve()
    sides = dict(p.sides)
    sides["zmax"] = SideCondition(np.asarray(p.sides["zmax"].h) * 1.3, p.sides["zmax"].t)
    p2 = p.replace(sides=sides)
    again = SteadySolver(p2, reuse=first)
    sol = again.solve()
    fresh = SteadySolver(p2).solve()
    assert_balanced(sol)
    assert sol.timings["setup"] == 0.0
    assert again.linear.precond is first.linear.precond
    # both stop at relative residual 1e-10; at ~2000 degC that leaves ~1e-7 K each
    scale = float(np.nanmax(np.abs(fresh.temperature)))
    assert np.nanmax(np.abs(sol.temperature - fresh.temperature)) < 2.5e-10 * scale
    assert sp.issparse(again.linear.matrix)
