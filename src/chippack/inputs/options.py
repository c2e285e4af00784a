"""Numbers given on the command line: finite and inside their physical range.

typer turns ``--refine nan`` into a float NaN and ``--power -5`` into -5.0 without
complaint; these checks refuse them before anything is built. Each function
raises one :class:`~chippack.errors.SpecError` whose path is the option
(``--refine``) and whose message gives the value, the range and the default.

=================  ===================  ===============================================
option             range                why
=================  ===================  ===============================================
--power            [1e-6, 1e5] W        no package dissipates 100 kW; below 1 µW the
                                        temperature rise is round-off (1e-300 W failed
                                        the energy balance after the solve)
--common-power     (0, 1e5] W           as --power
--ambient          (-273.15, 300] °C    above absolute zero; hotter than any
                                        qualification oven (JESD22-A103 tops at 200 °C)
--velocity         (0, 20] m/s          the flat-plate correlation is laminar up to
                                        Re = 5e5; JESD51-6 tests 0-5 m/s
--refine           [1/16, 16]           16 already makes 4096 times the cells; below
                                        1/16 the mesh is no coarser (every face is a
                                        plane already), so 1e-9 is a slip
tolerances         [0, 1000]            a claim tolerance is a small non-negative number
=================  ===================  ===============================================
"""

from __future__ import annotations

import math
from numbers import Real

from chippack.errors import SpecError

#: Largest and smallest power of one die, package or power map, W (the hottest
#: accelerators dissipate about 1 kW; below 1 µW the energy balance has nothing to check).
MAX_POWER_W = 1e5
MIN_POWER_W = 1e-6
MAX_AMBIENT_C = 300.0
ABSOLUTE_ZERO_C = -273.15
MAX_VELOCITY_M_S = 20.0
MAX_REFINE = 16.0
MIN_REFINE = 1 / MAX_REFINE
MAX_TOLERANCE = 1000.0
#: Largest film coefficient of a reflow oven, W/(m^2 K), and the span of a Zth curve's
#: last time, s.
MAX_OVEN_H = 1e4
ZTH_T_LAST_S = (1e-6, 1e7)


def number_option(name: str, value: float | None, low: float, high: float, unit: str = "",
                  *, low_inclusive: bool = False, what: str = "") -> float | None:
    """``value`` is None (not given) or a finite number in (low, high] (or [low, high])."""
    if value is None:
        return None
    # numbers.Real takes numpy's scalars too (np.float32(2) is a power; True is not)
    if isinstance(value, bool) or not isinstance(value, Real):
        raise SpecError(name, f"must be a number, got {value!r}")
    try:
        value = float(value)
    except OverflowError:  # a 400-digit integer
        raise SpecError(name, f"{str(value)[:20]}... is too large; give {what or 'a value'} "
                        f"up to {high:g}{' ' + unit if unit else ''}") from None
    unit_text = f" {unit}" if unit else ""
    if not math.isfinite(value):
        raise SpecError(name, f"{value} is not a finite number; give {what or 'a value'} in "
                        f"{'[' if low_inclusive else '('}{low:g}, {high:g}]{unit_text}")
    above_low = value >= low if low_inclusive else value > low
    if not (above_low and value <= high):
        bracket = "[" if low_inclusive else "("
        reason = ("below absolute zero" if unit == "°C" and value <= ABSOLUTE_ZERO_C
                  else "too small" if not above_low else "too large")
        raise SpecError(name, f"{value:g}{unit_text} is {reason}; give {what or 'a value'} in "
                        f"{bracket}{low:g}, {high:g}]{unit_text}")
    return float(value)


def _given(name: str, value: float | None) -> float:
    """An option without a "not given" meaning (the ambient, a speed, the refinement)."""
    if value is None:
        raise SpecError(name, "must be a number, got None")
    return value


def check_power(value: float | None, name: str = "--power") -> float | None:
    return number_option(name, value, MIN_POWER_W, MAX_POWER_W, "W", low_inclusive=True,
                         what="a power")


def check_ambient(value: float, name: str = "--ambient") -> float:
    return number_option(name, _given(name, value), ABSOLUTE_ZERO_C, MAX_AMBIENT_C, "°C",
                         what="an air or cold-plate temperature")  # type: ignore[return-value]


def check_velocity(value: float, name: str = "--velocity") -> float:
    return number_option(name, _given(name, value), 0.0, MAX_VELOCITY_M_S, "m/s",
                         what="an air speed")  # type: ignore[return-value]


def check_refine(value: float, name: str = "--refine") -> float:
    return number_option(name, _given(name, value), MIN_REFINE, MAX_REFINE, "",
                         low_inclusive=True, what="a refinement factor (1 = default mesh)")  # type: ignore[return-value]


def check_oven_h(value: float, name: str = "--h") -> float:
    return number_option(name, _given(name, value), 0.0, MAX_OVEN_H, "W/(m² K)",
                         what="a film coefficient")  # type: ignore[return-value]


def check_t_last(value: float, name: str = "--t-last") -> float:
    return number_option(name, _given(name, value), *ZTH_T_LAST_S, "s",
                         what="the last time of the curve")  # type: ignore[return-value]


def check_solve_options(*, power: float | None = None, ambient: float = 25.0,
                        velocity: float = 1.0, refine: float = 1.0,
                        common_power: float | None = None) -> None:
    """All numeric options of a solve (run, report, export, demo) at once."""
    check_power(power)
    check_ambient(ambient)
    check_velocity(velocity)
    check_refine(refine)
    check_power(common_power, "--common-power")
