"""Junction step response Zth(t) and its time-constant spectrum from a conduction model.

**The junction** is the one of the steady metrics (``docs/physics.md`` section 1): a
sensor at the source-layer cell where the steady temperature peaks (the hottest point of
all dies' source layers, :func:`chippack.metrics.run.junction_sensor`), fixed there for
the whole heating curve as a real sensor is, and ``Zth(t) = (T_sensor(t) - T0) / P``
with P the total power of all dies stepped on together.  So ``Zth(t -> inf)`` is the
steady θ of the same environment and mesh.  On a uniformly heated single die that is the
die centre (the JESD51-4 test-die sensor); with a non-uniform power map it is the hot
spot, and with several dies the hottest die's hot spot responding to the power of all of
them (a transfer impedance, as a measurement with all dies on reads it; the per-die
self-heating curves would need one run per die).

Two routes to the Foster network of a junction:

* **from the model** (:func:`model_foster`): the semi-discrete system
  ``C dT/dt + G T = p P(t)`` has the exact modal solution
  ``Zth(t) = sum_k (phi_k^T p)(phi_k^T e) / lambda_k (1 - exp(-lambda_k t))`` with
  ``G phi = lambda C phi`` (C-orthonormal), ``p`` the power weights (sum 1) and ``e``
  the read-out (the sensor cell's unit vector; ``e = p``, the power-weighted mean, is the
  driving-point case).  With ``e != p`` the coefficients are not squares and can be
  negative (modes that are hotter at the sensor than on the heated area's average give
  positive ones, the others negative); the Zth they sum to is still exact and monotone
  (a step of non-negative power warms every cell for all t, maximum principle), but a
  signed spectrum has no passive Cauer ladder, so structure functions come from the NNLS
  (non-negative) fit of the curve (:func:`chippack.metrics.structure.fit_foster`).
  Small models are decomposed in full (``scipy.linalg.eigh``); large ones keep the
  slowest ``modes`` from ``scipy.sparse.linalg.eigsh`` (shift-invert at 0) and lump the
  rest of the steady resistance ``e^T G^-1 p`` into one fast term;
* **from a curve** (:func:`step_response`, then
  :func:`chippack.metrics.structure.fit_foster`): implicit time stepping of the heating
  curve on log-spaced times, then NNLS deconvolution.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from chippack.errors import ChippackError
from chippack.metrics.structure import Foster
from chippack.thermal.errors import EnergyBalanceError
from chippack.thermal.problem import ConductionProblem
from chippack.thermal.solver import DEFAULT_METHOD, LinearSolver
from chippack.thermal.transient import (
    TransientSolver,
    bdf2_coefficients,
    bdf2_energy_error,
    extrapolated_increment,
    hierarchy_outgrown,
)

#: Largest model decomposed in full (dense eigh), unknowns.
DENSE_MAX = 2500


def model_foster(g: sp.spmatrix, c: np.ndarray, p: np.ndarray, modes: int = 60,
                 sensor: np.ndarray | None = None) -> Foster:
    """Foster network of the junction straight from the conductance matrix ``g`` (W/K),
    the capacities ``c`` (J/K), the power weights ``p`` (any scale, normalised to sum 1)
    and the read-out weights ``sensor`` (unknown-space vector: the sensor cell's unit
    vector; default ``p``, the power-weighted mean).  ``R_k = (phi_k^T p)(phi_k^T e) /
    lambda_k``, ``tau_k = 1 / lambda_k``: with a sensor other than ``p`` some R_k may be
    < 0 (kept: the sum is the exact Zth; no Cauer ladder exists for such a network)."""
    p = np.asarray(p, float) / np.sum(p)
    e = p if sensor is None else np.asarray(sensor, float)
    n = p.size
    if n <= DENSE_MAX:
        lam, phi = la.eigh(g.toarray() if sp.issparse(g) else g, np.diag(c))
        w = (phi.T @ p) * (phi.T @ e)
        keep = w != 0
        return _sorted(w[keep] / lam[keep], 1.0 / lam[keep])
    lam, phi = spla.eigsh(sp.csc_matrix(g), k=min(modes, n - 2), M=sp.diags(c), sigma=0.0,
                          which="LM")
    w = (phi.T @ p) * (phi.T @ e)
    r = w / lam
    r_total = float(e @ spla.spsolve(sp.csc_matrix(g), p))
    rest = r_total - r.sum()
    tau = 1.0 / lam
    if abs(rest) > 1e-12 * abs(r_total):   # the faster modes, lumped at the fastest tau / 10
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


#: PCG tolerance of the Zth march, relative to the power vector's norm (not to the step's
#: shrinking right-hand side); a step whose energy balance misses a tenth of its limit is
#: re-solved 100x tighter, down to TIGHT_TOL (the guard of the reflow march).
PCG_TOL, TIGHT_TOL = 1e-7, 1e-10
#: Diagonal-preconditioned CG (no multigrid set-up) while it converges within this many
#: iterations (one costs about a tenth of a z-line multigrid cycle); past it, multigrid
#: for good (C/h only shrinks as the steps grow).
JACOBI_MAX_ITER = 40
#: Local error (relative junction temperature, predictor - corrector) below which the
#: geometric steps of the Zth march grow, and the most they grow (h up to MAX_GROWTH x the
#: base step, i.e. about 2 steps per decade at 10 per decade): near steady state the
#: junction hardly moves and the base sequence spends a fifth of its steps there.
STEP_ERROR, MAX_GROWTH = 1e-3, 8.0


def step_times(t_first: float, t_last: float, steps_per_decade: int) -> np.ndarray:
    """Step end times of the Zth march, s: uniform steps up to ``t_first`` (about
    ``1/(r-1)`` of them, so the first geometric step is no longer than they are), then a
    geometric sequence of ratio ``r = 10**(1/steps_per_decade)`` to ``t_last``."""
    r = 10.0 ** (1.0 / steps_per_decade)
    n0 = max(int(np.ceil(1.0 / (r - 1.0))), 1)
    n_geo = int(np.ceil(np.log(t_last / t_first) / np.log(r) - 1e-9))
    geo = t_first * r ** np.arange(1, n_geo + 1)
    geo[-1] = t_last
    return np.concatenate([t_first * np.arange(1, n0 + 1) / n0, geo])


def step_response(problem: ConductionProblem, p_cells: np.ndarray, times: np.ndarray,
                  steps_per_decade: int = 20, method: str | None = None,
                  pcg_tol: float = PCG_TOL,
                  step_error: float | None = STEP_ERROR,
                  sensors: np.ndarray | None = None) -> tuple[np.ndarray, dict]:
    """Zth(t) (K/W) of a unit power step with weights ``p_cells`` ((nx, ny, nz), W per cell,
    any scale) at ``times`` (increasing, > 0).

    The junction: with ``sensors`` (bool, (nx, ny, nz): the cells a sensor may sit in, the
    dies' source layers) the one of them where the *steady* temperature peaks (found after
    the march by a steady solve warm-started from its last state, on its last multigrid
    hierarchy; the march records every candidate cell), Zth = its rise / P -- the Tj of the
    steady metrics, so Zth(inf) is their θ; the facts give the cell (``sensor_cell``) and
    its steady rise per watt (``zth_steady_k_w``).  Without ``sensors``: the p-weighted
    mean (the driving-point read-out of a heated face, e.g. the 1-D slab tests).

    Variable-step BDF2 (first step backward Euler) on :func:`step_times`: uniform steps
    to ``times[0]``, then steps growing by ``10**(1/steps_per_decade)`` (constant ratio,
    so the relative resolution dt/t is the same in every decade), lengthened up to
    :data:`MAX_GROWTH` x where the junction's local error estimate (predictor - corrector)
    is below ``step_error`` (near steady state; None: the base sequence).  Every step size has
    its own matrix ``K + a0 C/h`` (PCG solves it exactly), but the preconditioners are
    shared: while ``C/h`` dominates, diagonal-preconditioned CG converges in a few
    iterations and needs no set-up (tried while it converges within
    :data:`JACOBI_MAX_ITER`; the Gershgorin bound ``max_i sum_j|K_ij| / (K_ii + a0 C_i/h)``
    is < 1 for every h here, so it cannot decide alone); after
    that one multigrid hierarchy serves all later steps (only the diagonal changes) and
    is rebuilt only when the iterations grow (the reflow march's rule).  Warm start: the
    quadratic extrapolation of the last three states; PCG to ``pcg_tol`` times the
    power norm, guarded by the energy balance (re-solved 100x tighter, down to 1e-10,
    while it misses a tenth of the limit; error beyond it).  The step control watches the
    p-weighted mean (the sensor is known only at the end); Zth between steps is
    interpolated in log t.  Returns Zth and solver facts."""
    t_start = time.perf_counter()
    p_cells = np.asarray(p_cells, float)
    total = p_cells.sum()
    prob = problem.replace(power=p_cells / total)
    method = method or DEFAULT_METHOD
    s = TransientSolver(prob, scheme="bdf2", method=method)   # assembly; uniform start
    K, cap, g = s.system.matrix, s.capacity, s.g
    p_new = s.system.power
    w = (p_cells.ravel()[s.system.cells]) / total
    structure = (np.unravel_index(s.system.cells, s.problem.shape), s.problem.shape)
    cand = None if sensors is None else \
        np.flatnonzero(np.asarray(sensors, bool).ravel()[s.system.cells])
    if cand is not None and cand.size == 0:
        raise ChippackError("sensors: no candidate junction cell is a conducting cell; "
                            "give the dies' source layers (metrics.run.source_layers)")
    cand_hist = [np.zeros(0 if cand is None else cand.size)]
    t_first, t_last = float(times[0]), float(times[-1])
    base = 10.0 ** (1.0 / steps_per_decade)
    uniform = [t for t in step_times(t_first, t_last, steps_per_decade)
               if t <= t_first * (1 + 1e-12)]
    grow = 1.0                           # h = grow x the base geometric step
    theta = s.theta.copy()
    ts, ys = [0.0], [theta.copy()]
    t_hist, z_hist = [0.0], [0.0]
    prev_delta, h_prev, t_now = None, None, 0.0
    mg: LinearSolver | None = None
    fresh = 0
    facts = {"jacobi_steps": 0, "multigrid_steps": 0, "hierarchy_builds": 0,
             "pcg_iterations": 0, "multigrid_iterations": 0, "tightened_steps": 0, "energy_balance_error_max": 0.0,
             "setup_s": 0.0, "per_step": []}
    use_jacobi = method != "direct"
    p_norm = float(np.linalg.norm(p_new))
    loosen = 1.0                         # lowered each time the energy balance needs it
    while t_now < t_last:
        if uniform:
            t_new = uniform.pop(0)
        else:
            ratio = 1.0 + (base - 1.0) * grow
            t_new = t_now * ratio
            if t_new > t_last / (1.0 + 0.25 * (ratio - 1.0)):   # no sliver of a last step
                t_new = t_last
        h = t_new - t_now
        omega = None if h_prev is None else h / h_prev
        a0, _, a2 = bdf2_coefficients(omega)
        rhs = p_new + g - K @ theta
        if a2:
            rhs = rhs + a2 * cap * (theta - ys[-2]) / h
        A = sp.csr_matrix(K + sp.diags(a0 * cap / h))
        x0 = extrapolated_increment(ts, ys, t_new, prev_delta, h, h_prev)
        # PCG tolerance relative to the power scale, not to this step's right-hand side
        # (which shrinks towards steady state); the energy balance guards it
        tol = min(loosen * pcg_tol * p_norm / max(float(np.linalg.norm(rhs)), 1e-300), 1e-2)
        tol = max(tol, pcg_tol)
        res = None
        if use_jacobi:
            lin = LinearSolver(A, method="jacobi", tol=tol, maxiter=JACOBI_MAX_ITER)
            res = lin.solve(rhs, x0=x0, raise_on_failure=False)
            facts["pcg_iterations"] += res.iterations
            if res.residual <= tol * 1.0000001:
                facts["jacobi_steps"] += 1
            else:                        # C/h no longer dominates enough: multigrid from here
                x0, res, use_jacobi = res.x, None, False
        built = False
        if res is None:
            built = mg is None
            if built:
                mg = LinearSolver(A, method=method, tol=tol, structure=structure)
                facts["hierarchy_builds"] += mg.n_setups
                facts["setup_s"] += mg.setup_s
            else:
                mg = mg.with_matrix(A)
            lin = mg
            facts["multigrid_steps"] += 1
            res = lin.solve(rhs, x0=x0, tol=tol)
            facts["multigrid_iterations"] += res.iterations
        facts["pcg_iterations"] += res.iterations
        delta = res.x
        before = ys[-2] if len(ys) > 1 else theta
        err = bdf2_energy_error(s, p_new, theta, before, delta, a0, a2, h)[0]
        while err > 0.1 * s.energy_tol and tol > TIGHT_TOL:   # too loose: tighten
            tol = max(0.01 * tol, TIGHT_TOL)
            loosen = 0.1 * loosen        # and start the next steps tighter
            res = lin.solve(rhs, x0=delta, tol=tol, raise_on_failure=lin is mg)
            facts["pcg_iterations"] += res.iterations
            facts["multigrid_iterations"] += res.iterations if lin is mg else 0
            facts["tightened_steps"] += 1
            delta = res.x
            err = bdf2_energy_error(s, p_new, theta, before, delta, a0, a2, h)[0]
        if err > s.energy_tol:
            raise EnergyBalanceError(
                f"Zth step at t = {t_new:g} s: energy balance error {err:.3e} > "
                f"{s.energy_tol:.1e}; lower the PCG tolerance", err)
        facts["energy_balance_error_max"] = max(facts["energy_balance_error_max"], err)
        facts["per_step"].append((h, "jacobi" if lin is not mg else method, res.iterations))
        if lin is mg:
            if built:
                fresh = res.iterations
            elif hierarchy_outgrown(res.iterations, fresh):
                mg = None                # the hierarchy no longer fits: a new one next step
        if step_error and x0 is not None and not uniform:
            # predictor - corrector at the junction: the local error estimate of BDF2
            # (both O(h^3)); grow the step where it is below step_error, never shrink
            # it below the base sequence, at most x1.5 per step (BDF2 zero-stable for
            # step ratios < 1 + sqrt 2) and up to MAX_GROWTH
            est = abs(float(w @ (delta - x0))) / max(abs(float(w @ (theta + delta))), 1e-300)
            grow = min(max((step_error / max(est, 1e-300)) ** (1 / 3), 1.0),
                       1.5 * grow, MAX_GROWTH)
        prev_delta, h_prev, t_now = delta, h, t_new
        theta = theta + delta
        ts.append(t_now)
        ys.append(theta)
        del ts[:-3], ys[:-3]
        t_hist.append(t_now)
        z_hist.append(float(w @ theta))
        if cand is not None:
            cand_hist.append(theta[cand])
    th, zh = np.array(t_hist), np.array(z_hist)
    sensor_facts = {}
    if cand is not None:
        t_ss = time.perf_counter()
        theta_ss = _steady_rise(s, mg, theta, method, structure)
        best = int(np.argmax(theta_ss[cand]))
        zh = np.array([c[best] for c in cand_hist])
        sensor_facts = {
            "sensor_cell": tuple(int(i) for i in np.unravel_index(
                s.system.cells[cand[best]], s.problem.shape)),
            "zth_steady_k_w": float(theta_ss[cand[best]]),
            "sensor_solve_s": time.perf_counter() - t_ss}
    # Zth is smooth in log t: interpolate there between the stepped times
    out = np.interp(np.log(times), np.log(th[1:]), zh[1:])
    steps = len(t_hist) - 1
    return out, {"steps": steps, "setups": facts["hierarchy_builds"],
                 "step_sizes": len({f"{d:.12g}" for d in np.diff(th)}),
                 "wall_s": time.perf_counter() - t_start,
                 "assembly_s": s.assembly_s, **sensor_facts, **facts}


def _steady_rise(s: TransientSolver, mg: LinearSolver | None, theta: np.ndarray,
                 method: str, structure) -> np.ndarray:
    """Steady rise per watt ``K theta = p + g`` of the march's unit-power problem, from its
    last state on its last hierarchy (a fresh one if there is none or it fails); heat in =
    heat out checked (rel < the march's energy tolerance)."""
    from chippack.thermal.steady import energy_balance

    K = sp.csr_matrix(s.system.matrix)
    rhs = s.system.power + s.g
    res = None
    if mg is not None:
        res = mg.with_matrix(K).solve(rhs, x0=theta, tol=TIGHT_TOL, raise_on_failure=False)
        if res.residual > TIGHT_TOL * 1.0000001:
            res = None
    if res is None:
        res = LinearSolver(K, method=method, tol=TIGHT_TOL,
                           structure=structure).solve(rhs, x0=theta)
    bal = energy_balance(s.system, res.x + s.t_ref, s.system.power)
    if bal.error > s.energy_tol:
        raise EnergyBalanceError(f"Zth steady sensor solve: energy balance error "
                                 f"{bal.error:.3e} > {s.energy_tol:.1e}", bal.error)
    return res.x


def zth_problem(layout, env_name: str = "cold-plate-top", mesh_options=None,
                top_contact_r: float = 0.0) -> dict:
    """The conduction problem of a heating curve: the package in JEDEC environment
    ``env_name`` (on its board where the environment needs one), the dies' power map,
    in air the film coefficients of the steady run's last pass (one steady solve at
    ambient + 20 K sets the surface temperature they are evaluated at, as
    :func:`chippack.metrics.run.evaluate` does), and ``top_contact_r`` (K m^2/W) between
    the package top and the cold plate (``cold-plate-top`` only; 0 = ideal).  Returns
    ``mesh``, ``problem``, ``power`` (W per cell) and ``contact_area_m2`` (None without a
    contact): what :func:`junction_zth` marches and what a steady solve of the same
    environment solves."""
    from chippack.layout.fixtures import fixture_layout
    from chippack.mesh.package import mesh_layout
    from chippack.metrics.environment import Environment, film_coefficients
    from chippack.metrics.power import die_power
    from chippack.metrics.run import build_problem

    env = Environment(name=env_name)
    layout = fixture_layout(layout, env.fixture)       # as the steady run of env
    mesh = mesh_layout(layout, mesh_options)
    q = die_power(mesh, None, None)
    film = None
    if env.air_cooled:
        # the film coefficients of the steady run's last pass (metrics.run.evaluate, two
        # passes): first at ambient + 20 K, then at the conductance-weighted mean surface
        # temperature that pass solves at the dies' power, so the linear heating curve
        # ends at the steady θJA
        from chippack.metrics.run import FILM_PASS_TOL, exposed_surface_temperature
        from chippack.thermal.steady import SteadySolver

        film = film_coefficients(env, env.ambient + 20.0, layout)
        first = SteadySolver(build_problem(mesh, env, q, film, False),
                             tol=FILM_PASS_TOL).solve()
        film = film_coefficients(env, exposed_surface_temperature(first), layout)
    problem = build_problem(mesh, env, q, film, False)
    contact_area = None
    if top_contact_r > 0 and env_name == "cold-plate-top":
        from chippack.thermal.problem import SideCondition
        top = problem.sides["zmax"]
        area = problem.grid.face_areas(2)[:, :, -1]
        solid_top = problem.solid[:, :, -1]
        ideal = np.broadcast_to(np.isinf(top.h), area.shape) & solid_top
        contact_area = float(area[ideal].sum())
        h = np.where(np.isinf(top.h), 1.0 / top_contact_r, top.h)
        problem = problem.replace(sides={**problem.sides, "zmax": SideCondition(h=h, t=top.t)})
    return {"mesh": mesh, "problem": problem, "power": q, "contact_area_m2": contact_area}


def junction_zth(layout, env_name: str = "cold-plate-top", t_first: float = 1e-6,
                 t_last: float = 1000.0, mesh_options=None, progress=None,
                 top_contact_r: float = 0.0, steps_per_decade: int = 10,
                 step_error: float | None = STEP_ERROR,
                 sensor: tuple[int, int, int] | None = None) -> dict:
    """Zth(t) of a package's dies (JEDEC environment ``env_name``, unit step of the dies'
    power map) read at the junction sensor (the source-layer cell of the steady peak, as
    ``tj_max_c``: see the module docstring), its NNLS Foster network with the fit error,
    the Cauer equivalent and the structure functions (``steps_per_decade`` geometric BDF2
    steps per decade: 10 keeps Zth within 0.8 % of a 40-per-decade run on seed 001).
    ``top_contact_r`` (K m^2/W): see :func:`zth_problem` (the area it covers is returned
    as ``contact_area_m2``).  ``sensor`` (i, j, k) fixes the sensor cell instead (the
    JESD51-14 pair reads both runs at the sensor of the steady θJC).  ``zth_steady_k_w``
    is the sensor's steady rise per watt (Zth at t = inf: the steady θ of the same
    environment and mesh, in air too, as the film coefficients are the steady run's).
    Returns plain arrays and facts."""
    from chippack.metrics.run import source_layers
    from chippack.metrics.structure import fit_foster, foster_to_cauer, structure_function

    built = zth_problem(layout, env_name, mesh_options, top_contact_r)
    mesh, problem, q = built["mesh"], built["problem"], built["power"]
    times = log_times(t_first, t_last, 10)
    if sensor is None:
        sensors = source_layers(mesh)
    else:
        sensors = np.zeros(mesh.shape, bool)
        sensors[tuple(sensor)] = True
    z, info = step_response(problem, q, times, steps_per_decade=steps_per_decade,
                            step_error=step_error, sensors=sensors)
    t_fit = time.perf_counter()
    foster, err = fit_foster(times, z)
    cauer = foster_to_cauer(foster)
    sf = structure_function(cauer)
    info["fit_s"] = time.perf_counter() - t_fit
    return {"times_s": times, "zth_k_w": z, "foster": foster, "fit_error": err,
            "cauer": cauer, "structure": sf, "steps": info["steps"],
            "setups": info["setups"], "hierarchy_builds": info["hierarchy_builds"],
            "step_sizes": info["step_sizes"], "cells": mesh.n_cells, "environment": env_name,
            "contact_area_m2": built["contact_area_m2"], "sensor_cell": info["sensor_cell"],
            "zth_steady_k_w": info["zth_steady_k_w"], "solver": info}
