"""Evaluate one variant: load its resolved document, solve it, pick the outputs.

This is the only module of the study layer that knows how a design is loaded and
solved; executors, the store, optimisation and sensitivity only call
:func:`evaluate_variant`. It builds the results dict with the key structure of
``<stem>_results.json`` and reads the outputs from it (:mod:`chippack.study.outputs`).

Loading and solving go through the public API (``chippack.load`` / ``chippack.solve``),
so a study variant gets exactly the numbers of ``chippack run``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chippack.study.outputs import (
    OUTPUT_SOURCES,
    needs_claims,
    needs_solve,
    output_value,
    sources_needed,
)

#: Reserved key of :func:`evaluate_variant`'s dict: where the variant's time went, s
#: (:data:`chippack.study.store.TIMING_COLUMNS`).
TIMINGS = "_timings"

_SOLVER_CACHE = None


def solver_cache():
    """This worker process's :class:`chippack.app.analysis.SolverCache`: variants of one
    geometry (a power sweep) evaluated in the same worker share one hierarchy."""
    global _SOLVER_CACHE
    if _SOLVER_CACHE is None:
        from chippack.app.analysis import SolverCache

        _SOLVER_CACHE = SolverCache()
    return _SOLVER_CACHE


def load_document(document: Mapping[str, Any]):
    """A :class:`chippack.app.Design` from a spec, family or flow mapping."""
    from chippack.app import load

    return load(dict(document))


def solve_keywords(solve: Mapping[str, Any]) -> dict[str, Any]:
    """The study's ``solve:`` entry as keywords of ``chippack.solve`` (``mesh_growth``
    becomes the mesh options' ``growth``)."""
    options = {k: v for k, v in solve.items() if v is not None}
    growth = options.pop("mesh_growth", None)
    if growth is not None:
        from chippack.mesh.package import MeshOptions

        options["mesh_options"] = MeshOptions(growth=float(growth))
    return options


def _solve(design, solve: Mapping[str, Any], *, claims: bool):
    from chippack.app import solve as solve_design

    options = solve_keywords(solve)
    return solve_design(design, claims=claims, bottom_sink=False, cache=solver_cache(),
                        **options)


def solve_results(design, solve: Mapping[str, Any]):
    """The solved :class:`chippack.app.Results` (its ``to_dict()`` is the results dict).

    The same solve as ``chippack run`` (without the pictures, the claims or the
    without-bottom-sink comparison, which a study asks for separately).
    """
    return _solve(design, solve, claims=False)


def write_design_report(document: Mapping[str, Any], solve: Mapping[str, Any], folder: Path,
                        stem: str) -> Path:
    """Solve one variant again with pictures and write its design report (as ``chippack run
    --report``); the resolved document is kept beside it as ``<stem>.yaml``."""
    import yaml

    from chippack.app import load
    from chippack.app import solve as solve_design
    from chippack.report.files import atomic_write_text

    spec_path = atomic_write_text(folder / f"{stem}.yaml",
                                  yaml.safe_dump(dict(document), sort_keys=False))
    options = solve_keywords(solve)
    written = solve_design(load(spec_path), **options).write(folder, report=True)
    reports = [p for p in written if p.name.endswith("_report.html")]
    if not reports:
        raise RuntimeError(f"no report written for {stem}")
    return reports[0]


def evaluate_variant(document: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """The outputs of one variant: ``{output path: value}`` plus :data:`TIMINGS`.

    ``document``: the variant's resolved spec or flow mapping; ``options``:
    ``{"solve": {...chippack.solve keywords...}, "outputs": [paths], "sources": {name:
    settings}}`` (``sources`` only for warpage / reflow / zth outputs). Raises
    :class:`chippack.errors.ChippackError` (or any error) when the variant cannot be
    built or solved; the caller records it as failed.

    Timings (s): ``load_s`` (parse and lay out the design), ``solve_s`` (the whole
    ``chippack.solve`` call and its results dict), within it ``layout_s`` and ``mesh_s``
    (the fixtures), ``assembly_s`` (the conduction matrix) and ``solver_s`` (multigrid
    set-up and PCG, Picard passes included), and ``sources_s`` (warpage, reflow, Zth).
    """
    from chippack.report.summary import claims_section, spec_summary

    outputs = list(options["outputs"])
    solve = dict(options.get("solve") or {})
    t0 = time.perf_counter()
    design = load_document(document)
    t1 = time.perf_counter()
    timings: dict[str, float] = {"load_s": t1 - t0}
    thermal = solve_results(design, solve) if needs_solve(outputs) else None
    results: dict[str, Any] = (thermal.to_dict() if thermal is not None
                               else {"spec": spec_summary(design.layout)})
    t2 = time.perf_counter()
    if thermal is not None:
        timings.update(solve_s=t2 - t1, **thermal.timings)
        parts = [r.solution.timings for r in thermal.runs]
        timings["assembly_s"] = sum(p.get("assembly", 0.0) for p in parts)
        timings["solver_s"] = sum(p.get("setup", 0.0) + p.get("solve", 0.0) for p in parts)
    if needs_claims(outputs):
        results["claims"] = claims_section(design.layout, design.ledger)
    settings = options.get("sources") or {}
    t3 = time.perf_counter()
    for name in sources_needed(outputs):
        results[name] = OUTPUT_SOURCES[name].compute(design, settings.get(name, {}), thermal)
    if sources_needed(outputs):
        timings["sources_s"] = time.perf_counter() - t3
    values = {path: output_value(results, path) for path in outputs}
    values[TIMINGS] = timings
    return values
