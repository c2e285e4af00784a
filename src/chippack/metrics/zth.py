"""Junction step response Zth(t) and its time-constant spectrum from a conduction model.

Two routes to the Foster network of a junction:

* **from the model** (:func:`model_foster`): the semi-discrete system
  ``C dT/dt + G T = p P(t)`` has the exact modal solution
  ``Zth(t) = sum_k (phi_k^T p)^2 / lambda_k (1 - exp(-lambda_k t))`` with
  ``G phi = lambda C phi`` (C-orthonormal); ``p`` are the junction's power weights (sum
  1), and Tj is the p-weighted mean, so Z is symmetric.  Small models are decomposed
  in full (``scipy.linalg.eigh``); large ones keep the slowest ``modes`` from
  ``scipy.sparse.linalg.eigsh`` (shift-invert at 0) and lump the rest of the steady
  resistance ``p^T G^-1 p`` into one fast term;
* **from a curve** (:func:`step_response`, then
  :func:`chippack.metrics.structure.fit_foster`): implicit time stepping of the heating
  curve on log-spaced times, then NNLS deconvolution.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from chippack.metrics.structure import Foster
from chippack.thermal.problem import ConductionProblem
from chippack.thermal.transient import TransientSolver

#: Largest model decomposed in full (dense eigh), unknowns.
DENSE_MAX = 2500


def model_foster(g: sp.spmatrix, c: np.ndarray, p: np.ndarray, modes: int = 60) -> Foster:
    """Foster network of the junction straight from the conductance matrix ``g`` (W/K),
    the capacities ``c`` (J/K) and the junction weights ``p`` (sum 1)."""
    p = np.asarray(p, float) / np.sum(p)
    n = p.size
    if n <= DENSE_MAX:
        lam, phi = la.eigh(g.toarray() if sp.issparse(g) else g, np.diag(c))
        w = (phi.T @ p) ** 2
        keep = w > 0
        return _sorted(w[keep] / lam[keep], 1.0 / lam[keep])
    lam, phi = spla.eigsh(sp.csc_matrix(g), k=min(modes, n - 2), M=sp.diags(c), sigma=0.0,
                          which="LM")
    w = (phi.T @ p) ** 2
    r = w / lam
    r_total = float(p @ spla.spsolve(sp.csc_matrix(g), p))
    rest = r_total - r.sum()
    tau = 1.0 / lam
    if rest > 1e-12 * r_total:     # the faster modes, lumped at the fastest kept tau / 10
        r = np.append(r, rest)
        tau = np.append(tau, tau.min() / 10.0)
    return _sorted(r, tau)


def _sorted(r: np.ndarray, tau: np.ndarray) -> Foster:
    order = np.argsort(tau)
    return Foster(np.asarray(r)[order], np.asarray(tau)[order])


def log_times(t_first: float = 1e-6, t_last: float = 1000.0, per_decade: int = 10) -> np.ndarray:
    """Log-spaced output times, s."""
    n = int(round(np.log10(t_last / t_first) * per_decade)) + 1
    return np.logspace(np.log10(t_first), np.log10(t_last), n)


def step_response(problem: ConductionProblem, p_cells: np.ndarray, times: np.ndarray,
                  steps_per_decade: int = 20, method: str | None = None
                  ) -> tuple[np.ndarray, dict]:
    """Zth(t) (K/W) of a unit power step with weights ``p_cells`` ((nx, ny, nz), W per cell,
    any scale) at ``times`` (increasing, > 0), by backward-Euler/BDF2 steps whose size
    grows decade by decade (one solver set-up per decade, reused within it).  The
    junction temperature is the p-weighted mean.  Returns Zth and solver facts."""
    p_cells = np.asarray(p_cells, float)
    total = p_cells.sum()
    prob = problem.replace(power=p_cells / total)
    kw = {"method": method} if method else {}
    s = TransientSolver(prob, scheme="bdf2", **kw)   # starts uniform at the sink temperature
    w = (p_cells.ravel()[s.system.cells]) / total
    t_hist, z_hist = [0.0], [0.0]
    t_now, steps = 0.0, 0
    decade = 10.0 ** np.floor(np.log10(times[0]))
    while t_now < times[-1] * (1 - 1e-12):
        dt = decade / steps_per_decade          # one step size (one set-up) per decade
        while t_now < decade * (1 - 1e-9) or (t_now == 0.0):
            s.step(dt)
            t_now += dt
            steps += 1
            t_hist.append(t_now)
            z_hist.append(float(w @ s.theta))
        decade *= 10.0
    th, zh = np.array(t_hist), np.array(z_hist)
    # Zth is smooth in log t: interpolate there between the stepped times
    out = np.interp(np.log(times), np.log(th[1:]), zh[1:])
    return out, {"steps": steps, "setups": len(s._solvers),
                 "hierarchy_builds": s.hierarchy_builds,
                 "step_sizes": len({d for (_, d) in s._solvers})}


def junction_zth(layout, env_name: str = "cold-plate-top", t_first: float = 1e-6,
                 t_last: float = 1000.0, mesh_options=None, progress=None,
                 top_contact_r: float = 0.0) -> dict:
    """Zth(t) of a package's dies (JEDEC environment ``env_name``, unit step of the dies'
    power map), its NNLS Foster network with the fit error, the Cauer equivalent and
    the structure functions.  ``top_contact_r`` (K m^2/W) puts a contact resistance
    between the package top and the cold plate (``cold-plate-top`` only; 0 = ideal).
    Returns plain arrays and facts."""
    from chippack.layout.fixtures import on_jedec_board
    from chippack.mesh.package import mesh_layout
    from chippack.metrics.environment import Environment, film_coefficients
    from chippack.metrics.power import die_power
    from chippack.metrics.run import build_problem
    from chippack.metrics.structure import fit_foster, foster_to_cauer, structure_function

    env = Environment(name=env_name)
    if env.needs_board:
        layout = on_jedec_board(layout, env.board)
    mesh = mesh_layout(layout, mesh_options)
    q = die_power(mesh, None, None)
    film = film_coefficients(env, env.ambient + 20.0, layout) if env.air_cooled else None
    problem = build_problem(mesh, env, q, film, False)
    if top_contact_r > 0 and env_name == "cold-plate-top":
        from chippack.thermal.problem import SideCondition
        top = problem.sides["zmax"]
        h = np.where(np.isinf(top.h), 1.0 / top_contact_r, top.h)
        problem = problem.replace(sides={**problem.sides, "zmax": SideCondition(h=h, t=top.t)})
    times = log_times(t_first, t_last, 10)
    z, info = step_response(problem, q, times)
    foster, err = fit_foster(times, z)
    cauer = foster_to_cauer(foster)
    sf = structure_function(cauer)
    return {"times_s": times, "zth_k_w": z, "foster": foster, "fit_error": err,
            "cauer": cauer, "structure": sf, "steps": info["steps"],
            "setups": info["setups"], "hierarchy_builds": info["hierarchy_builds"],
            "step_sizes": info["step_sizes"], "cells": mesh.n_cells, "environment": env_name}
