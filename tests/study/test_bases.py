"""Bases and parameters: spec paths with units, a flow base, the output-source hook."""

from __future__ import annotations

import pytest

from chippack.errors import ChippackError
from chippack.examples import example_path
from chippack.study import InlineExecutor, run_study, study_from_mapping
from chippack.study.outputs import OUTPUT_SOURCES, register_output_source


def thickness_of(rows, part="die"):
    return [r[f"thickness.{part}"] for r in rows]


def test_spec_path_with_units_on_a_spec_base(tmp_path):
    """750 um and 0.5 mm written into parts.die.thickness: the package is 0.25 mm lower."""
    raw = {"name": "units", "base": str(example_path("bumped_sink_flipchip")),
           "parameters": {"parts.die.thickness": {"values": [750, 500], "unit": "um"}},
           "design": {"method": "full_factorial"}, "outputs": ["spec.body_mm[2]"]}
    out = run_study(study_from_mapping(raw), tmp_path / "s", InlineExecutor())
    thick, thin = (r["spec.body_mm[2]"] for r in out.rows)
    assert thick - thin == pytest.approx(0.25, abs=1e-9)


def test_flow_base_paths_into_steps(tmp_path):
    """A flow base: the parameter is a step's value; the claims come from its ledger."""
    flow = example_path("bumped_sink_flipchip").parent / "flows" / "bumped_sink_coreflow.yaml"
    raw = {"name": "flow", "base": str(flow),
           "parameters": {"steps[4].thickness": {"values": [1.0, 0.6], "unit": "mm"}},
           "design": {"method": "full_factorial"},
           "outputs": ["spec.body_mm[2]", "claims.001-11"]}
    out = run_study(study_from_mapping(raw), tmp_path / "s", InlineExecutor())
    assert [r["status"] for r in out.rows] == ["ok", "ok"]
    heights = [r["spec.body_mm[2]"] for r in out.rows]
    assert heights[0] - heights[1] == pytest.approx(0.4, abs=1e-9)  # only the sink changed
    assert all(r["claims.001-11"] is True for r in out.rows)  # one co-reflow: method claim met


def test_registered_output_source(tmp_path):
    """A later stage's outputs come in through register_output_source, with its check."""

    def thickness(design, _settings, _thermal):
        return {pid: p.top - p.bottom for pid, p in design.layout.parts.items()}

    def known_part(path, steps, _settings):
        if steps[1] not in ("die", "heat_sink"):
            raise ChippackError(f"outputs: {path!r}: no such part")

    register_output_source("thickness", thickness, known_part)
    try:
        with pytest.raises(ChippackError, match="no such part"):
            study_from_mapping({"name": "hook", "base": {"family": "bumped_sink_flipchip"},
                                "parameters": {"die_thickness": {"values": [0.5],
                                                                 "unit": "mm"}},
                                "design": {}, "outputs": ["thickness.lid"]})
        raw = {"name": "hook", "base": {"family": "bumped_sink_flipchip"},
               "parameters": {"die_thickness": {"values": [0.5, 0.75], "unit": "mm"}},
               "design": {"method": "full_factorial"}, "outputs": ["thickness.die"]}
        out = run_study(study_from_mapping(raw), tmp_path / "s", InlineExecutor())
        assert thickness_of(out.rows) == pytest.approx([0.5e-3, 0.75e-3])
    finally:
        OUTPUT_SOURCES.pop("thickness")
    with pytest.raises(ValueError, match="taken"):
        register_output_source("still-air", thickness)


def test_output_naming_a_missing_key_fails_the_variant(tmp_path):
    raw = {"name": "missing", "base": {"family": "bumped_sink_flipchip"},
           "parameters": {"die_thickness": {"values": [0.5], "unit": "mm"}},
           "design": {"method": "full_factorial"}, "outputs": ["spec.body_mmm"]}
    out = run_study(study_from_mapping(raw), tmp_path / "s", InlineExecutor())
    (row,) = out.rows
    assert row["status"] == "failed"
    assert "output 'spec.body_mmm'" in row["error"] and "did you mean 'body_mm'" in row["error"]


def test_family_parameter_needs_a_family_base():
    raw = {"name": "x", "base": str(example_path("bumped_sink_flipchip")),
           "parameters": {"die_size": {"values": [8]}}, "design": {}, "outputs": ["spec.name"]}
    with pytest.raises(ChippackError, match="unknown path 'die_size'"):
        study_from_mapping(raw)
