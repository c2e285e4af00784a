"""Solve a design in its environments: each fixture laid out and meshed once.

:func:`solve` is the one orchestrator of a thermal analysis. It checks the options at
the edge (power, board, arrays, environments), groups the environments by fixture
(package on a JEDEC board, package alone, without the bottom sink), lays out and meshes
each distinct fixture once, evaluates every environment of that fixture on its mesh,
adds the bottom-sink comparison and the claim check, and returns :class:`Results`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np

from chippack.app.design import Design, load
from chippack.app.results import Results
from chippack.errors import SpecError
from chippack.layout.fixtures import BOARDS, Fixture, bottom_sinks, fixture_layout
from chippack.mesh.package import MeshOptions, mesh_layout
from chippack.metrics.compact import TwoResistorModel
from chippack.metrics.environment import JEDEC_SET, Environment, environments_named
from chippack.metrics.power import check_power_map, die_power, read_power_map
from chippack.metrics.run import ThermalRun, evaluate
from chippack.metrics.variants import bottom_sink_comparison
from chippack.thermal.solver import DEFAULT_METHOD, METHODS

#: ``progress(done, total, message)``: ``done`` of ``total`` steps finished, now ``message``.
Progress = Callable[[int, int, str], None]
ARRAYS = ("as_spec", "resolved", "homogenized")


class SolverCache:
    """Multigrid hierarchies kept between calls of :func:`solve` (a power sweep).

    Keyed by the mesh's :meth:`~chippack.mesh.package.PackageMesh.fingerprint`, the
    environment, the method and k(T): a later solve of the same geometry reuses the
    hierarchy (no new set-up) and starts from the earlier solution scaled by the power
    ratio. The answer does not depend on it (the hierarchy only preconditions; every
    solve still meets its tolerance and energy balance). Holds at most ``size``
    entries, the oldest dropped first.
    """

    def __init__(self, size: int = 4):
        self.size = int(size)
        self._entries: dict[tuple, dict] = {}

    def entry(self, key: tuple) -> dict:
        """The reuse dict of ``key`` (see :func:`chippack.metrics.run.evaluate`)."""
        if key in self._entries:
            self._entries[key] = self._entries.pop(key)  # most recent last
        else:
            self._entries[key] = {}
            while len(self._entries) > self.size:
                self._entries.pop(next(iter(self._entries)))
        return self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)


def check_options(*, power=None, board: str = "2s2p", arrays: str = "as_spec",
                  refine: float = 1.0, ambient: float = 25.0,
                  velocity: float | Iterable[float] = 1.0) -> None:
    """The checks of solve's options, done once before any work (one-line errors)."""
    from chippack.inputs.options import check_solve_options

    speeds = (list(velocity) if isinstance(velocity, Iterable) and not isinstance(velocity, str)
              else [velocity])
    for v in speeds or [1.0]:
        check_solve_options(power=power, ambient=ambient, velocity=v, refine=refine)
    if board not in BOARDS:
        raise SpecError("board", f"unknown board {board!r}; use 2s2p or 1s0p")
    if arrays not in ARRAYS:
        raise SpecError("arrays", f"{arrays!r}; use as_spec, resolved or homogenized")


def check_call_arguments(*, method: str = DEFAULT_METHOD, progress=None,
                         mesh_options=None) -> None:
    """The API's non-numeric arguments, refused as chippack errors (a TypeError from deep
    in the solve, or the solver's ValueError, names no argument)."""
    if method not in METHODS:
        raise SpecError("method", f"unknown solver method {method!r}; use one of "
                        f"{', '.join(METHODS)}")
    if progress is not None and not callable(progress):
        raise SpecError("progress", f"give a callable progress(done, total, message) or "
                        f"None, got {type(progress).__name__}")
    if mesh_options is not None and not isinstance(mesh_options, MeshOptions):
        raise SpecError("mesh_options", f"give a chippack.mesh.package.MeshOptions or None, "
                        f"got {type(mesh_options).__name__}")


def solve(
    design: Design | str | Path | Mapping,
    environments: Iterable[str | Environment] | str = JEDEC_SET,
    *,
    power: float | None = None,
    ambient: float = 25.0,
    velocity: float | Iterable[float] = 1.0,
    board: str = "2s2p",
    arrays: str = "as_spec",
    refine: float = 1.0,
    k_of_t: bool = True,
    power_map: str | Path | np.ndarray | None = None,
    method: str = DEFAULT_METHOD,
    progress: Progress | None = None,
    mesh_options: MeshOptions | None = None,
    bottom_sink: bool = True,
    claims: bool = True,
    cache: SolverCache | None = None,
) -> Results:
    """Solve a design in thermal environments (the defaults are the CLI's).

    Parameters
    ----------
    design : Design, path or mapping
        What :func:`chippack.load` returns (a path or mapping is loaded first).
    environments : iterable of str or Environment
        Names (``still-air``, ``forced-air``, ``cold-plate-top``, ``ring-cold-plate``,
        ``jedec`` for the three JEDEC fixtures), user cooling files (``*.yaml``) or
        :class:`~chippack.metrics.environment.Environment` objects.
    power : float, optional
        Total die power, W (default: the spec's die power).
    ambient : float
        Air / cold-plate temperature, °C.
    velocity : float or list of float
        Forced-air speed, m/s; a list solves forced air at each speed.
    board : {"2s2p", "1s0p"}
        JEDEC test board of the board-mounted fixtures.
    arrays : {"as_spec", "resolved", "homogenized"}
        How joint arrays are meshed.
    refine : float
        Mesh refinement factor (2 halves every cell cap).
    k_of_t : bool
        Silicon k(T) by Picard iteration.
    power_map : path or array, optional
        CSV power map of the first die (W per map cell), or the array itself.
    method : str
        Linear solver method (:data:`chippack.thermal.solver.DEFAULT_METHOD`).
    progress : callable, optional
        ``progress(done, total, message)`` before each step and on details.
    mesh_options : MeshOptions, optional
        Mesh controls (``arrays`` and ``refine`` override theirs).
    bottom_sink : bool
        Also solve still air without the bottom heat sink, when the design has one.
    claims : bool
        Check the design against the seed claims.
    cache : SolverCache, optional
        Keeps multigrid hierarchies between calls: a later solve of the same geometry
        (a power sweep) reuses them.

    Returns
    -------
    Results

    Examples
    --------
    >>> import chippack
    >>> design = chippack.load(chippack.example_path("two_mold_package"))
    >>> r = chippack.solve(design, ["cold-plate-top"], refine=0.5, k_of_t=False, claims=False)
    >>> r.metrics["cold-plate-top"].theta > 0
    True
    >>> abs(r.runs[0].solver["energy_balance_error"]) < 1e-6
    True
    """
    if isinstance(velocity, Iterable) and not isinstance(velocity, str):
        velocity = list(velocity)  # a generator is read once, here
    check_options(power=power, board=board, arrays=arrays, refine=refine, ambient=ambient,
                  velocity=velocity)
    check_call_arguments(method=method, progress=progress, mesh_options=mesh_options)
    if not isinstance(environments, str | Environment | Iterable):
        raise SpecError("environments", f"give an environment name, an Environment or a "
                        f"list of them, got {type(environments).__name__}")
    envs = environments_named([environments] if isinstance(environments, str | Environment)
                              else list(environments), ambient=ambient,
                              velocity=velocity, board=board)
    if not envs:
        raise SpecError("environments", "no environment given; use e.g. jedec or still-air")
    pmap = (read_power_map(power_map) if isinstance(power_map, str | Path)
            else None if power_map is None else check_power_map(power_map))
    if not isinstance(design, Design):
        design = load(design)
    layout = design.layout
    options = (replace(mesh_options, arrays=arrays, refine=refine) if mesh_options
               else MeshOptions(arrays=arrays, refine=refine))
    still = next((e for e in envs if e.custom is None and e.air_cooled
                  and e.air_velocity is None), None)
    compare = bottom_sink and still is not None and bool(bottom_sinks(layout))
    total = len(envs) + int(compare) + int(claims)
    done = 0

    def note(message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    meshes: dict[Fixture, tuple] = {}
    timings = {"layout_s": 0.0, "mesh_s": 0.0}

    def run(env: Environment, fixture: Fixture, label: str) -> ThermalRun:
        if fixture not in meshes:
            note(f"{label}: meshing ({fixture.describe()})")
            t0 = time.perf_counter()
            fixed = fixture_layout(layout, fixture)
            t1 = time.perf_counter()
            mesh = mesh_layout(fixed, options)
            timings["layout_s"] += t1 - t0
            timings["mesh_s"] += time.perf_counter() - t1
            meshes[fixture] = (mesh, die_power(mesh, power, pmap))
        mesh, q = meshes[fixture]
        reuse = (cache.entry((mesh.fingerprint(), repr(env), method, k_of_t))
                 if cache is not None else None)
        return evaluate(mesh, env, q, k_of_t, method,
                        progress=lambda msg: note(f"{label}: {msg}"), reuse=reuse)

    runs = []
    for env in envs:
        note(f"{env.label}: starting")
        runs.append(run(env, env.fixture, env.label))
        done += 1
    comparisons: dict = {}
    if compare:
        with_sink = next(r for r in runs if r.environment is still)
        bare = run(still, replace(still.fixture, bottom_sink=False), "still-air without the "
                   "bottom sink")
        comparisons["bottom_sink"] = bottom_sink_comparison(layout, with_sink, bare)
        done += 1
    claim_table = None
    if claims:
        from chippack.report.summary import claims_section

        note("checking claims")
        claim_table = claims_section(layout, design.ledger)
        done += 1
    thetas: dict[str, float] = {}
    for r in runs:  # the first run of each JEDEC kind defines its θ
        if r.environment.custom is None:
            thetas.setdefault(r.environment.theta_key, r.theta)
    compact = (TwoResistorModel(thetas["theta_jc"], thetas["theta_jb"])
               if "theta_jc" in thetas and "theta_jb" in thetas else None)
    note("done")
    return Results(design, runs, claim_table, compact, comparisons,
                   meshes_built=len(meshes), timings=timings)
