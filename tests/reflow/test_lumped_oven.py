"""A lumped body in an oven against the exact solution of C dT/dt = hA (T_air(t) - T)."""

from __future__ import annotations

import numpy as np
import pytest

from chippack.errors import ChippackError
from chippack.layout import lay_out
from chippack.model import parse_spec
from chippack.reflow import constant_h, simulate_reflow

H = 50.0


def copper_block():
    """10 x 10 x 2 mm copper with a copper "die" on it: Biot = h t / k ~ 1e-4 (lumped)."""
    raw = {"name": "copper block", "parts": {
        "substrate": {"kind": "substrate", "size": [10, 10], "thickness": 2,
                      "material": "copper"},
        "die": {"kind": "die", "size": [6, 6], "thickness": 1, "material": "copper",
                "on": "substrate", "centered": "substrate", "orientation": "face_up"},
        "balls": {"kind": "ball_array", "under": "substrate", "centered": "substrate",
                  "pitch": 1.0, "diameter": 0.5, "height": 0.3, "count": [8, 8],
                  "material": "sac305", "shape": "ball"}}}
    return lay_out(parse_spec(raw))


def exact_lumped(t_break, a_break, tau, t0, times):
    """Exact response of dT/dt = (T_air - T)/tau to a piecewise-linear T_air: on a segment
    T_air = a + b s, T(s) = a + b (s - tau) + (T(0) - a + b tau) exp(-s/tau)."""
    out, T = [], t0
    for k in range(len(t_break) - 1):
        ta, tb = t_break[k], t_break[k + 1]
        a, b = a_break[k], (a_break[k + 1] - a_break[k]) / (tb - ta)
        sel = (times >= ta) & (times <= tb) if k == 0 else (times > ta) & (times <= tb)
        s = times[sel] - ta
        out.append(a + b * (s - tau) + (T - a + b * tau) * np.exp(-s / tau))
        d = tb - ta
        T = a + b * (d - tau) + (T - a + b * tau) * np.exp(-d / tau)
    return np.concatenate(out)


def test_lumped_body_follows_exact_convolution():
    """Lumped capacitance (physics: C dT/dt = hA (T_air - T), exact for Biot << 1); the
    block's balls are in the load, so C and A are taken from the mesh itself: C = sum rho c V,
    A = total exposed area, both of the solid cells the solver sees."""
    layout = copper_block()
    prof = constant_h([0, 60, 150, 200, 260], [25, 150, 230, 230, 60], H, "test")
    run = simulate_reflow(layout, prof, tc=260.0, dt=0.5)
    mesh = run.mesh
    from chippack.reflow.simulate import _oven_problem
    from chippack.thermal import assemble
    sysm = assemble(_oven_problem(mesh, H, 0.0))
    C = float(sysm.capacity.sum())
    G = float(sysm.boundary.conductance.sum())          # = h A (1 + O(Bi))
    tau = C / G
    exact = exact_lumped(prof.time_s, prof.air_c, tau, 25.0, run.times)
    sim = run.joints["balls"].mean_c
    assert np.max(np.abs(sim - exact)) < 0.15            # K, over a 25-230 °C history
    t_exact = float(np.sum(np.diff(run.times)[(exact[1:] > 218) & (exact[:-1] > 218)]))
    assert run.joints["balls"].time_above_liquidus_s == pytest.approx(t_exact, abs=1.0)
    assert run.solver["energy_balance_error_max"] < 1e-6


def test_profile_below_every_liquidus_is_a_finding():
    layout = copper_block()
    prof = constant_h([0, 100, 200], [25, 200, 25], H, "cold oven")
    run = simulate_reflow(layout, prof, tc=260.0)
    assert any("below every solder's liquidus" in f for f in run.findings)
    assert not run.joints["balls"].melted
    assert run.joints["balls"].time_above_liquidus_s == 0.0


def test_csv_profile_without_liquidus_runs(tmp_path):
    from chippack.reflow import read_profile_csv
    path = tmp_path / "cold.csv"
    path.write_text("0,25\n120,180\n240,40\n")
    run = simulate_reflow(copper_block(), read_profile_csv(path), tc=260.0)
    assert run.findings and "nothing can melt" in run.findings[0]


def test_zero_h_is_refused():
    with pytest.raises(ChippackError, match="film coefficient"):
        constant_h([0, 10], [25, 30], 0.0, "x")
