"""Plate-fin heat sinks as an effective film coefficient on their base.

Straight rectangular fins of thickness t, height L, conductivity k in a film
coefficient h (Incropera & DeWitt §3.6; docs/physics.md §6):

    m = sqrt(2h / (k t)),   L_c = L + t/2,   η_f = tanh(m L_c) / (m L_c)
    A_f = 2 L_c w (per fin of length w),   A_tot = N A_f + (A_base − N t w)
    η_o = 1 − (N A_f / A_tot)(1 − η_f),    h_eff = η_o h A_tot / A_base

h_eff on the base footprint carries the same heat as the finned surface at the
mean base temperature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def fin_efficiency(h: float, k: float, thickness: float, height: float) -> float:
    """η_f of a straight rectangular fin with the corrected-length tip (dimensionless)."""
    if min(h, k, thickness, height) <= 0:
        raise ValueError("fin efficiency needs h, k, thickness and height > 0")
    m = math.sqrt(2 * h / (k * thickness))
    mlc = m * (height + thickness / 2)
    return math.tanh(mlc) / mlc


@dataclass(frozen=True)
class FinnedBase:
    """Effective behaviour of a finned base."""

    fin_efficiency: float
    overall_efficiency: float
    area_total: float  # m²
    area_base: float  # m²
    h_effective: float  # W/(m²·K) on the base footprint


def effective_base_h(h: float, k: float, count: int, thickness: float, height: float,
                     fin_length: float, base_area: float) -> FinnedBase:
    """h_eff for ``count`` fins of the given size on a base of ``base_area`` m²."""
    eta_f = fin_efficiency(h, k, thickness, height)
    a_fin = 2 * (height + thickness / 2) * fin_length
    exposed = base_area - count * thickness * fin_length
    if exposed < 0:
        raise ValueError("fins cover more than the base")
    a_tot = count * a_fin + exposed
    eta_o = 1 - count * a_fin / a_tot * (1 - eta_f)
    return FinnedBase(eta_f, eta_o, a_tot, base_area, eta_o * h * a_tot / base_area)
