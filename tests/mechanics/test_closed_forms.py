"""Thin-layer bending against closed forms, on the mechanics stage's default mesh.

The layers get one to three incompatible-mode bricks through their thickness (the
mesh caps cells at 0.3 mm in z), so these tests also show the element does not lock.
"""

from __future__ import annotations

import numpy as np
import pytest

from chippack.analytic.mechanics import (
    hsueh_curvature,
    stoney_curvature,
    suhir_interface_shear,
    timoshenko_curvature,
)

from .conftest import bottom_face, fitted_curvature, solve_plate


def test_v8_bimetal_curvature():
    """V8 — Timoshenko (1925): equal 1 mm layers, equal E, Δα = 1e-5, ΔT = 100 K:
    κ = 1.5 Δα ΔT / h = 0.750 1/m; FE paraboloid fit within 0.5 %."""
    assert timoshenko_curvature(1e-3, 1e11, 1e-5, 1e-3, 1e11, 2e-5, 100.0) == pytest.approx(
        0.750, rel=1e-12)
    el, system, sol = solve_plate([(1.0, 100e9, 0.3, 10e-6), (1.0, 100e9, 0.3, 20e-6)], 100.0)
    kappa = fitted_curvature(*bottom_face(el, sol.displacement))
    assert kappa == pytest.approx(0.750, rel=5e-3)
    assert kappa > 0  # top layer expands more: dome
    assert sol.force_balance < 1e-10
    # one to four bricks through each layer, nothing finer
    assert el.mesh.shape[2] <= 8


def test_v9_silicon_on_organic_centre_to_corner():
    """V9 — Timoshenko with biaxial moduli: Si 0.775 mm (130 GPa, ν 0.28, 2.6 ppm) on organic
    1.0 mm (25 GPa, ν 0.3, 17 ppm), ΔT = −100 K: |κ| = 1.1226 1/m, 112 µm centre-to-corner
    over a 20 mm square (κ L²/4); FE within 2 %."""
    kappa = timoshenko_curvature(1.0e-3, 25e9 / 0.7, 17e-6, 0.775e-3, 130e9 / 0.72, 2.6e-6,
                                 -100.0)
    assert abs(kappa) == pytest.approx(1.1226, rel=1e-3)
    el, _, sol = solve_plate([(1.0, 25e9, 0.3, 17e-6), (0.775, 130e9, 0.28, 2.6e-6)], -100.0)
    x, y, w = bottom_face(el, sol.displacement)
    r = np.hypot(x, y)
    centre_to_corner = w[np.argmin(r)] - w[np.argmax(r)]
    assert centre_to_corner == pytest.approx(112.3e-6, rel=0.02)


def test_v10_three_layers():
    """V10 — Hsueh (J. Appl. Phys. 2002) = laminate theory: organic 1.0 mm (E′ 35.7 GPa,
    17 ppm) / Si 0.775 mm (E′ 180.6, 2.6) / Cu 1.0 mm (E′ 197.0, 17), ΔT = −100 K:
    |1/r| = 0.5003 1/m; FE within 1 %."""
    layers = [(1.0, 25e9, 0.3, 17e-6), (0.775, 130e9, 0.28, 2.6e-6), (1.0, 130e9, 0.34, 17e-6)]
    biaxial = [e / (1 - nu) for _, e, nu, _ in layers]
    exact = hsueh_curvature([t * 1e-3 for t, *_ in layers], biaxial, [a for *_, a in layers],
                            -100.0)
    assert abs(exact) == pytest.approx(0.5003, rel=1e-3)
    el, _, sol = solve_plate(layers, -100.0)
    kappa = fitted_curvature(*bottom_face(el, sol.displacement))
    assert kappa == pytest.approx(exact, rel=0.01)


def test_hsueh_reduces_to_timoshenko():
    """Hsueh's n-layer formula equals Timoshenko's for two layers (same sign convention)."""
    t = timoshenko_curvature(0.7e-3, 50e9, 3e-6, 0.4e-3, 120e9, 17e-6, 80.0)
    h = hsueh_curvature([0.7e-3, 0.4e-3], [50e9, 120e9], [3e-6, 17e-6], 80.0)
    assert h == pytest.approx(t, rel=1e-12)


def test_v11_stoney():
    """V11 — Stoney (1909): σ_f = 100 MPa, t_f = 1 µm on Si 0.5 mm (E_s′ = 180.6 GPa):
    κ = 0.01329 1/m; FE (film with E′ Δα ΔT = 100 MPa) within 1 %."""
    assert stoney_curvature(100e6, 1e-6, 180.6e9, 0.5e-3) == pytest.approx(0.01329, rel=1e-3)
    e_film, nu_film = 70e9, 0.3  # biaxial 100 GPa: mismatch strain 1e-3 gives 100 MPa
    # substrate CTE 0, film CTE 1e-5, cooled by 100 K: the film shrinks, tension 100 MPa
    el, _, sol = solve_plate([(0.5, 130e9, 0.28, 0.0), (0.001, e_film, nu_film, 1e-5)], -100.0)
    kappa = fitted_curvature(*bottom_face(el, sol.displacement))
    expected = stoney_curvature(100e6, 1e-6, 130e9 / 0.72, 0.5e-3)
    assert kappa < 0  # film in tension on top: bowl
    assert abs(kappa) == pytest.approx(expected, rel=0.01)


def test_v12_suhir_formula():
    """V12 — Suhir (1986/1989) formula check: Si 0.775 mm / organic 1.0 mm, half-length
    5 mm, Δα = 14.4 ppm, ΔT = 100 K: k = 1854 1/m, τ_max = 19.5 MPa (0.5 %)."""
    k, tau = suhir_interface_shear(0.775e-3, 130e9, 0.28, 1.0e-3, 25e9, 0.3, 14.4e-6, 100.0,
                                   5e-3)
    assert k == pytest.approx(1854, rel=5e-3)
    assert tau == pytest.approx(19.5e6, rel=5e-3)
