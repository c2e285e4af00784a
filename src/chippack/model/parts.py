"""Part kinds of a chip package, in the seeds' own words.

Every part has a ``kind`` and a placement written with the seeds' relations:

``on: X``            the part's lower face rests on the upper face of X (or of several
                     parts, which must then be level: a lid on a die and a stiffener);
``under: X``         the part's upper face is against the lower face of X;
``between: [A, B]``  fills the gap from the top of A to the bottom of B (underfill);
``centered: X``      footprint centred on X (default: the first part named above);
``offset: [dx, dy]`` shift from that centre;
``around: X``        a ring (stiffener, ball ring) whose opening surrounds X;
``below: X``         the footprint lies inside X's projection (a sink below the chip);
``integral_with: X`` one body with X (a lid formed in one piece with the stiffener).

Sizes are in millimetres unless written with a unit; they become metres here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from chippack.inputs.limits import current
from chippack.model.quantities import (
    Length,
    NonNegativeLength,
    PositiveLength,
    Power,
    Size2,
)
from chippack.model.stack import LayerStack, ViaFieldSpec

PartId = str


class PartBase(BaseModel):
    """Fields shared by all parts: material, placement relations, a free label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    material: str | None = None
    label: str = ""
    on: list[PartId] | None = None
    under: PartId | None = None
    between: tuple[PartId, PartId] | None = None
    centered: PartId | None = None
    offset: tuple[Length, Length] = (0.0, 0.0)
    around: PartId | None = None
    below: PartId | None = None
    integral_with: PartId | None = None

    @field_validator("on", mode="before")
    @classmethod
    def _on_as_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_vertical_relation(self):
        given = [n for n in ("on", "under", "between") if getattr(self, n)]
        if len(given) > 1:
            raise ValueError(
                f"give only one of on / under / between (got {' and '.join(given)})"
            )
        return self

    def references(self) -> dict[str, PartId]:
        """Every other part this one names, keyed by the field that names it."""
        refs: dict[str, PartId] = {}
        for i, target in enumerate(self.on or []):
            refs[f"on[{i}]" if len(self.on or []) > 1 else "on"] = target
        for name in ("under", "centered", "around", "below", "integral_with"):
            if getattr(self, name):
                refs[name] = getattr(self, name)
        if self.between:
            refs["between[0]"], refs["between[1]"] = self.between
        return refs

    @property
    def vertical_targets(self) -> list[PartId]:
        """Parts whose faces fix this part's height."""
        if self.on:
            return list(self.on)
        if self.under:
            return [self.under]
        if self.between:
            return list(self.between)
        return []

    @property
    def centre_reference(self) -> PartId | None:
        """Part whose footprint centre this part is centred on."""
        if self.centered:
            return self.centered
        if self.around:
            return self.around
        if self.between:
            return self.between[1]
        targets = self.vertical_targets
        return targets[0] if targets else None


class Substrate(PartBase):
    """Package substrate: upper surface (chip side) and lower surface (ball side)."""

    kind: Literal["substrate"]
    size: Size2
    thickness: PositiveLength | None = Field(
        None, description="required unless 'stack' gives the layers (then their sum)")
    material: str | None = "bt_laminate"
    stack: LayerStack | None = Field(
        None, description="layers and via fields (see chippack.model.stack)")
    chip_mounting_area: Size2 | None = Field(
        None, description="centred region of the upper surface where the chip is mounted"
    )
    central_area: Size2 | None = Field(
        None, description="centred region of the lower surface (seed 000 claim 18)"
    )
    contact_pads: StrictBool = Field(True, description="the upper surface carries bump contact pads")

    @model_validator(mode="after")
    def _thickness_from_stack(self):
        _stack_thickness(self)
        return self


def _stack_thickness(part) -> None:
    """Fill a layered part's thickness from its stack, or check that the two agree."""
    if part.stack is None:
        if part.thickness is None:
            raise ValueError("give 'thickness' (or a 'stack' of layers)")
        return
    total = part.stack.thickness
    if part.thickness is None:
        object.__setattr__(part, "thickness", total)  # frozen model: set once, at validation
    elif abs(part.thickness - total) > 1e-7:
        raise ValueError(f"thickness {part.thickness * 1e3:.4g} mm differs from the sum of "
                         f"its stack's layers, {total * 1e3:.4g} mm; drop 'thickness' or "
                         "make them agree")


class HotSpot(BaseModel):
    """A rectangle of the active surface dissipating ``power`` (on top of the uniform part)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    size: Size2
    offset: tuple[Length, Length] = (0.0, 0.0)
    power: Power


class Die(PartBase):
    """Semiconductor chip. ``flip``: active surface faces down toward the substrate."""

    kind: Literal["die"]
    size: Size2
    thickness: PositiveLength
    material: str | None = "silicon"
    orientation: Literal["flip", "face_up"] = "flip"
    wiring: bool = Field(True, description="the chip has circuitry (an IC); false: a dummy "
                         "chip without wiring")
    power: Power | None = Field(None, description="dissipation spread uniformly over the die")
    hot_spots: list[HotSpot] = Field(default_factory=list,
                                     description="extra rectangles of power on the active face")

    @model_validator(mode="after")
    def _hot_spots_inside(self):
        for i, spot in enumerate(self.hot_spots):
            for axis in range(2):
                if abs(spot.offset[axis]) + spot.size[axis] / 2 > self.size[axis] / 2 + 1e-12:
                    raise ValueError(
                        f"hot_spots[{i}] ({spot.size[0] * 1e3:.4g} × {spot.size[1] * 1e3:.4g} mm "
                        f"at offset {spot.offset[0] * 1e3:.4g}, {spot.offset[1] * 1e3:.4g} mm) "
                        "reaches beyond the die; move it inside the die"
                    )
        return self

    @property
    def total_power(self) -> float:
        """Uniform power plus hot spots, W."""
        return (self.power or 0.0) + sum(s.power for s in self.hot_spots)

    @property
    def active_face(self) -> Literal["bottom", "top"]:
        return "bottom" if self.orientation == "flip" else "top"


class LandVias(BaseModel):
    """Vias from a ball array's lands into a JEDEC test board (via-in-pad or dog-bone).

    JESD51-9 (area-array test boards) and JESD51-11 (its Table 4: "power/ground
    connected ...? number of connections", "number of pin rows connected") let the
    test board tie package pins to the buried planes and ask that it be reported, so
    it is an option. One plated through-hole per land, smeared as a via field of the
    ball pitch under the array (:func:`chippack.layout.fixtures.with_jedec_board`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    diameter: PositiveLength = Field(0.0003, description="finished hole diameter")
    plating: PositiveLength | None = Field(0.000025, description="barrel plating; "
                                           "omitted = filled")
    material: str = "copper"


class TerminalArray(PartBase):
    """A regular array of joints: die bumps, second bumps, conductive elements, balls.

    Each joint is modelled as a square prism of the same cross-section as the
    round joint (side = d·√π/2), centred on the grid ``(i − (nx−1)/2)·pitch``.
    ``pattern``: ``full`` grid; ``perimeter`` keeps the outer ``rows``; ``ring``
    removes joints within ``clearance`` of the part named by ``keepout`` (or of a
    centred ``keepout_size`` rectangle: a depopulated centre).
    """

    kind: Literal["bump_array", "ball_array"]
    pitch: PositiveLength
    diameter: PositiveLength
    height: PositiveLength
    count: tuple[int, int]
    material: str | None = "sac305"
    pattern: Literal["full", "perimeter", "ring"] = "full"
    rows: int | None = Field(None, ge=1)
    keepout: PartId | None = None
    keepout_size: Size2 | None = Field(
        None, description="ring pattern: depopulated centred rectangle (instead of a part)")
    clearance: NonNegativeLength = 0.0
    formed_on: PartId | None = Field(None, description="part the joints were formed on")
    shape: Literal["bump", "pillar", "ball"] = "bump"
    flat_ends: StrictBool = False
    thermal_model: Literal["resolved", "homogenized"] = "homogenized"
    board_vias: LandVias | None = Field(
        None, description="ball arrays: one plated through-hole per land to the JEDEC 2s2p "
                          "board's planes (JESD51-9/-11 leave the plane connection to the "
                          "test board and have it reported); none by default")

    @field_validator("count")
    @classmethod
    def _count_positive(cls, value: tuple[int, int]) -> tuple[int, int]:
        if min(value) < 1:
            raise ValueError(f"needs at least 1 joint per row, got {list(value)}")
        limit = current().joints
        if value[0] * value[1] > limit:
            raise ValueError(f"{value[0]} × {value[1]} = {value[0] * value[1]:,} joints is more "
                             f"than the {limit:,} one array may have; check the count "
                             "(joints per row and per column)")
        return value

    @model_validator(mode="after")
    def _geometry(self):
        if self.diameter >= self.pitch:
            raise ValueError(
                f"diameter {self.diameter * 1e3:.4g} mm must be smaller than pitch "
                f"{self.pitch * 1e3:.4g} mm or neighbouring joints merge"
            )
        if self.pattern == "ring" and not (self.keepout or self.keepout_size):
            raise ValueError("pattern 'ring' needs 'keepout: <part>' naming what it rings "
                             "(or 'keepout_size: [x, y]' for a depopulated centre)")
        if self.pattern == "perimeter" and not self.rows:
            raise ValueError("pattern 'perimeter' needs 'rows: <n>'")
        if self.pattern != "ring" and (self.keepout or self.keepout_size):
            raise ValueError("'keepout' only applies to pattern 'ring'")
        if self.board_vias is not None:
            if self.kind != "ball_array":
                raise ValueError("'board_vias' only applies to a ball_array (the lands on "
                                 "the test board); remove it from this bump_array")
            if self.pattern != "full":
                raise ValueError("'board_vias' is smeared over the whole array, so it needs "
                                 "pattern 'full'; for a perimeter or ring array give the "
                                 "board's thermal_vias by hand")
            if self.board_vias.diameter >= self.pitch:
                raise ValueError(f"board_vias diameter {self.board_vias.diameter * 1e3:.4g} mm "
                                 f"must be smaller than the ball pitch {self.pitch * 1e3:.4g} mm")
        return self

    @property
    def prism_side(self) -> float:
        """Side of the equal-area square prism, m."""
        return self.diameter * (3.141592653589793**0.5) / 2.0


class UbmPads(PartBase):
    """Under-bump-metallurgy pads on a die surface, one under each joint of an array."""

    kind: Literal["ubm_pads"]
    aligned_with: PartId
    thickness: PositiveLength = 0.005
    diameter: PositiveLength | None = None
    material: str | None = "nickel"


class Underfill(PartBase):
    """Underfill filling the gap between two parts around their joints (a filler)."""

    kind: Literal["underfill"]
    material: str | None = "underfill"
    fillet: NonNegativeLength = 0.0


class Stiffener(PartBase):
    """Ring on the substrate around the chip. Give ``width`` or ``inner_size``."""

    kind: Literal["stiffener"]
    thickness: PositiveLength
    outer_size: Size2 | None = None
    inner_size: Size2 | None = None
    width: PositiveLength | None = None
    material: str | None = "copper"

    @model_validator(mode="after")
    def _ring_geometry(self):
        if (self.width is None) == (self.inner_size is None):
            raise ValueError("give exactly one of 'width' or 'inner_size' for the ring opening")
        return self


class Fins(BaseModel):
    """Straight plate fins on the face of a heat sink that points away from the package."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    count: int = Field(ge=1)
    thickness: PositiveLength
    height: PositiveLength
    axis: Literal["x", "y"] = "y"
    model: Literal["resolved", "effective_h"] = Field(
        "resolved", description="mesh the fins, or replace them by a fin-efficiency h on the base")


class Legs(BaseModel):
    """Standoff ring under a heat-sink plate down to the part it is attached to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    width: PositiveLength
    height: PositiveLength | Literal["auto"] = Field(
        ..., description="'auto': as tall as closes the stack under the plate")


class HeatSink(PartBase):
    """Heat sink / lid: a plate, optional fins, optional standoff legs.

    ``construction: dummy_chip`` says the sink is meant as a dummy chip; the claim
    checker decides it from substance: a semiconductor body with ``wiring: false``
    (seed 001 claim 3). ``wiring: true`` is a wired chip used as a sink.
    """

    kind: Literal["heat_sink"]
    size: Size2
    thickness: PositiveLength
    material: str | None = "copper"
    construction: Literal["plate", "dummy_chip"] = "plate"
    wiring: bool = Field(False, description="the sink body carries circuitry (a wired chip)")
    fins: Fins | None = None
    legs: Legs | None = None


class Tim(PartBase):
    """Thermal interface material / bond layer; size defaults to the part it sits on."""

    kind: Literal["tim"]
    thickness: PositiveLength
    size: Size2 | None = None
    material: str | None = "tim_grease"


class Encapsulant(PartBase):
    """Mold encapsulant (a filler): fills its box around the parts it encapsulates.

    Its top is either ``thickness`` above its base or ``cover`` above the tallest
    part it encapsulates (``cover: 0`` leaves those tops exposed, flush with it).
    ``polished``: the top was ground flat (joint ends exposed and flat).
    """

    kind: Literal["encapsulant"]
    encapsulates: list[PartId] = Field(default_factory=list)
    size: Size2 | None = None
    over: Literal["part", "chip_mounting_area"] = "part"
    thickness: PositiveLength | None = None
    cover: NonNegativeLength | None = None
    polished: StrictBool = False
    material: str | None = "mold_compound"

    @model_validator(mode="after")
    def _top(self):
        if (self.thickness is None) == (self.cover is None):
            raise ValueError("give exactly one of 'thickness' or 'cover' for the encapsulant top")
        if self.cover is not None and not self.encapsulates:
            raise ValueError("'cover' is measured above the 'encapsulates' parts; list them")
        return self


class Board(PartBase):
    """Printed circuit board (JEDEC test board or application board).

    ``jedec: 2s2p`` / ``1s0p`` builds the board material from its copper layers
    (JESD51-7 / JESD51-3). ``cutout`` lists parts that pass through a hole in it.
    """

    kind: Literal["board"]
    size: Size2
    thickness: PositiveLength | None = None
    jedec: Literal["2s2p", "1s0p"] | None = None
    material: str | None = None
    cutout: list[PartId] = Field(default_factory=list)
    cutout_clearance: NonNegativeLength = 0.0005
    stack: LayerStack | None = Field(
        None, description="layers and via fields; a JEDEC board gets its JESD51-7/-3 stack")
    stack_model: Literal["layers", "compact"] = Field(
        "layers", description="JEDEC board: mesh its layers, or one compact material")
    thermal_vias: ViaFieldSpec | None = Field(
        None, description="thermal vias through the whole board (e.g. under the package)")

    @model_validator(mode="after")
    def _material_or_jedec(self):
        if self.material is None and self.jedec is None and self.stack is None:
            raise ValueError("give a 'material', a 'stack' or 'jedec: 2s2p | 1s0p' for the board")
        if self.stack is None and self.thickness is None:
            object.__setattr__(self, "thickness", 0.0016)  # JESD51-7/-3 board thickness
        _stack_thickness(self)
        return self


Part = Annotated[
    Substrate | Die | TerminalArray | UbmPads | Underfill | Stiffener | HeatSink | Tim
    | Encapsulant | Board,
    Field(discriminator="kind"),
]

#: Parts that fill what solids leave free in their box (they may overlap solids).
FILLER_KINDS = ("underfill", "encapsulant")
#: Arrays of joints (bumps, solder balls): meshed resolved or as a homogenised layer.
JOINT_KINDS = ("bump_array", "ball_array")
PART_KINDS = (
    "substrate", "die", "bump_array", "ball_array", "ubm_pads", "underfill", "stiffener",
    "heat_sink", "tim", "encapsulant", "board",
)
