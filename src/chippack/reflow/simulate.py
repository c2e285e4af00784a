"""Transient simulation of a load (package, or package on its board) through a reflow oven.

Every exposed face of the load exchanges heat with the oven air,
``q = h(t) A (T_face - T_air(t))`` (h and T_air from an
:class:`~chippack.reflow.profile.AirProfile`); conduction inside follows the package mesh.
The time-varying air temperature enters the existing implicit
:class:`~chippack.thermal.TransientSolver` as a heat input: with the boundary
temperature fixed at the profile's lowest air temperature T_0, each boundary face of
conductance G_b adds ``G_b (T_air(t) - T_0)`` to its cell, which is exactly the change of
``G_b (T_air - T_cell)`` from a sink at T_0 (so the solver's per-step energy balance
``in = out + stored`` checks the oven exchange too).  One system is assembled per
distinct zone h.  By default the steps are variable-step BDF2 under local-error control,
landing on every profile breakpoint, with one multigrid hierarchy shared by all step
sizes and zones and rebuilt only when PCG iterations grow
(:mod:`chippack.reflow.stepping`); with a given ``dt`` all steps share that size
(constant-step BDF2, one hierarchy or LU per zone h).

Outputs per joint array: the history of its coldest, mean and hottest cell, each
cell's peak and time above the solder's own liquidus (linear between steps), and
the map of peak temperature over the joint plane.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from chippack.errors import ChippackError
from chippack.layout import Layout
from chippack.mesh.package import AMBIENT, MeshOptions, PackageMesh, mesh_layout
from chippack.reflow import stepping
from chippack.reflow.jstd020 import ProfileStats, profile_stats
from chippack.reflow.profile import AirProfile
from chippack.thermal.problem import SIDES, ConductionProblem, SideCondition
from chippack.thermal.transient import TransientSolver

#: Largest air-temperature change per step, K (sets dt from the profile's steepest ramp).
STEP_K = 4.0
#: Step size bounds, s (fixed steps: DT_MIN..DT_MAX from STEP_K; adaptive steps: first
#: step DT_FIRST, then DT_MIN..DT_MAX_ADAPTIVE from the local error).
DT_MIN, DT_MAX = 0.25, 2.0
DT_FIRST, DT_MAX_ADAPTIVE = 0.5, 10.0
#: Local error per adaptive step, K (see tests/reflow/test_fast_path.py for what it gives
#: in peak and time above liquidus against small fixed steps).
LOCAL_ERROR_K = 0.02
#: PCG tolerance of the adaptive steps (relative residual; a step whose energy balance
#: misses 1e-7 is re-solved tighter, see chippack.reflow.stepping).
PCG_TOL = 1e-6
JOINT_KINDS = ("bump_array", "ball_array")
#: Largest load (unknowns) solved with a sparse LU instead of multigrid PCG.
DIRECT_MAX = 40_000


@dataclass(frozen=True)
class JointReflow:
    """Simulated reflow of one joint array.

    ``peak_c``: hottest cell's peak; ``peak_min_c``: peak of the coldest joint (the
    lowest per-cell peak); ``time_above_liquidus_s``: the coldest joint's time above
    ``liquidus_c`` (the least over the array's cells), ``tal_max_s`` the most;
    ``stats``: J-STD-020 statistics of the array's mean temperature history.
    """

    id: str
    role: str
    material: str
    liquidus_c: float | None
    peak_c: float
    peak_min_c: float
    time_above_liquidus_s: float
    tal_max_s: float
    stats: ProfileStats
    mean_c: np.ndarray = field(repr=False)
    min_c: np.ndarray = field(repr=False)
    max_c: np.ndarray = field(repr=False)
    peak_map_c: np.ndarray = field(repr=False)

    @property
    def melted(self) -> bool:
        """Every joint of the array went above its liquidus."""
        return self.liquidus_c is not None and self.peak_min_c > self.liquidus_c

    def short_by(self, min_tal_s: float) -> str | None:
        """How the coldest joint falls short of melting for ``min_tal_s`` s, or None."""
        if self.liquidus_c is None:
            return f"{self.id} ({self.material}) has no liquidus"
        if not self.melted:
            return (f"{self.id} peaks at {self.peak_min_c:.1f} °C, "
                    f"{self.liquidus_c - self.peak_min_c:.1f} K below its liquidus "
                    f"{self.liquidus_c:g} °C")
        if self.time_above_liquidus_s < min_tal_s:
            return (f"{self.id} is above its liquidus {self.liquidus_c:g} °C for only "
                    f"{self.time_above_liquidus_s:.1f} s, {min_tal_s - self.time_above_liquidus_s:.1f}"
                    f" s short of {min_tal_s:g} s")
        return None


@dataclass(frozen=True)
class PartReflow:
    id: str
    kind: str
    peak_c: float
    peak_min_c: float


@dataclass
class ReflowRun:
    """Result of one oven pass: histories, per-joint and per-part results, solver facts."""

    profile: AirProfile
    tc: float
    lead_free: bool
    times: np.ndarray
    air_c: np.ndarray
    joints: dict[str, JointReflow]
    parts: dict[str, PartReflow]
    package_top_c: np.ndarray
    package_stats: ProfileStats | None
    delta_t_at_peak_k: float
    solver: dict
    mesh: PackageMesh = field(repr=False)
    peak_field_c: np.ndarray = field(repr=False)
    findings: list[str] = field(default_factory=list)

    def solver_summary(self) -> str:
        """One line: steps, step sizes, hierarchy builds, PCG iterations, wall time."""
        sv = self.solver
        builds = sv["hierarchy_builds"]
        steps = (f"{sv['steps']} variable BDF2 steps ({sv['dt_min_s']:.2g}–"
                 f"{sv['dt_max_s']:.2g} s, {sv['rejected_steps']} redone)"
                 if sv["scheme"] == "bdf2 variable step"
                 else f"{sv['steps']} BDF2 steps of {sv['dt_s']:.3g} s")
        return (f"{sv['cells']:,} cells, {steps}, {builds} solver set-up"
                f"{'s' if builds != 1 else ''} ({sv['method']}) shared by all steps, "
                f"{sv['pcg_iterations_total']} PCG iterations, {sv['total_s']:.1f} s")

    def to_dict(self) -> dict:
        def stats(s: ProfileStats | None) -> dict | None:
            if s is None:
                return None
            return {"peak_c": s.peak_c, "time_to_peak_s": s.time_to_peak_s,
                    "time_above_liquidus_s": s.time_above_liquidus_s, "preheat_s": s.preheat_s,
                    "within_5k_of_peak_s": s.within_5k_s, "ramp_up_k_s": s.ramp_up_k_s,
                    "ramp_down_k_s": s.ramp_down_k_s,
                    "avg_ramp_up_k_s": s.avg_ramp_up_k_s,
                    "avg_ramp_down_k_s": s.avg_ramp_down_k_s, "jstd020_windows": s.windows,
                    "pwi_percent": s.pwi_percent, "pwi_worst": s.pwi_worst}
        joints = {j.id: {"role": j.role, "material": j.material, "liquidus_c": j.liquidus_c,
                         "peak_c": j.peak_c, "peak_min_c": j.peak_min_c,
                         "time_above_liquidus_s": j.time_above_liquidus_s,
                         "time_above_liquidus_max_s": j.tal_max_s, "melted": j.melted,
                         "mean_history": stats(j.stats)}
                  for j in self.joints.values()}
        return {
            "profile": {"source": self.profile.source, "peak_air_c": self.profile.peak_c,
                        "duration_s": self.profile.duration_s,
                        "classification_temperature_c": self.tc, "lead_free": self.lead_free},
            "peak_c": {k: v["peak_c"] for k, v in joints.items()},
            "time_above_liquidus_s": {k: v["time_above_liquidus_s"] for k, v in joints.items()},
            "joints": joints,
            "parts": {p.id: {"kind": p.kind, "peak_c": p.peak_c, "peak_min_c": p.peak_min_c}
                      for p in self.parts.values()},
            "package_top_centre": stats(self.package_stats),
            "delta_t_across_package_at_peak_k": self.delta_t_at_peak_k,
            "findings": self.findings,
            "solver": {**self.solver, "summary": self.solver_summary()},
        }


# -- what is in the oven -------------------------------------------------------------

def _overlap_xy(a: np.ndarray, b: np.ndarray) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def joint_role(layout: Layout, pid: str) -> str:
    """``balls``, ``die bumps`` (die above) or ``sink bumps`` (heat sink above)."""
    part = layout.parts[pid]
    if part.kind == "ball_array":
        return "balls"
    env = part.envelope
    above = [p for p in layout.parts.values()
             if p.id != pid and p.kind in ("die", "heat_sink") and abs(p.bottom - part.top) < 1e-6
             and _overlap_xy(p.envelope, env)]
    if above:
        return "sink bumps" if above[0].kind == "heat_sink" else "die bumps"
    return "bumps"


def package_body(layout: Layout) -> tuple[float, float]:
    """J-STD-020 body thickness (m) and volume (m^3): the envelope of the parts other than
    balls, boards and non-integral heat sinks (a sink not encapsulated by a mold)."""
    molded = {q for p in layout.spec.parts.values() if p.kind == "encapsulant"
              for q in (getattr(p, "encapsulates", None) or [])}
    body = [p for p in layout.parts.values()
            if p.kind not in ("ball_array", "board") and not p.filler
            and not (p.kind == "heat_sink" and p.id not in molded)]
    if not body:
        body = [p for p in layout.parts.values() if p.kind != "board"]
    box = np.array([p.envelope for p in body])
    lo, hi = box.min(axis=0), box.max(axis=0)
    thickness = hi[5] - lo[4]
    return float(thickness), float((hi[1] - lo[0]) * (hi[3] - lo[2]) * thickness)


def choose_dt(profile: AirProfile) -> float:
    """Step size from the profile: at most :data:`STEP_K` of air change per step."""
    ramp = profile.max_ramp_c_s()
    dt = STEP_K / ramp if ramp > 0 else DT_MAX
    return float(np.clip(dt, DT_MIN, DT_MAX))


def _oven_problem(mesh: PackageMesh, h: float, t0: float) -> ConductionProblem:
    shape = mesh.shape
    amb = mesh.region == AMBIENT
    sides = {s: SideCondition(h=h, t=t0) for s in SIDES}
    return ConductionProblem(
        grid=mesh.grid, k=mesh.conductivity(), power=np.zeros(shape), solid=mesh.conducting,
        ambient_h=np.where(amb, h, 0.0), ambient_t=np.full(shape, t0), sides=sides,
        rho_cp=mesh.volumetric_heat_capacity(), contact_resistance=mesh.contact_resistance())


def simulate_reflow(layout: Layout, profile: AirProfile, tc: float, lead_free: bool = True,
                    mesh_options: MeshOptions | None = None, dt: float | None = None,
                    method: str | None = None,
                    progress: Callable[[float], None] | None = None,
                    local_error_k: float = LOCAL_ERROR_K) -> ReflowRun:
    """Run ``layout`` through the oven ``profile``; ``tc`` is the J-STD-020 classification
    temperature the windows are judged against.  ``progress(fraction)`` is called as it
    goes.

    ``dt`` None (default): variable-step BDF2 with local error ``local_error_k`` (K) per
    step (:mod:`chippack.reflow.stepping`); a number: that many seconds per step (the
    step is shrunk slightly to land on the end), constant-step BDF2."""
    clock = time.perf_counter()
    mesh = mesh_layout(layout, mesh_options or MeshOptions(arrays="homogenized"))
    t_mesh = time.perf_counter() - clock
    t0 = float(min(profile.air_c.min(), profile.start_c))
    adaptive = dt is None
    dt = dt or choose_dt(profile)
    nsteps = max(int(np.ceil(profile.duration_s / dt - 1e-9)), 1)
    dt = profile.duration_s / nsteps
    if method is None:
        # fixed steps: a sparse LU, factorised once, beats PCG on small loads; adaptive
        # steps change the matrix every step, so multigrid with a shared hierarchy
        small = int(mesh.conducting.sum()) <= DIRECT_MAX
        method = "direct" if small and not adaptive else "zline"
    kw = {"method": method}
    solvers: dict[float, TransientSolver] = {}
    loads: dict[float, np.ndarray] = {}

    def solver_for(h: float) -> TransientSolver:
        if h not in solvers:
            s = TransientSolver(_oven_problem(mesh, h, t0), scheme="bdf2",
                                initial=profile.start_c, tol=1e-9, **kw)
            gb = np.zeros(mesh.n_cells)
            gb[s.system.cells] = s.system.boundary.conductance_per_cell(s.system.n)
            solvers[h], loads[h] = s, gb.reshape(mesh.shape)
        return solvers[h]

    first = solver_for(profile.h_at(0.5 * dt))
    cells = first.system.cells                    # same solid cells for every h
    index = first.system.index
    n = cells.size

    def unknowns(mask: np.ndarray) -> np.ndarray:
        u = index[np.flatnonzero(mask.ravel())]
        return u[u >= 0]

    joint_ids = [pid for pid, p in layout.parts.items() if p.kind in JOINT_KINDS]
    liq = {pid: layout.material_of(pid).liquidus for pid in joint_ids}
    ju = {pid: unknowns(mesh.part_mask(pid)) for pid in joint_ids}
    part_u = {pid: unknowns(mesh.part_mask(pid)) for pid in layout.parts}
    part_u = {k: v for k, v in part_u.items() if v.size}
    board = [pid for pid, p in layout.parts.items() if p.kind == "board"]
    pkg_mask = np.isin(mesh.part, [mesh.part_ids.index(p) for p in layout.parts
                                   if p not in board and p in mesh.part_ids])
    pkg_u = unknowns(pkg_mask & mesh.conducting)
    top_u = _top_centre_unknown(mesh, layout, board, index)
    vol = mesh.grid.cell_volumes().ravel()[cells]

    theta = np.full(n, profile.start_c)
    hist = {pid: ([], [], []) for pid in joint_ids}
    tal = {pid: np.zeros(u.size) for pid, u in ju.items()}
    peak = theta.copy()
    top, dmax, dmin = [], [], []
    times = [0.0]

    def record(temp: np.ndarray) -> None:
        for pid, u in ju.items():
            tu = temp[u]
            hist[pid][0].append(float(tu.min()))
            hist[pid][1].append(float(np.sum(tu * vol[u]) / np.sum(vol[u])))
            hist[pid][2].append(float(tu.max()))
        top.append(float(temp[top_u]))
        tp = temp[pkg_u]
        dmax.append(float(tp.max()))
        dmin.append(float(tp.min()))

    record(theta)
    state = {"t": 0.0}

    def on_step(old: np.ndarray, new: np.ndarray, step_dt: float) -> None:
        for pid, u in ju.items():
            if liq[pid] is not None:
                tal[pid] += _step_time_above(old[u], new[u], liq[pid], step_dt)
        np.maximum(peak, new, out=peak)
        state["t"] += step_dt
        times.append(state["t"])
        record(new)

    t_ref = first.t_ref
    if adaptive:
        def power_at(t: float, h: float) -> np.ndarray:
            return (loads[h] * (profile.air_at(t) - t0)).ravel()[cells]

        breaks = np.concatenate([profile.time_s, profile.h_edges_s])
        march = stepping.march(
            solver_for, lambda t: profile.h_at(t), power_at, breaks, profile.duration_s,
            theta - t_ref, lambda a, b, h: on_step(a + t_ref, b + t_ref, h),
            tol_k=local_error_k, dt_first=DT_FIRST, dt_min=DT_MIN, dt_max=DT_MAX_ADAPTIVE,
            method=method, pcg_tol=PCG_TOL, progress=progress)
        mstats = {k: v for k, v in march.as_dict().items()
                  if k in ("dt_min_s", "dt_max_s", "rejected_steps", "local_error_max_k",
                           "tightened_steps", "pcg_iterations_total")}
        nsteps = march.steps
        switches = int(np.sum(np.diff(profile.h_w_m2k) != 0))
        iters, errs = march.iterations, march.energy_errors
        builds = march.hierarchy_builds
    else:
        current = first
        iters, errs, switches = [], [], 0
        for k in range(nsteps):
            h = profile.h_at((k + 0.5) * dt)
            s = solver_for(h)
            if s is not current:          # zone change: carry the state over, restart BDF2
                s.theta = current.theta + (current.t_ref - s.t_ref)
                s.theta_prev = None
                s.time = current.time
                current = s
                switches += 1
            load = loads[h]
            info = current.step(dt, lambda t, load=load: load * (profile.air_at(t) - t0))
            iters.append(info["iterations"])
            errs.append(info["energy_balance_error"])
            new = current.theta + current.t_ref
            on_step(theta, new, dt)
            theta = new
            if progress is not None and (k % 10 == 0 or k == nsteps - 1):
                progress((k + 1) / nsteps)
        builds = sum(s.hierarchy_builds for s in solvers.values())
        mstats = {"dt_min_s": dt, "dt_max_s": dt, "rejected_steps": 0}
    t = np.array(times)
    air = profile.air_at(t)
    joints: dict[str, JointReflow] = {}
    for pid in joint_ids:
        mn, me, mx = (np.array(a) for a in hist[pid])
        u = ju[pid]
        tl = liq[pid]
        stats = profile_stats(t, me, tl if tl is not None else np.inf, tc, lead_free)
        joints[pid] = JointReflow(
            id=pid, role=joint_role(layout, pid), material=layout.parts[pid].material,
            liquidus_c=tl, peak_c=float(peak[u].max()), peak_min_c=float(peak[u].min()),
            time_above_liquidus_s=float(tal[pid].min()) if tl is not None else 0.0,
            tal_max_s=float(tal[pid].max()) if tl is not None else 0.0, stats=stats,
            mean_c=me, min_c=mn, max_c=mx, peak_map_c=_plane_map(mesh, pid, peak, cells))
    parts = {pid: PartReflow(pid, layout.parts[pid].kind, float(peak[u].max()),
                             float(peak[u].min())) for pid, u in part_u.items()}
    top_arr = np.array(top)
    ipk = int(np.argmax(np.array(dmax)))
    pkg_stats = profile_stats(t, top_arr, 217.0 if lead_free else 183.0, tc, lead_free)
    full_peak = np.full(mesh.n_cells, np.nan)
    full_peak[cells] = peak
    findings = []
    solders = [v for v in liq.values() if v is not None]
    if solders and profile.peak_c <= min(solders):
        findings.append(f"the oven air peaks at {profile.peak_c:.1f} °C, below every solder's "
                        f"liquidus (lowest {min(solders):g} °C): nothing can melt")
    for j in joints.values():
        if j.liquidus_c is not None and not j.melted:
            findings.append(j.short_by(0.0) or "")
    solver = {
        "scheme": "bdf2 variable step" if adaptive else "bdf2", "method": method,
        "dt_s": float(np.mean(np.diff(t))), "steps": nsteps, "hierarchies": builds,
        "hierarchy_builds": builds, "systems_assembled": len(solvers),
        "film_coefficients_w_m2k": sorted(solvers), "zone_switches": switches,
        "local_error_k": local_error_k if adaptive else None,
        "pcg_iterations_total": int(np.sum(iters)), **mstats,
        "pcg_iterations_max": int(np.max(iters)) if iters else 0,
        "energy_balance_error_max": float(np.max(errs)) if errs else 0.0,
        "cells": mesh.n_cells, "unknowns": n, "mesh_s": t_mesh,
        "total_s": time.perf_counter() - clock,
    }
    return ReflowRun(profile, tc, lead_free, t, air, joints, parts, top_arr, pkg_stats,
                     dmax[ipk] - dmin[ipk], solver, mesh, full_peak.reshape(mesh.shape),
                     findings)


def _step_time_above(a: np.ndarray, b: np.ndarray, level: float, dt: float) -> np.ndarray:
    """Time (s) of one step spent above ``level``, linear between the end values."""
    ya, yb = a - level, b - level
    out = np.where((ya > 0) & (yb > 0), dt, 0.0)
    cross = (ya > 0) != (yb > 0)
    if np.any(cross):
        pos = np.where(ya > 0, ya, yb)
        out = np.where(cross, dt * pos / np.maximum(np.abs(yb - ya), 1e-300), out)
    return out


def _plane_map(mesh: PackageMesh, pid: str, peak: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """(nx, ny) coldest per-cell peak over the joint array's cells in each column (NaN
    where the array has no cell)."""
    full = np.full(mesh.n_cells, np.nan)
    full[cells] = peak
    full = full.reshape(mesh.shape)
    mask = mesh.part_mask(pid)
    with np.errstate(all="ignore"):
        vals = np.where(mask, full, np.inf).min(axis=2)
    return np.where(np.isfinite(vals), vals, np.nan)


def _top_centre_unknown(mesh: PackageMesh, layout: Layout, board: list[str],
                        index: np.ndarray) -> int:
    """Unknown of the package's highest cell above its centre (J-STD-020 measures the
    body top centre)."""
    pkg = [p for p in layout.parts.values() if p.id not in board]
    box = np.array([p.envelope for p in pkg])
    cx = 0.5 * (box[:, 0].min() + box[:, 1].max())
    cy = 0.5 * (box[:, 2].min() + box[:, 3].max())
    i = int(np.clip(np.searchsorted(mesh.grid.x, cx) - 1, 0, mesh.shape[0] - 1))
    j = int(np.clip(np.searchsorted(mesh.grid.y, cy) - 1, 0, mesh.shape[1] - 1))
    ks = np.flatnonzero(mesh.conducting[i, j])
    if ks.size == 0:
        raise ChippackError("reflow: the load has no solid above its centre to measure")
    flat = int(np.ravel_multi_index((i, j, int(ks[-1])), mesh.shape))
    return int(index[flat])
