"""Effective conductivity of a joint layer (bumps or balls in underfill or air).

Chippack physics reference §7.1, for an area fraction φ of conductor k_b in a
matrix k_m:

    k_z  = φ k_b + (1 − φ) k_m                                   (parallel, exact for columns)
    k_xy = k_m [(k_b + k_m) + φ (k_b − k_m)] / [(k_b + k_m) − φ (k_b − k_m)]
                                                (Maxwell–Rayleigh, aligned cylinders)

Heat capacity mixes by volume: ρc = φ ρ_b c_b + (1 − φ) ρ_m c_m.
"""

from __future__ import annotations

from chippack.materials import Material


def joint_layer_conductivity(phi: float, k_joint: float, k_matrix: float) -> tuple[float, float]:
    """(k_xy, k_z) in W/(m·K) of a joint layer with area fraction ``phi`` of joints."""
    if not 0.0 <= phi <= 1.0:
        raise ValueError(f"joint area fraction must lie in [0, 1], got {phi}")
    k_z = phi * k_joint + (1 - phi) * k_matrix
    num = (k_joint + k_matrix) + phi * (k_joint - k_matrix)
    den = (k_joint + k_matrix) - phi * (k_joint - k_matrix)
    return k_matrix * num / den, k_z


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
        sources={"k": "parallel rule (z) and Maxwell-Rayleigh (x, y), physics reference §7.1"},
    )
