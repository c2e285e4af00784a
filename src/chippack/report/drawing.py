"""Cross-section drawing of a laid-out package (matplotlib), one colour per material.

The section is the x-z plane through the die centre. Joint arrays are drawn at
their row nearest the cut (a row of bumps or balls, as on a polished section).
The vertical scale is exaggerated so thin layers stay visible; the factor is
printed on the axis.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from chippack.layout import Layout  # noqa: E402
from chippack.report.files import save_png  # noqa: E402

#: Colours chosen so that the usual materials read at a glance.
MATERIAL_COLOURS = {
    "silicon": "#3b5b92",
    "copper": "#c77c3a",
    "aluminium": "#b0b7c0",
    "aln": "#d9d2b6",
    "nickel": "#6e6e6e",
    "sac305": "#9aa0a6",
    "snpb_eutectic": "#7d8793",
    "tin": "#c2c7cc",
    "lead": "#555b66",
    "underfill": "#f2e394",
    "mold_compound": "#3d3d3d",
    "bt_laminate": "#4f8f4f",
    "abf_laminate": "#6aa56a",
    "fr4": "#8fbf6f",
    "jedec_2s2p": "#7fb35f",
    "jedec_1s0p": "#9cc97f",
    "tim_grease": "#e58fb4",
    "indium": "#a58fd6",
    "adhesive": "#d8b27a",
    "air": "#ffffff",
}


def material_colour(name: str) -> str:
    if name in MATERIAL_COLOURS:
        return MATERIAL_COLOURS[name]
    palette = plt.get_cmap("tab20").colors
    return matplotlib.colors.to_hex(palette[sum(map(ord, name)) % len(palette)])


def section_plane(layout: Layout) -> float:
    """y of the cut: through the centre of the first die."""
    dies = layout.of_kind("die")
    die = next(iter(dies.values())) if dies else None
    return die.centre[1] if die else 0.5 * (layout.bounds[2] + layout.bounds[3])


def section_rectangles(layout: Layout, y: float) -> list[tuple[str, str, bool, np.ndarray]]:
    """(part id, material, filler, boxes) cut by the plane at ``y``; arrays snap to their nearest row."""
    out = []
    for pid, part in layout.parts.items():
        boxes = part.solids
        if part.centres is not None and len(part.centres):
            rows = np.unique(np.round(part.centres[:, 1], 9))
            row = rows[np.argmin(np.abs(rows - y))]
            boxes = boxes[np.abs(part.centres[:, 1] - row) < 1e-9]
        else:
            boxes = boxes[(boxes[:, 2] <= y) & (boxes[:, 3] >= y)]
        if len(boxes):
            out.append((pid, part.material, part.filler, boxes))
    return out


def draw_cross_section(ax, layout: Layout, zoom: tuple[float, float] | None = None) -> None:
    """Draw the section on ``ax`` in millimetres; ``zoom`` = (x_min, x_max) in m."""
    y = section_plane(layout)
    for _pid, material, filler, boxes in section_rectangles(layout, y):
        colour = material_colour(material)
        for b in boxes:
            ax.add_patch(Rectangle(
                (b[0] * 1e3, b[4] * 1e3), (b[1] - b[0]) * 1e3, (b[5] - b[4]) * 1e3,
                facecolor=colour, edgecolor="black", linewidth=0.3,
                zorder=1 if filler else 2, alpha=0.85 if filler else 1.0,
            ))
    b = layout.bounds * 1e3
    x0, x1 = (b[0], b[1]) if zoom is None else (zoom[0] * 1e3, zoom[1] * 1e3)
    pad = 0.02 * (x1 - x0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(b[4] - 0.05 * (b[5] - b[4]), b[5] + 0.05 * (b[5] - b[4]))
    ax.set_xlabel("x (mm)")
    ax.set_ylabel("z (mm)")


def cross_section_figure(layout: Layout):
    """Figure with the full section and a zoom on the die edge, plus a material legend."""
    fig, (full, zoom) = plt.subplots(2, 1, figsize=(11, 7.5),
                                     gridspec_kw={"height_ratios": [1, 1.3]})
    draw_cross_section(full, layout)
    bounds = layout.bounds
    exaggeration = ((bounds[1] - bounds[0]) / (bounds[5] - bounds[4])) / (11 / 2.6)
    full.set_title(f"{layout.spec.name}: section at y = {section_plane(layout) * 1e3:.3g} mm "
                   f"(z exaggerated ≈{max(exaggeration, 1):.0f}×)")
    dies = layout.of_kind("die")
    if dies:
        die = next(iter(dies.values()))
        e = die.envelope
        half = e[1] - e[0]
        draw_cross_section(zoom, layout, zoom=(e[1] - 0.45 * half, min(e[1] + 0.8 * half,
                                                                         bounds[1])))
        zoom.set_title("zoom on the die edge (joints drawn at the row nearest the cut)")
    else:
        zoom.set_visible(False)
    for ax in (full, zoom):
        ax.set_aspect("auto")
    materials = sorted({p.material for p in layout.parts.values()})
    handles = [Patch(facecolor=material_colour(m), edgecolor="black", label=m) for m in materials]
    fig.legend(handles=handles, loc="center right", title="material", fontsize=9)
    fig.tight_layout(rect=(0, 0, 0.84, 1))
    return fig


def section_thumbnail_figure(layout: Layout):
    """One small panel: the whole section with a compact material legend (index pages)."""
    fig, ax = plt.subplots(figsize=(5.2, 3.0))
    draw_cross_section(ax, layout)
    ax.set_title(f"section at y = {section_plane(layout) * 1e3:.3g} mm (z exaggerated)",
                 fontsize=9)
    ax.tick_params(labelsize=8)
    ax.xaxis.label.set_size(8)
    ax.yaxis.label.set_size(8)
    materials = sorted({p.material for p in layout.parts.values()})
    handles = [Patch(facecolor=material_colour(m), edgecolor="black", label=m) for m in materials]
    fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 4), fontsize=7,
               frameon=False)
    rows = -(-len(handles) // 4)
    fig.tight_layout(rect=(0, 0.07 * rows, 1, 1))
    return fig


def save_section_thumbnail(layout: Layout, path: str | Path, dpi: int = 110) -> Path:
    return save_png(section_thumbnail_figure(layout), path, dpi)


def save_cross_section(layout: Layout, path: str | Path, dpi: int = 130) -> Path:
    """Write the cross-section PNG atomically."""
    return save_png(cross_section_figure(layout), path, dpi)
