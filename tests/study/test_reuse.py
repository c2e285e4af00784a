"""Power sweeps on one geometry share one multigrid hierarchy per fixture."""

from __future__ import annotations

import numpy as np

import chippack.thermal.solver as linear_solver
from chippack.study import evaluate as study_evaluate
from chippack.study import make_executor, run_study, study_from_mapping

POWERS = [2.0, 3.0, 4.0, 5.0, 6.0]


def power_sweep(k_of_t: bool) -> dict:
    return {
        "name": "power sweep",
        "base": {"family": "bumped_sink_flipchip"},
        "parameters": {"power": {"values": POWERS, "unit": "W"}},
        "design": {"method": "full_factorial"},
        "outputs": ["cold-plate-top.theta", "cold-plate-top.tj_max_c"],
        "solve": {"environments": ["cold-plate-top"], "refine": 0.3, "k_of_t": k_of_t,
                  "arrays": "homogenized"},
    }


def count_builds(monkeypatch) -> list[int]:
    builds = [0]
    original = linear_solver.build_preconditioner

    def counted(*args, **kw):
        builds[0] += 1
        return original(*args, **kw)

    monkeypatch.setattr(linear_solver, "build_preconditioner", counted)
    return builds


def run(tmp_path, name, raw) -> dict[float, dict]:
    executor = make_executor(workers=0)  # in this process: one worker's cache
    try:
        outcome = run_study(study_from_mapping(raw), tmp_path / name, executor)
    finally:
        executor.close()
    assert all(r["status"] == "ok" for r in outcome.rows)
    return {float(r["power"]): r for r in outcome.rows}


def test_power_sweep_builds_one_hierarchy_and_gives_the_fresh_answers(tmp_path, monkeypatch):
    """A 5-power sweep of one geometry (constant k: θJC does not depend on power, the
    linear FV model's superposition) builds one hierarchy for its fixture, and each
    variant's Tj equals that of a fresh solve with a cold cache."""
    monkeypatch.setattr(study_evaluate, "_SOLVER_CACHE", None)
    builds = count_builds(monkeypatch)
    shared = run(tmp_path, "shared", power_sweep(False))
    assert builds[0] == 1
    thetas = [shared[p]["cold-plate-top.theta"] for p in POWERS]
    assert np.ptp(thetas) < 1e-8 * thetas[0]
    fresh = {}
    for p in (POWERS[0], POWERS[-1]):
        monkeypatch.setattr(study_evaluate, "_SOLVER_CACHE", None)
        raw = power_sweep(False)
        raw["parameters"]["power"]["values"] = [p]
        fresh.update(run(tmp_path, f"fresh{p}", raw))
    assert builds[0] == 3
    for p, row in fresh.items():
        assert abs(shared[p]["cold-plate-top.tj_max_c"] - row["cold-plate-top.tj_max_c"]) < 1e-8


def test_k_of_t_power_sweep_reuses_the_hierarchy(tmp_path, monkeypatch):
    """With silicon k(T) the matrix changes with power, yet the sweep still builds one
    hierarchy (the Picard loop updates it in place) and θJC rises with power (k of
    silicon falls as it heats)."""
    monkeypatch.setattr(study_evaluate, "_SOLVER_CACHE", None)
    builds = count_builds(monkeypatch)
    rows = run(tmp_path, "kt", power_sweep(True))
    assert builds[0] == 1
    thetas = [rows[p]["cold-plate-top.theta"] for p in POWERS]
    assert all(b > a for a, b in zip(thetas, thetas[1:], strict=False))


def test_variants_of_one_geometry_run_in_one_batch(tmp_path, monkeypatch):
    """Power varies slowest in this factorial, so the study order interleaves the two sink
    thicknesses; the runner regroups them by geometry (powers stripped), each geometry's
    variants travel in one batch, and each geometry builds one hierarchy."""
    from chippack.study import InlineExecutor

    class TwoWorkers(InlineExecutor):
        workers = 2
        batches: list = []

        def submit(self, tasks, options):
            self.batches.append([key for key, _doc in tasks])
            return super().submit(tasks, options)

    monkeypatch.setattr(study_evaluate, "_SOLVER_CACHE", None)
    builds = count_builds(monkeypatch)
    raw = power_sweep(False)
    raw["parameters"] = {"power": {"values": [2.0, 4.0, 6.0], "unit": "W"},
                         "sink_thickness": {"values": [0.5, 0.8], "unit": "mm"}}
    executor = TwoWorkers()
    outcome = run_study(study_from_mapping(raw), tmp_path / "g", executor)
    assert [r["status"] for r in outcome.rows] == ["ok"] * 6
    thickness = {r["key"]: r["sink_thickness"] for r in outcome.rows}
    assert [thickness[k] for k in (r["key"] for r in outcome.rows)] == [0.5, 0.8] * 3
    assert [sorted({thickness[k] for k in batch}) for batch in executor.batches] == \
        [[0.5], [0.8]]
    assert builds[0] == 2
