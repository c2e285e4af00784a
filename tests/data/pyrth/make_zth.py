"""Write chippack's Zth curves for the PyRth comparison and the model's exact Cauer ladder.

1. ``chippack_zth.csv``: the junction step response of seed 001's bumped-sink flip chip
   (``examples/bumped_sink_flipchip.yaml``) against the top cold plate, 1 us .. 100 s,
   40 points per decade, marched at 80 BDF2 steps per decade on the base geometric
   sequence (no step growth: the growing steps of the default march left 1e-3 errors at
   1-2 ms, the die region; these are within 1.1e-4 of the exact ladder's Zth, and output
   times are every second step time: no interpolation), read at the junction sensor as ``chippack zth``
   does (the source-layer cell of the steady peak: a corner cell of the die, under the
   sink-bump array's edge; Zth(inf) = the steady θJC 0.4561 K/W).  PyRth asks for at
   least 100 points.
2. ``chippack_zth_mean.csv``: the same march read as the power-weighted source-layer mean
   (``p^T T``): the driving-point impedance ``p^T (sC + G)^-1 p``, the one curve of this
   model that has an exact Cauer ladder (a point sensor away from the heated area's
   "centre of power" has a signed time-constant spectrum, no passive ladder; see
   ``chippack.metrics.zth``), so the one on which deconvolutions are scored against the
   exact ladder.
3. ``exact_ladder.csv`` (``--ladder``; minutes): the discrete model's own Cauer ladder of
   the driving point, with no time stepping and no deconvolution: Lanczos on
   ``J = C^-1/2 G C^-1/2`` from ``C^-1/2 p`` (p the junction weights) gives the Jacobi
   matrix of ``Z(s) = p^T (sC + G)^-1 p``, whose continued fraction at s = infinity is
   the Cauer ladder from the junction, rung by rung (Gragg & Harrod 1984; full
   re-orthogonalisation), so its first rungs are exact.  2000 steps reach the cold-plate
   side (total R equals the steady p^T G^-1 p to 1e-4).

Usage (a few seconds; minutes with --ladder)::

    PYTHONPATH=src python tests/data/pyrth/make_zth.py [--ladder]
    /work/pyrth-venv/bin/python tests/data/pyrth/run_pyrth.py
"""

import pathlib
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

import chippack
from chippack.mesh.package import mesh_layout
from chippack.metrics.environment import Environment
from chippack.metrics.power import die_power
from chippack.metrics.run import build_problem, source_layers
from chippack.metrics.zth import log_times, step_response
from chippack.thermal import assemble

HERE = pathlib.Path(__file__).resolve().parent
PER_DECADE, STEPS_PER_DECADE, RUNGS = 40, 80, 2000


def problem():
    design = chippack.load(chippack.example_path("bumped_sink_flipchip"))
    mesh = mesh_layout(design.layout, None)
    q = die_power(mesh, None, None)
    return build_problem(mesh, Environment(name="cold-plate-top"), q, None, False), q, mesh


def lanczos_ladder(g: sp.spmatrix, c: np.ndarray, p: np.ndarray, steps: int):
    """First ``steps - 1`` rungs (R, C) of the exact Cauer ladder of (G, C) seen from p."""
    isq = 1.0 / np.sqrt(c)
    j = sp.csr_matrix(sp.diags(isq) @ g @ sp.diags(isq))
    q0 = isq * p
    total = float(q0 @ q0)
    basis = np.zeros((steps, q0.size))
    basis[0] = q0 / np.sqrt(total)
    alpha, beta = np.zeros(steps), np.zeros(steps)
    for k in range(steps):
        v = j @ basis[k]
        alpha[k] = basis[k] @ v
        for _ in range(2):
            v -= basis[:k + 1].T @ (basis[:k + 1] @ v)
        if k + 1 < steps:
            beta[k] = np.linalg.norm(v)
            basis[k + 1] = v / beta[k]
    cc, rr = np.zeros(steps), np.zeros(steps)
    cc[0], g_prev = 1.0 / total, 0.0
    for k in range(steps):          # as chippack.metrics.structure.foster_to_cauer
        g_here = alpha[k] * cc[k] - g_prev
        rr[k] = 1.0 / g_here
        if k + 1 < steps:
            cc[k + 1] = 1.0 / (rr[k] ** 2 * beta[k] ** 2 * cc[k])
        g_prev = g_here
    return rr[:-1], cc[:-1]         # the last rung lumps the rest: not exact


def write_curve(name: str, times: np.ndarray, z: np.ndarray) -> None:
    rows = "\n".join(f"{t:.9e},{v:.9e}" for t, v in zip(times, z, strict=True))
    (HERE / name).write_text("time_s,zth_K_per_W\n" + rows + "\n")


def main() -> None:
    prob, q, mesh = problem()
    times = log_times(1e-6, 100.0, PER_DECADE)
    z, info = step_response(prob, q, times, steps_per_decade=STEPS_PER_DECADE,
                            step_error=None, sensors=source_layers(mesh))
    write_curve("chippack_zth.csv", times, z)
    print(f"Zth at the sensor {info['sensor_cell']}: {times.size} points, {info['steps']} "
          f"steps, Zth(100 s) = {z[-1]:.5f} K/W (steady {info['zth_steady_k_w']:.5f})")
    z, info = step_response(prob, q, times, steps_per_decade=STEPS_PER_DECADE,
                            step_error=None)
    write_curve("chippack_zth_mean.csv", times, z)
    print(f"Zth of the power-weighted mean: Zth(100 s) = {z[-1]:.5f} K/W")
    if "--ladder" not in sys.argv:
        return
    s = assemble(prob)
    p = q.ravel()[s.cells]
    p = p / p.sum()
    t0 = time.perf_counter()
    r, c = lanczos_ladder(sp.csr_matrix(s.matrix), s.capacity, p, RUNGS)
    r_steady = float(p @ spla.spsolve(sp.csc_matrix(s.matrix), p))
    rows = "\n".join(f"{a:.9e},{b:.9e}" for a, b in zip(np.cumsum(r), np.cumsum(c),
                                                          strict=True))
    (HERE / "exact_ladder.csv").write_text("Rth_cum_K_per_W,Cth_cum_J_per_K\n" + rows + "\n")
    print(f"ladder: {RUNGS} Lanczos steps in {time.perf_counter() - t0:.0f} s, total R "
          f"{np.sum(r):.5f} vs steady {r_steady:.5f} K/W")


if __name__ == "__main__":
    main()
