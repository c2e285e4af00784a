"""The contact graph: which parts touch, on which face, over what area."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from chippack.layout.boxes import TOL, face_contact_area, interval_overlap
from chippack.layout.placement import PlacedPart


@dataclass(frozen=True)
class Contact:
    """Two parts touching.

    ``axis == "z"``: ``lower``'s upper face lies on ``upper``'s lower face over
    ``area`` m². ``axis`` "x"/"y": side-by-side contact (parts sorted by id).
    """

    lower: str
    upper: str
    axis: str
    area: float

    def involves(self, pid: str) -> bool:
        return pid in (self.lower, self.upper)

    def other(self, pid: str) -> str:
        return self.upper if pid == self.lower else self.lower


def contact_area(contacts: list[Contact], a: str, b: str) -> float:
    """Total touching area between parts ``a`` and ``b`` (any face), m²."""
    return sum(c.area for c in contacts if {c.lower, c.upper} == {a, b})


def _stacked_area(lower: np.ndarray, upper: np.ndarray) -> float:
    """Area where an upper face of ``lower`` boxes meets a lower face of ``upper`` boxes."""
    ox = interval_overlap(lower[:, None, 0], lower[:, None, 1], upper[None, :, 0], upper[None, :, 1])
    oy = interval_overlap(lower[:, None, 2], lower[:, None, 3], upper[None, :, 2], upper[None, :, 3])
    touching = np.abs(lower[:, None, 5] - upper[None, :, 4]) < TOL
    return float(np.sum(ox * oy * touching))


def _near(a: np.ndarray, b: np.ndarray) -> bool:
    """Envelopes touch or overlap (cheap pre-filter)."""
    return all(a[2 * i] <= b[2 * i + 1] + TOL and b[2 * i] <= a[2 * i + 1] + TOL for i in range(3))


def contact_graph(parts: dict[str, PlacedPart]) -> list[Contact]:
    """All contacts between parts with positive area (vertical and lateral)."""
    contacts: list[Contact] = []
    for a, b in combinations(parts, 2):
        pa, pb = parts[a], parts[b]
        if not _near(pa.envelope, pb.envelope):
            continue
        up = _stacked_area(pa.solids, pb.solids)
        if up > 0:
            contacts.append(Contact(a, b, "z", up))
        down = _stacked_area(pb.solids, pa.solids)
        if down > 0:
            contacts.append(Contact(b, a, "z", down))
        for axis, name in ((0, "x"), (1, "y")):
            area = face_contact_area(pa.solids, pb.solids, axis)
            if area > 0:
                lo, hi = sorted((a, b))
                contacts.append(Contact(lo, hi, name, area))
    return contacts
