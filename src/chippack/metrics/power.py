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

import io
from pathlib import Path

import numpy as np

from chippack.errors import SpecError
from chippack.inputs.files import read_text
from chippack.inputs.limits import current
from chippack.inputs.options import MAX_POWER_W, MIN_POWER_W
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
    """A CSV power map (W per cell, rows along y, columns along x) with clear errors.

    The file must be UTF-8 text of at most ``Limits.power_map_bytes`` holding at
    most ``Limits.power_map_cells`` finite, non-negative numbers (see
    :mod:`chippack.inputs.limits`); spreadsheets, .npy arrays, compressed or
    non-UTF-8 files are named and refused.
    """
    limits = current()
    text = read_text(path, "power_map", limits.power_map_bytes)
    name = Path(path).name
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise SpecError("power_map", f"{name} is empty")
    cells = len(lines) * (lines[0][1].count(",") + 1)
    if cells > limits.power_map_cells:
        raise SpecError("power_map", f"{name} has about {cells:,} cells, more than the "
                        f"{limits.power_map_cells:,} limit; average it onto a coarser map")
    try:
        grid = np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2, dtype=float)
    except ValueError:
        grid = _parse_rows(lines, name)
    return check_power_map(grid, name)


def check_power_map(grid: object, name: str = "the array") -> np.ndarray:
    """A power map given as an array (the API's ``power_map=``) or read from a CSV: a
    2-D table of finite, non-negative W per cell, within the cell limit, not all zero."""
    if isinstance(grid, str | bytes) or not hasattr(grid, "__len__"):
        raise SpecError("power_map", f"give a CSV file or a 2-D array of W per map cell, "
                        f"got {type(grid).__name__}")
    try:
        grid = np.asarray(grid, dtype=float)
    except (TypeError, ValueError):
        raise SpecError("power_map", f"{name} is not a table of numbers (W per map cell); "
                        "give a 2-D array of floats") from None
    if grid.ndim != 2:
        raise SpecError("power_map", f"{name} has {grid.ndim} dimension(s) {grid.shape}; a "
                        "power map is a 2-D table (rows along y, columns along x)")
    if grid.size > current().power_map_cells:
        raise SpecError("power_map", f"{name} has {grid.size:,} cells, more than the "
                        f"{current().power_map_cells:,} limit; average it onto a coarser map")
    if grid.size == 0:
        raise SpecError("power_map", f"{name} is empty")
    if not np.all(np.isfinite(grid)):
        j, i = np.argwhere(~np.isfinite(grid))[0]
        raise SpecError("power_map", f"{name} row {j + 1} column {i + 1}: {grid[j, i]} is not "
                        "a finite power; give W per map cell")
    if (grid < 0).any():
        j, i = np.argwhere(grid < 0)[0]
        raise SpecError("power_map", f"{name} row {j + 1} column {i + 1}: {grid[j, i]} W "
                        "is negative; power must be >= 0")
    with np.errstate(over="ignore"):  # 1e308 + 1e308 is inf, refused below
        total = float(grid.sum())
    if total <= 0:
        raise SpecError("power_map", f"{name} sums to 0 W; a power map must dissipate")
    if not MIN_POWER_W <= total <= MAX_POWER_W:
        # as --power: 1e300 W overflowed in the mapping, 1e-300 W failed the energy balance
        raise SpecError("power_map", f"{name} sums to {total:.3g} W, outside "
                        f"[{MIN_POWER_W:g}, {MAX_POWER_W:g}] W; give W per map cell")
    return grid


def _parse_rows(lines: list[tuple[int, str]], name: str) -> np.ndarray:
    """Row by row, to say which line is wrong (the fast reader only says that one is)."""
    rows = []
    for n, line in lines:
        try:
            rows.append(np.array(line.split(","), dtype=float))
        except ValueError:
            shown = line if len(line) <= 40 else line[:36] + "..."
            hint = ("; it looks like ';'-separated values with decimal commas: save the sheet "
                    "as CSV with ',' between values and '.' for decimals" if ";" in line else
                    "")
            raise SpecError("power_map", f"{name} line {n}: {shown!r} is not a row "
                            f"of numbers (W per map cell){hint}") from None
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        raise SpecError("power_map", f"{name}: rows have different lengths {sorted(widths)}; "
                        "every row must have one value per column")
    return np.vstack(rows)


def map_source(mesh: PackageMesh, die: str, power_map: np.ndarray) -> np.ndarray:
    """Distribute a (ny_map, nx_map) map of W over the die face onto the mesh, conservatively.

    Each map cell's power goes to the source-layer cells under it in proportion to
    their volume inside it (as :func:`rectangle_source`), for all map cells at once:
    with overlap lengths Ox (map column × mesh x) and Oy (map row × mesh y) and the
    layer thickness A(x, y) = Σ_z dz·layer, map cell (i, j) has layer volume
    T = Ox·A·Oyᵀ and the mesh column (a, b) receives Σ Ox[i,a]·P[j,i]/T[i,j]·Oy[j,b].
    """
    e = mesh.layout.parts[die].envelope
    ny_m, nx_m = power_map.shape
    g = mesh.grid
    xs = np.linspace(e[0], e[1], nx_m + 1)
    ys = np.linspace(e[2], e[3], ny_m + 1)
    ox = _overlaps(xs, g.x)  # (nx_m, nx)
    oy = _overlaps(ys, g.y)  # (ny_m, ny)
    layer = mesh.source_layer_mask(die) * np.diff(g.z)[None, None, :]
    thickness = layer.sum(axis=2)  # (nx, ny)
    volume = ox @ thickness @ oy.T  # (nx_m, ny_m)
    power = power_map.T  # (nx_m, ny_m)
    lost = (power > 0) & (volume <= 0)
    if lost.any():
        i, j = np.argwhere(lost)[0]
        raise SpecError(f"parts.{die}", f"power-map cell row {j + 1} column {i + 1} does not "
                        "overlap the die's active face")
    ratio = np.divide(power, volume, out=np.zeros_like(power), where=volume > 0)
    column = ox.T @ ratio @ oy  # (nx, ny)
    return layer * column[:, :, None]


def _overlaps(edges: np.ndarray, planes: np.ndarray) -> np.ndarray:
    """(len(edges)-1, len(planes)-1) length of each mesh cell inside each map interval."""
    lo = np.maximum(edges[:-1, None], planes[None, :-1])
    hi = np.minimum(edges[1:, None], planes[None, 1:])
    return np.clip(hi - lo, 0.0, None)


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
