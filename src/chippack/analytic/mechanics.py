"""Closed forms of thermal bending and interface shear, to verify the mechanics stage.

SI units: m, Pa, 1/K, K. ``E`` is the biaxial modulus E/(1 − ν) for plates, E for strips.
"""

from __future__ import annotations

import numpy as np


def timoshenko_curvature(t1: float, e1: float, a1: float, t2: float, e2: float, a2: float,
                         delta_t: float) -> float:
    """Curvature (1/m) of a bimaterial strip, layer 1 below layer 2 (Timoshenko, J. Opt.
    Soc. Am. 11, 1925):

        κ = 6 (α2 − α1) ΔT (1 + m)² / { h [3 (1 + m)² + (1 + m n)(m² + 1/(m n))] },
        m = t1/t2, n = E1/E2, h = t1 + t2.

    Positive κ: the stack bends with its centre up (convex top) when α2 > α1 and ΔT > 0.
    """
    m, n, h = t1 / t2, e1 / e2, t1 + t2
    return 6 * (a2 - a1) * delta_t * (1 + m) ** 2 / (
        h * (3 * (1 + m) ** 2 + (1 + m * n) * (m ** 2 + 1 / (m * n))))


def hsueh_curvature(thickness, modulus, cte, delta_t: float) -> float:
    """Curvature 1/r (1/m) of an n-layer stack numbered from the bottom (Hsueh, J. Appl.
    Phys. 91, 2002):

        c   = Σ E_i t_i α_i ΔT / Σ E_i t_i
        t_b = Σ E_i t_i (2 h_{i−1} + t_i) / (2 Σ E_i t_i)
        1/r = 3 Σ E_i t_i (c − α_i ΔT)(2 h_{i−1} + t_i)
              / Σ E_i t_i [6 h_{i−1}² + 6 h_{i−1} t_i + 2 t_i² − 3 t_b (2 h_{i−1} + t_i)]

    Sign: returned as in :func:`timoshenko_curvature` (positive = centre up); Hsueh's own
    1/r has the opposite sign.
    """
    t, e, a = (np.asarray(v, dtype=float) for v in (thickness, modulus, cte))
    h0 = np.concatenate([[0.0], np.cumsum(t)[:-1]])
    et = e * t
    c = np.sum(et * a * delta_t) / np.sum(et)
    tb = np.sum(et * (2 * h0 + t)) / (2 * np.sum(et))
    num = 3 * np.sum(et * (c - a * delta_t) * (2 * h0 + t))
    den = np.sum(et * (6 * h0 ** 2 + 6 * h0 * t + 2 * t ** 2 - 3 * tb * (2 * h0 + t)))
    return -float(num / den)


def stoney_curvature(film_stress: float, film_thickness: float, substrate_modulus: float,
                     substrate_thickness: float) -> float:
    """Stoney (Proc. R. Soc. A 82, 1909): κ = 6 σ_f t_f / (E_s′ t_s²), E_s′ biaxial (1/m)."""
    return 6 * film_stress * film_thickness / (substrate_modulus * substrate_thickness ** 2)


def suhir_interface_shear(t1: float, e1: float, nu1: float, t2: float, e2: float, nu2: float,
                          delta_alpha: float, delta_t: float,
                          half_length: float) -> tuple[float, float]:
    """(k in 1/m, τ_max in Pa) of a bonded bimaterial assembly (Suhir, J. Appl. Mech. 53,
    1986; 56, 1989):

        λ = (1−ν1)/(E1 t1) + (1−ν2)/(E2 t2) + (t1 + t2)²/(4 D),  D = Σ E_i t_i³/(12 (1−ν_i²))
        κ_s = t1/(3 G1) + t2/(3 G2),  k = √(λ/κ_s),
        τ_max = Δα ΔT tanh(k l) / √(λ κ_s).
    """
    d = e1 * t1 ** 3 / (12 * (1 - nu1 ** 2)) + e2 * t2 ** 3 / (12 * (1 - nu2 ** 2))
    lam = (1 - nu1) / (e1 * t1) + (1 - nu2) / (e2 * t2) + (t1 + t2) ** 2 / (4 * d)
    g1, g2 = e1 / (2 * (1 + nu1)), e2 / (2 * (1 + nu2))
    kappa = t1 / (3 * g1) + t2 / (3 * g2)
    k = np.sqrt(lam / kappa)
    return float(k), float(delta_alpha * delta_t * np.tanh(k * half_length) / np.sqrt(lam * kappa))
