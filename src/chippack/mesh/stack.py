"""Paint a layered substrate or board: one slab of cells per layer, via fields per region.

A part with a layer stack (its own ``stack:``, or a JEDEC board, whose JESD51-7/-3
build :func:`chippack.materials.boards.jedec_board_layers` gives) is painted as
(boxes, material) pieces instead of one material:

* ``model: layers``: every layer is its own z-slab; inside a via field's region the
  layers the vias pass through get the via-pierced layer material (parallel rule in
  z, Maxwell–Rayleigh in-plane; :mod:`chippack.materials.stack`);
* ``model: compact``: the whole thickness is one orthotropic material per region
  (series through the layers, parallel along them).

A joint array (bumps, balls) on a stack's top or bottom face lands on the outermost
copper layer through openings in whatever lies outside it (the solder mask): each
joint's pad is copper and its mask opening is filled by the joint's solder. Under the
array the stack gets two land fields at the joints' own area fraction φ (the one the
homogenised array uses): the joint material through the layers outside the pad layer,
copper through the pad layer (:func:`land_fields`). Without them the heat of every
joint would cross the mask (0.25 W/m·K) and a trace layer's series-mixed copper, which
no real land does.

A layered JEDEC board carries its trace copper only in the JESD51-9 fan-out square
(package body + 25 mm; :func:`chippack.materials.boards.jedec_trace_fanout`): its
trace layers are bare FR-4 with a traced patch there.

Through the stack the two give the same resistance exactly (a 1-D series sum);
``tests/mesh/test_stack_mesh.py`` checks it and checks the via rule against
vias meshed one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.errors import SpecError
from chippack.layout import Layout
from chippack.materials import Material
from chippack.materials.boards import (
    jedec_board_layers,
    jedec_trace_fanout,
    jedec_trace_layers,
)
from chippack.materials.stack import (
    StackLayer,
    compact_material,
    layer_material,
    via_area_fraction,
)
from chippack.mesh.homogenize import joint_tiles
from chippack.model.parts import JOINT_KINDS
from chippack.model.stack import LayerStack, ViaFieldSpec


@dataclass(frozen=True)
class ViaField:
    """A via field resolved: copper fraction, material, the layers it crosses, its x-y box."""

    name: str
    phi: float
    material: Material
    layers: tuple[str, ...]
    region: tuple[float, float, float, float]  # x0, x1, y0, y1 (m)


@dataclass(frozen=True)
class LayerPatch:
    """A layer that is different inside an x-y region (a JEDEC trace layer's fan-out)."""

    index: int  # position of the layer in the stack, top first
    layer: StackLayer  # the layer as it is inside the region
    region: tuple[float, float, float, float]  # x0, x1, y0, y1 (m)

    def covers(self, x: float, y: float) -> bool:
        r = self.region
        return r[0] < x < r[1] and r[2] < y < r[3]


@dataclass(frozen=True)
class ResolvedStack:
    layers: tuple[StackLayer, ...]
    vias: tuple[ViaField, ...]
    model: str
    patches: tuple[LayerPatch, ...] = ()


def _layers(stack: LayerStack, materials: dict[str, Material], pid: str) -> list[StackLayer]:
    out = []
    for i, layer in enumerate(stack.layers):
        for field, name in (("material", layer.material), ("copper_material", layer.copper_material)):
            if name not in materials:
                raise SpecError(f"parts.{pid}.stack.layers[{i}].{field}",
                                f"unknown material {name!r}; use one of "
                                f"{', '.join(sorted(materials))} or define it under 'materials:'")
        out.append(StackLayer(layer.name, layer.thickness, materials[layer.material],
                              layer.copper, materials[layer.copper_material]))
    return out


def _region(layout: Layout, pid: str, field: ViaFieldSpec, where: str):
    r = field.region
    owner = layout.parts[pid].envelope
    if r.under is not None:
        if r.under not in layout.parts:
            raise SpecError(f"{where}.region.under",
                            f"names part {r.under!r}, which does not exist; parts are "
                            f"{', '.join(sorted(layout.parts))}")
        ref = layout.parts[r.under].envelope
    else:
        ref = owner
    cx, cy = 0.5 * (ref[0] + ref[1]) + r.offset[0], 0.5 * (ref[2] + ref[3]) + r.offset[1]
    if r.size is not None:
        sx, sy = r.size
    else:
        sx, sy = ref[1] - ref[0], ref[3] - ref[2]
    sx, sy = sx + 2 * r.margin, sy + 2 * r.margin
    box = (max(cx - sx / 2, owner[0]), min(cx + sx / 2, owner[1]),
           max(cy - sy / 2, owner[2]), min(cy + sy / 2, owner[3]))
    if box[1] - box[0] <= 0 or box[3] - box[2] <= 0:
        raise SpecError(f"{where}.region", f"the via region lies outside {pid}; move it onto it")
    return box


def resolved_stack(layout: Layout, pid: str) -> ResolvedStack | None:
    """The layers and via fields of a part, or None when it is one homogenised material."""
    part = layout.spec.parts[pid]
    if part.kind not in ("substrate", "board"):
        return None
    stack = getattr(part, "stack", None)
    materials = layout.materials
    fields: list[tuple[ViaFieldSpec, str]] = []
    patches: list[LayerPatch] = []
    if stack is not None:
        layers = _layers(stack, materials, pid)
        model = stack.model
        fields = [(f, f"parts.{pid}.stack.vias[{i}]") for i, f in enumerate(stack.vias)]
    elif part.kind == "board" and part.jedec and part.material is None:
        layers = jedec_board_layers(part.jedec, part.thickness)
        model = part.stack_model
        if model == "compact" and part.thermal_vias is None:
            return None  # the compact JEDEC material itself
    else:
        return None
    # the lands first (on the layers as built: a JEDEC trace layer keeps its copper for
    # this, before the fan-out strips it outside the fan-out square); a via field given
    # in the spec replaces them where both apply
    vias = land_fields(layout, pid, layers)
    if stack is None and model == "layers":
        layers, patches = _fanout(layout, pid, layers)
    names = [layer.name for layer in layers]
    if getattr(part, "thermal_vias", None) is not None:
        fields.append((part.thermal_vias, f"parts.{pid}.thermal_vias"))
    for field, where in fields:
        if field.material not in materials:
            raise SpecError(f"{where}.material", f"unknown material {field.material!r}")
        through = names if field.through == "all" else list(field.through)
        unknown = [n for n in through if n not in names]
        if unknown:
            raise SpecError(f"{where}.through", f"names {unknown}, not layers of {pid}; "
                            f"layers are {', '.join(names)}")
        phi = via_area_fraction(field.pitch, field.diameter, field.plating)
        vias.append(ViaField(field.name, phi, materials[field.material], tuple(through),
                             _region(layout, pid, field, where)))
    return ResolvedStack(tuple(layers), tuple(vias), model, tuple(patches))


def land_fields(layout: Layout, pid: str, layers: list[StackLayer]) -> list[ViaField]:
    """The lands of the joint arrays on ``pid``'s top and bottom faces, as via fields.

    On each face with a joint array, the outermost layer with copper is the pad layer:
    under the array it gets copper at the joints' area fraction φ (the pads), and every
    layer outside it (solder mask) the joint's own material at φ (the mask openings the
    joints fill). A face whose stack has no copper layer gets none. φ is the joints'
    footprint over the array's pitch cells, as in the homogenised joint layer.
    """
    placed = layout.parts[pid]
    out = []
    for jid, joint in layout.parts.items():
        spec = layout.spec.parts[jid]
        if spec.kind not in JOINT_KINDS or not len(joint.solids):
            continue
        if abs(joint.bottom - placed.top) < 1e-9:
            order = list(range(len(layers)))  # on the top face: layers from the top
        elif abs(joint.top - placed.bottom) < 1e-9:
            order = list(range(len(layers)))[::-1]
        else:
            continue
        pad = next((i for i in order if layers[i].copper > 0
                    and layers[i].copper_material is not None), None)
        if pad is None:
            continue
        phi = joint.solid_footprint_area / (len(joint.solids) * spec.pitch**2)
        outside = [layers[i].name for i in order[:order.index(pad)]]
        centres = np.column_stack([0.5 * (joint.solids[:, 0] + joint.solids[:, 1]),
                                   0.5 * (joint.solids[:, 2] + joint.solids[:, 3])])
        o = placed.envelope
        # the joints' pitch tiles merged into rectangles: a ring or perimeter array leaves
        # its depopulated centre without lands
        for b in joint_tiles(centres, spec.pitch, 0.0, 0.0):
            region = (max(b[0], o[0]), min(b[1], o[1]), max(b[2], o[2]), min(b[3], o[3]))
            if region[1] - region[0] <= 0 or region[3] - region[2] <= 0:
                continue
            if outside:
                out.append(ViaField(f"{jid} mask openings", phi, layout.material_of(jid),
                                    tuple(outside), region))
            out.append(ViaField(f"{jid} pads", phi, layers[pad].copper_material,
                                (layers[pad].name,), region))
    return out


def _fanout(layout: Layout, pid: str, layers: list[StackLayer]):
    """A JEDEC board's trace layers bare, with their traces patched into the fan-out
    square around the package body (JESD51-9 §5.1)."""
    others = [p.envelope for q, p in layout.parts.items() if q != pid
              and layout.spec.parts[q].kind != "board"]
    body = (min(e[0] for e in others), max(e[1] for e in others),
            min(e[2] for e in others), max(e[3] for e in others))
    region = jedec_trace_fanout(body, tuple(layout.parts[pid].envelope[:4]))
    traces = jedec_trace_layers(layout.spec.parts[pid].jedec)
    out, patches = [], []
    for i, layer in enumerate(layers):
        if layer.name in traces:
            patches.append(LayerPatch(i, layer, region))
            layer = StackLayer(layer.name, layer.thickness, layer.material)
        out.append(layer)
    return out, patches


def _clip(solids: np.ndarray, region, z0: float, z1: float) -> np.ndarray:
    """The part's solid boxes cut to an x-y region and a z range."""
    out = solids.copy()
    if region is not None:
        out[:, 0] = np.maximum(out[:, 0], region[0])
        out[:, 1] = np.minimum(out[:, 1], region[1])
        out[:, 2] = np.maximum(out[:, 2], region[2])
        out[:, 3] = np.minimum(out[:, 3], region[3])
    out[:, 4], out[:, 5] = z0, z1
    keep = (out[:, 1] - out[:, 0] > 1e-12) & (out[:, 3] - out[:, 2] > 1e-12)
    return out[keep]


def _via_cells(owner: np.ndarray, stack: ResolvedStack):
    """Split the part's footprint on every via-region edge; per piece, the via field that
    applies in each layer (where fields overlap in a layer, the later one replaces the
    earlier: a dense field under the die inside a sparse one everywhere)."""
    boxes = [v.region for v in stack.vias] + [p.region for p in stack.patches]
    xs = sorted({owner[0], owner[1], *[b[0] for b in boxes], *[b[1] for b in boxes]})
    ys = sorted({owner[2], owner[3], *[b[2] for b in boxes], *[b[3] for b in boxes]})
    cells = []
    for x0, x1 in zip(xs[:-1], xs[1:], strict=True):
        for y0, y1 in zip(ys[:-1], ys[1:], strict=True):
            cx, cy = 0.5 * (x0 + x1), 0.5 * (y0 + y1)
            fields: list[ViaField | None] = []
            for layer in stack.layers:
                here = [v for v in stack.vias if layer.name in v.layers
                        and v.region[0] < cx < v.region[1] and v.region[2] < cy < v.region[3]]
                fields.append(here[-1] if here else None)
            if any(f is not None for f in fields):
                cells.append(((x0, x1, y0, y1), fields))
    return cells


def stack_pieces(layout: Layout, pid: str, stack: ResolvedStack) -> list[tuple[np.ndarray, Material]]:
    """(boxes, material) to paint in order (later pieces win), bare layers first."""
    placed = layout.parts[pid]
    solids, top = placed.solids, placed.top
    scale = (top - placed.bottom) / sum(layer.thickness for layer in stack.layers)
    spans, z = [], top
    for layer in stack.layers:  # top to bottom
        spans.append((z - layer.thickness * scale, z))
        z -= layer.thickness * scale
    cells = _via_cells(placed.envelope, stack)
    pieces: list[tuple[np.ndarray, Material]] = []
    if stack.model == "compact":
        bare = [0.0] * len(stack.layers)
        pieces.append((_clip(solids, None, placed.bottom, top),
                       compact_material(list(stack.layers), bare, pid, None)))
        for region, fields in cells:
            phis = [f.phi if f else 0.0 for f in fields]
            via = [f.material if f else None for f in fields]
            name = "+".join(sorted({f.name for f in fields if f}))
            key = ",".join(f"{p:.6g}" for p in phis)
            pieces.append((_clip(solids, region, placed.bottom, top),
                           compact_material(list(stack.layers), phis, pid, via,
                                            f"{name} [{key}]")))
        return [(b, m) for b, m in pieces if len(b)]
    for layer, (z0, z1) in zip(stack.layers, spans, strict=True):
        pieces.append((_clip(solids, None, z0, z1), layer_material(layer, pid)))
    for patch in stack.patches:
        z0, z1 = spans[patch.index]
        traced = patch.layer
        pieces.append((_clip(solids, patch.region, z0, z1),
                       layer_material(traced, pid).with_overrides(
                           f"{pid}.{traced.name} (fan-out)")))
    for region, fields in cells:
        cx, cy = 0.5 * (region[0] + region[1]), 0.5 * (region[2] + region[3])
        for i, (layer, field, (z0, z1)) in enumerate(zip(stack.layers, fields, spans,
                                                         strict=True)):
            if field is not None:
                here = [p.layer for p in stack.patches if p.index == i and p.covers(cx, cy)]
                pieces.append((_clip(solids, region, z0, z1),
                               layer_material(here[-1] if here else layer, pid, field.phi,
                                              field.material, field.name)))
    return [(b, m) for b, m in pieces if len(b)]
