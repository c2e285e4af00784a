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
    SinkBumps,
    bumped_sinks,
    filler_between,
    joint_count,
    mm,
    sinks_on_back,
    spec_part,
    substrate_of,
    underneath,
)
from chippack.process.ledger import StepRecord

SEED = "001"


# -- roles ---------------------------------------------------------------------------

def die(ctx: Context) -> str:
    return die_role(ctx, "IC chip")


def is_solder(ctx: Context, pid: str) -> bool:
    return ctx.layout.material_of(pid).category == "solder"


def first_bumps(ctx: Context) -> str:
    def find() -> str:
        L, d = ctx.layout, die(ctx)
        arrays = [p for p in underneath(L, d) if L.parts[p].kind in JOINT_KINDS]
        if not arrays:
            raise Stop(f"no bumps on the lower surface of {d}")
        solder = [a for a in arrays if is_solder(ctx, a)]
        if not solder:
            raise Stop(f"the bumps {arrays[0]} under {d} are {L.parts[arrays[0]].material}, "
                       "not solder")
        best = max(solder, key=lambda a: joint_count(L, a))
        if joint_count(L, best) < ctx.options.min_joints:
            raise Stop(f"{best} under {d} is a single bump, not a plurality")
        return best
    return ctx.remember("001.first_bumps", find)


def sink_bumps(ctx: Context) -> SinkBumps:
    def find() -> SinkBumps:
        L, d = ctx.layout, die(ctx)
        chains = bumped_sinks(L, d)
        if not chains:
            bonded = sinks_on_back(L, d, ctx.options.max_bond_layers)
            if bonded:
                sink, layer = bonded[0]
                how = f"through {layer} ({L.parts[layer].material})" if layer else "directly"
                raise Stop(f"the heat sink {sink} sits on {d} {how}, not on second solder bumps")
            raise Stop(f"no heat sink is attached to the upper surface of {d} by bumps")
        solder = [c for c in chains if is_solder(ctx, c.bumps)]
        if not solder:
            c = chains[0]
            raise Stop(f"the bumps {c.bumps} holding {c.sink} are {L.parts[c.bumps].material}, "
                       "not solder")
        best = solder[0]
        if joint_count(L, best.bumps) < ctx.options.min_joints:
            raise Stop(f"{best.sink} is held by a single bump, not a plurality of second bumps")
        return best
    return ctx.remember("001.sink_bumps", find)


# -- structure (claims 1-5) -------------------------------------------------------------

@claim(SEED, 1, "chip with first solder bumps underneath; heat sink attached to its upper "
       "surface through second solder bumps")
def claim_1(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    d = die(ctx)
    fb = first_bumps(ctx)
    yield ok(f"{joint_count(L, fb)} first solder bumps {fb} ({L.parts[fb].material}) on the "
             f"lower surface of {d}")
    chain = sink_bumps(ctx)
    yield ok(f"heat sink {chain.sink} attached to the upper surface of {d} through "
             f"{joint_count(L, chain.bumps)} second solder bumps {chain.bumps}")


def sink_metal(ctx: Context) -> Iterator[Element]:
    sink = sink_bumps(ctx).sink
    mat = ctx.layout.material_of(sink)
    yield check(mat.is_metal, f"{sink} is {mat.name} (a metal)",
                f"the heat sink {sink} is {mat.name} ({mat.category}), not a metal")


def sink_dummy_chip(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sink = sink_bumps(ctx).sink
    mat = L.material_of(sink)
    dummy = spec_part(L, sink).construction == "dummy_chip" or mat.category == "semiconductor"
    yield check(dummy, f"{sink} is a dummy {mat.name} chip without wiring",
                f"the heat sink {sink} is a {mat.name} {spec_part(L, sink).construction}, "
                "not a dummy chip")


def ubm_aligned(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    d = die(ctx)
    chain = sink_bumps(ctx)
    if chain.ubm is None:
        yield missing(f"no UBM pads on the upper surface of {d}: the second bumps "
                      f"{chain.bumps} stand on the bare die")
        return
    pads, bumps = L.parts[chain.ubm].centres, L.parts[chain.bumps].centres
    if pads is None or bumps is None or len(pads) != len(bumps):
        yield missing(f"the {len(bumps)} second bumps do not match the "
                      f"{0 if pads is None else len(pads)} UBM pads of {chain.ubm}")
        return
    order = np.lexsort((pads[:, 1], pads[:, 0]))
    order_b = np.lexsort((bumps[:, 1], bumps[:, 0]))
    offset = float(np.max(np.hypot(*(pads[order] - bumps[order_b]).T)))
    yield check(offset <= ctx.options.alignment_tolerance,
                f"{len(pads)} UBM pads {chain.ubm} on {d}, second bumps aligned with them "
                f"(largest offset {mm(offset)})",
                f"the second bumps {chain.bumps} are off their UBM pads {chain.ubm} by up to "
                f"{mm(offset)} (tolerance {ctx.options.alignment_tolerance_mm:g} mm)")


def sink_underfill(ctx: Context) -> Iterator[Element]:
    d = die(ctx)
    sink = sink_bumps(ctx).sink
    found = filler_between(ctx.layout, "underfill", d, sink)
    yield check(bool(found), f"underfill {found[0] if found else ''} between {d} and {sink}",
                f"no underfill between {d} and the heat sink {sink}")


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
    yield ok(f"step {joined.step}: reflow at {joined.peak_c:g} °C joins {chain.bumps}")


def aligned_on_placing(ctx: Context) -> Iterator[Element]:
    """Claims 7 and 12: UBM pads on the chip, the sink placing step aligns to them."""
    chain = sink_bumps(ctx)
    yield from ubm_aligned(ctx)
    rec = placement(ctx, chain.sink)
    aligned = rec is not None and rec.facts.get("aligned_to") == chain.ubm
    yield check(aligned, f"step {rec.index if rec else '?'}: placing {chain.sink} aligns "
                f"{chain.bumps} to {chain.ubm}",
                f"placing {chain.sink} (step {rec.index if rec else '?'}) does not align "
                f"{chain.bumps} to the UBM pads {chain.ubm}")


def underfilled_and_cured(ctx: Context, lower: str, upper: str) -> Iterator[Element]:
    """An underfill between two parts, dispensed in the flow and cured after."""
    assert ctx.ledger is not None
    found = filler_between(ctx.layout, "underfill", lower, upper)
    if not found:
        yield missing(f"no underfill between {lower} and {upper}")
        return
    uf = found[0]
    rec = ctx.ledger.record_for("dispense_underfill", uf)
    if rec is None:
        yield missing(f"no step of the flow forms the underfill {uf}")
        return
    cured = [c for c in ctx.ledger.cures if uf in c.parts and c.step > rec.index]
    yield check(bool(cured),
                f"step {rec.index}: underfill {uf} between {lower} and {upper}, cured at step "
                f"{cured[0].step if cured else '?'} ({cured[0].temperature_c if cured else 0:g} °C)",
                f"the underfill {uf} (step {rec.index}) is never cured")


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
    sub = substrate_of(L)
    if sub is None:
        yield missing("the design has no substrate")
        return
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
                f"step {first.step}: one reflow at {first.peak_c:g} °C joins {fb} and "
                f"{chain.bumps} at the same time{melt}",
                f"the reflow of step {first.step} runs before both parts are placed")


def both_underfills(ctx: Context) -> Iterator[Element]:
    sub = substrate_of(ctx.layout)
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
