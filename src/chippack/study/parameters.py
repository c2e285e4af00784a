"""Study parameters: where a value goes, its unit, its range or its choices.

A parameter is either a *family parameter* (a bare name such as ``die_size`` when the
base design is a family document) or a *dotted path* into the design document
(``parts.die.size[0]`` in a spec or in the spec a family builds, ``steps[3].thickness``
in a flow). A value with a unit is written into the document as a quantity string
(``"12 mm"``), which the spec and family readers convert with pint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from chippack.errors import ChippackError
from chippack.study.file import ParameterEntry
from chippack.units import registry


@dataclass(frozen=True)
class Parameter:
    """A resolved study parameter.

    ``target``: ``"family"`` (a family parameter) or ``"path"`` (a dotted document path);
    ``values``: the choices of a discrete parameter, else None; ``low``/``high``: the
    range of a continuous one (in ``unit``); ``integer``: sampled values are rounded.
    """

    name: str
    path: str
    target: str
    values: tuple[Any, ...] | None
    low: float | None
    high: float | None
    levels: int
    unit: str | None
    integer: bool

    @property
    def continuous(self) -> bool:
        return self.values is None

    @property
    def numeric(self) -> bool:
        return self.continuous or all(isinstance(v, int | float) and not isinstance(v, bool)
                                      for v in self.values or ())

    def grid(self) -> list[Any]:
        """The points a full factorial takes: the values, or ``levels`` points of the range."""
        if self.values is not None:
            return list(self.values)
        assert self.low is not None and self.high is not None
        if self.levels == 1:
            return [self._round(0.5 * (self.low + self.high))]
        step = (self.high - self.low) / (self.levels - 1)
        return list(dict.fromkeys(self._round(self.low + i * step) for i in range(self.levels)))

    def from_unit(self, u: float) -> Any:
        """Map ``u`` in [0, 1) onto the parameter: linearly on a range, by bins on choices."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        assert self.low is not None and self.high is not None
        return self._round(self.low + u * (self.high - self.low))

    def bounds(self) -> tuple[float, float]:
        """Numeric bounds (for samplers and SALib): the range, or the span of numeric values."""
        if self.values is None:
            return float(self.low), float(self.high)  # type: ignore[arg-type]
        if not self.numeric:
            raise ChippackError(f"parameters.{self.name}: a choice of {list(self.values)!r} has "
                                "no numeric range; give a range, or leave it out of this method")
        return float(min(self.values)), float(max(self.values))

    def check(self, value: Any) -> Any:
        """A table's value: one of the choices, or inside the range."""
        if self.values is not None:
            if value not in self.values:
                raise ChippackError(f"design.rows: {self.name} = {value!r} is not one of "
                                    f"{list(self.values)!r}")
            return value
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ChippackError(f"design.rows: {self.name} = {value!r}; give a number in "
                                f"[{self.low:g}, {self.high:g}] {self.unit or ''}".rstrip())
        return self._round(float(value))

    def document_value(self, value: Any) -> Any:
        """The value as written into the design document (a quantity string with a unit)."""
        if self.unit is None or isinstance(value, str | bool):
            return value
        return f"{value:.12g} {self.unit}"

    def _round(self, v: float) -> float | int:
        return int(round(v)) if self.integer else float(round(v, 12))


def check_unit(name: str, unit: str | None) -> str | None:
    """A unit pint can read (``mm``, ``um``, ``W``, ``W/m/K``) or a one-line error."""
    if unit is None:
        return None
    text = unit.strip().replace("µ", "u").replace("μ", "u")
    try:
        registry().Unit(text)
    except Exception:
        raise ChippackError(f"parameters.{name}.unit: {unit!r} is not a unit; write e.g. mm, "
                            "um, W or W/m/K") from None
    return text


def make_parameter(name: str, entry: ParameterEntry, target: str) -> Parameter:
    """Check one ``parameters:`` entry (exactly one of values / range, not empty)."""
    where = f"parameters.{name}"
    if (entry.values is None) == (entry.range is None):
        raise ChippackError(f"{where}: give either values: [...] or range: [low, high]")
    unit = check_unit(name, entry.unit)
    if entry.values is not None:
        if not entry.values:
            raise ChippackError(f"{where}.values: empty list; give at least one value")
        values = tuple(dict.fromkeys(entry.values))
        if unit is not None and not all(isinstance(v, int | float) for v in values):
            raise ChippackError(f"{where}: a unit ({unit}) goes with numbers, got {list(values)!r}")
        return Parameter(name, entry.path or name, target, values, None, None, len(values), unit,
                         entry.integer)
    low, high = entry.range  # type: ignore[misc]
    if not (math.isfinite(low) and math.isfinite(high)) or not high > low:
        raise ChippackError(f"{where}.range: [{low:g}, {high:g}] is empty; give [low, high] "
                            "with high > low (or values: [v] for one value)")
    if entry.integer and math.floor(high) < math.ceil(low):
        raise ChippackError(f"{where}.range: [{low:g}, {high:g}] holds no whole number")
    return Parameter(name, entry.path or name, target, None, float(low), float(high),
                     entry.levels, unit, entry.integer)
