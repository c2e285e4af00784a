"""The study option ``mesh_growth``: a coarser grading for study variants."""

from __future__ import annotations

import pytest

from chippack.errors import ChippackError
from chippack.study import study_from_mapping
from chippack.study.evaluate import evaluate_variant


def cells_and_theta(study_raw, growth):
    raw = study_raw(outputs=["cold-plate-top.mesh.cells", "cold-plate-top.theta"])
    raw["solve"]["mesh_growth"] = growth
    study = study_from_mapping(raw)
    values = evaluate_variant(study.base.document, study.options)
    return values["cold-plate-top.mesh.cells"], values["cold-plate-top.theta"]


def test_mesh_growth_coarsens_the_variant_mesh(study_raw):
    """Grading 2 instead of the default 1.5 gives clearly fewer cells on the same
    geometry, and θJC stays within 2 % (a mesh-convergence check, not a reference)."""
    fine, theta_fine = cells_and_theta(study_raw, None)
    coarse, theta_coarse = cells_and_theta(study_raw, 2.0)
    assert coarse < 0.8 * fine
    assert abs(theta_coarse / theta_fine - 1) < 0.02


@pytest.mark.parametrize("bad", [1.0, 0.5, 10])
def test_mesh_growth_out_of_range_is_one_line(study_raw, bad):
    raw = study_raw()
    raw["solve"]["mesh_growth"] = bad
    with pytest.raises(ChippackError, match="mesh_growth") as err:
        study_from_mapping(raw)
    assert "\n" not in str(err.value)
