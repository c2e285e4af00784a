"""The application layer: load, solve, Results; each fixture meshed once per solve."""

from __future__ import annotations

import json

import pytest

import chippack
from chippack.app import analysis as solve_module
from chippack.examples import example_path
from chippack.metrics.environment import Environment
from chippack.metrics.run import run_environment

SMALL = example_path("two_mold_package")
QUICK = {"refine": 0.3, "k_of_t": False}


@pytest.fixture
def mesh_builds(monkeypatch):
    """Every mesh_layout call of a solve, with whether its layout has a board."""
    calls = []
    real = solve_module.mesh_layout

    def counting(layout, options=None):
        calls.append(bool(layout.of_kind("board")))
        return real(layout, options)

    monkeypatch.setattr(solve_module, "mesh_layout", counting)
    return calls


@pytest.fixture(scope="module")
def jedec():
    """One --env jedec solve of the small example, with the mesh builds it made."""
    calls = []
    real = solve_module.mesh_layout

    def counting(layout, options=None):
        calls.append(bool(layout.of_kind("board")))
        return real(layout, options)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(solve_module, "mesh_layout", counting)
        results = chippack.solve(chippack.load(SMALL), "jedec", **QUICK)
    return results, calls


def test_jedec_meshes_the_board_mounted_geometry_once(jedec):
    """--env jedec: still air and the ring cold plate share one board-mounted mesh; the
    top cold plate has its own (package alone). Two builds, one with a board."""
    r, builds = jedec
    assert [run.environment.name for run in r.runs] == ["still-air", "cold-plate-top",
                                                        "ring-cold-plate"]
    assert sorted(builds) == [False, True]
    assert r.meshes_built == 2
    assert r.runs[0].mesh is r.runs[2].mesh


def test_bottom_sink_variant_is_a_third_geometry(mesh_builds):
    """Seed 000 has a bottom sink: still air without it is one more (board) geometry."""
    r = chippack.solve(example_path("dual_sink_fcbga"), ["still-air"], claims=False,
                       refine=0.2, k_of_t=False)
    assert mesh_builds == [True, True]
    b = r.comparisons["bottom_sink"]
    assert b["sinks"] == ["bottom_sink"] and b["energy_balance_error"] < 1e-6


def test_solve_matches_run_environment(jedec):
    """Sharing a mesh between environments changes nothing: the same θ as a one-call run."""
    from chippack.mesh.package import MeshOptions

    r, _ = jedec
    ring = r.metrics["ring-cold-plate"]
    alone = run_environment(r.design.layout, ring.environment,
                            mesh_options=MeshOptions(refine=QUICK["refine"]))
    assert ring.theta == pytest.approx(alone.theta, rel=1e-9)


def test_results_dict_summary_and_write(jedec, tmp_path):
    r, _ = jedec
    d = r.to_dict()
    for key in ("design", "file", "runs", "two_resistor_model", "spec", "summary", "claims"):
        assert key in d
    json.dumps(d)  # JSON-able
    assert d["summary"]["theta_ja"] == pytest.approx(r.metrics["still-air"].theta)
    assert d["two_resistor_model"]["theta_jc"] == pytest.approx(r.compact.theta_jc)
    text = r.summary()
    for label in ("θJA", "θJC", "θJB", "ΨJT"):
        assert label in text
    assert f"{r.metrics['ring-cold-plate'].theta:.3f}" in text
    written = r.write(tmp_path, report=True)
    assert written[0] == tmp_path / "two_mold_package_results.json"
    assert written[-1].name == "two_mold_package_report.html"
    back = json.loads(written[0].read_text())
    assert back["runs"] == json.loads(json.dumps(d["runs"]))
    assert set(back["pictures"]) >= {"cross_section", "die_map", "heat_split"}
    assert not list(tmp_path.glob("*.tmp*")), "atomic writes leave no temporary files"


def test_progress_is_called_with_steps():
    seen = []
    chippack.solve(SMALL, ["cold-plate-top"], claims=False, progress=lambda *a: seen.append(a),
                   **QUICK)
    assert seen[0][:2] == (0, 1) and seen[-1] == (1, 1, "done")
    assert any("solving" in m for _d, _t, m in seen)


def test_several_velocities_in_one_solve(mesh_builds):
    """forced air at 1 and 3 m/s: one board mesh, θJA falling with the air speed."""
    r = chippack.solve(SMALL, ["forced-air"], velocity=[1, 3], claims=False, **QUICK)
    assert list(r.metrics) == ["forced-air@1m/s", "forced-air@3m/s"]
    thetas = [m.theta for m in r.metrics.values()]
    assert thetas[0] > thetas[1]
    assert mesh_builds == [True]


@pytest.mark.parametrize("kwargs,fragment", [
    ({"power": 0}, "power: 0 W is too small"),
    ({"board": "4s4p"}, "unknown board"),
    ({"arrays": "blurry"}, "arrays"),
    ({"environments": ["sauna"]}, "unknown environment 'sauna'"),
])
def test_bad_options_fail_before_any_work(kwargs, fragment, mesh_builds):
    with pytest.raises(chippack.ChippackError, match=fragment):
        chippack.solve(SMALL, **kwargs)
    assert mesh_builds == []


def test_environment_objects_are_accepted():
    env = Environment("cold-plate-top", ambient=40.0)
    r = chippack.solve(SMALL, [env], claims=False, **QUICK)
    assert r.runs[0].environment is env
    assert r.runs[0].metrics["tj_avg_c"] > 40.0


def test_heat_by_part_is_read_from_the_solution(jedec):
    """The solution carries the heat leaving each cell; per-part sums add up to P
    (energy balance) and each run's per-path split to the same total."""
    r, _ = jedec
    for run in r.runs:
        heat = run.solution.boundary_heat
        assert heat.sum() == pytest.approx(run.power, rel=1e-6)
        assert sum(run.heat_by_part.values()) == pytest.approx(heat.sum(), rel=1e-12)
        assert sum(run.heat_by_path.values()) == pytest.approx(run.power, rel=1e-6)
