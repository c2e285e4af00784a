"""Assemble the thermo-elastic system on a package mesh: one brick per solid cell.

Every solid cell of the rectilinear grid is an incompatible-mode brick
(:mod:`chippack.mechanics.element`); gap gas and ambient cells are left out (a
cavity carries no load). The element matrices depend only on the cell's edges and
its elastic constants, so they are computed once per distinct (dx, dy, dz, constants)
and scattered with numpy into a 3×3-block sparse matrix (BSR): for a fixed pair of
local corners, distinct elements write distinct blocks, so 64 fancy-indexed additions
assemble the whole matrix without a loop over elements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from chippack.errors import ChippackError
from chippack.mechanics.elastic import elastic_at, joint_layer_at, phase
from chippack.mechanics.element import CORNERS, brick_matrices, centre_strain_matrix
from chippack.mechanics.loads import StressFree
from chippack.mesh.package import PackageMesh


class FloatingPartError(ChippackError):
    """A part touches nothing solid: the stiffness has more than six zero-energy modes."""


@dataclass(frozen=True)
class Elements:
    """The solid cells of a mesh as bricks.

    ``cell``: flat cell index per element; ``ijk``: (n, 3) cell indices; ``part``: part
    index (into ``mesh.part_ids``); ``nodes``: (n, 8) node numbers (local corner order of
    :mod:`element`); ``coords``: (m, 3) node coordinates, m.
    """

    mesh: PackageMesh
    cell: np.ndarray
    ijk: np.ndarray
    part: np.ndarray
    nodes: np.ndarray
    coords: np.ndarray
    grid_node: np.ndarray  # flat grid-node index of each node

    @property
    def n_dofs(self) -> int:
        return 3 * len(self.coords)

    def sizes(self) -> np.ndarray:
        g = self.mesh.grid
        i, j, k = self.ijk.T
        return np.column_stack([g.dx[i], g.dy[j], g.dz[k]])


def solid_elements(mesh: PackageMesh) -> Elements:
    """Bricks for the cells that a part fills (not gas, not ambient)."""
    solid = mesh.part >= 0
    gas = np.array([m.category == "gas" for m in mesh.materials] + [True])
    solid &= ~gas[mesh.material]
    cell = np.flatnonzero(solid.ravel())
    ijk = np.column_stack(np.unravel_index(cell, mesh.shape))
    nx, ny, nz = mesh.shape
    corner = ijk[:, None, :] + CORNERS.astype(int)[None]
    flat = (corner[..., 0] * (ny + 1) + corner[..., 1]) * (nz + 1) + corner[..., 2]
    grid_node, nodes = np.unique(flat, return_inverse=True)
    nodes = nodes.reshape(flat.shape).astype(np.int64)
    g = mesh.grid
    gi, gj, gk = np.unravel_index(grid_node, (nx + 1, ny + 1, nz + 1))
    coords = np.column_stack([g.x[gi], g.y[gj], g.z[gk]])
    return Elements(mesh, cell, ijk, mesh.part.ravel()[cell], nodes, coords, grid_node)


def check_connected(elements: Elements) -> None:
    """Raise naming the parts that share no node with the main body (they would float)."""
    n, m = len(elements.cell), len(elements.coords)
    rows = np.repeat(np.arange(n), 8)
    inc = sp.csr_matrix((np.ones(8 * n), (rows, elements.nodes.ravel())), shape=(n, m))
    count, label = connected_components(inc.T @ inc, directed=False)
    if count <= 1:
        return
    elem_label = label[elements.nodes[:, 0]]
    sizes = np.bincount(elem_label, minlength=count)
    main = int(np.argmax(sizes))
    ids = elements.mesh.part_ids
    loose = sorted({ids[p] for p in np.unique(elements.part[elem_label != main])})
    raise FloatingPartError(
        f"parts {', '.join(loose)}: mechanically floating (touch nothing solid, so nothing "
        "holds them); bond them to the package (adhesive, underfill, solder) or remove them")


@dataclass(frozen=True)
class ThermoElasticSystem:
    """K u = f for one load case, plus what stress recovery needs.

    ``matrix``: (3m, 3m) BSR stiffness, N/m; ``load``: (3m,) thermal nodal forces, N;
    ``strain``: (n, 3) thermal strain per element; ``key``: element → distinct-matrix
    index; ``stiffness``: (K, 6, 6) C per distinct matrix, Pa; ``temperature``: (n,) °C.
    """

    elements: Elements
    matrix: sp.bsr_matrix
    load: np.ndarray
    strain: np.ndarray
    key: np.ndarray
    sizes: np.ndarray
    stiffness: np.ndarray
    temperature: np.ndarray
    n_distinct: int


def _element_constants(elements: Elements, temperature: np.ndarray, stress_free: StressFree):
    """Group id per element, (G, 6, 6) C per group and (n, 3) thermal strain."""
    mesh = elements.mesh
    n = len(elements.cell)
    group = np.zeros(n, dtype=np.int64)
    strain = np.zeros((n, 3))
    tables: list[np.ndarray] = []
    materials = mesh.materials
    mat_of_el = mesh.material.ravel()[elements.cell]
    for p in np.unique(elements.part):
        pid = mesh.part_ids[p]
        in_part = elements.part == p
        t0 = stress_free.temperature[pid]
        layer = mesh.joint_layers.get(pid)
        for mi in np.unique(mat_of_el[in_part]):
            sel = in_part & (mat_of_el == mi)
            t = temperature[sel]
            homogenized = layer is not None and materials[mi].name.endswith("(homogenized)")
            if homogenized:
                # the matrix (underfill) of an array cured with it: its own stress-free T
                t0m = _matrix_stress_free(mesh, layer[2].name, stress_free, t0)
                code = 3 * phase(layer[1], t) + phase(layer[2], t)
            else:
                t0m = t0
                code = phase(materials[mi], t)
            idx = np.flatnonzero(sel)
            for c in np.unique(code):
                these = idx[code == c]
                tt = temperature[these]
                el = (joint_layer_at(layer[0], layer[1], layer[2], t0, t0m, tt) if homogenized
                      else elastic_at(materials[mi], t0, tt))
                group[these] = len(tables)
                tables.append(el.stiffness())
                strain[these] = el.strain
    return group, np.array(tables), strain


def _matrix_stress_free(mesh: PackageMesh, matrix: str, stress_free: StressFree,
                        fallback: float) -> float:
    """Stress-free temperature of the filler around a homogenised array (its cure)."""
    for pid, part in mesh.layout.parts.items():
        if part.filler and part.material == matrix:
            return stress_free.temperature[pid]
    return fallback


def assemble(elements: Elements, temperature: np.ndarray | float,
             stress_free: StressFree) -> ThermoElasticSystem:
    """Stiffness and thermal load for element temperatures (°C, scalar or (n,))."""
    n = len(elements.cell)
    temperature = np.broadcast_to(np.asarray(temperature, dtype=float), (n,)).copy()
    if not np.all(np.isfinite(temperature)):
        raise ChippackError("mechanics: the temperature field has NaN or infinite values")
    group, tables, strain = _element_constants(elements, temperature, stress_free)
    g = elements.mesh.grid
    axis_keys = []
    for axis, widths in enumerate((g.dx, g.dy, g.dz)):
        _, inverse = np.unique(np.round(widths * 1e9, 3), return_inverse=True)
        axis_keys.append(inverse[elements.ijk[:, axis]])
    combo = np.column_stack([*axis_keys, group])
    distinct, first, key = np.unique(combo, axis=0, return_index=True, return_inverse=True)
    key = key.ravel()
    sizes = elements.sizes()[first]
    stiffness = tables[distinct[:, 3]]
    ke, fe = brick_matrices(sizes, stiffness)

    m = len(elements.coords)
    nodes = elements.nodes
    # pattern of (row node, col node) blocks over all 64 corner pairs
    pairs = (nodes[:, :, None] * m + nodes[:, None, :]).reshape(n, 64)
    pattern, pos = np.unique(pairs, return_inverse=True)
    pos = pos.reshape(n, 64)
    data = np.zeros((len(pattern), 3, 3))
    for a in range(8):
        for b in range(8):
            data[pos[:, 8 * a + b]] += ke[:, 3 * a:3 * a + 3, 3 * b:3 * b + 3][key]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(pattern // m, minlength=m))])
    matrix = sp.bsr_matrix((data, pattern % m, indptr), shape=(3 * m, 3 * m))

    eps = np.zeros((n, 6))
    eps[:, :3] = strain
    fel = np.einsum("eij,ej->ei", fe[key], eps)  # (n, 24)
    dofs = (3 * nodes[:, :, None] + np.arange(3)).reshape(n, 24)
    load = np.bincount(dofs.ravel(), weights=fel.ravel(), minlength=3 * m)
    return ThermoElasticSystem(elements, matrix, load, strain, key, sizes, stiffness,
                               temperature, len(distinct))


def element_stress(system: ThermoElasticSystem, u: np.ndarray) -> np.ndarray:
    """(n, 6) stress at each element centre, Pa: σ = C (B(0) u_e − ε_th)."""
    el = system.elements
    n = len(el.cell)
    dofs = (3 * el.nodes[:, :, None] + np.arange(3)).reshape(n, 24)
    b0 = centre_strain_matrix(system.sizes)  # (K, 6, 24)
    total = np.einsum("eij,ej->ei", b0[system.key], u[dofs])
    mech = total.copy()
    mech[:, :3] -= system.strain
    c = system.stiffness[system.key]
    return np.einsum("eij,ej->ei", c, mech), total
