"""Seed 002: bump-first, two-encapsulant packaging process (all method claims).

Each claim is decided on the process ledger (which steps ran, in which order)
and on the layout of what the flow built (where the parts ended up).
"""

from __future__ import annotations

from collections.abc import Iterator

from chippack.claims.core import (
    Context,
    Element,
    Stop,
    check,
    claim,
    die_role,
    missing,
    ok,
    substrate_role,
)
from chippack.claims.roles import (
    SINK_KINDS,
    at_most,
    balls_under,
    centred_rect,
    contains,
    die_mounting,
    encapsulant_fault,
    is_flip,
    joint_count,
    material,
    mm,
    on_top_of,
    resting_on,
    sink_fault,
    spec_part,
)
from chippack.layout.placement import footprint_inside
from chippack.process.ledger import StepRecord

SEED = "002"


# -- roles -----------------------------------------------------------------------------

def substrate(ctx: Context) -> str:
    return substrate_role(ctx)


def die(ctx: Context) -> str:
    return die_role(ctx, "semiconductor chip")


def elements(ctx: Context) -> str:
    """The conductive elements: joints standing on the substrate under the die's bond pads."""
    def find() -> str:
        L, sub, d = ctx.layout, substrate(ctx), die(ctx)
        m = die_mounting(L, d, sub)
        if not m.joints:
            raise Stop(f"no conductive elements stand on {sub} under {d}")
        if not m.conductive:
            raise Stop(f"the elements {m.joints[0]} ({L.parts[m.joints[0]].material}) under "
                       f"{d} are not conductive")
        return ctx.pick("002.elements", list(m.conductive))
    return ctx.remember("002.elements", find)


def first_encapsulant(ctx: Context) -> str:
    def find() -> str:
        L, sub, d = ctx.layout, substrate(ctx), die(ctx)
        el = elements(ctx)
        molds = [p for p in on_top_of(L, sub) if L.parts[p].kind == "encapsulant"
                 and contains(L.parts[p], L.parts[el], ctx.options.flush_tolerance)]
        # the chip is mounted on the first encapsulant's top: look there first
        under_die = [p for p in molds if d in on_top_of(L, p)]
        molds = under_die or molds
        faults = [f for p in molds for f in [encapsulant_fault(L, p, el, ctx.options)] if f]
        found = [p for p in molds if encapsulant_fault(L, p, el, ctx.options) is None]
        if not found:
            raise Stop(faults[0] if faults else
                       f"no first encapsulant on {sub} encapsulates the conductive elements {el}")
        return ctx.pick("002.first_encapsulant", found)
    return ctx.remember("002.first_encapsulant", find)


def second_encapsulant(ctx: Context) -> str:
    def find() -> str:
        L, sub, d = ctx.layout, substrate(ctx), die(ctx)
        molds = [p for p in on_top_of(L, sub) if L.parts[p].kind == "encapsulant"
                 and L.parts[p].top > L.parts[d].bottom]
        faults = [f for p in molds for f in [encapsulant_fault(L, p, d, ctx.options)] if f]
        found = [p for p in molds if encapsulant_fault(L, p, d, ctx.options) is None]
        if not found:
            raise Stop(faults[0] if faults else
                       f"no second encapsulant on the first surface of {sub} encapsulates {d}")
        return ctx.pick("002.second_encapsulant", found)
    return ctx.remember("002.second_encapsulant", find)


def step_of(ctx: Context, step: str, subject: str) -> StepRecord | None:
    assert ctx.ledger is not None
    return ctx.ledger.record_for(step, subject)


def mount_record(ctx: Context) -> StepRecord | None:
    d = die(ctx)
    return step_of(ctx, "mount", d) or step_of(ctx, "place", d)


# -- claim 1 -------------------------------------------------------------------------------

@claim(SEED, 1, "method: flat-ended bumps on the chip-mounting area, first encapsulant flush "
       "with their exposed ends, chip flip-mounted on it, second encapsulant, balls implanted",
       method=True)
def claim_1(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    tol = ctx.options.flush_tolerance
    sub = substrate(ctx)
    area = spec_part(L, sub).chip_mounting_area
    prep = step_of(ctx, "provide_substrate", sub)
    if prep is None:
        yield missing(f"no step of the flow prepares the substrate {sub}")
        return
    if area is None:
        yield missing(f"the substrate {sub} has no chip-mounting area")
        return
    size = spec_part(L, sub).size
    if area[0] > size[0] + tol or area[1] > size[1] + tol:
        yield missing(f"the {mm(area[0])} × {mm(area[1])} chip-mounting area is larger than the "
                      f"{mm(size[0])} × {mm(size[1])} substrate: it is not on its first surface")
        return
    yield ok(f"step {prep.index}: {sub} prepared with chip-mounting area "
             f"{mm(area[0])} × {mm(area[1])}")

    el = elements(ctx)
    disp = step_of(ctx, "dispose_bumps", el)
    if disp is None or disp.facts.get("formed_on") != sub:
        where = f"formed on {disp.facts.get('formed_on')}" if disp else "not formed by the flow"
        yield missing(f"the conductive elements {el} are {where}, not disposed on {sub}")
        return
    if not footprint_inside(L.parts[el].envelope, centred_rect(L, sub, area), tol):
        yield missing(f"the conductive elements {el} reach outside the chip-mounting area")
        return
    if not material(L, el).is_metal:
        yield missing(f"the elements {el} ({L.parts[el].material}) are not conductive")
        return
    if joint_count(L, el) < ctx.options.min_joints:
        yield missing(f"{el} is {joint_count(L, el)} conductive element, not a plurality "
                      f"(at least {ctx.options.min_joints})")
        return
    polish = [r for r in ctx.ledger.records("polish") if el in r.facts.get("joints", ())]
    assert ctx.ledger is not None
    if not spec_part(L, el).flat_ends:
        yield missing(f"the ends of the conductive elements {el} are not flat")
        return
    flat = "formed flat" if disp.facts.get("flat_ends") else f"made flat by polishing (step " \
        f"{polish[0].index if polish else '?'})"
    yield ok(f"step {disp.index}: conductive elements {el} on the chip-mounting area, ends {flat}")

    enc = first_encapsulant(ctx)
    molded = step_of(ctx, "mold", enc)
    if molded is None or molded.index < disp.index:
        yield missing(f"the first encapsulant {enc} is not molded after the elements are "
                      "disposed")
        return
    gap = L.parts[enc].top - L.parts[el].top
    if not at_most(abs(gap), tol):
        yield missing(f"the top of {enc} is {mm(abs(gap))} {'above' if gap > 0 else 'below'} "
                      f"the ends of {el}: not coplanar, ends not exposed")
        return
    yield ok(f"step {molded.index}: first encapsulant {enc} around {el}, its top flush with "
             "their exposed ends")

    d = die(ctx)
    mount = mount_record(ctx)
    if mount is None or mount.index < molded.index:
        yield missing(f"the chip {d} is not mounted after the first encapsulant is formed")
        return
    if not is_flip(L, d) or L.rests_on(d, enc) <= 0:
        yield missing(f"{d} is not mounted face down on the top surface of {enc}")
        return
    if el not in [c.lower for c in L.contacts if c.upper == d and c.axis == "z"]:
        yield missing(f"the bond pads of {d} do not touch the exposed ends of {el}")
        return
    yield ok(f"step {mount.index}: {d} flip-mounted on {enc}, bond pads on the ends of {el}")

    enc2 = second_encapsulant(ctx)
    molded2 = step_of(ctx, "mold", enc2)
    if molded2 is None or molded2.index < mount.index:
        yield missing(f"the second encapsulant {enc2} is not molded after the chip is mounted")
        return
    yield ok(f"step {molded2.index}: second encapsulant {enc2} on {sub} encapsulates {d}")

    balls = [b for b in balls_under(L, sub) if material(L, b).is_solder]
    if not balls:
        yield missing(f"no solder balls on the second surface of {sub}")
        return
    ball = ctx.pick("002.balls", balls)  # every solder array under the substrate is tried
    n = joint_count(L, ball)
    if n < ctx.options.min_joints:
        yield missing(f"{ball} is {n} solder ball, not a plurality of solder balls (at "
                      f"least {ctx.options.min_joints})")
        return
    implant = step_of(ctx, "implant_balls", ball)
    if implant is None or implant.index < molded2.index:
        yield missing(f"the solder balls {ball} are not implanted after the second "
                      "encapsulant is formed")
        return
    yield ok(f"step {implant.index}: solder balls {ball} implanted on the second surface")


# -- dependent claims --------------------------------------------------------------------

@claim(SEED, 2, "claim 1 + the conductive elements are bumps", parent=1, method=True)
def claim_2(ctx: Context) -> Iterator[Element]:
    el = elements(ctx)
    shape = spec_part(ctx.layout, el).shape
    yield check(shape in ctx.options.bump_shapes, f"{el} are conductive bumps",
                f"the conductive elements {el} are {shape}s, not bumps")


@claim(SEED, 3, "claim 2 + bumps of tin, lead or tin/lead alloy", parent=2, method=True)
def claim_3(ctx: Context) -> Iterator[Element]:
    """Decided from the composition: no element but Sn and Pb above the trace fraction."""
    el = elements(ctx)
    mat = material(ctx.layout, el)
    trace = ctx.options.tin_lead_trace_fraction
    others = [(e, f) for e, f in mat.composition if e not in ("Sn", "Pb") and f > trace]
    if not mat.composition:
        yield missing(f"the composition of the bumps {el} ({mat.name}) is unknown")
        return
    yield check(not others and mat.fraction("Sn", "Pb") > 0,
                f"{el} are {mat.name} ({mat.composition_text}): tin, lead or tin/lead alloy",
                f"the bumps {el} are {mat.name} ({mat.composition_text}): "
                + (f"{others[0][0]} {others[0][1]:.3g} exceeds the {trace:g} trace fraction, "
                   if others else "") + "not tin, lead or tin/lead alloy")


@claim(SEED, 4, "claim 1 + first encapsulant and bumps polished after molding", parent=1,
       method=True)
def claim_4(ctx: Context) -> Iterator[Element]:
    enc, el = first_encapsulant(ctx), elements(ctx)
    molded = step_of(ctx, "mold", enc)
    mount = mount_record(ctx)
    found = [r for r in ctx.ledger.records("polish")
             if r.subject == enc and molded and r.index > molded.index
             and el in r.facts.get("joints", ())
             and (mount is None or r.index < mount.index)]
    yield check(bool(found),
                f"step {found[0].index if found else '?'}: {enc} and {el} polished after "
                f"molding (step {molded.index if molded else '?'})",
                f"the flow never polishes the first encapsulant {enc} and the elements {el} "
                "after molding it")


@claim(SEED, 5, "claim 1 + bond pads on the chip-mounting area, connected to the substrate",
       parent=1, method=True)
def claim_5(ctx: Context) -> Iterator[Element]:
    sub, el = substrate(ctx), elements(ctx)
    yield check(spec_part(ctx.layout, sub).contact_pads,
                f"{el} bonded to the bond pads of {sub}'s chip-mounting area",
                f"the chip-mounting area of {sub} has no bond pads (contact_pads: false)")


def die_back_free(ctx: Context) -> list[str]:
    """Solid parts resting on the die back."""
    L, d = ctx.layout, die(ctx)
    return [p for p in on_top_of(L, d) if not L.parts[p].filler]


@claim(SEED, 6, "claim 1 + chip back covered by the second encapsulant", parent=1, method=True)
def claim_6(ctx: Context) -> Iterator[Element]:
    L, d, enc2 = ctx.layout, die(ctx), second_encapsulant(ctx)
    on_back = die_back_free(ctx)
    if on_back:
        yield missing(f"the back of {d} is covered by {on_back[0]}, not by {enc2}")
        return
    cover = L.parts[enc2].top - L.parts[d].top
    yield check(not at_most(cover, ctx.options.flush_tolerance),
                f"{enc2} covers the back of {d} (its top {mm(cover)} above it)",
                f"the back of {d} is not covered by {enc2} (flush with its top)")


@claim(SEED, 7, "claim 1 + chip back exposed to the air through the second encapsulant",
       parent=1, method=True)
def claim_7(ctx: Context) -> Iterator[Element]:
    L, d, enc2 = ctx.layout, die(ctx), second_encapsulant(ctx)
    on_back = [p for p in on_top_of(L, d)]
    if on_back:
        yield missing(f"the back of {d} is covered by {on_back[0]}, not exposed")
        return
    cover = L.parts[enc2].top - L.parts[d].top
    yield check(at_most(abs(cover), ctx.options.flush_tolerance),
                f"the back of {d} is flush with the top of {enc2}, bare to the air",
                f"the back of {d} lies {mm(cover)} under the top of {enc2}: covered, not exposed")


@claim(SEED, 8, "claim 1 + heat sink attached to the substrate after chip mounting, embedded "
       "in the second encapsulant", parent=1, method=True)
def claim_8(ctx: Context) -> Iterator[Element]:
    L, sub, enc2 = ctx.layout, substrate(ctx), second_encapsulant(ctx)
    # "attaching a heat sink to the first surface": directly or through a bond line
    candidates = [p for p, _ in resting_on(L, sub, ctx.options) if L.parts[p].kind in SINK_KINDS]
    candidates.sort(key=lambda p: L.parts[p].kind != "heat_sink")  # name a sink's fault first
    sinks = [p for p in candidates if sink_fault(L, p, ctx.options) is None]
    if not sinks:
        yield missing(sink_fault(L, candidates[0], ctx.options) if candidates else
                      f"no heat sink is attached to the first surface of {sub}")
        return
    mount = mount_record(ctx)
    molded2 = step_of(ctx, "mold", enc2)
    # "comprising": each sink on the substrate is tried (a sink attached before the chip
    # does not take away the one attached after it)
    sink = ctx.pick("002.embedded_sink", sinks)
    attach = step_of(ctx, "attach_heat_sink", sink)
    if attach is None:
        yield missing(f"no step of the flow attaches {sink}")
        return
    if mount is None or attach.index < mount.index:
        yield missing(f"the heat sink {sink} is attached at step {attach.index}, before the "
                      "chip is mounted")
        return
    if molded2 is None or attach.index > molded2.index:
        yield missing(f"the heat sink {sink} is attached after the second encapsulant "
                      "is formed")
        return
    inside = contains(L.parts[enc2], L.parts[sink], ctx.options.flush_tolerance)
    yield check(inside, f"step {attach.index}: heat sink {sink} attached to {sub}, then "
                f"embedded in {enc2}",
                f"the heat sink {sink} is not encapsulated by {enc2}")
