"""Seed 001: a flip chip whose heat sink is soldered to the die back on second bumps.

Claims 1-5 are structural (decided on the layout); claims 6-10 (sink placed and
reflowed onto the chip) and 11-15 (chip and sink joined to substrate and chip in
one reflow) are method claims decided on the process ledger plus the layout.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from chippack.claims.core import (
    Context,
    Element,
    Stop,
    check,
    claim,
    die_role,
    missing,
    ok,
)
from chippack.claims.roles import (
    JOINT_KINDS,
    SINK_KINDS,
    SinkBumps,
    at_most,
    back_neighbours,
    bumped_sinks,
    fillers_between,
    is_flip,
    joint_count,
    material,
    mm,
    sink_fault,
    spec_part,
    substrate_of,
    ubm_fault,
    underneath,
)
from chippack.process.ledger import StepRecord

SEED = "001"


# -- roles ---------------------------------------------------------------------------

def die(ctx: Context) -> str:
    return die_role(ctx, "IC chip")


def is_solder(ctx: Context, pid: str) -> bool:
    """Solder by substance: a fusible metal (see :attr:`Material.is_solder`)."""
    return material(ctx.layout, pid).is_solder


def formed_on(ctx: Context, bumps: str) -> str | None:
    """The part a bump array was formed on (None: the design does not say)."""
    return getattr(spec_part(ctx.layout, bumps), "formed_on", None)


def first_bumps(ctx: Context) -> str:
    def find() -> str:
        L, d = ctx.layout, die(ctx)
        if not is_flip(L, d):
            raise Stop(f"{d} is face up: not a flip chip (its active surface does not face "
                       "down on the first bumps)")
        arrays = [p for p in underneath(L, d) if L.parts[p].kind in JOINT_KINDS]
        if not arrays:
            raise Stop(f"no bumps on the lower surface of {d}")
        solder = [a for a in arrays if is_solder(ctx, a)]
        if not solder:
            raise Stop(f"the bumps {arrays[0]} under {d} are {L.parts[arrays[0]].material}, "
                       "not solder")
        plural = [a for a in solder if joint_count(L, a) >= ctx.options.min_joints]
        if not plural:
            raise Stop(f"{solder[0]} under {d} is a single bump, not a plurality")
        return ctx.pick("001.first_bumps", plural)
    return ctx.remember("001.first_bumps", find)


def sink_bumps(ctx: Context) -> SinkBumps:
    def find() -> SinkBumps:
        L, d, opt = ctx.layout, die(ctx), ctx.options
        first_bumps(ctx)
        chains = [c for c in bumped_sinks(L, d, opt) if c.sink != d]
        if not chains:
            bonded = [(n, layer) for n, layer in back_neighbours(L, d, opt)
                      if L.parts[n].kind in SINK_KINDS]
            if bonded:
                sink, layer = bonded[0]
                how = f"through {layer} ({L.parts[layer].material})" if layer else "directly"
                raise Stop(f"the heat sink {sink} sits on {d} {how}, not on second solder bumps")
            raise Stop(f"no heat sink is attached to the upper surface of {d} by bumps")
        faults = [f for c in chains for f in [sink_fault(L, c.sink, opt)] if f]
        chains = [c for c in chains if sink_fault(L, c.sink, opt) is None]
        if not chains:
            raise Stop(faults[0])
        solder = [c for c in chains if is_solder(ctx, c.bumps)]
        if not solder:
            c = chains[0]
            raise Stop(f"the bumps {c.bumps} holding {c.sink} are {L.parts[c.bumps].material}, "
                       "not solder")
        plural = [c for c in solder if joint_count(L, c.bumps) >= opt.min_joints]
        if not plural:
            raise Stop(f"{solder[0].sink} is held by a single bump, not a plurality of second "
                       "bumps")
        return ctx.pick("001.sink_bumps", plural)
    return ctx.remember("001.sink_bumps", find)


# -- structure (claims 1-5) -------------------------------------------------------------

@claim(SEED, 1, "chip with first solder bumps underneath; heat sink attached to its upper "
       "surface through second solder bumps")
def claim_1(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    d = die(ctx)
    fb = first_bumps(ctx)
    # "an IC chip having ... first solder bumps formed on a lower surface thereof": bumps
    # formed on the substrate, the chip placed onto them, are not the chip's
    where = formed_on(ctx, fb)
    if where not in (None, d):
        yield missing(f"the bumps {fb} under {d} were formed on {where}, not on the lower "
                      f"surface of {d}")
        return
    yield ok(f"{joint_count(L, fb)} first solder bumps {fb} ({L.parts[fb].material}) on the "
             f"lower surface of {d}")
    chain = sink_bumps(ctx)
    # "a heat sink having a plurality of second solder bumps" (claim 4: "the second solder
    # bumps of the heat sink"): bumps formed on the chip's back are the chip's
    where = formed_on(ctx, chain.bumps)
    if where not in (None, chain.sink):
        yield missing(f"the bumps {chain.bumps} under {chain.sink} were formed on {where}, not "
                      f"on the heat sink: {chain.sink} does not have second solder bumps of "
                      "its own")
        return
    yield ok(f"heat sink {chain.sink} attached to the upper surface of {d} through "
             f"{joint_count(L, chain.bumps)} second solder bumps {chain.bumps}")


def sink_metal(ctx: Context) -> Iterator[Element]:
    sink = sink_bumps(ctx).sink
    mat = material(ctx.layout, sink)
    yield check(mat.is_metal, f"{sink} is {mat.name} (a metal)",
                f"the heat sink {sink} is {mat.name} ({mat.category}), not a metal")


def sink_dummy_chip(ctx: Context) -> Iterator[Element]:
    """A dummy chip: a semiconductor body (a chip) with no wiring formed in it."""
    L = ctx.layout
    sink = sink_bumps(ctx).sink
    mat = material(L, sink)
    if mat.category != "semiconductor":
        declared = (" (declared construction: dummy_chip)"
                    if getattr(spec_part(L, sink), "construction", "") == "dummy_chip" else "")
        yield missing(f"the heat sink {sink} is {mat.name} ({mat.category}){declared}: not a "
                      "semiconductor chip, so not a dummy chip")
        return
    yield check(not spec_part(L, sink).wiring,
                f"{sink} is a {mat.name} chip without wiring (wiring: false)",
                f"the heat sink {sink} is a {mat.name} chip with wiring formed in it "
                "(wiring: true), not a dummy chip")


def ubm_aligned(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    d = die(ctx)
    chain = sink_bumps(ctx)
    if chain.ubm is None:
        yield missing(f"no UBM pads on the upper surface of {d}: the second bumps "
                      f"{chain.bumps} stand on the bare die")
        return
    fault = ubm_fault(L, chain.ubm)
    if fault:
        yield missing(fault)
        return
    pads, bumps = L.parts[chain.ubm].centres, L.parts[chain.bumps].centres
    if pads is None or bumps is None or len(pads) != len(bumps):
        yield missing(f"the {len(bumps)} second bumps do not match the "
                      f"{0 if pads is None else len(pads)} UBM pads of {chain.ubm}")
        return
    order = np.lexsort((pads[:, 1], pads[:, 0]))
    order_b = np.lexsort((bumps[:, 1], bumps[:, 0]))
    offset = float(np.max(np.hypot(*(pads[order] - bumps[order_b]).T)))
    yield check(at_most(offset, ctx.options.alignment_tolerance),
                f"{len(pads)} UBM pads {chain.ubm} on {d}, second bumps aligned with them "
                f"(largest offset {mm(offset)})",
                f"the second bumps {chain.bumps} are off their UBM pads {chain.ubm} by up to "
                f"{mm(offset)} (tolerance {ctx.options.alignment_tolerance_mm:g} mm)")


def sink_underfill(ctx: Context) -> Iterator[Element]:
    d = die(ctx)
    sink = sink_bumps(ctx).sink
    found, faults = fillers_between(ctx.layout, d, sink, ctx.options)
    if not found:
        yield missing(faults[0] if faults else f"no underfill between {d} and the heat sink "
                      f"{sink}")
        return
    yield ok(f"underfill {found[0]} ({ctx.layout.parts[found[0]].material}) between {d} and "
             f"{sink}")


claim(SEED, 2, "claim 1 + heat sink of metal", parent=1)(sink_metal)
claim(SEED, 3, "claim 1 + heat sink is a dummy chip without wiring", parent=1)(sink_dummy_chip)
claim(SEED, 4, "claim 1 + UBM pads on the chip's upper surface, second bumps aligned to them",
      parent=1)(ubm_aligned)
claim(SEED, 5, "claim 1 + underfill between chip and heat sink", parent=1)(sink_underfill)


# -- methods (claims 6-15) ----------------------------------------------------------------

def placement(ctx: Context, part: str) -> StepRecord | None:
    assert ctx.ledger is not None
    return ctx.ledger.record_for("place", part) or ctx.ledger.record_for("mount", part)


def provided_with_bumps(ctx: Context, bumps: str, owner: str, role: str) -> Element:
    """The ledger forms ``bumps`` on ``owner`` (the chip or the heat sink)."""
    assert ctx.ledger is not None
    rec = ctx.ledger.record_for("dispose_bumps", bumps)
    if rec is None:
        return missing(f"no step of the flow forms the {role} {bumps}")
    formed_on = rec.facts.get("formed_on")
    if formed_on != owner:
        return missing(f"the {role} {bumps} are formed on {formed_on} (step {rec.index}), "
                       f"not provided on {owner}")
    return ok(f"step {rec.index}: {role} {bumps} formed on {owner}")


def sink_placed_on_chip(ctx: Context) -> tuple[Element, StepRecord | None]:
    d, sink = die(ctx), sink_bumps(ctx).sink
    rec = placement(ctx, sink)
    if rec is None or d not in rec.targets:
        where = f" (it is attached at step {rec.index} on {', '.join(rec.targets)})" if rec else ""
        return missing(f"no step places the heat sink {sink} on {d}{where}"), None
    return ok(f"step {rec.index}: {sink} placed on {d}"), rec


def sink_method(ctx: Context) -> Iterator[Element]:
    """Claim 6: bumped chip, bumped sink, sink placed on the chip, second bumps reflowed."""
    assert ctx.ledger is not None
    d = die(ctx)
    fb = first_bumps(ctx)
    chain = sink_bumps(ctx)
    yield provided_with_bumps(ctx, fb, d, "first solder bumps")
    yield provided_with_bumps(ctx, chain.bumps, chain.sink, "second solder bumps")
    element, placed = sink_placed_on_chip(ctx)
    yield element
    assert placed is not None
    joined = ctx.ledger.joined_by(chain.bumps)
    shortfall = reflow_shortfall(ctx.ledger, chain.bumps)
    if joined is None and shortfall is not None:
        yield missing(shortfall)
        return
    if joined is None or joined.step < placed.index:
        yield missing(f"no reflow after placing {chain.sink} (step {placed.index}) joins "
                      f"{chain.bumps}")
        return
    yield ok(f"step {joined.step}: reflow at {joined.air_peak_c:g} °C joins {chain.bumps}")


def aligned_on_placing(ctx: Context) -> Iterator[Element]:
    """Claims 7 and 12: UBM pads on the chip, the sink placing step aligns to them."""
    chain = sink_bumps(ctx)
    yield from ubm_aligned(ctx)
    rec = placement(ctx, chain.sink)
    aligned = rec is not None and rec.facts.get("aligned_to") == chain.ubm
    if not aligned:
        yield missing(f"placing {chain.sink} (step {rec.index if rec else '?'}) does not align "
                      f"{chain.bumps} to the UBM pads {chain.ubm}")
        return
    offset = float(rec.facts.get("offset_m", 0.0) or 0.0)
    yield check(at_most(offset, ctx.options.alignment_tolerance),
                f"step {rec.index}: placing {chain.sink} aligns {chain.bumps} to {chain.ubm} "
                f"(placed {mm(offset)} off, within {ctx.options.alignment_tolerance_mm:g} mm)",
                f"placing {chain.sink} (step {rec.index}) puts {chain.bumps} {mm(offset)} off "
                f"the UBM pads {chain.ubm}, more than the {ctx.options.alignment_tolerance_mm:g} "
                "mm of an alignment")


def underfilled_and_cured(ctx: Context, lower: str, upper: str) -> Iterator[Element]:
    """An underfill between two parts, formed in the flow and cured after it, inside the
    cure window of its material (temperature range and shortest time)."""
    assert ctx.ledger is not None
    L = ctx.layout
    found, faults = fillers_between(L, lower, upper, ctx.options)
    if not found:
        yield missing(faults[0] if faults else f"no underfill between {lower} and {upper}")
        return
    uf = found[0]
    rec = ctx.ledger.record_for("dispense_underfill", uf) or ctx.ledger.record_for("mold", uf)
    if rec is None:
        yield missing(f"no step of the flow forms the underfill {uf}")
        return
    mat = material(L, uf)
    cures = [c for c in ctx.ledger.cures if uf in c.parts and c.step >= rec.index]
    if not cures:
        yield missing(f"the underfill {uf} (step {rec.index}) is never cured")
        return
    good = [c for c in cures if in_cure_window(mat, c.temperature_c, c.time_s)]
    c = (good or cures)[0]
    yield check(bool(good),
                f"step {rec.index}: underfill {uf} between {lower} and {upper}, cured at step "
                f"{c.step} ({c.temperature_c:g} °C, {c.time_s / 60:g} min; {mat.name} cures "
                f"at {mat.cure_window_text})",
                f"the underfill {uf} is cured at step {c.step} at {c.temperature_c:g} °C for "
                f"{c.time_s / 60:g} min, outside the cure window of {mat.name} "
                f"({mat.cure_window_text})")


def in_cure_window(mat, temperature_c: float, time_s: float) -> bool:
    """Inside the material's cure window (a bound the material does not state is open)."""
    lo, hi, t = mat.cure_min_temperature, mat.cure_max_temperature, mat.cure_min_time
    if lo is None and hi is None and t is None:
        return False
    return ((lo is None or temperature_c >= lo) and (hi is None or temperature_c <= hi)
            and (t is None or time_s >= t))


def sink_underfill_cured(ctx: Context) -> Iterator[Element]:
    yield from underfilled_and_cured(ctx, die(ctx), sink_bumps(ctx).sink)


def reflow_shortfall(ledger, *joints: str) -> str | None:
    """Why the simulated reflow that was to join ``joints`` (placed in the same pass) left
    some of them short, from the ledger's simulated facts; None when it joined them all."""
    for r in ledger.reflows:
        if not set(joints) <= set(r.placed):
            continue
        short = [j for j in joints if j in r.short]
        if not short:
            return None
        sim = ", ".join(f"{j} {r.simulated[j]['peak_min_c']:.1f} °C / "
                        f"{r.simulated[j]['time_above_liquidus_s']:.0f} s"
                        for j in joints if j in r.simulated)
        return (f"step {r.step} ({r.label}, {r.oven}): the simulated reflow leaves "
                f"{'; '.join(r.short[j] for j in short)} (needs "
                f"{r.min_time_above_liquidus_s:g} s above liquidus; coldest joint peak / time "
                f"above liquidus: {sim})")
    return None


def coreflow_method(ctx: Context) -> Iterator[Element]:
    """Claim 11: chip on substrate pads, sink on chip, one reflow joins both bump sets."""
    assert ctx.ledger is not None
    L = ctx.layout
    subs = substrate_of(L)
    if not subs:
        yield missing("the design has no substrate")
        return
    sub = ctx.pick("substrate", subs)
    if not spec_part(L, sub).contact_pads:
        yield missing(f"{sub} has no contact pads (contact_pads: false)")
        return
    yield ok(f"substrate {sub} with contact pads")
    d = die(ctx)
    fb = first_bumps(ctx)
    chain = sink_bumps(ctx)
    yield provided_with_bumps(ctx, fb, d, "first solder bumps")
    yield provided_with_bumps(ctx, chain.bumps, chain.sink, "second solder bumps")
    chip_rec = placement(ctx, d)
    if chip_rec is None or sub not in chip_rec.targets:
        yield missing(f"no step places {d} on {sub}")
        return
    if chip_rec.facts.get("aligned_to") != f"{sub}.contact_pads":
        yield missing(f"placing {d} on {sub} (step {chip_rec.index}) does not align {fb} with "
                      f"the contact pads of {sub}")
        return
    chip_offset = float(chip_rec.facts.get("offset_m", 0.0) or 0.0)
    if not at_most(chip_offset, ctx.options.alignment_tolerance):
        yield missing(f"placing {d} (step {chip_rec.index}) puts {fb} {mm(chip_offset)} off the "
                      f"contact pads of {sub}, more than the "
                      f"{ctx.options.alignment_tolerance_mm:g} mm of an alignment")
        return
    yield ok(f"step {chip_rec.index}: {d} placed on {sub}, {fb} aligned with its contact pads")
    element, sink_rec = sink_placed_on_chip(ctx)
    yield element
    assert sink_rec is not None
    shortfall = reflow_shortfall(ctx.ledger, fb, chain.bumps)
    if shortfall is not None:
        yield missing(shortfall)
        return
    first, second = ctx.ledger.joined_by(fb), ctx.ledger.joined_by(chain.bumps)
    if first is None or second is None:
        yield missing(f"{fb if first is None else chain.bumps} is never reflowed")
        return
    if first.step != second.step:
        yield missing(f"{fb} is joined by the reflow of step {first.step} and {chain.bumps} by "
                      f"that of step {second.step}: two reflows, not one at the same time")
        return
    last_place = max(chip_rec.index, sink_rec.index)
    sim = first.simulated
    melt = "".join(f"; {j} simulated {sim[j]['peak_min_c']:.1f} °C, "
                   f"{sim[j]['time_above_liquidus_s']:.0f} s above liquidus"
                   for j in (fb, chain.bumps) if j in sim)
    yield check(first.step > last_place,
                f"step {first.step}: one reflow at {first.air_peak_c:g} °C joins {fb} and "
                f"{chain.bumps} at the same time{melt}",
                f"the reflow of step {first.step} runs before both parts are placed")


def both_underfills(ctx: Context) -> Iterator[Element]:
    sub = ctx.pick("substrate", substrate_of(ctx.layout))
    d = die(ctx)
    yield from underfilled_and_cured(ctx, d, sink_bumps(ctx).sink)
    yield from underfilled_and_cured(ctx, sub, d)


claim(SEED, 6, "method: bumped chip and bumped sink provided, sink placed on chip, second "
      "bumps reflowed", method=True)(sink_method)
claim(SEED, 7, "claim 6 + UBM pads on the chip; placing aligns the second bumps to them",
      parent=6, method=True)(aligned_on_placing)
claim(SEED, 8, "claim 6 + underfill formed between chip and sink, then cured", parent=6,
      method=True)(sink_underfill_cured)
claim(SEED, 9, "claim 6 + heat sink of metal", parent=6, method=True)(sink_metal)
claim(SEED, 10, "claim 6 + heat sink is a dummy chip", parent=6, method=True)(sink_dummy_chip)
claim(SEED, 11, "method: chip placed on substrate pads, sink on chip, both bump sets "
      "reflowed in one pass", method=True)(coreflow_method)
claim(SEED, 12, "claim 11 + UBM pads; placing the sink aligns the second bumps to them",
      parent=11, method=True)(aligned_on_placing)
claim(SEED, 13, "claim 11 + underfill between chip and sink and between chip and substrate, "
      "then cured", parent=11, method=True)(both_underfills)
claim(SEED, 14, "claim 11 + heat sink of metal", parent=11, method=True)(sink_metal)
claim(SEED, 15, "claim 11 + heat sink is a dummy chip", parent=11, method=True)(sink_dummy_chip)
