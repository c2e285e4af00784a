"""A spec checked with the flow that builds it: the two must describe the same package.

The claim checker reads the spec's layout for structure and the flow's ledger for
the method; when a spec comes with ``--flow``, every element a claim reads must be
the same in both: the parts, their boxes, their materials (by substance, not only
by name) and the flags a claim reads (contact pads, chip-mounting and central
areas, orientation, wiring, joint shape, flat ends, what a joint was formed on,
what an encapsulant encapsulates, one-piece sinks, polished tops). Otherwise the
pairing is refused naming the first difference.
"""

from __future__ import annotations

import numpy as np

from chippack.errors import ChippackError
from chippack.layout import Layout

#: Spec fields that say where a part is or how big (the boxes compare those) or that
#: no claim reads; every other field must be equal.
GEOMETRY_FIELDS = frozenset({
    "on", "under", "between", "centered", "offset", "around", "below", "keepout",
    "keepout_size", "clearance", "label", "thermal_model", "cover", "thickness", "size",
    "over", "height", "outer_size", "inner_size", "width",
})


def _norm(value: object) -> object:
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    if isinstance(value, float):
        return round(value, 12)
    return value


def first_difference(given: Layout, built: Layout) -> str | None:
    """The first element a claim reads that differs between the two layouts, or None."""
    if set(given.parts) != set(built.parts):
        only_spec = sorted(set(given.parts) - set(built.parts))
        only_flow = sorted(set(built.parts) - set(given.parts))
        return (f"parts only in the design: {', '.join(only_spec) or 'none'}; only in the "
                f"flow: {', '.join(only_flow) or 'none'}")
    for pid, part in given.parts.items():
        other = built.parts[pid]
        if part.kind != other.kind:
            return f"{pid} is a {part.kind} in the design but a {other.kind} in the flow"
        if part.solids.shape != other.solids.shape or not np.allclose(
                part.solids, other.solids, atol=1e-9):
            return f"{pid} has a different size or place"
        if part.material != other.material:
            return (f"{pid} is {part.material} in the design but {other.material} in the flow")
        if part.material is not None and (given.materials.get(part.material)
                                          != built.materials.get(other.material)):
            return f"the material {part.material} of {pid} has different properties"
        a = given.spec.parts[pid].model_dump()
        b = built.spec.parts[pid].model_dump()
        for field in sorted(set(a) | set(b)):
            if field in GEOMETRY_FIELDS:
                continue
            va, vb = a.get(field), b.get(field)
            if field == "encapsulates":
                va, vb = sorted(va or []), sorted(vb or [])
            if _norm(va) != _norm(vb):
                return f"{pid}.{field} is {va!r} in the design but {vb!r} in the flow"
    return None


def check_pairing(given: Layout, built: Layout, flow_name: str) -> None:
    """Refuse a spec + flow pair that do not describe the same package."""
    diff = first_difference(given, built)
    if diff is not None:
        raise ChippackError(f"--flow: {flow_name} does not build this design ({diff}); give "
                            "the flow that builds it, or check the flow file alone")
