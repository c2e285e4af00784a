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
    SINK_KINDS,
    Mounting,
    Ring,
    at_least,
    at_most,
    back_neighbours,
    balls_under,
    below_fraction,
    centred_rect,
    die_mounting,
    hanging_under,
    is_flip,
    joint_count,
    material,
    mm,
    mm2,
    overlap,
    resting_on,
    sides_surrounded,
    sink_fault,
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
        # "the chip is electrically connected to the substrate": through its bumps, which
        # need the substrate's contact pads to land on (bare laminate conducts nothing)
        if not spec_part(L, sub).contact_pads:
            raise Stop(f"{d} is not electrically connected to {sub}: its bumps "
                       f"{', '.join(m.conductive)} land on a surface without contact pads "
                       "(contact_pads: false)")
        return m
    return ctx.remember("000.mounting", find)


def stiffener(ctx: Context) -> Ring:
    def find() -> Ring:
        L, d, sub = ctx.layout, die(ctx), substrate(ctx)
        rings, faults = stiffener_rings(L, d, sub, ctx.options)
        if not rings:
            if faults:
                raise Stop(faults[0])
            raise Stop(f"no stiffener on the upper surface of {sub} around {d}")
        return ctx.pick("000.stiffener", rings)
    return ctx.remember("000.stiffener", find)


def on_ring(ctx: Context, sink: str, ring: Ring) -> str | None:
    """How ``sink`` rests on the stiffener ("" directly, the bond line's id), or None."""
    if ring.lid_legs:
        return "" if ring.part == sink else None
    for body in ring.parts:
        for part, layer in resting_on(ctx.layout, body, ctx.options):
            if part == sink:
                return layer or ""
    return None


def first_sink(ctx: Context) -> tuple[str, str | None, Ring, str]:
    """(sink, bond layer on the die or None, the stiffener, bond layer on the stiffener)."""
    def find() -> tuple[str, str | None, Ring, str]:
        L, d, opt = ctx.layout, die(ctx), ctx.options
        mounting(ctx)
        on_back = back_neighbours(L, d, opt)
        faults = [f for n, _ in on_back if L.parts[n].kind in SINK_KINDS
                  for f in [sink_fault(L, n, opt)] if f]
        sinks = [(n, layer) for n, layer in on_back
                 if L.parts[n].kind in SINK_KINDS and sink_fault(L, n, opt) is None]
        if not sinks:
            from chippack.claims.roles import bond_line_fault, on_top_of
            gaps = [f for n, _ in on_back if L.parts[n].kind == "tim"
                    and any(L.parts[m].kind in SINK_KINDS for m in on_top_of(L, n))
                    for f in [bond_line_fault(L, n, opt)] if f]
            if faults or gaps:
                raise Stop((faults + gaps)[0])
            back = ", ".join(n for n, _ in on_back)
            carries = f" (only {back} rests on it)" if back else " (nothing rests on it)"
            raise Stop(f"no heat sink on the back surface of {d}{carries}")
        # "disposed on the back surface of the chip": resting on it (above) and lying over
        # it, not beside it with a corner over it: the footprints overlap on at least
        # min_on_die_fraction of the smaller one (a small TIM dot under a lid is fine)
        def on_die(sink: str) -> float:
            return below_fraction(L.parts[sink], L.parts[d])

        resting = [(n, layer) for n, layer in sinks
                   if at_least(on_die(n), opt.min_on_die_fraction)]
        if not resting:
            n, layer = sinks[0]
            raise Stop(f"the heat sink {n} on {d}{via(layer)} lies over {on_die(n):.0%} of "
                       f"the smaller footprint, less than {opt.min_on_die_fraction:.0%}: "
                       "beside the chip, not on its back surface")
        sinks = resting
        ring = stiffener(ctx)
        found = [(s, layer, ring, via_ring) for s, layer in sinks
                 for via_ring in [on_ring(ctx, s, ring)] if via_ring is not None]
        if not found:
            raise Stop(f"the heat sink {sinks[0][0]} on the back of {d} is not on the "
                       f"stiffener {ring.name}")
        return ctx.pick("000.first_sink", found)
    return ctx.remember("000.first_sink", find)


def second_sink(ctx: Context) -> tuple[str, str | None]:
    def find() -> tuple[str, str | None]:
        L, d, sub, opt = ctx.layout, die(ctx), substrate(ctx), ctx.options
        under = [(n, layer) for n, layer in hanging_under(L, sub, opt)
                 if L.parts[n].kind in SINK_KINDS]
        if not under:
            raise Stop(f"no second heat sink on the lower surface of {sub}")
        faults = [f for n, _ in under for f in [sink_fault(L, n, opt)] if f]
        sinks = [(n, layer) for n, layer in under if sink_fault(L, n, opt) is None]
        if not sinks:
            raise Stop(faults[0])
        below = [(s, layer) for s, layer in sinks
                 if at_least(below_fraction(L.parts[s], L.parts[d]), opt.min_below_fraction)]
        if not below:
            s = sinks[0][0]
            frac = below_fraction(L.parts[s], L.parts[d])
            raise Stop(f"the heat sink {s} under {sub} is not below {d}: their footprints "
                       f"overlap on {frac:.0%} of the smaller one, less than "
                       f"{opt.min_below_fraction:.0%}")
        return ctx.pick("000.second_sink", below)
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
    yield ok(f"the legs of {ring.part} ring {d} on {sub} (wall {mm(ring.width)})"
             if ring.lid_legs else
             f"stiffener {ring.name} on {sub} around {d} (wall {mm(ring.width)})")
    sink, layer, ring, layer_ring = first_sink(ctx)
    yield ok(f"first heat sink {sink} on the back of {d}{via(layer)} and on "
             f"{ring.name}{via(layer_ring)}")
    second, layer2 = second_sink(ctx)
    yield ok(f"second heat sink {second} on the lower surface of {sub}{via(layer2)}, below {d} "
             f"(overlap {mm2(overlap(L.parts[second], L.parts[d]))}, "
             f"{below_fraction(L.parts[second], L.parts[d]):.0%} of the smaller footprint)")


@claim(SEED, 1, "stiffener around the flip chip, first sink on die back and stiffener, "
       "second sink under the substrate below the die")
def claim_1(ctx: Context) -> Iterator[Element]:
    yield from package(ctx)


@claim(SEED, 10, "as claim 1, with the second sink's CTE the same as the substrate's")
def claim_10(ctx: Context) -> Iterator[Element]:
    yield from package(ctx)
    yield from same_cte(ctx)


def substrate_expansion(layout, sub: str):
    """The material whose in-plane CTE is the substrate's: its own, or for a substrate
    built as a layer stack (the layers are what is there; its ``material`` only stands
    in where one is asked for) the stack's, by Turner's rule
    (:func:`chippack.materials.stack.in_plane_cte`)."""
    from chippack.materials.stack import in_plane_cte
    from chippack.mesh.stack import resolved_stack

    mat = material(layout, sub)
    stack = resolved_stack(layout, sub)
    if stack is None:
        return mat
    cte = in_plane_cte(stack.layers)
    name = f"its {len(stack.layers)}-layer stack, Turner's rule"
    if cte is None:
        return mat.with_overrides(f"its {len(stack.layers)}-layer stack (a layer without a "
                                  "Young's modulus or CTE)", cte=None)
    return mat.with_overrides(name, cte=(cte[0], cte[1], mat.cte[2] if mat.cte else cte[0]))


def same_cte(ctx: Context) -> Iterator[Element]:
    """Each in-plane axis: |CTE_sink - CTE_substrate| <= tolerance on x AND on y."""
    L = ctx.layout
    sink, _ = second_sink(ctx)
    sub = substrate(ctx)
    a, b = material(L, sink), substrate_expansion(L, sub)
    if a.cte_xy is None or b.cte_xy is None:
        yield missing(f"the CTE of {a.name if a.cte_xy is None else b.name} is unknown")
        return
    tol = ctx.options.cte_tolerance_ppm

    def ppm(m) -> str:
        x, y = m.cte_xy
        return f"{x * 1e6:.3g} ppm/K" if x == y else f"{x * 1e6:.3g} / {y * 1e6:.3g} ppm/K (x / y)"

    diffs = [abs(p - q) * 1e6 for p, q in zip(a.cte_xy, b.cte_xy, strict=True)]
    worst = max(range(2), key=lambda i: diffs[i])
    yield check(
        at_most(max(diffs), tol),
        f"{sink} ({a.name}, {ppm(a)}) matches {sub} ({b.name}, {ppm(b)}) within {tol:g} ppm/K "
        "on each in-plane axis",
        f"the CTE of the second heat sink {sink} ({a.name}, {ppm(a)}) differs from the "
        f"substrate's ({b.name}, {ppm(b)}) by {diffs[worst]:.3g} ppm/K along "
        f"{'xy'[worst]}, more than {tol:g} ppm/K")


# -- dependent elements (each registered on claim 1 and on claim 10) ------------------------

def fins(ctx: Context) -> Iterator[Element]:
    sink, _ = second_sink(ctx)
    feats = ctx.layout.parts[sink].features
    fin_spec = getattr(spec_part(ctx.layout, sink), "fins", None)  # a dummy die has none
    yield check("fins" in feats,
                f"{sink} carries {fin_spec.count if fin_spec else 0} fins",
                f"the second heat sink {sink} has no fins")


def first_metal(ctx: Context) -> Iterator[Element]:
    sink = first_sink(ctx)[0]
    mat = material(ctx.layout, sink)
    yield check(mat.is_metal, f"{sink} is {mat.name} (a metal)",
                f"the first heat sink {sink} is {mat.name} ({mat.category}), not a metal")


def second_metal(ctx: Context) -> Iterator[Element]:
    sink, _ = second_sink(ctx)
    mat = material(ctx.layout, sink)
    yield check(mat.is_metal, f"{sink} is {mat.name} (a metal)",
                f"the second heat sink {sink} is {mat.name} ({mat.category}), not a metal")


def bumps(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    m = mounting(ctx)
    d = die(ctx)
    # flip-chip joints are bumps whatever the spec calls the array (bump or ball array)
    arrays = list(m.conductive)
    n = sum(joint_count(L, j) for j in arrays)
    yield check(n >= ctx.options.min_joints,
                f"{d} mounted and connected through {n} bumps ({', '.join(arrays)})",
                f"{d} is joined by {n} bump{'s' if n != 1 else ''}, fewer than the "
                f"{ctx.options.min_joints} of 'a plurality of bumps'")


def underfill(ctx: Context) -> Iterator[Element]:
    from chippack.claims.roles import fillers_between

    d, sub = die(ctx), substrate(ctx)
    found, faults = fillers_between(ctx.layout, sub, d, ctx.options)
    if not found:
        yield missing(faults[0] if faults else f"no underfill between {d} and {sub}")
        return
    yield ok(f"underfill {found[0]} ({ctx.layout.parts[found[0]].material}) fills the gap "
             f"between {d} and {sub}")


def balls_around(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sub = substrate(ctx)
    sink, _ = second_sink(ctx)
    balls = balls_under(L, sub)
    if not balls:
        yield missing(f"no solder balls on the lower surface of {sub}")
        return
    solder = [b for b in balls if material(L, b).is_solder]
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
    sink, _, ring, _ = first_sink(ctx)
    if ring.lid_legs:
        yield ok(f"{sink} and its stiffening legs are one body")
        return
    joined = [b for b in ring.parts if spec_part(L, sink).integral_with == b
              or spec_part(L, b).integral_with == sink]
    yield check(bool(joined), f"{sink} is formed in one body with {joined[0] if joined else ''}",
                f"the stiffener {ring.name} and the first heat sink {sink} are separate "
                "bodies (not integral_with each other)")


def smaller_than_die(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sink, _ = second_sink(ctx)
    d = die(ctx)
    a, b = L.parts[sink].footprint_area, L.parts[d].footprint_area
    # "smaller": strictly, and the same area written in µm or mm is not smaller
    yield check(not at_least(a, b), f"{sink} ({mm2(a)}) is smaller than {d} ({mm2(b)})",
                f"the second heat sink {sink} ({mm2(a)}) is not smaller than the chip "
                f"{d} ({mm2(b)})")


def central_area(ctx: Context) -> Iterator[Element]:
    L = ctx.layout
    sub = substrate(ctx)
    sink, layer = second_sink(ctx)
    size = spec_part(L, sub).central_area
    sub_size = spec_part(L, sub).size
    if size is None:
        f = ctx.options.central_area_fraction
        size = (f * sub_size[0], f * sub_size[1])
        where = (f"the {mm(size[0])} × {mm(size[1])} central area of {sub} (no central_area "
                 f"declared: {f:g} of its sides, about its centre)")
    else:
        where = f"the {mm(size[0])} × {mm(size[1])} central area of {sub} (declared)"
        if size[0] > sub_size[0] + ctx.options.flush_tolerance or (
                size[1] > sub_size[1] + ctx.options.flush_tolerance):
            yield missing(f"{where} is larger than the {mm(sub_size[0])} × {mm(sub_size[1])} "
                          "substrate: it does not lie on its lower surface")
            return
    area = centred_rect(L, sub, size)
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
