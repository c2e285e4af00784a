"""Speed benchmark of the mechanics stage (``make bench`` runs it after the thermal one).

Rows:

* ``seed000-warpage``: ``warpage_study`` of ``examples/dual_sink_fcbga.yaml`` at 25 °C,
  end to end (layout, mesh, assembly, AMG set-up, projected CG, warpage, stresses);
* ``plate``: a free-free two-layer plate (V8 materials) on a uniform grid sized to about
  ``--dofs`` unknowns (default 1e6), solved three ways in the same run:
  - ``chippack``: :func:`chippack.mechanics.solve.solve` (pyamg smoothed aggregation with
    the six rigid-body modes, CG in the complement of the rigid-body modes);
  - ``pyamg-sa-rbm``: stock ``pyamg.smoothed_aggregation_solver(K, B=rbm)`` and
    ``ml.solve(f, tol=1e-8, accel="cg")`` on the same singular system;
  - ``splu``: ``scipy.sparse.linalg.splu`` of K with six DOFs of a 3-2-1 set removed
    (skipped above ``--direct-max`` unknowns: SuperLU's fill-in on 3-D meshes).

Usage::

    python benchmarks/mechanics.py                 # both rows, plate at 1e6 unknowns
    python benchmarks/mechanics.py --dofs 3e4      # quick ratios on a small plate
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np


def seed000_row() -> dict:
    from chippack.design import load_layout
    from chippack.examples import example_path
    from chippack.mechanics.study import warpage_study

    t0 = time.perf_counter()
    study = warpage_study(load_layout(example_path("dual_sink_fcbga")), at=(25.0,))
    case = study.cases[0]
    return {"row": "seed000-warpage", "total_s": time.perf_counter() - t0,
            "dofs": study.elements.n_dofs, "iterations": case.solution.iterations,
            "ball_side_um": case.faces["ball_side"].warpage * 1e6}


def plate_rows(dofs: float, direct_max: float) -> list[dict]:
    import pyamg
    import scipy.sparse.linalg as spla

    from chippack.materials import Material
    from chippack.mechanics.assembly import assemble, solid_elements
    from chippack.mechanics.loads import StressFree
    from chippack.mechanics.solve import rigid_body_modes, solve
    from chippack.mesh.grid import RectilinearGrid
    from chippack.mesh.package import SOLID, MeshOptions, PackageMesh

    n = max(4, int(round((dofs / 3 / 8) ** (1 / 2))))  # n × n × 8 cells ≈ dofs / 3 nodes
    grid = RectilinearGrid.uniform((20e-3, 20e-3, 2e-3), (n, n, 8))
    part = np.zeros(grid.shape, dtype=np.int32)
    part[:, :, 4:] = 1
    mats = tuple(Material(f"m{i}", "metal", (1.0,) * 3, 1.0, 1.0, youngs_modulus=1e11,
                          poisson_ratio=0.3, cte=(a,) * 3) for i, a in enumerate((1e-5, 2e-5)))
    mesh = PackageMesh(None, grid, part, ("a", "b"), part.copy(), mats,
                       np.full(grid.shape, SOLID, dtype=np.int8), MeshOptions())
    el = solid_elements(mesh)
    t0 = time.perf_counter()
    system = assemble(el, 100.0, StressFree({"a": 0.0, "b": 0.0}, {}))
    t_asm = time.perf_counter() - t0
    rows = []
    t0 = time.perf_counter()
    sol = solve(system)
    t_ours = time.perf_counter() - t0
    u_ref = sol.displacement.ravel()
    rows.append({"row": "plate", "method": "chippack", "dofs": el.n_dofs, "assembly_s": t_asm,
                 "solve_s": t_ours, "iterations": sol.iterations})
    q = rigid_body_modes(el.coords)
    t0 = time.perf_counter()
    ml = pyamg.smoothed_aggregation_solver(system.matrix, B=q)
    res: list[float] = []
    x = ml.solve(system.load, tol=1e-8, accel="cg", residuals=res, maxiter=2000)
    t_stock = time.perf_counter() - t0
    x -= q @ (q.T @ x)
    rows.append({"row": "plate", "method": "pyamg-sa-rbm", "dofs": el.n_dofs,
                 "solve_s": t_stock, "iterations": len(res) - 1,
                 "max_du_rel": float(np.abs(x - u_ref).max() / np.abs(u_ref).max())})
    if el.n_dofs <= direct_max:
        keep = np.setdiff1d(np.arange(el.n_dofs), _three_two_one(el.coords))
        t0 = time.perf_counter()
        k = system.matrix.tocsc()[keep][:, keep]
        lu = spla.splu(k)
        y = np.zeros(el.n_dofs)
        y[keep] = lu.solve(system.load[keep])
        t_lu = time.perf_counter() - t0
        y -= q @ (q.T @ y)
        rows.append({"row": "plate", "method": "splu", "dofs": el.n_dofs, "solve_s": t_lu,
                     "max_du_rel": float(np.abs(y - u_ref).max() / np.abs(u_ref).max())})
    for r in rows:
        r["ratio_vs_chippack"] = r["solve_s"] / t_ours
    return rows


def _three_two_one(coords: np.ndarray) -> np.ndarray:
    """Six DOFs that hold a body statically determinately (3-2-1 on three corner nodes)."""
    lo = coords.min(axis=0)
    d = np.linalg.norm(coords - lo, axis=1)
    a = int(np.argmin(d))
    b = int(np.argmin(np.linalg.norm(coords - (lo + [np.ptp(coords[:, 0]), 0, 0]), axis=1)))
    c = int(np.argmin(np.linalg.norm(coords - (lo + [0, np.ptp(coords[:, 1]), 0]), axis=1)))
    return np.array([3 * a, 3 * a + 1, 3 * a + 2, 3 * b + 1, 3 * b + 2, 3 * c + 2])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dofs", type=float, default=1e6)
    ap.add_argument("--direct-max", type=float, default=1.2e6)
    ap.add_argument("--rows", default="seed000,plate")
    ap.add_argument("--out", default="bench_out/mechanics.json")
    a = ap.parse_args()
    rows = []
    if "seed000" in a.rows:
        rows.append(seed000_row())
        print(rows[-1], flush=True)
    if "plate" in a.rows:
        for r in plate_rows(a.dofs, a.direct_max):
            rows.append(r)
            print(r, flush=True)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                               "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
