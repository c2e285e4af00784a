"""JESD51-8 board temperature TB: the board's top surface at the midpoint of the package's
longest side, 1 mm outside the body."""

import numpy as np
import pytest

from chippack.layout import lay_out
from chippack.layout.fixtures import on_jedec_board
from chippack.mesh.package import MeshOptions, mesh_layout
from chippack.metrics.run import BOARD_POINT_OFFSET, board_point, board_temperature
from chippack.model import parse_spec


def _mesh():
    spec = parse_spec({"name": "bga", "parts": {
        "substrate": {"kind": "substrate", "size": [12, 8], "thickness": 0.3,
                      "material": "bt_laminate"},
        "die": {"kind": "die", "size": [4, 4], "thickness": 0.2, "on": "substrate",
                "power": "1 W"},
        "balls": {"kind": "ball_array", "under": "substrate", "centered": "substrate",
                  "pitch": 0.8, "diameter": 0.4, "height": 0.3, "count": [13, 8],
                  "shape": "ball"},
    }})
    return mesh_layout(on_jedec_board(lay_out(spec), "2s2p"), MeshOptions(refine=0.5))


def test_board_point_is_1_mm_beyond_the_longest_side():
    """JESD51-8: TB at the midpoint of the longest side, no more than 1 mm from the body."""
    mesh = _mesh()
    sub = mesh.layout.parts["substrate"].envelope
    x, y = board_point(mesh.layout)
    assert x == pytest.approx(0.5 * (sub[0] + sub[1]))
    assert y == pytest.approx(sub[3] + BOARD_POINT_OFFSET)


def test_board_temperature_is_read_at_the_point_not_at_a_cell_centre():
    """Linear interpolation is exact for a field linear in the distance from the body, so
    TB equals the field at the JESD51-8 point whatever the cell size there."""
    mesh = _mesh()
    yc = 0.5 * (mesh.grid.y[:-1] + mesh.grid.y[1:])
    t = np.broadcast_to(30.0 + 2000.0 * yc[None, :, None], mesh.shape).copy()
    _, y = board_point(mesh.layout)
    assert board_temperature(mesh, t) == pytest.approx(30.0 + 2000.0 * y, rel=1e-12)
