"""Solder-joint fatigue formulas against the published worked numbers."""

from __future__ import annotations

import pytest

from chippack.errors import SpecError
from chippack.mechanics.fatigue import (
    IPC_9701,
    SNPB,
    ThermalCycle,
    engelmaier_life,
    engelmaier_shear_range,
    fatigue_exponent,
    norris_landzberg,
    parse_field_profile,
)


def test_v13_engelmaier():
    """V13 — Engelmaier (IPC-D-279; George, Osterman & Pecht 2015): F 1, L_D 10 mm, h 0.5 mm,
    Δα 10 ppm/K, ΔT 100 K, T_sj 50 °C, t_D 15 min: Δγ = 0.0200, c = −0.41599, N_f = 2155."""
    gamma = engelmaier_shear_range(10e-3, 0.5e-3, 10e-6, 100.0)
    assert gamma == pytest.approx(0.0200, rel=1e-9)
    assert fatigue_exponent(50.0, 15.0) == pytest.approx(-0.41599, abs=1e-5)
    assert engelmaier_life(gamma, 50.0, 15.0) == pytest.approx(2155, rel=5e-3)


def test_v14_norris_landzberg():
    """V14 — Norris & Landzberg (1969), SnPb constants: test −40/125 °C at 24 cycles/day vs
    field ΔT 60 K, T_max 60 °C, 6 cycles/day: AF = 8.61."""
    test = ThermalCycle("TC3", -40.0, 125.0, cycles_per_day=24.0)
    field = ThermalCycle("field", 0.0, 60.0, cycles_per_day=6.0)
    assert norris_landzberg(test, field, SNPB) == pytest.approx(8.61, rel=5e-3)


def test_life_falls_with_harsher_cycles():
    """IPC-9701 TC1 (0/100) is the mildest, TC4 (−55/125) the harshest, for one joint."""
    lives = [engelmaier_life(1e-4 * c.delta_t, c.mean, c.dwell_min) for c in IPC_9701]
    assert lives == sorted(lives, reverse=True)


def test_field_profile_errors_name_the_option():
    assert parse_field_profile("0,60,2").cycles_per_day == 2.0
    with pytest.raises(SpecError, match="--field"):
        parse_field_profile("60,0")
    with pytest.raises(SpecError, match="--field"):
        parse_field_profile("hot")
