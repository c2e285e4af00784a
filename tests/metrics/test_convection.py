"""Film coefficients against docs/verification.md, case V15.

V15: 100 × 100 mm horizontal plate at 70 °C in 25 °C air (Incropera & DeWitt
correlations, air properties at the film temperature): Ra_L = 4.68e4 with
L = A/P = 25 mm; hot face up h = 8.84, hot face down 4.97 (0.52 Ra^⅕); a 0.1 m
vertical plate 6.19 (Churchill–Chu); radiation with ε = 0.9: h_r = 6.76 W/m²K.
Tolerance 2 % (property interpolation), as the reference states.
"""

import numpy as np
import pytest

from chippack.metrics import convection as cv

A, P = 0.1 * 0.1, 0.4


def test_rayleigh_v15():
    ra, _ = cv.rayleigh(70, 25, A / P)
    assert ra == pytest.approx(4.68e4, rel=0.02)


@pytest.mark.parametrize("value,expected", [
    (lambda: cv.h_horizontal_up(70, 25, A, P), 8.84),
    (lambda: cv.h_horizontal_down(70, 25, A, P), 4.97),
    (lambda: cv.h_vertical(70, 25, 0.1), 6.19),
    (lambda: cv.h_radiation(70, 25, 0.9), 6.76),
])
def test_film_coefficients_v15(value, expected):
    assert value() == pytest.approx(expected, rel=0.02)


def test_forced_plate_laminar_formula():
    """Nu = 0.664 Re^½ Pr^⅓ (Incropera eq. 7.30), recomputed from the same air properties."""
    air = cv.air_properties(0.5 * (50 + 25))
    re = 2.0 * 0.1 / air.nu
    expected = 0.664 * re**0.5 * air.pr ** (1 / 3) * air.k / 0.1
    assert cv.h_forced_plate(2.0, 0.1, 50, 25) == pytest.approx(expected, rel=1e-12)
    assert 10 < expected < 30  # Incropera's "forced convection, gases" range starts at 25


def test_forced_air_needs_velocity():
    with pytest.raises(ValueError, match="velocity"):
        cv.h_forced_plate(0.0, 0.1, 50, 25)


def test_block_mean_is_the_prismatic_component_correlation_floored_by_the_laminar_layer():
    """Single prismatic component in a duct, Nu_d = 0.446 Re_d^0.57 (Kraus, "Cooling
    Electronic Equipment", Mechanical Engineers' Handbook Vol. 4, 3rd ed., 2006,
    eq. (65)), recomputed here from the same air properties; at small Re the laminar
    restart 0.664 Re^½ Pr^⅓ (Incropera eq. 7.30) is the larger and is kept."""
    air = cv.air_properties(37.5)
    re = 1.0 * 0.025 / air.nu
    assert 1000 < re < 2000  # a 25 mm package at 1 m/s
    expected = 0.446 * re**0.57 * air.k / 0.025
    assert cv.h_block_mean(1.0, 0.025, air) == pytest.approx(expected, rel=1e-12)
    # the block data lie above the laminar layer there (separation, reattachment)
    assert expected > 1.15 * cv.h_laminar_mean(1.0, 0.025, air)
    slow = 1e-3  # Re_L ≈ 1.4: the laminar floor
    assert cv.h_block_mean(slow, 0.025, air) == pytest.approx(
        cv.h_laminar_mean(slow, 0.025, air), rel=1e-12)


def test_duct_flow_film_reduces_to_flat_plate_forms():
    """Duct-flow model (Incropera eqs. 7.23, 7.30; Kraus 2006 eq. (65); Churchill
    1977): every package face gets the component mean over the package length at the
    speed that meets its front, the board's local values average to the flat-plate mean
    over its length, natural convection mixes by n = 3."""
    board, package = (0.0, 0.1, 0.0, 0.1), (0.04, 0.065, 0.04, 0.065, 0.003)
    film = cv.duct_flow_film(1.0, board, package, 50, 25, natural=(0.0, 0.0, 0.0))
    air = cv.air_properties(37.5)
    approach = cv.approach_velocity(1.0, 0.04, 0.003, air)
    assert film.package_top == pytest.approx(cv.h_block_mean(approach, 0.025, air), rel=1e-12)
    assert film.front == film.sides == film.back == pytest.approx(film.package_top)
    x = (np.arange(100000) + 0.5) * 0.1 / 100000  # the board's underside has no package
    # the model holds h_x at its value 0.1 mm from the leading edge closer in (finite at
    # x = 0): that removes half of the first 0.1 mm's share, √(0.1/100)/2 = 1.6 % of the mean
    clamp = 1 - (1e-4 / 0.1) ** 0.5 / 2
    assert film.down(x, 0.0).mean() == pytest.approx(
        clamp * cv.h_laminar_mean(1.0, 0.1, air), rel=1e-3)
    assert float(film.up(0.05, 0.05)) == pytest.approx(film.package_top)
    behind = float(film.up(0.07, 0.05))
    assert behind > float(film.down(0.07, 0.05))  # the wake's restarted layer is thinner
    assert cv.h_mixed(3.0, 4.0) == pytest.approx(91 ** (1 / 3))


@pytest.mark.parametrize("eta,f", [(0.4, 0.02656), (1.2, 0.2379), (2.0, 0.6500), (3.2, 1.5691),
                                   (4.0, 2.3057), (5.0, 3.2833), (8.0, 6.2792)])
def test_blasius_profile_is_incropera_table_7_1(eta, f):
    """Blasius stream function f(η) against Incropera & DeWitt Table 7.1 (4 digits)."""
    assert cv.blasius_f(eta) == pytest.approx(f, abs=1e-4)


def test_approach_velocity_is_the_blasius_mean_over_the_package_height():
    """∫₀^H u dy / H in the board's laminar layer: near the wall u = U f″(0) η, so the mean
    is U·0.332 η_H/2; a package far taller than δ₉₉ sees U less the displacement
    thickness share, U (1 − 1.7208/η_H)."""
    air = cv.air_properties(40.0)
    x, u = 0.05, 1.0
    scale = (air.nu * x / u) ** 0.5  # y per unit η
    low = 0.05 * scale
    assert cv.approach_velocity(u, x, low, air) == pytest.approx(
        u * cv.BLASIUS_F2_WALL * 0.05 / 2, rel=1e-3)
    tall = 40 * scale
    assert cv.approach_velocity(u, x, tall, air) == pytest.approx(u * (1 - 1.72079 / 40),
                                                                  rel=1e-6)
    # an 8 mm molded BGA 1.2 mm tall, 47 mm behind the leading edge at 1 m/s: 0.2 U
    assert 0.18 < cv.approach_velocity(1.0, 0.047, 1.2e-3, air) < 0.25


def test_flush_heater_mean_is_the_integral_of_the_unheated_starting_length_local_form():
    """Incropera & DeWitt §7.2.4: the strip mean (eq. 7.44, p = 2) equals the mean of the
    local form Nu_x = Nu_x|ξ=0 / [1 − (ξ/x)^¾]^⅓ (eq. 7.36) over the heated strip, and with
    no unheated length it is the flat-plate mean (eq. 7.30)."""
    from scipy.integrate import quad

    air = cv.air_properties(40.0)
    start, length, u = 0.045, 0.008, 1.0

    def local(x):
        return cv.h_laminar_local(u, x, air) / (1 - (start / x) ** 0.75) ** (1 / 3)

    mean = quad(local, start, start + length, limit=200)[0] / length
    assert cv.h_flush_heater_mean(u, start, length, air) == pytest.approx(mean, rel=1e-4)
    assert cv.h_flush_heater_mean(u, 0.0, 0.05, air) == pytest.approx(
        cv.h_laminar_mean(u, 0.05, air), rel=1e-12)
