"""No silent gaps: a heat path the design declares must close.

Declared paths (the parts whose purpose is to carry heat across a face):

* a TIM's upper face touches the part above it (TIM on a die under a lid);
* a joint array's upper face touches the part above it (a sink on bumps);
* a sink on standoff legs over such a part (a lid on legs over the TIM) must come down
  onto it: the first two rules, with the fix naming the leg height that closes it.

A bare die under a sink with a gap declares no contact (seed 002's drop-in sink is
bonded by the second mold, and a design without that mold is a claims question, not
a layout error).

A gap wider than :data:`GAP_TOLERANCE` is an error naming both faces, the gap and the
fix, even where mold or underfill surrounds it: a TIM or a joint is meant to touch, and
a bond line thinner than a filler's particles is no designed path. Legs too short for the stack under
the plate are reported with the height that fits (before the generic overlap check,
whose message cannot say it). ``legs: {height: auto}`` computes that height.
"""

from __future__ import annotations

import numpy as np

from chippack.errors import LayoutError
from chippack.layout.boxes import TOL, envelope, footprint_overlap_area
from chippack.layout.placement import PlacedPart
from chippack.model import PackageSpec
from chippack.units import format_mm

#: Widest gap (m) a declared contact may leave open: 1 µm, far below any bond line.
GAP_TOLERANCE = 1e-6


def _um(metres: float) -> str:
    return f"{metres * 1e6:.3g} µm"


def _opening(placed: PlacedPart, legs_width: float) -> np.ndarray:
    """(6,) box of the region inside a sink's legs, under its plate."""
    plate = placed.features["plate"][0]
    w = legs_width
    legs = placed.features["legs"]
    return np.array([plate[0] + w, plate[1] - w, plate[2] + w, plate[3] - w,
                     float(legs[:, 4].min()), plate[4]])


def _under_plate(parts: dict[str, PlacedPart], sink: str, opening: np.ndarray):
    """(top, part) of the tallest solid inside the legs (not resting on the plate), or None."""
    plate_top = parts[sink].features["plate"][0][5]
    best = None
    for pid, p in parts.items():
        if pid == sink or p.filler:
            continue
        inside = footprint_overlap_area(p.solids, opening[None])[:, 0] > TOL * TOL
        rising = (p.solids[:, 5] > opening[4] + TOL) & (p.solids[:, 4] < plate_top - TOL)
        sel = inside & rising
        if sel.any():
            top = float(p.solids[sel, 5].max())
            if best is None or top > best[0]:
                best = (top, pid)
    return best


def _legged_sinks(spec: PackageSpec, parts: dict[str, PlacedPart]):
    for pid, part in spec.parts.items():
        if part.kind == "heat_sink" and part.legs and "legs" in parts[pid].features:
            yield pid, part


def _legs_fix(parts: dict[str, PlacedPart], sink: str, plate_bottom_target: float) -> str:
    legs = parts[sink].features["legs"]
    return format_mm(plate_bottom_target - float(legs[:, 4].min()))


def check_leg_heights(spec: PackageSpec, parts: dict[str, PlacedPart]) -> None:
    """Legs too short: the plate would cut into the stack under it; say what height fits."""
    for pid, part in _legged_sinks(spec, parts):
        opening = _opening(parts[pid], part.legs.width)
        found = _under_plate(parts, pid, opening)
        if found is None:
            continue
        top, below = found
        if top > opening[5] + TOL:
            given = part.legs.height
            raise LayoutError(
                f"parts.{pid}.legs.height",
                f"{below} top {format_mm(top)}, {pid} underside {format_mm(opening[5])}: the "
                f"{format_mm(given) if given != 'auto' else 'auto'} legs put {pid} "
                f"{_um(top - opening[5])} into {below}; give legs height "
                f"{_legs_fix(parts, pid, top)} (or height: auto)",
            )


def _part_above(parts: dict[str, PlacedPart], lower: str):
    """(bottom, part) of the nearest solid above ``lower``'s top face, or None.

    Parts are visited from the lowest underside up and only solids not above the best
    bottom found so far are tested pairwise, so a ball array under its substrate is not
    tested against the thousands of bumps above it (ties go to the first part of
    ``parts``, as a plain scan would)."""
    low = parts[lower]
    top = low.top
    faces = low.solids[np.abs(low.solids[:, 5] - top) < TOL]
    reach = envelope(faces) if len(faces) else None
    order = sorted((float(p.solids[:, 4].min()), n, pid)
                   for n, (pid, p) in enumerate(parts.items())
                   if pid != lower and not p.filler and len(p.solids))
    best = None
    for lowest, n, pid in order:
        if reach is None or (best is not None and lowest > best[0]):
            break
        solids = parts[pid].solids
        keep = solids[:, 4] > top - TOL
        if best is not None:
            keep &= solids[:, 4] <= best[0]
        cand = solids[keep]
        if not len(cand) or footprint_overlap_area(reach[None], envelope(cand)[None])[0, 0] \
                <= TOL * TOL:
            continue
        hit = (footprint_overlap_area(faces, cand) > TOL * TOL).any(axis=0)
        if hit.any():
            bottom = float(cand[hit, 4].min())
            if best is None or (bottom, n) < best[:2]:
                best = (bottom, n, pid)
    return None if best is None else (best[0], best[2])


def _fix(spec: PackageSpec, parts: dict[str, PlacedPart], lower: str, upper: str,
         gap: float, target: float) -> str:
    part = spec.parts[upper]
    if part.kind == "heat_sink" and part.legs:
        return f"lower the {upper} or give legs height {_legs_fix(parts, upper, target)}"
    supports = [s for s in (part.on or []) if s != lower]
    if supports:
        return (f"place {upper} on {lower} too (on: [{lower}, {', '.join(supports)}]) or make "
                f"{supports[0]} {_um(gap)} thinner")
    return f"lower the {upper} by {_um(gap)} or thicken the {lower}"


def check_gaps(spec: PackageSpec, parts: dict[str, PlacedPart]) -> None:
    """Every declared heat path closes to within :data:`GAP_TOLERANCE`."""
    pairs: list[tuple[str, float, str, float]] = []
    for pid, p in parts.items():
        if p.kind in ("tim", "bump_array", "ball_array"):
            found = _part_above(parts, pid)
            if found is not None:
                bottom, upper = found
                pairs.append((pid, p.top, upper, bottom))
    for lower, top, upper, bottom in pairs:
        gap = bottom - top
        if gap <= GAP_TOLERANCE:
            continue
        raise LayoutError(
            f"parts.{upper}",
            f"{lower} top {format_mm(top)}, {upper} underside {format_mm(bottom)}: a "
            f"{_um(gap)} gap; {_fix(spec, parts, lower, upper, gap, top)}",
        )
