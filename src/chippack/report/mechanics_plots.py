"""Pictures of a warpage study: face contour maps and an exaggerated deformed section."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from chippack.report.files import save_png

FACE_TITLE = {"ball_side": "ball side (substrate lower face)", "top": "package top"}


def face_contour_png(study, case_name: str, face: str, path: str | Path) -> Path:
    """Filled contour of the out-of-plane displacement w (µm, best-fit plane removed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    case = next(c for c in study.cases if c.name == case_name)
    fw = case.faces[face]
    w = fw.w.copy()
    on = np.isfinite(w)
    xs, ys = np.meshgrid(fw.x, fw.y, indexing="ij")
    design = np.column_stack([np.ones(on.sum()), xs[on], ys[on]])
    coef, *_ = np.linalg.lstsq(design, w[on], rcond=None)
    w[on] -= design @ coef
    w_um = np.ma.masked_invalid(w * 1e6)
    fig, ax = plt.subplots(figsize=(5.6, 4.6))
    levels = np.linspace(float(w_um.min()), float(w_um.max()) + 1e-9, 21)
    cs = ax.contourf(xs * 1e3, ys * 1e3, w_um, levels=levels, cmap="coolwarm")
    fig.colorbar(cs, ax=ax, label="w − best-fit plane (µm)")
    ax.set_aspect("equal")
    ax.set_xlabel("x (mm)")
    ax.set_ylabel("y (mm)")
    limit = "" if study.limit is None else f", limit ±{study.limit * 1e6:.0f} µm"
    ax.set_title(f"{study.design}\n{FACE_TITLE.get(face, face)} at {case_name}: "
                 f"{fw.warpage * 1e6:+.1f} µm ({fw.shape_word}{limit})", fontsize=9)
    fig.text(0.01, 0.01, "sign: JESD22-B112 / JEITA ED-7306, top up, + convex (dome)",
             fontsize=7, color="0.3")
    fig.tight_layout()
    return save_png(fig, path)


def deformed_section_png(study, case_name: str, path: str | Path) -> Path:
    """x–z section through the package centre, w exaggerated (scale written on it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    case = next(c for c in study.cases if c.name == case_name)
    el = study.elements
    mesh = el.mesh
    g = mesh.grid
    yc = g.centres[1]
    j_mid = int(np.argmin(np.abs(yc - 0.5 * (g.y[0] + g.y[-1]))))
    sel = el.ijk[:, 1] == j_mid
    u = case.displacement
    size_x = g.x[-1] - g.x[0]
    peak = float(np.abs(u[:, 2]).max()) or 1e-12
    scale = 0.08 * size_x / peak  # the largest w drawn as 8 % of the package width
    # corners (i,j,k): 0 (0,0,0) 4 (1,0,0) 5 (1,0,1) 1 (0,0,1), on the y = y_j side
    quad = el.nodes[sel][:, [0, 4, 5, 1]]
    # only w is exaggerated: scaled in-plane shrinkage would shear the picture apart
    xy = el.coords[quad][..., [0, 2]].copy()
    xy[..., 0] += u[quad][..., 0]
    xy[..., 1] += scale * u[quad][..., 2]
    parts = el.part[sel]
    cmap = plt.get_cmap("tab10")
    colours = [cmap(p % 10) for p in parts]
    fig, ax = plt.subplots(figsize=(9.0, 3.6))
    ax.add_collection(PolyCollection(xy * 1e3, facecolors=colours, edgecolors="0.35",
                                     linewidths=0.15))
    ax.autoscale()
    ax.set_xlabel("x (mm)")
    ax.set_ylabel("z (mm)")
    ax.set_title(f"{study.design}: deformed section at {case_name} (y = {yc[j_mid] * 1e3:.2f} mm)",
                 fontsize=9)
    ax.text(0.01, 0.97, f"vertical displacement w × {scale:.0f} (largest |w| {peak * 1e6:.1f} µm)",
            transform=ax.transAxes, va="top", fontsize=8,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
    present = sorted(set(parts.tolist()))
    handles = [plt.Rectangle((0, 0), 1, 1, color=cmap(p % 10)) for p in present]
    ax.legend(handles, [mesh.part_ids[p] for p in present], fontsize=6, loc="center left",
              bbox_to_anchor=(1.01, 0.5), framealpha=0.8)
    fig.tight_layout()
    return save_png(fig, path)


def warpage_pngs(study, out: Path, stem: str) -> list[Path]:
    """Contour maps of both faces for every case and one deformed section per case."""
    paths = []
    for case in study.cases:
        tag = case.name.replace(".", "p")
        for face in case.faces:
            paths.append(face_contour_png(study, case.name, face,
                                          out / f"{stem}_warpage_{face}_{tag}.png"))
        paths.append(deformed_section_png(study, case.name, out / f"{stem}_section_{tag}.png"))
    return paths
