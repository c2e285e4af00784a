"""No silent gaps: declared heat paths (TIM under a lid, sink on bumps, lid on legs) close.

Reference: geometry alone — the expected gap is the amount the test lifts the lid by.
"""

import copy

import pytest

from chippack.errors import LayoutError
from chippack.examples import example_path, example_paths
from chippack.layout import lay_out
from chippack.model import parse_spec, read_yaml

LIFT = 0.010  # mm: the lid 10 µm too tall


def _raw(name):
    return read_yaml(example_path(name))


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_every_shipped_example_passes(path):
    lay_out(parse_spec(read_yaml(path)))


def _taller_lid(name: str) -> dict:
    """The example with its lid or top sink lifted 10 µm off its heat path."""
    raw = copy.deepcopy(_raw(name))
    parts = raw["parts"]
    if name == "lidded_fcbga":            # lid on legs over TIM on the die
        parts["lid"]["legs"]["height"] += LIFT
    elif name == "dual_sink_fcbga":       # lid on the stiffener and the TIM: the stiffener
        parts["stiffener"]["thickness"] += LIFT   # 10 µm taller, the lid resting on it alone
        parts["lid"]["on"] = ["stiffener"]
    elif name.startswith("two_mold"):     # drop-in sink on legs, bonded to the die by a
        parts["tim"] = {"kind": "tim", "on": "die", "thickness": 0.15 - LIFT}  # 140 µm TIM
    elif name.startswith("bumped_sink"):  # sink on its bumps, held up 10 µm on legs instead
        sink = parts["heat_sink"]
        sink["size"] = [14, 14]
        sink["on"] = "substrate"
        sink["centered"] = "substrate"
        bumps_top = 0.1 + 0.75 + 0.005 + 0.15   # first bumps, die, UBM, second bumps (mm)
        sink["legs"] = {"width": 0.5, "height": bumps_top + LIFT}
        parts.pop("sink_underfill", None)
    return raw


#: Shipped examples with a lid or sink over the die (two_mold_package_exposed has none:
#: its die back is bare).
LIDDED = [p.stem for p in example_paths()
          if any(q.get("kind") == "heat_sink" and q.get("under") is None
                 for q in read_yaml(p)["parts"].values())]


def test_every_example_but_the_bare_die_has_a_lid():
    assert sorted(set(p.stem for p in example_paths()) - set(LIDDED)) == [
        "two_mold_package_exposed"]


@pytest.mark.parametrize("name", LIDDED)
def test_lid_ten_microns_too_tall_is_caught(name):
    """Each shipped example with its lid/sink 10 µm off its heat path is an error naming
    both faces and the 10 µm gap."""
    with pytest.raises(LayoutError) as err:
        lay_out(parse_spec(_taller_lid(name)))
    text = str(err.value)
    assert "10 µm gap" in text, text
    assert " top " in text and "underside" in text


def test_gap_message_names_faces_and_leg_height():
    raw = copy.deepcopy(_raw("lidded_fcbga"))
    raw["parts"]["lid"]["legs"]["height"] = 0.97
    with pytest.raises(LayoutError, match=r"tim top 2\.55 mm, lid underside 2\.62 mm: a 70 µm "
                                          r"gap; lower the lid or give legs height 0\.9 mm"):
        lay_out(parse_spec(raw))


def test_short_legs_say_what_height_fits():
    raw = copy.deepcopy(_raw("lidded_fcbga"))
    raw["parts"]["lid"]["legs"]["height"] = 0.83
    with pytest.raises(LayoutError, match=r"legs\.height.*70 µm into tim; give legs height "
                                          r"0\.9 mm \(or height: auto\)"):
        lay_out(parse_spec(raw))


def test_legs_height_auto_closes_the_stack():
    raw = copy.deepcopy(_raw("lidded_fcbga"))
    raw["parts"]["lid"]["legs"]["height"] = "auto"
    raw["parts"]["tim"]["thickness"] = 0.08
    layout = lay_out(parse_spec(raw))
    legs = layout.parts["lid"].features["legs"]
    assert legs[0, 5] - legs[0, 4] == pytest.approx(0.93e-3, abs=1e-9)
    assert layout.rests_on("lid", "tim") > 0


def test_mold_filled_gap_is_not_an_error():
    """A drop-in sink over the die with mold between them is a declared mold path, and
    without the mold a bare die under a sink declares no contact (a claims question)."""
    raw = _raw("two_mold_package")
    layout = lay_out(parse_spec(raw))
    die, sink = layout.parts["die"], layout.parts["heat_sink"]
    assert sink.features["plate"][0, 4] - die.top > 100e-6
    raw = copy.deepcopy(raw)
    raw["parts"].pop("second_encapsulant")
    lay_out(parse_spec(raw))
