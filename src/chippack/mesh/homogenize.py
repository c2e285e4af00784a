"""Effective conductivity of a joint layer (bumps or balls in underfill or air).

docs/physics.md §7, for an area fraction φ of conductor k_b in a
matrix k_m:

    k_z  = φ k_b + (1 − φ) k_m                                   (parallel, exact for columns)
    k_xy = k_m [(k_b + k_m) + φ (k_b − k_m)] / [(k_b + k_m) − φ (k_b − k_m)]
                                                (Maxwell–Rayleigh, aligned cylinders)

Heat capacity mixes by volume: ρc = φ ρ_b c_b + (1 − φ) ρ_m c_m.
"""

from __future__ import annotations

import numpy as np

from chippack.materials import Material
from chippack.materials.stack import maxwell_rayleigh


def joint_layer_conductivity(phi: float, k_joint: float, k_matrix: float) -> tuple[float, float]:
    """(k_xy, k_z) in W/(m·K) of a joint layer with area fraction ``phi`` of joints."""
    if not 0.0 <= phi <= 1.0:
        raise ValueError(f"joint area fraction must lie in [0, 1], got {phi}")
    k_z = phi * k_joint + (1 - phi) * k_matrix
    return maxwell_rayleigh(phi, k_joint, k_matrix), k_z


def homogenized_material(name: str, phi: float, joint: Material, matrix: Material) -> Material:
    """A synthetic anisotropic material for a homogenised joint layer."""
    k_xy, k_z = joint_layer_conductivity(phi, joint.k[2], matrix.k[2])
    rho = phi * joint.density + (1 - phi) * matrix.density
    rho_c = phi * joint.volumetric_heat_capacity + (1 - phi) * matrix.volumetric_heat_capacity
    return Material(
        name=name,
        category="solder",
        description=f"{joint.name} joints (area fraction {phi:.3f}) in {matrix.name}",
        k=(k_xy, k_xy, k_z),
        density=rho,
        specific_heat=rho_c / rho,
        sources={"k": "parallel rule (z) and Maxwell-Rayleigh (x, y), docs/physics.md §7"},
    )


def joint_tiles(centres: np.ndarray, pitch: float, z0: float, z1: float) -> np.ndarray:
    """Boxes covering the pitch × pitch tile of every joint, merged along rows.

    The tiles of a ring or perimeter pattern leave its depopulated region empty,
    so a homogenised ball ring never covers the sink inside it. Each joint's tile
    holds the same area fraction φ = (joint cross-section) / pitch².
    """
    half = pitch / 2
    xs = np.unique(np.round(centres[:, 0], 12))
    boxes = []
    for x in xs:
        ys = np.sort(centres[np.abs(centres[:, 0] - x) < 1e-12, 1])
        # split the column of tiles where a joint is missing
        breaks = np.flatnonzero(np.diff(ys) > pitch * 1.5) + 1
        for run in np.split(ys, breaks):
            boxes.append([x - half, x + half, run[0] - half, run[-1] + half, z0, z1])
    boxes = np.array(boxes)
    # merge neighbouring columns with identical y-runs into one box
    merged: list[list[float]] = []
    for b in boxes[np.lexsort((boxes[:, 0], boxes[:, 3], boxes[:, 2]))]:
        last = merged[-1] if merged else None
        if (last is not None and abs(last[1] - b[0]) < 1e-12 and abs(last[2] - b[2]) < 1e-12
                and abs(last[3] - b[3]) < 1e-12):
            last[1] = b[1]
        else:
            merged.append(list(b))
    return np.array(merged)
