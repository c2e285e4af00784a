"""Heat sources: conservation, placement of hot spots, power-map input errors."""

import numpy as np
import pytest

from chippack.errors import SpecError
from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.mesh.package import mesh_layout
from chippack.metrics.power import die_power, map_source, read_power_map
from chippack.model import parse_spec, read_yaml


@pytest.fixture(scope="module")
def hot_spot_mesh():
    raw = read_yaml(example_path("bumped_sink_flipchip"))
    raw["parts"]["die"]["hot_spots"] = [{"size": [1, 2], "offset": [2, -1], "power": "3 W"}]
    return mesh_layout(lay_out(parse_spec(raw)))


def test_uniform_plus_hot_spot_conserve_power(hot_spot_mesh):
    q = die_power(hot_spot_mesh)
    assert q.sum() == pytest.approx(5.0 + 3.0, rel=1e-12)
    assert (q >= 0).all()
    # all power sits in the die's source layer
    layer = hot_spot_mesh.source_layer_mask("die")
    assert q[~layer].sum() == 0.0


def test_hot_spot_lands_on_its_rectangle(hot_spot_mesh):
    m = hot_spot_mesh
    q = die_power(m)
    xc = 0.5 * (m.grid.x[:-1] + m.grid.x[1:])
    yc = 0.5 * (m.grid.y[:-1] + m.grid.y[1:])
    inside = ((np.abs(xc - 2e-3) < 0.5e-3)[:, None] & (np.abs(yc + 1e-3) < 1e-3)[None, :])
    # uniform 5 W over 64 mm², of which 2 mm² under the spot, plus the spot's 3 W
    expected = 3.0 + 5.0 * 2.0 / 64.0
    assert q[inside[:, :, None] & np.ones(m.shape, bool)].sum() == pytest.approx(expected)


def test_total_power_override_rescales(hot_spot_mesh):
    assert die_power(hot_spot_mesh, total=16.0).sum() == pytest.approx(16.0)


def test_power_map_is_conservative(tmp_path, hot_spot_mesh):
    path = tmp_path / "map.csv"
    path.write_text("0,1,0\n2,0,0\n")
    grid = read_power_map(path)
    q = map_source(hot_spot_mesh, "die", grid)
    assert q.sum() == pytest.approx(3.0)


@pytest.mark.parametrize("text,fragment", [
    ("1,2\n3\n", "different lengths"),
    ("1,-2\n3,4\n", "negative"),
    ("0,0\n0,0\n", "sums to 0"),
    ("1,a\n", "not a row of numbers"),
    ("", "empty"),
])
def test_bad_power_maps(tmp_path, text, fragment):
    path = tmp_path / "map.csv"
    path.write_text(text)
    with pytest.raises(SpecError, match=fragment):
        read_power_map(path)


def test_zero_total_power_is_rejected(hot_spot_mesh):
    with pytest.raises(SpecError, match="must be > 0 W"):
        die_power(hot_spot_mesh, total=0.0)


def test_no_power_anywhere_is_rejected():
    raw = read_yaml(example_path("two_mold_package"))
    raw["parts"]["die"].pop("power")
    mesh = mesh_layout(lay_out(parse_spec(raw)))
    with pytest.raises(SpecError, match="no die dissipates"):
        die_power(mesh)


def test_hot_spot_outside_die_is_a_spec_error():
    raw = read_yaml(example_path("two_mold_package"))
    raw["parts"]["die"]["hot_spots"] = [{"size": [2, 2], "offset": [3, 0], "power": 1}]
    with pytest.raises(SpecError, match="hot_spots"):
        parse_spec(raw)
