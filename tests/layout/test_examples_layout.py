"""Resolved coordinates of each shipped example against values computed by hand.

Stack heights are sums of the thicknesses written in the example YAML files; the
lowest face of each stack is z = 0 (chippack's convention).
"""

from __future__ import annotations

import numpy as np
import pytest

from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.model import parse_spec, read_yaml

MM = 1e-3


def layout_of(name: str):
    return lay_out(parse_spec(read_yaml(example_path(name))))


def z_range(layout, pid):
    p = layout.parts[pid]
    return (round(p.bottom / MM, 6), round(p.top / MM, 6))


def test_dual_sink_stack_heights():
    """Fins 2.0 + plate 0.3 under a 1.2 substrate; bumps 0.1, die 0.75, TIM 0.05, lid 1.0."""
    L = layout_of("dual_sink_fcbga")
    assert z_range(L, "bottom_sink") == (0.0, 2.3)
    assert z_range(L, "balls") == (1.85, 2.3)
    assert z_range(L, "substrate") == (2.3, 3.5)
    assert z_range(L, "die_bumps") == (3.5, 3.6)
    assert z_range(L, "die") == (3.6, 4.35)
    assert z_range(L, "tim") == (4.35, 4.4)
    assert z_range(L, "stiffener") == (3.5, 4.4)
    assert z_range(L, "lid") == (4.4, 5.4)
    # the die's active face (flip chip) is its lower face
    assert L.parts["die"].active_face_z == pytest.approx(3.6 * MM)


def test_dual_sink_footprints_and_arrays():
    L = layout_of("dual_sink_fcbga")
    # 24 x 24 bumps at 0.4 mm pitch: outer centres at ±(23/2)·0.4 = ±4.6 mm,
    # equal-area prism side 0.2·√π/2 = 0.17725 mm
    side = 0.2 * np.sqrt(np.pi) / 2
    bumps = L.parts["die_bumps"]
    assert len(bumps.solids) == 576
    assert bumps.envelope[1] / MM == pytest.approx(4.6 + side / 2)
    # stiffener ring: 35 mm outside, 5 mm wide -> 25 mm opening: 35² − 25² = 600 mm²
    assert L.rests_on("lid", "stiffener") / MM**2 == pytest.approx(600.0)
    assert L.rests_on("stiffener", "substrate") / MM**2 == pytest.approx(600.0)
    # underfill: 10 mm die + 0.5 mm fillet each side
    assert L.parts["underfill"].footprint_size[0] / MM == pytest.approx(11.0)
    # bottom sink 8 x 8 plate under the substrate, five 0.6 mm fins spanning 8 mm
    sink = L.parts["bottom_sink"]
    assert L.rests_on("substrate", "bottom_sink") / MM**2 == pytest.approx(64.0)
    fins = sink.features["fins"]
    assert len(fins) == 5
    assert fins[0, 0] / MM == pytest.approx(-4.0)
    assert fins[-1, 1] / MM == pytest.approx(4.0)
    # balls: 34 x 34 at 1 mm pitch, minus those within 0.5 mm of the 8 mm sink.
    # ball half-side 0.6·√π/4 = 0.2659; a ball at centre c is removed when
    # |c| − 0.2659 − 0.5 < 4, i.e. |c| < 4.766: centres ±0.5..±4.5 (10 per axis)
    assert len(L.parts["balls"].solids) == 34 * 34 - 10 * 10


def test_bumped_sink_stack_and_alignment():
    """Balls 0.35, substrate 0.8, bumps 0.1, die 0.75, UBM 0.005, second bumps 0.15, sink 1.0."""
    L = layout_of("bumped_sink_flipchip")
    assert z_range(L, "substrate") == (0.35, 1.15)
    assert z_range(L, "die") == (1.25, 2.0)
    assert z_range(L, "ubm_pads") == (2.0, 2.005)
    assert z_range(L, "second_bumps") == (2.005, 2.155)
    assert z_range(L, "heat_sink") == (2.155, 3.155)
    pads, bumps = L.parts["ubm_pads"], L.parts["second_bumps"]
    np.testing.assert_allclose(pads.centres, bumps.centres, atol=1e-12)
    # 81 second bumps of diameter 0.4 -> equal-area prisms: 81·π·0.2² mm²
    assert L.rests_on("second_bumps", "ubm_pads") / MM**2 == pytest.approx(81 * np.pi * 0.04)
    assert z_range(L, "sink_underfill") == (2.0, 2.155)


def test_two_mold_encapsulants():
    """First mold flush with 0.15 mm bumps; second covers the sink top (1.76) by 0.15."""
    L = layout_of("two_mold_package")
    assert z_range(L, "substrate") == (0.3, 0.86)
    assert z_range(L, "first_encapsulant") == (0.86, 1.01)
    assert L.parts["first_encapsulant"].footprint_size[0] / MM == pytest.approx(8.0)
    assert z_range(L, "die") == (1.01, 1.41)
    # drop-in sink: legs 0.7 on the substrate, plate 0.2 on top
    assert z_range(L, "heat_sink") == (0.86, 1.76)
    assert L.parts["heat_sink"].features["plate"][0, 4] / MM == pytest.approx(1.56)
    assert z_range(L, "second_encapsulant") == (0.86, 1.91)


def test_lidded_reference_hat_lid():
    L = layout_of("lidded_fcbga")
    # hat lid: legs 4 mm wide on the substrate (35² − 27² = 496 mm²), plate on the TIM
    assert L.rests_on("lid", "substrate") / MM**2 == pytest.approx(496.0)
    assert L.rests_on("lid", "tim") / MM**2 == pytest.approx(100.0)
    assert len(L.parts["balls"].solids) == 34 * 34


@pytest.mark.parametrize("name", ["dual_sink_fcbga", "bumped_sink_flipchip",
                                  "bumped_sink_flipchip_dummy", "two_mold_package",
                                  "lidded_fcbga"])
def test_every_example_is_connected_and_grounded(name):
    L = layout_of(name)
    assert L.bounds[4] == pytest.approx(0.0)
    for pid in L.parts:
        assert L.neighbours(pid), f"{pid} touches nothing"
