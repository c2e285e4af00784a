"""JEDEC board mounting: the optional land vias from a ball array into the 2s2p planes."""

import math

import pytest

from chippack.errors import ChippackError
from chippack.layout import lay_out
from chippack.layout.fixtures import on_jedec_board
from chippack.mesh.stack import resolved_stack
from chippack.model import parse_spec


def _spec(balls: dict) -> dict:
    return {"name": "bga", "parts": {
        "substrate": {"kind": "substrate", "size": [10, 10], "thickness": 0.3,
                      "material": "bt_laminate"},
        "die": {"kind": "die", "size": [4, 4], "thickness": 0.2, "on": "substrate",
                "power": "1 W"},
        "balls": {"kind": "ball_array", "under": "substrate", "centered": "substrate",
                  "pitch": 0.8, "diameter": 0.4, "height": 0.3, "count": [11, 11],
                  "shape": "ball", **balls},
    }}


def test_land_vias_reach_both_planes_of_the_2s2p_board_only():
    """JESD51-9/-11: a plane connection is the test board's option (reported); one plated
    through-hole per land gives φ = π[d² − (d − 2t)²]/(4p²) at the ball pitch, through
    the whole board, under the ball array; the 1s0p board (JESD51-3) has no planes."""
    layout = lay_out(parse_spec(_spec({"board_vias": {"diameter": 0.3, "plating": 0.025}})))
    mounted = on_jedec_board(layout, "2s2p")
    stack = resolved_stack(mounted, "board")
    # the balls' copper pads in the top trace layer first, then the vias through it all
    assert [v.name for v in stack.vias] == ["balls pads", "land_vias"]
    field = stack.vias[-1]
    d, t, p = 0.3e-3, 0.025e-3, 0.8e-3
    assert field.phi == pytest.approx(math.pi * (d**2 - (d - 2 * t) ** 2) / (4 * p**2), rel=1e-12)
    assert set(field.layers) == {layer.name for layer in stack.layers}
    assert field.region == pytest.approx(tuple(mounted.parts["balls"].envelope[:4]))
    names = [v.name for v in resolved_stack(on_jedec_board(layout, "1s0p"), "board").vias]
    assert names == ["balls pads"]


def test_no_land_vias_by_default():
    """The default JEDEC board carries no vias under the package (JESD51-9: optional),
    only the balls' copper pads in its top trace layer."""
    mounted = on_jedec_board(lay_out(parse_spec(_spec({}))), "2s2p")
    (pads,) = resolved_stack(mounted, "board").vias
    assert pads.name == "balls pads" and pads.layers == ("top_traces",)


@pytest.mark.parametrize("extra,word", [
    ({"pattern": "perimeter", "rows": 2}, "pattern 'full'"),
    ({"board_vias": {"diameter": 0.9}}, "smaller than the ball pitch"),
])
def test_land_vias_refuse_what_they_cannot_model(extra, word):
    balls = {"board_vias": {"diameter": 0.3}, **extra}
    with pytest.raises(ChippackError, match=word):
        parse_spec(_spec(balls))


def test_land_vias_on_a_second_ball_array_are_refused_not_ignored():
    """Only the mounting array's lands get vias; a second array's request is an error."""
    raw = _spec({})
    raw["parts"]["thermal_balls"] = {
        "kind": "ball_array", "under": "substrate", "centered": "substrate", "pitch": 0.8,
        "diameter": 0.4, "height": 0.3, "count": [2, 2], "shape": "ball",
        "board_vias": {"diameter": 0.3}}
    raw["parts"]["balls"].update(pattern="ring", keepout_size=[3, 3])
    with pytest.raises(ChippackError, match="thermal_balls.board_vias"):
        on_jedec_board(lay_out(parse_spec(raw)), "2s2p")


@pytest.mark.parametrize("body,board", [(10, (101.5, 114.5)), (50, (127.0, 139.5)),
                                        (80, (152.5, 165.0))])
def test_jedec_board_places_the_package_as_jesd51_9_does(body, board):
    """JESD51-9 §5.1 / JESD51-11 §5.1: the package at the centre of a width x width square
    at the end away from the edge connector (width/2 from three edges, the connector strip
    beyond the fourth); the edge connector is the trailing edge of the JESD51-6 tunnel
    (JESD51-9/-11 §6), so the length runs along the flow (x) with the strip at +x."""
    raw = _spec({})
    raw["parts"]["substrate"]["size"] = [body, body]
    raw["parts"]["balls"]["count"] = [int(body / 0.8) - 1] * 2
    mounted = on_jedec_board(lay_out(parse_spec(raw)), "2s2p")
    x0, x1, y0, y1 = (1e3 * v for v in mounted.parts["board"].envelope[:4])
    cx, cy = (1e3 * v for v in mounted.parts["substrate"].centre)
    width, length = board
    assert (x1 - x0, y1 - y0) == (pytest.approx(length), pytest.approx(width))
    assert cx - x0 == pytest.approx(width / 2)  # leading edge: width/2 upstream
    assert x1 - cx == pytest.approx(length - width / 2)  # connector strip downstream
    assert cy - y0 == pytest.approx(width / 2) and y1 - cy == pytest.approx(width / 2)
