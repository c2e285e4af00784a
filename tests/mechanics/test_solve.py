"""The free-free solver (semicoarsening or SA-AMG multigrid + projected CG) against a direct
solve, and the semicoarsening interpolation against linear fields."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from chippack.mechanics.assembly import assemble, solid_elements
from chippack.mechanics.loads import stress_free_temperatures
from chippack.mechanics.rigid import rigid_body_modes
from chippack.mechanics.semicoarsening import (
    column_colours,
    node_graph,
    node_lines,
    semicoarsening_hierarchy,
    xy_prolongation,
)
from chippack.mechanics.solve import (
    Preconditioner,
    direct_solve,
    preconditioner_for,
    solve,
    stiffness_key,
)
from chippack.mechanics.study import mechanics_mesh_options
from chippack.mechanics.zline import ZLineGaussSeidel
from chippack.mesh.package import mesh_layout
from tests.mechanics.conftest import plate_layout

# 12 µm copper foil on 0.4 mm organic core on 0.1 mm silicon: thin layers, strong contrast
LAYERS = [(0.4, 2.0e10, 0.3, 15e-6), (0.1, 1.3e11, 0.28, 2.6e-6), (0.012, 1.17e11, 0.34, 17e-6)]


def _plate_system(temperature=100.0):
    layout = plate_layout(LAYERS, size_mm=6.0)
    mesh = mesh_layout(layout, mechanics_mesh_options(layout))
    elements = solid_elements(mesh)
    return elements, assemble(elements, temperature, stress_free_temperatures(layout,
                                                                              override=0.0))


def test_iterative_solve_matches_direct_solve():
    """Known answer: SuperLU on K with a statically determinate 3-2-1 support (removes the
    rigid motions and adds no stress), then the rigid-body part projected out, is the
    exact free-free solution; the AMG-CG answer must agree to the solver tolerance."""
    elements, system = _plate_system()
    g = elements.mesh.grid
    hierarchy = semicoarsening_hierarchy(
        system.matrix, node_lines(elements.grid_node, elements.mesh.shape, g.x, g.y, g.z),
        max_coarse=60)  # several levels on this small plate (the default solves it exactly)
    assert len(hierarchy.levels) >= 3
    pre = Preconditioner(stiffness_key(system), rigid_body_modes(elements.coords), hierarchy)
    sol = solve(system, tol=1e-10, preconditioner=pre)
    assert sol.iterations > 3
    direct = direct_solve(system)
    u = sol.displacement.ravel()
    assert np.abs(u - direct).max() < 1e-6 * np.abs(direct).max()
    assert sol.force_balance < 1e-9


def test_zline_smoother_is_symmetric_and_reduces_the_error():
    """A symmetric smoother (forward then backward colour sweep) is what CG needs:
    the smoothing operator S = I − M⁻¹K must give a symmetric M; check ⟨S x, K y⟩ =
    ⟨K x, S y⟩ and that one sweep reduces the energy norm of a random error."""
    elements, system = _plate_system()
    a = system.matrix.tocsr()
    g = elements.mesh.grid
    column = node_lines(elements.grid_node, elements.mesh.shape, g.x, g.y, g.z).column
    smoother = ZLineGaussSeidel(a, column, column_colours(column, node_graph(a)))
    rng = np.random.default_rng(0)
    q = rigid_body_modes(elements.coords)

    def sweep(e):  # error propagation of one sweep on K e = 0
        x = e.copy()
        smoother(a, x, np.zeros_like(x))
        return x

    x, y = rng.standard_normal((2, a.shape[0]))
    x -= q @ (q.T @ x)
    y -= q @ (q.T @ y)
    lhs, rhs = sweep(x) @ (a @ y), (a @ x) @ sweep(y)
    assert abs(lhs - rhs) < 1e-9 * abs(lhs)
    assert sweep(x) @ (a @ sweep(x)) < 0.5 * (x @ (a @ x))


def test_coupled_columns_never_share_a_colour():
    """The z-line sweep relaxes all lines of one colour at once: no two node columns
    coupled by the stiffness may share a colour (a hex grid needs four)."""
    elements, system = _plate_system()
    graph = node_graph(system.matrix)
    g = elements.mesh.grid
    column = node_lines(elements.grid_node, elements.mesh.shape, g.x, g.y, g.z).column
    colour = column_colours(column, graph)
    coo = graph.tocoo()
    other = column[coo.row] != column[coo.col]
    assert np.all(colour[coo.row[other]] != colour[coo.col[other]])
    assert colour.max() + 1 == 4


def test_hierarchy_is_built_once_per_stiffness():
    """Load cases that change no modulus share the stiffness: the second solve reuses the
    first one's hierarchy; a different stiffness gets its own."""
    _, hot = _plate_system(100.0)
    _, warm = _plate_system(60.0)
    first, _ = preconditioner_for(hot)
    second, reused = preconditioner_for(warm)
    assert reused and second is first
    assert solve(warm).reused_preconditioner
    layout = plate_layout(LAYERS[:2], size_mm=6.0)
    mesh = mesh_layout(layout, mechanics_mesh_options(layout))
    other = assemble(solid_elements(mesh), 100.0, stress_free_temperatures(layout, override=0.0))
    assert not solve(other).reused_preconditioner


def _lines(nx: int, ny: int, nz: int):
    rng = np.random.default_rng(1)
    x = np.cumsum(rng.uniform(0.5, 2.0, nx + 1))
    y = np.cumsum(rng.uniform(0.5, 2.0, ny + 1))
    z = np.cumsum(rng.uniform(0.1, 0.3, nz + 1))
    node = np.arange((nx + 1) * (ny + 1) * (nz + 1))
    return node_lines(node, (nx, ny, nz), x, y, z)


def _full_graph(lines) -> sp.csr_matrix:
    """Adjacency of a full hex grid: nodes coupled when their (i, j, k) differ by <= 1."""
    idx = np.column_stack([lines.i, lines.j, lines.k])
    d = np.abs(idx[:, None, :] - idx[None, :, :]).max(axis=2)
    return sp.csr_matrix((d <= 1).astype(float))


def test_xy_prolongation_reproduces_linear_fields():
    """Bilinear interpolation per z plane reproduces any field linear in x and y (so every
    rigid-body motion) on a non-uniform grid -- also where one direction has only two
    lines, both coarse (no fine line to interpolate: an empty partner set)."""
    for shape in ((5, 4, 2), (1, 6, 2), (7, 1, 1)):
        lines = _lines(*shape)
        p, coarse = xy_prolongation(lines, _full_graph(lines))
        assert np.allclose(p.sum(axis=1), 1.0)
        for f in (lambda c: 1.0 + 0 * c[:, 0], lambda c: 2 * c[:, 0] - c[:, 1] + 3 * c[:, 2]):
            assert np.allclose(p @ f(coarse.coords), f(lines.coords))
        assert p.shape[1] < p.shape[0]
