"""A zoned forced-convection reflow oven as a YAML file, turned into an air profile.

::

    oven: 7-zone convection oven
    conveyor_speed: 70 cm/min         # numbers without a unit: cm/min
    entry_temperature: 25             # degC, the load when it enters
    transition: 40 mm                 # air mixing length at each zone boundary (default 40 mm)
    zones:                            # in conveyor order; lengths without a unit are mm
      - {name: preheat 1, length: 400, set_point: 170, h: 45}
      - {name: peak, length: 300, set_point: 260, h: 60}
      - {name: cooling, length: 400, set_point: 50, h: 60}

A part of the load at conveyor position x = v t sees the set point of the zone it is in
(convection ovens regulate the air temperature to the set point); between zones the air
temperature changes linearly over the ``transition`` length, centred on the boundary,
and h switches at the boundary.  ``h`` (W/(m^2 K)) may be left out per zone: the oven's
``h`` or :data:`~chippack.reflow.profile.DEFAULT_H` applies.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from chippack.errors import ChippackError, SpecError
from chippack.model.spec import read_yaml
from chippack.reflow.profile import DEFAULT_H, AirProfile, check_duration
from chippack.units import to_si

OVEN_FIELDS = ("oven", "description", "conveyor_speed", "entry_temperature", "transition",
               "h", "zones")
ZONE_FIELDS = ("name", "length", "set_point", "h")
#: Most zones of one oven: production ovens have 5-14 (a list of 10 000 ran for minutes).
MAX_ZONES = 100


def _unknown(keys, allowed, where: str) -> None:
    extra = [str(k) for k in keys if k not in allowed]
    if extra:
        raise ChippackError(f"{where}: unknown key{'s' if len(extra) > 1 else ''} "
                            f"{', '.join(extra)}; allowed: {', '.join(allowed)}")


def _number(value, where: str, lo: float, hi: float, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise ChippackError(f"{where}: {value!r} is not a number ({unit})")
    if not lo <= value <= hi:
        raise ChippackError(f"{where}: {value:g} {unit} is outside {lo:g}..{hi:g} {unit}")
    return float(value)


def oven_profile(raw: object, name: str = "oven") -> AirProfile:
    """The air profile of a zoned oven mapping (see the module docstring)."""
    if not isinstance(raw, dict):
        raise ChippackError(f"{name}: an oven file is a mapping with conveyor_speed and zones")
    _unknown(raw, OVEN_FIELDS, name)
    try:
        speed = to_si(raw.get("conveyor_speed", "70 cm/min"), "m/s", "conveyor_speed",
                      default_unit="cm/min")
        transition = to_si(raw.get("transition", "40 mm"), "m", "transition", default_unit="mm")
    except SpecError as err:
        raise ChippackError(f"{name}: {err}") from None
    if not transition >= 0:
        raise ChippackError(f"{name}: transition must be >= 0 (0: the air steps at each zone "
                            f"boundary), got {raw.get('transition')!r}")
    if not speed > 0:
        raise ChippackError(f"{name}: conveyor_speed must be > 0, got {raw.get('conveyor_speed')}")
    entry = _number(raw.get("entry_temperature", 25.0), f"{name}: entry_temperature",
                    -50, 100, "°C")
    h_default = _number(raw.get("h", DEFAULT_H), f"{name}: h", 1e-3, 1e4, "W/m²K")
    zones = raw.get("zones")
    if not isinstance(zones, list) or not zones:
        raise ChippackError(f"{name}: zones is a non-empty list of "
                            "{name, length, set_point, h} mappings")
    if len(zones) > MAX_ZONES:
        raise ChippackError(f"{name}: {len(zones):,} zones, more than {MAX_ZONES}; a reflow "
                            "oven has 5-14 zones: check the zones list")
    edges, sets, hs = [0.0], [], []
    for i, z in enumerate(zones, start=1):
        where = f"{name}: zones[{i}]"
        if not isinstance(z, dict):
            raise ChippackError(f"{where}: a zone is a mapping with length and set_point")
        _unknown(z, ZONE_FIELDS, where + (f" ({z['name']})" if "name" in z else ""))
        for key in ("length", "set_point"):
            if key not in z:
                raise ChippackError(f"{where}: needs '{key}:'")
        try:
            zl = to_si(z["length"], "m", f"zones[{i}].length", default_unit="mm")
        except SpecError as err:
            raise ChippackError(f"{name}: {err}") from None
        if not zl > 0:
            raise ChippackError(f"{where}: length must be > 0, got {z['length']!r}")
        edges.append(edges[-1] + zl)
        sets.append(_number(z["set_point"], f"{where}: set_point", 0, 450, "°C"))
        hs.append(_number(z.get("h", h_default), f"{where}: h", 1e-3, 1e4, "W/m²K"))
    edges_m = np.array(edges)
    half = 0.5 * min(transition, 0.5 * float(np.diff(edges_m).min()))
    # breakpoints: entry ramp to zone 1, then each boundary ramp between set points
    x, a = [0.0], [entry]
    x.append(half)
    a.append(sets[0])
    for k in range(1, len(sets)):
        xb = edges_m[k]
        x += [xb - half, xb + half]
        a += [sets[k - 1], sets[k]]
    x.append(edges_m[-1])
    a.append(sets[-1])
    t = np.array(x) / speed
    check_duration(float(t[-1]), f"{name}: the pass through {edges_m[-1]:.3g} m of zones at "
                   f"{speed * 6000:.3g} cm/min", "check conveyor_speed (cm/min) and the zone "
                   "lengths (mm)")
    source = (f"{raw.get('oven', name)}: {len(sets)} zones, {edges_m[-1]:.3g} m at "
              f"{speed * 6000:.3g} cm/min")
    return AirProfile(t, np.array(a, dtype=float), edges_m / speed, np.array(hs), entry, source)


def read_oven(path: str | Path) -> AirProfile:
    """Read a zoned-oven YAML file into an :class:`AirProfile`."""
    try:
        raw = read_yaml(path)
    except SpecError as err:
        raise ChippackError(f"--profile: {err}") from None
    return oven_profile(raw, Path(path).name)
