"""A material as SI numbers, read from the library or a spec.

Conductivity and CTE are per axis (x, y in-plane; z through-plane) so that
laminates and homogenised bump layers are anisotropic without special cases.
Silicon's fall of conductivity with temperature follows
k(T) = k_ref (T_ref / T)^n, T in kelvin, T_ref = 300 K
(n = 1.3 fits Glassbrenner & Slack 1964 within 5 % over 300-600 K).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from chippack.errors import SpecError
from chippack.units import to_si

#: SI unit of every property a material may carry ("" = dimensionless).
PROPERTY_UNITS: dict[str, str] = {
    "k": "W/m/K",
    "k_temperature_exponent": "",
    "density": "kg/m^3",
    "specific_heat": "J/kg/K",
    "youngs_modulus": "Pa",
    "youngs_modulus_above_tg": "Pa",
    "youngs_modulus_z": "Pa",
    "shear_modulus_z": "Pa",
    "poisson_ratio": "",
    "cte": "1/K",
    "cte_above_tg": "1/K",
    "glass_transition": "degC",
    "solidus": "degC",
    "liquidus": "degC",
    "melting_point": "degC",
    "cure_temperature": "degC",
    "emissivity": "",
}

#: Properties that may be given per axis as [x, y, z].
AXIAL_PROPERTIES = ("k", "cte")

CATEGORIES = ("metal", "solder", "semiconductor", "ceramic", "polymer", "laminate", "gas")

#: Reference temperature of the k(T) law, K.
K_REFERENCE_TEMPERATURE = 300.0


@dataclass(frozen=True)
class Material:
    """Material properties in SI units (temperatures in °C).

    ``k`` and ``cte`` are (x, y, z) tuples. Optional properties are None when the
    library does not know them; a solver that needs one raises a clear error.
    """

    name: str
    category: str
    k: tuple[float, float, float]
    density: float
    specific_heat: float
    description: str = ""
    k_temperature_exponent: float = 0.0
    youngs_modulus: float | None = None
    youngs_modulus_above_tg: float | None = None
    #: through-plane modulus and transverse shear modulus (None: isotropic from E, ν)
    youngs_modulus_z: float | None = None
    shear_modulus_z: float | None = None
    poisson_ratio: float | None = None
    cte: tuple[float, float, float] | None = None
    cte_above_tg: tuple[float, float, float] | None = None
    glass_transition: float | None = None
    solidus: float | None = None
    liquidus: float | None = None
    melting_point: float | None = None
    cure_temperature: float | None = None
    emissivity: float | None = None
    sources: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_metal(self) -> bool:
        """True for metals and metallic solders (the seeds' "made of metal")."""
        return self.category in ("metal", "solder")

    @property
    def is_isotropic(self) -> bool:
        return self.k[0] == self.k[1] == self.k[2]

    @property
    def volumetric_heat_capacity(self) -> float:
        """ρ·c_p in J/(m³·K)."""
        return self.density * self.specific_heat

    @property
    def cte_in_plane(self) -> float | None:
        """Mean in-plane CTE (1/K), the number that matters for warpage and matching."""
        return None if self.cte is None else 0.5 * (self.cte[0] + self.cte[1])

    def conductivity_at(self, temperature_c: np.ndarray | float) -> np.ndarray:
        """k(T) per axis, W/(m·K): k_ref (300 K / T)^n; shape (..., 3)."""
        t_kelvin = np.asarray(temperature_c, dtype=float) + 273.15
        scale = (K_REFERENCE_TEMPERATURE / t_kelvin) ** self.k_temperature_exponent
        return np.multiply.outer(scale, np.asarray(self.k))

    def with_overrides(self, name: str, **values: object) -> Material:
        """A copy with some properties replaced (already in SI)."""
        return replace(self, name=name, **values)


def _axial(value: object, unit: str, path: str) -> tuple[float, float, float]:
    if isinstance(value, list | tuple):
        if len(value) != 3:
            raise SpecError(
                path, f"expected one value or three [x, y, z], got {len(value)} values"
            )
        return tuple(to_si(v, unit, f"{path}[{i}]") for i, v in enumerate(value))  # type: ignore[return-value]
    v = to_si(value, unit, path)
    return (v, v, v)


def property_value(name: str, value: object, path: str) -> object:
    """Convert one raw property (number, "148 W/m/K", list) to SI, validating its range."""
    if name not in PROPERTY_UNITS:
        known = ", ".join(sorted(PROPERTY_UNITS))
        raise SpecError(path, f"unknown material property {name!r}; known: {known}")
    unit = PROPERTY_UNITS[name]
    if name in AXIAL_PROPERTIES or name == "cte_above_tg":
        out = _axial(value, unit or "dimensionless", path)
        if name == "k" and min(out) <= 0:
            raise SpecError(path, f"conductivity must be > 0 W/m/K, got {min(out)}")
        return out
    out = to_si(value, unit or "dimensionless", path)
    positive = ("density", "specific_heat", "youngs_modulus", "youngs_modulus_above_tg",
                "youngs_modulus_z", "shear_modulus_z")
    if name in positive and out <= 0:
        raise SpecError(path, f"{name} must be > 0, got {value!r}")
    if name == "poisson_ratio" and not 0 <= out < 0.5:
        raise SpecError(path, f"Poisson's ratio must lie in [0, 0.5), got {value!r}")
    if name == "emissivity" and not 0 <= out <= 1:
        raise SpecError(path, f"emissivity must lie in [0, 1], got {value!r}")
    return out


def material_from_mapping(name: str, raw: dict, path: str, base: Material | None = None) -> Material:
    """Build a :class:`Material` from a library/spec mapping, optionally on top of ``base``."""
    if not isinstance(raw, dict):
        raise SpecError(path, f"a material is a mapping of properties, got {type(raw).__name__}")
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key in ("sources", "description", "category", "base"):
            continue
        values[key] = property_value(key, value, f"{path}.{key}")
    category = raw.get("category", base.category if base else None)
    if category not in CATEGORIES:
        raise SpecError(
            f"{path}.category",
            f"{category!r} is not a material category; use one of {', '.join(CATEGORIES)}",
        )
    sources = dict(base.sources) if base else {}
    sources.update(raw.get("sources", {}) or {})
    description = raw.get("description", base.description if base else "")
    if base is not None:
        return replace(base, name=name, category=category, description=description,
                       sources=sources, **values)
    for required in ("k", "density", "specific_heat"):
        if required not in values:
            raise SpecError(
                path, f"material {name!r} needs {required!r} "
                f"(or 'base: <library material>' to start from one)"
            )
    return Material(name=name, category=category, description=description, sources=sources,
                    **values)  # type: ignore[arg-type]
