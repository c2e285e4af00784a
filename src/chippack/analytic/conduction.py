"""Steady conduction: 1-D multilayers, spreading resistance, Kirchhoff transform."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special


def multilayer_resistance(thicknesses, conductivities, area: float,
                          contact_resistances=(), h: float | None = None) -> float:
    """Series resistance of a 1-D stack (Incropera & DeWitt §3.1; docs/verification.md V1), K/W:

        R = sum t_i/(k_i A) + sum R''_j / A + 1/(h A)

    Exact for uniform flux over equal areas with adiabatic sides.

    Parameters
    ----------
    thicknesses, conductivities : sequences
        Layer thicknesses t_i (m) and conductivities k_i (W/(m K)).
    area : float
        Cross-section A (m^2).
    contact_resistances : sequence
        Interface resistances R''_j (K m^2/W).
    h : float, optional
        Film coefficient of a convective end (W/(m^2 K)).
    """
    t = np.asarray(thicknesses, dtype=float)
    k = np.asarray(conductivities, dtype=float)
    r = float(np.sum(t / k)) + float(np.sum(np.asarray(contact_resistances, dtype=float)))
    if h is not None:
        r += 1.0 / h
    return r / area


def _phi(zeta, t, h, k):
    """Spreading function phi(zeta) = [zeta tanh(zeta t) + h/k] / [zeta + (h/k) tanh(zeta t)]
    (Muzychka, Culham & Yovanovich 2003), written with tanh to avoid overflow."""
    th = np.tanh(zeta * t)
    hk = h / k
    return (zeta * th + hk) / (zeta + hk * th)


@dataclass(frozen=True)
class RectangularSpreading:
    """Result of :func:`rectangular_flux_channel` (temperature rises over the sink, K)."""

    mean_source_rise: float
    centroid_rise: float
    r_1d: float
    r_spreading: float

    @property
    def r_total(self) -> float:
        return self.r_1d + self.r_spreading


def rectangular_flux_channel(a: float, b: float, t: float, k: float, h: float, c: float,
                             d: float, q: float, xc: float | None = None,
                             yc: float | None = None, m_terms: int = 200,
                             n_terms: int = 200) -> RectangularSpreading:
    """Isoflux rectangular source c x d on a rectangular flux channel a x b x t with a
    convective bottom (h to a sink at 0), all other faces adiabatic -- exact series of
    Muzychka, Culham & Yovanovich, "Thermal spreading resistance of eccentric heat sources
    on rectangular flux channels", J. Electron. Packag. 125 (2003) 178-185
    (docs/verification.md V2)::

        lam_m = m pi / a, del_n = n pi / b, beta_mn = sqrt(lam_m^2 + del_n^2)
        A_m  = 2Q [sin((2Xc+c) lam_m/2) - sin((2Xc-c) lam_m/2)] / (a b c k lam_m^2 phi(lam_m))
        A_n  = 2Q [sin((2Yc+d) del_n/2) - sin((2Yc-d) del_n/2)] / (a b d k del_n^2 phi(del_n))
        A_mn = 16Q cos(lam_m Xc) sin(lam_m c/2) cos(del_n Yc) sin(del_n d/2)
               / (a b c d k beta_mn lam_m del_n phi(beta_mn))
        theta_mean = Q/(ab)(t/k + 1/h) + 2 sum A_m cos(lam_m Xc) sin(lam_m c/2)/(lam_m c)
                     + 2 sum A_n cos(del_n Yc) sin(del_n d/2)/(del_n d)
                     + 4 sum sum A_mn cos(lam_m Xc) sin(lam_m c/2) cos(del_n Yc)
                       sin(del_n d/2) / (lam_m c del_n d)
        theta(x, y) = Q/(ab)(t/k + 1/h) + sum A_m cos(lam_m x) + sum A_n cos(del_n y)
                      + sum sum A_mn cos(lam_m x) cos(del_n y)

    Vectorised over the (m_terms x n_terms) double sum.  200 x 200 terms give the mean to
    ~1e-4; the centroid value converges more slowly (use ~800 terms).  The source centre
    defaults to the plate centre.  Returns the mean source rise, the rise at the source
    centroid, R_1D = (t/k + 1/h)/(ab) and R_s = theta_mean/Q - R_1D.
    """
    xc = a / 2 if xc is None else xc
    yc = b / 2 if yc is None else yc
    lam = np.arange(1, m_terms + 1) * np.pi / a
    dl = np.arange(1, n_terms + 1) * np.pi / b
    am = 2 * q * (np.sin((2 * xc + c) * lam / 2) - np.sin((2 * xc - c) * lam / 2)) / (
        a * b * c * k * lam**2 * _phi(lam, t, h, k))
    an = 2 * q * (np.sin((2 * yc + d) * dl / 2) - np.sin((2 * yc - d) * dl / 2)) / (
        a * b * d * k * dl**2 * _phi(dl, t, h, k))
    beta = np.sqrt(lam[:, None] ** 2 + dl[None, :] ** 2)
    cx = np.cos(lam * xc) * np.sin(lam * c / 2)
    cy = np.cos(dl * yc) * np.sin(dl * d / 2)
    amn = 16 * q * np.outer(cx / lam, cy / dl) / (a * b * c * d * k * beta * _phi(beta, t, h, k))
    theta_1d = q / (a * b) * (t / k + 1 / h)
    mean = (theta_1d + 2 * np.sum(am * cx / (lam * c)) + 2 * np.sum(an * cy / (dl * d))
            + 4 * np.sum(amn * np.outer(cx / (lam * c), cy / (dl * d))))
    centroid = (theta_1d + np.sum(am * np.cos(lam * xc)) + np.sum(an * np.cos(dl * yc))
                + np.cos(lam * xc) @ amn @ np.cos(dl * yc))
    r1d = theta_1d / q
    return RectangularSpreading(float(mean), float(centroid), float(r1d),
                                float(mean / q - r1d))


def circular_disk_resistance(a: float, b: float, t: float, k: float, h: float,
                             n_terms: int = 2000) -> tuple[float, float]:
    """Isoflux disk of radius a centred on a circular plate (radius b, thickness t,
    conductivity k) cooled by h on the opposite face; exact series (Yovanovich, Culham &
    Teertstra 1998; docs/verification.md V3)::

        eps = a/b, tau = t/b, Bi = h b/k, delta_n: roots of J1
        phi_n = [tanh(delta_n tau) + delta_n/Bi] / [1 + (delta_n/Bi) tanh(delta_n tau)]
        R_s = 4/(pi k a eps) sum J1(delta_n eps)^2 phi_n / (delta_n^3 J0(delta_n)^2)
        R_total = R_s + t/(k pi b^2) + 1/(h pi b^2)

    Returns ``(R_s, R_total)`` in K/W, based on the mean source temperature.
    """
    eps, tau, bi = a / b, t / b, h * b / k
    dn = special.jn_zeros(1, n_terms)
    th = np.tanh(dn * tau)
    phi = (th + dn / bi) / (1 + dn / bi * th)
    rs = 4 / (np.pi * k * a * eps) * np.sum(
        special.j1(dn * eps) ** 2 * phi / (dn**3 * special.j0(dn) ** 2))
    r1d = t / (k * np.pi * b**2) + 1 / (h * np.pi * b**2)
    return float(rs), float(rs + r1d)


def half_space_disk_resistance(k: float, a: float) -> float:
    """Spreading resistance of an isoflux disk (radius a) on a half-space, based on the
    mean source temperature: R = 8/(3 pi^2 k a) = 0.2702/(k a) (docs/verification.md V4)."""
    return 8.0 / (3.0 * np.pi**2 * k * a)


def song_lee_au(a: float, b: float, t: float, k: float, h: float) -> tuple[float, float]:
    """Song--Lee--Au closed-form approximation (Lee, Song, Au & Moran 1995; S. Lee,
    Electronics Cooling 1998; docs/verification.md V3) for a source of radius a on a plate of
    radius b (for rectangles use equivalent radii sqrt(area/pi))::

        eps = a/b, tau = t/b, Bi = h b/k, lam_c = pi + 1/(sqrt(pi) eps)
        Phi_c = [tanh(lam_c tau) + lam_c/Bi] / [1 + (lam_c/Bi) tanh(lam_c tau)]
        psi_avg = (1 - eps)^(3/2) Phi_c / 2
        psi_max = eps tau / sqrt(pi) + (1 - eps) Phi_c / sqrt(pi)
        R_avg = psi_avg/(sqrt(pi) k a) + t/(k pi b^2) + 1/(h pi b^2)
        R_max = psi_max/(sqrt(pi) k a) + 1/(h pi b^2)

    Returns ``(R_avg, R_max)`` in K/W.
    """
    eps, tau, bi = a / b, t / b, h * b / k
    lam = np.pi + 1 / (np.sqrt(np.pi) * eps)
    th = np.tanh(lam * tau)
    phic = (th + lam / bi) / (1 + lam / bi * th)
    psi_avg = 0.5 * (1 - eps) ** 1.5 * phic
    psi_max = eps * tau / np.sqrt(np.pi) + (1 - eps) * phic / np.sqrt(np.pi)
    area = np.pi * b**2
    r_avg = psi_avg / (np.sqrt(np.pi) * k * a) + t / (k * area) + 1 / (h * area)
    r_max = psi_max / (np.sqrt(np.pi) * k * a) + 1 / (h * area)
    return float(r_avg), float(r_max)


def power_law_kirchhoff(t_kelvin, t_ref: float, n: float):
    """Kirchhoff transform U(T) = int_{T_ref}^{T} k(s)/k_ref ds (K) for the power law
    k(T) = k_ref (T_ref/T)^n (temperatures in kelvin; Carslaw & Jaeger section 1.7)::

        U = T_ref^n (T^(1-n) - T_ref^(1-n)) / (1 - n)     (n != 1)
        U = T_ref ln(T/T_ref)                              (n == 1)
    """
    t_kelvin = np.asarray(t_kelvin, dtype=float)
    if n == 1.0:
        return t_ref * np.log(t_kelvin / t_ref)
    return t_ref**n * (t_kelvin ** (1 - n) - t_ref ** (1 - n)) / (1 - n)


def power_law_kirchhoff_inverse(u, t_ref: float, n: float):
    """Inverse of :func:`power_law_kirchhoff`: T (K) from U (K)."""
    u = np.asarray(u, dtype=float)
    if n == 1.0:
        return t_ref * np.exp(u / t_ref)
    return (u * (1 - n) / t_ref**n + t_ref ** (1 - n)) ** (1 / (1 - n))


def kirchhoff_slab_temperature(z, length: float, q_vol: float, k_ref: float, t_ref: float,
                               n: float, t_wall: float):
    """Steady temperature (kelvin) in a slab 0 <= z <= L with uniform volumetric heating
    q''' (W/m^3), adiabatic at z = 0 and fixed temperature t_wall (K) at z = L, for
    k(T) = k_ref (t_ref/T)^n.  With the Kirchhoff transform U (linear equation
    k_ref U'' = -q'''):

        U(z) = U(t_wall) + q''' (L^2 - z^2) / (2 k_ref),   T = U^-1(U(z)).
    """
    u = power_law_kirchhoff(t_wall, t_ref, n) + q_vol * (length**2 - np.asarray(z) ** 2) / (
        2 * k_ref)
    return power_law_kirchhoff_inverse(u, t_ref, n)
