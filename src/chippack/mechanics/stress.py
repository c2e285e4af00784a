"""Die stress, interface shear at the die edge and joint strain, from element-centre values.

* die: the largest principal stress in the die's back-side element layer and in its
  four corner columns (cracks start in tension at the back and the corners);
* interface shear: the largest transverse shear √(σ_xz² + σ_yz²) in the layer just
  under the die's lower face (underfill / bump layer), which peaks within ~1/k of the
  edge as Suhir's model predicts;
* joints: the largest von Mises equivalent of the mechanical strain (total minus
  thermal), ε_eq = √(2/3 e:e) with e the deviatoric strain, over each joint array; and
  the transverse shear strain, the Δγ of Engelmaier's model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.mechanics.assembly import ThermoElasticSystem


@dataclass(frozen=True)
class StressSummary:
    """Stress and strain extremes of one load case (Pa, strain dimensionless)."""

    die_max_principal: dict[str, float]  # die → max principal anywhere
    die_back_max_principal: dict[str, float]
    die_corner_max_principal: dict[str, float]
    die_edge_interface_shear: dict[str, float]
    joint_equivalent_strain: dict[str, float]  # array → max ε_eq
    joint_shear_strain: dict[str, float]  # array → max γ = √(γ_xz² + γ_yz²)
    critical_joint_xy: dict[str, tuple[float, float]]


def principal_max(stress: np.ndarray) -> np.ndarray:
    """Largest principal value of Voigt stresses (n, 6)."""
    s = np.zeros((len(stress), 3, 3))
    s[:, 0, 0], s[:, 1, 1], s[:, 2, 2] = stress[:, 0], stress[:, 1], stress[:, 2]
    s[:, 1, 2] = s[:, 2, 1] = stress[:, 3]
    s[:, 0, 2] = s[:, 2, 0] = stress[:, 4]
    s[:, 0, 1] = s[:, 1, 0] = stress[:, 5]
    return np.linalg.eigvalsh(s)[:, -1]


def equivalent_strain(strain: np.ndarray) -> np.ndarray:
    """von Mises equivalent of Voigt strains (n, 6) with engineering shears."""
    e = strain[:, :3] - strain[:, :3].mean(axis=1, keepdims=True)
    shear = 0.5 * strain[:, 3:]
    return np.sqrt(2.0 / 3.0 * (np.sum(e ** 2, axis=1) + 2 * np.sum(shear ** 2, axis=1)))


def stress_summary(system: ThermoElasticSystem, stress: np.ndarray,
                   total_strain: np.ndarray) -> StressSummary:
    el = system.elements
    mesh = el.mesh
    layout = mesh.layout
    g = mesh.grid
    xc, yc, _ = g.centres
    mech = total_strain.copy()
    mech[:, :3] -= system.strain
    principal = principal_max(stress)
    die_any, die_back, die_corner, shear = {}, {}, {}, {}
    for pid, die in layout.of_kind("die").items():
        sel = el.part == mesh.part_ids.index(pid)
        if not sel.any():
            continue
        k = el.ijk[sel, 2]
        flip = die.active_face_z is not None and die.active_face_z <= die.bottom + 1e-12
        back = k == (k.max() if flip else k.min())
        die_any[pid] = float(principal[sel].max())
        die_back[pid] = float(principal[sel][back].max())
        i, j = el.ijk[sel, 0], el.ijk[sel, 1]
        corner = (((i == i.min()) | (i == i.max())) & ((j == j.min()) | (j == j.max())))
        die_corner[pid] = float(principal[sel][corner].max())
        # the element layer just under the die's lower face, inside its footprint
        under = ((el.ijk[:, 2] == k.min() - 1) & (el.ijk[:, 0] >= i.min())
                 & (el.ijk[:, 0] <= i.max()) & (el.ijk[:, 1] >= j.min())
                 & (el.ijk[:, 1] <= j.max()))
        if under.any():
            tau = np.hypot(stress[under, 3], stress[under, 4])
            shear[pid] = float(tau.max())
    eq, gamma, where = {}, {}, {}
    for pid, part in layout.parts.items():
        if part.kind not in ("bump_array", "ball_array") or pid not in mesh.part_ids:
            continue
        sel = el.part == mesh.part_ids.index(pid)
        if not sel.any():
            continue
        e = equivalent_strain(mech[sel])
        eq[pid] = float(e.max())
        gam = np.hypot(mech[sel, 3], mech[sel, 4])
        gamma[pid] = float(gam.max())
        n = int(np.argmax(gam))
        ijk = el.ijk[sel][n]
        where[pid] = (float(xc[ijk[0]]), float(yc[ijk[1]]))
    return StressSummary(die_any, die_back, die_corner, shear, eq, gamma, where)
