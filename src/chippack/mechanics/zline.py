"""Z-line Gauss–Seidel smoother for the package stiffness (multicoloured block lines).

The package grid has 12 µm–300 µm layers under 0.2 mm–1.5 mm in-plane cells, so the
stiffness couples nodes along z far more strongly than across x-y. A point smoother
then damps only the x-y part of the error; relaxing whole z-lines at once (line
relaxation, e.g. Trottenberg, Oosterlee & Schüller, *Multigrid*, 2001, §5.1) takes out
every error component that is oscillatory in z, whatever the layer thicknesses.

A *line* is the set of nodes of one (i, j) node column, three unknowns per node. The
nodes are numbered column by column and upwards inside a column (they are sorted by
their flat grid index), so each line's block of K is block-tridiagonal with 3×3 blocks
and its LU factor has no fill outside the band. Trilinear bricks couple a column to its
eight neighbours, so colouring the columns by (i mod 2, j mod 2) makes the lines of one
colour independent: a sweep solves all lines of a colour at once (one banded factor per
colour) and goes through the four colours forwards then backwards, which keeps the
smoother symmetric (a requirement of the CG accelerator).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


class ZLineGaussSeidel:
    """Symmetric four-colour z-line Gauss–Seidel; call as ``smoother(A, x, b)`` (in place,
    the calling convention of pyamg's smoothers)."""

    def __init__(self, matrix: sp.spmatrix, column: np.ndarray, colour: np.ndarray):
        """``matrix``: (3m, 3m) stiffness; ``column``: (m,) node-column id of each node;
        ``colour``: (m,) 0, 1, ..., so that no two nodes of coupled columns share one."""
        a = sp.csr_matrix(matrix)
        dof_column = np.repeat(column, 3)
        coo = a.tocoo()
        same = dof_column[coo.row] == dof_column[coo.col]
        lines = sp.csr_matrix((coo.data[same], (coo.row[same], coo.col[same])), shape=a.shape)
        dof_colour = np.repeat(colour, 3)
        self.parts = []
        for c in range(int(colour.max()) + 1):
            rows = np.flatnonzero(dof_colour == c)
            if rows.size == 0:
                continue
            # each line block is SPD (a principal block of the stiffness): no pivoting
            lu = spla.splu(lines[rows][:, rows].tocsc(), permc_spec="NATURAL",
                           diag_pivot_thresh=0.0, options={"SymmetricMode": True})
            self.parts.append((rows, a[rows], lu))
        n = len(self.parts)
        self.order = list(range(n)) + list(range(n - 1, -1, -1))

    def __call__(self, _a, x: np.ndarray, b: np.ndarray) -> None:
        for i in self.order:
            rows, a_rows, lu = self.parts[i]
            x[rows] += lu.solve(b[rows] - a_rows @ x)


def node_columns(grid_node: np.ndarray, shape: tuple[int, int, int]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Node-column id and four-colour label of nodes given by flat grid-node index on a
    (nx, ny, nz)-cell grid."""
    _, ny, nz = shape
    column = np.asarray(grid_node) // (nz + 1)
    i, j = column // (ny + 1), column % (ny + 1)
    return column, 2 * (i % 2) + (j % 2)
