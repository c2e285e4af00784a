"""Vectorised assembly of the 7-point cell-centred finite-volume conduction system.

For two neighbouring solid cells 1 and 2 sharing a face of area A (normal along axis a,
widths d1, d2 along a, conductivities k1, k2 along a) and an optional contact resistance
R'' (K m^2/W), the face conductance (W/K) is the series (harmonic) combination

    G = A / ( d1/(2 k1) + R'' + d2/(2 k2) ).

A solid cell face on a boundary with film coefficient h (W/(m^2 K)) to temperature T_b
has

    G_b = A / ( d/(2 k) + R'' + 1/h ),        1/h = 0 for a fixed temperature (h = inf),

and no entry when h = 0 (adiabatic).  The heat balance of cell i,

    sum_j G_ij (T_i - T_j) + sum_b G_b (T_i - T_b) = P_i,

gives the symmetric M-matrix system ``K T = P + sum_b G_b T_b`` with
``K_ii = sum_j G_ij + sum_b G_b`` and ``K_ij = -G_ij``.  Only solid cells are unknowns,
numbered in C order of the grid.  Heat leaving through boundary face b is
``G_b (T_i - T_b)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from chippack.thermal.problem import SIDES, ConductionProblem

#: Boundary label of ambient group g is ``AMBIENT_LABEL0 + g``; labels 0..5 are SIDES.
AMBIENT_LABEL0 = len(SIDES)


@dataclass
class BoundaryFaces:
    """All boundary faces of the solid region with a non-zero conductance.

    Attributes
    ----------
    cell : int array (m,)
        Unknown index of the solid cell owning the face.
    conductance : float array (m,)
        G_b in W/K (cell centre to the boundary temperature).
    temperature : float array (m,)
        Boundary (sink) temperature T_b, degC.
    label : int array (m,)
        0..5 for the domain sides in :data:`~chippack.thermal.problem.SIDES` order,
        ``AMBIENT_LABEL0 + g`` for faces touching non-solid cells of ambient group g.
    """

    cell: np.ndarray
    conductance: np.ndarray
    temperature: np.ndarray
    label: np.ndarray

    def heat_out(self, t_cells: np.ndarray) -> np.ndarray:
        """Heat (W) leaving through each face for unknown temperatures ``t_cells``."""
        return self.conductance * (t_cells[self.cell] - self.temperature)

    def conductance_per_cell(self, n: int) -> np.ndarray:
        return np.bincount(self.cell, weights=self.conductance, minlength=n)

    def load_per_cell(self, n: int, t_shift: float = 0.0) -> np.ndarray:
        """sum_b G_b (T_b - t_shift) per unknown (W)."""
        return np.bincount(self.cell, weights=self.conductance * (self.temperature - t_shift),
                           minlength=n)


@dataclass
class LinearSystem:
    """Assembled finite-volume system ``matrix @ T = rhs`` over the solid cells.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix (n, n)
        Conductance matrix K, W/K (symmetric, diagonally dominant, non-positive
        off-diagonals).
    rhs : array (n,)
        ``P + sum_b G_b T_b`` in W.
    power : array (n,)
        Power per unknown, W.
    cells : int array (n,)
        Flat grid index of each unknown.
    index : int array (nx*ny*nz,)
        Unknown index of each grid cell, -1 for non-solid cells.
    boundary : BoundaryFaces
    capacity : array (n,) or None
        Heat capacity rho_cp V per unknown, J/K (when the problem has ``rho_cp``).
    """

    matrix: sp.csr_matrix
    rhs: np.ndarray
    power: np.ndarray
    cells: np.ndarray
    index: np.ndarray
    boundary: BoundaryFaces
    capacity: np.ndarray | None = None

    @property
    def n(self) -> int:
        return self.cells.size


def _half_resistance(problem: ConductionProblem, k: np.ndarray, axis: int) -> np.ndarray:
    """d/(2k) along ``axis`` per cell (K m^2/W); +inf in non-solid cells."""
    d = problem.grid.spacing(axis)
    shp = [1, 1, 1]
    shp[axis] = -1
    with np.errstate(divide="ignore"):
        r = d.reshape(shp) / (2.0 * k[..., axis])
    return np.where(problem.solid, r, np.inf)


def _lo(axis: int) -> tuple:
    return tuple(slice(None, -1) if a == axis else slice(None) for a in range(3))


def _hi(axis: int) -> tuple:
    return tuple(slice(1, None) if a == axis else slice(None) for a in range(3))


def _end(axis: int, high: bool) -> tuple:
    return tuple((-1 if high else 0) if a == axis else slice(None) for a in range(3))


def assemble(problem: ConductionProblem, k: np.ndarray | None = None) -> LinearSystem:
    """Assemble the FV system of ``problem`` (optionally with conductivity ``k`` overriding
    ``problem.k``, as used by the k(T) Picard loop).  Fully vectorised: cost O(cells)."""
    grid = problem.grid
    nx, ny, nz = shape = grid.shape
    ncell = nx * ny * nz
    solid = problem.solid
    k = problem.k if k is None else k
    strides = (ny * nz, nz, 1)
    flat = np.arange(ncell, dtype=np.int64).reshape(shape)

    cells = np.flatnonzero(solid.ravel())
    n = cells.size
    itype = np.int32 if ncell < 2**31 - 1 else np.int64
    index = np.full(ncell, -1, dtype=itype)
    index[cells] = np.arange(n, dtype=itype)

    # bands (last axis): lower x, lower y, lower z, diag, upper z, upper y, upper x; the
    # band-last layout makes the per-row gather below contiguous (CSR order for free)
    bands = np.zeros(shape + (7,))
    offsets = np.array([-strides[0], -strides[1], -strides[2], 0, strides[2], strides[1],
                        strides[0]], dtype=np.int64)
    diag = bands[..., 3]
    b_cell, b_g, b_t, b_lab = [], [], [], []
    cr = problem.contact_resistance or (None, None, None)

    for axis in range(3):
        if shape[axis] == 0:
            continue
        area = grid.face_areas(axis)
        r = _half_resistance(problem, k, axis)
        lo, hi = _lo(axis), _hi(axis)
        if shape[axis] > 1:
            rc = cr[axis] if cr[axis] is not None else 0.0
            s_lo, s_hi = solid[lo], solid[hi]
            both = s_lo & s_hi
            with np.errstate(invalid="ignore", divide="ignore"):
                g = np.where(both, area / (r[lo] + r[hi] + rc), 0.0)
            bands[..., axis][hi] = -g         # row = upper cell, column = lower cell
            bands[..., 6 - axis][lo] = -g     # row = lower cell, column = upper cell
            diag[lo] += g
            diag[hi] += g
            # solid / non-solid faces: exchange with the non-solid cell's ambient
            for s_cell, o_sl, s_sl in ((s_lo & ~s_hi, hi, lo), (s_hi & ~s_lo, lo, hi)):
                if not s_cell.any():
                    continue
                h = problem.ambient_h[o_sl][s_cell]
                keep = h > 0
                if not keep.any():
                    continue
                a_face = np.broadcast_to(area, s_cell.shape)[s_cell][keep]
                rcf = (np.broadcast_to(rc, s_cell.shape)[s_cell][keep])
                with np.errstate(divide="ignore"):
                    inv_h = 1.0 / h[keep]
                b_cell.append(flat[s_sl][s_cell][keep])
                b_g.append(a_face / (r[s_sl][s_cell][keep] + rcf + inv_h))
                b_t.append(problem.ambient_t[o_sl][s_cell][keep])
                b_lab.append(AMBIENT_LABEL0 + problem.ambient_group[o_sl][s_cell][keep])
        for high in (False, True):
            side = SIDES[2 * axis + int(high)]
            cond = problem.sides[side]
            end = _end(axis, high)
            s_cell = solid[end] & (cond.h > 0)
            if not s_cell.any():
                continue
            a_face = np.broadcast_to(np.squeeze(area, axis=axis), s_cell.shape)[s_cell]
            with np.errstate(divide="ignore"):
                inv_h = 1.0 / cond.h[s_cell]
            b_cell.append(flat[end][s_cell])
            b_g.append(a_face / (r[end][s_cell] + inv_h))
            b_t.append(np.asarray(cond.t, dtype=float)[s_cell])
            b_lab.append(np.full(int(s_cell.sum()), 2 * axis + int(high), dtype=np.int64))

    if b_cell:
        bcell_full = np.concatenate(b_cell)
        boundary = BoundaryFaces(
            cell=index[bcell_full],
            conductance=np.concatenate(b_g),
            temperature=np.concatenate(b_t).astype(float),
            label=np.concatenate(b_lab).astype(np.int64),
        )
    else:
        boundary = BoundaryFaces(np.zeros(0, np.int64), np.zeros(0), np.zeros(0),
                                 np.zeros(0, np.int64))
    gb = boundary.conductance_per_cell(n)

    # compress to solid rows / columns, building CSR directly without per-entry gathers:
    # on the full grid, entry b of cell f couples to unknown index[f + off_b], which for a
    # solid neighbour equals csum[f + off_b] - 1 (csum = inclusive running count of solid
    # cells), i.e. a shifted copy of csum; keeping non-zero entries of solid rows in
    # row-major order yields CSR with sorted columns
    flat_bands = bands.reshape(ncell, 7)
    flat_bands[cells, 3] += gb
    keep = flat_bands != 0.0
    keep[:, 3] = solid.ravel()
    keep[~solid.ravel()] = False
    csum = index.copy()                    # unknown index, -1 where void (never kept)
    colfull = np.empty((ncell, 7), dtype=itype)
    for b, off in enumerate(offsets):
        if off > 0:
            colfull[:-off, b] = csum[off:]
            colfull[-off:, b] = 0
        elif off < 0:
            colfull[-off:, b] = csum[:off]
            colfull[:-off, b] = 0
        else:
            colfull[:, b] = csum
    data = flat_bands[keep]
    indices = colfull[keep]
    del bands, flat_bands, colfull
    counts = keep.sum(axis=1)
    indptr = np.zeros(n + 1, dtype=itype)
    np.cumsum(counts[cells], out=indptr[1:])
    matrix = sp.csr_matrix((data, indices, indptr), shape=(n, n))
    matrix.has_sorted_indices = True

    power = problem.power.ravel()[cells]
    rhs = power + boundary.load_per_cell(n)
    capacity = None
    if problem.rho_cp is not None:
        capacity = (problem.rho_cp * grid.cell_volumes()).ravel()[cells]
    return LinearSystem(matrix=matrix, rhs=rhs, power=power, cells=cells, index=index,
                        boundary=boundary, capacity=capacity)
