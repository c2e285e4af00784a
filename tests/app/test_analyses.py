"""The API's mechanics, reflow and transient calls: results, files and report sections.

Small designs, coarse settings: these check the wiring (same files and keys as the CLI,
numbers carried unchanged into results.json and the report), not the physics, which the
stage tests verify against closed forms and independent solvers.
"""

from __future__ import annotations

import json
import re

import pytest

import chippack
from chippack.report.html import lookup

SMALL = "two_mold_package_exposed"


@pytest.fixture(scope="module")
def warpage():
    return chippack.solve_warpage(chippack.example_path(SMALL), at=(25,), operating=False,
                                  fatigue=False)


@pytest.fixture(scope="module")
def zth():
    return chippack.solve_zth(chippack.example_path(SMALL), t_last=1.0)


def test_warpage_writes_the_cli_files(warpage, tmp_path):
    paths = warpage.write(tmp_path)
    assert paths[0].name == f"{SMALL}_warpage.json"
    data = json.loads(paths[0].read_text())
    assert data == json.loads(json.dumps(warpage.to_dict()))
    assert {p.name for p in paths[1:]} == {f"{SMALL}_warpage_ball_side_25C.png",
                                           f"{SMALL}_warpage_top_25C.png",
                                           f"{SMALL}_section_25C.png"}
    assert "±170" in warpage.summary()


def test_zth_writes_csvs_and_json(zth, tmp_path):
    names = [p.name for p in zth.write(tmp_path)]
    assert names == [f"{SMALL}_{n}" for n in ("zth.csv", "foster.csv", "structure.csv",
                                              "zth.png", "zth.json")]
    data = json.loads((tmp_path / f"{SMALL}_zth.json").read_text())
    assert data["zth_final_k_w"] == pytest.approx(float(zth.curve["zth_k_w"][-1]))
    assert len(data["times_s"]) == 61


def test_bad_inputs_are_one_line_errors():
    with pytest.raises(chippack.ChippackError, match="--t-last"):
        chippack.solve_zth(chippack.example_path(SMALL), t_last=-1.0)
    with pytest.raises(chippack.ChippackError, match="--at"):
        chippack.solve_warpage(chippack.example_path(SMALL), at="hot")


def test_report_sections_carry_the_numbers(warpage, zth, tmp_path):
    """The report shows the mechanics and transient sections, and every number in them is
    the value at its key in results.json."""
    results = chippack.solve(warpage.design, ["cold-plate-top"], refine=0.5, k_of_t=False,
                             claims=False)
    results.warpage, results.zth = warpage, zth
    results.write(tmp_path, report=True)
    data = json.loads((tmp_path / f"{SMALL}_results.json").read_text())
    html = (tmp_path / f"{SMALL}_report.html").read_text()
    assert 'id="mechanics"' in html and 'id="transient"' in html and 'id="reflow"' not in html
    spans = re.findall(r'data-key="((?:mechanics|transient)\.[^"]+)" data-fmt="([^"]+)">([^<]+)<',
                       html)
    keys = {k for k, _f, _t in spans}
    assert "mechanics.warpage_um.25C.ball_side" in keys
    assert "mechanics.coplanarity_um.25C.ball_side" in keys
    assert "transient.fit_error" in keys
    for key, fmt, text in spans:
        assert text == format(lookup(data, key), fmt).replace("-", "−"), key
    for picture in ("warpage_ball_side", "warpage_top", "warpage_section", "zth_curve"):
        assert (tmp_path / data["pictures"][picture]).is_file() or \
            tmp_path.joinpath(data["pictures"][picture]).exists()
    assert (tmp_path / f"{SMALL}_warpage.json").is_file()


def test_reflow_section_on_the_package_alone(warpage, tmp_path):
    """The report's reflow section and <stem>_reflow.json, fast: the package alone in the
    oven (as at ball attach, ~7e3 cells) through its J-STD-020 profile; every number in
    the section is the value at its key in results.json."""
    from chippack.app.reflow import ReflowResults
    from chippack.mesh.package import MeshOptions
    from chippack.reflow import profile_for, run_reflow
    from chippack.reflow.profile import DEFAULT_H

    design = warpage.design
    run = run_reflow(design.layout, profile_for("jstd020", design.layout, DEFAULT_H),
                     MeshOptions(arrays="homogenized", refine=0.3))
    reflow = ReflowResults(design, run, "package alone (ball attach)")
    assert reflow.to_dict()["peak_c"]["balls"] > run.joints["balls"].liquidus_c
    results = chippack.solve(design, ["cold-plate-top"], refine=0.5, k_of_t=False,
                             claims=False)
    results.reflow = reflow
    results.write(tmp_path, report=True)
    html = (tmp_path / f"{SMALL}_report.html").read_text()
    data = json.loads((tmp_path / f"{SMALL}_results.json").read_text())
    assert 'id="reflow"' in html
    spans = re.findall(r'data-key="(reflow\.[^"]+)" data-fmt="([^"]+)">([^<]+)<', html)
    keys = {k for k, _f, _t in spans}
    assert "reflow.joints.balls.time_above_liquidus_s" in keys
    for key, fmt, text in spans:
        assert text == format(lookup(data, key), fmt).replace("-", "−"), key
    assert json.loads((tmp_path / f"{SMALL}_reflow.json").read_text())["load"] == \
        "package alone (ball attach)"
    for picture in ("reflow_history", "reflow_peak_map"):
        assert (tmp_path / data["pictures"][picture]).is_file()


@pytest.mark.slow
def test_reflow_section_and_files(tmp_path):
    """Board-mount reflow (minutes: the package on a JEDEC board) through the API."""
    design = chippack.load(chippack.example_path("two_mold_package"))
    r = chippack.solve_reflow(design)
    d = r.to_dict()
    assert d["peak_c"]["balls"] > d["joints"]["balls"]["liquidus_c"]
    results = chippack.solve(design, ["cold-plate-top"], refine=0.5, k_of_t=False,
                             claims=False)
    results.reflow = r
    results.write(tmp_path, report=True)
    html = (tmp_path / "two_mold_package_report.html").read_text()
    assert 'id="reflow"' in html
    assert 'data-key="reflow.joints.balls.time_above_liquidus_s"' in html
    assert (tmp_path / "two_mold_package_reflow.json").is_file()
