"""Seed 001 family: a flip chip whose heat sink is soldered to the die back on second bumps.

The die sits face down on first bumps on a substrate with contact pads; UBM
pads on the die back carry the second bumps that hold the heat sink, which is a
metal plate or a dummy silicon chip without wiring. Underfill may fill the gap
below the die and the gap between die and sink.
"""

from __future__ import annotations

from typing import Any

from chippack.families._common import (
    LengthLike,
    SizeLike,
    check_array_fits,
    choice,
    count_of,
    joint_array,
    mm,
    positive_mm,
    size_mm,
    solder_balls,
    watts,
)

#: Default sink material and thickness (mm) per construction.
SINK_DEFAULTS = {"plate": ("copper", 1.0), "dummy_chip": ("silicon", 0.75)}


def bumped_sink_flipchip_mapping(
    *,
    name: str | None = None,
    substrate_size: SizeLike = 15,
    substrate_thickness: LengthLike = 0.8,
    substrate_material: str = "bt_laminate",
    contact_pads: bool = True,
    die_size: SizeLike = 8,
    die_thickness: LengthLike = 0.75,
    power: float | str = 5,
    bump_pitch: LengthLike = 0.4,
    bump_diameter: LengthLike = 0.2,
    bump_height: LengthLike = 0.1,
    bump_count: int = 18,
    bump_material: str = "sac305",
    sink_construction: str = "plate",
    sink_material: str | None = None,
    sink_size: SizeLike | None = None,
    sink_thickness: LengthLike | None = None,
    ubm_pads: bool = True,
    ubm_thickness: LengthLike = 0.005,
    second_bump_pitch: LengthLike = 0.8,
    second_bump_diameter: LengthLike = 0.4,
    second_bump_height: LengthLike = 0.15,
    second_bump_count: int = 9,
    second_bump_material: str = "sac305",
    underfill: bool = True,
    underfill_fillet: LengthLike = 0.3,
    sink_underfill: bool = True,
    balls: bool = True,
    ball_pitch: LengthLike = 0.8,
    ball_diameter: LengthLike = 0.45,
    ball_height: LengthLike = 0.35,
    ball_count: int | None = None,
    ball_material: str = "sac305",
) -> dict[str, Any]:
    """The spec mapping of a bumped-sink flip chip (see :func:`bumped_sink_flipchip`)."""
    construction = choice(sink_construction, "sink_construction", ("plate", "dummy_chip"))
    default_material, default_thickness = SINK_DEFAULTS[construction]
    sub = size_mm(substrate_size, "substrate_size")
    die = size_mm(die_size, "die_size")
    pitch = positive_mm(bump_pitch, "bump_pitch")
    count = count_of(bump_count, "bump_count")
    check_array_fits(count, pitch, min(die), "bump_count", "die")
    pitch2 = positive_mm(second_bump_pitch, "second_bump_pitch")
    count2 = count_of(second_bump_count, "second_bump_count")
    sink = size_mm(sink_size, "sink_size") if sink_size is not None else list(die)
    check_array_fits(count2, pitch2, min(min(die), min(sink)), "second_bump_count",
                     "die back and sink")

    parts: dict[str, Any] = {
        "substrate": {"kind": "substrate", "size": sub,
                      "thickness": positive_mm(substrate_thickness, "substrate_thickness"),
                      "material": substrate_material, "contact_pads": contact_pads},
        "first_bumps": joint_array(
            "bump_array", on="substrate", centered="substrate", pitch=pitch,
            diameter=positive_mm(bump_diameter, "bump_diameter"),
            height=positive_mm(bump_height, "bump_height"), count=count,
            material=bump_material, formed_on="die"),
        "die": {"kind": "die", "size": die,
                "thickness": positive_mm(die_thickness, "die_thickness"),
                "on": "first_bumps", "power": f"{watts(power, 'power')} W"},
    }
    if ubm_pads:
        parts["ubm_pads"] = {"kind": "ubm_pads", "on": "die", "aligned_with": "second_bumps",
                             "thickness": positive_mm(ubm_thickness, "ubm_thickness")}
    parts["second_bumps"] = joint_array(
        "bump_array", on="ubm_pads" if ubm_pads else "die", pitch=pitch2,
        diameter=positive_mm(second_bump_diameter, "second_bump_diameter"),
        height=positive_mm(second_bump_height, "second_bump_height"), count=count2,
        material=second_bump_material, formed_on="heat_sink")
    heat_sink: dict[str, Any] = {
        "kind": "heat_sink", "on": "second_bumps", "size": sink,
        "thickness": positive_mm(sink_thickness if sink_thickness is not None
                                 else default_thickness, "sink_thickness"),
        "material": sink_material or default_material,
    }
    if construction == "dummy_chip":
        heat_sink["construction"] = "dummy_chip"
    parts["heat_sink"] = heat_sink
    if underfill:
        parts["underfill"] = {"kind": "underfill", "between": ["substrate", "die"],
                              "fillet": mm(underfill_fillet, "underfill_fillet")}
    if sink_underfill:
        parts["sink_underfill"] = {"kind": "underfill", "between": ["die", "heat_sink"]}
    if balls:
        parts["balls"] = solder_balls(sub, ball_pitch, ball_diameter, ball_height, ball_count,
                                      ball_material)
    what = "dummy silicon chip" if construction == "dummy_chip" else heat_sink["material"]
    return {
        "name": name or ("bumped-sink flip chip (seed 001)" if construction == "plate"
                         else "bumped-sink flip chip, dummy-chip sink (seed 001)"),
        "description": f"{die[0]:g} mm die; {what} sink on second bumps"
                       f"{' over UBM pads' if ubm_pads else ''}",
        "parts": parts,
    }
