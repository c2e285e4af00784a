"""The frozen baseline of ``benchmarks/baseline_d9cdbec.py`` (the default solver when
issue 14 was filed, the benchmark's "2x the default of the day" reference) still solves
to the direct (SuperLU) answer, so the ratio it gives compares two correct solvers."""

import pathlib
import sys

import numpy as np
import scipy.sparse.linalg as spla

from chippack.thermal import assemble
from chippack.thermal.benchmark_problem import package_problem

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "benchmarks"))
from baseline_d9cdbec import solve as baseline_solve  # noqa: E402


def test_baseline_matches_direct_on_package_problem():
    """Package problem with voids, 15 um layers and k 0.3-390."""
    p = package_problem(8000, seed=3)
    system = assemble(p)
    b = system.power + system.boundary.load_per_cell(system.n, 25.0)
    ijk = np.unravel_index(system.cells, p.shape)
    x, it, rel, _, _ = baseline_solve(system.matrix, b, ijk, p.shape, tol=1e-10)
    ref = spla.spsolve(system.matrix.tocsc(), b)
    assert rel <= 1e-10 and 0 < it < 100
    assert np.max(np.abs(x - ref)) < 1e-6 * np.max(np.abs(ref))
