"""The six rigid-body motions of a free body, and a support that removes only them."""

from __future__ import annotations

import numpy as np


def rigid_body_modes(coords: np.ndarray) -> np.ndarray:
    """(3m, 6) translations and rotations about the centroid, orthonormalised."""
    c = coords - coords.mean(axis=0)
    m = len(c)
    b = np.zeros((m, 3, 6))
    for a in range(3):
        b[:, a, a] = 1.0
    x, y, z = c.T
    b[:, 0, 3], b[:, 1, 3] = -y, x  # about z
    b[:, 1, 4], b[:, 2, 4] = -z, y  # about x
    b[:, 0, 5], b[:, 2, 5] = z, -x  # about y
    q, _ = np.linalg.qr(b.reshape(3 * m, 6))
    return q


def three_two_one_dofs(coords: np.ndarray) -> np.ndarray:
    """Six DOFs that hold a body statically determinately: all three at the corner node
    nearest the lower corner, y and z at the node nearest the far x corner, z at the node
    nearest the far y corner (a 3-2-1 support: removes the rigid motions, adds no stress)."""
    lo = coords.min(axis=0)
    a = int(np.argmin(np.linalg.norm(coords - lo, axis=1)))
    b = int(np.argmin(np.linalg.norm(coords - (lo + [np.ptp(coords[:, 0]), 0, 0]), axis=1)))
    c = int(np.argmin(np.linalg.norm(coords - (lo + [0, np.ptp(coords[:, 1]), 0]), axis=1)))
    return np.array([3 * a, 3 * a + 1, 3 * a + 2, 3 * b + 1, 3 * b + 2, 3 * c + 2])
