"""Benchmark of parametric studies: a 1000-variant seed-000 study, and Dask 1 vs 2 workers.

Usage::

    python benchmarks/study.py                      # make bench: the two parts below
    python benchmarks/study.py --variants 1000 --skip-dask    # the 1000-variant part only
    python benchmarks/study.py --dask-variants 0    # no Dask part
    python benchmarks/study.py --variants 50 --dask-variants 50   # a quick look

The study: the dual-sink FCBGA family (seed 000), die size 10-14 mm x bottom-sink size
6-12 mm x fin count 0-8 by Latin hypercube (seed 0), each variant solved on the top
cold plate (the package alone, θJC) with the CLI's defaults (k(T) on, homogenized joint
arrays) at ``refine`` 0.3 and the study option ``mesh_growth: 2`` (neighbouring cells
may differ by 2x instead of 1.5x), about 5e4 cells per variant (with the default grading
the geometry's floor is ~8e4; θJC of the seed-000 example changes by 0.04 % between the
two). Every variant is a distinct geometry, so no hierarchy is reused.

Two parts, each run in a fresh folder (nothing cached), each a measurement of what it
says (nothing is extrapolated):

1. ``--variants`` (1000) variants on the default executor, a local process pool of
   ``--workers`` (2) processes: the < 10 min target;
2. the first ``--dask-variants`` (100) of the same Latin hypercube on a Dask
   ``LocalCluster`` with 1 worker, then with 2: parallel efficiency E = T(1) / (2 T(2)).

Reported per run: executor start-up and wall time (their sum is the study's time),
variants per minute, and where a variant's time goes: in the worker, load (parse + lay
out), fixture layout, mesh, assembly, solver (multigrid set-up + PCG, Picard passes),
the rest of the thermal solve (problem and boundary conditions, metrics, the results
dict) and the rest of the row (outputs); in the driver, planning (resolve + content
key), writing rows and rewriting results.parquet; and what is left of workers x wall /
n (idle workers: start-up, scheduling, the last batches' tail). The table is printed
and written to ``bench_out/study_bench.json``. Timings on a shared machine are noisy:
compare ratios from one run, and read the load average printed with them.
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


def mean(rows: list[dict], key: str) -> float:
    return statistics.fmean((r.get(key) or 0.0) for r in rows)


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
    worker = {k: mean(ok, k) for k in ("load_s", "layout_s", "mesh_s", "assembly_s",
                                       "solver_s", "solve_s", "time_s", "cpu_s")}
    worker["thermal_rest_s"] = worker["solve_s"] - sum(
        worker[k] for k in ("layout_s", "mesh_s", "assembly_s", "solver_s"))
    worker["row_rest_s"] = worker["time_s"] - worker["load_s"] - worker["solve_s"]
    driver = {k: v / n for k, v in outcome.timings.items()}
    return {
        "run": label, "workers": w, "variants": n, "failed": n - len(ok),
        "cells_mean": statistics.fmean(r["cold-plate-top.mesh.cells"] for r in ok),
        "startup_s": startup, "wall_s": wall, "total_s": startup + wall,
        "variants_per_min": 60 * n / (startup + wall),
        "per_variant_in_worker_s": worker, "per_variant_in_driver_s": driver,
        "solver_s_mean": worker["solver_s"],
        "outside_solver_s_mean": worker["time_s"] - worker["solver_s"],
        "idle_per_variant_s": wall * w / n - worker["time_s"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=int, default=1000)
    ap.add_argument("--dask-variants", type=int, default=100,
                    help="variants of the Dask 1-vs-2-worker runs (0: none)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--refine", type=float, default=0.3)
    ap.add_argument("--mesh-growth", type=float, default=2.0,
                    help="the study's mesh_growth (1.5: the mesh's default grading)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-pool", action="store_true")
    ap.add_argument("--no-k-of-t", action="store_true",
                    help="constant silicon k (one linear solve per variant, not 4-5 Picard)")
    ap.add_argument("--out", default=str(ROOT / "bench_out"))
    args = ap.parse_args()
    k_of_t = not args.no_k_of_t
    plan = []
    if not args.skip_pool and args.variants:
        plan.append((args.variants, {"workers": args.workers}, f"process pool x{args.workers}"))
    if not args.skip_dask and args.dask_variants:
        plan += [(args.dask_variants, {"dask": "local:1"}, "Dask LocalCluster x1"),
                 (args.dask_variants, {"dask": "local:2"}, "Dask LocalCluster x2")]
    runs = []
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="chippack-study-bench-") as tmp:
        for i, (n, executor_arg, label) in enumerate(plan):
            study = study_from_mapping(seed000_study(n, args.refine, k_of_t, args.mesh_growth))
            print(f"running {n} variants on {label} (load {os.getloadavg()[0]:.1f}) ...",
                  flush=True)
            runs.append(measure(study, executor_arg, label, pathlib.Path(tmp) / f"run{i}"))
            runs[-1]["load_avg_1min_after"] = os.getloadavg()[0]
    result = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                          "python": platform.python_version()},
              "refine": args.refine, "k_of_t": k_of_t, "mesh_growth": args.mesh_growth,
              "load_avg_start": load_start, "runs": runs}
    dask = {r["run"]: r for r in runs if r["run"].startswith("Dask")}
    if len(dask) == 2:
        t1 = dask["Dask LocalCluster x1"]["wall_s"]
        t2 = dask["Dask LocalCluster x2"]["wall_s"]
        result["dask_speedup_2_vs_1"] = t1 / t2
        result["dask_efficiency_2_workers"] = t1 / (2 * t2)
    cols = ("run", "variants", "failed", "cells_mean", "startup_s", "wall_s", "total_s",
            "variants_per_min", "solver_s_mean", "outside_solver_s_mean", "idle_per_variant_s",
            "load_avg_1min_after")
    print(" | ".join(cols))
    for r in runs:
        print(" | ".join(f"{r[c]:.3g}" if isinstance(r[c], float) else str(r[c]) for c in cols))
    for r in runs:
        wk = ", ".join(f"{k} {v:.3f}" for k, v in r["per_variant_in_worker_s"].items())
        dr = ", ".join(f"{k} {v:.4f}" for k, v in r["per_variant_in_driver_s"].items())
        print(f"{r['run']}: per variant in the worker: {wk}; in the driver: {dr}")
    pool = next((r for r in runs if r["run"].startswith("process pool")), None)
    if pool is not None:
        verdict = "met" if pool["variants"] >= 1000 and pool["total_s"] < 600 else "not met"
        print(f"{pool['variants']} variants on the pool: {pool['total_s']:.0f} s measured "
              f"(target: 1000 in < 600 s: {verdict})")
        print(f"CPU per variant in a worker {pool['per_variant_in_worker_s']['cpu_s']:.3f} s "
              f"of {pool['per_variant_in_worker_s']['time_s']:.3f} s wall: on {pool['workers']} "
              f"idle cores 1000 variants would take about "
              f"{1000 * pool['per_variant_in_worker_s']['cpu_s'] / pool['workers']:.0f} s "
              "(an estimate from CPU seconds, not a measurement)")
    if "dask_efficiency_2_workers" in result:
        print(f"Dask 2 vs 1 worker ({args.dask_variants} variants): speed-up "
              f"{result['dask_speedup_2_vs_1']:.2f}, efficiency "
              f"{result['dask_efficiency_2_workers']:.0%}")
    print(f"load average (1 min) at the start {load_start[0]:.1f}, at the end "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "study_bench.json").write_text(json.dumps(result, indent=2))
    print(f"written: {out / 'study_bench.json'}")


if __name__ == "__main__":
    main()
