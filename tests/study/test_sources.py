"""Warpage, reflow and Zth outputs of a study: computed through the public app API, only
when an output names them, and landing in results.parquet."""

from __future__ import annotations

import pytest

import chippack
from chippack.errors import ChippackError
from chippack.examples import example_path
from chippack.model import read_yaml
from chippack.study import InlineExecutor, read_results, run_study, study_from_mapping

#: A fast oven (air, °C vs s): SAC305 (liquidus 217-218 °C) melts during the 250 °C hold.
FAST_OVEN = "time_s,temperature_c\n0,25\n60,250\n90,250\n150,25\n"
OUTPUTS = ["warpage.warpage_um.25C.ball_side", "warpage.coplanarity_um.25C.top",
           "reflow.peak_c.second_bumps", "reflow.time_above_liquidus_s.second_bumps",
           "reflow.joints.second_bumps.melted", "zth.zth_final_k_w", "zth.foster_terms"]


def package_alone() -> dict:
    """The seed-001 example without its balls: it goes into the oven alone (no board), the
    smallest real reflow of the two bump arrays."""
    spec = read_yaml(example_path("bumped_sink_flipchip"))
    del spec["parts"]["balls"]
    return spec


def source_study(tmp_path, outputs=OUTPUTS, **changes) -> dict:
    oven = tmp_path / "fast_oven.csv"
    oven.write_text(FAST_OVEN, encoding="utf-8")
    raw = {"name": "sources", "base": package_alone(),
           "parameters": {"parts.heat_sink.thickness": {"values": [1.0], "unit": "mm"}},
           "design": {"method": "full_factorial"}, "outputs": list(outputs),
           "warpage": {"at": [25], "fatigue": False, "refine": 0.3},
           "reflow": {"profile": oven.name, "refine": 0.3},
           "zth": {"t_last": 0.01}}
    raw.update(changes)
    return raw


def test_warpage_reflow_and_zth_land_in_the_parquet_rows(tmp_path):
    """Each kind of output is one column of results.parquet with the value the public API
    gives for the same design and settings (chippack.solve_warpage / solve_zth), and the
    reflow figures lie where the oven puts them: the second bumps peak between the solder's
    liquidus (SAC305, 217 °C, J-STD-020 / the alloy's datasheet) and the 250 °C air, and
    stay above liquidus for less than the 30 s hold plus the ramps."""
    study = study_from_mapping(source_study(tmp_path), tmp_path)
    out = run_study(study, tmp_path / "s", InlineExecutor())
    (row,) = read_results(out.folder)
    assert row["status"] == "ok", row["error"]
    design = chippack.load(out.documents[row["key"]])
    warp = chippack.solve_warpage(design, at=(25,), operating=False, fatigue=False,
                                  refine=0.3).to_dict()
    # the FE solve is CG to a relative residual of 1e-8: two solves agree far better than 1e-6
    assert row["warpage.warpage_um.25C.ball_side"] == pytest.approx(
        warp["warpage_um"]["25C"]["ball_side"], rel=1e-6)
    assert row["warpage.coplanarity_um.25C.top"] == pytest.approx(
        warp["coplanarity_um"]["25C"]["top"], rel=1e-6)
    zth = chippack.solve_zth(design, t_last=0.01).to_dict()
    assert row["zth.zth_final_k_w"] == pytest.approx(zth["zth_final_k_w"], rel=1e-9)
    assert row["zth.foster_terms"] == zth["foster_terms"]
    assert 217.0 < row["reflow.peak_c.second_bumps"] < 250.0
    assert 0.0 < row["reflow.time_above_liquidus_s.second_bumps"] < 30.0 + 2 * 33.0
    assert row["reflow.joints.second_bumps.melted"] is True


def test_sources_computed_only_when_named(tmp_path, monkeypatch):
    """A study without warpage/reflow/zth outputs never calls those solvers, and their
    settings do not enter the variant's key (adding a reflow: section re-uses old rows)."""
    import chippack.app

    def refuse(*_a, **_k):
        raise AssertionError("an expensive source ran although no output names it")

    for name in ("solve_warpage", "solve_reflow", "solve_zth"):
        monkeypatch.setattr(chippack.app, name, refuse)
    raw = source_study(tmp_path, outputs=["spec.body_mm[2]"])
    out = run_study(study_from_mapping(raw, tmp_path), tmp_path / "s", InlineExecutor())
    assert [r["status"] for r in out.rows] == ["ok"]
    raw["reflow"] = {"profile": "jstd020", "h": 20.0}
    again = run_study(study_from_mapping(raw, tmp_path), tmp_path / "s", InlineExecutor())
    assert (again.computed, again.skipped) == (0, 1)


@pytest.mark.parametrize("outputs, settings, expected", [
    (["warpage.warpage_umm.25C.top"], {}, "'warpage_umm' is not a warpage output; did you "
                                          "mean 'warpage_um'?"),
    (["warpage.warpage_um.100C.top"], {}, "'100C' is not a load case of warpage.at"),
    (["warpage.warpage_um.25C.bottom"], {}, "'bottom' is not a face"),
    (["warpage.joint_life_cycles.balls.TC1"], {}, "needs the joint fatigue"),
    (["warpage.warpage_um.25C.top"], {"warpage": {"at": [25.5]}}, "use whole degrees"),
    (["reflow.tal.second_bumps"], {}, "'tal' is not a reflow output"),
    (["zth.jesd51_14.theta_jc_zth_k_w"], {}, "set zth.dual_interface: true"),
    (["zth.zth_k_w"], {}, "add an index"),
    (["cold-plate-top.tj_maxx"], {}, "'tj_maxx' is not a metric; did you mean 'tj_max_c'?"),
])
def test_unknown_output_names_are_refused_before_any_variant(tmp_path, outputs, settings,
                                                             expected):
    raw = source_study(tmp_path, outputs=outputs, **settings)
    raw["solve"] = {"environments": ["cold-plate-top"]}
    with pytest.raises(ChippackError) as err:
        study_from_mapping(raw, tmp_path)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.slow
def test_joint_life_lands_in_the_rows(tmp_path):
    """The board-mounted fatigue (Engelmaier, IPC-9701A TC1) of the balls: a positive
    number of cycles, the same as chippack.solve_warpage gives (minutes: the package on a
    JEDEC board is solved too)."""
    raw = {"name": "life", "base": {"family": "bumped_sink_flipchip"},
           "parameters": {"sink_thickness": {"values": [1.0], "unit": "mm"}},
           "design": {"method": "full_factorial"},
           "outputs": ["warpage.joint_life_cycles.balls.TC1", "warpage.limit_um"],
           "warpage": {"at": [25], "refine": 0.5}}
    out = run_study(study_from_mapping(raw, tmp_path), tmp_path / "s", InlineExecutor())
    (row,) = read_results(out.folder)
    assert row["status"] == "ok", row["error"]
    direct = chippack.solve_warpage(chippack.load(out.documents[row["key"]]), at=(25,),
                                    operating=False, refine=0.5).to_dict()
    # two CG solves to a relative residual of 1e-8: equal to far better than 1e-6
    assert row["warpage.joint_life_cycles.balls.TC1"] == pytest.approx(
        direct["joint_life_cycles"]["balls"]["TC1"], rel=1e-6)
    assert row["warpage.joint_life_cycles.balls.TC1"] > 0
