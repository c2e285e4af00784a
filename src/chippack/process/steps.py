"""Process steps: each checks its preconditions on the assembly, then applies its effect.

A step function takes the :class:`Assembly` and the step's :class:`Args`, raises a
:class:`~chippack.errors.ProcessError` naming the step and what is missing when a
precondition fails, and otherwise changes the partial spec and returns the
:class:`StepRecord` for the ledger. ``STEPS`` lists them with their preconditions
and effects in words (``chippack process --steps`` prints it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chippack.errors import ProcessError, SpecError
from chippack.process.ledger import CureRecord, ReflowPass, StepRecord
from chippack.process.oven import (
    MIN_TAL_S,
    air_time_above,
    layout_error,
    oven_layout,
    simulate_pass,
    step_profile,
)
from chippack.process.state import Args, Assembly, Joint, UbmPattern, validate_part
from chippack.units import format_mm, length

#: Geometric tolerance for "flush" and "same pitch", m.
TOL = 1e-7
#: J-STD-020 classification peak (Pb-free, thin packages), °C.
JSTD_PEAK_C = 260.0
#: J-STD-020 time above liquidus window, s.
JSTD_TAL_S = (60.0, 150.0)

ARRAY_FIELDS = ("pitch", "diameter", "height", "count", "material", "shape", "flat_ends",
                "pattern", "rows", "label", "thermal_model")


@dataclass(frozen=True)
class StepDef:
    """A process step: its name, preconditions and effect in words, and its function."""

    name: str
    requires: str
    effect: str
    run: Callable[[Assembly, Args], StepRecord]


STEPS: dict[str, StepDef] = {}


def step(name: str, requires: str, effect: str):
    def register(func: Callable[[Assembly, Args], StepRecord]):
        STEPS[name] = StepDef(name, requires, effect, func)
        return func
    return register


# -- shared preconditions ---------------------------------------------------------

def need_part(state: Assembly, args: Args, pid: Any, kinds: tuple[str, ...], role: str,
              field: str) -> str:
    """``pid`` names an existing part of one of ``kinds``."""
    if not isinstance(pid, str):
        raise args.error(f"names the {role} by part id, got {pid!r}", field)
    if pid not in state.parts:
        have = ", ".join(state.parts) or "none yet"
        provide = {"substrate": "provide_substrate", "die": "provide_chip",
                   "heat_sink": "provide_heat_sink"}.get(kinds[0], "an earlier step")
        raise args.error(f"{role} {pid!r} does not exist (parts so far: {have}); "
                         f"add {provide} before this step", field)
    if state.kind(pid) not in kinds:
        raise args.error(f"{pid!r} is a {state.kind(pid)}, but the {role} must be a "
                         f"{' or '.join(kinds)}", field)
    return pid


def in_assembly(state: Assembly, pid: str) -> bool:
    """The part can carry others: a substrate or a die (bases of a build) or a placed part."""
    return state.kind(pid) in ("substrate", "die") or pid in state.placed


def need_placed(state: Assembly, args: Args, pid: str, field: str) -> None:
    if not in_assembly(state, pid):
        raise args.error(f"{pid} has not been placed, mounted or attached yet; "
                         f"put it in place before this step", field)


def add_part(state: Assembly, args: Args, pid: Any, raw: dict[str, Any],
             forwarded: set[str]) -> Any:
    if not isinstance(pid, str) or not pid:
        raise args.error(f"a part id is a name, got {pid!r}", "id")
    if "material" in raw and not isinstance(raw["material"], str):
        raise args.error(f"a material is named by its library or 'materials:' name, got "
                         f"{raw['material']!r}", "material")
    if pid in state.parts:
        raise args.error(f"a part {pid!r} already exists (made by step "
                         f"{state.made_by[pid]}); give this one another id", "id")
    model = validate_part(args, pid, raw, forwarded)
    material = raw.get("material") or model.material
    if material is not None and material not in state.material_table:
        raise args.error(f"unknown material {material!r}; define it under the flow's "
                         "'materials:' or use a library material", "material")
    state.parts[pid] = raw
    state.made_by[pid] = args.call.index
    return model


def change_part(state: Assembly, args: Args, pid: str, **changes: Any) -> None:
    """Replace fields of a part mapping (``None`` removes a field)."""
    raw = dict(state.parts[pid])
    for key, value in changes.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    state.parts[pid] = raw
    state.made_by[pid] = args.call.index


def record(state: Assembly, args: Args, subject: str | None, targets: tuple[str, ...],
           summary: str, **facts: Any) -> StepRecord:
    args.done()
    return StepRecord(args.call.index, args.call.name, subject, targets, summary, facts)


def offset_value(args: Args, value: Any, field: str = "offset") -> tuple[float, float]:
    """An [dx, dy] offset in metres (error names the field)."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise args.error(f"an offset is [dx, dy], got {value!r}", field)
    return (mm_value(args, value[0], f"{field}[0]"), mm_value(args, value[1], f"{field}[1]"))


def mm_value(args: Args, value: Any, field: str) -> float:
    """A length parameter in metres (error names the field)."""
    try:
        return length(value, field)
    except Exception as err:  # SpecError carries the message
        raise args.error(getattr(err, "message", str(err)), field) from None


# -- provide ---------------------------------------------------------------------

@step("provide_substrate", "a free part id",
      "adds the substrate (base of the build) with its chip-mounting area, central area "
      "and contact pads")
def provide_substrate(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", "substrate")
    fields = ("size", "thickness", "material", "chip_mounting_area", "central_area",
              "contact_pads", "label")
    raw = {"kind": "substrate", **args.forward(fields)}
    model = add_part(state, args, pid, raw, set(fields))
    return record(state, args, pid, (), f"substrate {pid} ({model.material})",
                  chip_mounting_area=model.chip_mounting_area is not None,
                  contact_pads=model.contact_pads)


@step("provide_chip", "a free part id",
      "adds an IC chip (die), not yet placed; orientation flip means its active face "
      "will face down")
def provide_chip(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", "die")
    fields = ("size", "thickness", "material", "power", "orientation", "wiring", "hot_spots",
              "label")
    raw = {"kind": "die", **args.forward(fields)}
    model = add_part(state, args, pid, raw, set(fields))
    return record(state, args, pid, (), f"chip {pid}", orientation=model.orientation)


@step("provide_heat_sink", "a free part id",
      "adds a heat sink (plate or dummy chip, optional fins or legs, optionally in one "
      "piece with a stiffener ring), not yet attached")
def provide_heat_sink(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", "heat_sink")
    fields = ("size", "thickness", "material", "construction", "wiring", "fins", "legs",
              "label")
    raw = {"kind": "heat_sink", **args.forward(fields)}
    model = add_part(state, args, pid, raw, set(fields))
    stiffener = args.get("stiffener")
    if stiffener is not None:
        if not isinstance(stiffener, dict) or "id" not in stiffener:
            raise args.error("a one-piece stiffener is a mapping with 'id' and the ring's "
                             "thickness and width", "stiffener")
        ring = {k: v for k, v in stiffener.items() if k != "id"}
        ring = {"kind": "stiffener", "material": model.material, **ring}
        validate_part(args, stiffener["id"], ring, set())
        if stiffener["id"] in state.parts:
            raise args.error(f"a part {stiffener['id']!r} already exists", "stiffener.id")
        state.integral[pid] = {"id": stiffener["id"], **ring}
    what = "dummy chip" if model.construction == "dummy_chip" else f"{model.material} plate"
    return record(state, args, pid, (), f"heat sink {pid} ({what})",
                  construction=model.construction, fins=model.fins is not None,
                  integral_stiffener=(stiffener or {}).get("id"))


# -- bumps and pads --------------------------------------------------------------

@step("form_ubm_pads", "a die whose face has no UBM pads or bumps yet",
      "forms under-bump-metallurgy pads (pitch × count) on a die face, default its back")
def form_ubm_pads(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", "ubm_pads")
    die = need_part(state, args, args.require("on", "the die to form pads on"), ("die",),
                    "die", "on")
    face = state.die_face(die, args.get("face", "back"))
    if state.ubm_on(die, face):
        raise args.error(f"{die} already has UBM pads on its {face} face", "face")
    if state.joints_on(die, face):
        raise args.error(f"{die}'s {face} face already carries bumps; form the UBM pads "
                         "before disposing bumps", "face")
    if pid in state.parts or pid in state.ubm:
        raise args.error(f"a part {pid!r} already exists; give the pads another id", "id")
    pitch = mm_value(args, args.require("pitch", "pad pitch"), "pitch")
    count = args.require("count", "pads per row and column, [nx, ny]")
    if (not isinstance(count, list | tuple) or len(count) != 2
            or not all(isinstance(c, int) and c > 0 for c in count)):
        raise args.error(f"count is [nx, ny] with whole numbers > 0, got {count!r}", "count")
    mapping = {"kind": "ubm_pads", "on": die, "aligned_with": "?",
               **args.forward(("thickness", "diameter", "material", "label"))}
    validate_part(args, pid, mapping, {"thickness", "diameter", "material", "label"})
    state.ubm[pid] = UbmPattern(pid, die, face, args.call.index,
                                {**mapping, "_pitch": pitch, "_count": tuple(count)})
    return record(state, args, pid, (die,), f"UBM pads {pid} on {die} ({face} face)",
                  die=die, face=face)


def _check_ubm_pattern(args: Args, ubm: UbmPattern, joint_raw: dict[str, Any],
                       joint_id: str) -> None:
    pitch = mm_value(args, joint_raw.get("pitch"), "pitch")
    count = tuple(joint_raw.get("count") or ())
    if abs(pitch - ubm.mapping["_pitch"]) > TOL or count != ubm.mapping["_count"]:
        raise args.error(
            f"{joint_id} ({list(count)} at {format_mm(pitch)} pitch) does not match the UBM "
            f"pads {ubm.id} ({list(ubm.mapping['_count'])} at "
            f"{format_mm(ubm.mapping['_pitch'])} pitch); use the pads' pattern")


def _materialize_ubm(state: Assembly, args: Args, ubm: UbmPattern, joint_id: str) -> None:
    raw = {k: v for k, v in ubm.mapping.items() if not k.startswith("_")}
    raw["aligned_with"] = joint_id
    state.parts[ubm.id] = raw
    state.made_by[ubm.id] = ubm.step
    ubm.aligned_with = joint_id


@step("dispose_bumps", "the part exists; its face is free; a die back needs UBM pads; "
      "area: chip_mounting_area needs the substrate to define it and the field (offset "
      "included) to lie inside it",
      "forms a bump array on a face of a die, heat sink or substrate (die default: its "
      "active face; sink: lower face; substrate: upper face)")
def dispose_bumps(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", None, "the id of the new bump array")
    target = need_part(state, args, args.require("on", "the part the bumps are formed on"),
                       ("die", "heat_sink", "substrate"), "part to form bumps on", "on")
    kind = state.kind(target)
    default_face = {"die": "active", "heat_sink": "bottom", "substrate": "top"}[kind]
    face_name = args.get("face", default_face)
    if face_name not in ("top", "bottom", "active", "back"):
        raise args.error(f"face is top, bottom, active or back, got {face_name!r}", "face")
    face = state.die_face(target, face_name) if kind == "die" else (
        {"active": "bottom", "back": "top"}.get(face_name, face_name))
    taken = state.joints_on(target, face)
    if taken:
        raise args.error(f"{target}'s {face} face already carries {taken[0].id}", "on")
    if face == "bottom" and target in state.placed:
        raise args.error(f"{target} is already placed; its lower face is no longer free", "on")
    ubm = state.ubm_on(target, face) if kind == "die" else None
    active = state.die_face(target, "active") if kind == "die" else None
    fields = ARRAY_FIELDS + ("offset",)
    raw: dict[str, Any] = {"kind": "bump_array", "formed_on": target}
    given = args.forward(fields)
    if ubm is not None:
        for key in ("pitch", "count"):
            if key not in given:
                given[key] = (list(ubm.mapping["_count"]) if key == "count"
                              else f"{ubm.mapping['_pitch']} m")
    raw.update(given)
    if kind == "die" and face != active and ubm is None:
        raise args.error(
            f"solder does not wet the bare back of {target}: it has no UBM pads on its "
            f"{face} face; add form_ubm_pads (on: {target}) before disposing bumps there", "face")
    if face == "top":
        raw.update({"on": ubm.id} if ubm else {"on": target, "centered": target})
    else:
        raw.update({"under": target, "centered": target})
    model = add_part(state, args, pid, raw, set(fields))
    if ubm is not None:
        _check_ubm_pattern(args, ubm, raw, pid)
        _materialize_ubm(state, args, ubm, pid)
    area = args.get("area")
    inside = None
    if area is not None:
        if area != "chip_mounting_area" or kind != "substrate":
            raise args.error("area: chip_mounting_area applies to bumps on a substrate", "area")
        zone = state.model(target).chip_mounting_area
        if zone is None:
            raise args.error(f"{target} has no chip_mounting_area; give it in "
                             "provide_substrate", "area")
        span = [(n - 1) * model.pitch + model.diameter for n in model.count]
        if span[0] > zone[0] + TOL or span[1] > zone[1] + TOL:
            raise args.error(
                f"the {format_mm(span[0])} × {format_mm(span[1])} bump field does not fit in "
                f"the {format_mm(zone[0])} × {format_mm(zone[1])} chip-mounting area", "count")
        shift = model.offset
        for axis in range(2):
            if abs(shift[axis]) + span[axis] / 2 > zone[axis] / 2 + TOL:
                raise args.error(
                    f"the {format_mm(span[0])} × {format_mm(span[1])} bump field offset by "
                    f"[{format_mm(shift[0])}, {format_mm(shift[1])}] reaches outside the "
                    f"{format_mm(zone[0])} × {format_mm(zone[1])} chip-mounting area", "offset")
        inside = True
    state.joints[pid] = Joint(pid, target, face, args.call.index)
    return record(state, args, pid, (target,),
                  f"{pid}: {model.count[0]}×{model.count[1]} {model.material} {model.shape}s on "
                  f"{target} ({face} face{', over UBM pads ' + ubm.id if ubm else ''})",
                  formed_on=target, face=face, material=model.material, shape=model.shape,
                  flat_ends=model.flat_ends, area=area, inside_area=inside,
                  ubm=ubm.id if ubm else None)


# -- placing and mounting --------------------------------------------------------

@step("place", "the part and its target exist, the target is in the assembly, and "
      "exactly one bump set lies between them; align: ubm_pads needs UBM pads of the "
      "same pattern on the target, align: contact_pads a substrate with contact pads; an "
      "aligned placement's offset must stay within 'tolerance' (default 0.01 mm)",
      "puts a die or heat sink on its target with the bumps between them (placed, not "
      "yet joined: a reflow joins them); records the alignment and the offset")
def place(state: Assembly, args: Args) -> StepRecord:
    part = need_part(state, args, args.require("part", "the die or heat sink to place"),
                     ("die", "heat_sink"), "part to place", "part")
    if part in state.placed:
        raise args.error(f"{part} is already placed (step {state.made_by[part]})", "part")
    target = need_part(state, args, args.require("on", "the part to place it on"),
                       ("substrate", "die", "heat_sink"), "target", "on")
    need_placed(state, args, target, "on")
    align = args.get("align", "auto")
    if align not in ("auto", "ubm_pads", "contact_pads", "none"):
        raise args.error(f"align is auto, ubm_pads, contact_pads or none, got {align!r}",
                         "align")
    own = [j for j in state.joints_on(part, "bottom") if j.landed_on is None]
    theirs = [j for j in state.joints_on(target, "top") if j.landed_on is None]
    if own and theirs:
        raise args.error(f"both {part} ({own[0].id}) and {target} ({theirs[0].id}) carry "
                         "bumps on the faces to be joined; dispose bumps on one side only")
    if not own and not theirs:
        hint = (" (a heat sink without bumps is bonded with attach_heat_sink)"
                if state.kind(part) == "heat_sink" else "")
        raise args.error(f"neither {part}'s lower face nor {target}'s upper face carries "
                         f"bumps; dispose bumps before placing{hint}")
    joint = (own or theirs)[0]
    ubm = state.ubm_on(target, "top") if state.kind(target) == "die" else None
    own_ubm = state.ubm_on(part, "bottom") if state.kind(part) == "die" else None
    if align == "auto":
        if own and ubm:
            align = "ubm_pads"
        elif theirs and own_ubm:
            align = "ubm_pads"
        elif own and state.kind(target) == "substrate" and state.model(target).contact_pads:
            align = "contact_pads"
        else:
            align = "none"
    aligned_to: str | None = None
    if align == "ubm_pads":
        pads = ubm if own else own_ubm
        holder = target if own else part
        if pads is None:
            raise args.error(
                f"cannot align {joint.id} to UBM pads: {holder} has no UBM pads on its "
                f"{'upper' if own else 'lower'} face; add form_ubm_pads "
                f"(on: {holder}) before this step", "align")
        _check_ubm_pattern(args, pads, state.parts[joint.id], joint.id)
        aligned_to = pads.id
    elif align == "contact_pads":
        if state.kind(target) != "substrate" or not state.model(target).contact_pads:
            raise args.error(f"cannot align {joint.id} to contact pads: {target} has none "
                             "(contact_pads: false or not a substrate)", "align")
        aligned_to = f"{target}.contact_pads"
    offset = args.get("offset")
    shift = (0.0, 0.0) if offset is None else offset_value(args, offset)
    offset_m = float(np.hypot(*shift))
    tolerance = mm_value(args, args.get("tolerance", 0.01), "tolerance")
    if aligned_to is not None and offset_m > tolerance + TOL:
        raise args.error(
            f"offset {format_mm(offset_m)} puts {joint.id} off the {aligned_to} it is aligned "
            f"to (tolerance {format_mm(tolerance)}); drop the offset or use align: none",
            "offset")
    if own:
        if ubm is not None:
            if ubm.aligned_with not in (None, joint.id):
                raise args.error(f"the UBM pads {ubm.id} already carry {ubm.aligned_with}")
            _materialize_ubm(state, args, ubm, joint.id)
            change_part(state, args, joint.id, under=None, centered=None, on=ubm.id,
                        offset=offset)
        else:
            change_part(state, args, joint.id, under=None, on=target, centered=target,
                        offset=offset)
        change_part(state, args, part, on=joint.id)
    else:
        change_part(state, args, part, on=joint.id, offset=offset)
    joint.landed_on = part if theirs else target
    joint.placed_step = args.call.index
    joint.aligned_to = aligned_to
    state.placed.add(part)
    how = f", {joint.id} aligned to {aligned_to}" if aligned_to else f" on {joint.id}"
    return record(state, args, part, (target,), f"{part} placed on {target}{how}",
                  joint=joint.id, joint_formed_on=joint.formed_on, aligned_to=aligned_to,
                  align=align, offset_m=offset_m)


def _top_above_joints(state: Assembly, args: Args, encapsulant: str,
                      joints: list[str]) -> float:
    """How far the encapsulant's top lies above the joint ends, m (negative: below)."""
    model = state.model(encapsulant)
    if model.cover is not None:
        return model.cover
    heights = [state.model(j).height for j in joints]
    return model.thickness - max(heights)


@step("mount", "the chip carries no bumps of its own; the encapsulant's top is flush with "
      "the ends of the bumps it encapsulates (polished, or molded flush) and the ends are flat",
      "flip-mounts the chip on the encapsulant with its bond pads on the exposed bump ends "
      "(joined by the next reflow, or at once with bond: thermocompression)")
def mount(state: Assembly, args: Args) -> StepRecord:
    chip = need_part(state, args, args.get("chip", "die"), ("die",), "chip", "chip")
    if chip in state.placed:
        raise args.error(f"{chip} is already placed (step {state.made_by[chip]})", "chip")
    target = need_part(state, args, args.require("on", "the encapsulant to mount on"),
                       ("encapsulant", "die", "heat_sink", "substrate"), "surface", "on")
    if state.kind(target) != "encapsulant":
        raise args.error(f"mount puts a chip on an encapsulant that exposes bump ends; "
                         f"{target} is a {state.kind(target)} (use place for bumped parts)",
                         "on")
    if state.joints_on(chip, state.die_face(chip, "active")):
        raise args.error(f"{chip} carries its own bumps; use place to put it on its target")
    if state.parts[chip].get("orientation", "flip") != "flip":
        raise args.error(f"{chip} is face_up: its bond pads would not face the bump ends; "
                         "provide it with orientation: flip", "chip")
    bond = args.get("bond", "reflow")
    if bond not in ("reflow", "thermocompression"):
        raise args.error(f"bond is reflow or thermocompression, got {bond!r}", "bond")
    encapsulated = state.parts[target].get("encapsulates") or []
    joints = [j for j in encapsulated if j in state.joints]
    if not joints:
        raise args.error(f"{target} encapsulates no bumps, so no bump ends are there to "
                         "connect the chip's bond pads to", "on")
    gap = _top_above_joints(state, args, target, joints)
    if gap > TOL:
        raise args.error(
            f"the ends of {', '.join(joints)} are buried under {format_mm(gap)} of {target} "
            f"(not exposed); polish {target} down to the bump ends before mounting", "on")
    if gap < -TOL:
        raise args.error(f"{', '.join(joints)} stand {format_mm(-gap)} proud of {target}; "
                         f"the chip cannot rest on its top: polish it flush", "on")
    rough = [j for j in joints if not state.parts[j].get("flat_ends")]
    if rough:
        raise args.error(f"the ends of {', '.join(rough)} are not flat (disposed without "
                         f"flat_ends and {target} not polished); polish before mounting", "on")
    change_part(state, args, chip, on=target, orientation="flip")
    for j in joints:
        joint = state.joints[j]
        joint.landed_on = chip
        joint.placed_step = args.call.index
        if bond == "thermocompression":
            joint.joined_step = args.call.index
    state.placed.add(chip)
    return record(state, args, chip, (target,),
                  f"{chip} flip-mounted on {target} onto the ends of {', '.join(joints)}",
                  joints=tuple(joints), bond=bond, polished=bool(state.parts[target].get(
                      "polished")))


@step("apply_tim", "the part it goes on is in the assembly",
      "puts a thermal interface / bond layer on a part (default the die back)")
def apply_tim(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", "tim")
    on = need_part(state, args, args.get("on", "die"), ("die", "heat_sink", "substrate"),
                   "part under the TIM", "on")
    need_placed(state, args, on, "on")
    fields = ("thickness", "material", "size", "label")
    raw = {"kind": "tim", "on": on, **args.forward(fields)}
    model = add_part(state, args, pid, raw, set(fields))
    state.placed.add(pid)
    return record(state, args, pid, (on,), f"{pid} ({model.material}) on {on}")


@step("attach_stiffener", "the substrate and the part it surrounds are in the assembly",
      "bonds a stiffener ring on the substrate around the die")
def attach_stiffener(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", "stiffener")
    on = need_part(state, args, args.get("on", "substrate"), ("substrate",), "substrate", "on")
    around = need_part(state, args, args.get("around", "die"), ("die",), "die", "around")
    need_placed(state, args, around, "around")
    fields = ("thickness", "width", "inner_size", "outer_size", "material", "label")
    raw = {"kind": "stiffener", "on": on, "around": around, **args.forward(fields)}
    model = add_part(state, args, pid, raw, set(fields))
    state.placed.add(pid)
    return record(state, args, pid, (on, around),
                  f"stiffener {pid} ({model.material}) on {on} around {around}")


@step("attach_heat_sink", "the sink was provided and carries no bumps (bumped sinks use "
      "place); the parts it goes on or under are in the assembly",
      "attaches a heat sink on or under parts (a one-piece lid also lays its stiffener ring "
      "on the substrate around the die)")
def attach_heat_sink(state: Assembly, args: Args) -> StepRecord:
    sink = need_part(state, args, args.require("sink", "the heat sink to attach"),
                     ("heat_sink",), "heat sink", "sink")
    if sink in state.placed:
        raise args.error(f"{sink} is already attached (step {state.made_by[sink]})", "sink")
    bumps = state.joints_on(sink, "bottom")
    if bumps:
        raise args.error(f"{sink} carries bumps {bumps[0].id}; use place to put it on the "
                         "part they join it to", "sink")
    on, under = args.get("on"), args.get("under")
    if (on is None) == (under is None):
        raise args.error("give exactly one of 'on: <part or list>' or 'under: <part>'")
    targets = args.names("on" if on is not None else "under", None, "on / under")
    if not targets:
        raise args.error("an empty list attaches the sink to nothing; name the part(s) it "
                         "goes on", "on" if on is not None else "under")
    for t in targets:
        need_part(state, args, t, ("substrate", "die", "tim", "stiffener", "heat_sink",
                                   "encapsulant"), "part to attach to", "on" if on else "under")
        need_placed(state, args, t, "on" if on else "under")
    changes: dict[str, Any] = {}
    for key in ("below", "centered", "offset"):
        if args.has(key):
            changes[key] = args.get(key)
    for key in ("below", "centered"):
        if key in changes and not isinstance(changes[key], str):
            raise args.error(f"names a part by its id, got {changes[key]!r}", key)
        if key in changes and changes[key] not in state.parts:
            raise args.error(f"names part {changes[key]!r}, which does not exist (parts so "
                             f"far: {', '.join(state.parts)})", key)
    ring = state.integral.get(sink)
    integral = None
    if ring is not None:
        if under is not None:
            raise args.error(f"{sink} is one piece with the stiffener {ring['id']}: attach it "
                             "on the die side", "under")
        around = need_part(state, args, args.get("around", "die"), ("die",), "die", "around")
        base = need_part(state, args, args.get("stiffener_on", "substrate"), ("substrate",),
                         "substrate", "stiffener_on")
        ring_raw = {k: v for k, v in ring.items() if k != "id"}
        ring_raw.update({"on": base, "around": around})
        add_part(state, args, ring["id"], ring_raw, set())
        state.placed.add(ring["id"])
        targets.append(ring["id"])
        changes["integral_with"] = ring["id"]
        integral = ring["id"]
    elif args.has("integral_with"):
        integral = need_part(state, args, args.get("integral_with"), ("stiffener",),
                             "stiffener", "integral_with")
        changes["integral_with"] = integral
    if on is not None:
        change_part(state, args, sink, on=targets if len(targets) > 1 else targets[0],
                    **changes)
    else:
        change_part(state, args, sink, under=under, **changes)
    state.placed.add(sink)
    where = f"on {', '.join(targets)}" if on is not None else f"under {under}"
    return record(state, args, sink, tuple(targets),
                  f"{sink} attached {where}" + (f", one piece with {integral}" if integral
                                                 else ""),
                  on=tuple(targets) if on is not None else (), under=under, integral_with=integral)


# -- reflow, underfill, cure -----------------------------------------------------

def default_peak(liquidus: list[float]) -> float:
    """Board-style reflow peak for the solders present, °C (245 Pb-free, 220 SnPb)."""
    top = max(liquidus)
    return max(245.0 if top >= 200.0 else 220.0, top + 20.0)


def _blame_part(state: Assembly, args: Args, err: SpecError) -> ProcessError:
    """A layout fault of the parts in the oven, blamed on the step that made the part."""
    bits = err.path.split(".") if err.path else []
    if len(bits) >= 2 and bits[0] == "parts" and bits[1].split("[")[0] in state.made_by:
        pid = bits[1].split("[")[0]
        index = state.made_by[pid]
        name = next((r.step for r in state.records if r.index == index), args.call.name)
        return ProcessError(index, name, f"{pid}: {err.message}", ".".join(bits[2:]))
    return args.error(layout_error(err))


def do_reflow(state: Assembly, args: Args, label: str) -> ReflowPass:
    """One oven pass over the assembly holding the placed joints, simulated: the joints
    whose coldest joint stays above its liquidus long enough are joined."""
    pending = [j for j in state.joints.values() if j.pending]
    if not pending:
        raise args.error("nothing to reflow: no placed bumps or balls are waiting to be "
                         "joined (place, mount or implant them first)")
    liquidus: dict[str, float] = {}
    for j in pending:
        mat = state.material_of(j.id)
        if mat.liquidus is None:
            raise args.error(
                f"{j.id} ({mat.name}) has no liquidus: it does not melt in a reflow oven "
                "(use solder, or bond: thermocompression when mounting)")
        liquidus[j.id] = mat.liquidus
    seeds = {j.id for j in pending} | {j.formed_on for j in pending} | {
        j.landed_on for j in pending if j.landed_on}
    oven = {p for p in state.connected_group(seeds) if p in state.parts}
    try:
        load = oven_layout(state.parts, oven, f"in the oven at step {args.call.index}",
                           state.materials_raw)
    except SpecError as err:
        raise _blame_part(state, args, err) from None
    solders = {j.id: state.material_of(j.id).name for j in pending}
    profile, chosen = step_profile(args, load, liquidus, solders, state.source_dir)
    min_tal = args.number("min_time_above_liquidus", MIN_TAL_S,
                          "min_time_above_liquidus (s)")
    run = simulate_pass(load, profile)
    in_oven = [j for j in state.joints.values() if j.id in oven]
    simulated: dict[str, dict[str, Any]] = {}
    short: dict[str, str] = {}
    for j in in_oven:
        sim = run.joints.get(j.id)
        if sim is None or sim.liquidus_c is None:
            continue
        liquidus[j.id] = sim.liquidus_c
        reason = sim.short_by(min_tal)
        simulated[j.id] = {"peak_c": sim.peak_c, "peak_min_c": sim.peak_min_c,
                           "time_above_liquidus_s": sim.time_above_liquidus_s,
                           "liquidus_c": sim.liquidus_c, "melted": sim.melted,
                           "role": sim.role}
        if reason is not None and j.pending:
            short[j.id] = reason
    melted = [jid for jid, s in simulated.items() if s["melted"]]
    joined = [j for j in pending if j.id not in short]
    for j in pending:
        j.reflowed_step = args.call.index
    for j in joined:
        j.joined_step = args.call.index
    for reason in short.values():
        state.warnings.append(f"step {args.call.index} ({label}): {reason}; it is not joined")
    peak = profile.peak_c
    if peak > JSTD_PEAK_C:
        state.warnings.append(f"step {args.call.index}: peak {peak:g} °C exceeds the J-STD-020 "
                              f"classification temperature of {JSTD_PEAK_C:g} °C")
    tal = air_time_above(profile, max(liquidus[j.id] for j in pending))
    if not JSTD_TAL_S[0] <= tal <= JSTD_TAL_S[1]:
        state.warnings.append(f"step {args.call.index}: the oven air spends {tal:.0f} s above "
                              f"the liquidus, outside the J-STD-020 window "
                              f"{JSTD_TAL_S[0]:g}–{JSTD_TAL_S[1]:g} s")
    result = ReflowPass(
        step=args.call.index, label=label, air_peak_c=float(peak), air_time_above_liquidus_s=tal,
        parts=tuple(sorted(oven)),
        dies=tuple(sorted(p for p in oven if state.kind(p) == "die")),
        joints=tuple(sorted(j.id for j in in_oven)), melted=tuple(sorted(melted)),
        joined=tuple(j.id for j in joined), liquidus=liquidus,
        placed=tuple(j.id for j in pending), simulated=simulated, short=short,
        oven=chosen, min_time_above_liquidus_s=min_tal,
        solver={k: run.solver[k] for k in ("cells", "steps", "dt_s", "hierarchy_builds")})
    state.reflows.append(result)
    return result


@step("reflow", "placed bumps or balls wait to be joined; the peak exceeds their liquidus",
      "melts every solder joint of the assembly in the oven; joins the placed ones")
def reflow(state: Assembly, args: Args) -> StepRecord:
    label = str(args.get("label", "reflow"))
    result = do_reflow(state, args, label)
    joins = ", ".join(result.joined) or "nothing"
    falls = f"; {', '.join(result.short)} short" if result.short else ""
    return record(state, args, None, result.joined,
                  f"reflow at {result.air_peak_c:g} °C (air) joins {joins}{falls}",
                  air_peak_c=result.air_peak_c, joined=result.joined, melted=result.melted,
                  short=dict(result.short), simulated=dict(result.simulated))


def joint_between(state: Assembly, lower: str, upper: str) -> Joint | None:
    """The joint array connecting two parts (UBM pads count as their die)."""
    def owner(pid: str | None) -> str | None:
        return state.ubm[pid].die if pid in state.ubm else pid
    for j in state.joints.values():
        if {owner(j.formed_on), owner(j.landed_on)} == {lower, upper}:
            return j
    return None


@step("dispense_underfill", "both parts are in the assembly and joined by bumps that have "
      "been reflowed", "fills the bumped gap between the two parts with underfill (to be cured)")
def dispense_underfill(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", "underfill")
    between = args.require("between", "[lower part, upper part]")
    if not isinstance(between, list | tuple) or len(between) != 2:
        raise args.error(f"between is [lower part, upper part], got {between!r}", "between")
    lower, upper = between
    for p in between:
        need_part(state, args, p, ("substrate", "die", "heat_sink"), "part", "between")
        need_placed(state, args, p, "between")
    joint = joint_between(state, lower, upper)
    if joint is None:
        raise args.error(f"no bumps join {upper} to {lower}: underfill fills a bumped gap",
                         "between")
    if joint.reflowed_step is None and joint.joined_step is None:
        raise args.error(f"the bumps {joint.id} between {lower} and {upper} are placed but not "
                         "yet reflowed; reflow before dispensing underfill", "between")
    fields = ("fillet", "material", "label")
    raw = {"kind": "underfill", "between": [lower, upper], **args.forward(fields)}
    model = add_part(state, args, pid, raw, set(fields))
    state.uncured[pid] = args.call.index
    state.placed.add(pid)
    return record(state, args, pid, (lower, upper),
                  f"{pid} ({model.material}) dispensed between {lower} and {upper}",
                  between=(lower, upper), joint=joint.id)


#: Default cure times, s: underfill 60 min, post-mold cure 4 h.
CURE_TIME_S = {"underfill": 3600.0, "encapsulant": 4 * 3600.0}


@step("cure", "an underfill or encapsulant waits for a cure",
      "cures the listed polymers (default: all uncured ones) at the given temperature and "
      "time; a cure outside a material's cure window is recorded and warned as not counting")
def cure(state: Assembly, args: Args) -> StepRecord:
    waiting = list(state.uncured)
    parts = args.names("parts", waiting, "parts")
    if not waiting:
        raise args.error("nothing to cure: no underfill or encapsulant is waiting for a cure "
                         "(dispense underfill or mold first)")
    if not parts:
        raise args.error(f"an empty list cures nothing; name the parts to cure or leave "
                         f"'parts' out to cure every waiting one ({', '.join(waiting)})", "parts")
    for p in parts:
        if p not in state.uncured:
            raise args.error(f"{p} is not waiting for a cure (waiting: "
                             f"{', '.join(waiting)})", "parts")
    temps = [state.material_of(p).cure_temperature for p in parts]
    known = [t for t in temps if t is not None]
    temperature = args.number("temperature", max(known) if known else 150.0,
                              "temperature (°C)")
    kinds = {state.kind(p) for p in parts}
    default_min = max(CURE_TIME_S[k] for k in kinds) / 60.0
    minutes = args.number("time", default_min, "time (min)")
    outside = []
    for p in parts:
        mat = state.material_of(p)
        lo, hi, least = mat.cure_min_temperature, mat.cure_max_temperature, mat.cure_min_time
        if ((lo is not None and temperature < lo) or (hi is not None and temperature > hi)
                or (least is not None and minutes * 60.0 < least)):
            outside.append(p)
            state.warnings.append(f"step {args.call.index}: {p} cured at {temperature:g} °C for "
                                  f"{minutes:g} min, outside the cure window of {mat.name} "
                                  f"({mat.cure_window_text}): it does not count as cured")
    kind = "underfill" if kinds == {"underfill"} else "post-mold cure"
    state.cures.append(CureRecord(args.call.index, kind, tuple(parts), temperature,
                                  minutes * 60.0))
    for p in parts:
        del state.uncured[p]
    return record(state, args, None, tuple(parts),
                  f"cure {', '.join(parts)} at {temperature:g} °C for {minutes:g} min",
                  temperature_c=temperature, time_s=minutes * 60.0,
                  outside_window=tuple(outside))


# -- molding and polishing -------------------------------------------------------

@step("mold", "the part it is molded on and every part it encapsulates are in the "
      "assembly; over: chip_mounting_area needs the substrate to define it",
      "molds an encapsulant over the part (or its chip-mounting area) around the listed "
      "parts; top given by thickness or by cover above the tallest of them")
def mold(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", None, "the id of the new encapsulant")
    on = need_part(state, args, args.get("on", "substrate"), ("substrate",), "substrate", "on")
    encapsulates = args.names("encapsulates", [], "encapsulates")
    for p in encapsulates:
        if p not in state.parts:
            raise args.error(f"{p!r} does not exist yet; nothing to encapsulate", "encapsulates")
        if state.kind(p) in ("die", "heat_sink") and p not in state.placed:
            raise args.error(f"{p} is not mounted yet; mount or attach it before molding it in",
                             "encapsulates")
    over = args.get("over", "part")
    if over == "chip_mounting_area" and state.model(on).chip_mounting_area is None:
        raise args.error(f"{on} has no chip_mounting_area; give it in provide_substrate "
                         "or mold with a size", "over")
    fields = ("cover", "thickness", "size", "material", "label")
    raw = {"kind": "encapsulant", "on": on, "encapsulates": list(encapsulates),
           **args.forward(fields)}
    if over != "part":
        raw["over"] = over
    model = add_part(state, args, pid, raw, set(fields) | {"over"})
    temperature = args.number("temperature", state.material_of(pid).cure_temperature or 175.0,
                              "temperature (°C)")
    seconds = args.number("time", 90.0, "time (s)")
    state.cures.append(CureRecord(args.call.index, "mold", (pid,), temperature, seconds))
    state.uncured[pid] = args.call.index  # post-mold cure is optional
    state.placed.add(pid)
    top = (f"cover {format_mm(model.cover)}" if model.cover is not None
           else f"thickness {format_mm(model.thickness)}")
    return record(state, args, pid, tuple(encapsulates),
                  f"{pid} molded on {on}{' chip-mounting area' if over != 'part' else ''} "
                  f"around {', '.join(encapsulates) or 'nothing'} ({top})",
                  on=on, over=over, encapsulates=tuple(encapsulates))


@step("polish", "an encapsulant has been molded, encapsulates parts whose tops it can "
      "expose, and nothing is mounted on it yet",
      "grinds the encapsulant's top down by 'depth' (default: down to the ends of the "
      "tallest bumps it encapsulates); the bump ends it reaches are cut flat, exposed and "
      "coplanar with its new top, the others stay buried")
def polish(state: Assembly, args: Args) -> StepRecord:
    molded = state.of_kind("encapsulant")
    if not molded:
        raise args.error("nothing to polish: no encapsulant has been molded yet; "
                         "add a mold step before polishing")
    target = need_part(state, args, args.get("target", molded[-1]), ("encapsulant",),
                       "encapsulant", "target")
    resting = [p for p, raw in state.parts.items()
               if target in ([raw["on"]] if isinstance(raw.get("on"), str) else raw.get("on") or [])]
    if resting:
        raise args.error(f"{resting[0]} is already mounted on {target}; polish before mounting",
                         "target")
    encapsulated = state.parts[target].get("encapsulates") or []
    if not encapsulated:
        raise args.error(f"polishing {target} would expose nothing: it encapsulates no parts",
                         "target")
    model = state.model(target)
    base = state.parts[target].get("on")
    # joints standing on the encapsulant's base: their ends lie 'height' above it
    standing = {j: state.model(j).height for j in encapsulated if j in state.joints
                and (state.joints[j].formed_on == base and state.joints[j].face == "top"
                     or state.joints[j].landed_on == base)}
    others = [p for p in encapsulated if p not in standing]
    depth_raw = args.get("depth")
    depth = None if depth_raw is None else mm_value(args, depth_raw, "depth")
    if depth is not None and depth <= 0:
        raise args.error(f"depth is the thickness ground off, > 0; got {depth_raw!r}", "depth")
    reached: list[str] = []
    if not others:
        top = model.thickness if model.thickness is not None else (
            max(standing.values()) + model.cover)
        removed = top - max(standing.values()) if depth is None else depth
        if removed >= top - TOL:
            raise args.error(f"grinding {format_mm(removed)} off {target} "
                             f"({format_mm(top)} thick) leaves nothing", "depth")
        if removed <= TOL:
            raise args.error(f"the ends of the bumps already stand at or above the top of "
                             f"{target}; there is nothing to grind off", "depth")
        new_top = top - removed
        reached = [j for j, h in standing.items() if h >= new_top - TOL]
        change_part(state, args, target, thickness=f"{new_top} m", cover=None, polished=True)
        for j in reached:
            change_part(state, args, j, flat_ends=True, height=f"{new_top} m")
    else:
        if model.cover is None:
            raise args.error(f"{target} encapsulates {others[0]}, whose height above its base "
                             "is not known before layout; mold it with 'cover' to polish it",
                             "target")
        removed = model.cover if depth is None else depth
        if removed > model.cover + TOL:
            raise args.error(f"depth {format_mm(removed)} would grind into {others[0]} (only "
                             f"{format_mm(model.cover)} of {target} covers it)", "depth")
        left = max(model.cover - removed, 0.0)
        change_part(state, args, target, cover=f"{left} m", polished=True)
        if left <= TOL:
            reached = [p for p in encapsulated if p not in standing]
    joints = [j for j in reached if j in state.joints]
    return record(state, args, target, tuple(encapsulated),
                  f"{target} polished by {format_mm(removed)}: "
                  + (f"ends of {', '.join(reached)} exposed" if reached else "nothing exposed"),
                  exposed=tuple(reached), joints=tuple(joints), depth_m=removed)


# -- balls -------------------------------------------------------------------------

@step("implant_balls", "the substrate exists and has no balls yet",
      "places solder balls on the substrate's lower surface and (reflow: true, the "
      "default) joins them in a ball-attach reflow")
def implant_balls(state: Assembly, args: Args) -> StepRecord:
    pid = args.ident("id", "balls")
    under = need_part(state, args, args.get("under", "substrate"), ("substrate",), "substrate",
                      "under")
    if state.joints_on(under, "bottom"):
        raise args.error(f"{under} already has {state.joints_on(under, 'bottom')[0].id} "
                         "on its lower surface", "under")
    fields = ARRAY_FIELDS + ("keepout", "clearance", "around", "offset")
    raw: dict[str, Any] = {"kind": "ball_array", "under": under, "centered": under,
                           "shape": "ball"}
    given = args.forward(fields)
    for key in ("keepout", "around"):
        if key in given:
            need_part(state, args, given[key], ("heat_sink", "die", "substrate", "board"),
                      key, key)
            need_placed(state, args, given[key], key)
    raw.update(given)
    model = add_part(state, args, pid, raw, set(fields))
    joint = Joint(pid, under, "bottom", args.call.index, landed_on=under,
                  placed_step=args.call.index)
    state.joints[pid] = joint
    state.placed.add(pid)
    do = args.get("reflow", True)
    joined = None
    if do:
        joined = do_reflow(state, args, "ball attach")
    return record(state, args, pid, (under,),
                  f"{pid}: {len(model.count) and model.count[0]}×{model.count[1]} "
                  f"{model.material} balls under {under}"
                  + (f", ball-attach reflow at {joined.air_peak_c:g} °C (air)" if joined else ""),
                  reflowed=bool(joined))
