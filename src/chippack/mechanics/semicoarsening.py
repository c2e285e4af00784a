"""Geometric x-y semicoarsening multigrid with z-line smoothing for layered packages.

A package (and a package on its board) is a stack of thin layers: 12 µm–300 µm thick
under 0.3 mm–5 mm in-plane cells. Its stiffness couples nodes along z far more strongly
than across x-y, and its softest deformations are the bending of thin plates. Smoothed
aggregation (pyamg) with the rigid-body modes handles this poorly: its aggregates of a
dozen nodes cut through the layers, and a board-mounted package took 445 CG iterations.
The classical remedy for strong anisotropy in one direction is to smooth whole lines in
that direction and to coarsen only across it (line relaxation + semicoarsening; Dendy,
*Black box multigrid*, J. Comput. Phys. 48, 1982; Trottenberg, Oosterlee & Schüller,
*Multigrid*, 2001, §5.1–5.2): every level keeps all z nodes, so every layer interface
survives on every level and the z-line smoother (:mod:`chippack.mechanics.zline`) takes out
all error that is rough in z, while x-y coarsening by two halves the in-plane node count
per direction and level.

Interpolation is bilinear in x-y inside one z plane, for each displacement component, on
the (non-uniform) grid lines of the level: it reproduces linear fields per plane and so
all six rigid-body motions, which is what elasticity needs of a coarse space. A fine node
takes only coarse partners it shares an element (a non-zero stiffness block) with, so
nothing is interpolated across a gap between parts; a node left without any partner
(a strip one cell wide between two gaps) is kept as a coarse node itself. Coarse
operators are Galerkin products PᵀKP. The coarsest level (≤ ``max_coarse`` unknowns, or
where coarsening stalls) is solved exactly with a 3-2-1 support (:class:`PinnedCoarseSolve`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyamg
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from chippack.mechanics.rigid import three_two_one_dofs
from chippack.mechanics.zline import ZLineGaussSeidel


@dataclass(frozen=True)
class NodeLines:
    """Nodes of one level on its x and y grid lines: ``i``, ``j`` line indices into
    ``x``, ``y`` (m), ``k`` index into the z planes ``z`` (m); nodes sorted by (i, j, k)."""

    i: np.ndarray
    j: np.ndarray
    k: np.ndarray
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray

    @property
    def coords(self) -> np.ndarray:
        return np.column_stack([self.x[self.i], self.y[self.j], self.z[self.k]])

    @property
    def column(self) -> np.ndarray:
        return self.i * len(self.y) + self.j


def node_lines(grid_node: np.ndarray, shape: tuple[int, int, int], x: np.ndarray,
               y: np.ndarray, z: np.ndarray) -> NodeLines:
    """The finest level: nodes given by flat index on an (nx, ny, nz)-cell grid with node
    lines ``x``, ``y``, ``z`` (m)."""
    nx, ny, nz = shape
    i, j, k = np.unravel_index(np.asarray(grid_node), (nx + 1, ny + 1, nz + 1))
    return NodeLines(i, j, k, *(np.asarray(c, dtype=float) for c in (x, y, z)))


def _coarse_lines(n: int) -> np.ndarray:
    """Every other line and the last one."""
    keep = np.zeros(n, dtype=bool)
    keep[::2] = True
    keep[-1] = True
    return keep


def _partners(idx: np.ndarray, coords: np.ndarray, coarse: np.ndarray):
    """Lower and upper coarse line of each line index and the weight of the lower one
    (linear interpolation in the coordinate)."""
    on = coarse[idx]
    lo = np.where(on, idx, idx - 1)
    hi = np.where(on, idx, idx + 1)
    span = coords[hi] - coords[lo]
    w = np.where(on, 1.0, (coords[hi] - coords[idx]) / np.where(on, 1.0, span))
    return lo, hi, w


def _flat(i, j, k, ny: int, nz: int) -> np.ndarray:
    return (i.astype(np.int64) * ny + j) * nz + k


def xy_prolongation(lines: NodeLines, graph: sp.csr_matrix) -> tuple[sp.csr_matrix, NodeLines]:
    """Node-level interpolation P (m × m_c) from the next coarser level, and that level.

    ``graph``: (m, m) node adjacency (non-zero stiffness blocks)."""
    m = len(lines.i)
    cx, cy = _coarse_lines(len(lines.x)), _coarse_lines(len(lines.y))
    ny, nz = len(lines.y), int(lines.k.max()) + 1
    flat = _flat(lines.i, lines.j, lines.k, ny, nz)  # sorted (nodes are sorted)
    ilo, ihi, wi = _partners(lines.i, lines.x, cx)
    jlo, jhi, wj = _partners(lines.j, lines.y, cy)
    rows, cols, vals = [], [], []
    for pi, wa in ((ilo, wi), (ihi, 1 - wi)):
        for pj, wb in ((jlo, wj), (jhi, 1 - wj)):
            w = wa * wb
            target = _flat(pi, pj, lines.k, ny, nz)
            pos = np.clip(np.searchsorted(flat, target), 0, m - 1)
            ok = np.flatnonzero((flat[pos] == target) & (w > 0))
            if ok.size:  # scipy returns a sparse (1, 0) matrix, not an array, for none
                ok = ok[np.asarray(graph[ok, pos[ok]]).ravel() != 0]
            rows.append(ok)
            cols.append(pos[ok])
            vals.append(w[ok])
    rows, cols, vals = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    covered = np.bincount(rows, weights=vals, minlength=m)
    orphan = np.flatnonzero(covered == 0)
    rows = np.concatenate([rows, orphan])
    cols = np.concatenate([cols, orphan])
    vals = np.concatenate([vals, np.ones(len(orphan))])
    covered[orphan] = 1.0
    # coarse nodes: the fine nodes used as partners (on coarse lines) and the orphans
    coarse_nodes = np.unique(cols)
    keep_x = cx.copy()
    keep_x[lines.i[orphan]] = True
    keep_y = cy.copy()
    keep_y[lines.j[orphan]] = True
    new_i = np.cumsum(keep_x) - 1
    new_j = np.cumsum(keep_y) - 1
    number = np.full(m, -1)
    number[coarse_nodes] = np.arange(len(coarse_nodes))
    p = sp.csr_matrix((vals / covered[rows], (rows, number[cols])),
                      shape=(m, len(coarse_nodes)))
    p.sum_duplicates()
    coarse = NodeLines(new_i[lines.i[coarse_nodes]], new_j[lines.j[coarse_nodes]],
                       lines.k[coarse_nodes], lines.x[keep_x], lines.y[keep_y], lines.z)
    return p, coarse


def node_graph(matrix: sp.spmatrix) -> sp.csr_matrix:
    """(m, m) adjacency of nodes whose 3×3 stiffness block is non-zero."""
    b = sp.bsr_matrix(matrix, blocksize=(3, 3))
    m = b.shape[0] // 3
    return sp.csr_matrix((np.ones(len(b.indices)), b.indices, b.indptr), shape=(m, m))


def column_colours(column: np.ndarray, graph: sp.csr_matrix) -> np.ndarray:
    """Colour per node such that no two coupled node columns share one (greedy colouring
    of the column graph), so that all lines of one colour can be relaxed at once."""
    ids, col = np.unique(column, return_inverse=True)
    inc = sp.csr_matrix((np.ones(len(col)), (col, np.arange(len(col)))),
                        shape=(len(ids), len(col)))
    cg = (inc @ graph @ inc.T).tocsr()
    colour = np.full(len(ids), -1)
    for c in range(len(ids)):
        used = colour[cg.indices[cg.indptr[c]:cg.indptr[c + 1]]]
        free = np.setdiff1d(np.arange(len(used) + 1), used)
        colour[c] = free[0]
    return colour[col]


class PinnedCoarseSolve:
    """Exact solve of the singular coarsest system: SuperLU on the operator with a 3-2-1
    support (six DOFs removed, statically determinate). Its right-hand side is orthogonal
    to the rigid-body modes (restricted CG residuals are), so this is a true solution;
    the rigid motion it picks is projected out by the caller."""

    def __init__(self, matrix: sp.spmatrix, coords: np.ndarray):
        n = matrix.shape[0]
        self.keep = np.setdiff1d(np.arange(n), three_two_one_dofs(coords))
        self.lu = spla.splu(sp.csc_matrix(matrix)[self.keep][:, self.keep])

    def __call__(self, _a, b: np.ndarray) -> np.ndarray:
        x = np.zeros_like(b)
        x[self.keep] = self.lu.solve(b[self.keep])
        return x


def semicoarsening_hierarchy(matrix: sp.spmatrix, lines: NodeLines,
                             max_coarse: int = 3000) -> pyamg.multilevel.MultilevelSolver:
    """x-y semicoarsening hierarchy with a z-line Gauss–Seidel smoother on every level but
    the coarsest, which is solved exactly (module docstring)."""
    a = sp.csr_matrix(matrix)
    levels = []
    while True:
        level = pyamg.multilevel.MultilevelSolver.Level()
        level.A = sp.bsr_matrix(a, blocksize=(3, 3))  # the cycle's residuals: 3×3 blocks
        levels.append(level)
        if a.shape[0] <= max_coarse:
            break
        graph = node_graph(a)
        p_node, coarse = xy_prolongation(lines, graph)
        if p_node.shape[1] > 0.8 * p_node.shape[0]:  # coarsening stalled
            break
        column = lines.column
        smoother = ZLineGaussSeidel(a, column, column_colours(column, graph))
        level.presmoother = level.postsmoother = smoother
        p = sp.kron(p_node, sp.identity(3), format="csr")
        level.P, level.R = p, p.T.tocsr()
        a = (level.R @ a @ p).tocsr()
        lines = coarse
    return pyamg.multilevel.MultilevelSolver(levels,
                                             coarse_solver=PinnedCoarseSolve(a, lines.coords))
