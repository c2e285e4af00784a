"""Solve a package in a JEDEC environment and extract its thermal metrics.

Definitions (JESD51 series; ``docs/physics.md``, "Junction temperature and θ/Ψ"):

* Tj,max — peak over the dies' source layers: the junction temperature of θ and Ψ
  (a JESD51-4 test die reads its sensor at the centre of a uniformly heated die, its
  hottest point, and vendor simulations report the peak); Tj,avg — volume mean;
  Tj,pw — power-weighted mean.
* θJA = (Tj − TA)/P in still or forced air; θJC = (Tj − TC)/P with the top cold
  plate at TC; θJB = (Tj − TB)/P with the JESD51-8 ring cold plate, TB on the board
  top at the midpoint of the package's longest side, 1 mm from the body.
* ΨJT = (Tj − TT)/P and ΨJB = (Tj − TB)/P, both measured during the θJA run
  (TT at the centre of the package top).

Heat leaving per part is read from the solution's boundary heat (the exact FV fluxes
through each cell's boundary faces, not an estimate) and grouped into the heat paths of
:mod:`chippack.metrics.paths`.

:func:`evaluate` solves one environment on a mesh the caller built (the application
layer meshes each fixture once and evaluates every environment of that fixture on it);
:func:`run_environment` is the one-call form that lays out and meshes the fixture itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from chippack.errors import ChippackError
from chippack.layout import Layout
from chippack.layout.fixtures import fixture_layout
from chippack.mesh.package import MeshOptions, PackageMesh, mesh_layout
from chippack.metrics.environment import (
    Environment,
    boundary_conditions,
    film_coefficients,
)
from chippack.metrics.paths import HEAT_PATHS, path_of
from chippack.metrics.power import check_power, die_power
from chippack.thermal.errors import NoPathToAmbientError
from chippack.thermal.problem import ConductionProblem
from chippack.thermal.solver import DEFAULT_METHOD
from chippack.thermal.steady import SteadySolver, ThermalSolution

#: Offset of the JESD51-8 board-temperature point from the package body, m.
BOARD_POINT_OFFSET = 1e-3


@dataclass
class ThermalRun:
    """Result of one environment: metrics (JSON-ready) plus the fields for pictures."""

    design: str
    environment: Environment
    power: float
    metrics: dict[str, float]
    heat_by_part: dict[str, float]
    heat_by_path: dict[str, float]
    solver: dict[str, float]
    mesh_stats: dict[str, object]
    mesh: PackageMesh = field(repr=False)
    solution: ThermalSolution = field(repr=False)
    power_cells: np.ndarray = field(repr=False)

    @property
    def theta(self) -> float:
        """The environment's θ (θJA, θJC, θJB, or θ of a user cooling), K/W."""
        return self.metrics[self.environment.theta_key]

    @property
    def temperature(self) -> np.ndarray:
        """Cell temperatures, °C (NaN outside the solid)."""
        return self.solution.temperature

    def to_dict(self) -> dict:
        """JSON-ready run (one entry of results.json's ``runs``)."""
        return {
            "design": self.design,
            "environment": self.environment.to_dict(),
            "power_w": self.power,
            "metrics": self.metrics,
            "heat_by_part_w": self.heat_by_part,
            "heat_by_path_w": self.heat_by_path,
            "solver": self.solver,
            "mesh": self.mesh_stats,
        }


def _top_cell_temperature(mesh: PackageMesh, t: np.ndarray, x: float, y: float,
                          exclude: set[int]) -> float:
    """Temperature of the highest solid cell (not in ``exclude`` parts) in the column at (x, y)."""
    i = int(np.clip(np.searchsorted(mesh.grid.x, x) - 1, 0, mesh.shape[0] - 1))
    j = int(np.clip(np.searchsorted(mesh.grid.y, y) - 1, 0, mesh.shape[1] - 1))
    column = (mesh.part[i, j] >= 0) & ~np.isin(mesh.part[i, j], list(exclude))
    ks = np.flatnonzero(column)
    if len(ks) == 0:
        return float("nan")
    return float(t[i, j, ks[-1]])


def board_temperature(mesh: PackageMesh, t: np.ndarray) -> float:
    """JESD51-8 TB: the board's top surface at :func:`board_point`, interpolated linearly
    between the two top-surface cell centres that bracket the point along the line out
    from the package edge (the ring fixture's board runs a steep gradient there; a coarse
    cell's centre can sit well beyond the standard's 1 mm)."""
    layout = mesh.layout
    bx, by = board_point(layout)
    xc = 0.5 * (mesh.grid.x[:-1] + mesh.grid.x[1:])
    yc = 0.5 * (mesh.grid.y[:-1] + mesh.grid.y[1:])
    along_y = _longest_side_along_x(layout)
    centres, where = (yc, by) if along_y else (xc, bx)
    # only columns outside the package body: inside it the top cell is the package
    outside = centres[centres > where - BOARD_POINT_OFFSET]
    k = int(np.clip(np.searchsorted(outside, where) - 1, 0, len(outside) - 2))
    a, b = outside[k], outside[k + 1]
    w = float(np.clip((where - a) / (b - a), 0.0, 1.0))
    ta = _top_cell_temperature(mesh, t, bx if along_y else a, a if along_y else by, set())
    tb = _top_cell_temperature(mesh, t, bx if along_y else b, b if along_y else by, set())
    return (1 - w) * ta + w * tb


def _longest_side_along_x(layout: Layout) -> bool:
    pkg = [p for p in layout.parts.values() if p.kind != "board"]
    return (max(p.envelope[1] for p in pkg) - min(p.envelope[0] for p in pkg)
            >= max(p.envelope[3] for p in pkg) - min(p.envelope[2] for p in pkg))


def board_point(layout: Layout) -> tuple[float, float]:
    """JESD51-8 TB location: midpoint of the package's longest side, 1 mm outside the body."""
    pkg = [p for p in layout.parts.values() if p.kind != "board"]
    x0 = min(p.envelope[0] for p in pkg)
    x1 = max(p.envelope[1] for p in pkg)
    y0 = min(p.envelope[2] for p in pkg)
    y1 = max(p.envelope[3] for p in pkg)
    if (x1 - x0) >= (y1 - y0):  # longest side runs along x: point beyond the y edge
        return 0.5 * (x0 + x1), y1 + BOARD_POINT_OFFSET
    return x1 + BOARD_POINT_OFFSET, 0.5 * (y0 + y1)


def source_layers(mesh: PackageMesh) -> np.ndarray:
    """Cells of every die's source layer (bool, mesh shape): where Tj is read."""
    layer = np.zeros(mesh.shape, dtype=bool)
    for pid in mesh.layout.of_kind("die"):
        layer |= mesh.source_layer_mask(pid)
    return layer


def junction_sensor(layer: np.ndarray, t: np.ndarray) -> tuple[int, ...]:
    """The junction sensor: index (i, j, k) of the hottest cell of ``layer`` (the source
    layers) in the steady field ``t``.  ``tj_max_c`` is the temperature there, and the
    transient Zth reads this one cell (:func:`chippack.metrics.zth.step_response`), as a
    real sensor sits at one fixed place."""
    flat = np.flatnonzero(layer.ravel())
    return tuple(int(i) for i in np.unravel_index(flat[np.nanargmax(t.ravel()[flat])],
                                                  layer.shape))


def junction_temperatures(mesh: PackageMesh, t: np.ndarray, power: np.ndarray) -> dict:
    layer = source_layers(mesh)
    vol = mesh.grid.cell_volumes()
    tl, vl = t[layer], vol[layer]
    pw = power[layer]
    return {
        "tj_avg_c": float(np.sum(tl * vl) / np.sum(vl)),
        "tj_max_c": float(t[junction_sensor(layer, t)]),
        "tj_pw_c": float(np.sum(tl * pw) / np.sum(pw)) if pw.sum() > 0 else float("nan"),
        "t_max_c": float(np.nanmax(t)),
    }


def build_problem(mesh: PackageMesh, env: Environment, power: np.ndarray, film,
                  k_of_t: bool) -> ConductionProblem:
    bc = boundary_conditions(mesh, env, film)
    return ConductionProblem(
        grid=mesh.grid, k=mesh.conductivity(), power=power, solid=mesh.conducting,
        ambient_h=bc.ambient_h, ambient_t=bc.ambient_t, ambient_group=bc.ambient_group,
        sides=bc.sides, rho_cp=mesh.volumetric_heat_capacity(),
        contact_resistance=mesh.contact_resistance(),
        k_exponent=mesh.k_exponent() if k_of_t else None,
    )


#: Film passes before the last only set the mean exposed-surface temperature of the next
#: pass's film coefficients: solved to this relative residual (and k(T) to 1e-3 K); the
#: last pass is solved to the default tolerance, warm-started from it.
FILM_PASS_TOL = 1e-6


def _solve(problem: ConductionProblem, mesh: PackageMesh, method: str,
           reuse: SteadySolver | None = None,
           loose: bool = False) -> tuple[SteadySolver, ThermalSolution]:
    tols = {"tol": FILM_PASS_TOL, "picard_tol": 1e-3} if loose else {}
    try:
        solver = SteadySolver(problem, method=method, reuse=reuse, **tols)
    except NoPathToAmbientError as err:
        raise ChippackError(_name_isolated_parts(mesh, err)) from None
    return solver, solver.solve()


def _name_isolated_parts(mesh: PackageMesh, err: NoPathToAmbientError) -> str:
    """Turn the solver's isolated-cell report (index boxes) into part names."""
    names: set[str] = set()
    for island in getattr(err, "islands", []) or []:
        lo, hi = island["index_lo"], island["index_hi"]
        block = mesh.part[lo[0]:hi[0] + 1, lo[1]:hi[1] + 1, lo[2]:hi[2] + 1]
        names.update(mesh.part_ids[i] for i in np.unique(block) if i >= 0)
    which = ", ".join(sorted(names)) if names else "some parts"
    return (f"no path to ambient: {which} cannot lose heat in this environment "
            f"(every face is adiabatic or touches nothing); connect them to a cooled part "
            f"or choose another environment")


def exposed_surface_temperature(sol: ThermalSolution) -> float:
    """Mean temperature of the exposed faces, weighted by their boundary conductance, °C:
    where the next film pass evaluates its coefficients."""
    g = sol.boundary_conductance
    return float(np.nansum(g * sol.temperature) / np.sum(g))


def evaluate(
    mesh: PackageMesh,
    env: Environment,
    power: np.ndarray,
    k_of_t: bool = False,
    method: str = DEFAULT_METHOD,
    film_passes: int = 2,
    progress: Callable[[str], None] | None = None,
    reuse: dict | None = None,
) -> ThermalRun:
    """Solve ``env`` on ``mesh`` (already in the environment's fixture) with cell powers
    ``power`` (W, :func:`chippack.metrics.power.die_power`) and extract the metrics.

    ``reuse``: a dict kept by the caller for solves of one mesh and environment (a power
    sweep): its ``"solver"`` (a :class:`SteadySolver` of an earlier solve) lends its
    multigrid hierarchy and warm start, and receives this solve's solver."""
    note = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    layout = mesh.layout
    q = power
    ptot = float(q.sum())
    film = None
    solver = reuse.get("solver") if reuse is not None else None
    air = env.air_cooled
    passes = film_passes if air else 1
    surface = env.ambient + 20.0
    for n in range(passes):
        if air:
            film = film_coefficients(env, surface, layout)
        note(f"solving ({mesh.n_cells:,} cells, pass {n + 1}/{passes})")
        problem = build_problem(mesh, env, q, film, k_of_t)
        solver, sol = _solve(problem, mesh, method, solver, loose=n < passes - 1)
        if air:
            surface = exposed_surface_temperature(sol)
    if reuse is not None:
        reuse["solver"] = solver
    t = sol.temperature
    metrics = junction_temperatures(mesh, t, q)
    # the peak: what a test die's centre sensor reads and vendor simulations report; the
    # hottest solid point, so ΨJT = (Tj − TT)/P cannot come out negative
    tj = metrics["tj_max_c"]
    board_ids = {i for i, pid in enumerate(mesh.part_ids) if layout.parts[pid].kind == "board"}
    die0 = next(iter(layout.of_kind("die").values()))
    cx, cy = die0.centre
    metrics["t_top_c"] = _top_cell_temperature(mesh, t, cx, cy, board_ids)
    if board_ids:
        metrics["t_board_c"] = board_temperature(mesh, t)
    metrics[env.theta_key] = (tj - env.ambient) / ptot
    if air and board_ids:
        metrics["psi_jt"] = (tj - metrics["t_top_c"]) / ptot
        metrics["psi_jb"] = (tj - metrics["t_board_c"]) / ptot
    elif air:
        metrics["psi_jt"] = (tj - metrics["t_top_c"]) / ptot
    if env.name == "ring-cold-plate" and env.custom is None:
        metrics["theta_jb"] = (tj - metrics["t_board_c"]) / ptot
        metrics["theta_jb_to_cold_plate"] = (tj - env.ambient) / ptot
    # heat leaving per part, from the solution's boundary heat per cell
    per_part: dict[str, float] = {}
    per_path: dict[str, float] = dict.fromkeys(HEAT_PATHS, 0.0)
    heat = sol.boundary_heat
    owner = mesh.part
    leaving = heat != 0
    for idx in np.unique(owner[leaving]):
        pid = mesh.part_ids[idx] if idx >= 0 else None
        w = float(heat[leaving & (owner == idx)].sum())
        per_part[pid or "gap gas"] = w
        per_path[path_of(layout, pid)] += w
    solver_stats = {
        "method": sol.method,
        "iterations": int(sol.iterations),
        "total_iterations": int(sol.total_iterations or sol.iterations),
        "picard_iterations": int(sol.picard_iterations),
        "residual": float(sol.residual),
        "heat_in_w": float(sol.heat_in),
        "heat_out_w": float(sol.heat_out),
        "energy_balance_error": float(sol.energy_balance_error),
        "film_passes": passes,
        "h_up_w_m2k": film.up if film else None,
        "h_down_w_m2k": film.down if film else None,
        "h_side_w_m2k": film.side if film else None,
        "mesh_s": 0.0,
        "solve_s": float(sol.timings.get("total", 0.0)),
        "total_s": time.perf_counter() - t0,
    }
    mesh_stats = {"cells": mesh.n_cells, "shape": list(mesh.shape),
                  "unknowns": int(sol.extra["unknowns"]),
                  "homogenized_arrays": list(mesh.homogenized)}
    return ThermalRun(layout.spec.name, env, ptot, metrics, per_part, per_path, solver_stats,
                      mesh_stats, mesh, sol, q)


def run_environment(
    layout: Layout,
    env: Environment,
    power: float | None = None,
    power_map: np.ndarray | None = None,
    mesh_options: MeshOptions | None = None,
    k_of_t: bool = False,
    method: str = DEFAULT_METHOD,
    film_passes: int = 2,
    progress: Callable[[str], None] | None = None,
) -> ThermalRun:
    """Lay out the fixture, mesh, solve and evaluate one environment (one call).

    ``power`` overrides the dies' total (W). Several environments of one design are
    better solved by :func:`chippack.solve`, which meshes each fixture once.
    """
    note = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    check_power(power)
    fixed = fixture_layout(layout, env.fixture)
    note("meshing")
    mesh = mesh_layout(fixed, mesh_options)
    q = die_power(mesh, power, power_map)
    mesh_s = time.perf_counter() - t0
    run = evaluate(mesh, env, q, k_of_t, method, film_passes, progress)
    run.solver["mesh_s"] = mesh_s
    run.solver["total_s"] += mesh_s
    return run
