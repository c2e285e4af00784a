"""Layered plates built through the ordinary spec → layout → default-mesh path."""

from __future__ import annotations

import pytest

from chippack.families import spec_from_mapping
from chippack.layout import lay_out
from chippack.mesh.package import MeshOptions, mesh_layout

KINDS = ("substrate", "die", "heat_sink")


def layered_plate(layers, size_mm=20.0, options: MeshOptions | None = None):
    """Mesh a stack of full-size layers, bottom first: (thickness mm, E Pa, ν, CTE 1/K)."""
    parts, materials = {}, {}
    below = None
    for n, (t, e, nu, cte) in enumerate(layers):
        name = f"layer{n}"
        materials[f"m{n}"] = {"base": "copper", "youngs_modulus": e, "poisson_ratio": nu,
                              "cte": cte}
        part = {"kind": KINDS[n], "material": f"m{n}", "thickness": t}
        if n == 0:
            part["size"] = [size_mm, size_mm]
        else:
            part.update({"size": [size_mm, size_mm], "on": below})
            if KINDS[n] == "die":
                part["orientation"] = "face_up"
        parts[name] = part
        below = name
    spec = spec_from_mapping({"name": "plate", "parts": parts, "materials": materials})
    return mesh_layout(lay_out(spec), options)


@pytest.fixture
def plate():
    return layered_plate
