"""Variants of the z-line multigrid that lost on every benchmark, kept for re-measuring.

They left :mod:`chippack.thermal.zline` (``benchmarks/RESULTS.md`` has the numbers) and
extend :class:`chippack.thermal.zline.ZLineMultigrid` through its hooks here:

* ``smoother="rb"``: multicolour z-line Gauss--Seidel (colours by (i + j) parity on the
  structured fine grid, MIS colouring of the column graph on aggregated levels);
* ``smooth_p > 0`` (on the ``smooth_levels`` finest levels): in-plane smoothed
  prolongation, SA restricted to x-y (the prolongation stays layer-wise);
* ``first_matchings``: the number of pairwise matchings on the finest level only;
* ``adi=(0, 1)`` (on the ``adi_levels`` finest structured levels): after the z-line
  pre-smoothing, and mirrored before the post-smoothing, one damped x-line and one y-line
  Jacobi step (tridiagonal solves along x / y in a permuted order; ``adi_subset=
  "inplane"``: only in cells whose coupling along that axis exceeds the z-coupling).

Used by ``benchmarks/experiments.py`` and ``benchmarks/semicoarsening.py``; tested for
correctness against the direct solve in ``tests/thermal/test_zline_variants.py``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.linalg import lapack

from chippack.thermal.zline import ZLineMultigrid, _coarsen_pairwise, _Level, column_graph

#: options of :class:`VariantZLineMultigrid` that the production class does not take
VARIANT_OPTIONS = ("smoother", "smooth_p", "smooth_levels", "first_matchings", "adi",
                   "adi_levels", "adi_subset")


def factor_inplane_lines(level: _Level, axes=(0, 1), subset: str = "all") -> list:
    """Factorised tridiagonal x-line (axis 0) and / or y-line (axis 1) parts of the level
    operator as ``(perm, rows, d, e)`` per axis (structured levels only: needs the (i, j)
    indices).  ``subset="inplane"`` restricts each direction to the cells whose coupling
    along that axis exceeds the z-coupling (lines break at the subset boundary)."""
    A = level.A.tocoo()
    idx = level.ijk
    r, c, v = A.row.astype(np.int64), A.col.astype(np.int64), A.data
    off = r != c
    r, c, v = r[off], c[off], v[off]
    dz = (idx[0][r] == idx[0][c]) & (idx[1][r] == idx[1][c])
    zsum = np.bincount(r[dz], weights=-v[dz].astype(np.float64), minlength=level.n)
    diag = level.A.diagonal()
    pttrf = lapack.spttrf if level.A.dtype == np.float32 else lapack.dpttrf
    lines = []
    for ax in axes:
        o = [a for a in range(3) if a != ax]
        same = (idx[o[0]][r] == idx[o[0]][c]) & (idx[o[1]][r] == idx[o[1]][c])
        m = same & (idx[ax][c] == idx[ax][r] + 1)
        nb = np.full(level.n, -1, dtype=np.int64)
        nb[r[m]] = c[m]
        nbv = np.zeros(level.n, dtype=level.A.dtype)
        nbv[r[m]] = v[m]
        perm = np.lexsort([idx[ax], idx[o[1]], idx[o[0]]])
        if subset == "inplane":
            asum = np.bincount(r[same], weights=-v[same].astype(np.float64),
                               minlength=level.n)
            sel = asum > zsum
            perm = perm[sel[perm]]
        if perm.size == 0:
            continue
        p, q = perm[:-1], perm[1:]
        offp = np.where(nb[p] == q, nbv[p], 0).astype(level.A.dtype)
        d, e, info = pttrf(diag[perm], offp)
        if info != 0:
            raise np.linalg.LinAlgError(f"in-plane line factorisation failed ({info})")
        rows = None if perm.size == level.n else level.A[perm]
        lines.append((perm, rows, d, e))
    return lines


def inplane_sweep(level: _Level, lines: list, x, b, order: int):
    """Damped in-plane line Jacobi steps (x then y for ``order`` 1, reversed for -1)."""
    pttrs = lapack.spttrs if level.A.dtype == np.float32 else lapack.dpttrs
    for perm, rows, d, e in (lines if order == 1 else lines[::-1]):
        res = (b - level.A @ x)[perm] if rows is None else b[perm] - rows @ x
        dx, _ = pttrs(d, e, res)
        x[perm] += level.omega * dx
    return x


def factor_colors(level: _Level) -> list:
    """Colour the z-lines so that no two lines of one colour are coupled; per colour the
    row block A_C and the factorised tridiagonal T_C of its lines."""
    A = level.A
    diag, off = level.z_tridiagonal()
    if level.ijk[0] is not None:
        ucol = (level.ijk[0] + level.ijk[1]) % 2
    else:
        from pyamg.graph import vertex_coloring

        ucol = np.asarray(vertex_coloring(column_graph(level), method="MIS"))[level.col]
    pttrf = lapack.spttrf if A.dtype == np.float32 else lapack.dpttrf
    colors = []
    for c in range(int(ucol.max()) + 1 if ucol.size else 0):
        idx = np.flatnonzero(ucol == c)
        if idx.size == 0:
            continue
        offc = np.where(idx[1:] == idx[:-1] + 1, off[idx[:-1]], 0.0).astype(A.dtype)
        d, e, info = pttrf(diag[idx], offc)
        if info != 0:
            raise np.linalg.LinAlgError(f"z-line factorisation failed (info {info})")
        colors.append((idx, A[idx], d, e))
    return colors


def color_sweep(level: _Level, colors: list, x, b, order: int):
    pttrs = lapack.spttrs if level.A.dtype == np.float32 else lapack.dpttrs
    for idx, Ac, d, e in (colors if order == 1 else colors[::-1]):
        dx, _ = pttrs(d, e, b[idx] - Ac @ x)
        x[idx] += dx
    return x


def smooth_inplane(level: _Level, P: sp.csr_matrix, weight: float) -> sp.csr_matrix:
    """``(I - weight D^-1 L) P`` with L the in-plane part of the level operator as a graph
    Laplacian and D its diagonal: smoothed aggregation restricted to x-y."""
    A = level.A.tocoo()
    m = (level.col[A.row] != level.col[A.col]) & (level.k[A.row] == level.k[A.col])
    r, c, v = A.row[m], A.col[m], A.data[m].astype(np.float64)
    dxy = -np.bincount(r, weights=v, minlength=level.n)
    inv = np.divide(weight, dxy, out=np.zeros_like(dxy), where=dxy > 0)
    n = level.n
    rows = np.concatenate([np.arange(n), r])
    cols = np.concatenate([np.arange(n), c])
    vals = np.concatenate([1.0 - inv * dxy, -inv[r] * v])
    S = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return (S @ P.astype(np.float64)).tocsr().astype(level.A.dtype)


class VariantZLineMultigrid(ZLineMultigrid):
    """:class:`ZLineMultigrid` with the losing options of the module docstring."""

    def __init__(self, matrix, ijk, shape, smoother: str = "jacobi", smooth_p: float = 0.0,
                 smooth_levels: int = 99, first_matchings: int | None = None,
                 adi: tuple = (), adi_levels: int = 1, adi_subset: str = "all", **kw):
        if smoother not in ("jacobi", "rb"):
            raise ValueError(f"smoother {smoother!r}: use 'jacobi' or 'rb'")
        self.smoother = smoother
        self.smooth_p, self.smooth_levels = smooth_p, smooth_levels
        self.first_matchings = first_matchings
        self.adi, self.adi_levels, self.adi_subset = tuple(adi), adi_levels, adi_subset
        self.colors: dict[int, list] = {}
        self.inplane: dict[int, list] = {}
        super().__init__(matrix, ijk, shape, **kw)

    def _coarsen_level(self, lvl, li):
        if self.aggregation != "pairwise":
            return super()._coarsen_level(lvl, li)
        mt = self.first_matchings if (li == 0 and self.first_matchings) else self.matchings
        smooth = self.smooth_p if li < self.smooth_levels else 0.0
        prolongation = (lambda level, P: smooth_inplane(level, P, smooth)) if smooth else None
        nxt = _coarsen_pairwise(lvl, lvl.omega, self.theta, mt, prolongation)
        return None if nxt.ncol >= lvl.ncol else nxt

    def _factor(self):
        for li, lv in enumerate(self.levels[:-1]):
            if self.smoother == "rb":
                self.colors[li] = factor_colors(lv)
            else:
                lv.factor_lines()
            if self.adi and li < self.adi_levels and lv.ijk[0] is not None:
                self.inplane[li] = factor_inplane_lines(lv, self.adi, self.adi_subset)

    def _round(self, li, dt):
        super()._round(li, dt)
        if li in self.colors:
            self.colors[li] = [(i, a.astype(dt), d.astype(dt), e.astype(dt))
                               for i, a, d, e in self.colors[li]]
        if li in self.inplane:
            self.inplane[li] = [(p, None if r is None else r.astype(dt), d.astype(dt),
                                 e.astype(dt)) for p, r, d, e in self.inplane[li]]

    def _presmooth(self, li, b):
        lv = self.levels[li]
        if self.smoother == "rb":
            x = np.zeros_like(b)
            for _ in range(self.pre):
                color_sweep(lv, self.colors[li], x, b, 1)
            return x
        x = super()._presmooth(li, b)
        if li in self.inplane:
            x = inplane_sweep(lv, self.inplane[li], x, b, 1)
        return x

    def _postsmooth(self, li, x, b):
        lv = self.levels[li]
        if self.smoother == "rb":
            for _ in range(self.post):
                color_sweep(lv, self.colors[li], x, b, -1)
            return x
        if li in self.inplane:
            x = inplane_sweep(lv, self.inplane[li], x, b, -1)
        return super()._postsmooth(li, x, b)


def variant_preconditioner(matrix, method: str, structure, **options):
    """:func:`chippack.thermal.solver.build_preconditioner` for ``"zline"`` /
    ``"zline-2x2"`` with the variant options (same defaults: omega 0.8, float32)."""
    import time

    from chippack.thermal.solver import Preconditioner

    t0 = time.perf_counter()
    kw = dict(omega=0.8, dtype=np.float32,
              aggregation="2x2" if method == "zline-2x2" else "pairwise")
    kw.update(options)
    mg = VariantZLineMultigrid(matrix, structure[0], structure[1], **kw)
    return Preconditioner(method, mg, time.perf_counter() - t0, mg.info, flexible=True)
