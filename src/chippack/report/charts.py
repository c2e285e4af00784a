"""Charts drawn from a results dict (never from the solver objects): heat split and θ's."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from chippack.report.files import save_png  # noqa: E402
from chippack.report.summary import ENV_LABEL, PATH_COLOURS, PATH_SHORT, PATHS  # noqa: E402


def _stacked(ax, labels: list[str], shares: list[dict[str, float]], watts: list[dict] | None):
    """Horizontal 100 % bars, one per label, segments by heat path."""
    y = np.arange(len(labels))[::-1]
    left = np.zeros(len(labels))
    for path in PATHS:
        pct = np.array([s.get(path, 0.0) for s in shares])
        ax.barh(y, pct, left=left, color=PATH_COLOURS[path], edgecolor="white",
                label=PATH_SHORT[path], height=0.6)
        for k, (p, l0) in enumerate(zip(pct, left, strict=True)):
            if p >= 7:
                text = f"{p:.0f} %"
                if watts is not None:
                    text += f"\n{watts[k].get(path, 0.0):.3g} W"
                ax.text(l0 + p / 2, y[k], text, ha="center", va="center", fontsize=8,
                        color="white", fontweight="bold")
        left += pct
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the dissipated power leaving by each path (%)")
    ax.legend(ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def heat_split_figure(results: dict):
    """Heat leaving by path in each environment of one design (from ``results.json``)."""
    runs = results["runs"]
    labels, shares, watts = [], [], []
    for r in runs:
        split = r["heat_by_path_w"]
        total = sum(split.values()) or 1.0
        labels.append(f"{ENV_LABEL.get(r['environment']['name'], r['environment']['name'])}\n"
                      f"{r['power_w']:.3g} W")
        shares.append({k: 100.0 * split.get(k, 0.0) / total for k in PATHS})
        watts.append(split)
    fig, ax = plt.subplots(figsize=(8, 1.0 + 0.55 * len(runs)))
    _stacked(ax, labels, shares, watts)
    fig.tight_layout()
    return fig


def save_heat_split(results: dict, path: str | Path) -> Path:
    return save_png(heat_split_figure(results), path)


def comparison_figure(designs: list[dict]):
    """Index chart: θJA, θJC, θJB side by side (left) and still-air heat split (right)."""
    names = [d["spec"]["name"] for d in designs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 0.9 + 0.8 * len(designs)),
                                      gridspec_kw={"width_ratios": [1, 1.25]})
    y = np.arange(len(designs))[::-1]
    h = 0.26
    for k, (key, label, colour) in enumerate((("theta_ja", "θJA", "#555"),
                                              ("theta_jb", "θJB", "#4f9a4f"),
                                              ("theta_jc", "θJC", "#d9534f"))):
        vals = [d["summary"].get(key) for d in designs]
        v = np.array([np.nan if x is None else x for x in vals])
        bars = left.barh(y + (1 - k) * h, np.nan_to_num(v), height=h, color=colour, label=label)
        for b, val in zip(bars, v, strict=True):
            if np.isfinite(val):
                left.text(b.get_width(), b.get_y() + h / 2, f" {val:.2f}", va="center",
                          fontsize=8)
    left.set_yticks(y, names)
    left.set_xlabel("thermal resistance (K/W)")
    left.legend(frameon=False, fontsize=9, loc="lower right")
    left.margins(x=0.15)
    for side in ("top", "right"):
        left.spines[side].set_visible(False)
    shares = [d["summary"].get("path_split_pct", {}) for d in designs]
    _stacked(right, ["" for _ in names], shares, None)
    right.set_yticks([])
    right.set_title("still air: where the heat goes", fontsize=10, pad=22)
    fig.tight_layout()
    return fig


def save_comparison(designs: list[dict], path: str | Path) -> Path:
    return save_png(comparison_figure(designs), path)
