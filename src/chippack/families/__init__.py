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
import types
import typing
from collections.abc import Callable
from functools import cache
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
    if not isinstance(parameters or {}, dict):
        raise SpecError("parameters", "parameters are a mapping of name: value, got a "
                        f"{type(parameters).__name__}")
    params = dict(parameters or {})
    known = family_parameters(family)
    hints = _parameter_types(family)
    for key, value in params.items():
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise SpecError(f"parameters.{key}",
                            f"{family} has no parameter {key!r}{hint} "
                            f"(parameters: {', '.join(known)})")
        check_parameter_type(f"parameters.{key}", value, hints.get(key, Any))
    raw = builder(**params)
    raw["family"] = family
    raw["parameters"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}
    if materials:
        raw["materials"] = materials
    return raw


@cache
def _parameter_types(family: str) -> dict[str, Any]:
    return typing.get_type_hints(_builder(family))


def _accepted(hint: Any) -> tuple[type, ...]:
    """The Python types a parameter annotation admits (``float`` admits ``int``)."""
    if hint is Any:
        return (object,)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return tuple(t for arg in typing.get_args(hint) for t in _accepted(arg))
    if origin is not None:
        return (origin,)
    if hint is float:
        return (float, int)
    return (hint,)


_TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number",
               str: "text (a name or a quantity such as '0.75 mm')", list: "a list [x, y]",
               tuple: "a list [x, y]", type(None): "null"}


def check_parameter_type(path: str, value: Any, hint: Any) -> None:
    """A family parameter has a type its builder accepts; booleans are only true/false.

    ``underfill: no`` reads (YAML 1.2) as the text "no", which a plain ``if`` would
    take as true; here it is refused, as is a number where a name is expected.
    """
    accepted = _accepted(hint)
    if object in accepted:
        return
    if isinstance(value, bool):
        ok = bool in accepted
    else:
        ok = isinstance(value, accepted) and not (
            isinstance(value, int) and int not in accepted and float not in accepted)
    if ok:
        return
    words = " or ".join(dict.fromkeys(_TYPE_WORDS.get(t, t.__name__) for t in accepted))
    hint_text = ""
    if bool in accepted and isinstance(value, str):
        hint_text = "; write true or false without quotes (yes/no/on/off are text in YAML 1.2)"
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:36] + "..."
    raise SpecError(path, f"{shown} is {type(value).__name__}, expected {words}{hint_text}")


def build_family(family: str, parameters: dict[str, Any] | None = None,
                 materials: dict[str, Any] | None = None) -> PackageSpec:
    """Build and validate a family's spec from its parameters."""
    return parse_spec(family_mapping(family, parameters, materials))


def is_family_mapping(raw: object) -> bool:
    """True for a ``family:`` + ``parameters:`` document (a spec with ``parts:`` is not one)."""
    return isinstance(raw, dict) and "family" in raw and "parts" not in raw


def spec_from_mapping(raw: object) -> PackageSpec:
    """A spec from either a plain spec mapping or a family document.

    A spec with ``parts:`` may also record the ``family:`` and ``parameters:`` that
    built it; then those parameters must still build exactly these parts, so that an
    edited parameter is never silently ignored.
    """
    if not is_family_mapping(raw):
        spec = parse_spec(raw)
        if isinstance(raw, dict) and raw.get("parameters"):
            check_recorded_parameters(spec)
        return spec
    return parse_spec(expand_family_document(raw))


def expand_family_document(raw: dict[str, Any]) -> dict[str, Any]:
    """The raw spec mapping (``parts:`` etc., numbers in mm) of a family document."""
    if not isinstance(raw.get("parameters") or {}, dict):
        raise SpecError("parameters", "parameters are a mapping of name: value, got a "
                        f"{type(raw['parameters']).__name__}")
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


def check_recorded_parameters(spec: PackageSpec) -> None:
    """The ``parameters:`` of a spec that also gives ``parts:`` must build those parts."""
    if spec.family is None:
        raise SpecError("parameters", "parameters only apply with 'family: <name>'; give the "
                        "family, or remove parameters (the parts are given)")
    built = family_mapping(spec.family, spec.parameters)
    given = spec.model_dump()["parts"]
    rebuilt = parse_spec({**built, "materials": spec.materials}).model_dump()["parts"]
    if given != rebuilt:
        differ = sorted(set(given) ^ set(rebuilt)) or [
            pid for pid in given if given[pid] != rebuilt.get(pid)]
        raise SpecError("parameters", f"the parts given differ from what these {spec.family} "
                        f"parameters build (first: {differ[0]}), so one of them would be "
                        "ignored; remove 'parts:' to build from the parameters, or remove "
                        "'family:' and 'parameters:'")


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
    if not isinstance(family, str) or family not in FAMILY_MAPPINGS:
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
