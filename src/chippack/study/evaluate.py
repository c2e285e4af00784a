"""Evaluate one variant: load its resolved document, solve it, pick the outputs.

This is the only module of the study layer that knows how a design is loaded and
solved; executors, the store, optimisation and sensitivity only call
:func:`evaluate_variant`. It builds the results dict with the key structure of
``<stem>_results.json`` and reads the outputs from it (:mod:`chippack.study.outputs`).

When the application layer (``chippack.load`` / ``chippack.solve``) lands, the two
functions :func:`load_document` and :func:`solve_results` become::

    design = chippack.load(document)
    results = chippack.solve(design, **solve_options).to_dict()

and nothing else here changes.
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

#: Reserved key of :func:`evaluate_variant`'s dict: seconds spent meshing + solving.
SOLVE_SECONDS = "_solve_s"


def load_document(document: Mapping[str, Any]):
    """A :class:`chippack.design.Design` from a spec, family or flow mapping.

    (At merge: ``chippack.load(document)``.)
    """
    from chippack.design import Design
    from chippack.families import spec_from_mapping
    from chippack.layout import lay_out
    from chippack.process import is_flow_mapping, parse_flow, run_flow

    raw = dict(document)
    if is_flow_mapping(raw):
        result = run_flow(parse_flow(raw))
        return Design(result.layout, result.ledger, "flow")
    return Design(lay_out(spec_from_mapping(raw)), None, "spec")


def solve_results(design, solve: Mapping[str, Any]) -> dict[str, Any]:
    """The solved part of a results dict (``runs``, ``two_resistor_model``, ``summary``).

    Same solve as ``chippack run`` (without the pictures). (At merge:
    ``chippack.solve(design, **solve).to_dict()``.)
    """
    from chippack.metrics.compact import TwoResistorModel
    from chippack.report.summary import headline, spec_summary

    runs = _runs(design, solve)
    results: dict[str, Any] = {"design": design.layout.spec.name,
                               "runs": [r.to_dict() for r in runs]}
    thetas = {r.environment.name: r.theta for r in runs}
    if "cold-plate-top" in thetas and "ring-cold-plate" in thetas:
        results["two_resistor_model"] = TwoResistorModel(
            thetas["cold-plate-top"], thetas["ring-cold-plate"]).to_dict()
    results["spec"] = spec_summary(design.layout)
    results["summary"] = headline(results)
    return results


def _runs(design, solve: Mapping[str, Any]) -> list:
    from chippack.mesh.package import MeshOptions
    from chippack.metrics.run import run_environments
    from chippack.thermal.solver import DEFAULT_METHOD

    return run_environments(
        design.layout, list(solve["environments"]), solve.get("power"), None,
        MeshOptions(arrays=solve.get("arrays", "homogenized"), refine=solve.get("refine", 1.0)),
        solve.get("ambient", 25.0), solve.get("velocity", 1.0), solve.get("board", "2s2p"),
        solve.get("k_of_t", True), solve.get("method") or DEFAULT_METHOD)


def write_design_report(document: Mapping[str, Any], solve: Mapping[str, Any], folder: Path,
                        stem: str) -> Path:
    """Solve one variant again with pictures and write its design report (as ``chippack run
    --report``); the resolved document is kept beside it as ``<stem>.yaml``.

    (At merge: ``chippack.solve(chippack.load(document), **solve).write(folder, report=True)``.)
    """
    import yaml

    from chippack.report.files import atomic_write_text
    from chippack.report.pipeline import write_design_outputs

    spec_path = atomic_write_text(folder / f"{stem}.yaml",
                                  yaml.safe_dump(dict(document), sort_keys=False))
    design = load_document(document)
    _results, files = write_design_outputs(design.layout, spec_path, _runs(design, solve), folder,
                                           report=True, ledger=design.ledger)
    assert files.report is not None
    return files.report


def evaluate_variant(document: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """The outputs of one variant: ``{output path: value}`` plus :data:`SOLVE_SECONDS`.

    ``document``: the variant's resolved spec or flow mapping; ``options``:
    ``{"solve": {...chippack.solve keywords...}, "outputs": [paths]}``. Raises
    :class:`chippack.errors.ChippackError` (or any error) when the variant cannot be
    built or solved; the caller records it as failed.
    """
    from chippack.report.summary import claims_section, spec_summary

    outputs = list(options["outputs"])
    solve = dict(options.get("solve") or {})
    design = load_document(document)
    t0 = time.perf_counter()
    results: dict[str, Any] = (solve_results(design, solve) if needs_solve(outputs)
                               else {"spec": spec_summary(design.layout)})
    solve_s = time.perf_counter() - t0
    if needs_claims(outputs):
        results["claims"] = claims_section(design.layout, design.ledger)
    for name in sources_needed(outputs):
        results[name] = OUTPUT_SOURCES[name](design, solve)
    values = {path: output_value(results, path) for path in outputs}
    values[SOLVE_SECONDS] = solve_s
    return values
