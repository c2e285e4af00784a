"""Seed 000 family: flip-chip BGA with a stiffener, a lid and a second heat sink underneath.

The die sits face down on bumps (underfilled) in the middle of the substrate; a
stiffener ring on the substrate surrounds it; the first heat sink (lid) rests on
the die back through a TIM and on the stiffener, by default in one piece with it;
the second heat sink is attached to the substrate's lower surface below the die,
optionally finned, and the solder balls ring it.
"""

from __future__ import annotations

from typing import Any

from chippack.errors import SpecError
from chippack.families._common import (
    LengthLike,
    SizeLike,
    check_array_fits,
    count_of,
    joint_array,
    mm,
    positive_mm,
    size_mm,
    solder_balls,
    watts,
)


def dual_sink_fcbga_mapping(
    *,
    name: str = "dual-sink FCBGA (seed 000)",
    substrate_size: SizeLike = 35,
    substrate_thickness: LengthLike = 1.2,
    substrate_material: str = "abf_laminate",
    chip_mounting_area: SizeLike | None = 14,
    central_area: SizeLike | None = 12,
    die_size: SizeLike = 10,
    die_thickness: LengthLike = 0.75,
    power: float | str = 20,
    bump_pitch: LengthLike = 0.4,
    bump_diameter: LengthLike = 0.2,
    bump_height: LengthLike = 0.1,
    bump_count: int = 24,
    bump_material: str = "sac305",
    underfill: bool = True,
    underfill_fillet: LengthLike = 0.5,
    tim_thickness: LengthLike = 0.05,
    tim_material: str = "tim_grease",
    stiffener_width: LengthLike = 5,
    stiffener_thickness: LengthLike | None = None,
    lid_thickness: LengthLike = 1.0,
    lid_material: str = "copper",
    integral_lid: bool = True,
    stiffener_material: str | None = None,
    bottom_sink_size: SizeLike = 8,
    bottom_sink_thickness: LengthLike = 0.3,
    bottom_sink_material: str = "copper",
    fin_count: int = 5,
    fin_thickness: LengthLike = 0.6,
    fin_height: LengthLike = 2.0,
    ball_pitch: LengthLike = 1.0,
    ball_diameter: LengthLike = 0.6,
    ball_height: LengthLike = 0.45,
    ball_count: int | None = None,
    ball_clearance: LengthLike = 0.5,
    ball_material: str = "sac305",
) -> dict[str, Any]:
    """The spec mapping of a dual-sink FCBGA (see :func:`dual_sink_fcbga`)."""
    sub = size_mm(substrate_size, "substrate_size")
    die = size_mm(die_size, "die_size")
    pitch = positive_mm(bump_pitch, "bump_pitch")
    count = count_of(bump_count, "bump_count")
    check_array_fits(count, pitch, min(die), "bump_count", "die")
    bump_h = positive_mm(bump_height, "bump_height")
    die_t = positive_mm(die_thickness, "die_thickness")
    tim_t = positive_mm(tim_thickness, "tim_thickness")
    level = round(bump_h + die_t + tim_t, 9)
    stiff_t = level if stiffener_thickness is None else positive_mm(
        stiffener_thickness, "stiffener_thickness")
    stiff_material = stiffener_material or lid_material
    if integral_lid and stiff_material != lid_material:
        raise SpecError("parameters.stiffener_material",
                        f"a lid in one piece with the stiffener is one material: lid is "
                        f"{lid_material}, stiffener {stiff_material}; drop stiffener_material "
                        "or set integral_lid: false")
    balls = solder_balls(sub, ball_pitch, ball_diameter, ball_height, ball_count, ball_material,
                         around="bottom_sink", pattern="ring", keepout="bottom_sink",
                         clearance=mm(ball_clearance, "ball_clearance"))
    fins = count_of(fin_count, "fin_count", minimum=0)

    substrate: dict[str, Any] = {
        "kind": "substrate", "size": sub,
        "thickness": positive_mm(substrate_thickness, "substrate_thickness"),
        "material": substrate_material,
    }
    if chip_mounting_area is not None:
        substrate["chip_mounting_area"] = size_mm(chip_mounting_area, "chip_mounting_area")
    if central_area is not None:
        substrate["central_area"] = size_mm(central_area, "central_area")

    parts: dict[str, Any] = {"substrate": substrate}
    parts["die_bumps"] = joint_array(
        "bump_array", on="substrate", centered="substrate", pitch=pitch,
        diameter=positive_mm(bump_diameter, "bump_diameter"), height=bump_h, count=count,
        material=bump_material, formed_on="die")
    parts["die"] = {"kind": "die", "size": die, "thickness": die_t, "orientation": "flip",
                    "on": "die_bumps", "power": f"{watts(power, 'power')} W"}
    if underfill:
        parts["underfill"] = {"kind": "underfill", "between": ["substrate", "die"],
                              "fillet": mm(underfill_fillet, "underfill_fillet")}
    parts["tim"] = {"kind": "tim", "on": "die", "thickness": tim_t, "material": tim_material}
    parts["stiffener"] = {"kind": "stiffener", "on": "substrate", "around": "die",
                          "thickness": stiff_t,
                          "width": positive_mm(stiffener_width, "stiffener_width"),
                          "material": stiff_material}
    lid: dict[str, Any] = {"kind": "heat_sink", "on": ["tim", "stiffener"], "size": sub,
                           "thickness": positive_mm(lid_thickness, "lid_thickness"),
                           "material": lid_material}
    if integral_lid:
        lid["integral_with"] = "stiffener"
    parts["lid"] = lid
    sink: dict[str, Any] = {
        "kind": "heat_sink", "under": "substrate", "below": "die",
        "size": size_mm(bottom_sink_size, "bottom_sink_size"),
        "thickness": positive_mm(bottom_sink_thickness, "bottom_sink_thickness"),
        "material": bottom_sink_material,
    }
    if fins:
        sink["fins"] = {"count": fins, "thickness": positive_mm(fin_thickness, "fin_thickness"),
                        "height": positive_mm(fin_height, "fin_height"), "axis": "y"}
    parts["bottom_sink"] = sink
    parts["balls"] = balls
    return {
        "name": name,
        "description": (f"{sub[0]:g} mm FCBGA, {die[0]:g} mm die, stiffener + "
                        f"{'integral ' if integral_lid else ''}lid, "
                        f"{'finned ' if fins else ''}bottom sink"),
        "parts": parts,
    }
