"""Resolve the seeds' placement relations into boxes.

A part's footprint size comes from its own fields (or from the part it is laid
on), its centre from ``centered`` (default: the first part it is placed against),
its height range from ``on`` / ``under`` / ``between``. Parts are placed in
dependency order; a cycle of relations is reported with the parts in it. The
first part without a vertical relation is the root, at z = 0; afterwards the
whole stack is shifted so that its lowest face is at z = 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from chippack.errors import LayoutError
from chippack.layout.boxes import (
    TOL,
    centred_rect,
    envelope,
    footprint_overlap_area,
    grid_prisms,
    ring_boxes,
    subtract_footprints,
)
from chippack.model import FILLER_KINDS, PackageSpec
from chippack.model.parts import JOINT_KINDS, HeatSink, TerminalArray
from chippack.units import format_mm


@dataclass(frozen=True)
class PlacedPart:
    """A part resolved into boxes.

    ``solids``: (n, 6) boxes the part occupies (a filler's is its nominal box, which
    the solids inside it take precedence over). ``features`` names sub-sets of the
    solids (``plate``, ``fins``, ``legs``, ``ring``). ``centres``: joint centres of
    arrays. ``active_face_z``: height of a die's active surface.
    """

    id: str
    kind: str
    material: str
    filler: bool
    solids: np.ndarray
    features: dict[str, np.ndarray] = field(default_factory=dict)
    centres: np.ndarray | None = None
    active_face_z: float | None = None

    @property
    def envelope(self) -> np.ndarray:
        return envelope(self.solids)

    @property
    def bottom(self) -> float:
        return float(self.solids[:, 4].min())

    @property
    def top(self) -> float:
        return float(self.solids[:, 5].max())

    @property
    def centre(self) -> tuple[float, float]:
        e = self.envelope
        return (0.5 * (e[0] + e[1]), 0.5 * (e[2] + e[3]))

    @property
    def footprint_size(self) -> tuple[float, float]:
        e = self.envelope
        return (e[1] - e[0], e[3] - e[2])

    @property
    def footprint_area(self) -> float:
        """Area of the part's envelope footprint, m² (arrays: the field they span)."""
        sx, sy = self.footprint_size
        return sx * sy

    @property
    def solid_footprint_area(self) -> float:
        """Summed x-y area of the solid boxes at their widest, m² (joints: total pad area)."""
        s = self.solids
        return float(np.sum((s[:, 1] - s[:, 0]) * (s[:, 3] - s[:, 2])))

    def shifted(self, dz: float) -> PlacedPart:
        solids = self.solids.copy()
        solids[:, 4:6] += dz
        feats = {}
        for k, v in self.features.items():
            v = v.copy()
            v[:, 4:6] += dz
            feats[k] = v
        face = None if self.active_face_z is None else self.active_face_z + dz
        return PlacedPart(self.id, self.kind, self.material, self.filler, solids, feats,
                          self.centres, face)


def pattern_offsets(array: TerminalArray) -> np.ndarray:
    """(n, 2) joint centres of a full or perimeter grid relative to its centre, m."""
    nx, ny = array.count
    ix = (np.arange(nx) - (nx - 1) / 2) * array.pitch
    iy = (np.arange(ny) - (ny - 1) / 2) * array.pitch
    gx, gy = np.meshgrid(ix, iy, indexing="ij")
    keep = np.ones((nx, ny), dtype=bool)
    if array.pattern == "perimeter":
        r = array.rows or 0
        i, j = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
        keep = (i < r) | (i >= nx - r) | (j < r) | (j >= ny - r)
    return np.column_stack([gx[keep], gy[keep]])


class _Resolver:
    def __init__(self, spec: PackageSpec):
        self.spec = spec
        self.placed: dict[str, PlacedPart] = {}
        self.visiting: list[str] = []

    # -- dependency walk -------------------------------------------------
    def dependencies(self, pid: str) -> list[str]:
        part = self.spec.parts[pid]
        deps = list(part.vertical_targets)
        ref = part.centre_reference
        if ref:
            deps.append(ref)
        if part.below and not part.centered:
            deps.append(part.below)
        for name in ("keepout",):
            if getattr(part, name, None):
                deps.append(getattr(part, name))
        if part.kind == "encapsulant" and part.cover is not None:
            deps.extend(part.encapsulates)
        if part.kind == "board":
            deps.extend(part.cutout)
        if part.kind == "heat_sink" and part.legs and part.legs.height == "auto":
            # the legs close the stack under the plate: place everything that can lie there
            deps.extend(q for q in self.spec.parts
                        if q != pid and self.spec.parts[q].kind not in FILLER_KINDS
                        and pid not in self._spec_dependencies_closure(q))
        return deps

    def _spec_dependencies_closure(self, pid: str) -> set[str]:
        """Every part that ``pid`` depends on through the spec's own relations."""
        seen: set[str] = set()
        todo = [pid]
        while todo:
            part = self.spec.parts[todo.pop()]
            direct = list(part.vertical_targets) + [r for r in (
                part.centre_reference, part.below, getattr(part, "keepout", None)) if r]
            if part.kind == "encapsulant" and part.cover is not None:
                direct.extend(part.encapsulates)
            if part.kind == "board":
                direct.extend(part.cutout)
            for d in direct:
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        return seen

    def place(self, pid: str) -> PlacedPart:
        if pid in self.placed:
            return self.placed[pid]
        if pid in self.visiting:
            loop = self.visiting[self.visiting.index(pid):] + [pid]
            raise LayoutError(
                f"parts.{pid}",
                f"placement relations form a cycle {' -> '.join(loop)}; "
                "one of these parts must be placed on something else",
            )
        self.visiting.append(pid)
        for dep in self.dependencies(pid):
            self.place(dep)
        self.placed[pid] = self.build(pid)
        self.visiting.pop()
        return self.placed[pid]

    # -- geometry of one part ---------------------------------------------
    def centre(self, pid: str) -> tuple[float, float]:
        part = self.spec.parts[pid]
        ref = part.centered or part.around or (part.below if part.below else None)
        ref = ref or part.centre_reference
        if part.kind == "encapsulant" and part.over == "chip_mounting_area":
            ref = part.vertical_targets[0]
        base = self.placed[ref].centre if ref else (0.0, 0.0)
        return (base[0] + part.offset[0], base[1] + part.offset[1])

    def base_height(self, pid: str) -> tuple[float, float | None]:
        """(z of the lower face, z of the upper face or None if set by thickness)."""
        part = self.spec.parts[pid]
        if part.on:
            tops = {t: self.placed[t].top for t in part.on}
            z = max(tops.values())
            uneven = {t: v for t, v in tops.items() if abs(v - z) > TOL}
            if uneven:
                listing = ", ".join(f"{t} top at {format_mm(v)}" for t, v in tops.items())
                raise LayoutError(
                    f"parts.{pid}.on",
                    f"cannot rest on all of {', '.join(part.on)}: their tops are not level "
                    f"({listing}); make them level (adjust a thickness or add a TIM layer)",
                )
            return z, None
        if part.under:
            return np.nan, self.placed[part.under].bottom
        if part.between:
            lower, upper = part.between
            z0, z1 = self.placed[lower].top, self.placed[upper].bottom
            if z1 - z0 <= TOL:
                raise LayoutError(
                    f"parts.{pid}.between",
                    f"no gap between {lower} (top at {format_mm(z0)}) and {upper} "
                    f"(bottom at {format_mm(z1)}) to fill",
                )
            return z0, z1
        return 0.0, None

    def build(self, pid: str) -> PlacedPart:
        part = self.spec.parts[pid]
        kind = part.kind
        material = part.material
        if kind == "board" and material is None:
            # a layered board without a homogenised material: its first layer stands in
            # for it where one material is asked for (mechanics, drawings)
            material = f"jedec_{part.jedec}" if part.jedec else part.stack.layers[0].material
        cx, cy = self.centre(pid)
        z0, z1 = self.base_height(pid)
        features: dict[str, np.ndarray] = {}
        centres = None
        active = None

        def span(height: float) -> tuple[float, float]:
            if np.isnan(z0):
                return z1 - height, z1
            return z0, z0 + height

        if kind in ("substrate", "die", "board"):
            a, b = span(part.thickness)
            solids = centred_rect(cx, cy, *part.size, a, b)
            if kind == "die":
                active = a if part.orientation == "flip" else b
            if kind == "board" and part.cutout:
                holes = [self.placed[c].envelope + np.array(
                    [-part.cutout_clearance, part.cutout_clearance,
                     -part.cutout_clearance, part.cutout_clearance, 0, 0]) for c in part.cutout]
                solids = subtract_footprints(solids[0], holes)
                if len(solids) == 0:
                    raise LayoutError(f"parts.{pid}.cutout",
                                      "the cut-outs remove the whole board; make it larger")
        elif kind == "tim":
            base = self.placed[part.vertical_targets[0]]
            if part.size is None and base.kind == "stiffener" and not part.offset[0] and (
                    not part.offset[1]):
                # a bond line on a ring follows the ring (a lid-to-stiffener adhesive)
                solids = base.solids.copy()
                solids[:, 4], solids[:, 5] = span(part.thickness)
            else:
                size = part.size or base.footprint_size
                solids = centred_rect(cx, cy, *size, *span(part.thickness))
        elif kind == "stiffener":
            size = part.outer_size or self.placed[part.vertical_targets[0]].footprint_size
            inner = part.inner_size or (size[0] - 2 * part.width, size[1] - 2 * part.width)
            if min(inner) <= 0:
                raise LayoutError(
                    f"parts.{pid}.width",
                    f"ring width {format_mm(part.width)} closes the {format_mm(size[0])} ring; "
                    "make it narrower",
                )
            if inner[0] >= size[0] or inner[1] >= size[1]:
                raise LayoutError(
                    f"parts.{pid}.inner_size",
                    f"opening {format_mm(inner[0])} × {format_mm(inner[1])} is not smaller than "
                    f"the outer size {format_mm(size[0])} × {format_mm(size[1])}",
                )
            outer = centred_rect(cx, cy, *size, *span(part.thickness))[0]
            solids = ring_boxes(outer, inner, (cx, cy))
            features["ring"] = solids
        elif kind in JOINT_KINDS:
            a, b = span(part.height)
            centres = pattern_offsets(part) + np.array([cx, cy])
            if part.pattern == "ring":
                if part.keepout:
                    keep_env = self.placed[part.keepout].envelope
                else:
                    kx, ky = part.keepout_size
                    keep_env = np.array([cx - kx / 2, cx + kx / 2, cy - ky / 2, cy + ky / 2])
                half = part.prism_side / 2 + part.clearance
                inside = ((centres[:, 0] + half > keep_env[0]) & (centres[:, 0] - half < keep_env[1])
                          & (centres[:, 1] + half > keep_env[2])
                          & (centres[:, 1] - half < keep_env[3]))
                centres = centres[~inside]
                if len(centres) == 0:
                    raise LayoutError(
                        f"parts.{pid}.keepout",
                        f"the keep-out around {part.keepout or 'the centre'} removes every joint; "
                        "enlarge the array or reduce the clearance",
                    )
            solids = grid_prisms(centres, part.prism_side, a, b)
        elif kind == "ubm_pads":
            aligned = self.spec.parts[part.aligned_with]
            if aligned.kind not in JOINT_KINDS:
                raise LayoutError(
                    f"parts.{pid}.aligned_with",
                    f"{part.aligned_with} is a {aligned.kind}; UBM pads align with a bump array",
                )
            if aligned.pattern == "ring":
                raise LayoutError(
                    f"parts.{pid}.aligned_with",
                    "UBM pads can follow a full or perimeter pattern, not a ring",
                )
            centres = pattern_offsets(aligned) + np.array([cx, cy])
            d = part.diameter or aligned.diameter
            solids = grid_prisms(centres, d * np.sqrt(np.pi) / 2, *span(part.thickness))
        elif kind == "heat_sink":
            solids, features = self.heat_sink_boxes(pid, part, cx, cy, z0, z1)
        elif kind == "underfill":
            upper = self.placed[part.between[1]] if part.between else None
            if upper is None:
                raise LayoutError(f"parts.{pid}.between",
                                  "underfill needs 'between: [lower part, upper part]'")
            sx, sy = upper.footprint_size
            solids = centred_rect(cx, cy, sx + 2 * part.fillet, sy + 2 * part.fillet, z0, z1)
        elif kind == "encapsulant":
            target = part.vertical_targets[0] if part.vertical_targets else None
            if part.size:
                size = part.size
            elif part.over == "chip_mounting_area":
                sub = self.spec.parts[target]
                if getattr(sub, "chip_mounting_area", None) is None:
                    raise LayoutError(
                        f"parts.{pid}.over",
                        f"{target} has no chip_mounting_area; define it or give 'size'",
                    )
                size = sub.chip_mounting_area
            else:
                size = self.placed[target].footprint_size
            if part.cover is not None:
                tallest = max(self.placed[e].top for e in part.encapsulates)
                top = tallest + part.cover
                if top - z0 <= TOL:
                    raise LayoutError(f"parts.{pid}.cover", "encapsulant would have no height")
                solids = centred_rect(cx, cy, *size, z0, top)
            else:
                solids = centred_rect(cx, cy, *size, *span(part.thickness))
        else:  # pragma: no cover - every kind is handled above
            raise LayoutError(f"parts.{pid}.kind", f"no layout rule for {kind!r}")
        return PlacedPart(pid, kind, material, kind in FILLER_KINDS, solids, features,
                          centres, active)

    def heat_sink_boxes(self, pid: str, part: HeatSink, cx: float, cy: float,
                        z0: float, z1: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Plate, optional standoff legs (ring under the plate) and fins away from the package."""
        downward = np.isnan(z0)  # placed under something: fins hang below
        features: dict[str, np.ndarray] = {}
        if downward:
            if part.legs:
                raise LayoutError(f"parts.{pid}.legs",
                                  "legs are for a sink placed 'on' a part, not 'under' one")
            plate = centred_rect(cx, cy, *part.size, z1 - part.thickness, z1)
        else:
            base = z0
            if part.legs:
                inner = (part.size[0] - 2 * part.legs.width, part.size[1] - 2 * part.legs.width)
                if min(inner) <= 0:
                    raise LayoutError(f"parts.{pid}.legs.width",
                                      "legs as wide as half the plate leave no room inside")
                height = part.legs.height
                if height == "auto":
                    height = self.auto_leg_height(pid, centred_rect(cx, cy, *inner, 0, 0)[0], z0)
                legs_outer = centred_rect(cx, cy, *part.size, base, base + height)[0]
                features["legs"] = ring_boxes(legs_outer, inner, (cx, cy))
                base += height
            plate = centred_rect(cx, cy, *part.size, base, base + part.thickness)
        features["plate"] = plate
        if part.fins:
            f = part.fins
            sx, sy = part.size
            across = sx if f.axis == "y" else sy
            if f.count * f.thickness > across + TOL:
                raise LayoutError(
                    f"parts.{pid}.fins.count",
                    f"{f.count} fins of {format_mm(f.thickness)} do not fit across "
                    f"{format_mm(across)}; use fewer or thinner fins",
                )
            pitch = (across - f.thickness) / (f.count - 1) if f.count > 1 else 0.0
            pos = -across / 2 + f.thickness / 2 + pitch * np.arange(f.count)
            if f.count == 1:
                pos = np.array([0.0])
            p = plate[0]
            fz0, fz1 = (p[4] - f.height, p[4]) if downward else (p[5], p[5] + f.height)
            fins = []
            for s in pos:
                if f.axis == "y":
                    fins.append([cx + s - f.thickness / 2, cx + s + f.thickness / 2, p[2], p[3], fz0, fz1])
                else:
                    fins.append([p[0], p[1], cy + s - f.thickness / 2, cy + s + f.thickness / 2, fz0, fz1])
            features["fins"] = np.array(fins)
        solids = np.vstack([features[k] for k in ("legs", "plate", "fins") if k in features])
        return solids, features


    def auto_leg_height(self, pid: str, opening: np.ndarray, z0: float) -> float:
        """Leg height that brings the plate down onto the tallest solid inside the legs."""
        tops = []
        for q, placed in self.placed.items():
            if q == pid or placed.filler:
                continue
            inside = footprint_overlap_area(placed.solids, opening[None])[:, 0] > TOL * TOL
            above = placed.solids[:, 5] > z0 + TOL
            if np.any(inside & above):
                tops.append((float(placed.solids[inside & above, 5].max()), q))
        if not tops:
            raise LayoutError(f"parts.{pid}.legs.height",
                              "'auto' closes the stack under the plate, but no part lies inside "
                              "the legs; give the height in mm")
        return max(tops)[0] - z0


def resolve_placement(spec: PackageSpec) -> dict[str, PlacedPart]:
    """Place every part; the lowest face of the stack ends at z = 0."""
    roots = [pid for pid, p in spec.parts.items() if not p.vertical_targets]
    if not roots:
        _raise_vertical_cycle(spec)
        first = next(iter(spec.parts))
        raise LayoutError(f"parts.{first}",
                          "every part is placed relative to another; one part (usually the "
                          "substrate) must have no on/under/between to anchor the stack")
    for extra in roots[1:]:
        raise LayoutError(
            f"parts.{extra}",
            f"is not placed relative to any other part (only the first free part, "
            f"{roots[0]!r}, anchors the stack); give it on / under / between",
        )
    resolver = _Resolver(spec)
    for pid in spec.parts:
        resolver.place(pid)
    zmin = min(p.bottom for p in resolver.placed.values())
    return {pid: resolver.placed[pid].shifted(-zmin) for pid in spec.parts}


def _raise_vertical_cycle(spec: PackageSpec) -> None:
    """Find a cycle in the on/under/between relations and report it."""
    for start in spec.parts:
        path = [start]
        current = start
        while True:
            targets = spec.parts[current].vertical_targets
            if not targets:
                break
            current = targets[0]
            if current in path:
                loop = path[path.index(current):] + [current]
                raise LayoutError(
                    f"parts.{loop[0]}",
                    f"placement relations form a cycle {' -> '.join(loop)}; "
                    "one part (usually the substrate) must anchor the stack",
                )
            path.append(current)


def footprint_inside(inner: np.ndarray, outer: np.ndarray, tol: float = TOL) -> bool:
    """True when the x-y footprint of box ``inner`` (6,) lies inside that of ``outer`` (6,)."""
    return bool(inner[0] >= outer[0] - tol and inner[1] <= outer[1] + tol
                and inner[2] >= outer[2] - tol and inner[3] <= outer[3] + tol)


def footprint_overlap(a: PlacedPart, b: PlacedPart) -> float:
    """x-y overlap area of two parts' envelopes, m²."""
    return float(footprint_overlap_area(a.envelope[None], b.envelope[None])[0, 0])
