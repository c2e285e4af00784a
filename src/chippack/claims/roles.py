"""Roles of parts read from the laid-out model: which die, which sink is on its back, ...

Roles come from kinds AND substance AND size, the contact graph and geometry, never
from part ids or material names: the "second heat sink" is whichever solid,
conductive, thick-enough sink body lies on the substrate's lower face below the die,
whatever it is called. Each ``*_fault`` function says why a part does NOT qualify
for a role (naming the value it compared and the threshold), or returns None.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.claims.options import ClaimOptions
from chippack.errors import SpecError
from chippack.layout import Layout, PlacedPart
from chippack.layout.boxes import TOL, footprint_overlap_area
from chippack.layout.placement import footprint_inside
from chippack.materials import Material
from chippack.model.parts import JOINT_KINDS
from chippack.units import format_mm

#: Relative slack when a computed value meets a threshold: round-off (about 1e-16 of the
#: value) must not push a design that lies exactly on a threshold to its other side.
REL_SLACK = 1e-9


def at_most(value: float, limit: float, slack: float = 0.0) -> bool:
    """``value <= limit`` up to round-off (and an absolute ``slack``, e.g. TOL for lengths)."""
    return value <= limit + slack + REL_SLACK * max(abs(limit), abs(value))


def at_least(value: float, limit: float, slack: float = 0.0) -> bool:
    """``value >= limit`` up to round-off (and an absolute ``slack``)."""
    return value >= limit - slack - REL_SLACK * max(abs(limit), abs(value))


def mm(x: float) -> str:
    return format_mm(x)


def mm2(area: float) -> str:
    return f"{area * 1e6:.4g} mm²"


def material(layout: Layout, pid: str) -> Material:
    """The material of a part; a missing one is a one-line error naming the field."""
    name = layout.parts[pid].material
    if name is None or name not in layout.materials:
        raise SpecError(f"parts.{pid}.material",
                        f"{name!r} is not a material; give a library material or define it "
                        "under 'materials:'")
    return layout.materials[name]


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


def joint_count(layout: Layout, pid: str) -> int:
    return len(layout.parts[pid].solids)


# -- what parts are -------------------------------------------------------------------

def chips(layout: Layout) -> list[str]:
    """Dies with wiring (ICs) of a semiconductor, the most powerful first (uniform power
    plus hot spots); the others are tried after it."""
    dies = [pid for pid, p in layout.parts.items()
            if p.kind == "die" and spec_part(layout, pid).wiring
            and material(layout, pid).category == "semiconductor"]
    return sorted(dies, key=lambda d: -spec_part(layout, d).total_power)


def substrate_of(layout: Layout) -> list[str]:
    return [pid for pid, p in layout.parts.items() if p.kind == "substrate"]


def is_flip(layout: Layout, die: str) -> bool:
    return spec_part(layout, die).orientation == "flip"


def thickness_of(layout: Layout, pid: str) -> float:
    """Body thickness, m: the spec's plate thickness, else the part's height."""
    t = getattr(spec_part(layout, pid), "thickness", None)
    p = layout.parts[pid]
    return float(t) if t is not None else p.top - p.bottom


#: Kinds of part whose body can be a heat sink: a sink plate, or a die (a dummy chip).
SINK_KINDS = ("heat_sink", "die")


def sink_fault(layout: Layout, pid: str, opt: ClaimOptions) -> str | None:
    """Why ``pid`` is not a heat sink body (None: it is one).

    A heat sink is a passive body, a sink plate or a die without wiring (a dummy chip)
    alike, of a solid whose every conductivity axis reaches ``min_sink_conductivity``
    and at least ``min_sink_thickness_mm`` thick. A body with wiring formed in it is a
    chip, whatever its kind, not a heat sink.
    """
    kind = kind_of(layout, pid)
    spec = spec_part(layout, pid)
    if kind not in SINK_KINDS:
        return f"{pid} is a {kind}, not a heat sink"
    if spec.wiring:
        return (f"{pid} is a {material(layout, pid).name} chip with wiring formed in it "
                "(wiring: true), not a heat sink")
    mat = material(layout, pid)
    if not mat.is_solid:
        return f"the heat sink {pid} is {mat.name}, a gas"
    k = min(mat.k)
    if k < opt.min_sink_conductivity:
        return (f"the heat sink {pid} ({mat.name}) conducts {k:.3g} W/m/K, below the "
                f"{opt.min_sink_conductivity:g} W/m/K of a heat sink")
    t = thickness_of(layout, pid)
    if t < opt.min_sink_thickness_mm * 1e-3 - TOL:
        return (f"the heat sink {pid} is {mm(t)} thick, thinner than the "
                f"{opt.min_sink_thickness_mm:g} mm of a heat-sink body")
    return None


def bond_line_fault(layout: Layout, pid: str, opt: ClaimOptions) -> str | None:
    """Why ``pid`` is not a bond line (TIM / adhesive layer) between two parts."""
    if kind_of(layout, pid) != "tim":
        return f"{pid} is a {kind_of(layout, pid)}, not a bond line"
    mat = material(layout, pid)
    if not mat.is_solid:
        return f"the layer {pid} is {mat.name}, a gas: a gap, not a bond line"
    t = thickness_of(layout, pid)
    if t > opt.max_bond_line_mm * 1e-3 + TOL:
        return (f"the layer {pid} is {mm(t)} thick, thicker than a {opt.max_bond_line_mm:g} mm "
                "bond line")
    return None


def wall_width(boxes: np.ndarray) -> float:
    """Narrowest wall of a set of boxes (the smaller footprint side of each), m."""
    return float(np.min(np.minimum(boxes[:, 1] - boxes[:, 0], boxes[:, 3] - boxes[:, 2])))


def rigid_fault(layout: Layout, pid: str, boxes: np.ndarray, opt: ClaimOptions,
                what: str) -> str | None:
    """Why walls ``boxes`` of ``pid`` are not a stiffener: not rigid, or too narrow."""
    mat = material(layout, pid)
    if not mat.is_solid:
        return f"the {what} {pid} is {mat.name}, a gas"
    modulus = mat.youngs_modulus
    if modulus is None or modulus < opt.min_stiffener_modulus_gpa * 1e9:
        value = "unknown" if modulus is None else f"{modulus / 1e9:.3g} GPa"
        return (f"the {what} {pid} ({mat.name}, Young's modulus {value}) is not a rigid "
                f"solid (at least {opt.min_stiffener_modulus_gpa:g} GPa)")
    width = wall_width(boxes)
    if width < opt.min_stiffener_width_mm * 1e-3 - TOL:
        return (f"the {what} {pid} has a {mm(width)} wall, narrower than the "
                f"{opt.min_stiffener_width_mm:g} mm of a stiffener")
    return None


# -- "disposed on": directly or through bond lines -------------------------------------

def resting_on(layout: Layout, lower: str, opt: ClaimOptions) -> list[tuple[str, str | None]]:
    """Parts on ``lower``'s upper face, directly or through one bond line (part, layer)."""
    out: list[tuple[str, str | None]] = []
    for n in on_top_of(layout, lower):
        out.append((n, None))
        if opt.max_bond_layers >= 1 and bond_line_fault(layout, n, opt) is None:
            out.extend((m, n) for m in on_top_of(layout, n))
    return out


def hanging_under(layout: Layout, upper: str, opt: ClaimOptions) -> list[tuple[str, str | None]]:
    """Parts against ``upper``'s lower face, directly or through one bond line."""
    out: list[tuple[str, str | None]] = []
    for n in underneath(layout, upper):
        out.append((n, None))
        if opt.max_bond_layers >= 1 and bond_line_fault(layout, n, opt) is None:
            out.extend((m, n) for m in underneath(layout, n))
    return out


def back_neighbours(layout: Layout, die: str, opt: ClaimOptions) -> list[tuple[str, str | None]]:
    """Parts on the die's back (non-active) face, directly or through a bond line."""
    return resting_on(layout, die, opt) if is_flip(layout, die) else hanging_under(
        layout, die, opt)


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
    conductive = tuple(j for j in joints if material(layout, j).is_metal)
    return Mounting(joints, conductive)


# -- the stiffener: one or several rigid bodies around the die ---------------------------

@dataclass(frozen=True)
class Ring:
    """A stiffener around the die: rigid bodies on the substrate (and bodies stacked on
    them), or the legs of a one-piece lid."""

    parts: tuple[str, ...]
    lid_legs: bool
    width: float

    @property
    def part(self) -> str:
        return self.parts[0]

    @property
    def name(self) -> str:
        return " + ".join(self.parts)


def around(boxes: np.ndarray, inner: PlacedPart) -> bool:
    """Walls ``boxes`` stand on all four sides of ``inner``'s footprint, covering none of it."""
    covered = footprint_overlap_area(boxes, inner.envelope[None])
    if np.any(covered > TOL * TOL):
        return False
    e = inner.envelope
    y_span = (boxes[:, 2] < e[3]) & (boxes[:, 3] > e[2])
    x_span = (boxes[:, 0] < e[1]) & (boxes[:, 1] > e[0])
    return bool(np.any((boxes[:, 1] <= e[0] + TOL) & y_span)
                and np.any((boxes[:, 0] >= e[1] - TOL) & y_span)
                and np.any((boxes[:, 3] <= e[2] + TOL) & x_span)
                and np.any((boxes[:, 2] >= e[3] - TOL) & x_span))


def stiffener_rings(layout: Layout, die: str, substrate: str, opt: ClaimOptions
                    ) -> tuple[list[Ring], list[str]]:
    """Stiffeners around the die on the substrate's upper face, and why others fail.

    The stiffener bodies standing on the substrate (directly or through a bond line)
    together must stand on all four sides of the die; bodies stacked on them (a
    two-piece stiffener) belong to the stiffener too. A lid whose legs stand on the
    substrate around the die is its own stiffener.
    """
    faults: list[str] = []
    dpart = layout.parts[die]
    base: list[str] = []
    for p, _layer in resting_on(layout, substrate, opt):
        placed = layout.parts[p]
        if placed.kind == "stiffener":
            fault = rigid_fault(layout, p, placed.solids, opt, "stiffener")
            if fault:
                faults.append(fault)
            elif p not in base:
                base.append(p)
    rings: list[Ring] = []
    if base:
        walls = np.vstack([layout.parts[p].solids for p in base])
        if around(walls, dpart):
            group = list(base)
            todo = list(base)
            while todo:
                for q, _layer in resting_on(layout, todo.pop(), opt):
                    if (kind_of(layout, q) == "stiffener" and q not in group
                            and rigid_fault(layout, q, layout.parts[q].solids, opt,
                                            "stiffener") is None):
                        group.append(q)
                        todo.append(q)
            rings.append(Ring(tuple(group), False, wall_width(walls)))
        else:
            faults.append(f"the stiffener {' + '.join(base)} on {substrate} does not stand on "
                          f"all four sides of {die}")
    for p in on_top_of(layout, substrate):
        placed = layout.parts[p]
        legs = placed.features.get("legs")
        if placed.kind == "heat_sink" and legs is not None and around(legs, dpart):
            fault = rigid_fault(layout, p, legs, opt, "lid legs of")
            if fault:
                faults.append(fault)
            else:
                rings.append(Ring((p,), True, wall_width(legs)))
    return rings, faults


# -- sinks ----------------------------------------------------------------------------

def below_fraction(sink: PlacedPart, die: PlacedPart) -> float:
    """Footprint overlap over the smaller of the two footprints."""
    smaller = min(sink.footprint_area, die.footprint_area)
    return overlap(sink, die) / smaller if smaller > 0 else 0.0


def balls_under(layout: Layout, substrate: str) -> list[str]:
    """Joint arrays on the substrate's lower face: its balls, whether the spec calls the
    array a ball or a bump array (what they are is where they stand and their substance)."""
    return [p for p in underneath(layout, substrate) if kind_of(layout, p) in JOINT_KINDS]


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


# -- fillers: underfill and encapsulant --------------------------------------------------

def underfill_fault(layout: Layout, pid: str, lower: str, upper: str,
                    opt: ClaimOptions) -> str | None:
    """Why ``pid`` is not an underfill filling the joint gap from ``lower`` up to ``upper``.

    An underfill part or a molded encapsulant (molded underfill) of a polymer, whose
    box reaches from ``lower``'s top to ``upper``'s bottom and fills at least
    ``min_underfill_coverage`` of ``upper``'s footprint.
    """
    placed = layout.parts[pid]
    if placed.kind not in ("underfill", "encapsulant"):
        return f"{pid} is a {placed.kind}, not an underfill"
    mat = material(layout, pid)
    if mat.category != "polymer":
        return f"the underfill {pid} is {mat.name} ({mat.category}), not a polymer"
    lo, up = layout.parts[lower], layout.parts[upper]
    tol = opt.flush_tolerance
    gap_bottom = lo.top if lower != upper else lo.bottom
    if placed.bottom > gap_bottom + tol or placed.top < up.bottom - tol:
        return f"{pid} does not fill the gap from {lower} up to {upper}"
    cover = overlap(placed, up) / up.footprint_area
    if not at_least(cover, opt.min_underfill_coverage):
        return (f"{pid} fills {cover:.0%} of the footprint of {upper}, less than "
                f"{opt.min_underfill_coverage:.0%}")
    return None


def fillers_between(layout: Layout, lower: str, upper: str, opt: ClaimOptions
                    ) -> tuple[list[str], list[str]]:
    """Underfills (or molded underfills) between two parts, and why other fillers fail."""
    found, faults = [], []
    for pid, placed in layout.parts.items():
        if placed.kind not in ("underfill", "encapsulant"):
            continue
        if placed.kind == "underfill" and not (lower in underneath(layout, pid)
                                               or upper in on_top_of(layout, pid)):
            continue
        # a mold is a molded underfill wherever its box reaches into the gap over the upper
        # part (one standing on the substrate and molded over a bumped sink fills the
        # chip-sink gap too); underfill_fault then asks that it fill all of it
        lo, up = layout.parts[lower], layout.parts[upper]
        if placed.kind == "encapsulant" and not (
                overlap(placed, up) > 0 and placed.bottom < up.bottom and placed.top > lo.top):
            continue
        fault = underfill_fault(layout, pid, lower, upper, opt)
        if fault:
            faults.append(fault)
        else:
            found.append(pid)
    return found, faults


def encapsulant_fault(layout: Layout, pid: str, inner: str, opt: ClaimOptions,
                      exposed_top: bool = True) -> str | None:
    """Why ``pid`` does not encapsulate ``inner``: not a polymer, or without material
    ``min_encapsulant_margin_mm`` wide around it on every side, or not up its sides."""
    placed = layout.parts[pid]
    if placed.kind != "encapsulant":
        return f"{pid} is a {placed.kind}, not an encapsulant"
    mat = material(layout, pid)
    if mat.category != "polymer":
        return f"the encapsulant {pid} is {mat.name} ({mat.category}), not a polymer"
    e, i = placed.envelope, layout.parts[inner].envelope
    margin = float(min(i[0] - e[0], e[1] - i[1], i[2] - e[2], e[3] - i[3]))
    need = opt.min_encapsulant_margin_mm * 1e-3
    if margin < need - TOL:
        return (f"{pid} leaves {mm(max(margin, 0.0))} of encapsulant around {inner}, less "
                f"than the {opt.min_encapsulant_margin_mm:g} mm that encapsulates it")
    tol = opt.flush_tolerance
    if e[4] > i[4] + tol or e[5] < i[5] - tol:
        return f"{pid} does not reach up the sides of {inner}"
    return None


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


# -- seed 001: a sink on second bumps ----------------------------------------------------

@dataclass(frozen=True)
class SinkBumps:
    """A heat sink held on the die back by a bump array (over UBM pads or not)."""

    sink: str
    bumps: str
    ubm: str | None


def ubm_fault(layout: Layout, pid: str) -> str | None:
    """Why ``pid`` is not UBM pads: a UBM is a metal stack."""
    mat = material(layout, pid)
    if mat.category != "metal":
        return f"the pads {pid} are {mat.name} ({mat.category}), not an under-bump metal"
    return None


def bumped_sinks(layout: Layout, die: str, opt: ClaimOptions) -> list[SinkBumps]:
    """Heat sinks (or dummy dies) attached to the die's upper surface through a bump array."""
    out = []
    for n in on_top_of(layout, die):
        kind = kind_of(layout, n)
        layers = [(n, None)] if kind in JOINT_KINDS else []
        if kind == "ubm_pads":
            layers = [(b, n) for b in on_top_of(layout, n) if kind_of(layout, b) in JOINT_KINDS]
        for bumps, ubm in layers:
            for s in on_top_of(layout, bumps):
                if kind_of(layout, s) in SINK_KINDS:
                    out.append(SinkBumps(s, bumps, ubm))
    return out
