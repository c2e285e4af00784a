"""Steady conduction: :class:`SteadySolver` and its :class:`ThermalSolution`.

Solves ``K(T) T = P + sum_b G_b T_b`` (see :mod:`chippack.thermal.assembly`) for the
solid-cell temperatures.  Internally the unknown is the rise ``theta = T - T0`` over the
conductance-weighted mean boundary temperature T0, so that the right-hand side is the
power itself when all sinks share one temperature (better relative accuracy).

Checks done on every solve (no silent fallbacks):

* a connected group of solid cells without any boundary conductance makes K singular:
  :class:`~chippack.thermal.errors.NoPathToAmbientError` with the group's bounding box;
* zero power with one uniform sink temperature (trivial solution):
  :class:`~chippack.thermal.errors.ZeroPowerError`;
* PCG not converged: :class:`~chippack.thermal.errors.ConvergenceError`;
* energy balance ``|Q_in - Q_out| / Q_in > energy_tol`` (default 1e-6), with
  ``Q_in = P + heat entering through boundaries`` and ``Q_out`` the heat leaving:
  :class:`~chippack.thermal.errors.EnergyBalanceError`.

Temperature-dependent conductivity k(T) = k (T_ref/T)^n is handled by Picard iteration:
conductivities are re-evaluated at the latest temperatures and the system is solved
again (warm start, AMG hierarchy of the first iterate reused as preconditioner) until
the largest temperature change is below ``picard_tol`` kelvin.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse.csgraph as csgraph

from chippack.thermal.assembly import AMBIENT_LABEL0, LinearSystem, assemble
from chippack.thermal.errors import (
    ConvergenceError,
    EnergyBalanceError,
    NoPathToAmbientError,
    ZeroPowerError,
)
from chippack.thermal.problem import SIDES, ConductionProblem
from chippack.thermal.solver import DEFAULT_METHOD, LinearSolver

#: Conductivity (W/(m K), smallest axis) from which a cell belongs to a "body" whose
#: indicator deflates CG (:class:`chippack.thermal.solver.Deflation`): copper 390,
#: aluminium 150-240 and silicon 148 count, solder (~50-60) and everything softer not.
BODY_K_MIN = 100.0
#: Bodies smaller than this fraction of the unknowns are left to the multigrid; at most
#: BODY_MAX of the largest are deflated.
BODY_MIN_FRACTION = 1e-3
BODY_MAX = 32
#: Preconditioners measured to gain from body deflation (benchmarks/RESULTS.md).
DEFLATED_METHODS = ("zline", "zline-2x2")

#: Relative residual of the inexact linear solves of the k(T) Picard loop.
PICARD_INNER_TOL = 1e-6
#: The Picard loop switches to exact solves once a step changes T by less than this
#: multiple of ``picard_tol``.
PICARD_TIGHTEN = 100.0


@dataclass
class EnergyBalance:
    """Heat bookkeeping of a solution (W)."""

    heat_in: float
    heat_out: float
    error: float
    by_side: dict[str, float]
    by_group: dict[int, float]


def energy_balance(system: LinearSystem, t_cells: np.ndarray, power: np.ndarray | None = None,
                   stored: float = 0.0) -> EnergyBalance:
    """Energy balance of unknown temperatures ``t_cells`` (degC).

    ``heat_in = P + (heat entering through boundaries)``, ``heat_out = (heat leaving
    through boundaries) + stored`` (``stored`` = rate of heat stored, W, for transients);
    ``error = |heat_in - heat_out| / max(heat_in, heat_out)``.  Net heat out per side
    and per ambient group are reported as well.
    """
    p = system.power if power is None else power
    q = system.boundary.heat_out(t_cells)
    ptot = float(p.sum())
    q_out = float(q[q > 0].sum())
    q_inb = float(-q[q < 0].sum())
    heat_in = ptot + q_inb + max(-stored, 0.0)
    heat_out = q_out + max(stored, 0.0)
    scale = max(heat_in, heat_out)
    err = abs(heat_in - heat_out) / scale if scale > 0 else 0.0
    lab = system.boundary.label
    per = np.bincount(lab, weights=q, minlength=AMBIENT_LABEL0) if lab.size else \
        np.zeros(AMBIENT_LABEL0)
    by_side = {s: float(per[i]) for i, s in enumerate(SIDES)}
    groups = np.unique(lab[lab >= AMBIENT_LABEL0]) if lab.size else []
    by_group = {int(g - AMBIENT_LABEL0): float(per[g]) for g in groups}
    return EnergyBalance(heat_in, heat_out, err, by_side, by_group)


@dataclass
class ThermalSolution:
    """Result of a steady solve.

    Attributes
    ----------
    temperature : array (nx, ny, nz)
        Cell-centre temperatures in degC, NaN in non-solid cells.
    iterations : int
        PCG iterations of the last linear solve (sum over Picard steps in
        ``total_iterations``).
    residual : float
        Final relative residual of the last linear solve.
    heat_in, heat_out : float
        W; ``heat_in`` = power + heat entering through boundaries.
    energy_balance_error : float
        |heat_in - heat_out| / heat_in.
    heat_out_by_side : dict[str, float]
        Net heat leaving through each outer side "xmin" ... "zmax", W.
    heat_out_by_group : dict[int, float]
        Net heat leaving into each ambient group of non-solid cells, W.
    timings : dict[str, float]
        Seconds: ``assembly`` (including the island check, also given alone as
        ``islands``), ``setup`` (preconditioner), ``solve``, ``total``.
    method : str
    picard_iterations : int
        Number of linear solves of the k(T) loop (0 for constant k).
    picard_change : float
        Max |Delta T| (K) of the last Picard step.
    boundary_heat : array (nx, ny, nz) or None
        Heat (W) leaving each solid cell through its boundary faces (outer sides and
        faces to non-solid cells), 0 elsewhere; sums to ``heat_out`` in steady state.
    boundary_conductance : array (nx, ny, nz) or None
        Sum of each cell's boundary-face conductances G_b (W/K), 0 elsewhere.
    """

    temperature: np.ndarray
    iterations: int
    residual: float
    heat_in: float
    heat_out: float
    energy_balance_error: float
    heat_out_by_side: dict[str, float]
    heat_out_by_group: dict[int, float]
    timings: dict[str, float]
    method: str
    total_iterations: int = 0
    picard_iterations: int = 0
    picard_change: float = 0.0
    extra: dict = field(default_factory=dict)
    boundary_heat: np.ndarray | None = field(default=None, repr=False)
    boundary_conductance: np.ndarray | None = field(default=None, repr=False)

    def max(self, mask: np.ndarray | None = None) -> float:
        """Maximum temperature (degC) over the solid cells of ``mask`` (all if None)."""
        t = self.temperature if mask is None else self.temperature[mask]
        return float(np.nanmax(t))

    def mean(self, mask: np.ndarray | None = None, weights: np.ndarray | None = None) -> float:
        """(Weighted) mean temperature over the solid cells of ``mask``."""
        t = self.temperature if mask is None else self.temperature[mask]
        ok = np.isfinite(t)
        if weights is None:
            return float(t[ok].mean())
        w = weights if mask is None else weights[mask]
        return float((t[ok] * w[ok]).sum() / w[ok].sum())


def find_isolated_regions(problem: ConductionProblem, system: LinearSystem) -> list[dict]:
    """Connected components of solid cells (through non-zero face conductances) that have
    no boundary conductance at all.  Each is described by its number of cells, cell-index
    bounding box (inclusive), bounding box in metres and power (W)."""
    ncomp, labels = csgraph.connected_components(system.matrix, directed=False)
    gb = np.bincount(labels[system.boundary.cell], weights=system.boundary.conductance,
                     minlength=ncomp)
    bad = np.flatnonzero(gb <= 0)
    out = []
    shape = problem.grid.shape
    g = problem.grid
    for c in bad:
        members = system.cells[labels == c]
        ijk = np.array(np.unravel_index(members, shape))
        lo, hi = ijk.min(axis=1), ijk.max(axis=1)
        planes = (g.x, g.y, g.z)
        out.append({
            "n_cells": int(members.size),
            "index_lo": tuple(int(v) for v in lo),
            "index_hi": tuple(int(v) for v in hi),
            "box_lo": tuple(float(planes[a][lo[a]]) for a in range(3)),
            "box_hi": tuple(float(planes[a][hi[a] + 1]) for a in range(3)),
            "power": float(system.power[labels == c].sum()),
        })
    return out


def conductive_bodies(problem: ConductionProblem, system: LinearSystem):
    """(n, m) sparse indicators of the connected bodies of unknowns with conductivity
    >= :data:`BODY_K_MIN` on every axis (lids, sinks, stiffeners, pins), the
    :data:`BODY_MAX` largest of at least :data:`BODY_MIN_FRACTION` of the unknowns;
    None when there is none.  Connectivity is that of the matrix (a contact resistance
    still connects; a face between two bodies through softer cells does not)."""
    import scipy.sparse as sp

    from chippack.thermal.kernels import label_components

    k = problem.k.reshape(-1, 3)
    metal = (k[:, 0] >= BODY_K_MIN) & (k[:, 1] >= BODY_K_MIN) & (k[:, 2] >= BODY_K_MIN)
    mask = metal[system.cells]
    if not mask.any():
        return None
    A = system.matrix
    label, count = label_components(A.indptr, A.indices, mask)
    hi = np.flatnonzero(mask)
    label = label[hi]
    size = np.bincount(label, minlength=count)
    big = np.argsort(size)[::-1][:BODY_MAX]
    big = big[size[big] >= max(1, BODY_MIN_FRACTION * system.n)]
    if big.size == 0:
        return None
    column = np.full(size.size, -1, dtype=np.int64)
    column[big] = np.arange(big.size)
    keep = column[label] >= 0
    return sp.csr_matrix((np.ones(int(keep.sum())), (hi[keep], column[label[keep]])),
                         shape=(system.n, big.size))


def check_paths_to_ambient(problem: ConductionProblem, system: LinearSystem) -> None:
    """Raise :class:`NoPathToAmbientError` if some solid cells cannot lose heat.

    Fast path: one breadth-first search from every cell with a boundary conductance
    (compiled); only when some cell is not reached are the components labelled and
    described by :func:`find_isolated_regions`."""
    from chippack.thermal.kernels import unreached_from_boundary

    m = system.matrix
    seeds = system.boundary.conductance_per_cell(system.n) > 0
    if not unreached_from_boundary(m.indptr, m.indices, seeds).any():
        return
    islands = find_isolated_regions(problem, system)
    if not islands:
        return
    lines = []
    for isl in islands[:5]:
        lo, hi = isl["box_lo"], isl["box_hi"]
        lines.append(
            f"{isl['n_cells']} cells, indices {isl['index_lo']}..{isl['index_hi']}, box "
            f"x {lo[0] * 1e3:.4g}..{hi[0] * 1e3:.4g} mm, y {lo[1] * 1e3:.4g}..{hi[1] * 1e3:.4g} "
            f"mm, z {lo[2] * 1e3:.4g}..{hi[2] * 1e3:.4g} mm, power {isl['power']:.4g} W"
        )
    more = f" (and {len(islands) - 5} more)" if len(islands) > 5 else ""
    raise NoPathToAmbientError(
        f"{len(islands)} group(s) of solid cells have no conduction path to any boundary "
        f"(no convective/fixed-temperature face, steady problem is singular){more}: "
        + "; ".join(lines)
        + ". Connect them to a conducting neighbour, or give the surrounding ambient/sides "
        "a film coefficient h > 0.",
        islands,
    )


def _reference_temperature(system: LinearSystem) -> float:
    b = system.boundary
    if b.conductance.size == 0:
        return 0.0
    return float((b.conductance * b.temperature).sum() / b.conductance.sum())


class SteadySolver:
    """Steady conduction solver with a reusable preconditioner (pyamg style).

    Parameters
    ----------
    problem : ConductionProblem
    method : str
        Linear-solver method, see :data:`chippack.thermal.solver.METHODS`
        (default ``"zline"``: z-line/x-y-aggregation multigrid + flexible CG;
        ``"pyamg-defaults"`` selects pyamg's stock Ruge--Stueben set-up).
    tol : float
        Relative residual tolerance of PCG (default 1e-10).
    maxiter : int
        Maximum PCG iterations per linear solve.
    energy_tol : float
        Maximum relative energy-balance error (default 1e-6).
    picard_tol : float
        k(T) loop stops when max |Delta T| < picard_tol (K).
    picard_maxiter : int
        Maximum Picard iterations (raises ConvergenceError beyond).
    threads : int
        BLAS threads (threadpoolctl) during setup and solve.
    options : dict
        Extra pyamg keyword arguments for the AMG setup.
    reuse : SteadySolver, optional
        A solver of the same grid and solid cells (e.g. the previous pass of a
        film-coefficient loop): its preconditioner is reused for this matrix (no new
        set-up) and its last solution is the initial guess.
    deflate : bool
        Deflated CG against the high-conductivity bodies (:func:`conductive_bodies`,
        :class:`~chippack.thermal.solver.Deflation`) with the z-line methods (default).

    Examples
    --------
    >>> solver = SteadySolver(problem)               # assembles, checks, builds AMG
    >>> sol = solver.solve()                         # ThermalSolution
    >>> sol2 = solver.solve(power=2 * problem.power) # reuses the hierarchy, warm start
    """

    def __init__(self, problem: ConductionProblem, method: str = DEFAULT_METHOD,
                 tol: float = 1e-10, maxiter: int = 500, energy_tol: float = 1e-6,
                 picard_tol: float = 1e-6, picard_maxiter: int = 50, threads: int = 1,
                 options: dict | None = None, reuse: SteadySolver | None = None,
                 deflate: bool = True):
        self.problem = problem
        self.method = method
        self.tol = tol
        self.energy_tol = energy_tol
        self.picard_tol = picard_tol
        self.picard_maxiter = picard_maxiter
        t0 = time.perf_counter()
        k0 = None
        if problem.is_nonlinear:
            sys0 = assemble(problem)
            k0 = problem.conductivity_at(
                np.full(problem.shape, _reference_temperature(sys0)))
        self.system = assemble(problem, k0)
        self.t_ref = _reference_temperature(self.system)
        t1 = time.perf_counter()
        check_paths_to_ambient(problem, self.system)
        #: seconds of the island check (part of ``assembly_s``)
        self.islands_s = time.perf_counter() - t1
        self.assembly_s = time.perf_counter() - t0
        structure = (np.unravel_index(self.system.cells, problem.shape), problem.shape)
        self._last_theta: np.ndarray | None = None
        self._last_power: float | None = None
        if reuse is not None and reuse.method == method and \
                reuse.problem.shape == problem.shape and \
                np.array_equal(reuse.system.cells, self.system.cells):
            # same grid and unknowns, other conductances (e.g. the next film-coefficient
            # pass): the old hierarchy preconditions the new matrix, and its solution
            # (shifted to this reference temperature) is the initial guess
            self.linear = reuse.linear.with_matrix(self.system.matrix)
            self.linear.tol, self.linear.maxiter = float(tol), int(maxiter)
            if reuse._last_theta is not None:
                self._last_theta = reuse._last_theta + (reuse.t_ref - self.t_ref)
                self._last_power = reuse._last_power
        else:
            t2 = time.perf_counter()
            bodies = conductive_bodies(problem, self.system) \
                if deflate and method in DEFLATED_METHODS else None
            bodies_s = time.perf_counter() - t2
            self.linear = LinearSolver(self.system.matrix, method=method, tol=tol,
                                       maxiter=maxiter, threads=threads, options=options,
                                       structure=structure, deflation=bodies)
            self.linear.setup_s += bodies_s       # finding the bodies is set-up too
        self._first = True
        self._first_call_pending = True

    # ------------------------------------------------------------------ helpers
    def _rhs(self, system: LinearSystem, power_vec: np.ndarray) -> np.ndarray:
        return power_vec + system.boundary.load_per_cell(system.n, self.t_ref)

    def _check_power(self, power_vec: np.ndarray) -> None:
        if float(power_vec.sum()) > 0.0:
            return
        bt = self.system.boundary.temperature
        if bt.size == 0 or float(np.ptp(bt)) == 0.0:
            raise ZeroPowerError(
                "power: total power is 0 W and all sinks are at one temperature, so the "
                "steady temperature rise is zero everywhere and the relative energy balance "
                "is undefined; assign power (W) to the heat-generating cells "
                "(e.g. the die's active layer)"
            )

    def _solve_linear(self, system: LinearSystem, power_vec: np.ndarray, x0,
                      tol: float | None = None):
        """Solve one linear system; ``tol`` (looser than the solver's) marks an inexact
        inner solve of the k(T) Picard loop: no energy-balance tightening then."""
        rhs = self._rhs(system, power_vec)
        inexact = tol is not None and tol > self.linear.tol
        res = self.linear.solve(rhs, x0=x0, tol=tol if inexact else None)
        t_cells = res.x + self.t_ref
        bal = energy_balance(system, t_cells, power_vec)
        tol = self.linear.tol
        iters = res.iterations
        # if the residual test was met but the balance is not, tighten the tolerance
        while not inexact and bal.error > self.energy_tol and tol > 1e-15 and \
                self.linear.precond.direct is None:
            tol *= 1e-2
            res2 = self.linear.solve(rhs, x0=res.x, tol=tol)
            iters += res2.iterations
            res2.solve_s += res.solve_s
            res = res2
            t_cells = res.x + self.t_ref
            bal = energy_balance(system, t_cells, power_vec)
        res.iterations = iters
        return res, t_cells, bal

    def _full(self, t_cells: np.ndarray) -> np.ndarray:
        full = np.full(self.problem.grid.n_cells, np.nan)
        full[self.system.cells] = t_cells
        return full.reshape(self.problem.shape)

    # ------------------------------------------------------------------ public
    def solve(self, power: np.ndarray | None = None,
              x0: np.ndarray | None = None) -> ThermalSolution:
        """Solve for the steady temperatures.

        Parameters
        ----------
        power : array (nx, ny, nz), optional
            New power map (W per cell); the matrix and AMG hierarchy are reused.
        x0 : array (nx, ny, nz), optional
            Initial temperature guess (degC); by default the previous solution of this
            solver, scaled by the ratio of total powers, is used (warm start).
        """
        t_start = time.perf_counter()
        problem = self.problem
        if power is not None:
            problem = problem.replace(power=power)
            self.problem = problem
        power_vec = problem.power.ravel()[self.system.cells]
        self._check_power(power_vec)
        ptot = float(power_vec.sum())
        if x0 is not None:
            theta0 = np.asarray(x0, dtype=float).ravel()[self.system.cells] - self.t_ref
        elif self._last_theta is not None and self._last_power and ptot > 0:
            theta0 = self._last_theta * (ptot / self._last_power)
        else:
            theta0 = None
        setup_s = self.linear.setup_s if self._first else 0.0
        assembly_s = self.assembly_s if self._first else 0.0
        solve_s = 0.0
        total_it = 0
        picard = 0
        change = 0.0
        system = self.system

        # k(T): the Picard steps far from the fixed point are solved inexactly (relative
        # residual PICARD_INNER_TOL: their error is far below the step's temperature
        # change); the step that meets picard_tol is always one solved to ``tol``, so the
        # result satisfies the same stopping test as with exact inner solves
        # (inexact Picard / inexact Newton, Dembo, Eisenstat & Steihaug 1982).
        inner = PICARD_INNER_TOL if problem.is_nonlinear else None
        res, t_cells, bal = self._solve_linear(system, power_vec, theta0, inner)
        solve_s += res.solve_s
        total_it += res.iterations
        if problem.is_nonlinear:
            first_it = max(res.iterations, 1)
            picard = 1
            loose = True
            last_change = np.inf
            while True:
                ta = time.perf_counter()
                k_t = problem.conductivity_at(self._full(t_cells))
                system = assemble(problem, k_t)
                assembly_s += time.perf_counter() - ta
                rebuild = res.iterations > 2 * first_it + 5
                s0 = self.linear.setup_s
                self.linear.update_matrix(system.matrix, rebuild=rebuild)
                setup_s += self.linear.setup_s - s0
                res, t_new, bal = self._solve_linear(system, power_vec, t_cells - self.t_ref,
                                                     inner if loose else None)
                solve_s += res.solve_s
                total_it += res.iterations
                picard += 1
                change = float(np.max(np.abs(t_new - t_cells)))
                t_cells = t_new
                if loose and (change < PICARD_TIGHTEN * self.picard_tol
                              or change > 0.5 * last_change):
                    # near the fixed point (or the inexact solves' error shows): exact
                    # solves from here on
                    loose = False
                    last_change = change
                    continue
                last_change = change
                if change < self.picard_tol and not loose:
                    break
                if picard >= self.picard_maxiter:
                    raise ConvergenceError(
                        f"k(T) Picard iteration did not converge: max temperature change "
                        f"{change:.3e} K after {picard} iterations (picard_tol "
                        f"{self.picard_tol:.1e} K); raise picard_maxiter or picard_tol, or "
                        f"check k_exponent values",
                        iterations=picard, residual=change,
                    )
            self.system = system

        if bal.error > self.energy_tol:
            raise EnergyBalanceError(
                f"energy balance error {bal.error:.3e} exceeds {self.energy_tol:.1e}: "
                f"heat in {bal.heat_in:.9g} W, heat out {bal.heat_out:.9g} W "
                f"(relative residual {res.residual:.2e}); lower tol, or check for extreme "
                f"conductance contrasts (e.g. h = 1e12 instead of fixed temperature h = inf)",
                bal.error,
            )
        self._last_theta = t_cells - self.t_ref
        self._last_power = ptot
        self._first = False
        total = time.perf_counter() - t_start
        if self._first_call_pending:
            total += self.assembly_s + self.linear.precond.setup_s
            self._first_call_pending = False
        b = self.system.boundary
        n = self.system.n
        heat_cells = np.bincount(b.cell, weights=b.heat_out(t_cells), minlength=n)
        g_cells = b.conductance_per_cell(n)
        return ThermalSolution(
            boundary_heat=np.nan_to_num(self._full(heat_cells)),
            boundary_conductance=np.nan_to_num(self._full(g_cells)),
            temperature=self._full(t_cells),
            iterations=res.iterations,
            residual=res.residual,
            heat_in=bal.heat_in,
            heat_out=bal.heat_out,
            energy_balance_error=bal.error,
            heat_out_by_side=bal.by_side,
            heat_out_by_group=bal.by_group,
            timings={"assembly": assembly_s, "setup": setup_s, "solve": solve_s,
                     "islands": self.islands_s if assembly_s else 0.0,
                     "total": total},
            method=self.method,
            total_iterations=total_it,
            picard_iterations=picard,
            picard_change=change,
            extra={"preconditioner": dict(self.linear.precond.info),
                   "unknowns": int(self.system.n), "t_ref": self.t_ref},
        )


def solve_steady(problem: ConductionProblem, method: str = DEFAULT_METHOD,
                 **kwargs) -> ThermalSolution:
    """One-shot steady solve: ``SteadySolver(problem, method, **kwargs).solve()``."""
    return SteadySolver(problem, method=method, **kwargs).solve()
