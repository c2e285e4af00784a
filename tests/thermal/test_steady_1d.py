"""1-D and small steady cases with exact finite-volume answers (docs/verification.md V1)."""

import numpy as np
import pytest

from chippack.analytic import multilayer_resistance
from chippack.mesh import RectilinearGrid
from chippack.thermal import ConductionProblem, SideCondition, SteadySolver, solve_steady
from conftest import assert_balanced

A = 10e-3 * 10e-3
LAYERS = [(0.75e-3, 148.0), (50e-6, 4.0), (2e-3, 390.0)]   # V1 stack, bottom to top


def stack_grid(cells_per_layer=(6, 3, 8), axis=2, side=10e-3):
    planes = [0.0]
    for (t, _), n in zip(LAYERS, cells_per_layer, strict=True):
        planes.extend(planes[-1] + np.linspace(0, t, n + 1)[1:])
    p = [np.array([0.0, side])] * 3
    p[axis] = np.array(planes)
    return RectilinearGrid.from_planes(*p)


def stack_k(grid, axis=2):
    c = grid.centres[axis]
    bounds = np.cumsum([t for t, _ in LAYERS])
    kk = np.array([k for _, k in LAYERS])[np.searchsorted(bounds, c)]
    shp = [1, 1, 1]
    shp[axis] = -1
    return np.broadcast_to(kk.reshape(shp), grid.shape).copy()


def test_v1_fixed_temperatures_give_exact_resistance():
    """V1 (docs/verification.md V1): with fixed temperatures on both ends of the Si/TIM/Cu stack
    the FV heat flow gives R = 0.2270 K/W, exact to 1e-9 relative."""
    g = stack_grid()
    # a tiny power makes the problem non-trivial without changing R (superposition below)
    p = ConductionProblem(g, stack_k(g), sides={"zmin": SideCondition.fixed(100.0),
                                                "zmax": SideCondition.fixed(20.0)})
    sol = solve_steady(p, tol=1e-12)
    assert_balanced(sol)
    r_exact = multilayer_resistance([t for t, _ in LAYERS], [k for _, k in LAYERS], A)
    q = sol.heat_out_by_side["zmax"]
    assert q == pytest.approx(-sol.heat_out_by_side["zmin"], rel=1e-12)
    assert 80.0 / q == pytest.approx(r_exact, rel=1e-9)
    assert r_exact == pytest.approx(0.2270, rel=1e-3)


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_v1_convective_ends_exact(axis):
    """Physics.md 4.1: multilayer with convective ends (h1 = 800, h2 = 5000 W/m^2K to 20
    and 35 degC) and power 7 W in one Si cell.  The FV solution is exact for piecewise
    linear profiles, so the heat split and all temperatures outside the source cell match
    the series-resistance answer to 1e-9 relative, along every axis."""
    g = stack_grid(axis=axis)
    k = stack_k(g, axis)
    n = g.shape[axis]
    src = 2                                        # third Si cell
    power = np.zeros(g.shape)
    idx = [0, 0, 0]
    idx[axis] = src
    power[tuple(idx)] = 7.0
    lo, hi = ("xmin", "xmax", "ymin", "ymax", "zmin", "zmax")[2 * axis: 2 * axis + 2]
    h1, t1, h2, t2 = 800.0, 20.0, 5000.0, 35.0
    p = ConductionProblem(g, k, power=power, sides={lo: SideCondition(h1, t1),
                                                    hi: SideCondition(h2, t2)})
    sol = solve_steady(p, tol=1e-12)
    assert_balanced(sol)
    planes = (g.x, g.y, g.z)[axis]
    cz = g.centres[axis]
    zs = cz[src]
    kk = np.moveaxis(k, axis, -1).reshape(-1)

    def r_between(z0, z1):
        """Conduction resistance (per area) between positions z0 < z1."""
        r = 0.0
        for i in range(n):
            a, b = max(planes[i], z0), min(planes[i + 1], z1)
            if b > a:
                r += (b - a) / kk[i]
        return r

    r_down = (r_between(0, zs) + 1 / h1) / A
    r_up = (r_between(zs, planes[-1]) + 1 / h2) / A
    # T_s - t1 = Q1 r_down, T_s - t2 = Q2 r_up, Q1 + Q2 = P
    ts = (7.0 + t1 / r_down + t2 / r_up) / (1 / r_down + 1 / r_up)
    q1, q2 = (ts - t1) / r_down, (ts - t2) / r_up
    assert sol.heat_out_by_side[lo] == pytest.approx(q1, rel=1e-9)
    assert sol.heat_out_by_side[hi] == pytest.approx(q2, rel=1e-9)
    t = sol.temperature.reshape(-1) if axis == 2 else np.moveaxis(sol.temperature, axis,
                                                                   -1).reshape(-1)
    for i in range(n):
        if i == src:
            continue
        exact = ts - q1 / A * r_between(cz[i], zs) if i < src else \
            ts - q2 / A * r_between(zs, cz[i])
        assert t[i] == pytest.approx(exact, rel=1e-9)


def test_contact_resistance_series():
    """Physics.md 4.1: an interface resistance R'' adds R''/A in series.  Two Cu blocks
    (1 mm each, k 390) with R'' = 2e-5 K m^2/W at the internal z face, fixed 50/0 degC ends:
    Q = 50 / ((2e-3/390 + 2e-5)/A) exactly."""
    g = RectilinearGrid.from_planes([0, 10e-3], [0, 10e-3], np.linspace(0, 2e-3, 5))
    rz = np.zeros((1, 1, 3))
    rz[0, 0, 1] = 2e-5
    p = ConductionProblem(g, 390.0, contact_resistance=(None, None, rz),
                          sides={"zmin": SideCondition.fixed(50.0),
                                 "zmax": SideCondition.fixed(0.0)})
    sol = solve_steady(p)
    assert_balanced(sol)
    q = sol.heat_out_by_side["zmax"]
    assert q == pytest.approx(50 / ((2e-3 / 390 + 2e-5) / A), rel=1e-9)
    # temperature jump across the interface = q R''/A
    t = sol.temperature[0, 0]
    assert t[1] - t[2] == pytest.approx(q * (0.5e-3 / 390 + 2e-5) / A, rel=1e-9)


def test_anisotropic_conductivity():
    """Orthotropic k (docs/physics.md §4 compact board: 20 in-plane, 0.5 through-plane): the
    resistance along each axis uses only that axis' conductivity (4.1 per axis)."""
    g = RectilinearGrid.uniform((4e-3, 2e-3, 1e-3), (8, 4, 5))
    k = np.empty(g.shape + (3,))
    k[..., 0], k[..., 1], k[..., 2] = 20.0, 10.0, 0.5
    for axis, (lo, hi) in enumerate((("xmin", "xmax"), ("ymin", "ymax"), ("zmin", "zmax"))):
        p = ConductionProblem(g, k, sides={lo: SideCondition.fixed(10.0),
                                           hi: SideCondition.fixed(0.0)})
        sol = solve_steady(p)
        assert_balanced(sol)
        length = (4e-3, 2e-3, 1e-3)[axis]
        area = 4e-3 * 2e-3 * 1e-3 / length
        assert sol.heat_out_by_side[hi] == pytest.approx(
            10.0 * k[0, 0, 0, axis] * area / length, rel=1e-9)


def test_nonsolid_cells_act_as_ambient_and_groups():
    """Void cells carry the boundary condition of their faces: a solid bar inside a gas
    box with h on its faces equals the same bar with SideConditions; heat is reported per
    ambient group (superposition of 1D solutions)."""
    g = RectilinearGrid.from_planes(np.linspace(0, 3e-3, 4), [0, 1e-3], [0, 1e-3, 2e-3, 3e-3])
    solid = np.zeros(g.shape, bool)
    solid[:, 0, 1] = True
    power = np.zeros(g.shape)
    power[1, 0, 1] = 0.5
    h = np.zeros(g.shape)
    tt = np.zeros(g.shape)
    grp = np.zeros(g.shape, int)
    h[:, 0, 0], tt[:, 0, 0] = np.inf, 20.0          # cold plate below: fixed 20 degC
    h[:, 0, 2], tt[:, 0, 2], grp[:, 0, 2] = 50.0, 25.0, 1
    p = ConductionProblem(g, 150.0, power=power, solid=solid, ambient_h=h, ambient_t=tt,
                          ambient_group=grp)
    sol = solve_steady(p)
    assert_balanced(sol)
    assert np.isnan(sol.temperature[0, 0, 0]) and np.isfinite(sol.temperature[0, 0, 1])
    g2 = RectilinearGrid.from_planes(np.linspace(0, 3e-3, 4), [0, 1e-3], [1e-3, 2e-3])
    p2 = ConductionProblem(g2, 150.0, power=power[:, :, 1:2],
                           sides={"zmin": SideCondition.fixed(20.0),
                                  "zmax": SideCondition(50.0, 25.0)})
    sol2 = solve_steady(p2)
    assert np.allclose(sol.temperature[:, 0, 1], sol2.temperature[:, 0, 0], rtol=1e-12)
    assert sol.heat_out_by_group[0] == pytest.approx(sol2.heat_out_by_side["zmin"], rel=1e-9)
    assert sol.heat_out_by_group[1] == pytest.approx(sol2.heat_out_by_side["zmax"], rel=1e-9)


def test_per_face_side_arrays_and_fixed_temperature():
    """Fixed-temperature (h = inf) faces pin the face temperature: a plate with a linear
    temperature imposed on zmin and zmax (no power) holds T = imposed value everywhere for
    a linear field in x (exact for FV), with per-face arrays."""
    g = RectilinearGrid.uniform((10e-3, 5e-3, 1e-3), (10, 5, 4))
    xc = g.centres[0]
    face_t = np.repeat((30.0 + 1000.0 * xc)[:, None], 5, axis=1)
    p = ConductionProblem(g, 100.0, sides={
        "zmin": SideCondition(np.full((10, 5), np.inf), face_t),
        "zmax": SideCondition(np.inf, face_t),
        "xmin": SideCondition.fixed(30.0), "xmax": SideCondition.fixed(40.0)})
    sol = solve_steady(p)
    assert_balanced(sol)
    assert np.allclose(sol.temperature, (30.0 + 1000.0 * xc)[:, None, None], atol=1e-8)


def test_power_sweep_reuses_hierarchy_and_warm_start():
    """Linear superposition: doubling the power doubles the rise; the second solve reuses
    the AMG hierarchy (no setup time) and warm-starts (fewer iterations)."""
    g = RectilinearGrid.uniform((10e-3, 10e-3, 2e-3), (20, 20, 8))
    power = np.zeros(g.shape)
    power[8:12, 8:12, -1] = 0.1
    p = ConductionProblem(g, 150.0, power=power, sides={"zmin": SideCondition(1e4, 25.0)})
    solver = SteadySolver(p)
    s1 = solver.solve()
    s2 = solver.solve(power=2 * power)
    assert_balanced(s1)
    assert_balanced(s2)
    assert np.allclose(s2.temperature - 25.0, 2 * (s1.temperature - 25.0), rtol=1e-8)
    assert s2.timings["setup"] == 0.0
    assert s2.iterations <= 1
    power3 = power.copy()
    power3[2:4, 2:4, -1] = 0.3
    s3 = solver.solve(power=power3)
    assert_balanced(s3)
    assert s3.iterations <= s1.iterations
