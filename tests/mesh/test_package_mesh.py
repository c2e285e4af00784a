"""Meshing a layout: every face is a plane, parts keep their volume, air is classified."""

import numpy as np
import pytest

from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.mesh.homogenize import joint_tiles
from chippack.mesh.package import AMBIENT, GAP_GAS, MeshOptions, mesh_layout
from chippack.model import parse_spec, read_yaml


def dual_sink(**bottom_sink):
    raw = read_yaml(example_path("dual_sink_fcbga"))
    raw["parts"]["bottom_sink"].update(bottom_sink)
    return lay_out(parse_spec(raw))


def painted_volume(mesh, pid):
    return float(mesh.grid.cell_volumes()[mesh.part_mask(pid)].sum())


@pytest.mark.parametrize("arrays", ["homogenized", "resolved"])
def test_solid_parts_keep_their_volume(arrays):
    """Regression: a homogenised ball ring once covered its keep-out and ate the sink."""
    layout = dual_sink()
    exact_mesh = mesh_layout(layout, MeshOptions(arrays=arrays, min_gap=1e-9))
    snapped = mesh_layout(layout, MeshOptions(arrays=arrays))  # 50 µm face snapping
    for pid in ("bottom_sink", "die", "lid", "substrate", "stiffener", "tim"):
        boxes = layout.parts[pid].solids
        exact = float(np.sum(np.prod(boxes[:, 1::2] - boxes[:, ::2], axis=1)))
        assert painted_volume(exact_mesh, pid) == pytest.approx(exact, rel=1e-9), pid
        assert painted_volume(snapped, pid) == pytest.approx(exact, rel=0.02), pid


def test_ring_tiles_leave_the_keepout_empty():
    layout = dual_sink()
    balls = layout.parts["balls"]
    tiles = joint_tiles(balls.centres, 1e-3, balls.bottom, balls.top)
    sink = layout.parts["bottom_sink"].envelope
    overlap_x = np.minimum(tiles[:, 1], sink[1]) - np.maximum(tiles[:, 0], sink[0])
    overlap_y = np.minimum(tiles[:, 3], sink[3]) - np.maximum(tiles[:, 2], sink[2])
    assert not np.any((overlap_x > 1e-9) & (overlap_y > 1e-9))
    # tile area = one pitch² per ball
    area = np.sum((tiles[:, 1] - tiles[:, 0]) * (tiles[:, 3] - tiles[:, 2]))
    assert area == pytest.approx(len(balls.centres) * 1e-6)


def test_every_box_face_is_a_plane():
    layout = dual_sink()
    mesh = mesh_layout(layout, MeshOptions(arrays="resolved", min_gap=1e-9))
    for p in layout.parts.values():
        for axis, planes in enumerate((mesh.grid.x, mesh.grid.y, mesh.grid.z)):
            faces = np.unique(p.solids[:, 2 * axis:2 * axis + 2])
            dist = np.min(np.abs(faces[:, None] - planes[None, :]), axis=1)
            assert dist.max() < 1e-9, (p.id, axis)


def test_air_between_balls_conducts_and_outside_air_is_ambient():
    mesh = mesh_layout(dual_sink(), MeshOptions(arrays="resolved"))
    # a gap cell: between two balls, under the substrate edge region
    assert (mesh.region == GAP_GAS).any() and (mesh.region == AMBIENT).any()
    gap_materials = {mesh.materials[i].name for i in np.unique(mesh.material[mesh.region == GAP_GAS])}
    assert gap_materials == {"air"}
    assert (mesh.material[mesh.region == AMBIENT] == -1).all()


def test_grading_limits_neighbour_ratio():
    mesh = mesh_layout(dual_sink(), MeshOptions(growth=1.3))
    for planes in (mesh.grid.x, mesh.grid.y, mesh.grid.z):
        h = np.diff(planes)
        ratio = np.maximum(h[1:] / h[:-1], h[:-1] / h[1:])
        # thin layers meeting thick ones by one snap step can exceed the growth a little
        assert np.median(ratio) < 1.31
