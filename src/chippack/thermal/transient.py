"""Transient conduction by implicit time stepping.

Semi-discrete system (per solid cell, C = rho_cp V in J/K):

    C dT/dt + K T = P(t) + sum_b G_b T_b

Schemes (theta = T - T0, increment form Delta = theta^{n+1} - theta^n so that the PCG
tolerance is relative to the power-scale residual, not to C theta / dt):

* ``"backward-euler"`` (first order, L-stable):
  ``(C/dt + K) Delta = P^{n+1} + g - K theta^n``;
* ``"bdf2"`` (second order, L-stable; first step backward Euler):
  ``(3C/(2dt) + K) Delta = C (theta^n - theta^{n-1})/(2 dt) + P^{n+1} + g - K theta^n``;
* ``"crank-nicolson"`` (second order, A-stable, may ring on sharp steps):
  ``(C/dt + K/2) Delta = (P^n + P^{n+1})/2 + g - K theta^n``.

The matrix and its AMG hierarchy are built once per distinct time step and reused.
Each step checks the discrete energy balance ``power in = heat out + stored``
(stored = C (dT/dt) of the scheme), raising
:class:`~chippack.thermal.errors.EnergyBalanceError` beyond ``energy_tol``.
Conductivity is taken at the reference temperature (k(T) is not iterated in transients).
Parts without a path to ambient are allowed here (C/dt makes the system non-singular;
they simply heat up), unlike in :class:`~chippack.thermal.steady.SteadySolver`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from chippack.thermal.assembly import assemble
from chippack.thermal.errors import EnergyBalanceError, ProblemDefinitionError
from chippack.thermal.problem import ConductionProblem
from chippack.thermal.solver import DEFAULT_METHOD, LinearSolver
from chippack.thermal.steady import _reference_temperature

SCHEMES = ("backward-euler", "bdf2", "crank-nicolson")


@dataclass
class TransientResult:
    """Histories recorded by :meth:`TransientSolver.run`.

    Attributes
    ----------
    times : array (m,)
        Times in s (``times[0] = 0``, the initial state).
    probes : dict[str, array (m,)]
        Temperature (degC) of each probe cell.
    mask_max : dict[str, array (m,)]
        Maximum temperature (degC) over each mask.
    temperature : array (nx, ny, nz)
        Final temperature field (NaN in non-solid cells).
    energy_balance_error : array (m-1,)
        Relative energy-balance error of each step.
    heat_out : array (m,)
        Heat leaving through all boundaries, W.
    stored : array (m,)
        Rate of heat storage C dT/dt, W (0 at t = 0).
    iterations : array (m-1,)
        PCG iterations per step.
    timings : dict[str, float]
    """

    times: np.ndarray
    probes: dict[str, np.ndarray]
    mask_max: dict[str, np.ndarray]
    temperature: np.ndarray
    energy_balance_error: np.ndarray
    heat_out: np.ndarray
    stored: np.ndarray
    iterations: np.ndarray
    timings: dict[str, float] = field(default_factory=dict)


class TransientSolver:
    """Implicit transient conduction solver reusing the AMG hierarchy for constant dt.

    Parameters
    ----------
    problem : ConductionProblem
        Must define ``rho_cp``.
    scheme : str
        One of :data:`SCHEMES`.
    initial : float or array (nx, ny, nz), optional
        Initial temperature, degC (default: the conductance-weighted mean sink
        temperature).
    method, tol, maxiter, threads, options
        Linear solver settings (see :class:`~chippack.thermal.solver.LinearSolver`).
    energy_tol : float
        Allowed relative energy-balance error per step.
    """

    def __init__(self, problem: ConductionProblem, scheme: str = "backward-euler",
                 initial=None, method: str = DEFAULT_METHOD, tol: float = 1e-10,
                 maxiter: int = 500, energy_tol: float = 1e-6, threads: int = 1,
                 options: dict | None = None):
        if problem.rho_cp is None:
            raise ProblemDefinitionError(
                "rho_cp: required for transient solves; give the volumetric heat capacity "
                "rho*cp in J/(m^3 K) per cell (e.g. silicon 2329*705)"
            )
        if scheme not in SCHEMES:
            raise ValueError(f"scheme {scheme!r} unknown; choose one of {', '.join(SCHEMES)}")
        self.problem = problem
        self.scheme = scheme
        self.energy_tol = energy_tol
        self._lin_kw = dict(method=method, tol=tol, maxiter=maxiter, threads=threads,
                            options=options)
        t0 = time.perf_counter()
        k0 = None
        if problem.is_nonlinear:
            sys0 = assemble(problem)
            k0 = problem.conductivity_at(np.full(problem.shape, _reference_temperature(sys0)))
        self.system = assemble(problem, k0)
        self.assembly_s = time.perf_counter() - t0
        self.t_ref = _reference_temperature(self.system)
        self.capacity = self.system.capacity
        n = self.system.n
        if initial is None:
            self.theta = np.zeros(n)
        else:
            init = np.broadcast_to(np.asarray(initial, dtype=float), problem.shape)
            self.theta = init.ravel()[self.system.cells] - self.t_ref
        self.theta_prev: np.ndarray | None = None
        self.time = 0.0
        self.g = self.system.boundary.load_per_cell(n, self.t_ref)
        self._solvers: dict[tuple[str, float], LinearSolver] = {}
        self._power_now = self.system.power.copy()
        self.steps = 0
        self._last_dt: float | None = None
        #: Number of preconditioner (multigrid hierarchy) set-ups so far: one per
        #: distinct step size.
        self.hierarchy_builds = 0

    @staticmethod
    def _dt_key(dt: float) -> float:
        """Step sizes equal to 12 significant digits share one operator (``run`` divides
        the span into equal steps, which may differ from ``dt`` in the last bits)."""
        return float(f"{dt:.12g}")

    def _linear(self, kind: str, dt: float) -> LinearSolver:
        """The linear solver of ``kind`` ("be", "bdf2", "cn") for step ``dt``.

        One multigrid hierarchy per step size: the first matrix of a step size builds it,
        the other schemes' matrices of that step size (e.g. the backward-Euler start of
        BDF2, ``C/dt + K`` beside ``3C/(2dt) + K``) reuse it as their preconditioner
        (a nearby SPD matrix; PCG still solves the exact system)."""
        key = (kind, self._dt_key(dt))
        if key not in self._solvers:
            K = self.system.matrix
            c = self.capacity / dt
            if kind == "be":
                A = K + sp.diags(c)
            elif kind == "bdf2":
                A = K + sp.diags(1.5 * c)
            else:
                A = 0.5 * K + sp.diags(c)
            A = sp.csr_matrix(A)
            shared = next((s for (k, d), s in self._solvers.items() if d == key[1]), None)
            if shared is not None:
                lin = shared.with_matrix(A)
            else:
                structure = (np.unravel_index(self.system.cells, self.problem.shape),
                             self.problem.shape)
                lin = LinearSolver(A, structure=structure, **self._lin_kw)
            self.hierarchy_builds += lin.n_setups
            self._solvers[key] = lin
        return self._solvers[key]

    def _power_vec(self, power, t: float) -> np.ndarray:
        if power is None:
            return self.system.power
        p = power(t) if callable(power) else power
        p = np.asarray(p, dtype=float)
        if p.shape != self.problem.shape:
            raise ProblemDefinitionError(
                f"power: shape {p.shape} does not match the grid {self.problem.shape}"
            )
        if np.any(p < 0):
            at = tuple(int(i) for i in np.unravel_index(int(np.argmax(p < 0)), p.shape))
            raise ProblemDefinitionError(
                f"power: negative value {p[at]!r} W at cell {at} (t = {t:g} s); "
                f"power must be >= 0"
            )
        return p.ravel()[self.system.cells]

    def step(self, dt: float, power: np.ndarray | Callable | None = None) -> dict:
        """Advance one step of ``dt`` seconds; ``power`` is a (nx, ny, nz) array or a
        callable ``power(t)``.  Returns step info (iterations, energy error, heat out,
        stored rate)."""
        if not dt > 0:
            raise ValueError(f"dt: {dt!r} s; the time step must be > 0")
        K = self.system.matrix
        t_new = self.time + dt
        p_new = self._power_vec(power, t_new)
        scheme = self.scheme
        if scheme == "bdf2" and (self.theta_prev is None or self._last_dt is None
                                 or self._dt_key(self._last_dt) != self._dt_key(dt)):
            scheme = "backward-euler"   # start-up step, or step-size change (constant-dt BDF2)
        base = self.g - K @ self.theta
        if scheme == "backward-euler":
            rhs = p_new + base
            lin = self._linear("be", dt)
        elif scheme == "bdf2":
            rhs = p_new + base + self.capacity * (self.theta - self.theta_prev) / (2 * dt)
            lin = self._linear("bdf2", dt)
        else:
            p_old = self._power_now
            rhs = 0.5 * (p_old + p_new) + base
            lin = self._linear("cn", dt)
        res = lin.solve(rhs)
        delta = res.x
        theta_new = self.theta + delta
        b = self.system.boundary
        q_new = b.heat_out(theta_new + self.t_ref)
        if scheme == "backward-euler":
            stored = self.capacity * delta / dt
            p_in, q_out = p_new.sum(), q_new.sum()
        elif scheme == "bdf2":
            stored = self.capacity * (3 * theta_new - 4 * self.theta + self.theta_prev) / (2 * dt)
            p_in, q_out = p_new.sum(), q_new.sum()
        else:
            stored = self.capacity * delta / dt
            q_old = b.heat_out(self.theta + self.t_ref)
            p_in = 0.5 * (self._power_now.sum() + p_new.sum())
            q_out = 0.5 * (q_old.sum() + q_new.sum())
        s = float(stored.sum())
        scale = max(abs(p_in), abs(q_out), abs(s), 1e-300)
        err = abs(p_in - q_out - s) / scale
        if err > self.energy_tol:
            raise EnergyBalanceError(
                f"transient step {self.steps + 1} (t = {t_new:g} s): energy balance error "
                f"{err:.3e} > {self.energy_tol:.1e} (power in {p_in:.9g} W, out {q_out:.9g} "
                f"W, stored {s:.9g} W); lower tol",
                err,
            )
        self.theta_prev = self.theta
        self.theta = theta_new
        self._power_now = p_new
        self.time = t_new
        self._last_dt = dt
        self.steps += 1
        return {"iterations": res.iterations, "energy_balance_error": err,
                "heat_out": float(q_new.sum()), "stored": s}

    def temperature(self) -> np.ndarray:
        """Current temperature field (nx, ny, nz), degC, NaN in non-solid cells."""
        full = np.full(self.problem.grid.n_cells, np.nan)
        full[self.system.cells] = self.theta + self.t_ref
        return full.reshape(self.problem.shape)

    def run(self, t_end: float, dt: float, power=None, probes: dict | None = None,
            masks: dict | None = None) -> TransientResult:
        """March from the current time to ``t_end`` with uniform steps of at most ``dt``
        (the step is shrunk slightly so that an integer number of steps lands on ``t_end``), recording probe temperatures (``probes``: name ->
        cell index (i, j, k)) and the maximum over boolean ``masks`` after every step."""
        t0 = time.perf_counter()
        probes = probes or {}
        masks = masks or {}
        pidx = {}
        for name, ijk in probes.items():
            flat = int(np.ravel_multi_index(tuple(ijk), self.problem.shape))
            u = int(self.system.index[flat])
            if u < 0:
                raise ProblemDefinitionError(f"probes[{name!r}]: cell {tuple(ijk)} is not solid")
            pidx[name] = u
        midx = {}
        for name, m in masks.items():
            m = np.asarray(m, dtype=bool)
            if m.shape != self.problem.shape:
                raise ProblemDefinitionError(
                    f"masks[{name!r}]: shape {m.shape} does not match the grid "
                    f"{self.problem.shape}")
            u = self.system.index[np.flatnonzero(m.ravel())]
            u = u[u >= 0]
            if u.size == 0:
                raise ProblemDefinitionError(f"masks[{name!r}]: contains no solid cell")
            midx[name] = u

        def record(store):
            tt = self.theta + self.t_ref
            for name, u in pidx.items():
                store[0][name].append(float(tt[u]))
            for name, u in midx.items():
                store[1][name].append(float(tt[u].max()))

        store = ({n: [] for n in pidx}, {n: [] for n in midx})
        times = [self.time]
        q0 = float(self.system.boundary.heat_out(self.theta + self.t_ref).sum())
        heat_out, stored, errs, iters = [q0], [0.0], [], []
        record(store)
        span = t_end - self.time
        nsteps = max(int(np.ceil(span / dt - 1e-9)), 0)
        h = span / nsteps if nsteps else dt      # uniform steps landing on t_end
        for _ in range(nsteps):
            info = self.step(h, power)
            times.append(self.time)
            heat_out.append(info["heat_out"])
            stored.append(info["stored"])
            errs.append(info["energy_balance_error"])
            iters.append(info["iterations"])
            record(store)
        setup = sum(s.precond.setup_s for s in {id(s.precond): s for s in
                                                self._solvers.values()}.values())
        return TransientResult(
            times=np.array(times),
            probes={k: np.array(v) for k, v in store[0].items()},
            mask_max={k: np.array(v) for k, v in store[1].items()},
            temperature=self.temperature(),
            energy_balance_error=np.array(errs),
            heat_out=np.array(heat_out),
            stored=np.array(stored),
            iterations=np.array(iters, dtype=int),
            timings={"assembly": self.assembly_s, "setup": setup,
                     "total": time.perf_counter() - t0},
        )


#: A shared hierarchy is rebuilt when a step takes more than GROWTH x + SLACK the PCG
#: iterations it needed right after it was built (the matrix has drifted: C/h or h changed).
REBUILD_GROWTH, REBUILD_SLACK = 1.5, 3


def hierarchy_outgrown(iterations: int, fresh_iterations: int) -> bool:
    """True when a step's ``iterations`` show the shared multigrid hierarchy no longer
    fits: more than REBUILD_GROWTH x + REBUILD_SLACK its ``fresh_iterations``."""
    return iterations > REBUILD_GROWTH * fresh_iterations + REBUILD_SLACK


def bdf2_coefficients(omega: float | None) -> tuple[float, float, float]:
    """(a0, a1, a2) of variable-step BDF2 for step ratio ``omega = h_n / h_{n-1}``
    (None: backward Euler).  With ``Delta = theta^{n+1} - theta^n``:
    ``(a0 C/h + K) Delta = P + g - K theta^n + a2 C (theta^n - theta^{n-1}) / h``
    (Hairer, Norsett & Wanner, *Solving ODEs I*, §III.5; omega = 1 is constant-step BDF2)."""
    if omega is None:
        return 1.0, -1.0, 0.0
    return (1 + 2 * omega) / (1 + omega), -(1 + omega), omega ** 2 / (1 + omega)


def extrapolated_increment(ts: list[float], ys: list[np.ndarray], t_new: float,
                           prev_delta: np.ndarray | None, h: float,
                           h_prev: float | None) -> np.ndarray | None:
    """Warm start of the increment Delta: the quadratic through the last three states
    (``ts``/``ys``, oldest first) extrapolated to ``t_new`` (linear from the last
    increment while fewer states exist; None before the first step)."""
    if len(ts) < 3:
        return None if prev_delta is None or h_prev is None else prev_delta * (h / h_prev)
    (t0, t1, t2), (y0, y1, y2) = ts[-3:], ys[-3:]
    l0 = (t_new - t1) * (t_new - t2) / ((t0 - t1) * (t0 - t2))
    l1 = (t_new - t0) * (t_new - t2) / ((t1 - t0) * (t1 - t2))
    l2 = (t_new - t0) * (t_new - t1) / ((t2 - t0) * (t2 - t1))
    return l0 * y0 + l1 * y1 + (l2 - 1.0) * y2



def bdf2_energy_error(solver: TransientSolver, p_new: np.ndarray, theta: np.ndarray,
                      theta_prev: np.ndarray, delta: np.ndarray, a0: float, a2: float,
                      h: float) -> tuple[float, float, float, float]:
    """Relative energy-balance error ``|in - out - stored| / max(...)`` of one
    variable-step BDF2 step of ``solver``'s system (stored = C (a0 Delta - a2 d) / h),
    with power in, heat out and stored rate (W)."""
    cap = solver.capacity
    stored = cap * (a0 * delta - (a2 * (theta - theta_prev) if a2 else 0.0)) / h
    q_out = float(solver.system.boundary.heat_out(theta + delta + solver.t_ref).sum())
    p_in, st = float(p_new.sum()), float(stored.sum())
    err = abs(p_in - q_out - st) / max(abs(p_in), abs(q_out), abs(st), 1e-300)
    return err, p_in, q_out, st
