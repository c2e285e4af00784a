"""Helpers shared by the family builders: unit conversion of parameters, arrays, balls."""

from __future__ import annotations

import math
from typing import Any

from chippack.errors import SpecError
from chippack.units import length, to_si

#: A length parameter: a number in millimetres or a string with a unit ("750 um").
LengthLike = float | int | str
#: A square side (one length) or a rectangle ``[x, y]``.
SizeLike = LengthLike | tuple[LengthLike, LengthLike] | list[LengthLike]


def mm(value: LengthLike, name: str) -> float:
    """A length parameter in millimetres (what the spec mapping is written in)."""
    return round(length(value, f"parameters.{name}") * 1e3, 12)


def positive_mm(value: LengthLike, name: str) -> float:
    out = mm(value, name)
    if out <= 0:
        raise SpecError(f"parameters.{name}", f"must be > 0 mm, got {value!r}")
    return out


def size_mm(value: SizeLike, name: str) -> list[float]:
    """A size parameter as ``[x, y]`` in millimetres; one value means a square."""
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise SpecError(f"parameters.{name}",
                            f"a size is one length (square) or [x, y], got {list(value)!r}")
        return [positive_mm(v, name) for v in value]
    side = positive_mm(value, name)
    return [side, side]


def watts(value: float | int | str, name: str) -> float:
    out = to_si(value, "W", f"parameters.{name}")
    if out < 0:
        raise SpecError(f"parameters.{name}", f"power must be >= 0 W, got {value!r}")
    return out


def count_of(value: int | None, name: str, minimum: int = 1) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise SpecError(f"parameters.{name}",
                        f"must be a whole number >= {minimum}, got {value!r}")
    return value


def choice(value: Any, name: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise SpecError(f"parameters.{name}",
                        f"{value!r} is not one of {', '.join(options)}")
    return value


def fitting_count(span: float, pitch: float) -> int:
    """Joints per side of a grid that fits inside ``span`` with half a pitch of margin or more."""
    return max(1, math.floor(span / pitch + 1e-9) - 1)


def check_array_fits(count: int, pitch: float, span: float, name: str, what: str) -> None:
    """A joint grid of ``count`` × ``pitch`` must lie inside ``span`` (mm)."""
    field = (count - 1) * pitch
    if field >= span:
        raise SpecError(
            f"parameters.{name}",
            f"{count} joints at {pitch:g} mm pitch span {field:g} mm, which does not fit "
            f"under the {span:g} mm {what}; lower the count or the pitch",
        )


def joint_array(kind: str, *, pitch: float, diameter: float, height: float,
                count: int, material: str, **extra: Any) -> dict[str, Any]:
    """Mapping of a square bump or ball array."""
    out: dict[str, Any] = {"kind": kind}
    out.update(extra)
    out.update({"pitch": pitch, "diameter": diameter, "height": height,
                "count": [count, count], "material": material})
    return out


def solder_balls(substrate: list[float], pitch: LengthLike, diameter: LengthLike,
                 height: LengthLike, count: int | None, material: str,
                 **placement: Any) -> dict[str, Any]:
    """Mapping of the solder-ball array under the substrate.

    By default as many balls per side as fit with half a pitch of margin;
    ``placement`` adds relations such as a ring keep-out around a bottom sink.
    """
    ball_pitch = positive_mm(pitch, "ball_pitch")
    n = count_of(count, "ball_count") or fitting_count(min(substrate), ball_pitch)
    check_array_fits(n, ball_pitch, min(substrate), "ball_count", "substrate")
    return joint_array("ball_array", under="substrate", centered="substrate", **placement,
                       pitch=ball_pitch, diameter=positive_mm(diameter, "ball_diameter"),
                       height=positive_mm(height, "ball_height"), count=n, material=material,
                       shape="ball")
