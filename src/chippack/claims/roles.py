"""Roles of parts read from the laid-out model: which die, which sink is on its back, ...

Roles come from kinds, the contact graph and geometry, never from part ids: the
"second heat sink" is whichever heat sink touches the substrate's lower face
below the die, whatever it is called.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.layout import Layout, PlacedPart
from chippack.layout.boxes import TOL, footprint_overlap_area
from chippack.layout.placement import footprint_inside
from chippack.model.parts import JOINT_KINDS
from chippack.units import format_mm


def mm(x: float) -> str:
    return format_mm(x)


def mm2(area: float) -> str:
    return f"{area * 1e6:.4g} mm²"


def on_top_of(layout: Layout, pid: str) -> list[str]:
    """Parts whose lower face rests on ``pid``'s upper face."""
    return [c.upper for c in layout.contacts if c.axis == "z" and c.lower == pid]


def underneath(layout: Layout, pid: str) -> list[str]:
    """Parts whose upper face touches ``pid``'s lower face."""
    return [c.lower for c in layout.contacts if c.axis == "z" and c.upper == pid]


def kind_of(layout: Layout, pid: str) -> str:
    return layout.parts[pid].kind


def spec_part(layout: Layout, pid: str):
    return layout.spec.parts[pid]


def overlap(a: PlacedPart, b: PlacedPart) -> float:
    """Footprint overlap of two parts' envelopes, m²."""
    return float(footprint_overlap_area(a.envelope[None], b.envelope[None])[0, 0])


def surrounds(ring: np.ndarray, inner: PlacedPart) -> bool:
    """Boxes ``ring`` enclose ``inner``'s footprint without covering any of it."""
    from chippack.layout.boxes import envelope

    env = envelope(ring)
    covered = footprint_overlap_area(ring, inner.envelope[None])
    return footprint_inside(inner.envelope, env) and not np.any(covered > TOL * TOL)


def joint_count(layout: Layout, pid: str) -> int:
    return len(layout.parts[pid].solids)


def main_die(layout: Layout) -> str | None:
    """The die of the package (the most powerful one when there are several)."""
    dies = [pid for pid, p in layout.parts.items() if p.kind == "die"]
    if not dies:
        return None
    return max(dies, key=lambda d: (spec_part(layout, d).power or 0.0, -dies.index(d)))


def substrate_of(layout: Layout) -> str | None:
    subs = [pid for pid, p in layout.parts.items() if p.kind == "substrate"]
    return subs[0] if subs else None


def is_flip(layout: Layout, die: str) -> bool:
    return spec_part(layout, die).orientation == "flip"


def back_neighbours(layout: Layout, die: str) -> list[str]:
    """Parts touching the die's back (non-active) face."""
    return on_top_of(layout, die) if is_flip(layout, die) else underneath(layout, die)


def active_neighbours(layout: Layout, die: str) -> list[str]:
    """Parts touching the die's active face."""
    return underneath(layout, die) if is_flip(layout, die) else on_top_of(layout, die)


@dataclass(frozen=True)
class Mounting:
    """How a die meets the substrate: the joint arrays between its active face and it."""

    joints: tuple[str, ...]
    conductive: tuple[str, ...]


def die_mounting(layout: Layout, die: str, substrate: str) -> Mounting:
    """Joint arrays touching both the die's active face and the substrate's upper face."""
    below_die = [p for p in active_neighbours(layout, die) if kind_of(layout, p) in JOINT_KINDS]
    on_sub = set(on_top_of(layout, substrate))
    joints = tuple(j for j in below_die if j in on_sub)
    conductive = tuple(j for j in joints if layout.material_of(j).is_metal)
    return Mounting(joints, conductive)


def sinks_on_back(layout: Layout, die: str, max_layers: int = 1) -> list[tuple[str, str | None]]:
    """Heat sinks on the die back: touching it, or through one TIM / bond layer (sink, layer)."""
    out: list[tuple[str, str | None]] = []
    for n in back_neighbours(layout, die):
        if kind_of(layout, n) == "heat_sink":
            out.append((n, None))
        elif kind_of(layout, n) == "tim" and max_layers >= 1:
            out.extend((m, n) for m in on_top_of(layout, n) if kind_of(layout, m) == "heat_sink")
    return out


@dataclass(frozen=True)
class Ring:
    """A stiffener around the die: a stiffener part, or the legs of a one-piece lid."""

    part: str
    lid_legs: bool


def stiffener_rings(layout: Layout, die: str, substrate: str) -> list[Ring]:
    """Stiffeners on the substrate's upper face that surround the die."""
    rings = []
    dpart = layout.parts[die]
    for p in on_top_of(layout, substrate):
        placed = layout.parts[p]
        if placed.kind == "stiffener" and surrounds(placed.solids, dpart):
            rings.append(Ring(p, False))
        elif placed.kind == "heat_sink" and "legs" in placed.features and surrounds(
                placed.features["legs"], dpart):
            rings.append(Ring(p, True))
    return rings


def sinks_under(layout: Layout, substrate: str) -> list[tuple[str, str | None]]:
    """Heat sinks on the substrate's lower face, directly or through one bond layer."""
    out: list[tuple[str, str | None]] = []
    for n in underneath(layout, substrate):
        if kind_of(layout, n) == "heat_sink":
            out.append((n, None))
        elif kind_of(layout, n) == "tim":
            out.extend((m, n) for m in underneath(layout, n) if kind_of(layout, m) == "heat_sink")
    return out


def balls_under(layout: Layout, substrate: str) -> list[str]:
    return [p for p in underneath(layout, substrate) if kind_of(layout, p) == "ball_array"]


def sides_surrounded(centres: np.ndarray, env: np.ndarray) -> list[str]:
    """Sides of the box ``env`` with joints facing them (left, right, front, back).

    A joint faces the left side when it lies left of the box within the box's y span
    (not merely somewhere left of it): joints on all four sides ring the box.
    """
    x, y = centres[:, 0], centres[:, 1]
    in_x = (x >= env[0]) & (x <= env[1])
    in_y = (y >= env[2]) & (y <= env[3])
    sides = []
    for name, mask in (("left", (x < env[0]) & in_y), ("right", (x > env[1]) & in_y),
                       ("front", (y < env[2]) & in_x), ("back", (y > env[3]) & in_x)):
        if np.any(mask):
            sides.append(name)
    return sides


def filler_between(layout: Layout, kind: str, lower: str, upper: str) -> list[str]:
    """Fillers (underfill) touching both ``lower``'s upper face and ``upper``'s lower face."""
    return [p for p in on_top_of(layout, lower)
            if kind_of(layout, p) == kind and upper in on_top_of(layout, p)]


@dataclass(frozen=True)
class SinkBumps:
    """A heat sink held on the die back by a bump array (over UBM pads or not)."""

    sink: str
    bumps: str
    ubm: str | None


def bumped_sinks(layout: Layout, die: str) -> list[SinkBumps]:
    """Heat sinks attached to the die's upper surface through a bump array."""
    out = []
    for n in on_top_of(layout, die):
        kind = kind_of(layout, n)
        layers = [(n, None)] if kind in JOINT_KINDS else []
        if kind == "ubm_pads":
            layers = [(b, n) for b in on_top_of(layout, n) if kind_of(layout, b) in JOINT_KINDS]
        for bumps, ubm in layers:
            for s in on_top_of(layout, bumps):
                if kind_of(layout, s) == "heat_sink":
                    out.append(SinkBumps(s, bumps, ubm))
    return out


def contains(outer: PlacedPart, inner: PlacedPart, tol: float = TOL) -> bool:
    """``inner`` lies inside ``outer``'s box (footprint and height)."""
    e, i = outer.envelope, inner.envelope
    return footprint_inside(i, e, tol) and i[4] >= e[4] - tol and i[5] <= e[5] + tol


def centred_rect(layout: Layout, substrate: str, size: tuple[float, float]) -> np.ndarray:
    """(6,) box of a centred area of the substrate (chip-mounting or central area)."""
    cx, cy = layout.parts[substrate].centre
    env = layout.parts[substrate].envelope
    return np.array([cx - size[0] / 2, cx + size[0] / 2, cy - size[1] / 2, cy + size[1] / 2,
                     env[4], env[5]])
