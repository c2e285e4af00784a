"""Interleaved A/B of one seed-000 study variant (top cold plate, k(T) on, refine 0.3).

A: the previous path (the mesh's default grading 1.5, exact Picard inner solves);
B: this round's (study option ``mesh_growth: 2``, inexact Picard inner solves). Each
variant runs A then B in one process, so the ratio is fair on a loaded machine.

Usage: ``python benchmarks/study_ab.py 8 > ab.json``
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import chippack.thermal.steady as steady  # noqa: E402
from chippack.study import study_from_mapping  # noqa: E402
from chippack.study.doe import design_variants  # noqa: E402
from chippack.study.evaluate import evaluate_variant  # noqa: E402
from chippack.study.plan import plan_variant  # noqa: E402
from study import seed000_study  # noqa: E402

CELLS, THETA = "cold-plate-top.mesh.cells", "cold-plate-top.theta"


def main(n: int) -> dict:
    old = study_from_mapping(seed000_study(n, 0.3, True, None))
    new = study_from_mapping(seed000_study(n, 0.3, True, 2.0))
    variants = design_variants(old.parameters, "latin_hypercube", n, 0)
    docs = [plan_variant(old, i, "doe", v).document for i, v in enumerate(variants)]
    evaluate_variant(docs[0], new.options)  # imports and compiled kernels, once
    load0 = os.getloadavg()
    res: dict[str, list] = {"A": [], "B": [], "cells_A": [], "cells_B": [], "dtheta": []}
    inner = steady.PICARD_INNER_TOL
    for d in docs:
        steady.PICARD_INNER_TOL = 0.0
        t = time.perf_counter()
        a = evaluate_variant(d, old.options)
        res["A"].append(time.perf_counter() - t)
        steady.PICARD_INNER_TOL = inner
        t = time.perf_counter()
        b = evaluate_variant(d, new.options)
        res["B"].append(time.perf_counter() - t)
        res["cells_A"].append(a[CELLS])
        res["cells_B"].append(b[CELLS])
        res["dtheta"].append(b[THETA] / a[THETA] - 1)
    return {"variants": n, "load_start": load0, "load_end": os.getloadavg(),
            "A_mean_s": statistics.fmean(res["A"]), "B_mean_s": statistics.fmean(res["B"]),
            "ratio_A_over_B": statistics.fmean(res["A"]) / statistics.fmean(res["B"]),
            "cells_A_mean": statistics.fmean(res["cells_A"]),
            "cells_B_mean": statistics.fmean(res["cells_B"]),
            "max_rel_dtheta_jc": max(abs(x) for x in res["dtheta"]), **res}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8), indent=1))
