"""Seed 000: flip-chip package with a stiffener, a first heat sink on the die back and the
stiffener, and a second heat sink under the substrate below the die (claims 1-18).

Claims 1-9 hang on claim 1; claims 10-18 repeat them on claim 10, which adds a
second heat sink whose in-plane CTE equals the substrate's.
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
    Mounting,
    Ring,
    balls_under,
    centred_rect,
    die_mounting,
    is_flip,
    joint_count,
    mm,
    mm2,
    on_top_of,
    overlap,
    sides_surrounded,
    sinks_on_back,
    sinks_under,
    spec_part,
    stiffener_rings,
)
from chippack.layout.placement import footprint_inside

SEED = "000"


# -- roles ---------------------------------------------------------------------------

def substrate(ctx: Context) -> str:
    return substrate_role(ctx)


def die(ctx: Context) -> str:
    return die_role(ctx, "chip")


def mounting(ctx: Context) -> Mounting:
    def find() -> Mounting:
        L, d, sub = ctx.layout, die(ctx), substrate(ctx)
        if not is_flip(L, d):
            raise Stop(f"{d} is mounted face up: its active surface is not mounted to "
                       f"the upper surface of {sub}")
        m = die_mounting(L, d, sub)
        if not m.joints:
            raise Stop(f"the active surface of {d} is not mounted on the upper surface of "
                       f"{sub}: no joints touch both")
        if not m.conductive:
            names = ", ".join(f"{j} ({L.parts[j].material})" for j in m.joints)
            raise Stop(f"{d} is not electrically connected to {sub}: its joints {names} "
                       "are not conductive")
        return m
    return ctx.remember("000.mounting", find)


def stiffener(ctx: Context) -> Ring:
    def find() -> Ring:
        L, d, sub = ctx.layout, die(ctx), substrate(ctx)
        rings = stiffener_rings(L, d, sub)
        if not rings:
            others = [p for p in L.parts if L.parts[p].kind == "stiffener"]
            if others:
                raise Stop(f"the stiffener {others[0]} is not on the upper surface of {sub} "
                           f"around {d}")
            raise Stop(f"no stiffener on the upper surface of {sub} around {d}")
        return rings[0]
    return ctx.remember("000.stiffener", find)


def first_sink(ctx: Context) -> tuple[str, str | None, Ring]:
    """(sink, bond layer or None, the stiffener ring it rests on)."""
    def find() -> tuple[str, str | None, Ring]:
        L, d = ctx.layout, die(ctx)
        sinks = sinks_on_back(L, d, ctx.options.max_bond_layers)
        if not sinks:
            back = ", ".join(on_top_of(L, d))
            carries = f" (only {back} rests on it)" if back else " (nothing rests on it)"
            raise Stop(f"no heat sink on the back surface of {d}{carries}")
        ring = stiffener(ctx)
        for sink, layer in sinks:
            if (ring.lid_legs and ring.part == sink) or L.rests_on(sink, ring.part) > 0:
                return sink, layer, ring
        raise Stop(f"the heat sink {sinks[0][0]} on the back of {d} is not on the stiffener "
                   f"{ring.part}")
    return ctx.remember("000.first_sink", find)


def second_sink(ctx: Context) -> tuple[str, str | None]:
    def find() -> tuple[str, str | None]:
        L, d, sub = ctx.layout, die(ctx), substrate(ctx)
        sinks = sinks_under(L, sub)
        if not sinks:
            raise Stop(f"no second heat sink on the lower surface of {sub}")
        below = [(s, layer) for s, layer in sinks if overlap(L.parts[s], L.parts[d]) > 0]
        if not below:
            raise Stop(f"the heat sink {sinks[0][0]} under {sub} is not below {d} "
                       "(their footprints do not overlap)")
        return below[0]
    return ctx.remember("000.second_sink", find)


def via(layer: str | None) -> str:
    return f" through {layer}" if layer else ""


# -- claim 1 and claim 10 --------------------------------------------------------------

def package(ctx: Context) -> Iterator[Element]:
    """The structure common to claims 1 and 10."""
    L = ctx.layout
    sub = substrate(ctx)
    yield ok(f"substrate {sub}")
    m = mounting(ctx)
    d = die(ctx)
    yield ok(f"{d} mounted face down on {sub} through {', '.join(m.conductive)}")
    ring = stiffener(ctx)
    yield ok(f"the legs of {ring.part} ring {d} on {sub}" if ring.lid_legs
             else f"stiffener {ring.part} on {sub} around {d}")
    sink, layer, ring = first_sink(ctx)
    yield ok(f"first heat sink {sink} on the back of {d}{via(layer)} and on {ring.part}")
    second, layer2 = second_sink(ctx)
    yield ok(f"second heat sink {second} on the lower surface of {sub}{via(layer2)}, below {d} "
             f"(overlap {mm2(overlap(L.parts[second], L.parts[d]))})")


@claim(SEED, 1, "stiffener around the flip chip, first sink on die back and stiffener, "
       "second sink under the substrate below the die")
def claim_1(ctx: Context) -> Iterator[Element]:
    yield from package(ctx)


@claim(SEED, 10, "as claim 1, with the second sink's CTE the same as the substrate's")
def claim_10(ctx: Context) -> Iterator[Element]:
    yield from package(ctx)
    yield from same_cte(ctx)


def same_cte(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sink, _ = second_sink(ctx)
    sub = substrate(ctx)
    a, b = L.material_of(sink), L.material_of(sub)
    if a.cte_in_plane is None or b.cte_in_plane is None:
        yield missing(f"the CTE of {a.name if a.cte_in_plane is None else b.name} is unknown")
        return
    diff = abs(a.cte_in_plane - b.cte_in_plane) * 1e6
    yield check(
        diff <= ctx.options.cte_tolerance_ppm,
        f"{sink} ({a.name}, {a.cte_in_plane * 1e6:.3g} ppm/K) matches {sub} ({b.name}, "
        f"{b.cte_in_plane * 1e6:.3g} ppm/K) within {ctx.options.cte_tolerance_ppm:g} ppm/K",
        f"the CTE of the second heat sink {sink} ({a.name}, {a.cte_in_plane * 1e6:.3g} ppm/K) "
        f"differs from the substrate's ({b.name}, {b.cte_in_plane * 1e6:.3g} ppm/K) by "
        f"{diff:.3g} ppm/K, more than {ctx.options.cte_tolerance_ppm:g} ppm/K")


# -- dependent elements (each registered on claim 1 and on claim 10) ------------------------

def fins(ctx: Context) -> Iterator[Element]:
    sink, _ = second_sink(ctx)
    feats = ctx.layout.parts[sink].features
    spec = spec_part(ctx.layout, sink)
    yield check("fins" in feats,
                f"{sink} carries {spec.fins.count if spec.fins else 0} fins",
                f"the second heat sink {sink} has no fins")


def first_metal(ctx: Context) -> Iterator[Element]:
    sink, _, _ = first_sink(ctx)
    mat = ctx.layout.material_of(sink)
    yield check(mat.is_metal, f"{sink} is {mat.name} (a metal)",
                f"the first heat sink {sink} is {mat.name} ({mat.category}), not a metal")


def second_metal(ctx: Context) -> Iterator[Element]:
    sink, _ = second_sink(ctx)
    mat = ctx.layout.material_of(sink)
    yield check(mat.is_metal, f"{sink} is {mat.name} (a metal)",
                f"the second heat sink {sink} is {mat.name} ({mat.category}), not a metal")


def bumps(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    m = mounting(ctx)
    d = die(ctx)
    arrays = [j for j in m.conductive if L.parts[j].kind == "bump_array"]
    if not arrays:
        yield missing(f"{d} is joined by {', '.join(m.conductive)} ({L.parts[m.conductive[0]].kind}), "
                      "not by bumps")
        return
    n = sum(joint_count(L, j) for j in arrays)
    yield check(n >= ctx.options.min_joints,
                f"{d} mounted and connected through {n} bumps ({', '.join(arrays)})",
                f"{d} is joined by {n} bump only, not a plurality of bumps")


def underfill(ctx: Context) -> Iterator[Element]:
    from chippack.claims.roles import filler_between

    d, sub = die(ctx), substrate(ctx)
    found = filler_between(ctx.layout, "underfill", sub, d)
    yield check(bool(found), f"underfill {found[0] if found else ''} between {d} and {sub}",
                f"no underfill between {d} and {sub}")


def balls_around(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sub = substrate(ctx)
    sink, _ = second_sink(ctx)
    balls = balls_under(L, sub)
    if not balls:
        yield missing(f"no solder balls on the lower surface of {sub}")
        return
    solder = [b for b in balls if L.material_of(b).category == "solder"]
    if not solder:
        yield missing(f"the balls {balls[0]} are {L.parts[balls[0]].material}, not solder")
        return
    env = L.parts[sink].envelope
    best = max(solder, key=lambda b: len(sides_surrounded(L.parts[b].centres, env)))
    sides = sides_surrounded(L.parts[best].centres, env)
    n = joint_count(L, best)
    if n < ctx.options.min_joints:
        yield missing(f"{best} is a single ball, not a plurality of solder balls")
        return
    yield check(len(sides) == 4,
                f"{n} solder balls ({best}) on the lower surface of {sub} on all four sides "
                f"of {sink}",
                f"the solder balls {best} lie on the {', '.join(sides) or 'no'} side(s) of "
                f"{sink} only, not around it")


def integral(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sink, _, ring = first_sink(ctx)
    if ring.lid_legs:
        yield ok(f"{sink} and its stiffening legs are one body")
        return
    joined = (spec_part(L, sink).integral_with == ring.part
              or spec_part(L, ring.part).integral_with == sink)
    yield check(joined, f"{sink} is formed in one body with {ring.part}",
                f"the stiffener {ring.part} and the first heat sink {sink} are separate "
                "bodies (not integral_with each other)")


def smaller_than_die(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sink, _ = second_sink(ctx)
    d = die(ctx)
    a, b = L.parts[sink].footprint_area, L.parts[d].footprint_area
    yield check(a < b, f"{sink} ({mm2(a)}) is smaller than {d} ({mm2(b)})",
                f"the second heat sink {sink} ({mm2(a)}) is not smaller than the chip "
                f"{d} ({mm2(b)})")


def central_area(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sub = substrate(ctx)
    sink, layer = second_sink(ctx)
    size = spec_part(L, sub).central_area
    d = die(ctx)
    if size is None:
        area = L.parts[d].envelope
        where = f"the shadow of {d} (no central_area given on {sub})"
    else:
        area = centred_rect(L, sub, size)
        where = f"the {mm(size[0])} × {mm(size[1])} central area of {sub}"
    yield check(footprint_inside(L.parts[sink].envelope, area, ctx.options.flush_tolerance),
                f"{sink} is attached{via(layer)} within {where}",
                f"the second heat sink {sink} reaches outside {where}")


for _parent, _numbers in ((1, (2, 3, 4, 5, 7, 8, 9)), (10, (11, 12, 13, 14, 16, 17))):
    _offset = 0 if _parent == 1 else 9
    _table = {
        2: ("second sink has fins", fins),
        3: ("first sink is metal", first_metal),
        4: ("second sink is metal", second_metal),
        5: ("die mounted and connected through bumps", bumps),
        7: ("solder balls on the lower surface around the second sink", balls_around),
        8: ("stiffener and first sink are one body", integral),
        9: ("second sink smaller in area than the die", smaller_than_die),
    }
    for _n in _numbers:
        _base = _n - _offset
        _summary, _func = _table[_base]
        claim(SEED, _n, f"claim {_parent} + {_summary}", parent=_parent)(_func)

claim(SEED, 6, "claim 5 + underfill between die and substrate", parent=5)(underfill)
claim(SEED, 15, "claim 14 + underfill between die and substrate", parent=14)(underfill)
claim(SEED, 18, "claim 10 + second sink attached to the substrate's central area",
      parent=10)(central_area)
