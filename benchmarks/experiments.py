"""Option sweep behind the choice of the default solver (run: python benchmarks/experiments.py
--size 1e6 [--problem seed000] [--only "name,name"]).  Same package problem as run.py; every variant is timed in this one process
(set-up, solve to 1e-10, iterations) so the relative numbers are comparable; results are
appended to bench_out/experiments.json.  The measured table is copied in
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from chippack.thermal import assemble  # noqa: E402
from chippack.thermal.benchmark_problem import package_problem  # noqa: E402
from chippack.thermal.solver import build_preconditioner, pcg  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from zline_variants import VARIANT_OPTIONS, variant_preconditioner  # noqa: E402

VARIANTS = {
    # pyamg Ruge-Stueben options (lean V-cycle, LU coarse level)
    "rs theta0.25 symGS": ("rs", {}),
    "rs float32 hierarchy": ("rs32", {}),
    "rs theta0.5": ("rs", {"strength": ("classical", {"theta": 0.5})}),
    "rs GS fwd/bwd": ("rs", {"presmoother": ("gauss_seidel", {"sweep": "forward"}),
                             "postsmoother": ("gauss_seidel", {"sweep": "backward"})}),
    "rs PMIS coarsening": ("rs", {"CF": "PMIS"}),
    "rs Jacobi smoother": ("rs", {"presmoother": ("jacobi", {"omega": 0.8}),
                                  "postsmoother": ("jacobi", {"omega": 0.8})}),
    "pyamg-rs (aspreconditioner)": ("pyamg-rs", {}),
    # z-line multigrid variants
    "zline f64 omega0.7": ("zline", {"omega": 0.7, "dtype": np.float64}),
    "zline f64 omega0.8": ("zline", {"dtype": np.float64}),
    "zline f32 omega0.8 (default)": ("zline", {}),
    "zline f32 V-cycle": ("zline", {"kcycle": False}),
    "zline f32 K-cycle top level only": ("zline", {"kcycle_levels": 1}),
    "zline f32 3x3 aggregation": ("zline-2x2", {"agg": 3}),
    "zline f32 2 sweeps": ("zline", {"pre": 2, "post": 2}),
    "zline f32 red-black line GS": ("zline", {"smoother": "rb"}),
    "zline f64 red-black line GS": ("zline", {"smoother": "rb", "dtype": np.float64}),
    "zline f32 red-black K-cycle 2 levels": ("zline", {"smoother": "rb", "kcycle_levels": 2}),
    "zline f32 red-black 3x3 aggregation": ("zline-2x2", {"smoother": "rb", "agg": 3}),
    "zline f32 K-cycle 2 levels": ("zline", {"kcycle_levels": 2}),
    "zline f32 post-smoothing only": ("zline", {"pre": 0, "post": 1}),
    "zline f32 coarse LU at 12000": ("zline", {"coarse_size": 12000}),
    # second round (issue 14): smoothed prolongation on the finest level(s) only, a
    # ratio-2 first level, semi-coarsening along x with y-line relaxation on every level
    "zline smoothed P level 0": ("zline", {"smooth_p": 0.5, "smooth_levels": 1}),
    "zline smoothed P levels 0-1": ("zline", {"smooth_p": 0.5, "smooth_levels": 2}),
    "zline 1 matching on level 0": ("zline", {"first_matchings": 1}),
    "zline smoothed P + 1 matching level 0": ("zline", {"smooth_p": 0.5, "smooth_levels": 1,
                                                        "first_matchings": 1}),
    "2x2 + x/y lines on every level": ("zline-2x2", {"adi": (0, 1), "adi_levels": 99}),
    "semi-x + y lines, K-cycle": ("zline-2x2", {"agg": (2, 1), "adi": (1,), "adi_levels": 99}),
    "semi-x + y lines, V-cycle": ("zline-2x2", {"agg": (2, 1), "adi": (1,), "adi_levels": 99,
                                                "kcycle": False}),
    "semi-x + y lines, K-cycle 2 levels": ("zline-2x2", {"agg": (2, 1), "adi": (1,),
                                                         "adi_levels": 99, "kcycle_levels": 2}),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=1e6)
    ap.add_argument("--problem", default="synthetic", choices=("synthetic", "seed000"),
                    help="seed000: the real still-air model of run.py")
    ap.add_argument("--only", default=None, help="comma-separated variant names")
    ap.add_argument("--out", default="bench_out/experiments.json")
    a = ap.parse_args()
    if a.problem == "seed000":
        from run import seed000_problem

        p = seed000_problem(a.size)[0]
    else:
        p = package_problem(a.size)
    t0 = time.perf_counter()
    s = assemble(p)
    t_asm = time.perf_counter() - t0
    A = s.matrix
    b = s.power + s.boundary.load_per_cell(s.n, 25.0)
    structure = (np.unravel_index(s.cells, p.shape), p.shape)
    print(f"cells {p.grid.n_cells}, unknowns {s.n}, assembly {t_asm:.2f} s")
    rows = []
    names = a.only.split(",") if a.only else list(VARIANTS)
    with threadpool_limits(limits=1, user_api="blas"):
        for name in names:
            method, opts = VARIANTS[name]
            t0 = time.perf_counter()
            build = (variant_preconditioner if set(opts) & set(VARIANT_OPTIONS)
                     else build_preconditioner)
            pre = build(A, method, structure, **opts)
            t1 = time.perf_counter()
            x, it, rel = pcg(A, b, pre.apply, tol=1e-10, maxiter=400, flexible=pre.flexible)
            t2 = time.perf_counter()
            row = {"variant": name, "setup_s": t1 - t0, "solve_s": t2 - t1, "iterations": it,
                   "relres": rel, **{k: v for k, v in pre.info.items()}}
            rows.append(row)
            print(f"{name:<34} setup {t1 - t0:6.2f}  solve {t2 - t1:6.2f}  total "
                  f"{t2 - t0:6.2f}  it {it:4d}  OC {pre.info.get('operator_complexity', 0):.2f}",
                  flush=True)
    out = pathlib.Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(out.read_text()) if out.exists() else []
    data.append({"problem": a.problem, "size": a.size, "unknowns": int(s.n), "rows": rows})
    out.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
