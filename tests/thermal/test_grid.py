"""RectilinearGrid: geometry and validation."""

import numpy as np
import pytest

from chippack.mesh import RectilinearGrid


def test_geometry():
    g = RectilinearGrid.from_planes([0, 1, 3], [0, 2], [0, 0.5, 1.0, 2.0])
    assert g.shape == (2, 1, 3)
    assert np.allclose(g.dx, [1, 2]) and np.allclose(g.dz, [0.5, 0.5, 1.0])
    v = g.cell_volumes()
    assert v.shape == g.shape and v.sum() == pytest.approx(3 * 2 * 2)
    xc, yc, zc = g.centres
    assert np.allclose(xc, [0.5, 2.0]) and np.allclose(zc, [0.25, 0.75, 1.5])
    assert g.face_areas(2).shape == (2, 1, 1)
    assert g.locate((2.5, 1.0, 0.5)) == (1, 0, 1)
    assert g.locate((3.0, 2.0, 2.0)) == (1, 0, 2)
    assert g.mask_box((0, 0, 0), (1, 2, 1)).sum() == 2


@pytest.mark.parametrize(
    "planes, axis",
    [(([0, 1, 1], [0, 1], [0, 1]), "x"), (([0, 1], [1, 0], [0, 1]), "y"),
     (([0, 1], [0, 1], [0]), "z"), (([0, 1], [0, np.nan], [0, 1]), "y")],
)
def test_invalid_planes_name_axis(planes, axis):
    with pytest.raises(ValueError, match=f"grid axis {axis}"):
        RectilinearGrid.from_planes(*planes)


def test_frozen():
    g = RectilinearGrid.uniform((1, 1, 1), (2, 2, 2))
    with pytest.raises(AttributeError):
        g.x = np.array([0, 1])  # type: ignore[misc]
    with pytest.raises(ValueError):
        g.x[0] = 5.0
