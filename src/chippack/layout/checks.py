"""Physical sanity of a layout: no interpenetrating solids, relations honoured, no floating parts."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from chippack.errors import LayoutError
from chippack.inputs.limits import current
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


JOINT_KINDS = ("bump_array", "ball_array")
#: Parts that must sit wholly on what carries them (a heat sink may overhang a die).
SEATED_KINDS = ("die", "tim", "ubm_pads", "stiffener", "substrate", *JOINT_KINDS)


def _size(part: PlacedPart) -> str:
    sx, sy = part.footprint_size
    return f"{format_mm(sx)} × {format_mm(sy)}"


def _carrier(spec: PackageSpec, parts: dict[str, PlacedPart], array: str) -> str | None:
    """The one substrate, board or die a joint array stands on (or hangs under), if any."""
    part = spec.parts[array]
    targets = [t for t in (part.on or []) + ([part.under] if part.under else [])
               if not parts[t].filler]
    if len(targets) == 1 and parts[targets[0]].kind in ("substrate", "board", "die"):
        return targets[0]
    return None


def check_supports(spec: PackageSpec, parts: dict[str, PlacedPart]) -> None:
    """Every part can be built on what carries it.

    * a part on (or under) a joint array covers the whole joint field: bumps wider
      than their die, or balls wider than their board, would hang in the air;
    * dies, TIMs, pads, rings, joint arrays and substrates lie inside the footprint
      of the part they sit on (or hang under); heat sinks may overhang a die (a
      spreader) but not a substrate or board, and a lid resting on several parts
      lies inside the outline they span;
    * a board is at least as large as every substrate above it.
    """
    for pid, part in spec.parts.items():
        placed = parts[pid]
        if placed.filler:
            _check_fillet(spec, parts, pid)
            _check_mold_footprint(spec, parts, pid)
            continue
        relation = "on" if part.on else "under"
        targets = [t for t in (part.on or []) + ([part.under] if part.under else [])
                   if not parts[t].filler]
        for target in targets:
            carrier = parts[target]
            field = f"parts.{pid}.{relation}"
            if carrier.kind in JOINT_KINDS and placed.kind not in JOINT_KINDS:
                # several parts may share one array: together they cover its field
                sharing = [parts[o].envelope for o, other in spec.parts.items()
                           if target in (other.on or []) + [other.under]
                           and not parts[o].filler and parts[o].kind not in JOINT_KINDS]
                cover = np.array([min(e[0] for e in sharing), max(e[1] for e in sharing),
                                  min(e[2] for e in sharing), max(e[3] for e in sharing), 0, 0])
                if not footprint_inside(carrier.envelope, cover):
                    raise LayoutError(
                        field, f"the joint field of {target} ({_size(carrier)}) is wider than "
                        f"the {_size(placed)} {pid} {'on' if relation == 'on' else 'under'} it; "
                        f"fewer joints or a smaller pitch for {target}, or a larger {pid}")
                base = _carrier(spec, parts, target)
                if (base is not None and placed.kind in SEATED_KINDS
                        and not footprint_inside(placed.envelope, parts[base].envelope)):
                    raise LayoutError(
                        f"parts.{pid}", f"footprint {_size(placed)} overhangs the "
                        f"{_size(parts[base])} {base} that carries it (through {target}); "
                        f"make {pid} smaller or {base} larger")
                continue
            # joints off their UBM pads are a claim question (alignment), not unbuildable
            seated = carrier.kind != "ubm_pads" and placed.kind in SEATED_KINDS or (
                placed.kind in ("heat_sink", "board") and carrier.kind in ("substrate", "board"))
            if seated and len(targets) == 1 and not footprint_inside(placed.envelope,
                                                                     carrier.envelope):
                where = "overhangs"
                raise LayoutError(
                    f"parts.{pid}", f"footprint {_size(placed)} {where} the {_size(carrier)} "
                    f"{target} it sits {relation}; make {pid} smaller, {target} larger, "
                    "or centre it")
        if placed.kind == "heat_sink" and len(targets) > 1:
            span = np.array([min(parts[t].envelope[0] for t in targets),
                             max(parts[t].envelope[1] for t in targets),
                             min(parts[t].envelope[2] for t in targets),
                             max(parts[t].envelope[3] for t in targets)])
            if not footprint_inside(placed.envelope, np.r_[span, 0.0, 0.0]):
                raise LayoutError(
                    f"parts.{pid}.size", f"the {_size(placed)} {pid} reaches beyond the "
                    f"{format_mm(span[1] - span[0])} × {format_mm(span[3] - span[2])} outline "
                    f"of {' and '.join(targets)} it rests on; make it at most that size")
    for bid, board in parts.items():
        if board.kind != "board":
            continue
        for sid, substrate in parts.items():
            if substrate.kind == "substrate" and not footprint_inside(substrate.envelope,
                                                                      board.envelope):
                raise LayoutError(
                    f"parts.{bid}.size", f"the {_size(board)} board {bid} is smaller than the "
                    f"{_size(substrate)} {sid} it carries; make the board larger")


def _check_fillet(spec: PackageSpec, parts: dict[str, PlacedPart], pid: str) -> None:
    """An underfill's fillet rests on the part under the gap: a 100 mm fillet would paint
    underfill into the air around the package (fillers are exempt from the overlap test)."""
    part = spec.parts[pid]
    fillet = getattr(part, "fillet", 0.0) or 0.0
    lower = parts.get(part.between[0]) if part.between else None
    if fillet <= 0 or lower is None or lower.filler:
        return
    placed = parts[pid]
    if not footprint_inside(placed.envelope, lower.envelope):
        raise LayoutError(
            f"parts.{pid}.fillet", f"a {format_mm(fillet)} fillet makes {pid} {_size(placed)}, "
            f"which overhangs the {_size(lower)} {part.between[0]} it rests on; give a "
            "smaller fillet (typically 0.2-1 mm)")


def _check_mold_footprint(spec: PackageSpec, parts: dict[str, PlacedPart], pid: str) -> None:
    """An encapsulant is molded on its substrate: its footprint (its size, or the
    chip-mounting area it is molded over) lies on it, not in the air beside it."""
    part = spec.parts[pid]
    if part.kind != "encapsulant" or not part.on or len(part.on) != 1:
        return
    carrier = parts.get(part.on[0])
    placed = parts[pid]
    if carrier is None or carrier.filler or footprint_inside(placed.envelope, carrier.envelope):
        return
    source = ("size" if part.size else "over" if part.over == "chip_mounting_area"
              else "on")
    what = (f"{part.on[0]}'s chip_mounting_area" if source == "over" else pid)
    raise LayoutError(
        f"parts.{pid}.{source}", f"footprint {_size(placed)} ({what}) overhangs the "
        f"{_size(carrier)} {part.on[0]} it is molded on; make it at most that size")


def check_box_budget(parts: dict[str, PlacedPart]) -> None:
    """Refuse before the pairwise checks when two touching parts have too many boxes.

    Overlap and contact checks compare every box of a part with every box of each
    part near it; two 10 000-joint arrays landing on each other would need 10⁸ pairs.
    """
    limit = current().box_pairs
    ids = list(parts)
    env = np.array([parts[p].envelope for p in ids])
    near = np.ones((len(ids), len(ids)), dtype=bool)
    for axis in range(3):  # boxes of the envelopes overlap or touch on every axis
        lo, hi = env[:, 2 * axis], env[:, 2 * axis + 1]
        near &= np.maximum(lo[:, None], lo[None, :]) - np.minimum(hi[:, None], hi[None, :]) < 1e-6
    for i, j in zip(*np.nonzero(np.triu(near, 1)), strict=True):
        a, b = parts[ids[i]], parts[ids[j]]
        pairs = len(a.solids) * len(b.solids)
        if pairs > limit:
            raise LayoutError(
                f"parts.{b.id}", f"{a.id} ({len(a.solids):,} boxes) and {b.id} "
                f"({len(b.solids):,} boxes) touch, which needs {pairs:.3g} box-pair checks, "
                f"more than the limit of {limit:.3g}; use fewer joints or coarser arrays")


def check_geometry(spec: PackageSpec, parts: dict[str, PlacedPart]) -> None:
    """Relations decided by geometry alone: supports and overhang, ``around``, ``below``.

    Runs before the overlap check so that a ring too small for the die is reported
    as such, not as a bare overlap.
    """
    check_box_budget(parts)
    check_supports(spec, parts)
    for pid, part in spec.parts.items():
        placed = parts[pid]
        if part.around:
            inner = parts[part.around]
            if placed.top <= inner.bottom + TOL or placed.bottom >= inner.top - TOL:
                side = "above" if placed.bottom >= inner.top - TOL else "below"
                raise LayoutError(
                    f"parts.{pid}.around",
                    f"{pid} ({format_mm(placed.bottom)}..{format_mm(placed.top)}) lies wholly "
                    f"{side} {part.around} ({format_mm(inner.bottom)}..{format_mm(inner.top)}), "
                    f"so it cannot ring it; name the part at its own height")
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
        formed_on = getattr(part, "formed_on", None)
        if formed_on and not _joined(spec, contacts, pid, formed_on):
            raise LayoutError(
                f"parts.{pid}.formed_on",
                f"names {formed_on}, which {pid} does not join (its joints touch "
                f"{', '.join(_z_neighbours(contacts, pid)) or 'nothing'} above and below); "
                f"name the part the joints were formed on, one of the two they join")
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


def _z_neighbours(contacts: list[Contact], pid: str) -> list[str]:
    """Parts on whose face ``pid`` rests or that rest on it."""
    return sorted({c.other(pid) for c in contacts if c.axis == "z" and c.involves(pid)})


def _joined(spec: PackageSpec, contacts: list[Contact], array: str, target: str) -> bool:
    """A joint array joins ``target``: they share a face, or the array lands on UBM pads
    of ``target`` (pads are a metal film of the part they are formed on)."""
    for other in _z_neighbours(contacts, array):
        if other == target:
            return True
        if (spec.parts[other].kind == "ubm_pads"
                and target in _z_neighbours(contacts, other)):
            return True
    return False


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
