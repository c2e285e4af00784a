"""Structured multigrid for thin-layer package grids: z-line smoothing + x-y aggregation.

Package meshes are stacks of thin layers (down to ~15 um) under ~100-200 um in-plane
cells, so face conductances along z are up to ~100x those in-plane, while in organic
substrates (k_xy 20, k_z 0.5) the in-plane couplings dominate.  The classical robust
multigrid recipe for this mix is *line relaxation along z combined with coarsening in x
and y only* (z is never coarsened): the z-line smoother removes all error that is rough
along z (whatever the z-coupling strength), and x-y coarsening handles the in-plane
Laplacian (Trottenberg, Oosterlee & Schueller, *Multigrid*, 2001, sections 5.1-5.2 and
7.6).

This module implements that recipe algebraically on the assembled CSR matrix, using only
the (i, j, k) index of each unknown:

* smoother: damped z-line Jacobi, ``x += omega T^-1 (b - K x)`` with T the tridiagonal
  z-part of K (diagonal included); T is factorised once per level by LAPACK ``dpttrf``
  (L D L^T of an SPD tridiagonal) and applied with ``dpttrs`` on the whole vector
  (columns are consecutive in C order, so all z-lines form one tridiagonal system);
* coarsening: aggregation of whole columns in x-y, identity in z; piecewise-constant
  prolongation P, Galerkin coarse operator P^T K P (again a 7-point-like structure), so
  the set-up is a handful of sparse products.  ``aggregation="pairwise"`` (default of
  :mod:`chippack.thermal.solver`) builds the aggregates by two passes of strength-based
  pairwise matching (Notay 2010; pyamg's C++ kernel; strength threshold theta 0.6 in
  :mod:`chippack.thermal.solver`: a column pairs only along couplings of at least 0.6
  times its strongest, so aggregates on the graded board stay lines along the strong
  direction -- 40 -> 30 PCG iterations on the 1.2M-cell seed-000 still-air model against
  0.25, and 5-7 % fewer summed over the six examples in four environments at three
  mesh sizes, ``benchmarks/RESULTS.md``) on the z-collapsed column graph ``C^T K C``,
  so aggregates follow the strongly coupled in-plane direction: graded meshes (cells 0.06-15 mm, in-plane aspect up to ~25) have
  x/y coupling ratios up to ~1000, where fixed 2 x 2 aggregation (``"2x2"``) leaves
  the two-grid method at 72 PCG iterations against 21 (measured, seed-000 still-air);
* variants that lost on every benchmark (multicolour line Gauss--Seidel, in-plane
  smoothed prolongation, x/y line relaxation on the finest level, a ratio-2 first
  matching) live in ``benchmarks/zline_variants.py`` for re-measuring
  (``benchmarks/RESULTS.md`` has their numbers);
* cycle: K-cycle (Notay & Vassilevski 2008): on a coarse level two flexible-CG
  steps preconditioned by the next level, which restores the level-independent
  convergence that plain V-cycles lose with unsmoothed aggregation -- by default
  (:mod:`chippack.thermal.solver`, ``kcycle_levels=2``) on the first two coarse levels
  only, V-cycle below (the same iterations on the 1.2M-cell seed-000 model, ~20 % less
  work per iteration); coarsest level solved by sparse LU.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.linalg import lapack

from chippack.thermal.threads import blocks
from chippack.thermal.zline_kernels import (
    CHUNKS,
    chunk_starts,
    galerkin,
    kcycle_combine,
    kcycle_first,
    kcycle_residual,
    kcycle_second,
    presmooth_restrict,
    prolong_postsmooth,
    unsigned,
)


class _Level:
    __slots__ = ("A", "P", "R", "d", "e", "omega", "shape", "ijk", "lu", "n", "col", "k",
                 "ncol", "agg", "starts", "dinv")

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
        self.agg = None        # coarse unknown of each unknown (piecewise-constant P only)
        self.dinv = None       # 1 / D of the line factors (compiled substitutions)
        self.starts = None     # stretches of z-lines for the compiled substitutions

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
        self.dinv = 1.0 / d
        self.starts = chunk_starts(e, blocks(self.n))

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
    # scipy's products, not zline_kernels.galerkin: pyamg's matching breaks ties in the
    # storage order of each row, and the sorted rows of galerkin change the aggregates
    # (lidded-FCBGA still air 25 -> 28 iterations, measured)
    C = sp.csr_matrix((np.ones(level.n), level.col, np.arange(level.n + 1)),
                      shape=(level.n, level.ncol))
    return (C.T.tocsr() @ level.A.astype(np.float64, copy=False) @ C).tocsr()


def _compact(ids: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(ids, return_inverse=True)`` for ids in [0, size) in O(n + size)."""
    present = np.zeros(size, dtype=bool)
    present[ids] = True
    uniq = np.flatnonzero(present)
    pos = np.cumsum(present) - 1
    return uniq, pos[ids]


def _coarsen_pairwise(level: _Level, omega: float, theta: float = 0.25,
                      matchings: int = 2, prolongation=None) -> _Level:
    """Coarsen by strength-based pairwise matching (Notay 2010, pyamg's C++ kernel) of the
    z-collapsed column graph, identity in z: aggregates follow the strong in-plane
    direction (graded cells of aspect 20+ give coupling ratios of several hundred).
    ``prolongation(level, P)`` (experiments only) may replace the piecewise-constant P."""
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
    Ac = _galerkin_coarse(level, cidx, nc, prolongation)
    ccol, ck = np.divmod(uniq, nz)
    return _Level(Ac, (None, None, ck), (None, None, nz), omega, col=ccol, ncol=ncol_c)


def _galerkin_coarse(level: _Level, cidx: np.ndarray, nc: int, prolongation=None):
    """Set ``level.P`` / ``level.R`` for the aggregation ``cidx`` (coarse unknown of each
    unknown, ``nc`` of them) and return the coarse operator ``R A P``: piecewise-constant
    P by the compiled pass (and ``level.agg`` for the compiled cycle), or
    ``prolongation(level, P)`` (experiments) by scipy's products."""
    P = sp.csr_matrix((np.ones(level.n, dtype=level.A.dtype), cidx, np.arange(level.n + 1)),
                      shape=(level.n, nc))
    if prolongation is not None:
        P = prolongation(level, P)
    level.P, level.R = P, P.T.tocsr()
    if prolongation is not None:
        Ac = (level.R @ level.A @ P).tocsr()
        Ac.sort_indices()
        return Ac
    level.agg = cidx.astype(np.uint32)
    return galerkin(level.A, cidx, nc)


def _coarsen(level: _Level, omega: float, agg=2) -> _Level:
    """Geometric aggregation of ``agg`` x ``agg`` columns (``agg`` an int) or of
    ``ax`` x ``ay`` columns (``agg = (ax, ay)``; (2, 1) is semi-coarsening along x)."""
    i, j, k = level.ijk
    nx, ny, nz = level.shape
    ax, ay = (agg, agg) if np.isscalar(agg) else agg
    ncx, ncy = (nx + ax - 1) // ax, (ny + ay - 1) // ay
    cid_full = ((i // ax) * ncy + (j // ay)) * nz + k
    uniq, cidx = _compact(cid_full, ncx * ncy * nz)
    nc = uniq.size
    Ac = _galerkin_coarse(level, cidx, nc)
    ci, rem = np.divmod(uniq, ncy * nz)
    cj, ck = np.divmod(rem, nz)
    return _Level(Ac, (ci, cj, ck), (ncx, ncy, nz), omega)


class ZLineMultigrid:
    """z-line smoothed, x-y aggregation multigrid preconditioner (see module docstring).

    ``aggregation``: ``"2x2"`` (geometric, ``agg`` x ``agg`` columns; ``agg = (ax, ay)``
    for unequal factors) or ``"pairwise"`` (``matchings`` passes of strength-based
    pairwise matching with threshold ``theta``).

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
    kcycle_levels : int
        K-cycle only on the coarse levels below this index (V-cycle further down).
    kcycle_tol : float
        Skip the K-cycle's second step when the first left the residual below
        ``kcycle_tol`` times the level's right-hand side (0: always two steps).
    dtype, coarse_dtype :
        Precision of the finest / the coarse levels (the hierarchy is built in float64).
    """

    def __init__(self, matrix, ijk, shape, omega: float = 0.7, pre: int = 1, post: int = 1,
                 coarse_size: int = 3000, kcycle: bool = True, max_levels: int = 20,
                 agg: int = 2, dtype=np.float64, kcycle_levels: int = 99,
                 aggregation: str = "2x2", theta: float = 0.25, matchings: int = 2,
                 coarse_dtype=None, fused: bool = True, kcycle_tol: float = 0.0):
        self.pre, self.post, self.kcycle = pre, post, kcycle
        self.kcycle_tol = float(kcycle_tol)
        # the compiled single-pass level (zline_kernels) does exactly one sweep before
        # and after; subclasses with their own smoothers keep the numpy cycle
        cls = type(self)
        self.fused = bool(fused) and pre == 1 and post == 1 and \
            cls._presmooth is ZLineMultigrid._presmooth and \
            cls._postsmooth is ZLineMultigrid._postsmooth
        self.kcycle_levels = kcycle_levels
        self.dtype = np.dtype(dtype)
        coarse_dtype = self.dtype if coarse_dtype is None else np.dtype(coarse_dtype)
        if aggregation not in ("2x2", "pairwise"):
            raise ValueError(f"aggregation {aggregation!r}: use '2x2' or 'pairwise'")
        self.aggregation, self.agg, self.theta, self.matchings = (aggregation, agg, theta,
                                                                  matchings)
        # the hierarchy is built in float64 and only then rounded: Galerkin sums of
        # float32 entries lose the tiny row sums (boundary conductances ~1e-8 of the
        # diagonal in still air) and can leave coarse operators indefinite
        A = sp.csr_matrix(matrix).astype(np.float64, copy=False)
        lvl = _Level(A, tuple(np.asarray(a, dtype=np.int64) for a in ijk), tuple(shape), omega)
        self.levels = [lvl]
        while lvl.n > coarse_size and len(self.levels) < max_levels and lvl.ncol > 1:
            nxt = self._coarsen_level(lvl, len(self.levels) - 1)
            if nxt is None:
                break
            lvl = nxt
            self.levels.append(lvl)
        self._factor()
        self.levels[-1].lu = spla.splu(self.levels[-1].A.tocsc())
        for li, lv in enumerate(self.levels):
            dt = self.dtype if li == 0 else coarse_dtype
            if dt == np.float64 or lv.lu is not None:   # the LU level stays float64
                continue
            self._round(li, dt)

    def _coarsen_level(self, lvl: _Level, li: int) -> _Level | None:
        """The level below ``lvl`` (index ``li``), or None when coarsening stalls."""
        if self.aggregation == "pairwise":
            m = self.matchings
            if not np.isscalar(m):          # one count per level, the last one repeated
                m = m[min(li, len(m) - 1)]
            nxt = _coarsen_pairwise(lvl, lvl.omega, self.theta, int(m))
            return None if nxt.ncol >= lvl.ncol else nxt
        return _coarsen(lvl, lvl.omega, self.agg)

    def _factor(self) -> None:
        """Factorise the smoothers of every level above the coarsest."""
        for lv in self.levels[:-1]:
            lv.factor_lines()

    def _round(self, li: int, dt) -> None:
        """Round level ``li`` (operator, transfer operators, line factors) to ``dt``."""
        lv = self.levels[li]
        for name in ("A", "P", "R", "d", "e", "dinv"):
            v = getattr(lv, name)
            if v is None:
                continue
            if sp.issparse(v):
                # new values on the same index arrays (scipy's astype also copies the
                # indices and offsets: 22 MB on a 1.2M-cell fine level); only for a
                # canonical matrix, where scipy's in-place sort_indices / sum_duplicates
                # on the shared original (the caller's matrix on level 0) are no-ops
                v = v.tocsr()
                if v.has_canonical_format:
                    v = sp.csr_matrix((v.data.astype(dt), v.indices, v.indptr),
                                      shape=v.shape)
                else:
                    v = v.astype(dt)
            else:
                v = v.astype(dt)
            setattr(lv, name, v)

    @property
    def info(self) -> dict:
        nnz = [lv.A.nnz for lv in self.levels]
        return {"levels": len(self.levels),
                "operator_complexity": float(sum(nnz) / nnz[0]),
                "grid_complexity": float(sum(lv.n for lv in self.levels) / self.levels[0].n),
                "coarse_unknowns": int(self.levels[-1].n)}

    def _presmooth(self, li: int, b: np.ndarray) -> np.ndarray:
        """``pre`` damped z-line Jacobi sweeps from a zero guess."""
        lv = self.levels[li]
        if self.pre == 0:
            return np.zeros_like(b)
        x = lv.omega * lv.line_solve(b)
        if self.pre > 1:
            x = lv.smooth(x, b, self.pre - 1)
        return x

    def _postsmooth(self, li: int, x: np.ndarray, b: np.ndarray) -> np.ndarray:
        if self.post:
            x = self.levels[li].smooth(x, b, self.post)
        return x

    def _solve_level(self, li: int, b: np.ndarray) -> np.ndarray:
        lv = self.levels[li]
        if lv.lu is not None:
            return lv.lu.solve(b)
        if self.fused and lv.agg is not None:
            return self._fused_level(li, b)
        x = self._presmooth(li, b)
        r = b - lv.A @ x
        ec = self._coarse_correction(li, self._down(li, lv.R @ r))
        x += lv.P @ ec.astype(lv.A.dtype, copy=False)
        return self._postsmooth(li, x, b)

    def _coarse_correction(self, li: int, rc: np.ndarray) -> np.ndarray:
        if self.kcycle and li + 1 < len(self.levels) - 1 and li < self.kcycle_levels:
            return self._kcycle(li + 1, rc)
        return self._solve_level(li + 1, rc)

    def _fused_level(self, li: int, b: np.ndarray) -> np.ndarray:
        """The cycle of level ``li`` by the compiled kernels: same operations as the
        numpy path (one sweep before and after), no vector temporaries; ``b`` may be
        float64 on a float32 level (the result then comes back in float64)."""
        lv = self.levels[li]
        A = lv.A
        nxt = self.levels[li + 1]
        rc = np.empty(nxt.n, dtype=np.float64 if nxt.lu is not None else nxt.A.dtype)
        x = np.empty(lv.n, dtype=A.dtype)
        indptr, indices = unsigned(A.indptr), unsigned(A.indices)
        presmooth_restrict(indptr, indices, A.data, lv.dinv, lv.e, b, lv.omega, lv.agg,
                           rc, x, lv.starts)
        ec = self._coarse_correction(li, rc)
        out = np.empty(lv.n, dtype=np.result_type(A.dtype, b.dtype))
        prolong_postsmooth(indptr, indices, A.data, lv.dinv, lv.e, b, lv.omega, lv.agg,
                           ec, x, out, lv.starts)
        return out

    def _down(self, li: int, rc: np.ndarray) -> np.ndarray:
        """Restricted residual in the precision of level ``li + 1``."""
        nxt = self.levels[li + 1]
        dt = np.float64 if nxt.lu is not None else nxt.A.dtype
        return rc.astype(dt, copy=False)

    def _kcycle(self, li: int, b: np.ndarray) -> np.ndarray:
        """Two steps of flexible CG on level li preconditioned by the cycle below."""
        lv = self.levels[li]
        A = lv.A
        if self.fused and lv.agg is not None and b.dtype == A.dtype:
            return self._kcycle_compiled(li, b)
        c1 = self._solve_level(li, b)
        v1 = A @ c1
        rho1 = float(c1 @ v1)
        alpha1 = float(c1 @ b)
        if rho1 <= 0:
            return c1
        r = b - (alpha1 / rho1) * v1
        if float(r @ r) <= self.kcycle_tol ** 2 * float(b @ b):
            return (alpha1 / rho1) * c1
        c2 = self._solve_level(li, r)
        v2 = A @ c2
        gamma = float(c2 @ v1)
        beta = float(c2 @ v2)
        alpha2 = float(c2 @ r)
        rho2 = beta - gamma * gamma / rho1
        if rho2 <= 0:
            return (alpha1 / rho1) * c1
        return (alpha1 / rho1 - gamma * alpha2 / (rho1 * rho2)) * c1 + (alpha2 / rho2) * c2

    def _kcycle_compiled(self, li: int, b: np.ndarray) -> np.ndarray:
        """:meth:`_kcycle` by compiled passes: each mat-vec with its dot products, the
        residual and the combination in place; dot products summed in float64.  With
        ``kcycle_tol`` t > 0 the second step is taken only when the first left the
        residual above t ||b|| (Notay & Vassilevski 2008, section 3; AGMG uses t = 0.25)."""
        lv = self.levels[li]
        A = lv.A
        nb = (lv.starts.size - 1) // CHUNKS
        indptr, indices = unsigned(A.indptr), unsigned(A.indices)
        c1 = self._solve_level(li, b)
        v1 = np.empty_like(c1)
        rho1, alpha1, bb = kcycle_first(indptr, indices, A.data, c1, b, v1, nb)
        if rho1 <= 0:
            return c1
        r = np.empty_like(c1)
        rr = kcycle_residual(b, v1, alpha1 / rho1, r, nb)
        if rr <= self.kcycle_tol ** 2 * bb:
            c1 *= alpha1 / rho1
            return c1
        c2 = self._solve_level(li, r)
        gamma, beta, alpha2 = kcycle_second(indptr, indices, A.data, c2, v1, r, nb)
        rho2 = beta - gamma * gamma / rho1
        if rho2 <= 0:
            c1 *= alpha1 / rho1
            return c1
        kcycle_combine(c1, c2, alpha1 / rho1 - gamma * alpha2 / (rho1 * rho2),
                       alpha2 / rho2, nb)
        return c1

    def __call__(self, r: np.ndarray) -> np.ndarray:
        if self.dtype == np.float64 or (self.fused and self.levels[0].agg is not None):
            return self._solve_level(0, r)
        return self._solve_level(0, r.astype(self.dtype)).astype(np.float64)
