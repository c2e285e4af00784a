"""Same-process, interleaved comparison of the default solver and stock pyamg RS on the
seed-000 still-air matrix (for loaded machines, where run.py's one-subprocess-per-method
timings drift with the load).

Usage: ``python benchmarks/interleaved.py --size 1e6 --repeats 2``.  The matrix is
assembled once; then, ``repeats`` times in turn: the default solver (``zline`` with CG
deflated against the conductive bodies, as ``SteadySolver`` runs it; finding the bodies
counts as set-up), ``zline`` with plain CG (the default before deflation), and
``pyamg.ruge_stuben_solver(K)`` set-up and ``ml.solve(b, accel="cg")``; with
``--float64`` also the default with its multigrid hierarchy in float64
(``options={"dtype": np.float64}``; the default builds it in float64 and applies it in
float32 inside float64 CG).  Reported: best
set-up and solve seconds of each, iterations, the ratios best-vs-best, and the largest
temperature difference to the default's solution.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    import numpy as np
    import pyamg
    from run import TOL, seed000_problem
    from threadpoolctl import threadpool_limits

    from chippack.thermal import assemble, energy_balance
    from chippack.thermal.solver import LinearSolver
    from chippack.thermal.steady import conductive_bodies

    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=float, default=1e6)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--out", default="bench_out/interleaved.json")
    ap.add_argument("--float64", action="store_true",
                    help="also the default solver with a float64 hierarchy")
    a = ap.parse_args()
    problem, _ = seed000_problem(a.size)
    system = assemble(problem)
    A = system.matrix
    b = system.power + system.boundary.load_per_cell(system.n, 25.0)
    structure = (np.unravel_index(system.cells, problem.shape), problem.shape)
    rows: dict[str, list] = {"default": [], "zline": [], "pyamg-rs-defaults": []}
    solvers = {"default": {}, "zline": {}}
    if a.float64:
        rows["default-float64"] = []
        solvers["default-float64"] = {"dtype": np.float64}
    xs = {}
    load = [os.getloadavg()]
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(a.repeats):
            for name, options in solvers.items():
                t0 = time.perf_counter()
                bodies = conductive_bodies(problem, system) if name != "zline" else None
                lin = LinearSolver(A, method="zline", tol=TOL, structure=structure,
                                   deflation=bodies, options=options)
                t1 = time.perf_counter()
                r = lin.solve(b)
                t2 = time.perf_counter()
                rows[name].append((t1 - t0, t2 - t1, r.iterations))
                xs[name] = r.x
            t0 = time.perf_counter()
            ml = pyamg.ruge_stuben_solver(A)
            t1 = time.perf_counter()
            res: list[float] = []
            x = ml.solve(b, tol=TOL, accel="cg", maxiter=1000, residuals=res)
            t2 = time.perf_counter()
            rows["pyamg-rs-defaults"].append((t1 - t0, t2 - t1, len(res) - 1))
            xs["pyamg-rs-defaults"] = x
            load.append(os.getloadavg())
    out = {"cells": problem.grid.n_cells, "unknowns": int(system.n), "loadavg": load,
           "rows": rows}
    best = {m: (min(v[0] for v in r), min(v[1] for v in r), r[0][2]) for m, r in rows.items()}
    d = best["default"]
    for m, (su, so, it) in best.items():
        bal = energy_balance(system, xs[m] + 25.0).error
        dT = float(np.max(np.abs(xs[m] - xs["default"])))
        print(f"{m:<18} set-up {su:6.2f} s  solve {so:6.2f} s  iterations {it:3d}  "
              f"E-bal {bal:.1e}  max |dT| vs default {dT:.1e} K  solve / default's "
              f"{so / d[1]:.2f}x  set-up + solve {(su + so) / (d[0] + d[1]):.2f}x")
        out.setdefault("ratios", {})[m] = {"solve": so / d[1],
                                           "total": (su + so) / (d[0] + d[1]),
                                           "max_abs_dT_K": dT}
    print(f"{problem.grid.n_cells} cells ({system.n} unknowns), best of {a.repeats}; "
          f"load {load[0]} -> {load[-1]}")
    path = pathlib.Path(a.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
