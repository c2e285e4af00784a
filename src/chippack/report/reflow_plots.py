"""Reflow pictures: T(t) of each joint array over the oven profile, and the peak
temperature map over each joint plane.  Plain renderers of a
:class:`chippack.reflow.ReflowRun` (nothing is solved here)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from chippack.report.files import save_png  # noqa: E402


def history_figure(run, title: str = ""):
    """Air and joint-array temperatures vs time, liquidus lines, TAL in the legend."""
    fig, ax = plt.subplots(figsize=(8.0, 4.8))
    ax.plot(run.times, run.air_c, color="0.55", lw=1.2, ls="--", label="oven air")
    colours = plt.cm.tab10.colors
    for n, j in enumerate(run.joints.values()):
        c = colours[n % len(colours)]
        ax.plot(run.times, j.mean_c, color=c, lw=1.6,
                label=f"{j.id} ({j.role}): peak {j.peak_min_c:.1f}–{j.peak_c:.1f} °C, "
                      f"TAL {j.time_above_liquidus_s:.0f} s")
        ax.fill_between(run.times, j.min_c, j.max_c, color=c, alpha=0.2, lw=0)
    for tl in sorted({j.liquidus_c for j in run.joints.values() if j.liquidus_c is not None}):
        ax.axhline(tl, color="firebrick", lw=0.8, ls=":")
        ax.text(run.times[-1], tl, f" T_L {tl:g} °C", va="bottom", ha="right", fontsize=7,
                color="firebrick")
    ax.axhline(run.tc, color="black", lw=0.8, ls="-.")
    ax.text(run.times[-1], run.tc, f"J-STD-020 T_c {run.tc:g} °C ", va="bottom", ha="right",
            fontsize=7)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("temperature (°C)")
    ax.set_title((title + "\n" if title else "") + run.profile.source, fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def peak_map_figure(run, title: str = ""):
    """Top view of each joint array's per-column coldest peak temperature."""
    joints = list(run.joints.values())
    fig, axes = plt.subplots(1, len(joints), figsize=(4.2 * len(joints), 4.0), squeeze=False)
    g = run.mesh.grid
    for ax, j in zip(axes[0], joints, strict=True):
        data = j.peak_map_c
        cols = np.isfinite(data)
        ii, jj = np.flatnonzero(cols.any(axis=1)), np.flatnonzero(cols.any(axis=0))
        x = g.x[ii[0]:ii[-1] + 2] * 1e3
        y = g.y[jj[0]:jj[-1] + 2] * 1e3
        sub = np.ma.masked_invalid(data[ii[0]:ii[-1] + 1, jj[0]:jj[-1] + 1].T)
        im = ax.pcolormesh(x, y, sub, cmap="inferno", shading="flat")
        ax.set_aspect("equal")
        ax.set_xlabel("x (mm)")
        ax.set_ylabel("y (mm)")
        tl = f", T_L {j.liquidus_c:g} °C" if j.liquidus_c is not None else ""
        ax.set_title(f"{j.id} ({j.role}){tl}\npeak {j.peak_min_c:.2f}–{j.peak_c:.2f} °C",
                     fontsize=8)
        cb = fig.colorbar(im, ax=ax, label="peak temperature (°C)", shrink=0.85)
        cb.formatter.set_useOffset(False)
        cb.update_ticks()
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return fig


def save_reflow_plots(run, out: Path, stem: str, title: str = "") -> list[Path]:
    """Write ``<stem>_reflow_history.png`` and ``<stem>_reflow_peak_map.png``."""
    paths = []
    for name, make in (("history", history_figure), ("peak_map", peak_map_figure)):
        fig = make(run, title)
        paths.append(save_png(fig, Path(out) / f"{stem}_reflow_{name}.png"))
        plt.close(fig)
    return paths
