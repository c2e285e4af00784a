"""Quantities with units at the edges of chippack; SI floats inside.

Sizes in a spec may be written ``"0.75 mm"``, ``"750 um"`` or as plain numbers,
which are millimetres (the package engineer's unit). Material properties may be
plain numbers in SI or strings with units (``"148 W/m/K"``).
"""

from __future__ import annotations

from functools import lru_cache

import pint

from chippack.errors import SpecError

#: Unit that plain numbers in a geometry field are read in.
LENGTH_DEFAULT_UNIT = "mm"


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The one pint registry of chippack (``um`` and ``µm`` both mean micrometre)."""
    # Offset units (degC) must survive "217 degC" parsing, which multiplies 217 by degC.
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    return ureg


def to_si(value: object, unit: str, path: str, default_unit: str | None = None) -> float:
    """Convert ``value`` to a float in the SI unit ``unit``.

    ``value`` is a number (read in ``default_unit``, or in ``unit`` when that is
    None) or a string such as ``"0.75 mm"``. Raises :class:`SpecError` naming
    ``path`` when the string is not a quantity or has the wrong dimension.
    """
    ureg = registry()
    if isinstance(value, bool):
        raise SpecError(path, f"expected a quantity in {default_unit or unit}, got {value!r}")
    if isinstance(value, int | float):
        q = ureg.Quantity(float(value), default_unit or unit)
    elif isinstance(value, str):
        text = value.strip().replace("µ", "u").replace("μ", "u")
        try:
            q = ureg.Quantity(text)
        except Exception:
            raise SpecError(
                path,
                f"cannot read {value!r} as a quantity; write a number and a unit, e.g. '0.75 mm'",
            ) from None
        if q.dimensionless and not ureg.Quantity(1, unit).dimensionless:
            q = ureg.Quantity(float(q.magnitude), default_unit or unit)
    else:
        raise SpecError(
            path, f"expected a quantity like '0.75 mm' or a number, got {type(value).__name__}"
        )
    try:
        return float(q.to(unit).magnitude)
    except pint.DimensionalityError:
        raise SpecError(
            path, f"{value!r} has units of {q.units:~}, which cannot be converted to {unit}"
        ) from None


def length(value: object, path: str) -> float:
    """A length in metres; plain numbers are millimetres."""
    return to_si(value, "m", path, default_unit=LENGTH_DEFAULT_UNIT)


def format_mm(metres: float) -> str:
    """Format a length for people: millimetres with up to 4 decimals."""
    return f"{metres * 1e3:.4g} mm"
