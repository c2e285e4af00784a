"""Transient conduction: semi-infinite solid and lumped capacitance (Carslaw & Jaeger; docs/verification.md V5, V6)."""

from __future__ import annotations

import numpy as np
from scipy import special


def semi_infinite_step(x, t, alpha: float):
    """Semi-infinite solid, surface suddenly held at T_s (Carslaw & Jaeger 2.4;
    Incropera & DeWitt eq. 5.57): (T - T_s)/(T_i - T_s) = erf(x / (2 sqrt(alpha t)))."""
    return special.erf(np.asarray(x) / (2 * np.sqrt(alpha * np.asarray(t))))


def semi_infinite_flux_rise(x, t, q: float, k: float, rho: float, c: float):
    """Rise T - T_i of a semi-infinite solid with constant surface flux q (W/m^2)
    (Carslaw & Jaeger 2.9; Incropera & DeWitt eq. 5.58)::

        T - T_i = (2q/k) sqrt(alpha t/pi) exp(-x^2/(4 alpha t)) - (q x/k) erfc(x/(2 sqrt(alpha t)))
    """
    alpha = k / (rho * c)
    x = np.asarray(x, dtype=float)
    t = np.asarray(t, dtype=float)
    s = np.sqrt(alpha * t)
    return (2 * q / k) * s / np.sqrt(np.pi) * np.exp(-(x**2) / (4 * s**2)) - (
        q * x / k) * special.erfc(x / (2 * s))


def semi_infinite_surface_flux_rise(t, q: float, k: float, rho: float, c: float):
    """Surface rise under constant flux: dT_s = 2 q sqrt(t) / (sqrt(pi) e), effusivity
    e = sqrt(k rho c) (docs/verification.md V5: Si, 100 W/cm^2, 1 ms -> 2.289 K)."""
    e = np.sqrt(k * rho * c)
    return 2 * q * np.sqrt(np.asarray(t, dtype=float)) / (np.sqrt(np.pi) * e)


def lumped_rc_rise(t, power: float, resistance: float, capacitance: float):
    """Lumped body (Biot < 0.1) heated by constant power P through resistance R to a sink:
    T - T_inf = P R (1 - exp(-t/(R C))), C = rho c V (docs/verification.md V6)."""
    return power * resistance * (1 - np.exp(-np.asarray(t, dtype=float) / (resistance
                                                                          * capacitance)))
