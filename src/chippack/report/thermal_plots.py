"""Temperature pictures: die top view (source layer) and x-z cross-section."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from chippack.report.files import save_png  # noqa: E402


def die_map_figure(run):
    """Top view of the first die's source-layer temperature (°C)."""
    mesh, t = run.mesh, run.solution.temperature
    die = next(iter(mesh.layout.of_kind("die")))
    layer = mesh.source_layer_mask(die)
    vol = mesh.grid.cell_volumes()
    w = np.where(layer, vol, 0.0)
    with np.errstate(invalid="ignore"):
        tmap = np.nansum(np.where(layer, t, 0.0) * w, axis=2) / w.sum(axis=2)
    cols = layer.any(axis=2)
    ii = np.flatnonzero(cols.any(axis=1))
    jj = np.flatnonzero(cols.any(axis=0))
    x = mesh.grid.x[ii[0]:ii[-1] + 2] * 1e3
    y = mesh.grid.y[jj[0]:jj[-1] + 2] * 1e3
    data = tmap[ii[0]:ii[-1] + 1, jj[0]:jj[-1] + 1].T
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    im = ax.pcolormesh(x, y, data, cmap="inferno", shading="flat")
    ax.set_aspect("equal")
    ax.set_xlabel("x (mm)")
    ax.set_ylabel("y (mm)")
    m = run.metrics
    ax.set_title(f"{run.design}\n{die} active layer, {run.environment.name}, {run.power:.3g} W: "
                 f"Tj max {m['tj_max_c']:.1f} °C, mean {m['tj_avg_c']:.1f} °C", fontsize=9)
    fig.colorbar(im, ax=ax, label="temperature (°C)")
    fig.tight_layout()
    return fig


def section_figure(run):
    """x-z section through the die centre: temperature of conducting cells (°C)."""
    mesh, t = run.mesh, run.solution.temperature
    die = next(iter(mesh.layout.of_kind("die").values()))
    j = int(np.clip(np.searchsorted(mesh.grid.y, die.centre[1]) - 1, 0, mesh.shape[1] - 1))
    sl = t[:, j, :]
    pkg = [p for p in mesh.layout.parts.values() if p.kind != "board"]
    x0 = min(p.envelope[0] for p in pkg) - 5e-3
    x1 = max(p.envelope[1] for p in pkg) + 5e-3
    i0 = max(int(np.searchsorted(mesh.grid.x, x0)) - 1, 0)
    i1 = min(int(np.searchsorted(mesh.grid.x, x1)), mesh.shape[0])
    x = mesh.grid.x[i0:i1 + 1] * 1e3
    z = mesh.grid.z * 1e3
    fig, ax = plt.subplots(figsize=(10, 4.2))
    data = np.ma.masked_invalid(sl[i0:i1].T)
    im = ax.pcolormesh(x, z, data, cmap="inferno", shading="flat")
    from matplotlib.patches import Rectangle

    from chippack.report.drawing import section_rectangles

    for _pid, _mat, filler, boxes in section_rectangles(mesh.layout, mesh.grid.y[j] + 1e-12):
        for b in boxes:
            ax.add_patch(Rectangle((b[0] * 1e3, b[4] * 1e3), (b[1] - b[0]) * 1e3,
                                   (b[5] - b[4]) * 1e3, fill=False, edgecolor="white",
                                   linewidth=0.4, alpha=0.5 if filler else 0.8))
    ax.set_xlim(x[0], x[-1])
    ax.set_xlabel("x (mm)")
    ax.set_ylabel("z (mm, exaggerated)")
    ax.set_facecolor("#dfe8f0")
    yc = 0.5 * (mesh.grid.y[j] + mesh.grid.y[j + 1])
    ax.set_title(f"{run.design}: section at y = {yc * 1e3:.3g} mm, "
                 f"{run.environment.name} (blue-grey = air / outside)", fontsize=9)
    fig.colorbar(im, ax=ax, label="temperature (°C)")
    fig.tight_layout()
    return fig


def save_die_map(run, path) -> Path:
    return save_png(die_map_figure(run), path)


def save_section_temperature(run, path) -> Path:
    return save_png(section_figure(run), path)
