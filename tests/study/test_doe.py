"""Designs of experiments: counts, bounds, stratification and determinism."""

from __future__ import annotations

import numpy as np
import pytest

from chippack.errors import ChippackError
from chippack.study.doe import design_variants, unit_points
from chippack.study.file import ParameterEntry
from chippack.study.parameters import make_parameter


def params():
    return [make_parameter("a", ParameterEntry(range=(1.0, 3.0), levels=3), "family"),
            make_parameter("b", ParameterEntry(values=["x", "y"]), "family"),
            make_parameter("n", ParameterEntry(range=(0, 6), integer=True, levels=4), "family")]


def test_full_factorial_counts_and_grid():
    v = design_variants(params(), "full_factorial")
    assert len(v) == 3 * 2 * 4
    assert sorted({x["a"] for x in v}) == [1.0, 2.0, 3.0]
    assert sorted({x["n"] for x in v}) == [0, 2, 4, 6]
    assert {x["b"] for x in v} == {"x", "y"}
    assert len({tuple(sorted(x.items())) for x in v}) == len(v)


@pytest.mark.parametrize("method", ["latin_hypercube", "sobol"])
def test_sampled_bounds_count_and_determinism(method):
    ps = params()
    v1 = design_variants(ps, method, samples=16, seed=3)
    v2 = design_variants(ps, method, samples=16, seed=3)
    v3 = design_variants(ps, method, samples=16, seed=4)
    assert v1 == v2 and v1 != v3
    a = np.array([x["a"] for x in v1])
    assert len(v1) == 16 and a.min() >= 1.0 and a.max() <= 3.0
    assert all(isinstance(x["n"], int) and 0 <= x["n"] <= 6 for x in v1)
    assert {x["b"] for x in v1} == {"x", "y"}


def test_latin_hypercube_is_stratified():
    """McKay et al. (1979): each of the n equal bins of every axis holds exactly one point."""
    u = unit_points("latin_hypercube", 3, 20, seed=0)
    for d in range(3):
        assert sorted(np.floor(u[:, d] * 20).astype(int)) == list(range(20))


def test_sobol_power_of_two_is_balanced():
    """A scrambled Sobol' net of 2^m points has one point in each of the 2^m bins per axis."""
    u = unit_points("sobol", 2, 16, seed=1)
    for d in range(2):
        assert sorted(np.floor(u[:, d] * 16).astype(int)) == list(range(16))


def test_table_rows_checked():
    ps = params()
    rows = [{"a": 1.5, "b": "x", "n": 2}, {"a": 2.5, "b": "y", "n": 5}]
    assert design_variants(ps, "table", rows=rows) == rows
    with pytest.raises(ChippackError, match="'c' is not a parameter"):
        design_variants(ps, "table", rows=[{"a": 1.5, "b": "x", "n": 2, "c": 1}])
    with pytest.raises(ChippackError, match="'z' is not one of"):
        design_variants(ps, "table", rows=[{"a": 1.5, "b": "z", "n": 2}])
    with pytest.raises(ChippackError, match="no value for 'n'"):
        design_variants(ps, "table", rows=[{"a": 1.5, "b": "x"}])


def test_empty_range_and_values_refused():
    with pytest.raises(ChippackError, match=r"parameters.a.range: \[2, 2\] is empty"):
        make_parameter("a", ParameterEntry(range=(2.0, 2.0)), "family")
    with pytest.raises(ChippackError, match="parameters.a.values: empty list"):
        make_parameter("a", ParameterEntry(values=[]), "family")
