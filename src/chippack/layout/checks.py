"""Physical sanity of a layout: no interpenetrating solids, relations honoured, no floating parts."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from chippack.errors import LayoutError
from chippack.layout.boxes import TOL, footprint_overlap_area, overlap_matrix
from chippack.layout.contacts import Contact, contact_area
from chippack.layout.placement import PlacedPart, footprint_inside
from chippack.model import PackageSpec
from chippack.units import format_mm


def _mm2(area: float) -> str:
    return f"{area * 1e6:.4g} mm²"


def check_overlaps(spec: PackageSpec, parts: dict[str, PlacedPart]) -> None:
    """Solid parts may touch but not interpenetrate (fillers flow around solids)."""
    solid_ids = [pid for pid, p in parts.items() if not p.filler]
    for a, b in combinations(solid_ids, 2):
        pa, pb = parts[a], parts[b]
        if not overlap_matrix(pa.envelope[None], pb.envelope[None])[0, 0]:
            continue
        hit = overlap_matrix(pa.solids, pb.solids)
        if hit.any():
            i, j = np.argwhere(hit)[0]
            box = pb.solids[j]
            cx, cy = 0.5 * (box[0] + box[1]), 0.5 * (box[2] + box[3])
            hint = ""
            if {pa.kind, pb.kind} == {"ball_array", "heat_sink"}:
                hint = "; ring the balls around the sink (pattern: ring, keepout: <sink>)"
            elif "board" in (pa.kind, pb.kind):
                hint = "; cut the board out under it (board.cutout) or make it thinner"
            raise LayoutError(
                f"parts.{b}",
                f"overlaps parts.{a} ({pa.kind}, {format_mm(pa.footprint_size[0])} × "
                f"{format_mm(pa.footprint_size[1])}) near x = {format_mm(cx)}, y = {format_mm(cy)}, "
                f"z = {format_mm(box[4])}..{format_mm(box[5])}{hint}",
            )


def check_geometry(spec: PackageSpec, parts: dict[str, PlacedPart]) -> None:
    """Relations decided by geometry alone: overhang, ``around``, ``below``.

    Runs before the overlap check so that a ring too small for the die is reported
    as such, not as a bare overlap.
    """
    for pid, part in spec.parts.items():
        placed = parts[pid]
        for target in (part.on or []) + ([part.under] if part.under else []):
            if parts[target].kind in ("substrate", "board") and placed.kind not in (
                "board", "heat_sink"
            ) and not footprint_inside(placed.envelope, parts[target].envelope):
                sx, sy = placed.footprint_size
                tx, ty = parts[target].footprint_size
                raise LayoutError(
                    f"parts.{pid}",
                    f"footprint {format_mm(sx)} × {format_mm(sy)} overhangs the "
                    f"{format_mm(tx)} × {format_mm(ty)} {target}; make it smaller or centre it",
                )
        if part.around:
            inner = parts[part.around]
            overlap = footprint_overlap_area(placed.solids, inner.envelope[None])
            surrounds = footprint_inside(inner.envelope, placed.envelope) and not np.any(
                overlap > TOL * TOL)
            if not surrounds:
                field = "around"
                if part.kind == "stiffener":
                    field = "inner_size" if part.inner_size else "width"
                ex = inner.envelope
                raise LayoutError(
                    f"parts.{pid}.{field}",
                    f"the opening of {pid} does not clear the {format_mm(ex[1] - ex[0])} × "
                    f"{format_mm(ex[3] - ex[2])} {part.around} it must surround; "
                    "widen the opening or shrink the ring",
                )
        if part.below:
            other = parts[part.below]
            if footprint_overlap_area(placed.envelope[None], other.envelope[None])[0, 0] <= 0:
                raise LayoutError(
                    f"parts.{pid}.below",
                    f"footprint does not overlap {part.below}'s; centre it under {part.below}",
                )
            if placed.top > other.bottom + TOL:
                raise LayoutError(
                    f"parts.{pid}.below",
                    f"is not below {part.below} (its top {format_mm(placed.top)} is above "
                    f"{part.below}'s bottom {format_mm(other.bottom)})",
                )


def check_relations(spec: PackageSpec, parts: dict[str, PlacedPart],
                    contacts: list[Contact]) -> None:
    """Relations decided by contact: ``on`` touches its targets, ``integral_with`` joins."""
    for pid, part in spec.parts.items():
        placed = parts[pid]
        for target in part.on or []:
            if contact_area(contacts, pid, target) <= 0:
                raise LayoutError(
                    f"parts.{pid}.on",
                    f"does not touch {target}: their footprints do not overlap; move or "
                    f"resize {pid} so it rests on {target}",
                )
        if part.integral_with:
            other = parts[part.integral_with]
            if contact_area(contacts, pid, part.integral_with) <= 0:
                raise LayoutError(f"parts.{pid}.integral_with",
                                  f"must touch {part.integral_with} to be one body with it")
            if other.material != placed.material:
                raise LayoutError(
                    f"parts.{pid}.integral_with",
                    f"one body must be one material: {pid} is {placed.material}, "
                    f"{part.integral_with} is {other.material}",
                )


def check_interfaces(spec: PackageSpec, contacts: list[Contact]) -> None:
    """A contact resistance needs the two parts to touch."""
    for i, interface in enumerate(spec.interfaces):
        a, b = interface.between
        if contact_area(contacts, a, b) <= 0:
            raise LayoutError(f"interfaces[{i}].between",
                              f"{a} and {b} do not touch, so they have no interface; "
                              "name two parts that share a face")


def check_connected(spec: PackageSpec, parts: dict[str, PlacedPart],
                    contacts: list[Contact]) -> None:
    """Every part is joined to the rest through contacts (no floating parts)."""
    ids = list(parts)
    index = {pid: i for i, pid in enumerate(ids)}
    rows = [index[c.lower] for c in contacts]
    cols = [index[c.upper] for c in contacts]
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(ids)))
    n, labels = connected_components(graph, directed=False)
    if n > 1:
        main = np.bincount(labels).argmax()
        loose = [pid for pid in ids if labels[index[pid]] != main]
        raise LayoutError(
            f"parts.{loose[0]}",
            f"touches none of the other parts (it floats at z = "
            f"{format_mm(parts[loose[0]].bottom)}); place it on or under a part it is joined to",
        )
