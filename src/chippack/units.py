"""Quantities with units at the edges of chippack; SI floats inside.

Sizes in a spec may be written ``"0.75 mm"``, ``"750 um"`` or as plain numbers,
which are millimetres (the package engineer's unit). Material properties may be
plain numbers in SI or strings with units (``"148 W/m/K"``).

A quantity is read by one strict rule, so nothing is silently reinterpreted:
a finite decimal number, then optionally a unit of the field's dimension.
Refused with the fix in the message: decimal commas (``"1,2 mm"``), percentages
(``"30 %"``), dimensionless ratios where a dimension is needed (``"17 ppm"`` for a
CTE: write ``"17 ppm/K"``), arithmetic (``"10**400 mm"``), numbers that overflow
(``"1e400 mm"``) and temperatures below absolute zero.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import pint

from chippack.errors import SpecError

#: Unit that plain numbers in a geometry field are read in.
LENGTH_DEFAULT_UNIT = "mm"
#: Longest text read as a quantity ("0.75 mm" is 7 characters).
MAX_QUANTITY_CHARS = 60
ABSOLUTE_ZERO_C = -273.15

_NUMBER = re.compile(r"\s*(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(?P<unit>.*?)\s*")
#: Exponents in a unit: ``m^2``, ``m**-1``, ``m^(-1)`` (one or two digits).
_EXPONENT = re.compile(r"(?:\*\*|\^)\s*\(?\s*-?\s*\d{1,2}\s*\)?")
_UNIT_CHARS = re.compile(r"[A-Za-zµΩ°_/*()·.\s⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The one pint registry of chippack (``um`` and ``µm`` both mean micrometre)."""
    # Offset units (degC) must survive "217 degC" parsing, which multiplies 217 by degC.
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    return ureg


def _finite(number: float, text: object, path: str) -> float:
    if not math.isfinite(number):
        raise SpecError(path, f"{_short(text)} is not a finite number; give a finite value")
    return number


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:36] + "...'"


def _number_of(value: int | float, path: str) -> float:
    try:
        return _finite(float(value), value, path)
    except OverflowError:
        raise SpecError(path, f"{_short(value)[:20]}... is too large to be a number of this "
                        "field") from None


def _unit_problem(text: str, unit_text: str) -> str | None:
    """Why ``unit_text`` is not a plain unit expression, or None."""
    if "," in text:
        fixed = text.replace(",", ".", 1)
        return f"{text!r} has a comma; write decimals with a point, e.g. {fixed!r}"
    if "%" in unit_text or unit_text.lower() in ("percent", "pct"):
        return (f"{text!r} is a percentage; chippack does not guess what it is a percentage "
                "of; give the value itself with its unit")
    bare = _EXPONENT.sub("", re.sub(r"^1\s*/", "/", unit_text))
    if bare.lstrip().startswith(("*", "^")) or "**" in bare or not _UNIT_CHARS.fullmatch(bare):
        return (f"cannot read {text!r} as a quantity; write one number and a unit, "
                "e.g. '0.75 mm' (no arithmetic, no thousands separators)")
    return None


def parse_quantity(text: str, unit: str, path: str, default_unit: str | None) -> pint.Quantity:
    """A string such as ``"0.75 mm"`` as a pint quantity, by the strict rule of this module."""
    ureg = registry()
    if len(text) > MAX_QUANTITY_CHARS:
        raise SpecError(path, f"{_short(text)} is too long to be a quantity; write a number "
                        "and a unit, e.g. '0.75 mm'")
    clean = text.strip().replace("µ", "u").replace("μ", "u").replace("\u00a0", " ")
    match = _NUMBER.fullmatch(clean)
    if match is None:
        if re.match(r"\s*[-+]?\d+,\d", clean):
            problem = _unit_problem(clean, "")
        else:
            problem = (f"cannot read {text!r} as a quantity; write a number and a unit, "
                       "e.g. '0.75 mm'")
        raise SpecError(path, problem or "")
    magnitude = _finite(float(match["num"]), text, path)
    unit_text = match["unit"]
    if not unit_text:
        return ureg.Quantity(magnitude, default_unit or unit)
    problem = _unit_problem(clean, unit_text)
    if problem:
        raise SpecError(path, problem)
    try:
        q = ureg.Quantity(magnitude, unit_text)
    except Exception:
        raise SpecError(path, f"unknown unit {unit_text!r} in {text!r}; write e.g. "
                        f"'{magnitude:g} {default_unit or unit}'") from None
    if q.dimensionless and not ureg.Quantity(1, unit).dimensionless:
        hint = (f"; for a CTE write '{magnitude:g} ppm/K'" if unit == "1/K" else
                "; for thousandths of an inch write 'thou'" if unit_text == "mil" else "")
        raise SpecError(path, f"{text!r} is a plain ratio ({unit_text} has no dimension), but "
                        f"this field needs a unit of {_dimension(unit)}{hint}")
    return q


def _dimension(unit: str) -> str:
    ureg = registry()
    names = {"m": "length (mm)", "W": "power (W)", "1/K": "1/K (e.g. ppm/K)",
             "degC": "temperature (°C)", "K": "temperature (K)", "s": "time (s)"}
    return names.get(unit, f"{ureg.Quantity(1, unit).dimensionality} (e.g. {unit})")


def to_si(value: object, unit: str, path: str, default_unit: str | None = None) -> float:
    """Convert ``value`` to a float in the SI unit ``unit``.

    ``value`` is a number (read in ``default_unit``, or in ``unit`` when that is
    None) or a string such as ``"0.75 mm"``. Raises :class:`SpecError` naming
    ``path`` when the string is not a quantity by the module's rule, has the wrong
    dimension, is not finite, or is a temperature below absolute zero.
    """
    ureg = registry()
    if isinstance(value, bool):
        raise SpecError(path, f"expected a quantity in {default_unit or unit}, got {value!r}")
    if isinstance(value, int | float):
        factor = None if unit in ("degC", "K") else _scale(default_unit or unit, unit)
        if factor is not None:  # a plain number in a multiplicative unit: no pint per call
            return _finite(_number_of(value, path) * factor, value, path)
        q = ureg.Quantity(_number_of(value, path), default_unit or unit)
    elif isinstance(value, str):
        q = parse_quantity(value, unit, path, default_unit)
    else:
        raise SpecError(
            path, f"expected a quantity like '0.75 mm' or a number, got {type(value).__name__}"
        )
    try:
        out = float(q.to(unit).magnitude)
    except pint.DimensionalityError:
        raise SpecError(
            path, f"{_short(value)} has units of {q.units:~}, which cannot be converted to {unit}"
        ) from None
    except OverflowError:
        out = math.inf
    _finite(out, value, path)
    if unit in ("degC", "K") and ureg.Quantity(out, unit).to("K").magnitude < 0:
        raise SpecError(path, f"{_short(value)} is below absolute zero ({ABSOLUTE_ZERO_C} °C); "
                        "give a temperature above it")
    return out


@lru_cache(maxsize=64)
def _scale(source: str, target: str) -> float | None:
    """The factor from ``source`` to ``target`` units, None for offset units (°C): pint
    parses a unit string in ~0.5 ms, which a family's dozens of lengths per variant and a
    1000-variant study pay over and over (the value is the same as pint's conversion)."""
    ureg = registry()
    if not (ureg.Quantity(1.0, source)._is_multiplicative
            and ureg.Quantity(1.0, target)._is_multiplicative):
        return None
    try:
        return float(ureg.Quantity(1.0, source).to(target).magnitude)
    except pint.DimensionalityError:  # the slow path raises the one-line SpecError
        return None


def length(value: object, path: str) -> float:
    """A length in metres; plain numbers are millimetres."""
    return to_si(value, "m", path, default_unit=LENGTH_DEFAULT_UNIT)


def format_mm(metres: float) -> str:
    """Format a length for people: millimetres with up to 4 decimals."""
    return f"{metres * 1e3:.4g} mm"
