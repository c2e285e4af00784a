"""Non-uniform rectilinear (tensor-product) grid.

A grid is defined by its node planes ``x``, ``y``, ``z`` (metres, strictly increasing).
Cell ``(i, j, k)`` is the box ``[x[i], x[i+1]] x [y[j], y[j+1]] x [z[k], z[k+1]]``.
Cell arrays are shaped ``(nx, ny, nz)`` in C order, so the flattened index of cell
``(i, j, k)`` is ``(i*ny + j)*nz + k``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

AXES = ("x", "y", "z")


def _as_planes(name: str, planes) -> np.ndarray:
    arr = np.array(planes, dtype=float).ravel()
    if arr.size < 2:
        raise ValueError(
            f"grid axis {name}: needs at least 2 node planes (1 cell), got {arr.size}; "
            f"pass the plane coordinates in metres, e.g. {name}=np.linspace(0, 1e-3, 11)"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"grid axis {name}: plane coordinates must be finite, got {arr!r}")
    d = np.diff(arr)
    if np.any(d <= 0):
        i = int(np.argmax(d <= 0))
        raise ValueError(
            f"grid axis {name}: node planes must be strictly increasing; "
            f"plane {i + 1} ({arr[i + 1]!r} m) is not greater than plane {i} ({arr[i]!r} m); "
            f"sort the planes and remove duplicates (np.unique)"
        )
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class RectilinearGrid:
    """Tensor-product grid of boxes.

    Attributes
    ----------
    x, y, z : numpy.ndarray
        Node-plane coordinates in metres, strictly increasing (``nx+1``, ``ny+1``,
        ``nz+1`` values).
    """

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray

    def __post_init__(self) -> None:
        for name in AXES:
            object.__setattr__(self, name, _as_planes(name, getattr(self, name)))

    @classmethod
    def from_planes(cls, x, y, z) -> RectilinearGrid:
        """Build a grid from node-plane coordinates (metres); raises ValueError naming the
        axis if a coordinate list has fewer than two planes or is not strictly increasing."""
        return cls(x=x, y=y, z=z)

    @classmethod
    def uniform(cls, lengths, shape, origin=(0.0, 0.0, 0.0)) -> RectilinearGrid:
        """Uniform grid of ``shape = (nx, ny, nz)`` cells over a box of ``lengths`` (m)."""
        planes = [o + np.linspace(0.0, L, n + 1) for o, L, n in zip(origin, lengths, shape,
                                                                     strict=True)]
        return cls(*planes)

    @property
    def shape(self) -> tuple[int, int, int]:
        """Number of cells per axis ``(nx, ny, nz)``."""
        return (self.x.size - 1, self.y.size - 1, self.z.size - 1)

    @property
    def n_cells(self) -> int:
        nx, ny, nz = self.shape
        return nx * ny * nz

    @property
    def dx(self) -> np.ndarray:
        """Cell widths along x (m), shape ``(nx,)``."""
        return np.diff(self.x)

    @property
    def dy(self) -> np.ndarray:
        """Cell widths along y (m), shape ``(ny,)``."""
        return np.diff(self.y)

    @property
    def dz(self) -> np.ndarray:
        """Cell widths along z (m), shape ``(nz,)``."""
        return np.diff(self.z)

    def spacing(self, axis: int) -> np.ndarray:
        """Cell widths along axis 0, 1 or 2 (m)."""
        return np.diff((self.x, self.y, self.z)[axis])

    @property
    def centres(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cell-centre coordinates per axis ``(xc, yc, zc)`` (m)."""
        return tuple(0.5 * (p[1:] + p[:-1]) for p in (self.x, self.y, self.z))

    @property
    def bounds(self) -> tuple[tuple[float, float], ...]:
        """``((xmin, xmax), (ymin, ymax), (zmin, zmax))`` in metres."""
        return tuple((float(p[0]), float(p[-1])) for p in (self.x, self.y, self.z))

    def cell_volumes(self) -> np.ndarray:
        """Cell volumes ``dx_i dy_j dz_k`` (m^3), shape ``(nx, ny, nz)``."""
        return self.dx[:, None, None] * self.dy[None, :, None] * self.dz[None, None, :]

    def face_areas(self, axis: int) -> np.ndarray:
        """Area (m^2) of the faces normal to ``axis``, broadcastable to cell arrays:
        ``dy*dz`` (shape ``(1, ny, nz)``) for x, ``dx*dz`` for y, ``dx*dy`` for z."""
        dx, dy, dz = self.dx, self.dy, self.dz
        if axis == 0:
            return (dy[:, None] * dz[None, :])[None, :, :]
        if axis == 1:
            return (dx[:, None] * dz[None, :])[:, None, :]
        if axis == 2:
            return (dx[:, None] * dy[None, :])[:, :, None]
        raise ValueError(f"axis must be 0, 1 or 2, got {axis!r}")

    def locate(self, point) -> tuple[int, int, int]:
        """Index ``(i, j, k)`` of the cell containing ``point`` (m); points on a plane go to
        the upper cell, the last plane to the last cell."""
        idx = []
        for name, p, v in zip(AXES, (self.x, self.y, self.z), point, strict=True):
            if not p[0] <= v <= p[-1]:
                raise ValueError(f"point {name}={v!r} m is outside the grid [{p[0]}, {p[-1]}]")
            idx.append(int(min(np.searchsorted(p, v, side="right") - 1, p.size - 2)))
        return tuple(idx)

    def mask_box(self, lo, hi) -> np.ndarray:
        """Boolean cell mask of cells whose centres lie inside the box ``[lo, hi]`` (m)."""
        xc, yc, zc = self.centres
        mx = (xc >= lo[0]) & (xc <= hi[0])
        my = (yc >= lo[1]) & (yc <= hi[1])
        mz = (zc >= lo[2]) & (zc <= hi[2])
        return mx[:, None, None] & my[None, :, None] & mz[None, None, :]
