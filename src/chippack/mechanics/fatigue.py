"""Solder-joint fatigue: Engelmaier's life model and Norris–Landzberg acceleration.

Engelmaier (IPC-D-279 / IPC-SM-785 lineage; reviewed by George, Osterman & Pecht,
IEEE Trans. Device Mater. Reliab. 15, 2015), for area-array joints:

    Δγ  = F L_D Δα ΔT / h
    c   = −0.442 − 6·10⁻⁴ T_sj + 1.74·10⁻² ln(1 + 360 / t_D)
    N_f = ½ (Δγ / (2 ε_f′))^(1/c)

L_D distance from the neutral point, h joint height, Δα the CTE mismatch across the
joint, T_sj the mean cyclic joint temperature (°C), t_D the half-cycle dwell (min),
ε_f′ = 0.325 (calibrated for SnPb; a first-order estimate for SAC), N_f the mean life.
The shear range Δγ may instead come from the finite-element solve (the joint's
equivalent strain range), which is what :func:`engelmaier_life` takes.

Norris & Landzberg (IBM J. Res. Dev. 13, 1969), test t → field f:

    AF = (ΔT_t/ΔT_f)^n (f_f/f_t)^m exp[(E_a/k)(1/T_max,f − 1/T_max,t)]

SnPb n = 1.9, m = 1/3, E_a/k = 1414 K (the original constants); SAC305 n = 2.65,
m = 0.136, E_a/k = 2185 K (Pan et al., SMTA 2005).

IPC-9701A temperature cycles: TC1 0/100 °C, TC2 −25/100, TC3 −40/125, TC4 −55/125
(≈10 min dwells; TC1 is the reference condition).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.errors import SpecError
from chippack.mechanics.loads import MECHANICS_RANGE_C

FATIGUE_DUCTILITY = 0.325  # ε_f′, Engelmaier


@dataclass(frozen=True)
class ThermalCycle:
    """A temperature cycle: extremes (°C), half-cycle dwell (min), cycles per day."""

    name: str
    t_min: float
    t_max: float
    dwell_min: float = 10.0
    cycles_per_day: float = 24.0

    @property
    def delta_t(self) -> float:
        return self.t_max - self.t_min

    @property
    def mean(self) -> float:
        return 0.5 * (self.t_max + self.t_min)


IPC_9701 = (ThermalCycle("TC1", 0.0, 100.0), ThermalCycle("TC2", -25.0, 100.0),
            ThermalCycle("TC3", -40.0, 125.0), ThermalCycle("TC4", -55.0, 125.0))


@dataclass(frozen=True)
class NorrisLandzberg:
    exponent_dt: float
    exponent_f: float
    activation_k: float  # E_a/k, K


SNPB = NorrisLandzberg(1.9, 1 / 3, 1414.0)
SAC = NorrisLandzberg(2.65, 0.136, 2185.0)


def engelmaier_shear_range(dnp: float, height: float, delta_alpha: float, delta_t: float,
                           factor: float = 1.0) -> float:
    """Δγ = F L_D Δα ΔT / h (lengths in m, Δα 1/K, ΔT K)."""
    if height <= 0:
        raise SpecError("joint height", f"must be > 0 m, got {height}")
    return factor * dnp * abs(delta_alpha) * abs(delta_t) / height


def fatigue_exponent(mean_c: float, dwell_min: float) -> float:
    """c = −0.442 − 6e-4 T_sj + 1.74e-2 ln(1 + 360/t_D)."""
    if dwell_min <= 0:
        raise SpecError("dwell", f"must be > 0 min, got {dwell_min}")
    return -0.442 - 6e-4 * mean_c + 1.74e-2 * np.log(1 + 360 / dwell_min)


def engelmaier_life(shear_range: float, mean_c: float, dwell_min: float,
                    ductility: float = FATIGUE_DUCTILITY) -> float:
    """Mean cycles to failure N_f = ½ (Δγ / (2 ε_f′))^(1/c)."""
    if not np.isfinite(shear_range) or shear_range <= 0:
        return float("inf")
    c = fatigue_exponent(mean_c, dwell_min)
    return float(0.5 * (shear_range / (2 * ductility)) ** (1 / c))


def norris_landzberg(test: ThermalCycle, field: ThermalCycle,
                     constants: NorrisLandzberg = SNPB) -> float:
    """Acceleration factor of ``test`` over ``field`` (cycles in field per cycle in test)."""
    n, m, ea = constants.exponent_dt, constants.exponent_f, constants.activation_k
    return float((test.delta_t / field.delta_t) ** n
                 * (field.cycles_per_day / test.cycles_per_day) ** m
                 * np.exp(ea * (1 / (field.t_max + 273.15) - 1 / (test.t_max + 273.15))))


def parse_field_profile(text: str) -> ThermalCycle:
    """'TMIN,TMAX[,CYCLES_PER_DAY[,DWELL_MIN]]' (°C) → a field cycle."""
    form = "TMIN,TMAX[,CYCLES_PER_DAY[,DWELL_MIN]]"
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        raise SpecError("--field", f"expected {form}, got {text!r}") from None
    if not 2 <= len(values) <= 4:
        raise SpecError("--field", f"expected {form} (2 to 4 numbers), got {len(values)} "
                        f"in {text!r}")
    if not all(np.isfinite(values)):
        raise SpecError("--field", f"expected finite numbers ({form}), got {text!r}")
    lo, hi = MECHANICS_RANGE_C
    if values[1] <= values[0] or values[0] < lo or values[1] > hi:
        raise SpecError("--field", f"need TMIN,TMAX with TMAX > TMIN inside {lo:g}..{hi:g} °C, "
                        f"got {text!r}")
    if len(values) > 2 and not 0 < values[2] <= 1440:
        raise SpecError("--field", f"CYCLES_PER_DAY must be in (0, 1440] (at most one a "
                        f"minute), got {values[2]:g}")
    if len(values) > 3 and not 0 < values[3] <= 1440:
        raise SpecError("--field", f"DWELL_MIN (minutes at each extreme) must be in (0, 1440], "
                        f"got {values[3]:g}")
    cycle = ThermalCycle("field", values[0], values[1],
                         values[3] if len(values) > 3 else 10.0,
                         values[2] if len(values) > 2 else 1.0)
    return cycle
