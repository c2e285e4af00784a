"""Node planes of a rectilinear mesh: every box face, then graded refinement.

Per axis:

1. the faces of all boxes are the required planes; faces closer than ``snap``
   are merged (in-plane "minimum gap", like Icepak's), while every box keeps at
   least one cell because ``snap`` never exceeds 40 % of the thinnest box;
2. at each required plane the *local size* is the shorter of the two intervals
   it bounds (capped): thin layers set the cell size around them;
3. each interval is filled from both ends with cells growing geometrically by
   ``growth`` from the local sizes up to the cap, then scaled to fit exactly.

So cell sizes change by at most about ``growth`` between neighbours, and a
50 µm TIM layer is one cell thick without refining the whole stack.
"""

from __future__ import annotations

import numpy as np

#: Planes closer than this are one plane (1 nm).
PLANE_TOL = 1e-9


def unique_planes(coords: np.ndarray, snap: float = PLANE_TOL) -> np.ndarray:
    """Sorted planes; a plane closer than ``snap`` to the previous kept one is dropped."""
    c = np.sort(np.asarray(coords, dtype=float).ravel())
    if len(c) == 0:
        return c
    kept = [c[0]]
    for v in c[1:]:
        if v - kept[-1] > snap:
            kept.append(v)
    if c[-1] - kept[-1] > PLANE_TOL:  # keep the outermost face exactly
        kept[-1] = c[-1]
    return np.array(kept)


def fill_interval(a: float, b: float, start_a: float, start_b: float, cap: float,
                  growth: float) -> np.ndarray:
    """Interior planes of [a, b]: cells grow by ``growth`` from both ends, at most ``cap``."""
    length = b - a
    if length <= min(cap, growth * min(start_a, start_b)):
        return np.empty(0)
    left, right = [], []
    next_left, next_right = min(start_a, cap), min(start_b, cap)
    total = 0.0
    while total < length - 1e-15:
        if next_left <= next_right:
            left.append(next_left)
            total += next_left
            next_left = min(next_left * growth, cap)
        else:
            right.append(next_right)
            total += next_right
            next_right = min(next_right * growth, cap)
    sizes = np.array(left + right[::-1])
    sizes *= length / sizes.sum()
    return a + np.cumsum(sizes)[:-1]


def axis_planes(required: np.ndarray, zone: tuple[float, float], max_cell: float,
                max_cell_far: float, growth: float, snap: float = PLANE_TOL) -> np.ndarray:
    """Planes of one axis: required planes (snapped), graded fill, capped cell sizes.

    ``zone`` is the (lo, hi) extent where ``max_cell`` applies; elsewhere
    ``max_cell_far`` (e.g. the far board around a package).
    """
    if growth <= 1.0:
        raise ValueError(f"mesh growth must be > 1, got {growth}")
    base = unique_planes(required, snap)
    lengths = np.diff(base)
    mid = 0.5 * (base[:-1] + base[1:])
    inside = (mid >= zone[0] - PLANE_TOL) & (mid <= zone[1] + PLANE_TOL)
    cap = np.where(inside, max_cell, max_cell_far)
    first = np.minimum(lengths, cap)
    local = np.minimum(np.concatenate([[np.inf], first]), np.concatenate([first, [np.inf]]))
    pieces = [base[:1]]
    for i in range(len(lengths)):
        inner = fill_interval(base[i], base[i + 1], local[i], local[i + 1], cap[i], growth)
        pieces.extend([inner, base[i + 1:i + 2]])
    return np.concatenate(pieces)
