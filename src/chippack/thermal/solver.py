"""Linear solvers for the symmetric positive-definite conduction systems.

The system ``K x = b`` (K: W/K, x: K, b: W) is solved by preconditioned conjugate gradients
(PCG) with one of the preconditioners of :data:`METHODS`:

* ``"zline"`` (default) -- multigrid for layered grids: z-line smoothing, strength-based
  pairwise aggregation of the z-collapsed column graph (x-y only, z never coarsened),
  K-cycle on the first two coarse levels and V-cycle below, float32 hierarchy inside
  float64 flexible CG, compiled passes on all cores (:mod:`chippack.thermal.zline`,
  :mod:`chippack.thermal.threads`;
  needs the (i, j, k) index of each unknown, which
  :class:`~chippack.thermal.steady.SteadySolver` passes, together with the indicators
  of the high-conductivity bodies for deflated CG, :class:`Deflation`); ``"zline-2x2"``
  the earlier fixed geometric 2 x 2 x-y aggregation (fastest on uniform in-plane grids,
  degrades 4-5x on graded package/board meshes, see ``benchmarks/RESULTS.md``).
  ``options={"dtype": np.float64}`` gives an all-float64 hierarchy (was ``"zline64"``).
  Variants that lost on every benchmark (line Gauss--Seidel, x/y line relaxation,
  smoothed prolongation) left the solver for ``benchmarks/zline_variants.py``; pyamg's
  smoothed aggregation (``"pyamg-sa"``, ``"sa"``) is measured only in
  ``benchmarks/run.py``;
* ``"rs"`` -- Ruge--Stueben AMG (pyamg set-up with a 500-unknown LU coarse level),
  applied with a lean V-cycle (no residual norms inside the preconditioner);
  ``"rs32"`` the same hierarchy in float32;
* ``"pyamg-rs"`` / ``"pyamg-defaults"`` -- ``pyamg.ruge_stuben_solver(K)`` with pyamg's
  default options, applied through ``ml.aspreconditioner()``;
* ``"jacobi"`` -- diagonal scaling;
* ``"direct"`` -- sparse LU (SuperLU), for small systems and reference solutions.

The stopping test is the relative residual ``||b - K x|| / ||b|| <= tol``.  BLAS threads
are limited with threadpoolctl around every solve (OpenBLAS threading is pathological
on the 2-core build machines, see docs/performance.md); the compiled cycle and CG passes
run on numba's threads instead (:func:`chippack.thermal.threads.set_solver_threads`).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from threadpoolctl import threadpool_limits

from chippack.thermal import kernels as _k
from chippack.thermal.errors import ConvergenceError
from chippack.thermal.threads import blocks as _blocks
from chippack.thermal.zline_kernels import unsigned as _unsigned

#: Preconditioner names accepted by :class:`LinearSolver` (aliases map to the same code).
METHODS = ("zline", "zline-2x2", "rs", "rs32", "pyamg-rs", "pyamg-defaults", "jacobi",
           "direct")
DEFAULT_METHOD = "zline"


class VCycle:
    """Multigrid V-cycle of a pyamg hierarchy used as a preconditioner ``z = M r``.

    Unlike ``ml.aspreconditioner()`` it computes no residual norms (saves two fine-level
    mat-vecs per application) and may run in a different precision than the outer CG
    (``dtype=np.float32`` halves the memory traffic of the cycle; CG stays in float64).
    """

    def __init__(self, ml, dtype=np.float64):
        self.ml = ml
        self.dtype = np.dtype(dtype)
        self.levels = ml.levels
        self._coarse = ml.coarse_solver

    def _cycle(self, lvl: int, b: np.ndarray) -> np.ndarray:
        level = self.levels[lvl]
        A = level.A
        x = np.zeros_like(b)
        level.presmoother(A, x, b)
        r = b - A @ x
        bc = level.R @ r
        if lvl == len(self.levels) - 2:
            xc = np.asarray(self._coarse(self.levels[-1].A, bc), dtype=b.dtype).ravel()
        else:
            xc = self._cycle(lvl + 1, bc)
        x += level.P @ xc
        level.postsmoother(A, x, b)
        return x

    def __call__(self, r: np.ndarray) -> np.ndarray:
        if len(self.levels) == 1:
            z = self._coarse(self.levels[0].A, r.astype(self.dtype))
        else:
            z = self._cycle(0, r.astype(self.dtype, copy=True))
        return np.asarray(z, dtype=np.float64).ravel()


@dataclass
class Preconditioner:
    """A built preconditioner: ``apply(r) -> z`` plus the data describing it."""

    name: str
    apply: Callable[[np.ndarray], np.ndarray] | None
    setup_s: float
    info: dict = field(default_factory=dict)
    direct: Callable[[np.ndarray], np.ndarray] | None = None
    flexible: bool = False


def _hierarchy_info(ml) -> dict:
    return {
        "levels": len(ml.levels),
        "operator_complexity": float(ml.operator_complexity()),
        "grid_complexity": float(ml.grid_complexity()),
        "coarse_unknowns": int(ml.levels[-1].A.shape[0]),
    }


def build_preconditioner(matrix: sp.csr_matrix, method: str = DEFAULT_METHOD,
                         structure: tuple | None = None, **options) -> Preconditioner:
    """Build the preconditioner ``method`` for the SPD ``matrix``.

    Tuned defaults (``"rs"``), chosen by measurement in ``benchmarks/run.py``:
    classical strength theta 0.25 on the float64 matrix, RS coarsening without second
    pass, classical interpolation, one symmetric Gauss--Seidel sweep pre and post,
    coarse direct solve at <= 500 unknowns.  ``options`` override the pyamg keyword
    arguments of the AMG methods.  ``structure = (ijk, shape)`` gives the grid index
    arrays of the unknowns, required by ``"zline"``.
    """
    import pyamg

    t0 = time.perf_counter()
    if method in ("zline", "zline-2x2"):
        from chippack.thermal.zline import ZLineMultigrid

        if structure is None:
            raise ValueError("method 'zline' needs structure=(ijk, shape) of the unknowns; "
                             "use SteadySolver, or pick method='rs' for a bare matrix")
        # coarse LU at <= 1500 unknowns: its solve costs as much as a cycle on a
        # 1e5-cell study variant at 3000 (10 % faster per variant, measured; the 1.2M
        # seed-000 hierarchy is the same with either)
        # K-cycle on the first two coarse levels only, V-cycle below: the same 40
        # iterations on the 1.2M-cell seed-000 model as a K-cycle on every level, and
        # 1.25 s instead of 1.57 s (the deeper levels are visited 8x and 16x per
        # iteration by a full K-cycle, at a per-unknown cost 3x the fine level's)
        # pairing threshold 0.6 (zline module docstring): 30 instead of 40 iterations there
        kw = dict(omega=0.8, dtype=np.float32, coarse_size=1500, kcycle_levels=2,
                  theta=0.6, aggregation="2x2" if method == "zline-2x2" else "pairwise")
        kw.update(options)
        mg = ZLineMultigrid(matrix, structure[0], structure[1], **kw)
        return Preconditioner(method, mg, time.perf_counter() - t0, mg.info, flexible=True)
    if method == "pyamg-defaults":
        method = "pyamg-rs"
    if method == "direct":
        lu = spla.splu(matrix.tocsc(), permc_spec="MMD_AT_PLUS_A")
        return Preconditioner("direct", None, time.perf_counter() - t0,
                              {"nnz_LU": int(lu.L.nnz + lu.U.nnz)}, direct=lu.solve)
    if method == "jacobi":
        dinv = 1.0 / matrix.diagonal()
        return Preconditioner("jacobi", lambda r: dinv * r, time.perf_counter() - t0)
    if method == "pyamg-rs":
        ml = pyamg.ruge_stuben_solver(matrix, **options)
        M = ml.aspreconditioner()
        return Preconditioner(method, M.matvec, time.perf_counter() - t0, _hierarchy_info(ml))
    if method in ("rs", "rs32"):
        dtype = np.float32 if method == "rs32" else np.float64
        kw = dict(
            strength=("classical", {"theta": 0.25}),
            CF=("RS", {"second_pass": False}),
            presmoother=("gauss_seidel", {"sweep": "symmetric"}),
            postsmoother=("gauss_seidel", {"sweep": "symmetric"}),
            max_coarse=500,
            coarse_solver="splu",
        )
        kw.update(options)
        A = matrix.astype(dtype) if dtype != matrix.dtype else matrix
        ml = pyamg.ruge_stuben_solver(A, **kw)
        return Preconditioner(method, VCycle(ml, dtype), time.perf_counter() - t0,
                              _hierarchy_info(ml))
    raise ValueError(f"unknown solver method {method!r}; choose one of {', '.join(METHODS)}")


@dataclass
class Deflation:
    """Deflation of the conjugate-gradient iterates against a few coarse vectors.

    ``Z`` (n, m) holds indicators of the near-floating bodies of high conductivity
    (copper lids, sinks, pins: :func:`chippack.thermal.steady.conductive_bodies`).  In
    still air such a body couples to the rest through a mold or TIM ~1000x softer, and
    the smoothest error on it is what the x-y column aggregates of the z-line multigrid
    (the same aggregates in every layer, copper and mold alike) represent worst: it
    leaves the small eigenvalues of the preconditioned operator (measured on seed-000:
    48 -> 36 iterations at 1.2M cells).  Deflated CG (Saad, Yeung, Erhel & Guyomarc'h,
    SIAM J. Sci. Comput. 21, 2000; for layered extreme-contrast problems Vuik, Segal &
    Meijerink, J. Comput. Phys. 152, 1999) keeps every search direction A-orthogonal to
    ``Z``: per iteration one pass over the sparse rows of ``A Z`` and one over ``Z`` (both
    only over the bodies' cells), no extra mat-vec with A.
    """

    Z: sp.csr_matrix         # (n, m) indicators, at most one 1 per row
    cells: np.ndarray        # unknowns in a body
    body: np.ndarray         # their body (column of Z)
    rows: np.ndarray         # unknowns where A Z is non-zero (the bodies and their rims)
    AZ: sp.csr_matrix        # (len(rows), m): those rows of A Z
    Einv: np.ndarray         # (m, m) inverse of Z^T A Z

    @classmethod
    def build(cls, matrix, Z: sp.spmatrix) -> Deflation:
        Z = sp.csr_matrix(Z, dtype=np.float64)
        n, m = Z.shape
        counts = np.diff(Z.indptr)
        if np.any(counts > 1) or np.any(Z.data != 1.0):
            raise ValueError("deflation vectors must be disjoint 0/1 indicators")
        cells = np.flatnonzero(counts)
        body = Z.indices.astype(np.int64)
        AZ = sp.csr_matrix(matrix @ Z)
        rows = np.flatnonzero(np.diff(AZ.indptr))
        AZ = AZ[rows]
        E = (AZ.T @ Z[rows]).toarray()
        # unsigned 32-bit index arrays for the compiled passes (half the index traffic of
        # int64, and numba drops its negative-index test)
        u32 = np.uint32 if n < 2**32 else np.uint64
        return cls(Z, cells.astype(u32), body.astype(u32), rows.astype(u32), AZ,
                   np.linalg.inv(0.5 * (E + E.T)))

    def for_matrix(self, matrix) -> Deflation:
        """The same coarse vectors for another matrix (a film pass, a Picard step)."""
        return Deflation.build(matrix, self.Z)

    def _coarse(self, r: np.ndarray) -> np.ndarray:
        """``(Z^T A Z)^-1 Z^T r`` (m,)."""
        return self.Einv @ _k.body_sums(r, self.cells, self.body, self.Einv.shape[0],
                                        _blocks(self.cells.size))

    def coarse_solve(self, r: np.ndarray) -> np.ndarray:
        """``Z (Z^T A Z)^-1 Z^T r``: the A-orthogonal projection of the error on span Z."""
        out = np.zeros_like(r)
        out[self.cells] = self._coarse(r)[self.body]
        return out

    def correct(self, x: np.ndarray, r: np.ndarray) -> None:
        """In place: ``x += Z c``, ``r -= A Z c`` with ``c = E^-1 Z^T r``, so that
        ``Z^T r = 0``.  Exact arithmetic keeps it zero; re-imposing it every iteration
        stops the rounding drift that otherwise makes deflated CG diverge once the
        residual reaches float64's floor (the instability of the plain deflated
        recurrence, Tang, Nabben, Vuik & Erlangga, J. Sci. Comput. 39, 2009).  Touches
        only the bodies and their rims."""
        c = self._coarse(r)
        AZ = self.AZ
        _k.deflation_correct(x, r, self.cells, self.body, self.rows, _unsigned(AZ.indptr),
                             _unsigned(AZ.indices), AZ.data, c, _blocks(self.rows.size))

    def project(self, z: np.ndarray) -> np.ndarray:
        """In place: ``z -= Z (Z^T A Z)^-1 (A Z)^T z`` (z made A-orthogonal to span Z);
        returns z."""
        AZ = self.AZ
        _k.deflation_project(z, self.cells, self.body, self.rows, _unsigned(AZ.indptr),
                             _unsigned(AZ.indices), AZ.data, self.Einv,
                             _blocks(self.rows.size))
        return z


@dataclass
class LinearSolveResult:
    x: np.ndarray
    iterations: int
    residual: float          # final relative residual ||b - K x|| / ||b||
    solve_s: float
    stop: dict = field(default_factory=dict)   # pcg's stop reason, rate, projection


def _failure_message(method: str, res: LinearSolveResult, tol: float, maxiter: int) -> str:
    """One line: what happened to PCG and what to change."""
    why = res.stop.get("reason", "maxiter")
    rate = res.stop.get("rate", float("nan"))
    head = (f"PCG ({method}) stopped after {res.iterations} iterations at relative residual "
            f"{res.residual:.2e} (tol {tol:.0e})")
    if why in ("breakdown", "diverging"):
        return (f"{head}: the preconditioner {'broke down' if why == 'breakdown' else 'diverges'}"
                f" on this system; solve with method='rs' (algebraic multigrid) or coarsen "
                f"the model (homogenised joint arrays)")
    proj = res.stop.get("projected", float("inf"))
    proj_s = "never" if not np.isfinite(proj) else f"after ~{int(proj)} iterations"
    return (f"{head}: converging too slowly (residual x{rate:.3f} per iteration, would reach "
            f"tol {proj_s}, maxiter {maxiter}); coarsen the model (homogenised joint arrays, "
            f"a lower mesh refine), raise maxiter, or try method='rs'")


def _at_rounding_floor(matrix, b: np.ndarray, x: np.ndarray) -> bool:
    """True when the true residual of ``x`` is within the rounding error of computing it
    in float64, ``||b - K x|| <= 10 eps (|| |K| |x| || + ||b||)`` (a normwise backward
    error of 10 eps; Higham, *Accuracy and Stability of Numerical Algorithms*, 2002,
    sec. 7.1): no further iteration can lower it.  Conductance matrices of boards in
    still air reach it above a 1e-10 relative residual (||K|| ||T|| / ||P|| ~ 1e7)."""
    r = float(np.linalg.norm(b - matrix @ x))
    absx = np.abs(x)
    scale = float(np.linalg.norm(abs(matrix) @ absx)) + float(np.linalg.norm(b))
    return r <= 10.0 * np.finfo(np.float64).eps * scale


def pcg(matrix, b: np.ndarray, precond: Callable | None, x0: np.ndarray | None = None,
        tol: float = 1e-10, maxiter: int = 500, flexible: bool = False,
        info: dict | None = None, project: bool = True,
        deflation: Deflation | None = None) -> tuple[np.ndarray, int, float]:
    """Preconditioned conjugate gradients for SPD ``matrix``.

    Stops when ``||b - K x||_2 <= tol ||b||_2`` (true residual re-checked at the end).
    ``flexible`` uses the Polak--Ribiere update beta = z_new.(r_new - r_old) / z_old.r_old
    (Notay 2000), needed when the preconditioner varies between applications (K-cycle,
    float32 arithmetic).  Returns ``(x, iterations, relative_residual)``; never raises.

    It also stops early, without waiting for ``maxiter``, when the run cannot succeed:
    a breakdown (non-positive curvature ``p.Kp`` or ``r.z``, a non-finite residual: the
    preconditioner is not SPD), divergence (residual 1e4 x its smallest value so far),
    or -- with ``project``, checked every 10 iterations from iteration 30 -- when the
    mean convergence rate of the last 20 iterations projects past ``maxiter`` (only
    meaningful for multigrid preconditioners, whose residuals fall at a steady rate from
    the start; diagonal scaling plateaus before converging).  ``info`` (a dict, if
    given) receives ``reason`` (``"converged"``, ``"maxiter"``, ``"breakdown"``,
    ``"diverging"``, ``"too slow"``, ``"rounding floor"``: the tolerance lies below what
    float64 can resolve for this system and the residual reached that floor, see
    :func:`_at_rounding_floor`), ``rate`` and ``projected`` iterations.

    ``deflation`` (a :class:`Deflation`) runs deflated CG: the start is corrected on the
    coarse vectors and every search direction is projected A-orthogonal to them.
    """
    info = {} if info is None else info
    info.update(reason="converged", rate=float("nan"), projected=0)
    bnorm = float(np.linalg.norm(b))
    if bnorm == 0.0:
        return np.zeros_like(b), 0, 0.0
    x = np.zeros_like(b) if x0 is None else np.array(x0, dtype=float, copy=True)
    r = b - matrix @ x if x0 is not None else b.copy()
    target = tol * bnorm
    rnorm = float(np.linalg.norm(r))
    it = 0
    if rnorm <= target:
        return x, 0, rnorm / bnorm
    if deflation is not None:
        # start with the error's component on the coarse vectors removed (Z^T r = 0)
        x += deflation.coarse_solve(r)
        r = b - matrix @ x
        rnorm = float(np.linalg.norm(r))
        if rnorm <= target:
            return x, 0, rnorm / bnorm
    history = [rnorm]
    z = precond(r) if precond is not None else r.copy()
    p = deflation.project(z.copy()) if deflation is not None else z.copy()
    rz = float(r @ z)
    r_old = np.empty_like(r) if flexible else r[:0]
    converged = False
    csr = sp.issparse(matrix) and matrix.format == "csr" and matrix.dtype == np.float64 \
        and p.dtype == np.float64
    if csr:       # q = K p and p.q in one compiled pass
        kp, ki, q = _unsigned(matrix.indptr), _unsigned(matrix.indices), np.empty_like(p)
    nb = _blocks(b.size)
    while it < maxiter:
        if csr:
            pq = _k.matvec_dot(kp, ki, matrix.data, p, q, nb)
        else:
            q = matrix @ p
            pq = float(p @ q)
        if not (pq > 0.0 and rz > 0.0):
            info["reason"] = "breakdown"
            break
        alpha = rz / pq
        rr = _k.cg_step(x, r, r_old, p, q, alpha, nb)   # r_old = r; x += a p; r -= a q
        if deflation is not None:
            deflation.correct(x, r)
            rr = float(r @ r)
        it += 1
        rnorm = float(np.sqrt(rr))
        history.append(rnorm)
        if rnorm <= target:
            # confirm with the true residual (guards against drift of the recurrence)
            r = b - matrix @ x
            rnorm = float(np.linalg.norm(r))
            if rnorm <= target:
                converged = True
                break
        if not np.isfinite(rnorm):
            info["reason"] = "breakdown"
            break
        if rnorm > 1e4 * min(history):
            info["reason"] = "diverging"
            break
        # near the tolerance and less than a decade gained in 10 iterations: at the floor?
        if it >= 20 and it % 10 == 0 and rnorm <= 1e4 * target and \
                rnorm > 0.1 * min(history[-11:-1]) and _at_rounding_floor(matrix, b, x):
            r = b - matrix @ x
            rnorm = float(np.linalg.norm(r))
            info["reason"] = "rounding floor"
            break
        if project and it >= 30 and it % 10 == 0:
            rate = (rnorm / history[-21]) ** (1.0 / 20.0)
            info["rate"] = rate
            projected = it + (np.log(target / rnorm) / np.log(rate) if rate < 1.0 else np.inf)
            info["projected"] = projected
            if projected > maxiter:
                info["reason"] = "too slow"
                break
        z = precond(r) if precond is not None else r.copy()
        rz_new, roz = _k.cg_dots(r, z, r_old, nb)
        beta = (rz_new - roz) / rz if flexible else rz_new / rz
        rz = rz_new
        _k.cg_direction(p, deflation.project(z) if deflation is not None else z, beta, nb)
    if not converged and info["reason"] == "converged":
        info["reason"] = "rounding floor" if _at_rounding_floor(matrix, b, x) else "maxiter"
    if len(history) > 1 and not np.isfinite(info["rate"]):
        info["rate"] = (history[-1] / history[0]) ** (1.0 / (len(history) - 1))
    rel = rnorm / bnorm
    if not np.isfinite(rel):
        rel = float("inf")
    return x, it, rel


class LinearSolver:
    """PCG (or direct) solver for ``K x = b`` that keeps its preconditioner for reuse.

    Parameters
    ----------
    matrix : scipy.sparse matrix (n, n), SPD
    method : str
        One of :data:`METHODS`.
    tol : float
        Relative residual tolerance.
    maxiter : int
        Maximum PCG iterations per solve.
    threads : int
        BLAS threads during the solve (threadpoolctl).
    options : dict
        Extra keyword arguments for the AMG setup.
    deflation : sparse (n, m), optional
        Coarse vectors for deflated CG (:class:`Deflation`; ignored by ``"direct"``).
    """

    def __init__(self, matrix, method: str = DEFAULT_METHOD, tol: float = 1e-10,
                 maxiter: int = 500, threads: int = 1, options: dict | None = None,
                 structure: tuple | None = None, deflation: sp.spmatrix | None = None):
        if method not in METHODS:
            raise ValueError(
                f"unknown solver method {method!r}; choose one of {', '.join(METHODS)}"
            )
        self.method = method
        self.tol = float(tol)
        self.maxiter = int(maxiter)
        self.threads = int(threads)
        self.options = dict(options or {})
        self.structure = structure
        self.matrix = sp.csr_matrix(matrix)
        with threadpool_limits(limits=self.threads, user_api="blas"):
            self.precond = build_preconditioner(self.matrix, method, structure,
                                                **self.options)
        self.setup_s = self.precond.setup_s
        self.n_setups = 1
        self.deflation = None
        if deflation is not None and deflation.shape[1] > 0 and \
                self.precond.direct is None:
            t0 = time.perf_counter()
            self.deflation = Deflation.build(self.matrix, deflation)
            self.setup_s += time.perf_counter() - t0

    def update_matrix(self, matrix, rebuild: bool = False) -> None:
        """Replace the operator; keep the old preconditioner unless ``rebuild`` (an AMG
        hierarchy of a nearby matrix, e.g. the previous Picard iterate, stays an excellent
        preconditioner)."""
        self.matrix = sp.csr_matrix(matrix)
        if self.deflation is not None:
            self.deflation = self.deflation.for_matrix(self.matrix)
        if rebuild or self.method == "direct":
            with threadpool_limits(limits=self.threads, user_api="blas"):
                self.precond = build_preconditioner(self.matrix, self.method, self.structure,
                                                    **self.options)
            self.setup_s += self.precond.setup_s
            self.n_setups += 1

    def with_matrix(self, matrix) -> LinearSolver:
        """A solver for another (nearby SPD) matrix that shares this one's preconditioner
        (no new set-up; a direct factorisation is never shared)."""
        if self.precond.direct is not None:
            return LinearSolver(matrix, method=self.method, tol=self.tol,
                                maxiter=self.maxiter, threads=self.threads,
                                options=self.options, structure=self.structure)
        twin = copy.copy(self)
        twin.matrix = sp.csr_matrix(matrix)
        if self.deflation is not None:
            twin.deflation = self.deflation.for_matrix(twin.matrix)
        twin.setup_s = 0.0
        twin.n_setups = 0
        return twin

    def solve(self, b: np.ndarray, x0: np.ndarray | None = None, tol: float | None = None,
              raise_on_failure: bool = True) -> LinearSolveResult:
        """Solve ``K x = b``; raises :class:`ConvergenceError` when the tolerance is not
        reached within ``maxiter`` iterations."""
        tol = self.tol if tol is None else float(tol)
        t0 = time.perf_counter()
        with threadpool_limits(limits=self.threads, user_api="blas"):
            if self.precond.direct is not None:
                x = self.precond.direct(b)
                bn = float(np.linalg.norm(b)) or 1.0
                res = LinearSolveResult(x, 0, float(np.linalg.norm(b - self.matrix @ x)) / bn,
                                        0.0)
            else:
                stop: dict = {}
                x, it, rel = pcg(self.matrix, b, self.precond.apply, x0=x0, tol=tol,
                                 maxiter=self.maxiter, flexible=self.precond.flexible,
                                 info=stop, project=self.method != "jacobi",
                                 deflation=self.deflation)
                res = LinearSolveResult(x, it, rel, 0.0, stop)
        res.solve_s = time.perf_counter() - t0
        if raise_on_failure and not res.residual <= tol * 1.0000001 and \
                self.precond.direct is None and res.stop.get("reason") != "rounding floor":
            raise ConvergenceError(_failure_message(self.method, res, tol, self.maxiter),
                                   iterations=res.iterations, residual=res.residual)
        return res
