"""Sensitivity (SALib) and optimisation (Optuna) on an output known in closed form.

The package height of the dual-sink family is the sum of its layer thicknesses, so it is
linear in the lid and die thicknesses: for independent uniform inputs the first-order
Sobol index of each is its share of the variance, (b - a)^2 / 12 over the sum
(Saltelli et al., Global Sensitivity Analysis: The Primer, 2008, §4.1), and the total
index equals it (no interactions). The height is geometry only, so no solve is needed.
"""

from __future__ import annotations

import numpy as np
import pytest

from chippack.study import InlineExecutor, run_study, study_from_mapping
from chippack.study.report import pareto_front, write_study_report

LID = (0.5, 1.5)
DIE = (0.5, 0.9)


def height_study(**changes) -> dict:
    raw = {"name": "height", "base": {"family": "dual_sink_fcbga"},
           "parameters": {"lid_thickness": {"range": list(LID), "unit": "mm"},
                          "die_thickness": {"range": list(DIE), "unit": "mm"}},
           "outputs": ["spec.body_mm[2]"], "solve": {"environments": ["still-air"]}}
    raw.update(changes)
    return raw


def test_sobol_indices_of_a_linear_height(tmp_path):
    study = study_from_mapping(height_study(sensitivity={"samples": 32, "seed": 1}))
    out = run_study(study, tmp_path / "s", InlineExecutor())
    assert out.computed == 32 * (2 + 2)
    idx = out.sensitivity["outputs"]["spec.body_mm[2]"]
    var = {"lid_thickness": (LID[1] - LID[0]) ** 2, "die_thickness": (DIE[1] - DIE[0]) ** 2}
    for name, v in var.items():
        expected = v / sum(var.values())
        assert idx[name]["S1"] == pytest.approx(expected, abs=0.08), name
        assert idx[name]["ST"] == pytest.approx(expected, abs=0.08), name
        # the bootstrap interval is honest about N = 32: wide, but it holds the exact value
        assert 0 < idx[name]["S1_conf"] and abs(idx[name]["S1"] - expected) <= idx[name]["S1_conf"]
    # the heights themselves: exactly linear in the two thicknesses (slope 1)
    rows = [r for r in out.rows if r["status"] == "ok"]
    h = np.array([r["spec.body_mm[2]"] for r in rows])
    x = np.array([[r["lid_thickness"], r["die_thickness"], 1.0] for r in rows])
    coef = np.linalg.lstsq(x, h, rcond=None)[0]
    assert coef[:2] == pytest.approx([1.0, 1.0], abs=1e-6)
    html = write_study_report(study, out)
    assert "Sobol indices" in html.read_text() and (tmp_path / "s" / "study_sensitivity.png").is_file()


def test_optimisation_is_seeded_reproducible_and_resumes(tmp_path):
    raw = height_study(optimise={"objectives": [{"output": "spec.body_mm[2]"}], "trials": 14,
                                 "seed": 5, "batch": 3})
    study = study_from_mapping(raw)
    a = run_study(study, tmp_path / "a", InlineExecutor())
    b = run_study(study, tmp_path / "b", InlineExecutor())
    trials = [(r["trial"], r["lid_thickness"], r["die_thickness"]) for r in a.rows]
    assert len(trials) == 14
    assert trials == [(r["trial"], r["lid_thickness"], r["die_thickness"]) for r in b.rows]
    best = a.optimisation["best"][0]
    heights = [r["spec.body_mm[2]"] for r in a.rows]
    assert best["values"][0] == pytest.approx(min(heights))
    # a re-run in the same folder replays every trial from the stored rows
    again = run_study(study, tmp_path / "a", InlineExecutor())
    assert (again.computed, again.skipped) == (0, 14)
    assert again.optimisation["best"] == a.optimisation["best"]


def test_constraint_keeps_best_feasible(tmp_path):
    """Minimise the height with the lid at least 1.2 mm: the best trial keeps lid >= 1.2."""
    raw = height_study(parameters={"lid_thickness": {"range": list(LID), "unit": "mm"}},
                       outputs=["spec.body_mm[2]", "spec.parts[8].thickness_mm"],
                       optimise={"objectives": [{"output": "spec.body_mm[2]"}],
                                 "constraints": [{"output": "spec.parts[8].thickness_mm",
                                                  "min": 1.2}],
                                 "trials": 12, "seed": 0})
    study = study_from_mapping(raw)
    out = run_study(study, tmp_path / "c", InlineExecutor())
    for r in out.rows:  # parts[8] is the lid
        assert r["spec.parts[8].thickness_mm"] == pytest.approx(r["lid_thickness"], abs=1e-6)
    best = out.optimisation["best"][0]["parameters"]
    assert best["lid_thickness"] >= 1.2


def test_pareto_front():
    pts = np.array([[1, 5], [2, 3], [3, 4], [4, 1], [2, 6], [5, 1]], dtype=float)
    front = pareto_front(pts, ["minimize", "minimize"])
    assert front.tolist() == [True, True, False, True, False, False]
    front = pareto_front(pts, ["minimize", "maximize"])
    assert front.tolist() == [True, False, False, False, True, False]
