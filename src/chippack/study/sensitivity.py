"""Variance-based sensitivity (Sobol indices) with SALib, with bootstrap confidence intervals.

Samples: Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010) on scrambled Sobol
points, N · (D + 2) variants for D parameters (first and total order only). Indices:
S1 (first order: the share of the output's variance a parameter explains alone) and
ST (total: including its interactions), each with the half-width of its confidence
interval from SALib's bootstrap (``confidence`` level, 100 resamples, seeded).
A parameter given as a list of numbers is sampled over its span and snapped to the
nearest listed value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from chippack.study.plan import Planned, Study, plan_variant


def _problem(study: Study) -> dict[str, Any]:
    return {"num_vars": len(study.parameters), "names": [p.name for p in study.parameters],
            "bounds": [list(p.bounds()) for p in study.parameters]}


def _snap(p, x: float):
    if p.values is not None:
        return min(p.values, key=lambda v: abs(float(v) - x))
    return p._round(float(np.clip(x, p.low, p.high)))


def sensitivity_plan(study: Study, start: int) -> list[Planned]:
    """The Saltelli samples as planned variants (empty without a sensitivity section)."""
    s = study.file.sensitivity
    if s is None:
        return []
    from SALib.sample import sobol as saltelli

    points = saltelli.sample(_problem(study), s.samples, calc_second_order=False, seed=s.seed)
    return [plan_variant(study, start + i, "sensitivity",
                         {p.name: _snap(p, float(x)) for p, x in zip(study.parameters, row,
                                                                       strict=True)})
            for i, row in enumerate(points)]


def analyse_sensitivity(study: Study, planned: list[Planned],
                        rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """S1, ST and their confidence half-widths per output and parameter (JSON-ready)."""
    from SALib.analyze import sobol

    s = study.file.sensitivity
    assert s is not None
    outputs = s.outputs or [o for o in study.outputs if not o.startswith("claims.")]
    problem = _problem(study)
    # SALib 1.5 calls pandas.unique on the names, which pandas >= 3 accepts only as an array
    problem["names"] = np.asarray(problem["names"], dtype=object)
    result: dict[str, Any] = {"method": "sobol (Saltelli sampling, SALib)",
                              "samples": s.samples, "variants": len(planned),
                              "confidence": s.confidence, "outputs": {}}
    for out in outputs:
        y = np.array([_number(rows.get(p.key, {}), out) for p in planned], dtype=float)
        bad = int(np.count_nonzero(~np.isfinite(y)))
        if bad:
            result["outputs"][out] = {"error": f"{bad} of {len(y)} variants have no value "
                                               "(failed); indices need every sample"}
            continue
        if np.ptp(y) == 0:
            result["outputs"][out] = {"error": "the output does not vary over the samples"}
            continue
        si = sobol.analyze(problem, y, calc_second_order=False, conf_level=s.confidence,
                           seed=s.seed, print_to_console=False)
        result["outputs"][out] = {
            name: {"S1": float(si["S1"][i]), "S1_conf": float(si["S1_conf"][i]),
                   "ST": float(si["ST"][i]), "ST_conf": float(si["ST_conf"][i])}
            for i, name in enumerate(problem["names"].tolist())}
    return result


def _number(row: dict[str, Any], out: str) -> float:
    v = row.get(out)
    if row.get("status") != "ok" or v is None or isinstance(v, str):
        return math.nan
    return float(v)
