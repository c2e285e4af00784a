"""Layout: the spec's relations resolved into boxes, checked, with a contact graph.

``lay_out(spec)`` is the one entry point; its :class:`Layout` is what meshing,
claims and drawing read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.layout.boxes import envelope
from chippack.layout.checks import (
    check_connected,
    check_geometry,
    check_interfaces,
    check_overlaps,
    check_relations,
)
from chippack.layout.contacts import Contact, contact_area, contact_graph
from chippack.layout.gaps import check_gaps, check_leg_heights
from chippack.layout.placement import PlacedPart, resolve_placement
from chippack.materials import Material
from chippack.model import PackageSpec


@dataclass(frozen=True)
class Layout:
    """Placed parts, their contacts and the materials they are made of."""

    spec: PackageSpec
    parts: dict[str, PlacedPart]
    contacts: list[Contact]
    materials: dict[str, Material]

    @property
    def bounds(self) -> np.ndarray:
        """(6,) bounding box of all parts, m."""
        return envelope(np.vstack([p.solids for p in self.parts.values()]))

    def material_of(self, pid: str) -> Material:
        return self.materials[self.parts[pid].material]

    def contacts_of(self, pid: str) -> list[Contact]:
        return [c for c in self.contacts if c.involves(pid)]

    def contact_area(self, a: str, b: str) -> float:
        """Total touching area between parts a and b (any face), m²."""
        return contact_area(self.contacts, a, b)

    def rests_on(self, upper: str, lower: str) -> float:
        """Area where ``upper``'s lower face lies on ``lower``'s upper face, m²."""
        return sum(c.area for c in self.contacts
                   if c.axis == "z" and c.lower == lower and c.upper == upper)

    def neighbours(self, pid: str) -> set[str]:
        return {c.other(pid) for c in self.contacts_of(pid)}

    def of_kind(self, *kinds: str) -> dict[str, PlacedPart]:
        return {pid: p for pid, p in self.parts.items() if p.kind in kinds}


def lay_out(spec: PackageSpec) -> Layout:
    """Resolve relations, reject overlaps and broken relations, build the contact graph."""
    parts = resolve_placement(spec)
    check_geometry(spec, parts)
    check_leg_heights(spec, parts)
    check_overlaps(spec, parts)
    check_gaps(spec, parts)
    contacts = contact_graph(parts)
    check_relations(spec, parts, contacts)
    check_interfaces(spec, contacts)
    check_connected(spec, parts, contacts)
    return Layout(spec, parts, contacts, spec.material_table())


__all__ = ["Contact", "Layout", "PlacedPart", "lay_out"]
