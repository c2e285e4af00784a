"""Pydantic field types for quantities with units (converted to SI on input)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from chippack.errors import SpecError
from chippack.inputs.limits import current
from chippack.inputs.options import MAX_POWER_W
from chippack.units import format_mm, length, to_si


def _length(value: object) -> float:
    try:
        out = length(value, "")
    except SpecError as err:  # pydantic adds the field path
        raise ValueError(err.message) from None
    largest = current().largest_length
    if abs(out) > largest:
        raise ValueError(f"{format_mm(out)} is {'larger' if out > 0 else 'further out'} than "
                         f"any package part (limit {format_mm(largest)}); check the value and "
                         "the unit (plain numbers are mm)")
    return out


def _positive_length(value: float) -> float:
    if not value > 0:
        raise ValueError(f"must be > 0 mm, got {format_mm(value)}")
    smallest = current().smallest_length
    if value < smallest:
        raise ValueError(f"{value * 1e6:.3g} µm is thinner than the {smallest * 1e6:.3g} µm "
                         "chippack can model; check the unit (plain numbers are mm)")
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
        raise ValueError(f"power must be >= 0 W, got {watts:g} W")
    if watts > MAX_POWER_W:
        raise ValueError(f"{watts:g} W is more than the {MAX_POWER_W:g} W any one package "
                         "dissipates; check the unit")
    return watts


def _area_resistance(value: object) -> float:
    try:
        r = to_si(value, "m**2*K/W", "", default_unit="mm**2*K/W")
    except SpecError as err:
        raise ValueError(err.message) from None
    if r < 0:
        raise ValueError(f"a contact resistance must be >= 0, got {value!r}")
    if r > 1.0:
        raise ValueError(f"{value!r} is {r:g} K·m²/W, more than any real contact (a thick "
                         "TIM is about 1e-4); plain numbers are mm²·K/W")
    return r


#: Area-specific thermal resistance R″ in K·m²/W; plain numbers are mm²·K/W.
AreaResistance = Annotated[float, BeforeValidator(_area_resistance)]
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
