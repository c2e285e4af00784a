"""Solve the free-free thermo-elastic system: AMG-preconditioned CG without supports.

A package in a warpage measurement rests freely: no node is clamped. The stiffness
is then singular with exactly the six rigid-body modes (three translations, three
rotations) as its null space, and the thermal load is self-equilibrated (zero net
force and moment), so K u = f is consistent. We solve it in the complement of the
rigid-body modes: the right-hand side, every preconditioned residual and the answer
are projected orthogonal to them, so the solution carries no rigid motion and no
support bends it (conjugate gradients on a semi-definite consistent system,
e.g. Kaasschieter, J. Comput. Appl. Math. 24, 1988).

Preconditioner: x-y semicoarsening multigrid with z-line Gauss–Seidel on every level
(:mod:`chippack.mechanics.semicoarsening`): the thin layers make the operator strongly
anisotropic in z, and every level keeps all z nodes. It replaced smoothed-aggregation AMG
(pyamg, rigid-body modes as near-null space; Vaněk, Mandel & Brezina 1996), which lost on
every benchmark (``benchmarks/mechanics.py``: a 1.13M-unknown plate 3.3× slower than
semicoarsening, the board-mounted seed-002 model 346 against 98 iterations); the benchmark
keeps stock pyamg as its reference row. The hierarchy depends on the stiffness only, so it
is built once per stiffness and reused by every load case that shares it
(:func:`preconditioner_for`).
Equilibrium is checked after every solve: the residual K u − f, summed
per axis (the net unbalanced force), must vanish relative to the load.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyamg

from chippack.errors import ChippackError
from chippack.mechanics.assembly import ThermoElasticSystem
from chippack.mechanics.rigid import rigid_body_modes, three_two_one_dofs
from chippack.mechanics.semicoarsening import node_lines, semicoarsening_hierarchy


class ConvergenceError(ChippackError):
    """The iterative solve did not reach its tolerance."""


@dataclass(frozen=True)
class MechanicalSolution:
    """Nodal displacement (m, 3 per node) and how the solve went."""

    displacement: np.ndarray  # (m, 3)
    iterations: int
    residual: float  # ||K u − f|| / ||f||
    force_balance: float  # max |Σ residual per axis| / Σ |f|
    load_balance: float  # max |Σ f per axis| / Σ |f| (self-equilibrated load)
    timings: dict[str, float]
    reused_preconditioner: bool = False  # the hierarchy came from an earlier load case
    method: str = ""  # the preconditioner (:func:`build_preconditioner`)


def direct_solve(system: ThermoElasticSystem) -> np.ndarray:
    """(3m,) free-free displacement by SuperLU on K with a 3-2-1 support, rigid motion
    projected out: the exact answer the iterative solve is checked against (small
    systems only: SuperLU's fill-in on 3-D meshes grows fast)."""
    import scipy.sparse.linalg as spla

    coords = system.elements.coords
    n = system.matrix.shape[0]
    keep = np.setdiff1d(np.arange(n), three_two_one_dofs(coords))
    u = np.zeros(n)
    u[keep] = spla.splu(system.matrix.tocsc()[keep][:, keep]).solve(system.load[keep])
    q = rigid_body_modes(coords)
    return u - q @ (q.T @ u)


@dataclass(frozen=True)
class Preconditioner:
    """One stiffness's multigrid hierarchy and its rigid-body modes; ``key`` identifies
    the stiffness it was built for."""

    key: str
    modes: np.ndarray  # (3m, 6) orthonormal rigid-body modes
    hierarchy: pyamg.multilevel.MultilevelSolver
    method: str = "semicoarsening"  # how the hierarchy was built

    def __post_init__(self):
        object.__setattr__(self, "_cycle", self.hierarchy.aspreconditioner())

    def __call__(self, r: np.ndarray) -> np.ndarray:
        """One V-cycle applied to a residual."""
        return self._cycle(r)


def stiffness_key(system: ThermoElasticSystem) -> str:
    """Fingerprint of the stiffness matrix (pattern and values) and the node positions."""
    a = system.matrix
    h = hashlib.blake2b(digest_size=16)
    for arr in (a.indptr, a.indices, a.data, system.elements.coords):
        h.update(np.ascontiguousarray(arr).view(np.uint8))
    return f"{a.shape[0]}:{h.hexdigest()}"


def build_preconditioner(system: ThermoElasticSystem) -> Preconditioner:
    """The x-y semicoarsening / z-line Gauss–Seidel hierarchy of one stiffness
    (:mod:`chippack.mechanics.semicoarsening`)."""
    el = system.elements
    g = el.mesh.grid
    ml = semicoarsening_hierarchy(system.matrix,
                                  node_lines(el.grid_node, el.mesh.shape, g.x, g.y, g.z))
    return Preconditioner(stiffness_key(system), rigid_body_modes(el.coords), ml)


_LAST: list[Preconditioner] = []  # the most recent hierarchy (one: they are large)


def preconditioner_for(system: ThermoElasticSystem) -> tuple[Preconditioner, bool]:
    """The hierarchy of this stiffness, reusing the last one when the stiffness is the same
    (load cases at temperatures that change no modulus); returns (it, reused)."""
    key = stiffness_key(system)
    if _LAST and _LAST[0].key == key:
        return _LAST[0], True
    pre = build_preconditioner(system)
    _LAST[:] = [pre]
    return pre, False


def solve(system: ThermoElasticSystem, tol: float = 1e-8, maxiter: int = 2000,
          progress: Callable[[str], None] | None = None,
          preconditioner: Preconditioner | None = None) -> MechanicalSolution:
    """Free-free solve of K u = f with rigid-body modes projected out (module docstring).

    ``preconditioner``: a hierarchy from :func:`build_preconditioner` for this stiffness;
    by default the cached one of the same stiffness, or a new one."""
    note = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    a = system.matrix
    f = system.load
    if not np.all(np.isfinite(f)):
        raise ChippackError("mechanics: the thermal load has NaN values (check the materials)")

    def project(v: np.ndarray) -> np.ndarray:
        return v - q @ (q.T @ v)

    scale = np.abs(f).sum()
    load_balance = float(np.abs(f.reshape(-1, 3).sum(axis=0)).max() / scale) if scale else 0.0
    note(f"AMG setup ({a.shape[0]:,} unknowns)")
    reused = preconditioner is not None
    if preconditioner is None:
        preconditioner, reused = preconditioner_for(system)
    q = preconditioner.modes
    precondition = preconditioner
    t_setup = time.perf_counter() - t0
    b = project(f)
    u = np.zeros_like(b)
    norm_b = np.linalg.norm(b)
    if norm_b == 0:
        return MechanicalSolution(u.reshape(-1, 3), 0, 0.0, 0.0, load_balance,
                                  {"setup": t_setup, "solve": 0.0}, reused,
                                  preconditioner.method)
    r = b.copy()
    z = project(precondition(r))
    p = z.copy()
    rz = r @ z
    it = 0
    res = 1.0
    while it < maxiter:
        ap = a @ p
        alpha = rz / (p @ ap)
        u += alpha * p
        r -= alpha * ap
        it += 1
        res = np.linalg.norm(r) / norm_b
        if it % 10 == 0:
            note(f"CG iteration {it}, residual {res:.1e}")
        if res < tol or not np.isfinite(res):
            break
        z = project(precondition(r))
        rz_new = r @ z
        p = z + (rz_new / rz) * p
        rz = rz_new
    if not np.isfinite(res) or not np.all(np.isfinite(u)):
        raise ConvergenceError("mechanics: the solve produced NaN (a material with zero or "
                               "negative stiffness?); check the materials' mechanical data")
    if res >= tol:
        raise ConvergenceError(
            f"mechanics: CG did not converge in {maxiter} iterations (residual {res:.2e}, "
            f"tolerance {tol:.0e}); a part may be held by almost nothing (a nearly floating "
            "part), or refine the mesh where the stiffness jumps")
    u = project(u)
    resid = a @ u - f
    true_res = float(np.linalg.norm(project(resid)) / np.linalg.norm(f))
    balance = float(np.abs(resid.reshape(-1, 3).sum(axis=0)).max() / scale)
    if balance > 1e-6 or load_balance > 1e-8:
        raise ConvergenceError(
            f"mechanics: force equilibrium violated (net force {balance:.1e} of the load); "
            "the solve is not trustworthy")
    return MechanicalSolution(u.reshape(-1, 3), it, true_res, balance, load_balance,
                              {"setup": t_setup, "solve": time.perf_counter() - t0 - t_setup},
                              reused, preconditioner.method)
