"""The study page: response plots, Pareto front, best designs, sensitivity indices.

Rendered from the rows (``results.parquet``) and the analysis dicts only, written
to ``DIR/study_report.html`` with the pictures embedded, in the style of the design
reports (same stylesheet, same Content-Security-Policy: it opens offline). The
pictures are also kept beside it as PNG files.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from chippack.report.files import atomic_write_text, save_png
from chippack.report.html import data_uri
from chippack.study.optimise import feasible
from chippack.study.plan import Study

REPORT_NAME = "study_report.html"


def numeric_outputs(study: Study, rows: list[dict[str, Any]]) -> list[str]:
    """Outputs with at least one number among the ok rows (flags and texts left out)."""
    out = []
    for name in study.outputs:
        vals = [r.get(name) for r in rows if r.get("status") == "ok"]
        if any(isinstance(v, int | float) and not isinstance(v, bool) for v in vals):
            out.append(name)
    return out


def ranking(study: Study) -> tuple[str | None, str]:
    """The output designs are ranked by (first objective, else first output) and direction."""
    if study.file.optimise:
        o = study.file.optimise.objectives[0]
        return o.output, o.direction
    return (study.outputs[0] if study.outputs else None), "minimize"


def best_rows(study: Study, rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The ``n`` best feasible ok rows by the ranking output."""
    key, direction = ranking(study)
    ok = [r for r in rows if feasible(study, r) and isinstance(r.get(key), int | float)]
    sign = 1.0 if direction == "minimize" else -1.0
    return sorted(ok, key=lambda r: sign * float(r[key]))[:n]


def pareto_front(points: np.ndarray, directions: list[str]) -> np.ndarray:
    """Mask of the non-dominated rows of ``points`` (n x 2) under the given directions."""
    signed = points * np.array([1.0 if d == "minimize" else -1.0 for d in directions])
    keep = np.ones(len(signed), dtype=bool)
    for i, p in enumerate(signed):
        dominated = np.all(signed <= p, axis=1) & np.any(signed < p, axis=1)
        keep[i] = not dominated.any()
    return keep


def _axis(values: list[Any]) -> tuple[np.ndarray, list[str] | None]:
    """Numbers as they are; texts as category positions with their labels."""
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=float), None
    labels = list(dict.fromkeys(str(v) for v in values))
    return np.array([labels.index(str(v)) for v in values], dtype=float), labels


def save_responses(study: Study, rows: list[dict[str, Any]], outputs: list[str],
                   path: Path) -> Path | None:
    """One panel per (output, parameter): the output of each ok variant against the value."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = [r for r in rows if r.get("status") == "ok"]
    if not ok or not outputs:
        return None
    params = study.parameters
    fig, axes = plt.subplots(len(outputs), len(params), squeeze=False,
                             figsize=(3.3 * len(params) + 0.6, 2.6 * len(outputs) + 0.5))
    for i, out in enumerate(outputs):
        y = np.array([np.nan if r.get(out) is None else float(r[out]) for r in ok])
        for j, p in enumerate(params):
            ax = axes[i][j]
            x, labels = _axis([r.get(p.name) for r in ok])
            ax.scatter(x, y, s=18, color="#2b5797", alpha=0.75, edgecolor="none")
            levels = np.unique(x)
            if len(levels) <= 12 and np.isfinite(y).any():  # a grid: the mean at each level
                means = [np.nanmean(y[x == v]) if np.isfinite(y[x == v]).any() else np.nan
                         for v in levels]
                ax.plot(levels, means, color="#d9534f", lw=1.2, marker="_", ms=14,
                        label="mean over the others")
            if labels is not None:
                ax.set_xticks(range(len(labels)), labels)
                ax.set_xlim(-0.5, len(labels) - 0.5)
            if i == len(outputs) - 1:
                ax.set_xlabel(f"{p.name}" + (f" ({p.unit})" if p.unit else ""))
            if j == 0:
                ax.set_ylabel(out, fontsize=9)
            ax.grid(alpha=0.3)
    handles, names = next((a.get_legend_handles_labels() for a in axes.ravel()
                           if a.get_legend_handles_labels()[0]), ([], []))
    if handles:
        fig.legend(handles, names, loc="upper right", fontsize=8, frameon=False)
    fig.suptitle(f"{study.name}: responses ({len(ok)} variants)", fontsize=11, x=0.02,
                 ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return save_png(fig, path)


def save_pareto(study: Study, rows: list[dict[str, Any]], path: Path) -> Path | None:
    """The two objectives of every feasible variant, the non-dominated ones joined."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    opt = study.file.optimise
    if opt is None or len(opt.objectives) != 2:
        return None
    names = [o.output for o in opt.objectives]
    pts = [(r[names[0]], r[names[1]]) for r in rows if feasible(study, r)
           and all(isinstance(r.get(n), int | float) for n in names)]
    if len(pts) < 2:
        return None
    p = np.asarray(pts, dtype=float)
    front = pareto_front(p, [o.direction for o in opt.objectives])
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.scatter(p[~front, 0], p[~front, 1], s=16, color="#8a8f98", label="feasible variants")
    order = np.argsort(p[front, 0])
    ax.plot(p[front, 0][order], p[front, 1][order], "o-", color="#d9534f", ms=5,
            label="Pareto front")
    ax.set_xlabel(f"{names[0]} ({opt.objectives[0].direction})")
    ax.set_ylabel(f"{names[1]} ({opt.objectives[1].direction})")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return save_png(fig, path)


def save_sensitivity(sensitivity: dict[str, Any] | None, path: Path) -> Path | None:
    """S1 and ST per parameter with their confidence half-widths, one panel per output."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    outs = {k: v for k, v in (sensitivity or {}).get("outputs", {}).items() if "error" not in v}
    if not outs:
        return None
    fig, axes = plt.subplots(1, len(outs), squeeze=False, figsize=(4.2 * len(outs) + 0.4, 3.4))
    for ax, (out, idx) in zip(axes[0], outs.items(), strict=True):
        names = list(idx)
        x = np.arange(len(names))
        for shift, k, colour in ((-0.18, "S1", "#2b5797"), (0.18, "ST", "#e0a526")):
            ax.bar(x + shift, [idx[n][k] for n in names], 0.36,
                   yerr=[idx[n][k + "_conf"] for n in names], capsize=3, color=colour, label=k)
        ax.set_xticks(x, names, rotation=20, fontsize=8)
        ax.set_title(out, fontsize=10)
        ax.axhline(0, color="k", lw=0.6)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    fig.suptitle(f"Sobol indices (error bars: {sensitivity['confidence']:.0%} confidence "
                 "interval)", fontsize=10)
    fig.tight_layout()
    return save_png(fig, path)


def _fmt(v: Any) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    if isinstance(v, bool):
        return "met" if v else "not met"
    if isinstance(v, float):
        return format(v, ".4g")
    return str(v)


def render_study_report(study: Study, outcome, pictures: dict[str, Path | None],
                        design_links: dict[str, str]) -> str:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader

    env = Environment(loader=ChoiceLoader([FileSystemLoader(Path(__file__).parent / "templates"),
                                           PackageLoader("chippack.report", "templates")]),
                      autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = _fmt
    rows = outcome.rows
    key, direction = ranking(study)
    return env.get_template("study.html.j2").render(
        study=study, outcome=outcome, rows=rows,
        ok=[r for r in rows if r.get("status") == "ok"],
        failed=[r for r in rows if r.get("status") != "ok"],
        best=best_rows(study, rows, study.file.best), rank_key=key, rank_direction=direction,
        pictures={k: data_uri(v) for k, v in pictures.items()}, links=design_links,
        sensitivity=outcome.sensitivity, optimisation=outcome.optimisation)


def write_study_report(study: Study, outcome, design_links: dict[str, str] | None = None) -> Path:
    """Draw the pictures and write ``study_report.html`` in the study folder."""
    folder = Path(outcome.folder)
    outputs = numeric_outputs(study, outcome.rows)[:4]
    pictures = {
        "responses": save_responses(study, outcome.rows, outputs, folder / "study_responses.png"),
        "pareto": save_pareto(study, outcome.rows, folder / "study_pareto.png"),
        "sensitivity": save_sensitivity(outcome.sensitivity, folder / "study_sensitivity.png"),
    }
    html = render_study_report(study, outcome, pictures, design_links or {})
    return atomic_write_text(folder / REPORT_NAME, html)


def write_best_reports(study: Study, rows: list[dict[str, Any]], documents: dict[str, dict],
                       folder: Path, n: int) -> dict[str, str]:
    """Design reports of the ``n`` best variants in ``folder/designs``; links by key."""
    from chippack.study.evaluate import write_design_report

    links = {}
    for r in best_rows(study, rows, n):
        doc = documents.get(r["key"])
        if doc is None:
            continue
        html = write_design_report(doc, study.options["solve"], folder / "designs",
                                   f"variant_{r['variant']}")
        links[r["key"]] = str(html.relative_to(folder))
    return links
