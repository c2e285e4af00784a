"""Film coefficients for JEDEC environments: natural and forced convection, radiation.

Air properties at the film temperature T_f = (T_s + T_∞)/2, interpolated
linearly between Incropera & DeWitt Table A.4 at 300 K and 350 K; β = 1/T_f.
Correlations (Incropera & DeWitt; docs/physics.md §5):

* horizontal plate, hot face up, L = A/P:  Nu = 0.54 Ra^¼ (Ra ≤ 1e7), 0.15 Ra^⅓ above
* horizontal plate, hot face down:          Nu = 0.52 Ra^⅕
* vertical plate (Churchill–Chu, all Ra):   Nu = {0.825 + 0.387 Ra^⅙ / [1 + (0.492/Pr)^(9/16)]^(8/27)}²
* flat plate in parallel flow (laminar, Re < 5e5): Nu = 0.664 Re^½ Pr^⅓;
  mixed: (0.037 Re^⅘ − 871) Pr^⅓
* radiation to large surroundings, linearised: h_r = ε σ (T_s + T_∞)(T_s² + T_∞²) (kelvin)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SIGMA = 5.670e-8  # W/(m²·K⁴)
G = 9.81  # m/s²

# Incropera & DeWitt Table A.4, air at 1 atm
_T = np.array([300.0, 350.0])
_NU = np.array([15.89e-6, 20.92e-6])
_ALPHA = np.array([22.5e-6, 29.9e-6])
_K = np.array([0.0263, 0.0300])
_PR = np.array([0.707, 0.700])


@dataclass(frozen=True)
class AirProperties:
    temperature: float  # K
    nu: float  # m²/s
    alpha: float  # m²/s
    k: float  # W/(m·K)
    pr: float


def air_properties(film_temperature_c: float) -> AirProperties:
    """Air properties at the film temperature (°C), linear in T through the 300 and 350 K rows."""
    t = film_temperature_c + 273.15
    w = (t - _T[0]) / (_T[1] - _T[0])

    def lerp(v: np.ndarray) -> float:
        return float(v[0] + w * (v[1] - v[0]))

    return AirProperties(t, lerp(_NU), lerp(_ALPHA), lerp(_K), lerp(_PR))


def rayleigh(surface_c: float, ambient_c: float, length: float) -> tuple[float, AirProperties]:
    """Ra_L = g β ΔT L³ / (ν α) at the film temperature, and the properties used."""
    air = air_properties(0.5 * (surface_c + ambient_c))
    dt = abs(surface_c - ambient_c)
    return G * (1.0 / air.temperature) * dt * length**3 / (air.nu * air.alpha), air


def h_horizontal_up(surface_c: float, ambient_c: float, area: float, perimeter: float) -> float:
    """Hot face up (or cold face down), L = A/P."""
    length = area / perimeter
    ra, air = rayleigh(surface_c, ambient_c, length)
    nu = 0.54 * ra**0.25 if ra <= 1e7 else 0.15 * ra ** (1 / 3)
    return nu * air.k / length


def h_horizontal_down(surface_c: float, ambient_c: float, area: float, perimeter: float) -> float:
    """Hot face down, L = A/P (0.52 Ra^⅕, newer Incropera editions)."""
    length = area / perimeter
    ra, air = rayleigh(surface_c, ambient_c, length)
    return 0.52 * ra**0.2 * air.k / length


def h_vertical(surface_c: float, ambient_c: float, height: float) -> float:
    """Vertical plate of the given height (Churchill & Chu 1975, all Ra)."""
    ra, air = rayleigh(surface_c, ambient_c, height)
    psi = (1 + (0.492 / air.pr) ** (9 / 16)) ** (8 / 27)
    nu = (0.825 + 0.387 * ra ** (1 / 6) / psi) ** 2
    return nu * air.k / height


def h_forced_plate(velocity: float, length: float, surface_c: float, ambient_c: float) -> float:
    """Mean h over a flat plate of length ``length`` along a flow of ``velocity`` m/s."""
    if velocity <= 0:
        raise ValueError(f"air velocity must be > 0 m/s, got {velocity}")
    air = air_properties(0.5 * (surface_c + ambient_c))
    re = velocity * length / air.nu
    if re < 5e5:
        nu = 0.664 * re**0.5 * air.pr ** (1 / 3)
    else:
        nu = (0.037 * re**0.8 - 871) * air.pr ** (1 / 3)
    return nu * air.k / length


def h_radiation(surface_c: float, ambient_c: float, emissivity: float) -> float:
    """Linearised radiation coefficient to large surroundings, W/(m²·K)."""
    ts, ta = surface_c + 273.15, ambient_c + 273.15
    return emissivity * SIGMA * (ts + ta) * (ts**2 + ta**2)
