"""Oven profiles: J-STD-020 lookup (V19), CSV and oven-file validation, exact statistics."""

from __future__ import annotations

import numpy as np
import pytest

from chippack.errors import ChippackError
from chippack.reflow import (
    classification_temperature,
    jstd020_profile,
    oven_profile,
    read_profile_csv,
)
from chippack.reflow.jstd020 import average_ramps, profile_stats, time_above


@pytest.mark.parametrize("thickness_mm, volume_mm3, tc", [
    (1.8, 1500, 250), (3.0, 3000, 245), (1.2, 5000, 260), (2.0, 300, 260)])
def test_classification_temperature_v19(thickness_mm, volume_mm3, tc):
    """J-STD-020D Table 4-2 (Pb-free), the four lookups of verification case V19."""
    assert classification_temperature(thickness_mm * 1e-3, volume_mm3 * 1e-9) == tc


def test_time_above_is_exact_on_a_triangle():
    """A 0 -> 100 -> 0 triangle over 0..10..20 s spends 20 (1 - 60/100) = 8 s above 60."""
    t, y = np.array([0.0, 10.0, 20.0]), np.array([0.0, 100.0, 0.0])
    assert time_above(t, y, 60.0) == pytest.approx(8.0, rel=1e-12)
    assert average_ramps(t, y, 50.0) == pytest.approx((10.0, 10.0))


def test_jstd020_profile_shape_holds_its_own_windows():
    """The classification shape as written (J-STD-020D Table 5-2): 60-120 s preheat,
    100 s above 217 °C, at most 3 K/s up and 6 K/s down, peak = T_c."""
    p = jstd020_profile(250.0)
    s = profile_stats(p.time_s, p.air_c, 217.0, 250.0)
    assert s.peak_c == 250.0
    assert s.time_above_liquidus_s == pytest.approx(100.0, abs=1e-6)
    assert s.preheat_s == pytest.approx(90.0)
    assert all(s.windows.values()), s.windows
    assert s.pwi_percent == pytest.approx(100.0)   # peak at T_c: the edge of its window


@pytest.mark.parametrize("text, words", [
    ("0,25\n10,30,5\n", "row 2: 3 columns"),
    ("0,25\n10,30\n5,40\n", "does not increase"),
    ("-5,25\n10,30\n", "negative time"),
    ("0,25\n10,nan\n", "non-finite"),
    ("0,25\n", "at least two"),
    ("time,temp\n0,25\n10,abc\n", "not two numbers"),
])
def test_bad_profile_csv_gives_one_line_error(tmp_path, text, words):
    path = tmp_path / "p.csv"
    path.write_text(text)
    with pytest.raises(ChippackError) as info:
        read_profile_csv(path)
    msg = str(info.value)
    assert words in msg and "\n" not in msg


def test_profile_csv_with_header_reads(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("time_s,T_C\n# comment\n0,25\n100,250\n200,25\n")
    p = read_profile_csv(path, h=40.0)
    assert p.peak_c == 250.0 and p.duration_s == 200.0 and p.h_at(50.0) == 40.0


def test_oven_unknown_keys_are_named():
    raw = {"conveyor_speed": 60, "zones": [{"length": 400, "set_point": 200}], "speeed": 3}
    with pytest.raises(ChippackError, match="unknown key speeed"):
        oven_profile(raw)
    raw = {"zones": [{"length": 400, "set_point": 200, "setpoint": 1, "hh": 2}]}
    with pytest.raises(ChippackError, match="unknown keys setpoint, hh"):
        oven_profile(raw)


def test_oven_zones_become_time_segments():
    """Zone edges at x / v; set point held inside each zone, h per zone."""
    raw = {"conveyor_speed": "60 cm/min", "transition": 0, "zones": [
        {"length": 500, "set_point": 150, "h": 40}, {"length": 500, "set_point": 240, "h": 60}]}
    p = oven_profile(raw)
    assert p.duration_s == pytest.approx(100.0)       # 1 m at 1 cm/s
    assert p.h_at(10.0) == 40.0 and p.h_at(60.0) == 60.0
    assert p.air_at(25.0) == pytest.approx(150.0) and p.air_at(75.0) == pytest.approx(240.0)
