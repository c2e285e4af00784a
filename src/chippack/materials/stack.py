"""Layered substrates and boards: conductivity of a layer, a via field and a whole stack.

Rules (the ones Icepak/FloTHERM-style compact PCB models use; Lemczyk et al.,
"PCB trace thermal analysis and effective conductivity", J. Electron. Packag. 114,
1992; Culham & Yovanovich, IEEE CPMT 1998):

* a copper layer of coverage f in a fill of k_fill (traces or a plane with holes):
      k_∥ = f k_Cu + (1 − f) k_fill,∥               (parallel: traces run in the plane)
      1/k_⊥ = f / k_Cu + (1 − f) / k_fill,⊥         (series: the conservative choice,
                                                      the JEDEC compact-board rule)
* a via field of copper area fraction φ through a layer (columns along z):
      k_⊥ = φ k_Cu + (1 − φ) k_layer,⊥              (parallel, exact for straight columns)
      k_∥ = Maxwell–Rayleigh for aligned cylinders in the layer (Rayleigh 1892):
            k_m [(k_v + k_m) + φ (k_v − k_m)] / [(k_v + k_m) − φ (k_v − k_m)]
  with φ = π [d² − (d − 2 t_p)²] / (4 p²) for a plated barrel of diameter d and plating
  t_p on a square pitch p (φ = π d² / 4p² for a filled via);
* a stack of layers i (thickness t_i), in-plane in parallel, through the stack in series:
      k_∥ = Σ k_i,∥ t_i / Σ t_i,        k_⊥ = Σ t_i / Σ (t_i / k_i,⊥).

The mesh resolves each layer as its own slab of cells (``model: layers``), so only the
first two rules enter; ``model: compact`` smears the whole stack per region with the
third. For a uniform flux through the stack (1-D) the two are identical by construction;
``tests/materials/test_stack.py`` checks that the layered mesh reproduces it to 1e-9.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chippack.materials.material import Material


def maxwell_rayleigh(phi: float, k_inclusion: float, k_matrix: float) -> float:
    """In-plane k of aligned cylinders (area fraction φ) in a matrix, W/(m·K) (Rayleigh 1892)."""
    if not 0.0 <= phi <= 1.0:
        raise ValueError(f"area fraction must lie in [0, 1], got {phi}")
    num = (k_inclusion + k_matrix) + phi * (k_inclusion - k_matrix)
    den = (k_inclusion + k_matrix) - phi * (k_inclusion - k_matrix)
    return k_matrix * num / den


def via_area_fraction(pitch: float, diameter: float, plating: float | None) -> float:
    """Copper area fraction of a square via field: plated barrel or filled via (``plating=None``)."""
    if plating is None or 2 * plating >= diameter:
        copper = math.pi * diameter**2 / 4
    else:
        copper = math.pi * (diameter**2 - (diameter - 2 * plating) ** 2) / 4
    return copper / pitch**2


def copper_layer_conductivity(coverage: float, k_copper: float,
                              fill: tuple[float, float]) -> tuple[float, float]:
    """(k_∥, k_⊥) of a copper layer of ``coverage`` in a fill with (k_∥, k_⊥), W/(m·K)."""
    f = coverage
    k_par = f * k_copper + (1 - f) * fill[0]
    k_perp = 1.0 / (f / k_copper + (1 - f) / fill[1])
    return k_par, k_perp


def with_vias(k_layer: tuple[float, float], phi: float, k_via: float) -> tuple[float, float]:
    """(k_∥, k_⊥) of a layer pierced by a via field of copper fraction ``phi``."""
    if phi <= 0:
        return k_layer
    return maxwell_rayleigh(phi, k_via, k_layer[0]), phi * k_via + (1 - phi) * k_layer[1]


def series_parallel(thicknesses: list[float], k: list[tuple[float, float]]) -> tuple[float, float]:
    """(k_∥, k_⊥) of a stack: in-plane parallel, through-plane series."""
    total = sum(thicknesses)
    k_par = sum(t * kk[0] for t, kk in zip(thicknesses, k, strict=True)) / total
    k_perp = total / sum(t / kk[1] for t, kk in zip(thicknesses, k, strict=True))
    return k_par, k_perp


def in_plane_cte(layers) -> tuple[float, float] | None:
    """In-plane (x, y) CTE of a free layered plate, 1/K, by Turner's rule.

    All constituents are bonded and strain alike in the plane, so the forces balance
    at α = Σ E_j α_j V_j / Σ E_j V_j (Turner, "Thermal-expansion stresses in reinforced
    plastics", J. Res. NBS 37, 1946), over every layer's fill and its copper (volume
    ∝ thickness × share; Poisson coupling and the small volume of vias, which run
    along z, are left out). None when a constituent has no Young's modulus or CTE.
    """
    num, den = [0.0, 0.0], 0.0
    for layer in layers:
        parts = [(layer.material, 1.0 - layer.copper)]
        if layer.copper > 0 and layer.copper_material is not None:
            parts.append((layer.copper_material, layer.copper))
        for mat, share in parts:
            if mat.youngs_modulus is None or mat.cte_xy is None:
                return None
            weight = mat.youngs_modulus * layer.thickness * share
            den += weight
            for axis in range(2):
                num[axis] += weight * mat.cte_xy[axis]
    if den <= 0:
        return None
    return num[0] / den, num[1] / den


@dataclass(frozen=True)
class StackLayer:
    """One layer of a substrate or board: its material, thickness, optional copper coverage."""

    name: str
    thickness: float  # m
    material: Material  # the dielectric, core, mask, or the fill around copper
    copper: float = 0.0  # copper coverage 0..1 (0: the material alone)
    copper_material: Material | None = None

    @property
    def conductivity(self) -> tuple[float, float]:
        """(k_∥, k_⊥), W/(m·K)."""
        fill = (self.material.k[0], self.material.k[2])
        if self.copper <= 0 or self.copper_material is None:
            return fill
        return copper_layer_conductivity(self.copper, self.copper_material.k[2], fill)

    @property
    def volumetric_heat_capacity(self) -> float:
        if self.copper <= 0 or self.copper_material is None:
            return self.material.volumetric_heat_capacity
        return (self.copper * self.copper_material.volumetric_heat_capacity
                + (1 - self.copper) * self.material.volumetric_heat_capacity)

    @property
    def density(self) -> float:
        if self.copper <= 0 or self.copper_material is None:
            return self.material.density
        return self.copper * self.copper_material.density + (1 - self.copper) * self.material.density


def layer_material(layer: StackLayer, owner: str, phi: float = 0.0,
                   via: Material | None = None, region: str = "") -> Material:
    """A synthetic orthotropic material for one layer, optionally pierced by vias."""
    k = layer.conductivity
    rho, rho_c = layer.density, layer.volumetric_heat_capacity
    label = f"{owner}.{layer.name}"
    if phi > 0 and via is not None:
        k = with_vias(k, phi, via.k[2])
        rho = phi * via.density + (1 - phi) * rho
        rho_c = phi * via.volumetric_heat_capacity + (1 - phi) * rho_c
        label += f" ({region}: vias {phi:.3f})"
    base = layer.material
    return base.with_overrides(
        label, k=(k[0], k[0], k[1]), density=rho, specific_heat=rho_c / rho,
        description=f"{layer.name} of {owner}: {base.name}"
                    + (f" with {layer.copper:.0%} copper" if layer.copper > 0 else ""),
        k_temperature_exponent=0.0,
    )


def compact_material(layers: list[StackLayer], phis: list[float], owner: str,
                     via: Material | None | list[Material | None], region: str = "") -> Material:
    """One orthotropic material for a whole stack (per region), by the series/parallel rule.

    ``via``: the via material of every layer, or one per layer (a land's solder in the
    mask opening and its copper pad below differ)."""
    vias = via if isinstance(via, list) else [via] * len(layers)
    k = [with_vias(layer.conductivity, phi, v.k[2]) if v is not None else layer.conductivity
         for layer, phi, v in zip(layers, phis, vias, strict=True)]
    t = [layer.thickness for layer in layers]
    k_par, k_perp = series_parallel(t, k)
    total = sum(t)
    rho_c = sum(ti * (phi * v.volumetric_heat_capacity + (1 - phi) * layer.volumetric_heat_capacity
                      if v is not None else layer.volumetric_heat_capacity)
                for ti, layer, phi, v in zip(t, layers, phis, vias, strict=True)) / total
    rho = sum(ti * layer.density for ti, layer in zip(t, layers, strict=True)) / total
    base = layers[0].material
    return base.with_overrides(
        f"{owner} (compact stack{', ' + region if region else ''})",
        k=(k_par, k_par, k_perp), density=rho, specific_heat=rho_c / rho,
        description=f"{owner}: {len(layers)} layers, series/parallel rule",
        k_temperature_exponent=0.0,
    )
