"""Temperatures at probe points, as CSV: the metric points plus any the user names.

Each value is the solver's cell temperature (cell-centred finite volumes, no
interpolation) of the cell that contains the point; the row gives that cell's
centre, part and material so that the number can be found again in the ``.vtr``.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from chippack.errors import SpecError
from chippack.report.files import atomic_write_text

COLUMNS = ("probe", "x_mm", "y_mm", "z_mm", "part", "material", "temperature_c")


def parse_probe(text: str) -> tuple[float, float, float]:
    """'x,y,z' in mm → metres."""
    try:
        x, y, z = (float(v) for v in text.split(","))
    except ValueError:
        shown = repr(text) if len(text) <= 40 else repr(text[:36] + "...")
        raise SpecError("--probe", f"{shown} is not 'x,y,z' in mm (three numbers)") from None
    if not all(math.isfinite(v) and abs(v) <= 2000.0 for v in (x, y, z)):
        raise SpecError("--probe", f"{text!r}: each coordinate is a finite number of mm "
                        "inside the model (|value| <= 2000 mm)")
    return x * 1e-3, y * 1e-3, z * 1e-3


def _row(run, name: str, idx: tuple[int, int, int]) -> dict:
    mesh, t = run.mesh, run.solution.temperature
    xc, yc, zc = mesh.grid.centres
    i, j, k = idx
    p, m = int(mesh.part[idx]), int(mesh.material[idx])
    return {"probe": name, "x_mm": float(xc[i] * 1e3), "y_mm": float(yc[j] * 1e3),
            "z_mm": float(zc[k] * 1e3),
            "part": mesh.part_ids[p] if p >= 0 else "",
            "material": mesh.materials[m].name if m >= 0 else "",
            "temperature_c": float(t[idx])}


def _locate(mesh, x: float, y: float, z: float) -> tuple[int, int, int] | None:
    g = mesh.grid
    idx = []
    for planes, v in ((g.x, x), (g.y, y), (g.z, z)):
        if v < planes[0] or v > planes[-1]:
            return None
        idx.append(int(np.clip(np.searchsorted(planes, v, side="right") - 1, 0, len(planes) - 2)))
    return tuple(idx)


def probe_rows(run, points: list[tuple[float, float, float]] = ()) -> list[dict]:
    """Default probes (die junction centres, hottest junction cell, hottest cell, package
    top over the die (TT), board point (TB)) and ``points`` (m)."""
    from chippack.metrics.run import board_point

    mesh, t = run.mesh, run.solution.temperature
    layout = mesh.layout
    rows = []
    junction = np.zeros(mesh.shape, dtype=bool)
    zc = mesh.grid.centres[2]
    for pid, die in layout.of_kind("die").items():
        layer = mesh.source_layer_mask(pid)
        junction |= layer
        ks = np.flatnonzero(layer.any(axis=(0, 1)))
        i, j, _ = _locate(mesh, *die.centre, float(zc[ks[len(ks) // 2]]))
        rows.append(_row(run, f"{pid} junction centre", (i, j, int(ks[len(ks) // 2]))))
    tj = np.where(junction, t, -np.inf)
    rows.append(_row(run, "hottest junction cell (Tj max)",
                     np.unravel_index(int(np.argmax(tj)), mesh.shape)))
    rows.append(_row(run, "hottest cell", np.unravel_index(int(np.nanargmax(t)), mesh.shape)))
    board = {i for i, pid in enumerate(mesh.part_ids) if layout.parts[pid].kind == "board"}
    die0 = next(iter(layout.of_kind("die").values()))

    def top_cell(x, y, exclude):
        i, j, _ = _locate(mesh, x, y, float(zc[0]))
        col = (mesh.part[i, j] >= 0) & ~np.isin(mesh.part[i, j], list(exclude))
        ks = np.flatnonzero(col)
        return (i, j, int(ks[-1])) if len(ks) else None

    top = top_cell(*die0.centre, board)
    if top:
        rows.append(_row(run, "package top over the die (TT)", top))
    if board:
        tb = top_cell(*board_point(layout), set())
        if tb:
            rows.append(_row(run, "board point (TB, JESD51-8)", tb))
    for n, (x, y, z) in enumerate(points, start=1):
        idx = _locate(mesh, x, y, z)
        if idx is None:
            raise SpecError("--probe", f"point {n} ({x * 1e3:g}, {y * 1e3:g}, {z * 1e3:g}) mm "
                                       f"is outside the meshed domain")
        rows.append(_row(run, f"probe {n} ({x * 1e3:g}, {y * 1e3:g}, {z * 1e3:g}) mm", idx))
    return rows


def write_probe_csv(run, path: str | Path, points: list[tuple[float, float, float]] = ()) -> Path:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in probe_rows(run, points):
        # repr of a plain float round-trips exactly; numpy scalars would print as np.float64(…)
        writer.writerow({k: (repr(float(v)) if isinstance(v, float | np.floating) else v)
                         for k, v in row.items()})
    return atomic_write_text(path, buf.getvalue())
