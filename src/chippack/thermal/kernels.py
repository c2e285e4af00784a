"""Compiled (numba) loops of the finite-volume assembly, the island check and the
labelling of the conductive bodies (deflation vectors of the steady solver).

All are single passes over the grid in C order, where numpy needs a dozen full-grid
temporaries (face masks, band arrays, column copies); the formulas are those of
:mod:`chippack.thermal.assembly`.  Compiled on first use and cached on disk
(``cache=True``), so only the first run after installation pays the compilation.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from chippack.thermal.threads import row_block


@njit(cache=True, inline="always")
def _face(i, j, k, axis, dx, dy, dz):
    """Area (m^2) of the face normal to ``axis`` of cell (i, j, k)."""
    if axis == 0:
        return dy[j] * dz[k]
    if axis == 1:
        return dx[i] * dz[k]
    return dx[i] * dy[j]


@njit(cache=True)
def assemble_kernel(solid, k, dx, dy, dz, index, cr0, cr1, cr2, ambient_h, ambient_t,
                    ambient_group, label0, h_xmin, t_xmin, h_xmax, t_xmax, h_ymin, t_ymin, h_ymax,
                    t_ymax, h_zmin, t_zmin, h_zmax, t_zmax):
    """CSR arrays of K and the boundary faces of the solid region.

    ``index``: unknown number of each flat cell (-1 non-solid); ``cr0..2``: contact
    resistance R'' of the internal faces normal to x, y, z (shape (0, 0, 0) when none);
    ``h_*, t_*``: per-face film coefficient and temperature of the six sides; boundary
    labels are 0..5 for the sides and ``label0 + group`` for ambient faces.  Internal
    face conductance ``A / (d1/(2 k1) + R'' + d2/(2 k2))``; boundary face
    ``A / (d/(2 k) + R'' + 1/h)`` (R'' only on faces to non-solid cells inside the grid).
    Returns ``(indptr, indices, data, b_cell, b_g, b_t, b_label)``.
    """
    nx, ny, nz = solid.shape
    n = 0
    for f in range(index.size):
        if index[f] >= 0:
            n += 1
    has_cr = (cr0.shape[0] > 0, cr1.shape[0] > 0, cr2.shape[0] > 0)
    # pass 1: entries per row and number of boundary faces
    indptr = np.zeros(n + 1, dtype=index.dtype)
    nb = 0
    u = 0
    for i in range(nx):
        for j in range(ny):
            for kk in range(nz):
                if not solid[i, j, kk]:
                    continue
                cnt = 1
                for axis in range(3):
                    for s in (-1, 1):
                        ii, jj, kn = i, j, kk
                        if axis == 0:
                            ii += s
                            inside = 0 <= ii < nx
                        elif axis == 1:
                            jj += s
                            inside = 0 <= jj < ny
                        else:
                            kn += s
                            inside = 0 <= kn < nz
                        if inside:
                            if solid[ii, jj, kn]:
                                cnt += 1
                            elif ambient_h[ii, jj, kn] > 0:
                                nb += 1
                        else:
                            side = 2 * axis + (1 if s > 0 else 0)
                            if side == 0:
                                h = h_xmin[j, kk]
                            elif side == 1:
                                h = h_xmax[j, kk]
                            elif side == 2:
                                h = h_ymin[i, kk]
                            elif side == 3:
                                h = h_ymax[i, kk]
                            elif side == 4:
                                h = h_zmin[i, j]
                            else:
                                h = h_zmax[i, j]
                            if h > 0:
                                nb += 1
                indptr[u + 1] = indptr[u] + cnt
                u += 1
    nnz = indptr[n]
    indices = np.empty(nnz, dtype=indptr.dtype)
    data = np.empty(nnz)
    b_cell = np.empty(nb, dtype=np.int64)
    b_g = np.empty(nb)
    b_t = np.empty(nb)
    b_label = np.empty(nb, dtype=np.int64)
    # pass 2: fill; neighbours in the order -x, -y, -z, diag, +z, +y, +x = ascending
    # flat (and unknown) index, so the CSR columns come out sorted
    order_axis = (0, 1, 2, 2, 1, 0)
    order_sign = (-1, -1, -1, 1, 1, 1)
    u = 0
    ib = 0
    for i in range(nx):
        for j in range(ny):
            for kk in range(nz):
                if not solid[i, j, kk]:
                    continue
                p = indptr[u]
                pdiag = -1
                diag = 0.0
                gsum_b = 0.0
                for m in range(6):
                    if m == 3:
                        pdiag = p
                        p += 1
                    axis = order_axis[m]
                    s = order_sign[m]
                    ii, jj, kn = i, j, kk
                    if axis == 0:
                        ii += s
                        inside = 0 <= ii < nx
                        d_self = dx[i]
                    elif axis == 1:
                        jj += s
                        inside = 0 <= jj < ny
                        d_self = dy[j]
                    else:
                        kn += s
                        inside = 0 <= kn < nz
                        d_self = dz[kk]
                    area = _face(i, j, kk, axis, dx, dy, dz)
                    r_self = d_self / (2.0 * k[i, j, kk, axis])
                    if inside:
                        # contact resistance of the face between the lower and upper cell
                        rc = 0.0
                        if has_cr[axis]:
                            lo_i, lo_j, lo_k = (ii, jj, kn) if s < 0 else (i, j, kk)
                            if axis == 0:
                                rc = cr0[lo_i, lo_j, lo_k]
                            elif axis == 1:
                                rc = cr1[lo_i, lo_j, lo_k]
                            else:
                                rc = cr2[lo_i, lo_j, lo_k]
                        if solid[ii, jj, kn]:
                            if axis == 0:
                                d_o = dx[ii]
                            elif axis == 1:
                                d_o = dy[jj]
                            else:
                                d_o = dz[kn]
                            r_o = d_o / (2.0 * k[ii, jj, kn, axis])
                            if s < 0:
                                g = area / (r_o + r_self + rc)
                            else:
                                g = area / (r_self + r_o + rc)
                            indices[p] = index[(ii * ny + jj) * nz + kn]
                            data[p] = -g
                            p += 1
                            diag += g
                        else:
                            h = ambient_h[ii, jj, kn]
                            if h > 0:
                                gb = area / (r_self + rc + 1.0 / h)
                                b_cell[ib] = u
                                b_g[ib] = gb
                                b_t[ib] = ambient_t[ii, jj, kn]
                                b_label[ib] = label0 + ambient_group[ii, jj, kn]
                                ib += 1
                                gsum_b += gb
                    else:
                        side = 2 * axis + (1 if s > 0 else 0)
                        if side == 0:
                            h, t = h_xmin[j, kk], t_xmin[j, kk]
                        elif side == 1:
                            h, t = h_xmax[j, kk], t_xmax[j, kk]
                        elif side == 2:
                            h, t = h_ymin[i, kk], t_ymin[i, kk]
                        elif side == 3:
                            h, t = h_ymax[i, kk], t_ymax[i, kk]
                        elif side == 4:
                            h, t = h_zmin[i, j], t_zmin[i, j]
                        else:
                            h, t = h_zmax[i, j], t_zmax[i, j]
                        if h > 0:
                            gb = area / (r_self + 1.0 / h)
                            b_cell[ib] = u
                            b_g[ib] = gb
                            b_t[ib] = t
                            b_label[ib] = side
                            ib += 1
                            gsum_b += gb
                indices[pdiag] = u
                data[pdiag] = diag + gsum_b
                u += 1
    return indptr, indices, data, b_cell, b_g, b_t, b_label


@njit(cache=True)
def unreached_from_boundary(indptr, indices, seeds):
    """Unknowns not connected (through matrix couplings) to any unknown with ``seeds``
    True: breadth-first search from all seeds at once.  Returns a bool array."""
    n = indptr.size - 1
    seen = np.zeros(n, dtype=np.bool_)
    queue = np.empty(n, dtype=np.int64)
    tail = 0
    for u in range(n):
        if seeds[u]:
            seen[u] = True
            queue[tail] = u
            tail += 1
    head = 0
    while head < tail:
        u = queue[head]
        head += 1
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if not seen[v]:
                seen[v] = True
                queue[tail] = v
                tail += 1
    return ~seen


@njit(cache=True)
def label_components(indptr, indices, mask):
    """Connected components of the unknowns with ``mask`` True, through matrix couplings
    between two such unknowns (breadth-first search).  Returns ``(labels, count)``:
    labels 0..count-1, -1 where ``mask`` is False."""
    n = indptr.size - 1
    labels = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    count = 0
    for s in range(n):
        if not mask[s] or labels[s] >= 0:
            continue
        labels[s] = count
        head = 0
        tail = 1
        queue[0] = s
        while head < tail:
            u = queue[head]
            head += 1
            for p in range(indptr[u], indptr[u + 1]):
                v = indices[p]
                if mask[v] and labels[v] < 0:
                    labels[v] = count
                    queue[tail] = v
                    tail += 1
        count += 1
    return labels, count



# --- deflated / flexible conjugate gradients (chippack.thermal.solver.pcg) ------------
# single passes over the float64 iterates, in place: numpy needs a temporary per
# operator (alpha * p, fancy-index gathers) and one pass per operator


# ``nb`` row blocks, one parallel task each (chippack.thermal.threads.blocks); dot
# products are summed per block in float64 and the blocks in order: deterministic for a
# given ``nb``


@njit(cache=True, parallel=True)
def cg_step(x, r, r_old, p, q, alpha, nb):
    """``r_old[:] = r`` (when ``r_old`` is not empty), ``x += alpha p``,
    ``r -= alpha q``; returns ``r . r`` (the new residual)."""
    keep = r_old.size > 0
    part = np.zeros(nb)
    n = x.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        rr = 0.0
        for i in range(lo, hi):
            x[i] += alpha * p[i]
            ri = r[i]
            if keep:
                r_old[i] = ri
            ri -= alpha * q[i]
            r[i] = ri
            rr += ri * ri
        part[t] = rr
    return part.sum()


@njit(cache=True, parallel=True)
def cg_dots(r, z, r_old, nb):
    """``(r . z, r_old . z)`` in one pass (the second 0 when ``r_old`` is empty)."""
    keep = r_old.size > 0
    part = np.zeros((nb, 2))
    n = r.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        a = 0.0
        b = 0.0
        for i in range(lo, hi):
            a += r[i] * z[i]
            if keep:
                b += r_old[i] * z[i]
        part[t, 0] = a
        part[t, 1] = b
    return part[:, 0].sum(), part[:, 1].sum()


@njit(cache=True, parallel=True)
def cg_direction(p, z, beta, nb):
    """``p = beta p + z`` in place."""
    n = p.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        for i in range(lo, hi):
            p[i] = beta * p[i] + z[i]


@njit(cache=True, parallel=True)
def body_sums(r, cells, body, m, nb):
    """``Z^T r`` for disjoint 0/1 indicators: sum of ``r`` over each body's cells."""
    part = np.zeros((nb, m))
    n = cells.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        for u in range(lo, hi):
            part[t, body[u]] += r[cells[u]]
    s = np.zeros(m)
    for t in range(nb):
        s += part[t]
    return s


@njit(cache=True, parallel=True)
def deflation_correct(x, r, cells, body, rows, indptr, indices, data, c, nb):
    """``x += Z c``, ``r -= A Z c`` (``A Z`` restricted to ``rows``, CSR arrays; cells
    and rows distinct, so the blocks write disjoint entries)."""
    n = cells.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        for u in range(lo, hi):
            x[cells[u]] += c[body[u]]
    m = rows.size
    for t in prange(nb):
        lo, hi = row_block(m, nb, t)
        for q in range(lo, hi):
            s = 0.0
            for u in range(indptr[q], indptr[q + 1]):
                s += data[u] * c[indices[u]]
            r[rows[q]] -= s


@njit(cache=True, parallel=True)
def deflation_project(z, cells, body, rows, indptr, indices, data, Einv, nb):
    """``z -= Z Einv (A Z)^T z`` in place."""
    m = Einv.shape[0]
    part = np.zeros((nb, m))
    nr = rows.size
    for t in prange(nb):
        lo, hi = row_block(nr, nb, t)
        for q in range(lo, hi):
            zq = z[rows[q]]
            for u in range(indptr[q], indptr[q + 1]):
                part[t, indices[u]] += data[u] * zq
    y = np.zeros(m)
    for t in range(nb):
        y += part[t]
    w = np.zeros(m)
    for a in range(m):
        for b in range(m):
            w[a] += Einv[a, b] * y[b]
    n = cells.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        for u in range(lo, hi):
            z[cells[u]] -= w[body[u]]


@njit(cache=True, parallel=True)
def matvec_dot(indptr, indices, data, p, q, nb):
    """``q = A p`` (CSR arrays, unsigned index views) and returns ``p . q``."""
    part = np.zeros(nb)
    n = p.size
    for t in prange(nb):
        lo, hi = row_block(n, nb, t)
        pq = 0.0
        for i in range(lo, hi):
            s = 0.0
            for u in range(indptr[i], indptr[i + 1]):
                s += data[u] * p[indices[u]]
            q[i] = s
            pq += p[i] * s
        part[t] = pq
    return part.sum()
