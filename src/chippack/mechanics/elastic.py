"""Linear-elastic constants of a material at a temperature, and its thermal strain.

Stiffness is transversely isotropic about z (x, y in-plane; z through the layer):
in-plane modulus ``youngs_modulus`` and ``poisson_ratio``, through-plane
``youngs_modulus_z`` and transverse shear ``shear_modulus_z`` when the material gives
them (laminates, homogenised joint layers), isotropic otherwise. The compliance
coupling between in-plane and through-plane strains is S13 = −ν / max(E_xy, E_z), which
keeps the matrix positive definite for any modulus ratio (a ball/air layer's in-plane
modulus is 10⁻³ of its axial one).

Temperature dependence (secant, path-independent thermo-elasticity): a polymer above
its glass transition takes ``youngs_modulus_above_tg``; the thermal strain from the
stress-free temperature T0 to T integrates the two CTEs across Tg,

    ε_th = α1 (min(T, Tg) − min(T0, Tg)) + α2 (max(T, Tg) − max(T0, Tg)).

Solder above its solidus is liquid: it keeps 10⁻³ of its stiffness (so that the
assembly stays connected) and carries no thermal strain.

Homogenised joint layers (joints of area fraction φ in a matrix: underfill or air) mix
their constituents (mixing rules as used for warpage-level models, e.g. Tummala,
*Fundamentals of Microsystems Packaging*, ch. 7; Halpin & Kardos, Polym. Eng. Sci. 1976):
E_z and G_z by the Voigt (parallel) rule, the in-plane modulus by Halpin–Tsai
(ξ = 2, aligned cylinders), floored at 10⁻³ E_z (an air matrix gives none: the balls
stand free), and the CTE by Turner's rule α = Σ φ_i E_i α_i / Σ φ_i E_i.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.errors import ChippackError
from chippack.materials import Material

#: fraction of its stiffness a molten solder keeps (connectivity only)
MOLTEN_STIFFNESS = 1e-3
#: in-plane modulus floor of a joint layer, relative to its axial modulus
JOINT_INPLANE_FLOOR = 1e-3


class MissingMechanicalData(ChippackError):
    """A material lacks a property the mechanical solve needs."""


@dataclass(frozen=True)
class Elastic:
    """Transversely isotropic constants (Pa) and CTE per axis (1/K) at one temperature."""

    e_xy: float
    e_z: float
    nu: float
    g_z: float
    strain: np.ndarray  # (n, 3) thermal strain from the stress-free state, per cell

    def stiffness(self) -> np.ndarray:
        """6×6 stiffness in Voigt order (xx, yy, zz, yz, xz, xy), engineering shears."""
        e1, e3, nu = self.e_xy, self.e_z, self.nu
        s13 = -nu / max(e1, e3)
        s = np.zeros((6, 6))
        s[0, 0] = s[1, 1] = 1 / e1
        s[0, 1] = s[1, 0] = -nu / e1
        s[2, 2] = 1 / e3
        s[0, 2] = s[2, 0] = s[1, 2] = s[2, 1] = s13
        s[3, 3] = s[4, 4] = 1 / self.g_z
        s[5, 5] = 2 * (1 + nu) / e1
        return np.linalg.inv(s)


def _require(material: Material, name: str):
    value = getattr(material, name)
    if value is None:
        raise MissingMechanicalData(
            f"materials.{material.name}.{name}: no value, and the mechanical solve needs it; "
            f"add {name} to the material (with its source)")
    return value


def _polymer_above_tg(material: Material, t: float) -> bool:
    return (material.glass_transition is not None and t > material.glass_transition
            and material.youngs_modulus_above_tg is not None)


def is_molten(material: Material, t) -> np.ndarray:
    """Solder above its solidus (liquid during reflow); ``t`` scalar or array (°C)."""
    t = np.asarray(t, dtype=float)
    if material.category != "solder" or material.solidus is None:
        return np.zeros(t.shape, dtype=bool)
    return t > material.solidus


def phase(material: Material, t) -> np.ndarray:
    """0 solid (below Tg), 1 polymer above Tg, 2 molten solder — what sets the stiffness."""
    t = np.asarray(t, dtype=float)
    code = np.zeros(t.shape, dtype=np.int8)
    if material.glass_transition is not None and material.youngs_modulus_above_tg is not None:
        code[t > material.glass_transition] = 1
    code[is_molten(material, t)] = 2
    return code


def modulus_at(material: Material, t: float) -> float:
    """In-plane Young's modulus (Pa) at temperature t (°C)."""
    e = _require(material, "youngs_modulus")
    if _polymer_above_tg(material, t):
        e = material.youngs_modulus_above_tg
    if is_molten(material, t):
        e *= MOLTEN_STIFFNESS
    return float(e)


def thermal_strain(material: Material, t0: float, t) -> np.ndarray:
    """Thermal strain (n, 3) along x, y, z from stress-free t0 to t (°C, (n,)), CTE
    switching at Tg; zero in molten solder."""
    t = np.atleast_1d(np.asarray(t, dtype=float))
    a1 = np.asarray(_require(material, "cte"), dtype=float)
    tg = material.glass_transition
    if tg is None or material.cte_above_tg is None:
        strain = np.multiply.outer(t - t0, a1)
    else:
        a2 = np.asarray(material.cte_above_tg, dtype=float)
        strain = (np.multiply.outer(np.minimum(t, tg) - min(t0, tg), a1)
                  + np.multiply.outer(np.maximum(t, tg) - max(t0, tg), a2))
    strain[is_molten(material, t)] = 0.0
    return strain


def elastic_at(material: Material, t0: float, t) -> Elastic:
    """Constants of a plain material at temperatures t (°C, all of one :func:`phase`) with
    stress-free temperature t0."""
    t = np.atleast_1d(np.asarray(t, dtype=float))
    e = modulus_at(material, float(t[0]))
    nu = _require(material, "poisson_ratio")
    scale = e / _require(material, "youngs_modulus")
    e_z = (material.youngs_modulus_z or material.youngs_modulus) * scale
    g_z = (material.shear_modulus_z * scale if material.shear_modulus_z
           else min(e, e_z) / (2 * (1 + nu)))
    return Elastic(e, e_z, nu, g_z, thermal_strain(material, t0, t))


def joint_layer_at(phi: float, joint: Material, matrix: Material, t0_joint: float,
                   t0_matrix: float, t) -> Elastic:
    """Constants of a homogenised joint layer (module docstring: Voigt, Halpin–Tsai, Turner);
    ``t`` (°C) all of one phase of joint and matrix."""
    t = np.atleast_1d(np.asarray(t, dtype=float))
    ej, nuj = modulus_at(joint, float(t[0])), _require(joint, "poisson_ratio")
    sj = thermal_strain(joint, t0_joint, t)
    if matrix.category == "gas":  # balls in air: the matrix carries nothing
        em, num, sm = 0.0, 0.0, np.zeros_like(sj)
    else:
        em, num = modulus_at(matrix, float(t[0])), _require(matrix, "poisson_ratio")
        sm = thermal_strain(matrix, t0_matrix, t)
    e_z = phi * ej + (1 - phi) * em
    gj, gm = ej / (2 * (1 + nuj)), em / (2 * (1 + num)) if em else 0.0
    g_z = phi * gj + (1 - phi) * gm
    if em > 0:
        eta = (ej / em - 1) / (ej / em + 2)
        e_xy = em * (1 + 2 * eta * phi) / (1 - eta * phi)
    else:
        e_xy = 0.0
    e_xy = max(e_xy, JOINT_INPLANE_FLOOR * e_z)
    nu = phi * nuj + (1 - phi) * num
    weights = phi * ej + (1 - phi) * em
    strain = (phi * ej * sj + (1 - phi) * em * sm) / weights
    return Elastic(e_xy, e_z, nu, g_z, strain)
