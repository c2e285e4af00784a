"""All linear-solver methods agree on a small package-like problem."""

import numpy as np
import pytest

from chippack.thermal import METHODS, SteadySolver
from chippack.thermal.benchmark_problem import package_problem
from conftest import assert_balanced


@pytest.fixture(scope="module")
def problem():
    return package_problem(12_000, seed=1)


@pytest.fixture(scope="module")
def reference(problem):
    return SteadySolver(problem, method="direct").solve()


@pytest.mark.parametrize("method", [m for m in METHODS if m != "direct"])
def test_methods_agree(problem, reference, method):
    """Every method reproduces the sparse-direct temperatures to 1e-6 K and closes the
    energy balance (k contrast 0.3-390 W/mK, 15 um layers, convective top and bottom)."""
    sol = SteadySolver(problem, method=method, maxiter=5000).solve()
    assert_balanced(sol)
    assert np.nanmax(np.abs(sol.temperature - reference.temperature)) < 1e-6
    assert_balanced(reference)
