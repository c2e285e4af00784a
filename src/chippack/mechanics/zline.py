"""Z-line Gauss–Seidel smoother for the package stiffness (multicoloured block lines).

The package grid has 12 µm–300 µm layers under 0.2 mm–1.5 mm in-plane cells, so the
stiffness couples nodes along z far more strongly than across x-y. A point smoother
then damps only the x-y part of the error; relaxing whole z-lines at once (line
relaxation, e.g. Trottenberg, Oosterlee & Schüller, *Multigrid*, 2001, §5.1) takes out
every error component that is oscillatory in z, whatever the layer thicknesses.

A *line* is the set of nodes of one (i, j) node column, three unknowns per node. The
nodes are numbered column by column and upwards inside a column (they are sorted by
their flat grid index), so each line's block of K is block-tridiagonal with 3×3 blocks
and its Cholesky factor has no fill outside the band. Trilinear bricks couple a column
to its eight neighbours, so a colouring of the column graph in which no two coupled columns
share a colour (four colours on a hex grid) makes the lines of one colour independent
(:func:`chippack.mechanics.semicoarsening.column_colours`): a sweep
solves all lines of a colour at once (one banded Cholesky factor per colour, LAPACK
``pbtrs``) and goes through the colours forwards then backwards, which keeps the
smoother symmetric (a requirement of the CG accelerator).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.linalg import cholesky_banded
from scipy.linalg.lapack import dpbtrs

from chippack.errors import ChippackError


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
            # the rows of one colour, as 3×3 blocks (a faster product than CSR), and the
            # banded Cholesky factor of its lines
            a_rows = sp.bsr_matrix(a[rows], blocksize=(3, 3))
            self.parts.append((rows, a_rows, banded_cholesky(lines[rows][:, rows])))
        n = len(self.parts)
        self.order = list(range(n)) + list(range(n - 1, -1, -1))

    def __call__(self, _a, x: np.ndarray, b: np.ndarray) -> None:
        for i in self.order:
            rows, a_rows, factor = self.parts[i]
            x[rows] += dpbtrs(factor, b[rows] - a_rows @ x)[0]


def banded_cholesky(block: sp.spmatrix) -> np.ndarray:
    """Upper banded Cholesky factor (LAPACK storage) of an SPD banded matrix.

    The lines of one colour, numbered line by line and upwards, form a block-tridiagonal
    matrix with 3×3 blocks (half-bandwidth 5); each line block is a principal block of
    the stiffness with its neighbours held, so it is positive definite."""
    c = sp.coo_matrix(block)
    up = c.col >= c.row
    kd = int((c.col[up] - c.row[up]).max(initial=0))
    ab = np.zeros((kd + 1, block.shape[0]))
    ab[kd + c.row[up] - c.col[up], c.col[up]] = c.data[up]
    try:
        return cholesky_banded(ab)
    except np.linalg.LinAlgError as err:
        raise ChippackError("mechanics: a z-line of the stiffness is not positive definite "
                            "(a material with zero or negative stiffness?)") from err
