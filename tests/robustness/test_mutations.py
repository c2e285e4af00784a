"""Random mutations of the shipped examples: ``validate`` accepts a consistent design or refuses
it in one line with exit 2 — never a traceback, never a half-written file.

Hypothesis edits one to three fields of an example (a number scaled by a plausible
slip, a new value of any type, a deleted field, a part copied under a new id) and then, sometimes, the YAML text
itself (a line dropped, doubled or cut short, an invisible character pasted into
it), the way a hurried user breaks a file. A design that passes must be physically
consistent: finite boxes of positive size inside the size limit, solids that do not
interpenetrate, finite non-negative power, and its cross-section drawn.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chippack.cli import main
from chippack.examples import example_paths
from chippack.inputs.limits import LIMITS
from chippack.layout.boxes import overlap_matrix
from chippack.model import read_yaml

EXAMPLES = {p.stem: read_yaml(p) for p in example_paths()}

AWKWARD = st.sampled_from([
    "0,75 mm", "30 %", "17 ppm", "17 ppm/K", "1e400 mm", "10**4 mm", "-1 mm", "0.75 um", "750 um",
    "5 W", "-5 W", "copper", "die", "substrate", "yes", "no", "off", "true", "[x, y]", "[/B]",
    "", " ", "\ufeffdie", "0x10", "nan", "1 m", "2 kg", "217 degC", "-300 degC",
])
VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**6, max_value=10**6),
    st.booleans(), st.none(), AWKWARD,
    st.text(max_size=8),
    st.lists(st.floats(min_value=-50, max_value=50), max_size=4),
    st.lists(st.integers(min_value=-5, max_value=60), min_size=2, max_size=2),
    st.dictionaries(st.sampled_from(["kind", "size", "on", "x"]), AWKWARD, max_size=2),
)


def paths_of(node, prefix=()):
    """Every (container, key) position in a nested mapping/list."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + (key,)
            yield from paths_of(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield prefix + (i,)
            yield from paths_of(value, prefix + (i,))


def container(raw, path):
    node = raw
    for key in path[:-1]:
        node = node[key]
    return node


@st.composite
def mutated_text(draw) -> str:
    name = draw(st.sampled_from(sorted(EXAMPLES)))
    raw = copy.deepcopy(EXAMPLES[name])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = list(paths_of(raw))
        # most edits go to a part's own fields, where the physics is
        fields = [p for p in paths if len(p) >= 3 and p[0] == "parts"]
        path = draw(st.sampled_from(fields if fields and draw(st.integers(0, 4)) else paths))
        parent, key = container(raw, path), path[-1]
        action = draw(st.sampled_from(["scale", "scale", "replace", "replace", "delete", "copy"]))
        value = parent[key]
        if action == "scale" and isinstance(value, int | float) and not isinstance(value, bool):
            # a plausible slip: a size or count a little or a lot off
            factor = draw(st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.1, 2.0, 10.0, -1.0]))
            parent[key] = type(value)(value * factor)
        elif action in ("replace", "scale"):
            parent[key] = draw(VALUES)
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[f"{key}_copy"] = copy.deepcopy(parent[key])
        else:
            parent.append(copy.deepcopy(parent[key]))
    text = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    lines = text.splitlines(keepends=True)
    edit = draw(st.sampled_from(["none", "none", "drop", "double", "cut", "invisible"]))
    at = draw(st.integers(min_value=0, max_value=max(0, len(lines) - 1)))
    if edit == "drop":
        del lines[at]
    elif edit == "double":
        lines.insert(at, lines[at])
    elif edit == "cut":
        lines = lines[:at]
    elif edit == "invisible":
        lines[at] = lines[at].replace(":", "\u200b:", 1)
    return "".join(lines)


def assert_consistent(path) -> None:
    """A design validate accepted is physically buildable and finite."""
    from chippack.design import load_layout

    layout = load_layout(path)
    boxes = np.vstack([p.solids for p in layout.parts.values()])
    assert np.all(np.isfinite(boxes))
    assert np.all(boxes[:, 1::2] > boxes[:, 0::2]), "every box has positive size"
    span = boxes[:, 1::2].max(axis=0) - boxes[:, 0::2].min(axis=0)
    assert np.all(span <= 2 * LIMITS.largest_length)
    solid = [p for p in layout.parts.values() if not p.filler]
    for i, a in enumerate(solid):
        for b in solid[i + 1:]:
            if len(a.solids) * len(b.solids) <= 1_000_000:
                assert not overlap_matrix(a.solids, b.solids).any(), (a.id, b.id)
    for die in layout.spec.parts_of_kind("die").values():
        assert np.isfinite(die.total_power) and die.total_power >= 0
    for material in layout.materials.values():
        assert min(material.k) > 0 and np.all(np.isfinite(material.k))


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(text=mutated_text())
def test_mutated_example_is_valid_or_one_line(text, tmp_path_factory, capsys):
    tmp = tmp_path_factory.mktemp("mutation")
    spec = tmp / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    out = tmp / "out"
    with pytest.raises(SystemExit) as stop:
        main(["validate", str(spec), "--out", str(out)])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    if stop.value.code == 0:
        assert_consistent(spec)
        assert (out / "spec_section.png").stat().st_size > 0
    else:
        assert stop.value.code == 2, output
        lines = output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), output
        assert not out.exists(), "a refused design writes nothing"


# -- study and cooling files: parsed and checked only (no variant is generated or solved) --
STUDY_EXAMPLES = {p.stem: read_yaml(p) for p in sorted(
    (example_paths()[0].parent / "studies").glob("*.yaml"))}
#: The cooling file of the ``chippack.metrics.cooling`` docstring, plus a plate-fin sink.
COOLING = {
    "name": "sink-on-lid", "ambient": 35, "emissivity": 0.9, "board": "2s2p", "air": "still",
    "heat_sink": {"on": "lid", "area": "900 mm^2",
                  "fins": {"count": 12, "thickness": "1 mm", "height": "20 mm"}},
    "cold_plates": [{"on": "bottom", "temperature": 25, "resistance": "5 mm^2*K/W"}],
    "faces": [{"on": "stiffener", "face": "sides", "h": "50 W/m^2/K"}],
}


@st.composite
def mutated_document(draw, raw: dict) -> str:
    """One to three edits anywhere in ``raw`` (scale, replace, delete, copy), as YAML text."""
    raw = copy.deepcopy(raw)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = list(paths_of(raw))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = container(raw, path), path[-1]
        action = draw(st.sampled_from(["scale", "replace", "replace", "delete", "copy"]))
        value = parent[key]
        if action == "scale" and isinstance(value, int | float) and not isinstance(value, bool):
            factor = draw(st.sampled_from([0.0, 0.5, 2.0, 1e9, -1.0]))
            parent[key] = type(value)(value * factor)
        elif action in ("replace", "scale"):
            parent[key] = draw(VALUES)
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[f"{key}_copy"] = copy.deepcopy(parent[key])
        else:
            parent.append(copy.deepcopy(parent[key]))
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)


MUTATION_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                             suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.function_scoped_fixture])


@MUTATION_SETTINGS
@given(text=st.sampled_from(sorted(STUDY_EXAMPLES)).flatmap(
    lambda name: mutated_document(STUDY_EXAMPLES[name])))
def test_mutated_study_parses_consistently_or_one_line(text, tmp_path_factory):
    """A mutated shipped study loads into finite, bounded parameters within the variant
    budget, or is refused by one ChippackError line; never another exception."""
    from chippack.errors import ChippackError
    from chippack.study import load_study
    from chippack.study.plan import planned_count

    path = tmp_path_factory.mktemp("study") / "study.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        study = load_study(path)
    except ChippackError as err:
        assert "\n" not in str(err) and str(err), repr(err)
        return
    assert planned_count(study.file)[0] <= LIMITS.variants
    for p in study.parameters:
        if p.continuous:
            assert np.isfinite([p.low, p.high]).all() and p.high > p.low
        else:
            assert p.values
    s = study.file.solve
    assert np.isfinite([s.ambient, s.velocity, s.refine]).all() and s.ambient > -273.15
    assert len(set(s.environments)) == len(s.environments)


@MUTATION_SETTINGS
@given(text=mutated_document(COOLING))
def test_mutated_cooling_file_is_physical_or_one_line(text, tmp_path_factory):
    """A mutated cooling file reads into a physical environment (temperatures above 0 K,
    emissivity in [0, 1], positive film coefficients and sink resistances), or is refused
    by one ChippackError line."""
    from chippack.errors import ChippackError
    from chippack.metrics.cooling import read_cooling

    path = tmp_path_factory.mktemp("cooling") / "cooling.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        env = read_cooling(path)
    except ChippackError as err:
        assert "\n" not in str(err) and str(err), repr(err)
        return
    assert np.isfinite(env.ambient) and env.ambient > -273.15
    assert 0 <= env.emissivity <= 1
    for face in env.cooling.faces:
        assert face.h > 0
        assert face.theta is None or (np.isfinite(face.theta) and face.theta > 0)
        assert face.temperature is None or face.temperature > -273.15
    if env.cooling.air is not None and env.cooling.air.velocity is not None:
        assert 0 < env.cooling.air.velocity <= 20
