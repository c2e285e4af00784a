"""Time constants from the model (eigen / shift-invert Lanczos) vs deconvolution of Zth.

Usage::

    python benchmarks/zth_modes.py              # 1-D slab and the seed-001 package

Two routes to the junction's Foster network:

* **modes**: ``chippack.metrics.zth.model_foster`` -- ``G phi = lambda C phi``, dense
  ``scipy.linalg.eigh`` up to 2500 unknowns, else ``scipy.sparse.linalg.eigsh`` (shift-
  invert at 0, the slowest ``modes``; the rest of ``p^T G^-1 p`` lumped in one term);
* **deconvolution**: ``step_response`` (BDF2, one step size per decade) then
  ``fit_foster`` (NNLS on a 10-per-decade tau grid) -- the production route of
  ``junction_zth``.

Cases: (1) Si 0.5 mm / Cu 2 mm slab, 60 cells per layer, against the exact series
solution (eigenmodes of the continuous two-layer slab are not needed: the dense eigh of
the discrete model is exact for it, and the continuous Zth is approached to the half-cell
offset); accuracy = max |Zth - Zth_exact| / Zth_exact(end) from 1e-3 L^2/a on.
(2) the seed-001 package against the top cold plate at the default mesh; the reference
is a BDF2 heating curve at 80 steps per decade; accuracy = max error / Zth(end).
Written to ``bench_out/zth_modes.json``.
"""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path

import numpy as np

from chippack.metrics.structure import fit_foster
from chippack.metrics.zth import log_times, model_foster, step_response
from chippack.thermal import assemble


def slab_case() -> dict:
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "metrics"))
    from test_zth import A, slab

    layers = [(0.5e-3, 148.0, 2330 * 705.0), (2e-3, 390.0, 8960 * 385.0)]
    prob, power = slab(layers, 60)
    t = log_times(1e-6, 10.0, 10)
    # exact discrete reference: dense eigh of the same model (all 120 modes)
    sysm = assemble(prob)
    p = power.ravel()[sysm.cells]
    t0 = time.perf_counter()
    dense = model_foster(sysm.matrix, sysm.capacity, p)
    t_dense = time.perf_counter() - t0
    z_ref = dense.zth(t)
    t0 = time.perf_counter()
    from chippack.metrics import zth as zmod
    old, zmod.DENSE_MAX = zmod.DENSE_MAX, 0         # force the sparse shift-invert route
    try:
        sparse = model_foster(sysm.matrix, sysm.capacity, p, modes=30)
    finally:
        zmod.DENSE_MAX = old
    t_sparse = time.perf_counter() - t0
    t0 = time.perf_counter()
    z_step, info = step_response(prob, power, t)
    fos, fit_err = fit_foster(t, z_step)
    t_dec = time.perf_counter() - t0
    z_end = z_ref[-1]
    return {"case": "Si/Cu slab, 120 cells", "exact": "dense eigh of the model",
            "r_total_k_w": float(dense.r.sum()) + 0 * A,
            "eigsh_30_modes": {"s": t_sparse, "max_err": float(np.max(np.abs(
                sparse.zth(t) - z_ref)) / z_end)},
            "dense_eigh": {"s": t_dense, "max_err": 0.0},
            "deconvolution": {"s": t_dec, "steps": info["steps"], "fit_error": fit_err,
                              "max_err": float(np.max(np.abs(fos.zth(t) - z_ref)) / z_end)}}


def package_case() -> dict:
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla

    from chippack.design import load_layout
    from chippack.examples import example_path
    from chippack.layout.fixtures import on_jedec_board  # noqa: F401  (env needs no board)
    from chippack.mesh.package import mesh_layout
    from chippack.metrics.environment import Environment
    from chippack.metrics.power import die_power
    from chippack.metrics.run import build_problem

    layout = load_layout(example_path("bumped_sink_flipchip"))
    env = Environment(name="cold-plate-top")
    mesh = mesh_layout(layout, None)
    q = die_power(mesh, None, None)
    prob = build_problem(mesh, env, q, None, False)
    t = log_times(1e-6, 100.0, 10)
    t0 = time.perf_counter()
    z_ref, _ = step_response(prob, q, t, steps_per_decade=80)
    t_ref = time.perf_counter() - t0
    t0 = time.perf_counter()
    z_step, info = step_response(prob, q, t)
    fos, fit_err = fit_foster(t, z_step)
    t_dec = time.perf_counter() - t0
    out = {"case": "seed-001 package, cold plate top", "cells": int(mesh.n_cells),
           "reference": f"BDF2 80 steps/decade ({t_ref:.1f} s)",
           "deconvolution": {"s": t_dec, "steps": info["steps"], "fit_error": fit_err,
                             "max_err": float(np.max(np.abs(fos.zth(t) - z_ref)) / z_ref[-1])}}
    sysm = assemble(prob.replace(power=q / q.sum()))
    p = q.ravel()[sysm.cells] / q.sum()
    for modes in (30, 100):
        t0 = time.perf_counter()
        try:
            m = model_foster(sysm.matrix, sysm.capacity, p, modes=modes)
            err = float(np.max(np.abs(m.zth(t) - z_ref)) / z_ref[-1])
        except (RuntimeError, spla.ArpackNoConvergence) as exc:   # report, not crash
            err = f"failed: {exc}"
        out[f"eigsh_{modes}_modes"] = {"s": time.perf_counter() - t0, "max_err": err}
    out["unknowns"] = int(sp.csr_matrix(sysm.matrix).shape[0])
    return out


def main() -> None:
    rows = [slab_case(), package_case()]
    for r in rows:
        print(json.dumps(r, indent=1))
    out = Path("bench_out")
    out.mkdir(exist_ok=True)
    (out / "zth_modes.json").write_text(json.dumps(
        {"rows": rows, "machine": platform.platform()}, indent=1))


if __name__ == "__main__":
    main()
