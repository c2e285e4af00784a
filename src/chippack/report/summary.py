"""The JSON-ready parts of a report that do not come from the solver.

Everything a report or the index page shows is put into the design's
``results.json`` first (this module adds ``spec``, ``claims`` and ``summary``);
the HTML is then rendered from that dict alone, so each number on the page can be
traced to one key of the file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from chippack.layout import Layout
from chippack.metrics.environment import KINDS
from chippack.metrics.paths import HEAT_PATHS

#: Heat paths in the order they are drawn, with the words used on the page
#: (from the one vocabulary, :mod:`chippack.metrics.paths`).
PATHS = {k: p.label for k, p in HEAT_PATHS.items()}
PATH_SHORT = {k: p.short for k, p in HEAT_PATHS.items()}
#: One colour per heat path, shared by the charts and the pages.
PATH_COLOURS = {"top": "#d9534f", "bottom_sink": "#2b7bba", "board": "#4f9a4f",
                "substrate": "#e0a526"}
#: Environment kinds' page labels, θ labels and θ keys (:data:`chippack.metrics.environment.KINDS`).
ENV_LABEL = {k: kind.label for k, kind in KINDS.items()}
THETA_LABEL = {k: kind.theta_label for k, kind in KINDS.items()}
THETA_KEY = {k: kind.theta_key for k, kind in KINDS.items()}
#: Power at which the index compares junction temperatures, W.
COMMON_POWER_W = 5.0


def _mm(v: float) -> float:
    return round(float(v) * 1e3, 6)


def spec_summary(layout: Layout) -> dict:
    """Name, description and one row per part (kind, material, size in mm), bottom to top."""
    spec = layout.spec
    parts = []
    for p in sorted(layout.parts.values(), key=lambda p: (p.bottom, p.top)):
        sx, sy = p.footprint_size
        parts.append({
            "id": p.id, "kind": p.kind, "material": p.material, "filler": bool(p.filler),
            "size_x_mm": _mm(sx), "size_y_mm": _mm(sy),
            "bottom_mm": _mm(p.bottom), "top_mm": _mm(p.top), "thickness_mm": _mm(p.top - p.bottom),
            "elements": int(len(p.solids)),
        })
    pkg = [p for p in layout.parts.values() if p.kind != "board"]
    body = (min(p.envelope[0] for p in pkg), max(p.envelope[1] for p in pkg),
            min(p.envelope[2] for p in pkg), max(p.envelope[3] for p in pkg),
            min(p.bottom for p in pkg), max(p.top for p in pkg))
    dies = spec.parts_of_kind("die")
    return {
        "name": spec.name, "description": spec.description, "family": spec.family,
        "body_mm": [_mm(body[1] - body[0]), _mm(body[3] - body[2]), _mm(body[5] - body[4])],
        "die_power_w": float(sum(d.total_power for d in dies.values())),
        "dies": len(dies),
        "parts": parts,
    }


def _evidence_text(evidence) -> str:
    if evidence is None:
        return ""
    if isinstance(evidence, str):
        return evidence
    if isinstance(evidence, dict):
        return "; ".join(f"{k}: {v}" for k, v in evidence.items())
    if isinstance(evidence, Iterable):
        return "; ".join(str(e) for e in evidence)
    return str(evidence)


def claim_rows(claims: Sequence) -> list[dict]:
    """Rows of the claim table from objects with ``seed, number, summary, status, evidence``."""
    return [{"seed": str(c.seed), "number": int(c.number), "summary": str(c.summary),
             "status": str(c.status), "evidence": _evidence_text(c.evidence)} for c in claims]


def claims_section(layout: Layout, ledger=None) -> dict:
    """The claim table of a design, or why there is none (checker not installed or failed).

    ``ledger``: the process ledger of the flow that built the design; without it the
    method claims are "not applicable".
    """
    try:
        from chippack.claims import check_claims
    except ImportError:
        return {"available": False, "message": "claim checker not available", "rows": []}
    try:
        rows = claim_rows(check_claims(layout, ledger))
    except Exception as err:  # noqa: BLE001 - a report still shows the thermal results
        return {"available": False, "rows": [],
                "message": f"claim check failed: {type(err).__name__}: {err}"}
    seeds: dict[str, dict[str, int]] = {}
    for r in rows:
        counts = seeds.setdefault(r["seed"], {"met": 0, "not_met": 0, "not_applicable": 0,
                                              "total": 0})
        counts["total"] += 1
        if r["status"] in counts:
            counts[r["status"]] += 1
    return {"available": True, "message": "", "rows": rows, "by_seed": seeds,
            "with_flow": ledger is not None,
            "own_seeds": own_seeds(layout, seeds)}


def own_seeds(layout: Layout, by_seed: dict[str, dict[str, int]]) -> list[str]:
    """Seeds the design belongs to: named in its name or family ("seed 002"), or with a
    claim met. The report shows these open and folds the others."""
    text = f"{layout.spec.name} {layout.spec.family or ''}"
    named = set(re.findall(r"seed\s*(\d{3})", text))
    return [s for s in by_seed if s in named or by_seed[s]["met"] > 0]


def _finite(v) -> float | None:
    return float(v) if v is not None and math.isfinite(v) else None


def headline(results: dict, common_power: float = COMMON_POWER_W) -> dict:
    """θJA, θJC, θJB, Ψ's, Tj, peak temperature and path split of one design.

    ``tj_common_c`` = TA + θJA · P_common: the junction temperature the design would
    have at the common power, read off its still-air θJA (linear scaling; silicon
    k(T) makes the real value differ by well under a kelvin at these powers).
    """
    runs: dict = {}
    for i, r in enumerate(results["runs"]):
        if "custom" not in r["environment"]:  # user cooling files define no JEDEC θ
            runs.setdefault(r["environment"]["name"], (i, r))
    out: dict = {"common_power_w": float(common_power)}
    # θJA from still air when there is one (else forced air); each other θ from its kind
    air = runs.get("still-air") or runs.get("forced-air")
    for key in ("theta_ja", "theta_jc", "theta_jb"):
        hit = air if key == "theta_ja" else next(
            (v for name, v in runs.items() if KINDS[name].theta_key == key), None)
        out[key] = _finite(hit[1]["metrics"].get(key)) if hit else None
    if air:
        i, r = air
        m = r["metrics"]
        total = sum(r["heat_by_path_w"].values())
        out.update({
            "environment": r["environment"]["name"], "run_index": i,
            "ambient_c": r["environment"]["ambient_c"], "power_w": r["power_w"],
            "tj_avg_c": m["tj_avg_c"], "tj_max_c": m["tj_max_c"], "t_max_c": m["t_max_c"],
            "psi_jt": _finite(m.get("psi_jt")), "psi_jb": _finite(m.get("psi_jb")),
            "path_split_pct": {k: 100.0 * r["heat_by_path_w"].get(k, 0.0) / total
                               for k in PATHS},
        })
        out["tj_common_c"] = (r["environment"]["ambient_c"] + out["theta_ja"] * common_power
                              if out["theta_ja"] is not None else None)
        split = out["path_split_pct"]
        out["main_path"] = max(split, key=split.get)
    return out
