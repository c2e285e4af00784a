"""The structured z-line multigrid preconditioner (chippack.thermal.zline)."""

import numpy as np
import pytest

from chippack.mesh import RectilinearGrid
from chippack.thermal import ConductionProblem, SideCondition, SteadySolver, assemble
from chippack.thermal.benchmark_problem import package_problem
from chippack.thermal.zline import ZLineMultigrid
from conftest import assert_balanced


@pytest.mark.parametrize("opts", [{}, {"kcycle": False},
                                  {"dtype": np.float32}, {"aggregation": "2x2"},
                                  {"aggregation": "2x2", "agg": 3},
                                  {"aggregation": "2x2", "agg": (2, 1)},
                                  {"theta": 0.5, "matchings": 1}])
def test_zline_variants_match_direct(opts):
    """All z-line multigrid variants converge to the direct solution (package problem with
    voids, 15 um layers and k 0.3-390)."""
    p = package_problem(8000, seed=3)
    ref = SteadySolver(p, method="direct").solve()
    sol = SteadySolver(p, options={"dtype": np.float64, **opts}).solve()
    assert_balanced(sol)
    assert np.nanmax(np.abs(sol.temperature - ref.temperature)) < 1e-6


@pytest.mark.parametrize("shape", [(1, 1, 400), (40, 1, 30), (1, 30, 5), (33, 17, 4)])
def test_zline_degenerate_shapes(shape):
    """Single columns (no x-y coarsening possible), x-z slabs and odd sizes."""
    g = RectilinearGrid.uniform((1e-3 * shape[0], 1e-3 * shape[1], 1e-4 * shape[2]), shape)
    power = np.zeros(shape)
    power[0, 0, -1] = 1.0
    p = ConductionProblem(g, 50.0, power=power, sides={"zmin": SideCondition(1e3, 20.0)})
    ref = SteadySolver(p, method="direct").solve()
    sol = SteadySolver(p).solve()
    assert_balanced(sol)
    assert np.nanmax(np.abs(sol.temperature - ref.temperature)) < 1e-6


def test_hierarchy_is_mesh_independent():
    """Iteration counts stay nearly flat as the package problem grows 8x (18 -> 22 with the
    float64-built hierarchy, the same as an all-float64 hierarchy; 15-16 from 1e5 to
    4e6 cells in benchmarks/results)."""
    its = []
    for n in (5e3, 4e4):
        sol = SteadySolver(package_problem(n)).solve()
        assert_balanced(sol)
        its.append(sol.iterations)
    assert its[1] <= its[0] + 5


def test_zline_requires_structure():
    p = package_problem(2000)
    s = assemble(p)
    from chippack.thermal import LinearSolver

    with pytest.raises(ValueError, match="structure"):
        LinearSolver(s.matrix, method="zline")
    mg = ZLineMultigrid(s.matrix, np.unravel_index(s.cells, p.shape), p.shape)
    assert mg.info["levels"] >= 1


def _graded_board_problem():
    """Package-on-board-like test: graded in-plane cells (0.1 mm .. 5 mm, aspect up to
    50), an orthotropic board (k 21/21/0.32) under a thin copper-lidded block, air-like
    cells (k 0.026) between bumps, convective top and bottom."""
    fine = np.full(20, 0.2e-3)
    grade = 0.2e-3 * 1.6 ** np.arange(1, 9)
    dx = np.concatenate([grade[::-1], fine, grade])
    x = np.concatenate([[0.0], np.cumsum(dx)])
    dz = np.array([150, 150, 150, 100, 100, 30, 15, 15, 100, 200, 200]) * 1e-6
    z = np.concatenate([[0.0], np.cumsum(dz)])
    g = RectilinearGrid(x, x * 1.1, z)
    nx, ny, nz = g.shape
    k = np.empty((nx, ny, nz, 3))
    k[...] = (21.0, 21.0, 0.32)                       # board
    pkg = np.zeros((nx, ny), bool)
    pkg[8:28, 8:28] = True
    bumps = np.zeros((nx, ny), bool)
    bumps[8:28:2, 8:28:2] = True
    for kk in (3, 4):
        k[:, :, kk] = np.where(bumps[..., None], 50.0, 0.026)
    for kk in range(5, nz):
        k[:, :, kk] = 148.0 if kk < 9 else 390.0
    solid = np.ones(g.shape, bool)
    solid[:, :, 3:] &= pkg[..., None]
    power = np.zeros(g.shape)
    power[12:20, 12:20, 6] = 1e-2
    return ConductionProblem(g, k, power=power, solid=solid,
                             sides={"zmin": SideCondition(10.0, 25.0),
                                    "zmax": SideCondition(2000.0, 25.0)})


def test_pairwise_aggregation_robust_on_graded_board():
    """Strength-based aggregation follows the graded cells: fewer iterations than fixed
    2 x 2 aggregation, same temperatures as the direct solve."""
    p = _graded_board_problem()
    ref = SteadySolver(p, method="direct").solve()
    sol = SteadySolver(p).solve()
    old = SteadySolver(p, method="zline-2x2").solve()
    for s in (sol, old):
        assert_balanced(s)
        assert np.nanmax(np.abs(s.temperature - ref.temperature)) < 1e-6
    assert sol.iterations < old.iterations


@pytest.mark.parametrize("kcycle", [False, True])
def test_compiled_cycle_equals_numpy_cycle(kcycle):
    """The compiled single-pass level and K-cycle (chippack.thermal.zline_kernels) apply
    the same map as the numpy cycle (z-line sweeps by LAPACK pttrs, scipy mat-vecs,
    BLAS dot products): in float64 the two preconditioned vectors agree to rounding, and
    the eight-stretch substitutions equal dpttrs on every level's lines."""
    from chippack.thermal import zline_kernels as zk

    p = package_problem(20000, seed=5)
    s = assemble(p)
    ijk = np.unravel_index(s.cells, p.shape)
    kw = dict(omega=0.8, aggregation="pairwise", dtype=np.float64, kcycle=kcycle,
              coarse_size=500)
    fused = ZLineMultigrid(s.matrix, ijk, p.shape, **kw)
    plain = ZLineMultigrid(s.matrix, ijk, p.shape, fused=False, **kw)
    assert fused.fused and not plain.fused and fused.info["levels"] >= 3
    r = np.random.default_rng(1).standard_normal(s.n)
    z1, z2 = fused(r), plain(r)
    assert np.linalg.norm(z1 - z2) <= 1e-10 * np.linalg.norm(z2)
    for lv in fused.levels[:-1]:
        y = np.empty(lv.n)
        x = np.empty(lv.n)
        zk._forward8(lv.e, r[:lv.n], y, lv.starts)
        zk._backward8(lv.dinv, lv.e, y, x[:0], x, 1.0, lv.starts)
        ref = lv.line_solve(r[:lv.n].copy())
        assert np.allclose(x, ref, rtol=1e-12, atol=1e-12 * np.abs(ref).max())


@pytest.mark.parametrize("lines", [1, 3, 8, 9, 50])
def test_chunked_line_substitution_any_line_count(lines):
    """Fewer lines than stretches (empty stretches), unequal tails: same as dpttrs."""
    from scipy.linalg import lapack

    from chippack.thermal import zline_kernels as zk

    rng = np.random.default_rng(lines)
    lengths = rng.integers(1, 12, lines)
    n = int(lengths.sum())
    off = -rng.random(n - 1)
    off[np.cumsum(lengths)[:-1] - 1] = 0.0           # line ends
    diag = 2.5 + rng.random(n)
    d, e, info = lapack.dpttrf(diag, off)
    assert info == 0
    starts = zk.chunk_starts(e)
    assert starts.size == 9 and starts[0] == 0 and starts[-1] == n
    b = rng.standard_normal(n)
    y, x = np.empty(n), np.empty(n)
    zk._forward8(e, b, y, starts)
    zk._backward8(1.0 / d, e, y, x[:0], x, 0.5, starts)
    ref, _ = lapack.dpttrs(d, e, b)
    assert np.allclose(x, 0.5 * ref, rtol=1e-12, atol=1e-14)


def test_compiled_galerkin_equals_sparse_products():
    """zline_kernels.galerkin (P^T A P for piecewise-constant aggregation) equals scipy's
    R @ A @ P, including aggregates of one unknown and empty rows of coarse couplings."""
    import scipy.sparse as sp

    from chippack.thermal.zline_kernels import galerkin

    p = package_problem(3000, seed=2)
    A = assemble(p).matrix.tocsr()
    agg = np.random.default_rng(0).integers(0, 400, A.shape[0])
    agg[:5] = 400 + np.arange(5)
    _, agg = np.unique(agg, return_inverse=True)
    nc = int(agg.max()) + 1
    P = sp.csr_matrix((np.ones(A.shape[0]), agg, np.arange(A.shape[0] + 1)),
                      shape=(A.shape[0], nc))
    ref = (P.T @ A @ P).tocsr()
    Ac = galerkin(A, agg, nc)
    assert Ac.has_sorted_indices
    assert abs(Ac - ref).max() <= 1e-14 * abs(ref).max()


@pytest.mark.parametrize("nb", [2, 3])
def test_row_blocks_apply_the_same_cycle(monkeypatch, nb):
    """Parallel passes (chippack.thermal.threads): a hierarchy whose passes are split into
    ``nb`` row blocks applies the one-block cycle (float64 hierarchy: equal to rounding,
    the block sums only change the summation order), and PCG reaches the same solution
    (SuperLU reference)."""
    import scipy.sparse.linalg as spla

    from chippack.thermal import zline as zl
    from chippack.thermal.solver import pcg

    p = package_problem(20000, seed=3)
    s = assemble(p)
    ijk = np.unravel_index(s.cells, p.shape)
    kw = dict(omega=0.8, aggregation="pairwise", dtype=np.float64, coarse_size=300,
              kcycle_levels=2)
    monkeypatch.setattr(zl, "blocks", lambda n: 1)
    one = ZLineMultigrid(s.matrix, ijk, p.shape, **kw)
    monkeypatch.setattr(zl, "blocks", lambda n: nb)
    many = ZLineMultigrid(s.matrix, ijk, p.shape, **kw)
    assert all((lv.starts.size - 1) // 8 == nb for lv in many.levels[:-1])
    r = np.random.default_rng(4).standard_normal(s.n)
    z1, z2 = one(r), many(r)
    assert np.linalg.norm(z1 - z2) <= 1e-12 * np.linalg.norm(z1)
    b = s.power + s.boundary.load_per_cell(s.n, 25.0)
    ref = spla.spsolve(s.matrix.tocsc(), b)
    x, it, rel = pcg(s.matrix, b, many, tol=1e-10, flexible=True)
    assert rel <= 1e-10 and np.abs(x - ref).max() <= 1e-7 * np.abs(ref).max()


@pytest.mark.parametrize("nb", [1, 2, 5])
def test_cg_passes_any_block_count(nb):
    """The compiled CG passes (chippack.thermal.kernels) give numpy's results for any row
    block count: mat-vec with p.q, the step with r.r, the two dot products, the
    direction update."""
    import scipy.sparse as sp

    from chippack.thermal import kernels as K
    from chippack.thermal.zline_kernels import unsigned

    rng = np.random.default_rng(nb)
    n = 1000
    A = sp.random(n, n, density=0.01, random_state=1, format="csr") + sp.eye(n, format="csr")
    p, x, r = rng.standard_normal((3, n))
    q = np.empty(n)
    pq = K.matvec_dot(unsigned(A.indptr), unsigned(A.indices), A.data, p, q, nb)
    assert np.allclose(q, A @ p) and np.isclose(pq, p @ (A @ p))
    x0, r0, r_old = x.copy(), r.copy(), np.empty(n)
    rr = K.cg_step(x, r, r_old, p, q, 0.3, nb)
    assert np.allclose(x, x0 + 0.3 * p) and np.allclose(r, r0 - 0.3 * q)
    assert np.array_equal(r_old, r0) and np.isclose(rr, r @ r)
    z = rng.standard_normal(n)
    a, b = K.cg_dots(r, z, r_old, nb)
    assert np.isclose(a, r @ z) and np.isclose(b, r_old @ z)
    p0 = p.copy()
    K.cg_direction(p, z, 0.7, nb)
    assert np.allclose(p, 0.7 * p0 + z)
