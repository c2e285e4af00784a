"""Parametric builders for the three seed families.

Each builder is a function of a few named parameters (lengths in mm or strings
with units, powers in W) with defaults that reproduce the shipped example, and
returns a validated :class:`~chippack.model.PackageSpec`::

    from chippack.families import dual_sink_fcbga
    spec = dual_sink_fcbga(die_size=12, bottom_sink_material="aluminium")

From YAML, a file with ``family:`` and ``parameters:`` (and no ``parts:``) is
built the same way (:func:`spec_from_mapping`)::

    family: two_mold_package
    parameters: {die_back: exposed}
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from typing import Any

from chippack.errors import SpecError
from chippack.families.bumped_sink import bumped_sink_flipchip_mapping
from chippack.families.dual_sink import dual_sink_fcbga_mapping
from chippack.families.two_mold import two_mold_package_mapping
from chippack.model import PackageSpec, parse_spec

#: Family name -> function returning the spec mapping.
FAMILY_MAPPINGS: dict[str, Callable[..., dict[str, Any]]] = {
    "dual_sink_fcbga": dual_sink_fcbga_mapping,
    "bumped_sink_flipchip": bumped_sink_flipchip_mapping,
    "two_mold_package": two_mold_package_mapping,
}

#: Seed whose claims each family is built to meet.
FAMILY_SEED = {"dual_sink_fcbga": "000", "bumped_sink_flipchip": "001", "two_mold_package": "002"}


def family_parameters(family: str) -> dict[str, Any]:
    """Parameter names of a family with their defaults."""
    builder = _builder(family)
    return {name: p.default for name, p in inspect.signature(builder).parameters.items()}


def family_mapping(family: str, parameters: dict[str, Any] | None = None,
                   materials: dict[str, Any] | None = None) -> dict[str, Any]:
    """The raw spec mapping a family builds (numbers in mm), before validation."""
    builder = _builder(family)
    params = dict(parameters or {})
    if not isinstance(parameters or {}, dict):
        raise SpecError("parameters", f"parameters are a mapping, got {parameters!r}")
    known = family_parameters(family)
    for key in params:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise SpecError(f"parameters.{key}",
                            f"{family} has no parameter {key!r}{hint} "
                            f"(parameters: {', '.join(known)})")
    raw = builder(**params)
    raw["family"] = family
    raw["parameters"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}
    if materials:
        raw["materials"] = materials
    return raw


def build_family(family: str, parameters: dict[str, Any] | None = None,
                 materials: dict[str, Any] | None = None) -> PackageSpec:
    """Build and validate a family's spec from its parameters."""
    return parse_spec(family_mapping(family, parameters, materials))


def is_family_mapping(raw: object) -> bool:
    """True for a ``family:`` + ``parameters:`` document (a spec with ``parts:`` is not one)."""
    return isinstance(raw, dict) and "family" in raw and "parts" not in raw


def spec_from_mapping(raw: object) -> PackageSpec:
    """A spec from either a plain spec mapping or a family document."""
    if not is_family_mapping(raw):
        return parse_spec(raw)
    return parse_spec(expand_family_document(raw))


def expand_family_document(raw: dict[str, Any]) -> dict[str, Any]:
    """The raw spec mapping (``parts:`` etc., numbers in mm) of a family document."""
    extra = set(raw) - {"family", "parameters", "name", "description", "materials"}
    if extra:
        raise SpecError(sorted(extra)[0], "unknown field in a family document; use family, "
                        "parameters, name, description, materials (or give 'parts:' for a spec)")
    params = dict(raw.get("parameters") or {})
    if "name" in raw:
        params.setdefault("name", raw["name"])
    spec_raw = family_mapping(raw["family"], params, raw.get("materials"))
    if "description" in raw:
        spec_raw["description"] = raw["description"]
    return spec_raw


def dual_sink_fcbga(**parameters: Any) -> PackageSpec:
    """Seed 000: stiffener, lid on die back and stiffener, second sink under the substrate.

    Parameters (mm unless a unit is given) and defaults are those of
    :func:`chippack.families.dual_sink.dual_sink_fcbga_mapping`.
    """
    return build_family("dual_sink_fcbga", parameters)


def bumped_sink_flipchip(**parameters: Any) -> PackageSpec:
    """Seed 001: heat sink (metal or dummy chip) soldered to the die back on second bumps.

    Parameters and defaults: :func:`chippack.families.bumped_sink.bumped_sink_flipchip_mapping`.
    """
    return build_family("bumped_sink_flipchip", parameters)


def two_mold_package(**parameters: Any) -> PackageSpec:
    """Seed 002: bumps in a polished first encapsulant, flip-mounted die, second encapsulant.

    Parameters and defaults: :func:`chippack.families.two_mold.two_mold_package_mapping`.
    """
    return build_family("two_mold_package", parameters)


def _builder(family: object) -> Callable[..., dict[str, Any]]:
    if family not in FAMILY_MAPPINGS:
        close = difflib.get_close_matches(str(family), FAMILY_MAPPINGS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise SpecError("family", f"unknown family {family!r}{hint} "
                        f"(families: {', '.join(FAMILY_MAPPINGS)})")
    return FAMILY_MAPPINGS[family]  # type: ignore[index]


__all__ = [
    "FAMILY_MAPPINGS", "FAMILY_SEED", "build_family", "bumped_sink_flipchip", "dual_sink_fcbga",
    "expand_family_document", "family_mapping", "family_parameters", "is_family_mapping", "spec_from_mapping",
    "two_mold_package",
]
