"""Layer stacks of substrates and boards, with via fields, as spec fields.

A substrate or board may give ``stack:`` instead of (or besides) one homogenised
``material``::

    stack:
      model: layers            # mesh every layer (default) | compact: one material per region
      layers:                  # top (chip side) to bottom
        - {name: mask_top, thickness: 0.02, material: solder_mask}
        - {name: L1, thickness: 0.015, copper: 0.6, material: abf_dielectric}
        - {name: core, thickness: 0.8, material: bt_core}
      vias:
        - {name: pth, through: [core], pitch: 0.4, diameter: 0.15, plating: 0.02,
           region: {under: die}}

``copper`` is the copper coverage of a trace or plane layer (the rest is ``material``);
``plating`` omitted means a filled via. A via ``region`` is the footprint of a named
part (``under``), grown by ``margin``, or a ``size`` centred on the stack's part (or on
``under``) with an ``offset``; omitted, the field covers the whole part.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chippack.model.quantities import Length, NonNegativeLength, PositiveLength, Size2


class StackLayerSpec(BaseModel):
    """One layer, top to bottom: thickness, material (the fill), copper coverage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    thickness: PositiveLength
    material: str
    copper: float = Field(0.0, ge=0.0, le=1.0, description="copper coverage of the layer, 0..1")
    copper_material: str = "copper"


class ViaRegion(BaseModel):
    """Where a via field lies in the x-y plane (default: the whole part)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    under: str | None = Field(None, description="the footprint of this part (die, bottom sink)")
    margin: NonNegativeLength = 0.0
    size: Size2 | None = None
    offset: tuple[Length, Length] = (0.0, 0.0)


class ViaFieldSpec(BaseModel):
    """A square field of vias (PTHs, stacked micro-vias, thermal vias) through named layers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "vias"
    through: list[str] | Literal["all"] = "all"
    pitch: PositiveLength
    diameter: PositiveLength
    plating: PositiveLength | None = Field(None, description="barrel plating; omitted = filled")
    material: str = "copper"
    region: ViaRegion = Field(default_factory=ViaRegion)

    @model_validator(mode="after")
    def _fits(self):
        if self.diameter >= self.pitch:
            raise ValueError(f"via diameter {self.diameter * 1e3:.4g} mm must be smaller than "
                             f"its pitch {self.pitch * 1e3:.4g} mm")
        return self


class LayerStack(BaseModel):
    """The layers (top to bottom) and via fields of a substrate or board."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: Literal["layers", "compact"] = "layers"
    layers: list[StackLayerSpec] = Field(min_length=1)
    vias: list[ViaFieldSpec] = Field(default_factory=list)

    @property
    def thickness(self) -> float:
        return sum(layer.thickness for layer in self.layers)

    @model_validator(mode="after")
    def _names(self):
        names = [layer.name for layer in self.layers]
        if len(set(names)) != len(names):
            raise ValueError(f"layer names must be unique, got {names}")
        for i, field in enumerate(self.vias):
            if field.through != "all":
                unknown = [n for n in field.through if n not in names]
                if unknown:
                    raise ValueError(f"vias[{i}].through names {unknown}, not layers of this "
                                     f"stack; layers are {', '.join(names)}")
                if not field.through:
                    raise ValueError(f"vias[{i}].through is empty; name the layers the vias "
                                     "pass through, or 'all'")
                if len(set(field.through)) != len(field.through):
                    raise ValueError(f"vias[{i}].through {field.through} names a layer twice; "
                                     "name each once")
        return self

    def via_layers(self, field: ViaFieldSpec) -> list[str]:
        return [layer.name for layer in self.layers] if field.through == "all" else field.through
