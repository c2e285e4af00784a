"""Compiled (numba) kernels of the z-line multigrid cycle: the smoother, residual and
transfer steps of one level fused into single passes.

The cycle is memory- and latency-bound.  Measured on the 1.2M-cell seed-000 matrix
(802,848 unknowns, float32 level, one core): a CSR mat-vec streams the 44 MB of the
operator in 2.7 ms, but LAPACK ``spttrs`` on the z-lines takes 4.3 ms -- its two
recurrences (``y_i = r_i - e_{i-1} y_{i-1}`` and back) are one dependency chain of
fused multiply-adds over all lines in a row, so the core waits on the FMA latency at
every unknown.  Here

* the substitutions run ``CHUNKS`` independent stretches of lines in lock step -- each
  stretch is contiguous (no strided access), the chains are independent, so the core
  overlaps them;
* the residual after pre-smoothing is restricted (``rc[agg_i] += r_i``, piecewise-
  constant aggregation) as it is computed and never stored; the prolongation
  ``x += ec[agg]`` is a pass of its own (a row's residual needs its neighbours'
  corrected values);
* every pass is split into ``nb`` blocks of rows (and of ``CHUNKS`` stretches), one
  parallel task each (:mod:`chippack.thermal.threads`); the restriction sums each
  block into its own copy of ``rc`` (aggregates straddle blocks), and the copies are
  added in block order.

The arithmetic is that of :meth:`chippack.thermal.zline._Level.smooth` with the LDL^T
factors of ``dpttrf``/``spttrf`` (``A = L D L^T``, L unit lower bidiagonal with
sub-diagonal ``e``); scalars are carried in float64 and stored in the level's dtype, so
row sums are accumulated in the level's dtype, as scipy's mat-vec does; the cycle is one
fixed linear map for a given block count (deterministic, same order every call).
Compiled on first use and cached on disk (``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from chippack.thermal.threads import row_block

#: Independent stretches of z-lines swept in lock step by the substitutions (per block).
CHUNKS = 8


def chunk_starts(e: np.ndarray, nb: int = 1) -> np.ndarray:
    """``CHUNKS * nb + 1`` offsets splitting ``n = e.size + 1`` unknowns at line starts
    (``e[i - 1] == 0``) into stretches of about equal length (empty ones, repeated
    offsets, when there are fewer lines): ``nb`` blocks of :data:`CHUNKS` stretches;
    int64."""
    chunks = CHUNKS * nb
    n = e.size + 1
    line_starts = np.concatenate(([0], np.flatnonzero(e == 0) + 1))
    targets = (np.arange(1, chunks) * n) // chunks
    cut = line_starts[np.minimum(np.searchsorted(line_starts, targets), line_starts.size - 1)]
    return np.concatenate(([0], np.maximum.accumulate(cut), [n])).astype(np.int64)


@njit(cache=True)
def _forward8(e, rhs, y, s):
    """``y = L^-1 rhs`` (L: unit lower bidiagonal, sub-diagonal ``e``) over the eight
    stretches ``s`` (9 offsets), the eight chains in scalar registers."""
    n0 = min(s[1] - s[0], s[2] - s[1], s[3] - s[2], s[4] - s[3], s[5] - s[4],
             s[6] - s[5], s[7] - s[6], s[8] - s[7])
    s0, s1, s2, s3, s4, s5, s6, s7 = s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]
    p0 = p1 = p2 = p3 = p4 = p5 = p6 = p7 = 0.0
    for t in range(n0):
        # each stretch starts a line, so e[s_c - 1] == 0 for c > 0 and p_c = 0 there
        i = s0 + t
        p0 = rhs[i] - (e[i - 1] * p0 if t > 0 else 0.0)
        y[i] = p0
        i = s1 + t
        p1 = rhs[i] - e[i - 1] * p1
        y[i] = p1
        i = s2 + t
        p2 = rhs[i] - e[i - 1] * p2
        y[i] = p2
        i = s3 + t
        p3 = rhs[i] - e[i - 1] * p3
        y[i] = p3
        i = s4 + t
        p4 = rhs[i] - e[i - 1] * p4
        y[i] = p4
        i = s5 + t
        p5 = rhs[i] - e[i - 1] * p5
        y[i] = p5
        i = s6 + t
        p6 = rhs[i] - e[i - 1] * p6
        y[i] = p6
        i = s7 + t
        p7 = rhs[i] - e[i - 1] * p7
        y[i] = p7
    prev = np.array((p0, p1, p2, p3, p4, p5, p6, p7))
    for c in range(8):                       # the unequal tails, one after the other
        v = prev[c]
        for i in range(s[c] + n0, s[c + 1]):
            v = rhs[i] - (e[i - 1] * v if i > 0 else 0.0)
            y[i] = v


@njit(cache=True)
def _backward8(dinv, e, y, x, out, omega, s):
    """``out = x + omega L^-T D^-1 y`` (``x`` empty: zero) over the eight stretches;
    the chains carry the unscaled solution."""
    n = y.size
    has_x = x.size > 0
    n0 = min(s[1] - s[0], s[2] - s[1], s[3] - s[2], s[4] - s[3], s[5] - s[4],
             s[6] - s[5], s[7] - s[6], s[8] - s[7])
    z0 = z1 = z2 = z3 = z4 = z5 = z6 = z7 = 0.0
    for t in range(n0):
        # each stretch ends a line: e[s_{c+1} - 1] == 0, except past the last unknown
        i = s[1] - 1 - t
        z0 = y[i] * dinv[i] - e[i] * z0
        out[i] = (x[i] + omega * z0) if has_x else omega * z0
        i = s[2] - 1 - t
        z1 = y[i] * dinv[i] - e[i] * z1
        out[i] = (x[i] + omega * z1) if has_x else omega * z1
        i = s[3] - 1 - t
        z2 = y[i] * dinv[i] - e[i] * z2
        out[i] = (x[i] + omega * z2) if has_x else omega * z2
        i = s[4] - 1 - t
        z3 = y[i] * dinv[i] - e[i] * z3
        out[i] = (x[i] + omega * z3) if has_x else omega * z3
        i = s[5] - 1 - t
        z4 = y[i] * dinv[i] - e[i] * z4
        out[i] = (x[i] + omega * z4) if has_x else omega * z4
        i = s[6] - 1 - t
        z5 = y[i] * dinv[i] - e[i] * z5
        out[i] = (x[i] + omega * z5) if has_x else omega * z5
        i = s[7] - 1 - t
        z6 = y[i] * dinv[i] - e[i] * z6
        out[i] = (x[i] + omega * z6) if has_x else omega * z6
        i = s[8] - 1 - t
        z7 = y[i] * dinv[i] - (e[i] * z7 if t > 0 else 0.0)
        out[i] = (x[i] + omega * z7) if has_x else omega * z7
    nxt = np.array((z0, z1, z2, z3, z4, z5, z6, z7))
    for c in range(8):
        z = nxt[c]
        for i in range(s[c + 1] - 1 - n0, s[c] - 1, -1):
            z = y[i] * dinv[i] - (e[i] * z if i < n - 1 else 0.0)
            out[i] = (x[i] + omega * z) if has_x else omega * z


def unsigned(a: np.ndarray) -> np.ndarray:
    """``a`` (non-negative CSR offsets or column indices) viewed as unsigned, without a
    copy: numba then drops its negative-index wrap-around test from every gather (the
    residual loop runs at scipy's mat-vec speed instead of 2x slower, measured)."""
    return a.view(np.uint32) if a.dtype == np.int32 else a.view(np.uint64)


@njit(cache=True, inline="always")
def _residual_row(indptr, indices, data, x, b, i):
    """``b_i - (A x)_i``, the row sum in the level's dtype (as scipy's mat-vec)."""
    s = data[0] * 0
    for p in range(indptr[i], indptr[i + 1]):
        s += data[p] * x[indices[p]]
    return b[i] - s


@njit(cache=True, parallel=True)
def presmooth_restrict(indptr, indices, data, dinv, e, b, omega, agg, rc, x, starts):
    """One damped z-line Jacobi sweep from zero, ``x = omega T^-1 b``, then the
    restricted residual ``rc = P^T (b - A x)`` (rc zeroed here).  Each of the
    ``nb = (starts.size - 1) / CHUNKS`` blocks of stretches is one task; the residual
    rows are split into ``nb`` blocks that restrict into their own copy of ``rc``
    (aggregates straddle the blocks), summed in block order: deterministic for a given
    ``nb``."""
    nb = (starts.size - 1) // CHUNKS
    for t in prange(nb):
        s = starts[t * CHUNKS:(t + 1) * CHUNKS + 1]
        _forward8(e, b, x, s)
        _backward8(dinv, e, x, x[:0], x, omega, s)
    n = b.size
    if nb == 1:
        rc[:] = 0.0
        for i in range(n):
            rc[agg[i]] += _residual_row(indptr, indices, data, x, b, i)
        return
    part = np.zeros((nb, rc.size), dtype=rc.dtype)
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        for i in range(lo, hi):
            part[t, agg[i]] += _residual_row(indptr, indices, data, x, b, i)
    for t in prange(nb):
        lo, hi = row_block(rc.size, nb, t)
        for c in range(lo, hi):
            v = part[0, c]
            for u in range(1, nb):
                v += part[u, c]
            rc[c] = v


@njit(cache=True, parallel=True)
def prolong_postsmooth(indptr, indices, data, dinv, e, b, omega, agg, ec, x, out, starts):
    """``x += P ec`` (in place), then one damped z-line Jacobi sweep into ``out``:
    ``out = x + omega T^-1 (b - A x)`` (``out`` also holds the residual meanwhile);
    blocks as in :func:`presmooth_restrict` (no reductions: any ``nb`` gives the same
    result)."""
    n = b.size
    nb = (starts.size - 1) // CHUNKS
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        for i in range(lo, hi):
            x[i] += ec[agg[i]]
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        for i in range(lo, hi):
            out[i] = _residual_row(indptr, indices, data, x, b, i)
    for t in prange(nb):
        s = starts[t * CHUNKS:(t + 1) * CHUNKS + 1]
        _forward8(e, out, out, s)
        _backward8(dinv, e, out, x, out, omega, s)


@njit(cache=True)
def _galerkin_csr(indptr, indices, data, agg, nc):
    """CSR arrays of ``P^T A P`` for the piecewise-constant ``P`` of ``agg`` (fine
    unknown -> coarse unknown): each coarse row gathers the rows of its aggregate and
    sums the entries per coarse column (a marker array, one pass to count, one to
    fill; columns in order of first appearance)."""
    n = agg.size
    count = np.zeros(nc + 1, dtype=np.int64)
    for i in range(n):
        count[agg[i] + 1] += 1
    first = np.cumsum(count)                      # rows of aggregate I: order[first[I]:]
    order = np.empty(n, dtype=np.int64)
    fill = first[:-1].copy()
    for i in range(n):
        order[fill[agg[i]]] = i
        fill[agg[i]] += 1
    marker = np.full(nc, -1, dtype=np.int64)
    cptr = np.zeros(nc + 1, dtype=np.int64)
    for ci in range(nc):
        cnt = 0
        for t in range(first[ci], first[ci + 1]):
            i = order[t]
            for p in range(indptr[i], indptr[i + 1]):
                cj = agg[indices[p]]
                if marker[cj] != ci:
                    marker[cj] = ci
                    cnt += 1
        cptr[ci + 1] = cptr[ci] + cnt
    nnz = cptr[nc]
    cind = np.empty(nnz, dtype=np.int32)
    cdat = np.zeros(nnz, dtype=data.dtype)
    slot = np.full(nc, -1, dtype=np.int64)
    for ci in range(nc):
        top = cptr[ci]
        for t in range(first[ci], first[ci + 1]):
            i = order[t]
            for p in range(indptr[i], indptr[i + 1]):
                cj = agg[indices[p]]
                s = slot[cj]
                if s < cptr[ci]:
                    slot[cj] = top
                    cind[top] = cj
                    cdat[top] = data[p]
                    top += 1
                else:
                    cdat[s] += data[p]
    return cptr, cind, cdat


def galerkin(A, agg: np.ndarray, nc: int):
    """``P^T A P`` (CSR, sorted indices) for piecewise-constant aggregation ``agg``:
    replaces two sparse-matrix products of scipy (and the transpose of P)."""
    import scipy.sparse as sp

    cptr, cind, cdat = _galerkin_csr(A.indptr, A.indices, A.data, agg, nc)
    Ac = sp.csr_matrix((cdat, cind, cptr.astype(np.int32) if cptr[-1] < 2**31 else cptr),
                       shape=(nc, nc))
    Ac.sort_indices()
    return Ac


# --- the K-cycle's two flexible-CG steps on a coarse level (ZLineMultigrid._kcycle) ----
# ``nb`` row blocks, one task each; the dot products are summed per block in float64 and
# the blocks in order (deterministic for a given ``nb``)


@njit(cache=True, parallel=True)
def kcycle_first(indptr, indices, data, c, b, v, nb):
    """``v = A c``; returns ``(c . v, c . b, b . b)`` (float64 sums)."""
    part = np.zeros((nb, 3))
    n = c.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        cv = 0.0
        cb = 0.0
        bb = 0.0
        for i in range(lo, hi):
            s = data[0] * 0
            for p in range(indptr[i], indptr[i + 1]):
                s += data[p] * c[indices[p]]
            v[i] = s
            cv += c[i] * s
            cb += c[i] * b[i]
            bb += b[i] * b[i]
        part[t, 0] = cv
        part[t, 1] = cb
        part[t, 2] = bb
    return part[:, 0].sum(), part[:, 1].sum(), part[:, 2].sum()


@njit(cache=True, parallel=True)
def kcycle_residual(b, v, coef, r, nb):
    """``r = b - coef v``; returns ``r . r`` (float64)."""
    part = np.zeros(nb)
    n = b.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        rr = 0.0
        for i in range(lo, hi):
            ri = b[i] - coef * v[i]
            r[i] = ri
            rr += ri * ri
        part[t] = rr
    return part.sum()


@njit(cache=True, parallel=True)
def kcycle_second(indptr, indices, data, c, v1, r, nb):
    """``(c . v1, c . A c, c . r)`` (float64 sums; ``A c`` is not stored)."""
    part = np.zeros((nb, 3))
    n = c.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        g = 0.0
        bb = 0.0
        a = 0.0
        for i in range(lo, hi):
            s = data[0] * 0
            for p in range(indptr[i], indptr[i + 1]):
                s += data[p] * c[indices[p]]
            ci = c[i]
            g += ci * v1[i]
            bb += ci * s
            a += ci * r[i]
        part[t, 0] = g
        part[t, 1] = bb
        part[t, 2] = a
    return part[:, 0].sum(), part[:, 1].sum(), part[:, 2].sum()


@njit(cache=True, parallel=True)
def kcycle_combine(c1, c2, w1, w2, nb):
    """``c1 = w1 c1 + w2 c2`` in place."""
    n = c1.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        for i in range(lo, hi):
            c1[i] = w1 * c1[i] + w2 * c2[i]
