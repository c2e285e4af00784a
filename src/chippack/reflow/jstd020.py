"""IPC/JEDEC J-STD-020 (rev. D/E) classification temperature, profile windows and the PWI.

Pb-free classification temperature T_c by package body thickness and volume (J-STD-020D
Table 4-2; volume excludes external terminals -- balls, bumps -- and non-integral heat
sinks)::

    thickness        < 350 mm^3   350-2000 mm^3   > 2000 mm^3
    < 1.6 mm            260            260            260
    1.6-2.5 mm          260            250            245
    >= 2.5 mm           250            245            245

SnPb (Table 4-1, rev. D): 235 degC for thickness < 2.5 mm and volume < 350 mm^3, else 220.

Profile windows (Table 5-2): preheat T_smin -> T_smax (150 -> 200 degC Pb-free, 100 -> 150
SnPb) in 60-120 s; ramp-up T_smax -> T_p at most 3 K/s; 60-150 s above T_L (217 / 183
degC); at most 30 s (Pb-free; 20 s SnPb) within 5 K of T_c; ramp-down at most 6 K/s;
25 degC to peak at most 8 min (6 min SnPb).  The profile is for classification: a
user's (board) profile must not exceed T_c.

Process window index (KIC): for statistics x_i with spec limits [lo_i, hi_i],
``PWI = 100 max_i |x_i - (hi_i + lo_i)/2| / ((hi_i - lo_i)/2)``; PWI < 100 % means every
statistic is inside its window, lower is more centred (KIC, "Process Window Index",
SMT Magazine 1999; used by KIC profilers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Windows as (low, high); None = no bound.
PB_FREE = {"t_smin": 150.0, "t_smax": 200.0, "t_l": 217.0, "within_5k_max_s": 30.0,
           "to_peak_max_s": 480.0}
SNPB = {"t_smin": 100.0, "t_smax": 150.0, "t_l": 183.0, "within_5k_max_s": 20.0,
        "to_peak_max_s": 360.0}
PREHEAT_S = (60.0, 120.0)
TAL_S = (60.0, 150.0)
RAMP_UP_MAX = 3.0
RAMP_DOWN_MAX = 6.0
#: Wetting margin above the liquidus for the PWI peak window (solder-paste vendors' SAC305
#: peak 230-250 degC, i.e. about T_L + 13 .. T_c).
PEAK_MARGIN_K = 13.0


def classification_temperature(thickness_m: float, volume_m3: float,
                               lead_free: bool = True) -> float:
    """J-STD-020 classification temperature T_c, degC, from body thickness and volume."""
    th_mm, vol_mm3 = thickness_m * 1e3, volume_m3 * 1e9
    if not lead_free:
        return 235.0 if (th_mm < 2.5 and vol_mm3 < 350.0) else 220.0
    if th_mm < 1.6:
        return 260.0
    row = (260.0, 250.0, 245.0) if th_mm < 2.5 else (250.0, 245.0, 245.0)
    col = 0 if vol_mm3 < 350.0 else (1 if vol_mm3 <= 2000.0 else 2)
    return row[col]


def crossing_time(t: np.ndarray, y: np.ndarray, level: float) -> float | None:
    """First time y(t) rises through ``level`` (linear interpolation), or None."""
    above = np.flatnonzero(y >= level)
    if above.size == 0:
        return None
    i = int(above[0])
    if i == 0:
        return float(t[0])
    return float(t[i - 1] + (level - y[i - 1]) * (t[i] - t[i - 1]) / (y[i] - y[i - 1]))


def time_above(t: np.ndarray, y: np.ndarray, level: float) -> float:
    """Total time with y > level, s, linear between samples (exact for piecewise-linear y)."""
    y0, y1 = y[:-1] - level, y[1:] - level
    dt = np.diff(t)
    both = (y0 > 0) & (y1 > 0)
    total = float(dt[both].sum())
    cross = (y0 > 0) != (y1 > 0)
    if np.any(cross):
        a, b, d = y0[cross], y1[cross], dt[cross]
        frac = np.where(a > 0, a, b) / np.abs(b - a)
        total += float(np.sum(frac * d))
    return total


def ramps(t: np.ndarray, y: np.ndarray, window_s: float = 0.0) -> tuple[float, float]:
    """Largest heating and cooling rates, K/s (cooling as a positive number).

    ``window_s`` > 0 takes the slope over that span (profilers quote slopes over a few
    seconds); 0 uses neighbouring samples."""
    if t.size < 2:
        return 0.0, 0.0
    if window_s > 0:
        tt = np.arange(t[0], t[-1] - window_s + 1e-9, max(window_s / 4, 1e-3))
        if tt.size < 1:
            return 0.0, 0.0
        slope = (np.interp(tt + window_s, t, y) - np.interp(tt, t, y)) / window_s
    else:
        slope = np.diff(y) / np.diff(t)
    return float(max(slope.max(), 0.0)), float(max(-slope.min(), 0.0))


@dataclass(frozen=True)
class ProfileStats:
    """J-STD-020 statistics of one temperature history (degC vs s).

    ``ramp_up_k_s`` / ``ramp_down_k_s``: steepest slopes over 5 s (what a profiler
    reports); ``avg_ramp_*``: the J-STD-020 averages between T_smax and the peak, which
    the windows are judged on."""

    peak_c: float
    time_to_peak_s: float
    time_above_liquidus_s: float
    preheat_s: float | None
    within_5k_s: float
    ramp_up_k_s: float
    ramp_down_k_s: float
    avg_ramp_up_k_s: float
    avg_ramp_down_k_s: float
    windows: dict[str, bool]
    pwi_percent: float
    pwi_worst: str


def profile_stats(t: np.ndarray, y: np.ndarray, liquidus_c: float, tc: float,
                  lead_free: bool = True, ramp_window_s: float = 5.0) -> ProfileStats:
    """Peak, TAL, preheat time, time within 5 K of the peak, ramps, windows held, PWI."""
    lim = PB_FREE if lead_free else SNPB
    peak = float(y.max())
    t_peak = float(t[int(np.argmax(y))])
    start = crossing_time(t, y, 25.0)
    to_peak = t_peak - (start if start is not None else float(t[0]))
    tal = time_above(t, y, liquidus_c)
    a, b = crossing_time(t, y, lim["t_smin"]), crossing_time(t, y, lim["t_smax"])
    preheat = (b - a) if (a is not None and b is not None) else None
    within = time_above(t, y, peak - 5.0)
    up, down = ramps(t, y, ramp_window_s)
    avg_up, avg_down = average_ramps(t, y, lim["t_smax"])
    windows = {
        "peak_at_most_tc": peak <= tc + 1e-9,
        "preheat_60_120_s": preheat is not None and PREHEAT_S[0] <= preheat <= PREHEAT_S[1],
        "ramp_up_at_most_3_k_s": avg_up <= RAMP_UP_MAX,
        "tal_60_150_s": TAL_S[0] <= tal <= TAL_S[1],
        f"within_5k_of_peak_at_most_{lim['within_5k_max_s']:g}_s":
            within <= lim["within_5k_max_s"],
        "ramp_down_at_most_6_k_s": avg_down <= RAMP_DOWN_MAX,
        f"25c_to_peak_at_most_{lim['to_peak_max_s']:g}_s": to_peak <= lim["to_peak_max_s"],
    }
    specs = {"peak": (peak, (liquidus_c + PEAK_MARGIN_K, tc)),
             "time above liquidus": (tal, TAL_S),
             "preheat time": (preheat if preheat is not None else 0.0, PREHEAT_S),
             "ramp up": (up, (0.0, RAMP_UP_MAX)),
             "ramp down": (down, (0.0, RAMP_DOWN_MAX))}
    idx = {k: 100.0 * abs(x - 0.5 * (lo + hi)) / (0.5 * (hi - lo))
           for k, (x, (lo, hi)) in specs.items() if hi > lo}
    worst = max(idx, key=idx.get)
    return ProfileStats(peak, to_peak, tal, preheat, within, up, down, avg_up, avg_down,
                        windows, float(idx[worst]), worst)


def average_ramps(t: np.ndarray, y: np.ndarray, t_smax: float) -> tuple[float, float]:
    """J-STD-020 average ramp-up (T_smax -> T_p) and ramp-down (T_p -> T_smax), K/s."""
    ip = int(np.argmax(y))
    peak, tp = float(y[ip]), float(t[ip])
    if peak <= t_smax:
        return 0.0, 0.0
    a = crossing_time(t[:ip + 1], y[:ip + 1], t_smax)
    up = (peak - t_smax) / (tp - a) if a is not None and tp > a else 0.0
    b = crossing_time(t[ip:], -y[ip:], -t_smax)
    down = (peak - t_smax) / (b - tp) if b is not None and b > tp else 0.0
    return float(up), float(down)
