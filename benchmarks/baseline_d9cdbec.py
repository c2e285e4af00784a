"""The default solver as it stood when issue 14 was filed (commit d9cdbec), frozen.

Issue 14 asks for "at least 2x the current default ``zline``": the default of the day
was this z-line + pairwise-aggregation K-cycle in numpy/scipy (LAPACK ``pttrs`` line
solves, scipy mat-vecs, a float32 hierarchy built by float32 Galerkin products, plain
flexible CG to ``||r|| <= tol ||b||``).  The production solver has since moved on
(float64-built hierarchy, compiled cycle, body deflation), and the benchmark's own
``zline`` row runs the *current* cycle without deflation, so it cannot stand for the
baseline.  This file keeps the baseline measurable on today's matrices: it is
``src/chippack/thermal/zline.py`` and ``pcg`` of ``src/chippack/thermal/solver.py`` at
d9cdbec, unchanged but for this docstring, ``pcg`` moved in and the entry point
:func:`solve` at the end (``build_preconditioner(..., "zline")``'s settings of the day:
omega 0.8, float32, pairwise aggregation).  Not imported by the package.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.linalg import lapack


class _Level:
    __slots__ = ("A", "P", "R", "d", "e", "omega", "shape", "ijk", "lu", "n", "colors",
                 "col", "k", "ncol", "inplane")

    def __init__(self, A, ijk, shape, omega, col=None, ncol=None):
        self.A = A
        self.n = A.shape[0]
        self.ijk = ijk
        self.shape = shape
        if col is None:
            i, j, k = ijk
            uc, col = np.unique(i * shape[1] + j, return_inverse=True)
            ncol = uc.size
        self.col = col
        self.k = ijk[2]
        self.ncol = ncol
        self.omega = omega
        self.P = self.R = self.lu = None
        self.d = self.e = None
        self.colors = None
        self.inplane = []

    def factor_inplane_lines(self, axes=(0, 1), subset: str = "all"):
        """Factorise the tridiagonal x-line (axis 0) and / or y-line (axis 1) parts of A
        for alternating-direction line relaxation (structured levels only: needs the
        (i, j) indices).  ``subset="inplane"`` restricts each direction to the cells whose
        coupling along that axis exceeds the z-coupling (lines break at the subset
        boundary); ``"all"`` uses every cell."""
        A = self.A.tocoo()
        idx = self.ijk
        r, c, v = A.row.astype(np.int64), A.col.astype(np.int64), A.data
        off = r != c
        r, c, v = r[off], c[off], v[off]
        dz = (idx[0][r] == idx[0][c]) & (idx[1][r] == idx[1][c])
        zsum = np.bincount(r[dz], weights=-v[dz].astype(np.float64), minlength=self.n)
        diag = self.A.diagonal()
        pttrf = lapack.spttrf if self.A.dtype == np.float32 else lapack.dpttrf
        self.inplane = []
        for ax in axes:
            o = [a for a in range(3) if a != ax]
            same = (idx[o[0]][r] == idx[o[0]][c]) & (idx[o[1]][r] == idx[o[1]][c])
            m = same & (idx[ax][c] == idx[ax][r] + 1)
            nb = np.full(self.n, -1, dtype=np.int64)
            nb[r[m]] = c[m]
            nbv = np.zeros(self.n, dtype=self.A.dtype)
            nbv[r[m]] = v[m]
            key = [idx[ax], idx[o[1]], idx[o[0]]]
            perm = np.lexsort(key)
            if subset == "inplane":
                asum = np.bincount(r[same], weights=-v[same].astype(np.float64),
                                   minlength=self.n)
                sel = asum > zsum
                perm = perm[sel[perm]]
            if perm.size == 0:
                continue
            p, q = perm[:-1], perm[1:]
            offp = np.where(nb[p] == q, nbv[p], 0).astype(self.A.dtype)
            d, e, info = pttrf(diag[perm], offp)
            if info != 0:
                raise np.linalg.LinAlgError(f"in-plane line factorisation failed ({info})")
            rows = None if perm.size == self.n else self.A[perm]
            self.inplane.append((perm, rows, d, e))

    def inplane_sweep(self, x, b, order):
        pttrs = lapack.spttrs if self.A.dtype == np.float32 else lapack.dpttrs
        for perm, rows, d, e in (self.inplane if order == 1 else self.inplane[::-1]):
            if rows is None:
                res = (b - self.A @ x)[perm]
            else:
                res = b[perm] - rows @ x
            dx, _ = pttrs(d, e, res)
            x[perm] += self.omega * dx
        return x

    def z_tridiagonal(self) -> tuple[np.ndarray, np.ndarray]:
        """(diagonal, super-diagonal) of A restricted to couplings between consecutive
        unknowns of one (i, j) column at k and k+1 (zero where a line ends)."""
        A = self.A
        diag = A.diagonal()
        off = A.diagonal(1).copy() if self.n > 1 else np.zeros(0)
        col, k = self.col, self.k
        same = (col[:-1] == col[1:]) & (k[1:] == k[:-1] + 1)
        off[~same] = 0.0
        return diag, off

    def factor_lines(self):
        """Factorise the z-tridiagonal part T of A (couplings between consecutive unknowns
        in the same (i, j) column at k and k+1)."""
        A = self.A
        diag, off = self.z_tridiagonal()
        pttrf = lapack.spttrf if A.dtype == np.float32 else lapack.dpttrf
        d, e, info = pttrf(diag, off)
        if info != 0:
            raise np.linalg.LinAlgError(f"z-line factorisation failed (dpttrf info {info})")
        self.d, self.e = d, e

    def factor_colors(self):
        """Colour the z-lines so that no two lines of one colour are coupled ((i + j)
        parity on the structured fine grid, a greedy MIS colouring of the column graph on
        aggregated levels) for multicolour line Gauss--Seidel: for each colour the row
        block A_C and the factorised tridiagonal T_C of its lines."""
        A = self.A
        diag, off = self.z_tridiagonal()
        if self.ijk[0] is not None:
            ucol = (self.ijk[0] + self.ijk[1]) % 2
        else:
            from pyamg.graph import vertex_coloring

            G = column_graph(self)
            ucol = np.asarray(vertex_coloring(G, method="MIS"))[self.col]
        pttrf = lapack.spttrf if A.dtype == np.float32 else lapack.dpttrf
        self.colors = []
        for c in range(int(ucol.max()) + 1 if ucol.size else 0):
            idx = np.flatnonzero(ucol == c)
            if idx.size == 0:
                continue
            offc = np.where(idx[1:] == idx[:-1] + 1, off[idx[:-1]], 0.0).astype(A.dtype)
            d, e, info = pttrf(diag[idx], offc)
            if info != 0:
                raise np.linalg.LinAlgError(f"z-line factorisation failed (info {info})")
            self.colors.append((idx, A[idx], d, e))

    def color_sweep(self, x, b, order):
        pttrs = lapack.spttrs if self.A.dtype == np.float32 else lapack.dpttrs
        for idx, Ac, d, e in (self.colors if order == 1 else self.colors[::-1]):
            r = b[idx] - Ac @ x
            dx, _ = pttrs(d, e, r)
            x[idx] += dx
        return x

    def line_solve(self, r):
        pttrs = lapack.spttrs if self.d.dtype == np.float32 else lapack.dpttrs
        x, info = pttrs(self.d, self.e, r)
        return x

    def smooth(self, x, b, sweeps):
        for _ in range(sweeps):
            r = b - self.A @ x
            x += self.omega * self.line_solve(r)
        return x


def column_graph(level: _Level) -> sp.csr_matrix:
    """z-collapsed graph of ``level``: ``C^T A C`` with C the (n, ncol) column indicator,
    i.e. the couplings between two columns summed over the layers (the diagonal, which
    also absorbs the z-couplings, is not used by the strength test)."""
    C = sp.csr_matrix((np.ones(level.n), level.col, np.arange(level.n + 1)),
                      shape=(level.n, level.ncol))
    return (C.T.tocsr() @ level.A.astype(np.float64) @ C).tocsr()


def _compact(ids: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(ids, return_inverse=True)`` for ids in [0, size) in O(n + size)."""
    present = np.zeros(size, dtype=bool)
    present[ids] = True
    uniq = np.flatnonzero(present)
    pos = np.cumsum(present) - 1
    return uniq, pos[ids]


def _smooth_inplane(level: _Level, P: sp.csr_matrix, weight: float) -> sp.csr_matrix:
    """``(I - weight D^-1 L) P`` with L the in-plane part of the level operator as a graph
    Laplacian (off-diagonals of couplings between different columns, zero row sums) and
    D its diagonal: smoothed aggregation restricted to x-y, so the prolongation stays
    layer-wise (no z spreading) and z-line smoothing still applies on the coarse level."""
    A = level.A.tocoo()
    m = (level.col[A.row] != level.col[A.col]) & (level.k[A.row] == level.k[A.col])
    r, c, v = A.row[m], A.col[m], A.data[m].astype(np.float64)
    dxy = -np.bincount(r, weights=v, minlength=level.n)
    inv = np.divide(weight, dxy, out=np.zeros_like(dxy), where=dxy > 0)
    n = level.n
    # S = I - inv*(L) with L = diag(dxy) + offdiag(v)
    rows = np.concatenate([np.arange(n), r])
    cols = np.concatenate([np.arange(n), c])
    vals = np.concatenate([1.0 - inv * dxy, -inv[r] * v])
    S = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return (S @ P.astype(np.float64)).tocsr().astype(level.A.dtype)


def _coarsen_pairwise(level: _Level, omega: float, theta: float = 0.25,
                      matchings: int = 2, smooth_p: float = 0.0) -> _Level:
    """Coarsen by strength-based pairwise matching (Notay 2010, pyamg's C++ kernel) of the
    z-collapsed column graph, identity in z: aggregates follow the strong in-plane
    direction (graded cells of aspect 20+ give coupling ratios of several hundred)."""
    from pyamg.aggregation.aggregate import pairwise_aggregation

    G = column_graph(level)
    T, _ = pairwise_aggregation(G, matchings=matchings, theta=theta)
    T = sp.csr_matrix(T)
    agg = T.indices.astype(np.int64)          # one aggregate per column (rows of T)
    ncol_c = T.shape[1]
    nz = level.shape[2]
    k = level.k
    cid_full = agg[level.col] * nz + k
    uniq, cidx = _compact(cid_full, ncol_c * nz)
    nc = uniq.size
    P = sp.csr_matrix((np.ones(level.n, dtype=level.A.dtype), cidx, np.arange(level.n + 1)),
                      shape=(level.n, nc))
    if smooth_p:
        P = _smooth_inplane(level, P, smooth_p)
    R = P.T.tocsr()
    Ac = (R @ level.A @ P).tocsr()
    Ac.sort_indices()
    ccol, ck = np.divmod(uniq, nz)
    level.P, level.R = P, R
    return _Level(Ac, (None, None, ck), (None, None, nz), omega, col=ccol, ncol=ncol_c)


def _coarsen(level: _Level, omega: float, agg: int = 2) -> _Level:
    i, j, k = level.ijk
    nx, ny, nz = level.shape
    ncx, ncy = (nx + agg - 1) // agg, (ny + agg - 1) // agg
    cid_full = ((i // agg) * ncy + (j // agg)) * nz + k
    uniq, cidx = _compact(cid_full, ncx * ncy * nz)
    nc = uniq.size
    P = sp.csr_matrix((np.ones(level.n, dtype=level.A.dtype), cidx, np.arange(level.n + 1)),
                      shape=(level.n, nc))
    R = P.T.tocsr()
    Ac = (R @ level.A @ P).tocsr()
    Ac.sort_indices()
    ci, rem = np.divmod(uniq, ncy * nz)
    cj, ck = np.divmod(rem, nz)
    level.P, level.R = P, R
    return _Level(Ac, (ci, cj, ck), (ncx, ncy, nz), omega)


class ZLineMultigrid:
    """z-line smoothed, x-y aggregation multigrid preconditioner (see module docstring).

    ``aggregation``: ``"2x2"`` (geometric, ``agg`` x ``agg`` columns) or ``"pairwise"``
    (``matchings`` passes of strength-based pairwise matching with threshold ``theta``);
    ``smooth_p``: weight of the in-plane prolongation smoothing (0: plain aggregation).

    Parameters
    ----------
    matrix : CSR (n, n), SPD
    ijk : tuple of three int arrays (n,)
        Grid indices of each unknown; unknowns must be ordered by (i, j, k) (C order).
    shape : (nx, ny, nz)
    omega : float
        Damping of the z-line Jacobi smoother.
    pre, post : int
        Smoothing sweeps before / after the coarse correction.
    coarse_size : int
        Stop coarsening below this many unknowns (sparse LU there).
    kcycle : bool
        K-cycle (two flexible CG steps per coarse level) instead of a V-cycle.
    """

    def __init__(self, matrix, ijk, shape, omega: float = 0.7, pre: int = 1, post: int = 1,
                 coarse_size: int = 3000, kcycle: bool = True, max_levels: int = 20,
                 agg: int = 2, dtype=np.float64, kcycle_levels: int = 99,
                 smoother: str = "jacobi", aggregation: str = "2x2", theta: float = 0.25,
                 matchings: int = 2, smooth_p: float = 0.0, adi: tuple = (),
                 adi_levels: int = 1, adi_subset: str = "all"):
        self.pre, self.post, self.kcycle = pre, post, kcycle
        if smoother not in ("jacobi", "rb"):
            raise ValueError(f"smoother {smoother!r}: use 'jacobi' or 'rb'")
        self.smoother = smoother
        self.kcycle_levels = kcycle_levels
        self.dtype = np.dtype(dtype)
        A = sp.csr_matrix(matrix).astype(self.dtype)
        lvl = _Level(A, tuple(np.asarray(a, dtype=np.int64) for a in ijk), tuple(shape), omega)
        self.levels = [lvl]
        if aggregation not in ("2x2", "pairwise"):
            raise ValueError(f"aggregation {aggregation!r}: use '2x2' or 'pairwise'")
        while lvl.n > coarse_size and len(self.levels) < max_levels and lvl.ncol > 1:
            if aggregation == "pairwise":
                nxt = _coarsen_pairwise(lvl, omega, theta, matchings, smooth_p)
                if nxt.ncol >= lvl.ncol:
                    break
                lvl = nxt
            else:
                lvl = _coarsen(lvl, omega, agg)
            self.levels.append(lvl)
        for lv in self.levels[:-1]:
            if smoother == "rb":
                lv.factor_colors()
            else:
                lv.factor_lines()
        for lv in self.levels[:min(adi_levels, len(self.levels) - 1)]:
            if adi and lv.ijk[0] is not None:
                lv.factor_inplane_lines(tuple(adi), adi_subset)
        self.levels[-1].lu = spla.splu(self.levels[-1].A.astype(np.float64).tocsc())

    @property
    def info(self) -> dict:
        nnz = [lv.A.nnz for lv in self.levels]
        return {"levels": len(self.levels),
                "operator_complexity": float(sum(nnz) / nnz[0]),
                "grid_complexity": float(sum(lv.n for lv in self.levels) / self.levels[0].n),
                "coarse_unknowns": int(self.levels[-1].n)}

    def _solve_level(self, li: int, b: np.ndarray) -> np.ndarray:
        lv = self.levels[li]
        if lv.lu is not None:
            return lv.lu.solve(b.astype(np.float64)).astype(b.dtype)
        if self.smoother == "rb":
            x = np.zeros_like(b)
            for _ in range(self.pre):
                lv.color_sweep(x, b, 1)
            rc = lv.R @ (b - lv.A @ x)
            if self.kcycle and li + 1 < len(self.levels) - 1 and li < self.kcycle_levels:
                ec = self._kcycle(li + 1, rc)
            else:
                ec = self._solve_level(li + 1, rc)
            x += lv.P @ ec
            for _ in range(self.post):
                lv.color_sweep(x, b, -1)
            return x
        x = self.pre and lv.omega * lv.line_solve(b)
        if self.pre > 1:
            x = lv.smooth(x, b, self.pre - 1)
        if self.pre == 0:
            x = np.zeros_like(b)
        if lv.inplane:
            x = lv.inplane_sweep(x, b, 1)
        r = b - lv.A @ x
        rc = lv.R @ r
        if self.kcycle and li + 1 < len(self.levels) - 1 and li < self.kcycle_levels:
            ec = self._kcycle(li + 1, rc)
        else:
            ec = self._solve_level(li + 1, rc)
        x += lv.P @ ec
        if lv.inplane:
            x = lv.inplane_sweep(x, b, -1)
        if self.post:
            x = lv.smooth(x, b, self.post)
        return x

    def _kcycle(self, li: int, b: np.ndarray) -> np.ndarray:
        """Two steps of flexible CG on level li preconditioned by the cycle below."""
        A = self.levels[li].A
        c1 = self._solve_level(li, b)
        v1 = A @ c1
        rho1 = float(c1 @ v1)
        alpha1 = float(c1 @ b)
        if rho1 <= 0:
            return c1
        r = b - (alpha1 / rho1) * v1
        c2 = self._solve_level(li, r)
        v2 = A @ c2
        gamma = float(c2 @ v1)
        beta = float(c2 @ v2)
        alpha2 = float(c2 @ r)
        rho2 = beta - gamma * gamma / rho1
        if rho2 <= 0:
            return (alpha1 / rho1) * c1
        return (alpha1 / rho1 - gamma * alpha2 / (rho1 * rho2)) * c1 + (alpha2 / rho2) * c2

    def __call__(self, r: np.ndarray) -> np.ndarray:
        if self.dtype == np.float64:
            return self._solve_level(0, r)
        return self._solve_level(0, r.astype(self.dtype)).astype(np.float64)


def pcg(matrix, b: np.ndarray, precond: Callable | None, x0: np.ndarray | None = None,
        tol: float = 1e-10, maxiter: int = 500,
        flexible: bool = False) -> tuple[np.ndarray, int, float]:
    """Preconditioned conjugate gradients for SPD ``matrix``.

    Stops when ``||b - K x||_2 <= tol ||b||_2`` (true residual re-checked at the end).
    ``flexible`` uses the Polak--Ribiere update beta = z_new.(r_new - r_old) / z_old.r_old
    (Notay 2000), needed when the preconditioner varies between applications (K-cycle,
    float32 arithmetic).  Returns ``(x, iterations, relative_residual)``; never raises.
    """
    bnorm = float(np.linalg.norm(b))
    if bnorm == 0.0:
        return np.zeros_like(b), 0, 0.0
    x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=float, copy=True)
    r = b - matrix @ x if x0 is not None else b.copy()
    target = tol * bnorm
    rnorm = float(np.linalg.norm(r))
    it = 0
    if rnorm <= target:
        return x, 0, rnorm / bnorm
    z = precond(r) if precond is not None else r.copy()
    p = z.copy()
    rz = float(r @ z)
    while it < maxiter:
        q = matrix @ p
        pq = float(p @ q)
        if pq <= 0.0:
            break
        alpha = rz / pq
        x += alpha * p
        if flexible:
            r_old = r.copy()
        r -= alpha * q
        it += 1
        rnorm = float(np.linalg.norm(r))
        if rnorm <= target:
            # confirm with the true residual (guards against drift of the recurrence)
            r = b - matrix @ x
            rnorm = float(np.linalg.norm(r))
            if rnorm <= target:
                break
        z = precond(r) if precond is not None else r.copy()
        rz_new = float(r @ z)
        beta = (rz_new - float(r_old @ z)) / rz if flexible else rz_new / rz
        rz = rz_new
        p *= beta
        p += z
    return x, it, rnorm / bnorm


def solve(matrix, b, ijk, shape, tol: float = 1e-10, maxiter: int = 500):
    """Set up and run the d9cdbec default: returns ``(x, iterations, rel. residual,
    setup_s, solve_s)``."""
    import time

    t0 = time.perf_counter()
    mg = ZLineMultigrid(sp.csr_matrix(matrix), ijk, shape, omega=0.8, dtype=np.float32,
                        aggregation="pairwise")
    t1 = time.perf_counter()
    x, it, rel = pcg(matrix, b, mg, tol=tol, maxiter=maxiter, flexible=True)
    return x, it, rel, t1 - t0, time.perf_counter() - t1
