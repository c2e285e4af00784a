"""Mesh convergence of the seed-000 warpage (slow: two solves of the full package)."""

import pytest

from chippack.design import load_layout
from chippack.examples import example_path
from chippack.mechanics.study import mechanics_mesh_options, warpage_study


@pytest.mark.slow
def test_seed000_warpage_converges_under_refinement():
    """Refining the mechanics mesh ×1.5 changes the 25 °C ball-side warpage by < 2 %
    (grid-convergence check, no external reference)."""
    layout = load_layout(example_path("dual_sink_fcbga"))
    base = warpage_study(layout, at=(25.0,), options=mechanics_mesh_options(layout, 1.0))
    fine = warpage_study(layout, at=(25.0,), options=mechanics_mesh_options(layout, 1.5))
    w0 = base.cases[0].faces["ball_side"].warpage
    w1 = fine.cases[0].faces["ball_side"].warpage
    assert abs(w1 - w0) / abs(w1) < 0.02
