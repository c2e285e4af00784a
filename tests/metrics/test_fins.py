"""Fin efficiency (docs/verification.md V16) and effective-h fins against resolved fins."""

import pytest

from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.metrics.environment import Environment
from chippack.metrics.fins import effective_base_h, fin_efficiency
from chippack.metrics.run import run_environment
from chippack.model import parse_spec, read_yaml


@pytest.mark.parametrize("h,expected", [(50.0, 0.935), (10.0, 0.986)])
def test_v16_fin_efficiency(h, expected):
    """V16: aluminium fin k 200, t 1 mm, L 20 mm: η_f = 0.935 at h = 50, 0.986 at h = 10."""
    assert fin_efficiency(h, 200.0, 1e-3, 20e-3) == pytest.approx(expected, abs=5e-4)


def test_perfect_fins_multiply_area():
    """With η_f → 1 the base sees h·A_tot/A_base (k huge)."""
    base = effective_base_h(10.0, 1e9, 4, 1e-3, 10e-3, 20e-3, 20e-3 * 20e-3)
    a_tot = 4 * 2 * 10.5e-3 * 20e-3 + (4e-4 - 4 * 1e-3 * 20e-3)
    assert base.h_effective == pytest.approx(10.0 * a_tot / 4e-4, rel=1e-6)


def test_effective_h_fins_match_resolved_fins():
    """Forced air gives every face the same h, so the fin-efficiency model and the
    meshed fins see the same physics: the bottom sink's heat agrees within 10 %."""
    raw = read_yaml(example_path("dual_sink_fcbga"))
    resolved = run_environment(lay_out(parse_spec(raw)), Environment("forced-air", velocity=2.0),
                               film_passes=1)
    raw["parts"]["bottom_sink"]["fins"]["model"] = "effective_h"
    effective = run_environment(lay_out(parse_spec(raw)),
                                Environment("forced-air", velocity=2.0), film_passes=1)
    q_res = resolved.heat_by_path["bottom_sink"]
    q_eff = effective.heat_by_path["bottom_sink"]
    assert q_res > 0.1
    assert q_eff == pytest.approx(q_res, rel=0.10)
    assert effective.theta == pytest.approx(resolved.theta, rel=0.01)
    assert effective.mesh_stats["cells"] < resolved.mesh_stats["cells"]
