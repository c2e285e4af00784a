"""Transient solvers against the lumped RC (V6) and semi-infinite (V5) solutions."""

import numpy as np
import pytest

from chippack.analytic import lumped_rc_rise, semi_infinite_surface_flux_rise
from chippack.mesh import RectilinearGrid
from chippack.thermal import (
    ConductionProblem,
    ProblemDefinitionError,
    SideCondition,
    TransientSolver,
    solve_steady,
)
from conftest import assert_balanced, graded

RHO_CP_CU = 8960 * 385.0


def v6_problem():
    """Cu block 20x20x5 mm on 2x2x2 cells; the bottom h is chosen so that the total
    resistance from the cell centres to the sink is exactly 10 K/W."""
    g = RectilinearGrid.uniform((20e-3, 20e-3, 5e-3), (2, 2, 2))
    dz = 2.5e-3
    h = 1.0 / (4e-4 / 0.1 - dz / (2 * 390.0))
    return ConductionProblem(g, 390.0, power=np.full(g.shape, 0.125), rho_cp=RHO_CP_CU,
                             sides={"zmin": SideCondition(h, 25.0)})


@pytest.mark.parametrize("scheme, dt, tol", [("backward-euler", 0.069, 0.005),
                                             ("bdf2", 0.69, 0.005),
                                             ("crank-nicolson", 0.69, 0.005)])
def test_v6_lumped_rc(scheme, dt, tol):
    """V6 (docs/verification.md): Cu block 20x20x5 mm, rho c = 8960*385, R = 10 K/W, 1 W:
    C = 6.899 J/K, tau = 69.0 s and the rise at t = tau is 63.2 % of P R (0.5 %).  The
    energy balance (power in = out + stored) is checked at every step."""
    p = v6_problem()
    c = RHO_CP_CU * 20e-3 * 20e-3 * 5e-3
    tau = 10.0 * c
    ts = TransientSolver(p, scheme=scheme, initial=25.0)
    res = ts.run(tau, dt, masks={"block": p.solid})
    rise = res.mask_max["block"][-1] - 25.0
    assert rise == pytest.approx(lumped_rc_rise(tau, 1.0, 10.0, c), rel=tol)
    assert rise / 10.0 == pytest.approx(0.632, rel=tol)
    assert np.max(res.energy_balance_error) < 1e-6
    if scheme != "bdf2":
        # stored energy = sum over steps of the scheme's storage rate x dt
        stored = float(np.nansum((ts.temperature() - 25.0) * RHO_CP_CU
                                 * p.grid.cell_volumes()))
        assert stored == pytest.approx(np.sum(res.stored[1:] * np.diff(res.times)), rel=1e-6)
    # one hierarchy for the constant step; BDF2's backward-Euler start step reuses it
    assert len(ts._solvers) == (2 if scheme == "bdf2" else 1)
    assert ts.hierarchy_builds == 1


def test_v5_semi_infinite_surface_flux():
    """V5 (docs/verification.md): Si half-space (k 148, rho 2330, c 705), q = 100 W/cm^2,
    t = 1 ms -> surface rise 2.289 K; FV (3 mm column, 1 um skin source cell, cells
    graded x1.1 from the surface, BDF2 with dt = 5 us) within 3 %."""
    q, k, rho, c = 1e6, 148.0, 2330.0, 705.0
    z = np.append(graded(0.0, 3e-3 - 1e-6, 70, 0.9), 3e-3)
    g = RectilinearGrid.from_planes([0, 1e-3], [0, 1e-3], z)
    power = np.zeros(g.shape)
    power[0, 0, -1] = q * 1e-6
    p = ConductionProblem(g, k, power=power, rho_cp=rho * c,
                          sides={"zmin": SideCondition(1e3, 0.0)})
    ts = TransientSolver(p, scheme="bdf2", initial=0.0)
    res = ts.run(1e-3, 5e-6, probes={"surface": (0, 0, g.shape[2] - 1)})
    exact = semi_infinite_surface_flux_rise(1e-3, q, k, rho, c)
    assert exact == pytest.approx(2.289, rel=5e-3)
    assert res.probes["surface"][-1] == pytest.approx(exact, rel=0.03)
    # the sqrt(t) law holds along the history (after the first few steps)
    t = res.times[20:]
    assert np.allclose(res.probes["surface"][20:],
                       semi_infinite_surface_flux_rise(t, q, k, rho, c), rtol=0.03)
    assert np.max(res.energy_balance_error) < 1e-6


def test_transient_reaches_steady_state():
    """After many time constants the backward-Euler solution equals the steady solution
    (same operator), and power in = heat out."""
    g = RectilinearGrid.uniform((4e-3, 4e-3, 1e-3), (4, 4, 3))
    power = np.zeros(g.shape)
    power[1, 1, 2] = 0.2
    p = ConductionProblem(g, 50.0, power=power, rho_cp=1.6e6,
                          sides={"zmin": SideCondition(5e3, 30.0)})
    steady = solve_steady(p)
    assert_balanced(steady)
    ts = TransientSolver(p, scheme="backward-euler", initial=30.0)
    res = ts.run(20.0, 0.5)
    assert np.allclose(res.temperature, steady.temperature, atol=1e-7)
    assert res.heat_out[-1] == pytest.approx(0.2, rel=1e-6)


def test_transient_time_dependent_power_and_errors():
    """Power as a callable of time (pulse), then switched off: the block cools back; a
    problem without rho_cp is rejected with a message naming the field."""
    p = v6_problem()
    ts = TransientSolver(p, scheme="crank-nicolson", initial=25.0)
    res = ts.run(20.0, 0.5, power=lambda t: p.power * (t <= 10.0), masks={"all": p.solid})
    peak = res.mask_max["all"].max()
    assert res.mask_max["all"][-1] < peak
    assert np.max(res.energy_balance_error) < 1e-6
    with pytest.raises(ProblemDefinitionError, match="rho_cp"):
        TransientSolver(p.replace(rho_cp=None))


@pytest.mark.parametrize("scheme", ["backward-euler", "bdf2", "crank-nicolson"])
def test_one_hierarchy_per_step_size(scheme):
    """Steps of one size share one multigrid hierarchy: two ``run`` calls with the same
    dt (whose equal-step division differs from dt in the last bits) and BDF2's
    backward-Euler start build one; a second step size builds exactly one more.  Each
    solve is still checked against the lumped energy balance (power in = out + stored)."""
    g = RectilinearGrid.from_planes(np.linspace(0, 30e-3, 31), np.linspace(0, 30e-3, 31),
                                    graded(0.0, 2e-3, 6, 1.4))
    p = ConductionProblem(g, 390.0, power=np.where(g.mask_box((0, 0, 0), (5e-3, 5e-3, 1)),
                                                   1e-2, 0.0),
                          rho_cp=RHO_CP_CU, sides={"zmin": SideCondition(500.0, 25.0)})
    ts = TransientSolver(p, scheme=scheme, initial=25.0)
    ts.run(0.3, 0.1)
    ts.run(0.7, 0.1)
    assert ts.hierarchy_builds == 1
    assert ts.steps == 7
    ts.run(0.9, 0.05)
    assert ts.hierarchy_builds == 2
    res = ts.run(1.0, 0.05)
    assert ts.hierarchy_builds == 2
    assert np.max(res.energy_balance_error) < 1e-6
