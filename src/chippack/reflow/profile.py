"""Oven air-temperature profiles: what the package sees on its way through a reflow oven.

An :class:`AirProfile` is the air temperature T_air(t) (piecewise linear in time) and the
film coefficient h(t) (piecewise constant: one value per oven zone) on every exposed face
of what is in the oven.  h lumps forced convection and linearised radiation; forced-
convection reflow ovens give roughly 20-100 W/(m^2 K) at the board (Illes, "Measuring
the heat transfer coefficient in convection reflow ovens", Microelectronics Reliability
2010), so :data:`DEFAULT_H` = 50 W/(m^2 K) is used where the oven does not say.

Profiles come from three sources:

* :func:`jstd020_profile` -- the IPC/JEDEC J-STD-020 classification shape (see
  :mod:`chippack.reflow.jstd020`), run as the air temperature;
* :func:`read_profile_csv` -- a user's measured or planned air profile (``time_s, T_C``);
* :func:`chippack.reflow.oven.read_oven` -- a zoned convection oven (zone set points and
  lengths, conveyor speed, h per zone).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chippack.errors import ChippackError
from chippack.inputs.files import read_text
from chippack.inputs.limits import current

#: Film coefficient of a forced-convection reflow oven where none is given, W/(m^2 K).
DEFAULT_H = 50.0


@dataclass(frozen=True)
class AirProfile:
    """Air temperature and film coefficient seen by the load, as functions of time.

    ``time_s`` / ``air_c``: breakpoints of the piecewise-linear air temperature (s, degC),
    ``time_s[0] = 0``; ``h_edges_s`` (m+1) and ``h_w_m2k`` (m): piecewise-constant film
    coefficient, segment i spanning ``h_edges_s[i] .. h_edges_s[i+1]``; ``start_c``: the
    load's uniform temperature when it enters; ``source``: where the profile came from.
    """

    time_s: np.ndarray
    air_c: np.ndarray
    h_edges_s: np.ndarray
    h_w_m2k: np.ndarray
    start_c: float
    source: str

    @property
    def duration_s(self) -> float:
        return float(self.time_s[-1])

    @property
    def peak_c(self) -> float:
        return float(self.air_c.max())

    def air_at(self, t: float | np.ndarray) -> float | np.ndarray:
        """T_air(t), degC (held at the last value after the end)."""
        return np.interp(t, self.time_s, self.air_c)

    def h_at(self, t: float) -> float:
        """h on the segment containing t (the later one at an edge), W/(m^2 K)."""
        i = int(np.searchsorted(self.h_edges_s, t, side="right")) - 1
        return float(self.h_w_m2k[min(max(i, 0), self.h_w_m2k.size - 1)])

    def max_ramp_c_s(self) -> float:
        """Largest |dT_air/dt| of the breakpoints, K/s."""
        dt = np.diff(self.time_s)
        return float(np.max(np.abs(np.diff(self.air_c)) / dt)) if dt.size else 0.0


def constant_h(time_s, air_c, h: float, source: str, start_c: float | None = None) -> AirProfile:
    """A profile with one film coefficient over its whole duration."""
    t = np.asarray(time_s, dtype=float)
    a = np.asarray(air_c, dtype=float)
    if not h > 0 or not math.isfinite(h):
        raise ChippackError(f"h: {h!r} W/(m^2 K); the film coefficient must be a finite "
                            "number > 0 (forced-convection ovens: 20-100)")
    return AirProfile(t, a, np.array([t[0], t[-1]]), np.array([float(h)]),
                      float(a[0] if start_c is None else start_c), source)


def jstd020_profile(tc: float, lead_free: bool = True, h: float = DEFAULT_H,
                    tal_s: float = 100.0, liquidus_c: float | None = None,
                    start_c: float = 25.0) -> AirProfile:
    """The J-STD-020 classification profile shape as an air-temperature history.

    Breakpoints (J-STD-020D Table 5-2, middle of each window): ramp from ``start_c`` to
    T_smin at 2 K/s, preheat T_smin -> T_smax in 90 s (window 60-120 s), ramp to the
    liquidus T_L at 2 K/s, ``tal_s`` s above T_L (window 60-150 s) with a 20 s dwell at
    the peak ``tc`` (within 5 K of T_c for at most 30 s), ramp-down at 4 K/s
    (limit 6 K/s) to 50 degC.  Pb-free: T_smin/T_smax/T_L = 150/200/217 degC; SnPb:
    100/150/183 degC.  The air follows this shape; the package lags it by its own
    thermal time constant, which is what the simulation measures.
    """
    ts_min, ts_max, tl = (150.0, 200.0, 217.0) if lead_free else (100.0, 150.0, 183.0)
    if liquidus_c is not None:
        tl = liquidus_c
    if tc <= tl:
        raise ChippackError(f"peak: {tc:g} °C does not exceed the liquidus {tl:g} °C; "
                            "a reflow profile must peak above it")
    ramp, cool, dwell = 2.0, 4.0, 15.0
    t, a = [0.0], [start_c]

    def to(temp: float, rate: float | None = None, dur: float | None = None) -> None:
        d = dur if dur is not None else abs(temp - a[-1]) / rate
        t.append(t[-1] + max(d, 1e-6))
        a.append(temp)

    if start_c < ts_min:
        to(ts_min, ramp)
    to(ts_max, dur=90.0)
    to(tl, ramp)
    # above T_L: rise (at most 3 K/s), 15 s dwell at the peak, fall at `cool`; the rise
    # takes what is left of `tal_s`
    fall = (tc - tl) / cool
    rise = tal_s - dwell - fall
    if rise < (tc - tl) / 3.0:   # too short for the peak: lower it to fit the time
        rise = max(tal_s - dwell, 2.0) * cool / (3.0 + cool)
        fall = max(tal_s - dwell, 2.0) - rise
        tc = tl + 3.0 * rise
    to(tc, dur=rise)
    to(tc, dur=dwell)
    to(tl, dur=fall)
    to(50.0, cool)
    name = f"J-STD-020 {'Pb-free' if lead_free else 'SnPb'} classification shape, peak " \
           f"{tc:g} °C, {tal_s:g} s above {tl:g} °C (air), h {h:g} W/m²K"
    return constant_h(t, a, h, name, start_c)


def read_profile_csv(path: str | Path, h: float = DEFAULT_H) -> AirProfile:
    """An air profile from a CSV of ``time (s), temperature (degC)`` rows.

    A header row is allowed; blank lines and ``#`` comments are skipped.  Ragged rows,
    non-numbers, NaN/inf, negative or non-increasing times, and fewer than two rows are
    refused with a one-line :class:`ChippackError` naming the row.
    """
    p = Path(path)
    text = read_text(p, "--profile")  # size, encoding and file-type checks, one line each
    rows = [r for r in csv.reader(text.splitlines())
            if r and any(c.strip() for c in r) and not r[0].lstrip().startswith("#")]
    times, temps = [], []
    for n, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if len(cells) != 2:
            raise ChippackError(f"{p.name} row {n}: {len(cells)} columns ({','.join(cells)!r}); "
                                "each row is 'time_s, temperature_C'")
        try:
            t, a = float(cells[0]), float(cells[1])
        except ValueError:
            if n == 1 and not times:
                continue   # header
            raise ChippackError(f"{p.name} row {n}: {','.join(cells)!r} is not two numbers; "
                                "each row is 'time_s, temperature_C'") from None
        if not (math.isfinite(t) and math.isfinite(a)):
            raise ChippackError(f"{p.name} row {n}: non-finite value ({cells[0]}, {cells[1]}); "
                                "give finite numbers")
        if t < 0:
            raise ChippackError(f"{p.name} row {n}: negative time {t:g} s; times start at 0")
        if times and t <= times[-1]:
            raise ChippackError(f"{p.name} row {n}: time {t:g} s does not increase (previous "
                                f"{times[-1]:g} s); sort the rows by time")
        if times and t - times[-1] < MIN_ROW_SPACING_S:
            raise ChippackError(f"{p.name} row {n}: time {t:g} s is {t - times[-1]:.3g} s after "
                                f"the previous row; a logged air profile is sampled every "
                                f"0.1-10 s (at least {MIN_ROW_SPACING_S:g} s apart): check the "
                                "time column (seconds)")
        if a < -50 or a > 500:
            raise ChippackError(f"{p.name} row {n}: air temperature {a:g} °C is outside "
                                "-50..500 °C; give °C, not K or °F")
        times.append(t)
        temps.append(a)
    if len(times) < 2:
        raise ChippackError(f"{p.name}: {len(times)} data rows; a profile needs at least two "
                            "'time_s, temperature_C' rows")
    t = np.array(times) - times[0]
    check_duration(float(t[-1]), f"{p.name}: the profile", "check that the time column is in "
                   "seconds")
    return constant_h(t, temps, h, f"{p.name} (air), h {h:g} W/m²K")


#: Closest two rows of an air-profile CSV may be, s: loggers sample every 0.1-10 s; rows
#: microseconds apart are a time column in the wrong unit (and a first time step of 1 µs
#: leaves the transient solve unconverged).
MIN_ROW_SPACING_S = 1e-3
#: Shortest reflow pass, s: J-STD-020 alone asks 60-150 s above the liquidus; a pass of
#: nanoseconds (a conveyor speed of 1e9 m/s) is a slip in the unit.
MIN_PROFILE_S = 10.0


def check_duration(seconds: float, what: str, fix: str) -> None:
    """Refuse a profile shorter than :data:`MIN_PROFILE_S` or longer than
    :attr:`~chippack.inputs.limits.Limits.profile_s` (one line naming it, its length and
    the fix) before any time step is taken."""
    if seconds < MIN_PROFILE_S:
        raise ChippackError(f"{what} lasts {seconds:.4g} s; a reflow pass lasts minutes (at "
                            f"least {MIN_PROFILE_S:g} s): {fix}")
    limit = current().profile_s
    if seconds > limit:
        raise ChippackError(f"{what} lasts {seconds:.4g} s ({seconds / 3600:.3g} h); a reflow "
                            f"pass lasts minutes (limit {limit:g} s): {fix}")
