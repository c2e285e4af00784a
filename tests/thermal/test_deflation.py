"""Deflated CG against the high-conductivity bodies (solver.Deflation, steady.conductive_bodies).

References: the direct (SuperLU) solution of the same system; deflated CG of Saad, Yeung,
Erhel & Guyomarc'h (SIAM J. Sci. Comput. 21, 2000) keeps the residual orthogonal to the
deflation vectors, which is checked directly.
"""

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from chippack.mesh import RectilinearGrid
from chippack.thermal import ConductionProblem, SideCondition, SteadySolver, assemble
from chippack.thermal.solver import Deflation, pcg
from chippack.thermal.steady import conductive_bodies
from conftest import assert_balanced


def _floating_lids():
    """Two copper blocks (k 390) in mold (k 0.3) on an orthotropic board (k 21/21/0.32),
    still-air-like films (10 W/m^2K) on top and bottom, power in a thin silicon-like
    layer (k 148) under the first block: near-floating bodies, a ~1000x contrast."""
    x = np.linspace(0.0, 20e-3, 25)
    z = np.concatenate([[0.0], np.cumsum([4e-4] * 4 + [5e-5] * 2 + [3e-4] * 6)])
    g = RectilinearGrid(x, x, z)
    nx, ny, nz = g.shape
    k = np.empty((nx, ny, nz, 3))
    k[:, :, :4] = (21.0, 21.0, 0.32)
    k[:, :, 4:] = 0.3
    k[4:10, 4:10, 4:6] = 148.0
    k[4:10, 4:10, 6:11] = 390.0
    k[14:21, 12:20, 6:11] = 390.0
    power = np.zeros(g.shape)
    power[4:10, 4:10, 4] = 2.0 / 36
    film = SideCondition(10.0, 25.0)
    return ConductionProblem(g, k, power=power, sides={"zmin": film, "zmax": film})


def test_conductive_bodies_are_the_metal_blocks():
    p = _floating_lids()
    s = assemble(p)
    Z = conductive_bodies(p, s)
    sizes = sorted(np.asarray(Z.sum(axis=0)).ravel().astype(int).tolist())
    # the silicon layer and the first copper block form one body; the second block another
    assert sizes == sorted([7 * 8 * 5, 6 * 6 * 7])
    assert np.all(np.asarray(Z.sum(axis=1)).ravel() <= 1)        # disjoint indicators
    soft = ConductionProblem(p.grid, 0.3, power=p.power, sides=p.sides)
    assert conductive_bodies(soft, assemble(soft)) is None


def test_deflated_steady_solve_matches_direct():
    """Same temperatures as SuperLU, balanced, and no more iterations than plain CG."""
    p = _floating_lids()
    ref = SteadySolver(p, method="direct").solve()
    plain = SteadySolver(p, deflate=False).solve()
    solver = SteadySolver(p)
    sol = solver.solve()
    assert solver.linear.deflation is not None
    for s in (plain, sol):
        assert_balanced(s)
        assert np.nanmax(np.abs(s.temperature - ref.temperature)) < 1e-7
    assert sol.iterations <= plain.iterations
    # a re-solve with another power reuses the deflation; a film pass (another matrix)
    # rebuilds it for the new matrix
    again = solver.solve(power=2 * p.power)
    assert np.nanmax(np.abs(again.temperature - 25.0 - 2 * (ref.temperature - 25.0))) < 1e-6
    hot = p.replace(sides={"zmin": SideCondition(20.0, 25.0), "zmax": SideCondition(20.0, 25.0)})
    twin = SteadySolver(hot, reuse=solver)
    ref2 = SteadySolver(hot, method="direct").solve()
    sol2 = twin.solve()
    assert twin.linear.deflation is not solver.linear.deflation
    assert np.nanmax(np.abs(sol2.temperature - ref2.temperature)) < 1e-7


def test_deflated_pcg_keeps_residual_orthogonal_to_the_vectors():
    """1-D chain of springs with a stiff block: x matches the direct solution and
    Z^T r vanishes (to rounding) at the end."""
    n = 60
    g = np.ones(n - 1)
    g[20:40] = 1e4                                    # a stiff body
    main = np.r_[g, 0.0] + np.r_[0.0, g]
    main[0] += 1.0                                    # tie to ground
    A = sp.diags([main, -g, -g], [0, 1, -1], format="csr")
    b = np.zeros(n)
    b[-1] = 1.0
    Z = sp.csr_matrix((np.ones(21), (np.arange(20, 41), np.zeros(21))), shape=(n, 1))
    d = Deflation.build(A, Z)
    dinv = 1.0 / A.diagonal()
    x, it, rel = pcg(A, b, lambda r: dinv * r, tol=1e-8, maxiter=5000, deflation=d,
                     project=False)
    ref = spla.spsolve(A.tocsc(), b)
    assert rel <= 1e-8
    assert np.max(np.abs(x - ref)) < 1e-6 * np.max(np.abs(ref))
    assert abs(float((Z.T @ (b - A @ x))[0])) < 1e-9
    plain = pcg(A, b, lambda r: dinv * r, tol=1e-8, maxiter=5000, project=False)
    assert it < plain[1]
