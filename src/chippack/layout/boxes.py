"""Axis-aligned boxes as rows of a (n, 6) array: x0, x1, y0, y1, z0, z1 (metres).

Plain numpy arrays keep the geometry vectorised: a bump array of 2000 joints is
one array, and overlap or contact tests between two parts are one broadcast.
"""

from __future__ import annotations

import numpy as np

#: Geometric tolerance, m: faces closer than this coincide (0.1 µm).
TOL = 1e-7

AXES = ("x", "y", "z")


def box(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float) -> np.ndarray:
    """One box as a (1, 6) array."""
    return np.array([[x0, x1, y0, y1, z0, z1]], dtype=float)


def centred_rect(cx: float, cy: float, sx: float, sy: float, z0: float, z1: float) -> np.ndarray:
    """A (1, 6) box of footprint sx × sy centred on (cx, cy)."""
    return box(cx - sx / 2, cx + sx / 2, cy - sy / 2, cy + sy / 2, z0, z1)


def envelope(boxes: np.ndarray) -> np.ndarray:
    """Smallest (6,) box containing all rows."""
    return np.array([boxes[:, 0].min(), boxes[:, 1].max(), boxes[:, 2].min(),
                     boxes[:, 3].max(), boxes[:, 4].min(), boxes[:, 5].max()])


def interval_overlap(a0, a1, b0, b1):
    """Length of the overlap of intervals [a0, a1] and [b0, b1] (0 if disjoint), broadcast."""
    return np.clip(np.minimum(a1, b1) - np.maximum(a0, b0), 0.0, None)


def overlap_matrix(a: np.ndarray, b: np.ndarray, tol: float = TOL) -> np.ndarray:
    """(n, m) bool: box i of ``a`` and box j of ``b`` share volume (beyond ``tol`` each way)."""
    out = np.ones((len(a), len(b)), dtype=bool)
    for axis in range(3):
        lo, hi = 2 * axis, 2 * axis + 1
        ov = interval_overlap(a[:, None, lo], a[:, None, hi], b[None, :, lo], b[None, :, hi])
        out &= ov > tol
    return out


def footprint_overlap_area(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(n, m) area of the x-y overlap of the boxes' footprints, m²."""
    ox = interval_overlap(a[:, None, 0], a[:, None, 1], b[None, :, 0], b[None, :, 1])
    oy = interval_overlap(a[:, None, 2], a[:, None, 3], b[None, :, 2], b[None, :, 3])
    return ox * oy


def face_contact_area(a: np.ndarray, b: np.ndarray, axis: int, tol: float = TOL) -> float:
    """Total area where a face of ``a`` normal to ``axis`` lies on the opposite face of ``b``.

    Counts faces where a's upper side meets b's lower side and vice versa.
    """
    lo, hi = 2 * axis, 2 * axis + 1
    others = [i for i in range(3) if i != axis]
    area = np.ones((len(a), len(b)))
    for o in others:
        area = area * interval_overlap(
            a[:, None, 2 * o], a[:, None, 2 * o + 1], b[None, :, 2 * o], b[None, :, 2 * o + 1]
        )
    touching = (np.abs(a[:, None, hi] - b[None, :, lo]) < tol) | (
        np.abs(a[:, None, lo] - b[None, :, hi]) < tol
    )
    return float(np.sum(area * touching))


def grid_prisms(
    centres: np.ndarray, side: float, z0: float, z1: float
) -> np.ndarray:
    """Square prisms of the given side on (n, 2) centres."""
    half = side / 2
    n = len(centres)
    out = np.empty((n, 6))
    out[:, 0] = centres[:, 0] - half
    out[:, 1] = centres[:, 0] + half
    out[:, 2] = centres[:, 1] - half
    out[:, 3] = centres[:, 1] + half
    out[:, 4] = z0
    out[:, 5] = z1
    return out


def ring_boxes(outer: np.ndarray, inner_size: tuple[float, float], inner_centre) -> np.ndarray:
    """Four boxes forming a rectangular ring: ``outer`` (6,) minus a centred opening."""
    x0, x1, y0, y1, z0, z1 = outer
    cx, cy = inner_centre
    ix0, ix1 = cx - inner_size[0] / 2, cx + inner_size[0] / 2
    iy0, iy1 = cy - inner_size[1] / 2, cy + inner_size[1] / 2
    return np.array([
        [x0, x1, y0, iy0, z0, z1],    # front strip (full width)
        [x0, x1, iy1, y1, z0, z1],    # back strip (full width)
        [x0, ix0, iy0, iy1, z0, z1],  # left
        [ix1, x1, iy0, iy1, z0, z1],  # right
    ])


def subtract_footprints(outer: np.ndarray, holes: list[np.ndarray]) -> np.ndarray:
    """Boxes covering ``outer`` (6,) minus the x-y rectangles of ``holes`` (through holes).

    Splits the footprint on every hole edge and keeps the cells outside all holes.
    """
    xs = {outer[0], outer[1]}
    ys = {outer[2], outer[3]}
    for h in holes:
        xs.update(np.clip([h[0], h[1]], outer[0], outer[1]))
        ys.update(np.clip([h[2], h[3]], outer[2], outer[3]))
    xs, ys = np.array(sorted(xs)), np.array(sorted(ys))
    rows = []
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            cx, cy = 0.5 * (xs[i] + xs[i + 1]), 0.5 * (ys[j] + ys[j + 1])
            if xs[i + 1] - xs[i] < TOL or ys[j + 1] - ys[j] < TOL:
                continue
            inside = any(h[0] < cx < h[1] and h[2] < cy < h[3] for h in holes)
            if not inside:
                rows.append([xs[i], xs[i + 1], ys[j], ys[j + 1], outer[4], outer[5]])
    return np.array(rows, dtype=float).reshape(-1, 6)
