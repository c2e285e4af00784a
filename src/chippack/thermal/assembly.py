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


def assemble(problem: ConductionProblem, k: np.ndarray | None = None) -> LinearSystem:
    """Assemble the FV system of ``problem`` (optionally with conductivity ``k`` overriding
    ``problem.k``, as used by the k(T) Picard loop).  One compiled pass over the grid
    (:func:`chippack.thermal.kernels.assemble_kernel`): cost O(cells), no full-grid
    temporaries."""
    from chippack.thermal.kernels import assemble_kernel  # numba: imported when needed

    grid = problem.grid
    ncell = grid.n_cells
    solid = np.ascontiguousarray(problem.solid)
    k = np.ascontiguousarray(problem.k if k is None else k, dtype=float)
    cells = np.flatnonzero(solid.ravel())
    n = cells.size
    itype = np.int32 if ncell < 2**31 - 1 else np.int64
    index = np.full(ncell, -1, dtype=itype)
    index[cells] = np.arange(n, dtype=itype)
    none = np.zeros((0, 0, 0))
    cr = [none if r is None else np.ascontiguousarray(r, dtype=float)
          for r in (problem.contact_resistance or (None, None, None))]
    sides = []
    for name in SIDES:
        cond = problem.sides[name]
        sides += [np.ascontiguousarray(cond.h, dtype=float),
                  np.ascontiguousarray(cond.t, dtype=float)]
    indptr, indices, data, b_cell, b_g, b_t, b_lab = assemble_kernel(
        solid, k, grid.dx, grid.dy, grid.dz, index, *cr,
        np.ascontiguousarray(problem.ambient_h, dtype=float),
        np.ascontiguousarray(problem.ambient_t, dtype=float),
        np.ascontiguousarray(problem.ambient_group, dtype=np.int64), AMBIENT_LABEL0, *sides)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(n, n))
    matrix.has_sorted_indices = True
    boundary = BoundaryFaces(cell=b_cell, conductance=b_g, temperature=b_t, label=b_lab)

    power = problem.power.ravel()[cells]
    rhs = power + boundary.load_per_cell(n)
    capacity = None
    if problem.rho_cp is not None:
        capacity = (problem.rho_cp * grid.cell_volumes()).ravel()[cells]
    return LinearSystem(matrix=matrix, rhs=rhs, power=power, cells=cells, index=index,
                        boundary=boundary, capacity=capacity)
