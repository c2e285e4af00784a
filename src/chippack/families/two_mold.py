"""Seed 002 family: bump-first, two-encapsulant package.

Bumps stand on the substrate's chip-mounting area inside a first encapsulant
polished flush with their flat ends; the die is flip-mounted on that surface; a
second encapsulant covers the die back (or leaves it exposed) and may embed a
drop-in heat sink standing on the substrate; solder balls are implanted below.
"""

from __future__ import annotations

from typing import Any

from chippack.errors import SpecError
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


def two_mold_package_mapping(
    *,
    name: str | None = None,
    substrate_size: SizeLike = 12,
    substrate_thickness: LengthLike = 0.56,
    substrate_material: str = "bt_laminate",
    chip_mounting_area: SizeLike = 8,
    contact_pads: bool = True,
    bump_pitch: LengthLike = 0.5,
    bump_diameter: LengthLike = 0.25,
    bump_height: LengthLike = 0.15,
    bump_count: int = 12,
    bump_material: str = "snpb_eutectic",
    bump_shape: str = "bump",
    die_size: SizeLike = 7,
    die_thickness: LengthLike = 0.4,
    power: float | str = 2,
    die_back: str = "covered",
    mold_cover: LengthLike = 0.15,
    heat_sink: bool | None = None,
    sink_size: SizeLike = 11,
    sink_thickness: LengthLike = 0.2,
    sink_leg_width: LengthLike = 0.5,
    sink_leg_height: LengthLike = 0.7,
    sink_material: str = "copper",
    ball_pitch: LengthLike = 0.8,
    ball_diameter: LengthLike = 0.4,
    ball_height: LengthLike = 0.3,
    ball_count: int | None = None,
    ball_material: str = "sac305",
) -> dict[str, Any]:
    """The spec mapping of a two-mold package (see :func:`two_mold_package`)."""
    back = choice(die_back, "die_back", ("covered", "exposed"))
    with_sink = (back == "covered") if heat_sink is None else bool(heat_sink)
    if with_sink and back == "exposed":
        raise SpecError("parameters.heat_sink",
                        "an embedded sink spans the die and would cover its back; use "
                        "die_back: covered, or heat_sink: false for an exposed die back")
    sub = size_mm(substrate_size, "substrate_size")
    area = size_mm(chip_mounting_area, "chip_mounting_area")
    die = size_mm(die_size, "die_size")
    pitch = positive_mm(bump_pitch, "bump_pitch")
    count = count_of(bump_count, "bump_count")
    check_array_fits(count, pitch, min(min(die), min(area)), "bump_count",
                     "die and chip-mounting area")
    shape = choice(bump_shape, "bump_shape", ("bump", "pillar", "ball"))

    parts: dict[str, Any] = {
        "substrate": {"kind": "substrate", "size": sub,
                      "thickness": positive_mm(substrate_thickness, "substrate_thickness"),
                      "material": substrate_material, "chip_mounting_area": area,
                      "contact_pads": contact_pads},
        "conductive_bumps": joint_array(
            "bump_array", on="substrate", centered="substrate", pitch=pitch,
            diameter=positive_mm(bump_diameter, "bump_diameter"),
            height=positive_mm(bump_height, "bump_height"), count=count,
            material=bump_material, formed_on="substrate", flat_ends=True, shape=shape),
        "first_encapsulant": {"kind": "encapsulant", "on": "substrate",
                              "over": "chip_mounting_area",
                              "encapsulates": ["conductive_bumps"], "cover": 0,
                              "polished": True},
        "die": {"kind": "die", "size": die,
                "thickness": positive_mm(die_thickness, "die_thickness"),
                "on": "first_encapsulant", "power": f"{watts(power, 'power')} W"},
    }
    if with_sink:
        parts["heat_sink"] = {
            "kind": "heat_sink", "on": "substrate", "centered": "substrate",
            "size": size_mm(sink_size, "sink_size"),
            "thickness": positive_mm(sink_thickness, "sink_thickness"),
            "material": sink_material,
            "legs": {"width": positive_mm(sink_leg_width, "sink_leg_width"),
                     "height": positive_mm(sink_leg_height, "sink_leg_height")},
        }
    parts["second_encapsulant"] = {
        "kind": "encapsulant", "on": "substrate",
        "encapsulates": ["die", "heat_sink"] if with_sink else ["die"],
        "cover": mm(mold_cover, "mold_cover") if back == "covered" else 0,
    }
    parts["balls"] = solder_balls(sub, ball_pitch, ball_diameter, ball_height, ball_count,
                                  ball_material)
    return {
        "name": name or ("two-mold package (seed 002)" if back == "covered"
                         else "two-mold package, exposed die back (seed 002)"),
        "description": ("bump-first, two-encapsulant package"
                        + (" with an embedded drop-in sink" if with_sink else "")
                        + ("; die back exposed" if back == "exposed" else "")),
        "parts": parts,
    }
