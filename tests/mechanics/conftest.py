"""Layered plates built through the ordinary spec → layout → mechanics-mesh path."""

from __future__ import annotations

import numpy as np

from chippack.families import spec_from_mapping
from chippack.layout import lay_out
from chippack.mechanics.assembly import assemble, check_connected, solid_elements
from chippack.mechanics.loads import stress_free_temperatures
from chippack.mechanics.solve import solve
from chippack.mechanics.study import mechanics_mesh_options
from chippack.mesh.package import mesh_layout

KINDS = ("substrate", "die", "heat_sink")


def plate_layout(layers, size_mm=20.0):
    """Lay out a stack of full-size layers, bottom first: (thickness mm, E Pa, ν, CTE 1/K)."""
    parts, materials = {}, {}
    below = None
    for n, (t, e, nu, cte) in enumerate(layers):
        name = f"layer{n}"
        materials[f"m{n}"] = {"base": "copper", "youngs_modulus": e, "poisson_ratio": nu,
                              "cte": cte}
        part = {"kind": KINDS[n], "material": f"m{n}", "thickness": t,
                "size": [size_mm, size_mm]}
        if n:
            part["on"] = below
        if KINDS[n] == "die":
            part["orientation"] = "face_up"
        parts[name] = part
        below = name
    return lay_out(spec_from_mapping({"name": "plate", "parts": parts, "materials": materials}))


def solve_plate(layers, delta_t, size_mm=20.0, options=None):
    """Free-free plate, all layers stress-free at 0 °C, heated uniformly to ``delta_t``."""
    layout = plate_layout(layers, size_mm)
    mesh = mesh_layout(layout, options or mechanics_mesh_options(layout))
    elements = solid_elements(mesh)
    check_connected(elements)
    system = assemble(elements, delta_t, stress_free_temperatures(layout, override=0.0))
    return elements, system, solve(system)


def bottom_face(elements, u):
    """(x, y, w) of the nodes on the plate's lower face, centred on the plate."""
    c = elements.coords
    on = np.abs(c[:, 2] - c[:, 2].min()) < 1e-12
    x = c[on, 0] - 0.5 * (c[:, 0].min() + c[:, 0].max())
    y = c[on, 1] - 0.5 * (c[:, 1].min() + c[:, 1].max())
    return x, y, u[on, 2]


def fitted_curvature(x, y, w, window: float = 0.5):
    """κ of the least-squares paraboloid w = a + b x + c y + κ (x² + y²)/2 (positive: dome)
    over the central ``window`` of the plate (the closed forms hold away from the free
    edges, within about a thickness of which the stress state is no longer biaxial)."""
    half = window * max(np.abs(x).max(), np.abs(y).max())
    keep = (np.abs(x) <= half + 1e-12) & (np.abs(y) <= half + 1e-12)
    x, y, w = x[keep], y[keep], w[keep]
    design = np.column_stack([np.ones_like(x), x, y, 0.5 * (x ** 2 + y ** 2)])
    return -np.linalg.lstsq(design, w, rcond=None)[0][3]
