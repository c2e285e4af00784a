"""Pydantic field types for quantities with units (converted to SI on input)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from chippack.errors import SpecError
from chippack.units import format_mm, length, to_si


def _length(value: object) -> float:
    try:
        return length(value, "")
    except SpecError as err:  # pydantic adds the field path
        raise ValueError(err.message) from None


def _positive_length(value: float) -> float:
    if not value > 0:
        raise ValueError(f"must be > 0 mm, got {format_mm(value)}")
    return value


def _non_negative_length(value: float) -> float:
    if value < 0:
        raise ValueError(f"must be >= 0 mm, got {format_mm(value)}")
    return value


def _power(value: object) -> float:
    try:
        watts = to_si(value, "W", "")
    except SpecError as err:
        raise ValueError(err.message) from None
    if watts < 0:
        raise ValueError(f"power must be >= 0 W, got {watts} W")
    return watts


#: A length in metres; plain numbers are millimetres.
Length = Annotated[float, BeforeValidator(_length)]
PositiveLength = Annotated[float, BeforeValidator(_length), AfterValidator(_positive_length)]
NonNegativeLength = Annotated[
    float, BeforeValidator(_length), AfterValidator(_non_negative_length)
]
#: A power in watts.
Power = Annotated[float, BeforeValidator(_power)]
#: A rectangle size (x, y) in metres.
Size2 = tuple[PositiveLength, PositiveLength]
