"""The fast reflow path (variable-step BDF2, one shared hierarchy) against references.

References: the exact convolution of a lumped body (C dT/dt = hA (T_air - T), exact for
Biot << 1) and, for the seed-001 package, a run with 0.25 s constant steps (BDF2, whose
own accuracy the exact-convolution test in test_lumped_oven.py pins down).
"""

from __future__ import annotations

import numpy as np
import pytest
from test_lumped_oven import H, copper_block, exact_lumped

from chippack.design import load_layout
from chippack.examples import example_path
from chippack.reflow import AirProfile, constant_h, jstd020_profile, simulate_reflow
from chippack.reflow.stepping import bdf2_coefficients, local_error

#: Stated tolerances of the fast path against the small-step reference.
PEAK_TOL_K, TAL_TOL_S = 0.3, 1.0


def test_fast_path_matches_small_steps_on_seed001():
    """Seed-001 bumped-sink flip chip, J-STD-020 Pb-free shape peaking at 250 °C: the
    adaptive run's peak (hottest and coldest joint) within 0.3 K and time above liquidus
    within 1 s of 0.25 s constant steps, in far fewer steps and one hierarchy."""
    layout = load_layout(example_path("bumped_sink_flipchip"))
    prof = jstd020_profile(250.0)
    fast = simulate_reflow(layout, prof, 250.0)
    ref = simulate_reflow(layout, prof, 250.0, dt=0.25)
    assert fast.solver["scheme"] == "bdf2 variable step"
    assert fast.solver["steps"] * 5 < ref.solver["steps"]
    assert fast.solver["hierarchy_builds"] <= 3
    for jid, r in ref.joints.items():
        f = fast.joints[jid]
        assert f.peak_c == pytest.approx(r.peak_c, abs=PEAK_TOL_K), jid
        assert f.peak_min_c == pytest.approx(r.peak_min_c, abs=PEAK_TOL_K), jid
        assert f.time_above_liquidus_s == pytest.approx(r.time_above_liquidus_s,
                                                        abs=TAL_TOL_S), jid
    assert fast.solver["energy_balance_error_max"] < 1e-6


def test_fast_path_lumped_body_follows_exact_convolution():
    """Lumped capacitance, exact piecewise-linear convolution (as in test_lumped_oven):
    the adaptive steps land on every kink of the air profile and stay within 0.15 K."""
    layout = copper_block()
    prof = constant_h([0, 60, 150, 200, 260], [25, 150, 230, 230, 60], H, "test")
    run = simulate_reflow(layout, prof, tc=260.0)
    from chippack.reflow.simulate import _oven_problem
    from chippack.thermal import assemble
    sysm = assemble(_oven_problem(run.mesh, H, 0.0))
    tau = float(sysm.capacity.sum()) / float(sysm.boundary.conductance.sum())
    exact = exact_lumped(prof.time_s, prof.air_c, tau, 25.0, run.times)
    assert np.max(np.abs(run.joints["balls"].mean_c - exact)) < 0.15
    assert set(prof.time_s) <= set(np.round(run.times, 9))
    assert run.solver["steps"] < 260 / 0.5


def test_zoned_oven_shares_one_hierarchy_across_zones():
    """Three zones of different h: one system per h, the hierarchy shared (builds well
    below the zone count x step sizes), steps land on the zone edges, and the result
    matches 0.5 s constant steps within the stated tolerances."""
    t = np.array([0.0, 5.0, 80.0, 90.0, 150.0, 160.0, 220.0])
    air = np.array([25.0, 180.0, 180.0, 250.0, 250.0, 60.0, 60.0])
    prof = AirProfile(t, air, np.array([0.0, 85.0, 155.0, 220.0]),
                      np.array([30.0, 60.0, 45.0]), 25.0, "three zones")
    fast = simulate_reflow(copper_block(), prof, tc=260.0)
    ref = simulate_reflow(copper_block(), prof, tc=260.0, dt=0.5)
    assert fast.solver["systems_assembled"] == 3 and fast.solver["zone_switches"] == 2
    assert fast.solver["hierarchy_builds"] <= 2
    assert {85.0, 155.0} <= set(np.round(fast.times, 9))
    f, r = fast.joints["balls"], ref.joints["balls"]
    assert f.peak_c == pytest.approx(r.peak_c, abs=PEAK_TOL_K)
    assert f.time_above_liquidus_s == pytest.approx(r.time_above_liquidus_s, abs=TAL_TOL_S)


def test_variable_bdf2_is_exact_for_quadratics_and_estimates_cubics():
    """Variable-step BDF2 integrates y' = 2t exactly (order 2) for any step ratio, and
    the error estimate of y = t^3 equals the step's true local error (the method's
    residual of a cubic, Hairer-Norsett-Wanner III.5)."""
    for omega in (0.5, 1.0, 2.0):
        h, hp = 1.0 * omega, 1.0
        tn = 3.0
        ts = [tn - hp, tn, tn + h]
        a0, a1, a2 = bdf2_coefficients(omega)
        # a0 y_{n+1} + a1 y_n + a2 y_{n-1} = h y'_{n+1}, solved for y_{n+1}
        y = [t ** 2 for t in ts]
        assert (h * 2 * ts[2] - a1 * y[1] - a2 * y[0]) / a0 == pytest.approx(y[2], rel=1e-12)
        y3 = [t ** 3 for t in ts]
        computed = (h * 3 * ts[2] ** 2 - a1 * y3[1] - a2 * y3[0]) / a0
        est = local_error([tn - 2 * hp] + ts, [np.array([(tn - 2 * hp) ** 3])] +
                          [np.array([v]) for v in y3], omega)
        assert est == pytest.approx(abs(computed - y3[2]), rel=1e-9)
