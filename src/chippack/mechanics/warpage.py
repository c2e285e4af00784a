"""Warpage of a package face, as a shadow-moiré measurement reports it.

Faces: the *ball side* (lower surface of the substrate) and the *top* (the highest
solid surface of each x-y column inside the package outline). Per face:

* ``map``: out-of-plane displacement w(x, y) of the face's nodes, m;
* ``peak_to_valley``: max w − min w (rigid motion is already removed by the solver);
* ``coplanarity``: max − min of the deviation from the least-squares best-fit plane
  (what a JESD22-B108-style seating check sees, tilt removed);
* ``warpage``: the coplanarity with the JESD22-B112 / JEITA ED-7306 sign — positive
  = convex, negative = concave — fixed here as seen with the package **top up**: a face
  whose centre stands above its corners (a dome) is convex (+), a bowl is concave (−).

Limits (JEITA ED-7306, quoted in SMT007 Magazine, Aug. 2015): ±0.17 mm for 0.8 mm
ball pitch, 0.22 mm for 1.0 mm pitch and coarser; between them the stricter one; no
limit is claimed for finer pitches (the table rows were not confirmed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.errors import ChippackError
from chippack.mechanics.assembly import Elements

#: JEITA ED-7306 limit (m) by the smallest ball pitch it applies to (m)
JEITA_LIMITS = ((1.0e-3, 0.22e-3), (0.8e-3, 0.17e-3))


@dataclass(frozen=True)
class FaceWarpage:
    """Warpage of one face. ``x``, ``y`` node coordinates (m), ``w`` (nx, ny) with NaN off
    the face."""

    face: str
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    peak_to_valley: float
    coplanarity: float
    warpage: float

    @property
    def shape_word(self) -> str:
        return "convex" if self.warpage > 0 else "concave" if self.warpage < 0 else "flat"


def warpage_limit(pitch: float | None) -> float | None:
    """JEITA ED-7306 warpage limit (m) for a ball pitch (m), or None when not tabulated."""
    if pitch is None:
        return None
    for smallest, limit in JEITA_LIMITS:
        if pitch >= smallest - 1e-9:
            return limit
    return None


def _face_nodes(elements: Elements, face: str, substrate: str | None) -> np.ndarray:
    """(nx+1, ny+1) node number of the face in each node column, −1 where none."""
    mesh = elements.mesh
    nx, ny, nz = mesh.shape
    node_of = np.full((nx + 1) * (ny + 1) * (nz + 1), -1, dtype=np.int64)
    node_of[elements.grid_node] = np.arange(len(elements.grid_node))
    node_of = node_of.reshape(nx + 1, ny + 1, nz + 1)
    occupied = np.zeros((nx + 1, ny + 1, nz + 1), dtype=bool)
    if face == "ball_side":
        if substrate is None:
            raise ChippackError("warpage: the ball side is the substrate's lower face, and "
                                "this design has no substrate")
        p = mesh.part_ids.index(substrate)
        sel = elements.part == p
        k_face = int(elements.ijk[sel, 2].min())  # lower face of the substrate
        ijk = elements.ijk[sel & (elements.ijk[:, 2] == k_face)]
        for di in (0, 1):
            for dj in (0, 1):
                occupied[ijk[:, 0] + di, ijk[:, 1] + dj, k_face] = True
        out = np.where(occupied[:, :, k_face], node_of[:, :, k_face], -1)
        return out
    # top: highest node of a solid element in each node column
    for di in (0, 1):
        for dj in (0, 1):
            occupied[elements.ijk[:, 0] + di, elements.ijk[:, 1] + dj,
                     elements.ijk[:, 2] + 1] = True
    has = occupied.any(axis=2)
    k_top = nz - np.argmax(occupied[:, :, ::-1], axis=2)
    out = np.take_along_axis(node_of, k_top[:, :, None], axis=2)[:, :, 0]
    return np.where(has, out, -1)


def face_warpage(elements: Elements, displacement: np.ndarray, face: str,
                 substrate: str | None, outline: np.ndarray | None = None) -> FaceWarpage:
    """Warpage of ``face`` ("ball_side" or "top") from nodal displacements (m, 3).

    ``outline``: (4,) x0, x1, y0, y1 of the package; the top face is taken inside it (a
    board under the package is not part of its top).
    """
    g = elements.mesh.grid
    nodes = _face_nodes(elements, face, substrate)
    if outline is not None:
        inside = ((g.x[:, None] >= outline[0] - 1e-9) & (g.x[:, None] <= outline[1] + 1e-9)
                  & (g.y[None, :] >= outline[2] - 1e-9) & (g.y[None, :] <= outline[3] + 1e-9))
        nodes = np.where(inside, nodes, -1)
    on = nodes >= 0
    if on.sum() < 3:
        raise ChippackError(f"warpage: the {face} face has fewer than 3 nodes")
    xs, ys = np.meshgrid(g.x, g.y, indexing="ij")
    w = np.full(nodes.shape, np.nan)
    # the face's own surface heights are not flat for the top (steps): w is displacement
    w[on] = displacement[nodes[on], 2]
    x, y, wv = xs[on], ys[on], w[on]
    design = np.column_stack([np.ones_like(x), x, y])
    coef, *_ = np.linalg.lstsq(design, wv, rcond=None)
    dev = wv - design @ coef
    cop = float(dev.max() - dev.min())
    # sign: centre above the corners (dome) = convex = +
    cx, cy = 0.5 * (x.min() + x.max()), 0.5 * (y.min() + y.max())
    r = np.hypot(x - cx, y - cy)
    centre = dev[r <= np.quantile(r, 0.05)].mean()
    rim = dev[r >= np.quantile(r, 0.95)].mean()
    sign = 1.0 if centre > rim else -1.0
    return FaceWarpage(face, g.x, g.y, w, float(wv.max() - wv.min()), cop, sign * cop)
