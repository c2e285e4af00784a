"""Structure-function accuracy: chippack's deconvolution and PyRth's against the model's
exact Cauer ladder, on the seed-001 curves of ``tests/data/pyrth`` (see
benchmarks/RESULTS.md, "Branch zth (session 3)").

Usage::

    PYTHONPATH=src python benchmarks/structure_accuracy.py

Prints, per C range (J/K), the box distance max(|d ln R|, |d ln C|) and R at matching C
(the functions of tests/metrics/test_structure_pyrth.py) for: the old fit (plain NNLS, 10
tau per decade), today's smoothed fit and a scan of its smoothing weight, on the marched
driving-point curve and on the exact ladder's own Zth (its Foster sum at the same times);
PyRth vs exact; chippack vs PyRth on both curves.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "metrics"))
from test_structure_pyrth import box_distance, curve, r_at_c  # noqa: E402

from chippack.metrics.structure import (  # noqa: E402
    Cauer,
    cauer_to_foster,
    fit_foster,
    foster_to_cauer,
    structure_function,
)

DATA = ROOT / "tests" / "data" / "pyrth"
RANGES = ((0.004, 0.01), (0.01, 0.03), (0.03, 0.15), (0.15, 1e4))


def row(label: str, a, b) -> None:
    cells = [f"{box_distance(a, b, lo, hi) * 100:5.1f} ({r_at_c(a, b, lo, hi) * 100:5.1f})"
             for lo, hi in RANGES]
    print(f"{label:44s} " + "  ".join(cells))


def ours(t, z, **kw):
    fos, _ = fit_foster(t, z, **kw)
    sf = structure_function(foster_to_cauer(fos))
    return sf.r_sum, sf.c_sum


def main() -> None:
    exact = curve("exact_ladder.csv")
    ladder = Cauer(np.diff(np.r_[0.0, exact[0]]), np.diff(np.r_[0.0, exact[1]]))
    t, z = np.loadtxt(DATA / "chippack_zth_mean.csv", delimiter=",", skiprows=1).T
    z_exact = cauer_to_foster(ladder).zth(t)
    print(f"marched curve vs the exact ladder's Zth: max rel {np.max(np.abs(z / z_exact - 1)):.2e}")
    print(f"{'box % (R at matching C %), C in J/K':44s} "
          + "  ".join(f"{lo:g}-{hi:g}".center(13) for lo, hi in RANGES))
    row("old fit vs exact", ours(t, z, per_decade=10, smoothing=0.0), exact)
    for lam in (0.03, 0.1, 0.3, 1.0, 3.0):
        row(f"smoothed fit {lam:g} vs exact", ours(t, z, smoothing=lam), exact)
        row("  ... from the exact Zth", ours(t, z_exact, smoothing=lam), exact)
    row("old fit from the exact Zth", ours(t, z_exact, per_decade=10, smoothing=0.0), exact)
    pyrth = curve("pyrth_structure_mean.csv")
    row("PyRth vs exact", pyrth, exact)
    row("chippack (default) vs PyRth, driving point", ours(t, z), pyrth)
    ts, zs = np.loadtxt(DATA / "chippack_zth.csv", delimiter=",", skiprows=1).T
    row("chippack (default) vs PyRth, sensor", ours(ts, zs), curve("pyrth_structure.csv"))
    row("old fit vs PyRth, sensor", ours(ts, zs, per_decade=10, smoothing=0.0),
        curve("pyrth_structure.csv"))


if __name__ == "__main__":
    main()
