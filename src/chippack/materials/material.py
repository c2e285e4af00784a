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
    "cure_min_temperature": "degC",
    "cure_max_temperature": "degC",
    "cure_min_time": "s",
    "emissivity": "",
}

#: Highest transition temperature a material may carry, °C (tungsten melts at 3422 °C).
MAX_MATERIAL_C = 4000.0
#: Properties that may be given per axis as [x, y, z].
AXIAL_PROPERTIES = ("k", "cte")

CATEGORIES = ("metal", "solder", "semiconductor", "ceramic", "polymer", "laminate", "gas")

#: Categories whose materials must state a composition (mass fraction per element).
COMPOSED_CATEGORIES = ("metal", "solder")

#: Soldering joins with a filler metal that melts below 450 °C (AWS A3.0, "soldering";
#: above it the process is brazing): a metal melting below this is a solder.
SOLDER_LIQUIDUS_LIMIT_C = 450.0

#: Chemical symbols a composition may name (the metals of package solders and parts).
ELEMENTS = ("Ag", "Al", "Au", "Bi", "Cd", "Co", "Cr", "Cu", "Fe", "Ga", "Ge", "In", "Mg",
            "Mn", "Mo", "Ni", "P", "Pb", "Pd", "Pt", "Sb", "Si", "Sn", "Ti", "W", "Zn")

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
    cure_min_temperature: float | None = None
    cure_max_temperature: float | None = None
    cure_min_time: float | None = None
    composition: tuple[tuple[str, float], ...] = ()
    sources: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_metal(self) -> bool:
        """True for metals and metallic solders (the seeds' "made of metal")."""
        return self.category in ("metal", "solder")

    @property
    def is_solder(self) -> bool:
        """A fusible metal: category solder, or a metal melting below 450 °C (AWS A3.0)."""
        if self.category == "solder":
            return True
        melt = self.liquidus if self.liquidus is not None else self.melting_point
        return self.category == "metal" and melt is not None and melt < SOLDER_LIQUIDUS_LIMIT_C

    @property
    def is_solid(self) -> bool:
        return self.category != "gas"

    def fraction(self, *elements: str) -> float:
        """Summed mass fraction of the given elements (0 when no composition is known)."""
        return sum(f for e, f in self.composition if e in elements)

    @property
    def composition_text(self) -> str:
        """"Sn 0.63, Pb 0.37" (or "composition unknown")."""
        if not self.composition:
            return "composition unknown"
        return ", ".join(f"{e} {f:.4g}" for e, f in self.composition)

    @property
    def cure_window_text(self) -> str:
        lo, hi, t = self.cure_min_temperature, self.cure_max_temperature, self.cure_min_time
        if lo is None and hi is None and t is None:
            return "no cure window known"
        return (f"{'?' if lo is None else f'{lo:g}'}–{'?' if hi is None else f'{hi:g}'} °C for "
                f"at least {'?' if t is None else f'{t / 60:g}'} min")

    @property
    def is_isotropic(self) -> bool:
        return self.k[0] == self.k[1] == self.k[2]

    @property
    def volumetric_heat_capacity(self) -> float:
        """ρ·c_p in J/(m³·K)."""
        return self.density * self.specific_heat

    @property
    def cte_in_plane(self) -> float | None:
        """Mean in-plane CTE (1/K), the number that matters for warpage (not for matching:
        a match compares each in-plane axis, :attr:`cte_xy`)."""
        return None if self.cte is None else 0.5 * (self.cte[0] + self.cte[1])

    @property
    def cte_xy(self) -> tuple[float, float] | None:
        """In-plane CTEs (x, y), 1/K."""
        return None if self.cte is None else (self.cte[0], self.cte[1])

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


#: Physical range of a property in SI (|value| for CTEs): wider than every real
#: material (k: aerogel 0.015 to diamond 2200 W/m/K, up to 1e6 for the ideal conductors
#: of verification cases; density: aerogel to osmium),
#: narrow enough that a unit slip (k in W/mm/K, E in GPa written as Pa) is caught.
PROPERTY_RANGES: dict[str, tuple[float, float]] = {
    "k": (1e-4, 1e6),
    "density": (0.01, 3e4),
    "specific_heat": (10.0, 2e4),
    "youngs_modulus": (1e3, 2e12),
    "youngs_modulus_above_tg": (1e3, 2e12),
    "youngs_modulus_z": (1e3, 2e12),
    "shear_modulus_z": (1e3, 2e12),
    "cte": (0.0, 1e-3),
    "cte_above_tg": (0.0, 1e-3),
    "k_temperature_exponent": (0.0, 5.0),
}


def _check_range(name: str, value: float, path: str) -> None:
    if name not in PROPERTY_RANGES:
        return
    low, high = PROPERTY_RANGES[name]
    size = abs(value) if name.startswith("cte") else value
    if not low <= size <= high:
        unit = PROPERTY_UNITS[name] or "(no unit)"
        raise SpecError(path, f"{name} {value:g} {unit} is outside the physical range "
                        f"{low:g}..{high:g} {unit} of packaging materials; check the value "
                        "and its unit")


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
        _check_range(name, max(out, key=abs), path)
        _check_range(name, min(out, key=abs), path)
        return out
    out = to_si(value, unit or "dimensionless", path)
    _check_range(name, out, path)
    positive = ("density", "specific_heat", "youngs_modulus", "youngs_modulus_above_tg",
                "youngs_modulus_z", "shear_modulus_z")
    if name in positive and out <= 0:
        raise SpecError(path, f"{name} must be > 0, got {value!r}")
    if name == "poisson_ratio" and not 0 <= out < 0.5:
        raise SpecError(path, f"Poisson's ratio must lie in [0, 0.5), got {value!r}")
    if unit == "degC" and out > MAX_MATERIAL_C:
        raise SpecError(path, f"{name} {out:g} °C is above {MAX_MATERIAL_C:g} °C, hotter than "
                        "any packaging material's transition; check the value and unit")
    if name == "emissivity" and not 0 <= out <= 1:
        raise SpecError(path, f"emissivity must lie in [0, 1], got {value!r}")
    return out


def parse_composition(raw: object, path: str) -> tuple[tuple[str, float], ...]:
    """Mass fractions by chemical symbol, summing to 1 (within 1 %), largest first."""
    if not isinstance(raw, dict) or not raw:
        raise SpecError(path, f"a composition maps element symbols to mass fractions, e.g. "
                        f"{{Sn: 0.63, Pb: 0.37}}; got {raw!r}")
    out = []
    for element, fraction in raw.items():
        if element not in ELEMENTS:
            raise SpecError(f"{path}.{element}", f"unknown element {element!r}; use a chemical "
                            f"symbol ({', '.join(ELEMENTS)})")
        if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not (
                0 < fraction <= 1):
            raise SpecError(f"{path}.{element}",
                            f"a mass fraction is a number in (0, 1], got {fraction!r}")
        out.append((str(element), float(fraction)))
    total = sum(f for _, f in out)
    if abs(total - 1.0) > 0.01:
        raise SpecError(path, f"mass fractions sum to {total:.4g}, not 1; give every element")
    return tuple(sorted(out, key=lambda item: -item[1]))


def material_from_mapping(name: str, raw: dict, path: str, base: Material | None = None) -> Material:
    """Build a :class:`Material` from a library/spec mapping, optionally on top of ``base``."""
    if not isinstance(raw, dict):
        raise SpecError(path, f"a material is a mapping of properties, got {type(raw).__name__}")
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key in ("sources", "description", "category", "base", "composition"):
            continue
        values[key] = property_value(key, value, f"{path}.{key}")
    category = raw.get("category", base.category if base else None)
    if category not in CATEGORIES:
        raise SpecError(
            f"{path}.category",
            f"{category!r} is not a material category; use one of {', '.join(CATEGORIES)}",
        )
    for required in ("k", "density", "specific_heat"):
        if base is None and required not in values:
            raise SpecError(
                path, f"material {name!r} needs {required!r} "
                f"(or 'base: <library material>' to start from one)"
            )
    if "composition" in raw:
        values["composition"] = parse_composition(raw["composition"], f"{path}.composition")
    elif base is not None and category != base.category:
        values["composition"] = ()  # a new kind of substance does not keep the old make-up
    composition = values.get("composition", base.composition if base else ())
    if category in COMPOSED_CATEGORIES and not composition:
        raise SpecError(f"{path}.composition",
                        f"a {category} states its make-up as mass fractions, e.g. "
                        "'composition: {Sn: 0.63, Pb: 0.37}' (or 'base: <library material>')")
    if category not in COMPOSED_CATEGORIES and composition:
        raise SpecError(f"{path}.composition", f"only metals and solders carry a composition; "
                        f"this material is a {category}")
    lo = values.get("cure_min_temperature", base.cure_min_temperature if base else None)
    hi = values.get("cure_max_temperature", base.cure_max_temperature if base else None)
    if lo is not None and hi is not None and lo > hi:
        raise SpecError(f"{path}.cure_min_temperature",
                        f"the cure window {lo:g}–{hi:g} °C is empty; give min <= max")
    solidus = values.get("solidus", base.solidus if base else None)
    liquidus = values.get("liquidus", base.liquidus if base else None)
    if solidus is not None and liquidus is not None and solidus > liquidus:
        # an alloy starts to melt at its solidus and is all liquid at its liquidus
        key = "solidus" if "solidus" in values else "liquidus"
        raise SpecError(f"{path}.{key}", f"solidus {solidus:g} °C is above liquidus "
                        f"{liquidus:g} °C; an alloy melts from solidus up to liquidus: give "
                        "solidus <= liquidus (equal for a eutectic)")
    sources = dict(base.sources) if base else {}
    sources.update(raw.get("sources", {}) or {})
    description = raw.get("description", base.description if base else "")
    if base is not None:
        return replace(base, name=name, category=category, description=description,
                       sources=sources, **values)
    return Material(name=name, category=category, description=description, sources=sources,
                    **values)  # type: ignore[arg-type]
