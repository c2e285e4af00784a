"""Benchmark of parametric studies: a seed-000 sweep on a process pool and on Dask.

Usage::

    python benchmarks/study.py                     # 1000 variants (the target: < 10 min, 2 cores)
    python benchmarks/study.py --variants 20       # a quick look; times are extrapolated
    python benchmarks/study.py --skip-dask         # the process pool only
    python benchmarks/study.py --no-k-of-t         # constant k: one linear solve per variant

The study: the dual-sink FCBGA family (seed 000), die size 10-14 mm x bottom-sink size
6-12 mm x fin count 0-8 by Latin hypercube (seed 0), each variant solved on the top
cold plate (the package alone, θJC) with the CLI's defaults (k(T) on, homogenized joint
arrays) at ``refine`` 0.3 and the study option ``mesh_growth: 2`` (neighbouring cells
may differ by 2x instead of 1.5x), which gives about 5e4 cells per variant (with the
default grading the geometry's floor is ~8e4; θJC of the seed-000 example changes by
0.04 % between the two). ``--variants 50`` runs a subset and extrapolates to 1000
(``extrapolated_1000_s``: start-up + wall x 1000 / n; state it when you quote it). Three runs, each in a fresh folder (nothing cached):

1. the default executor, a local process pool of ``--workers`` (2) processes;
2. Dask ``LocalCluster`` with 1 worker, then 3. with 2 workers: parallel efficiency
   E = T(1) / (2 T(2)).

Reported per run: wall time (start-up of the executor separately), variants per minute,
the mean solve time per variant (``solve_s``: mesh + solve of the row), and the
per-variant overhead outside the solve, in two parts: inside the worker (load + layout
+ outputs: ``time_s - solve_s``) and outside it (scheduling, pickling, the driver
writing rows and results.parquet: ``wall · workers / n - time_s``). The table is
printed and written to ``bench_out/study_bench.json``. Timings on a shared machine are
noisy: compare ratios from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from chippack.study import make_executor, run_study, study_from_mapping  # noqa: E402


def seed000_study(variants: int, refine: float, k_of_t: bool = True,
                  mesh_growth: float | None = 2.0) -> dict:
    return {
        "name": f"benchmark: seed-000 sweep, {variants} variants",
        "base": {"family": "dual_sink_fcbga"},
        "parameters": {"die_size": {"range": [10, 14], "unit": "mm"},
                       "bottom_sink_size": {"range": [6, 12], "unit": "mm"},
                       "fin_count": {"range": [0, 8], "integer": True}},
        "design": {"method": "latin_hypercube", "samples": variants, "seed": 0},
        "outputs": ["cold-plate-top.theta", "cold-plate-top.tj_max_c",
                    "cold-plate-top.mesh.cells"],
        "solve": {"environments": ["cold-plate-top"], "refine": refine, "k_of_t": k_of_t,
                  "mesh_growth": mesh_growth},
    }


def measure(study, executor_arg: dict, label: str, folder: pathlib.Path) -> dict:
    t0 = time.perf_counter()
    executor = make_executor(**executor_arg)
    startup = time.perf_counter() - t0
    try:
        t1 = time.perf_counter()
        outcome = run_study(study, folder, executor)
        wall = time.perf_counter() - t1
    finally:
        executor.close()
    ok = [r for r in outcome.rows if r["status"] == "ok"]
    n, w = len(outcome.rows), executor.workers
    solve = statistics.fmean(r["solve_s"] for r in ok)
    in_worker = statistics.fmean(r["time_s"] - r["solve_s"] for r in ok)
    busy = statistics.fmean(r["time_s"] for r in ok)
    return {
        "run": label, "workers": w, "variants": n, "failed": n - len(ok),
        "cells_mean": statistics.fmean(r["cold-plate-top.mesh.cells"] for r in ok),
        "startup_s": startup, "wall_s": wall, "variants_per_min": 60 * n / wall,
        "solve_s_mean": solve, "overhead_in_worker_s": in_worker,
        "overhead_outside_worker_s": wall * w / n - busy,
        "extrapolated_1000_s": startup + wall * 1000 / n,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--refine", type=float, default=0.3)
    ap.add_argument("--mesh-growth", type=float, default=2.0,
                    help="the study's mesh_growth (1.5: the mesh's default grading)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--no-k-of-t", action="store_true",
                    help="constant silicon k (one linear solve per variant, not 4-5 Picard)")
    ap.add_argument("--out", default=str(ROOT / "bench_out"))
    args = ap.parse_args()
    study = study_from_mapping(seed000_study(args.variants, args.refine, not args.no_k_of_t,
                                                     args.mesh_growth))
    runs = []
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="chippack-study-bench-") as tmp:
        plan = [({"workers": args.workers}, f"process pool x{args.workers}")]
        if not args.skip_dask:
            plan += [({"dask": "local:1"}, "Dask LocalCluster x1"),
                     ({"dask": "local:2"}, "Dask LocalCluster x2")]
        for i, (executor_arg, label) in enumerate(plan):
            print(f"running {label} ...", flush=True)
            runs.append(measure(study, executor_arg, label, pathlib.Path(tmp) / f"run{i}"))
    result = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                          "python": platform.python_version(),
                          "load_avg_1min": os.getloadavg()[0]},
              "variants": args.variants, "refine": args.refine, "k_of_t": not args.no_k_of_t,
              "mesh_growth": args.mesh_growth,
              "load_avg_start": load_start,
              "runs": runs}
    dask = {r["run"]: r for r in runs if r["run"].startswith("Dask")}
    if len(dask) == 2:
        t1 = dask["Dask LocalCluster x1"]["wall_s"]
        t2 = dask["Dask LocalCluster x2"]["wall_s"]
        result["dask_speedup_2_vs_1"] = t1 / t2
        result["dask_efficiency_2_workers"] = t1 / (2 * t2)
    cols = ("run", "variants", "failed", "cells_mean", "startup_s", "wall_s", "variants_per_min",
            "solve_s_mean", "overhead_in_worker_s", "overhead_outside_worker_s",
            "extrapolated_1000_s")
    print(" | ".join(cols))
    for r in runs:
        print(" | ".join(f"{r[c]:.3g}" if isinstance(r[c], float) else str(r[c]) for c in cols))
    if "dask_efficiency_2_workers" in result:
        print(f"Dask 2 vs 1 worker: speed-up {result['dask_speedup_2_vs_1']:.2f}, "
              f"efficiency {result['dask_efficiency_2_workers']:.0%}")
    print(f"load average (1 min) at the end: {result['machine']['load_avg_1min']:.1f} "
          f"on {os.cpu_count()} cores")
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "study_bench.json").write_text(json.dumps(result, indent=2))
    print(f"written: {out / 'study_bench.json'}")


if __name__ == "__main__":
    main()
