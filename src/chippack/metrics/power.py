"""Heat sources on the active surface of each die, distributed onto mesh cells.

A die dissipates in its *source layer* (a thin layer at the active face, see
:class:`chippack.mesh.package.MeshOptions`). Sources add up:

* ``power``: spread uniformly over the active face;
* ``hot_spots``: rectangles with their own power (the mesh has planes on their edges);
* a power map (CSV, W per map cell, rows along y from the die's lower y edge,
  columns along x) remapped conservatively by x-y overlap area.

Within the layer each source is split over cells in proportion to their volume
inside the source's footprint, so the total is exact.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from chippack.errors import SpecError
from chippack.mesh.package import PackageMesh


def _overlap_1d(planes: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Length of each cell [planes[i], planes[i+1]] inside [lo, hi]."""
    return np.clip(np.minimum(planes[1:], hi) - np.maximum(planes[:-1], lo), 0.0, None)


def rectangle_source(mesh: PackageMesh, die: str, x0: float, x1: float, y0: float, y1: float,
                     watts: float) -> np.ndarray:
    """(nx, ny, nz) W from ``watts`` dissipated uniformly in a rectangle of the die's layer."""
    layer = mesh.source_layer_mask(die)
    g = mesh.grid
    weight = (_overlap_1d(g.x, x0, x1)[:, None, None] * _overlap_1d(g.y, y0, y1)[None, :, None]
              * np.diff(g.z)[None, None, :]) * layer
    total = weight.sum()
    if total <= 0:
        raise SpecError(f"parts.{die}", "the heat source does not overlap the die's active face")
    return watts * weight / total


def read_power_map(path: str | Path) -> np.ndarray:
    """A CSV power map (W per cell, rows along y, columns along x) with clear errors."""
    path = Path(path)
    if not path.is_file():
        raise SpecError("power_map", f"file {str(path)!r} does not exist")
    rows = []
    with path.open(newline="") as fh:
        for n, row in enumerate(csv.reader(fh), start=1):
            if not row or all(not c.strip() for c in row):
                continue
            try:
                rows.append([float(c) for c in row])
            except ValueError:
                raise SpecError("power_map", f"{path.name} line {n}: {row!r} is not a row "
                                "of numbers (W per map cell)") from None
    if not rows:
        raise SpecError("power_map", f"{path.name} is empty")
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        raise SpecError("power_map", f"{path.name}: rows have different lengths {sorted(widths)}; "
                        "every row must have one value per column")
    grid = np.array(rows)
    if not np.all(np.isfinite(grid)):
        raise SpecError("power_map", f"{path.name} holds non-finite values")
    if (grid < 0).any():
        j, i = np.argwhere(grid < 0)[0]
        raise SpecError("power_map", f"{path.name} row {j + 1} column {i + 1}: {grid[j, i]} W "
                        "is negative; power must be >= 0")
    if grid.sum() <= 0:
        raise SpecError("power_map", f"{path.name} sums to 0 W; a power map must dissipate")
    return grid


def map_source(mesh: PackageMesh, die: str, power_map: np.ndarray) -> np.ndarray:
    """Distribute a (ny_map, nx_map) map of W over the die face onto the mesh, conservatively."""
    e = mesh.layout.parts[die].envelope
    ny_m, nx_m = power_map.shape
    xs = np.linspace(e[0], e[1], nx_m + 1)
    ys = np.linspace(e[2], e[3], ny_m + 1)
    out = np.zeros(mesh.shape)
    for j in range(ny_m):
        for i in range(nx_m):
            if power_map[j, i] > 0:
                out += rectangle_source(mesh, die, xs[i], xs[i + 1], ys[j], ys[j + 1],
                                        power_map[j, i])
    return out


def check_power(power: float | None, field: str = "power") -> None:
    """The one check of a requested total power (W): None (the spec's) or > 0.

    >>> check_power(None); check_power(2.5)
    >>> check_power(0.0)
    Traceback (most recent call last):
    ...
    chippack.errors.SpecError: power: must be > 0 W, got 0.0 W
    """
    if power is not None and not power > 0:
        raise SpecError(field, f"must be > 0 W, got {power} W")


def die_power(mesh: PackageMesh, total: float | None = None,
              power_map: np.ndarray | None = None) -> np.ndarray:
    """Power per cell (W) from every die's sources.

    ``total`` rescales all sources so that they sum to ``total`` W (a die with no
    source then gets it uniformly); ``power_map`` replaces the first die's sources.
    """
    spec = mesh.layout.spec
    out = np.zeros(mesh.shape)
    dies = spec.parts_of_kind("die")
    for n, (pid, die) in enumerate(dies.items()):
        e = mesh.layout.parts[pid].envelope
        if n == 0 and power_map is not None:
            out += map_source(mesh, pid, power_map)
            continue
        if die.power:
            out += rectangle_source(mesh, pid, e[0], e[1], e[2], e[3], die.power)
        cx, cy = 0.5 * (e[0] + e[1]), 0.5 * (e[2] + e[3])
        for spot in die.hot_spots:
            x, y = cx + spot.offset[0], cy + spot.offset[1]
            out += rectangle_source(mesh, pid, x - spot.size[0] / 2, x + spot.size[0] / 2,
                                    y - spot.size[1] / 2, y + spot.size[1] / 2, spot.power)
    if total is not None:
        check_power(total)
        current = out.sum()
        if current > 0:
            out *= total / current
        else:
            pid = next(iter(dies))
            e = mesh.layout.parts[pid].envelope
            out = rectangle_source(mesh, pid, e[0], e[1], e[2], e[3], total)
    if out.sum() <= 0:
        names = ", ".join(dies)
        raise SpecError(f"parts.{next(iter(dies))}.power",
                        f"no die dissipates any power ({names}); set 'power: <W>' on a die "
                        "or pass --power")
    return out
