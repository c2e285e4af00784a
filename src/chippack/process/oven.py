"""The reflow step simulates what is in the oven (chippack.reflow) instead of trusting a peak.

What is in the oven follows the step: the parts connected to the joints waiting to be
joined (the package being built, without its board: die attach, sink attach, ball
attach).  The oven is the step's ``profile`` (``jstd020`` for the package's J-STD-020
classification profile, a ``.csv`` air profile or a ``.yaml`` zoned oven relative to the
flow file, or a shipped oven by name such as ``convection_8zone``) or, by default, the J-STD-020 shape peaking at the step's ``peak`` with
``time_above_liquidus`` seconds of air above the liquidus.  A joint array is *joined*
when its coldest joint stays above its own liquidus for at least
``min_time_above_liquidus`` s (default :data:`MIN_TAL_S`).

The process engine meshes coarsely (:data:`PROCESS_MESH`: joint arrays homogenised,
cells up to 4 x 4 x 0.6 mm, faces closer than 2 mm merged, 2 s steps) and solves directly on small loads (one LU
per step size, reused for every step); the temperature differences inside a package in an oven are a few kelvin,
so the coarse mesh changes the time above liquidus by well under a second (see
tests/process/test_reflow_step.py).  Identical loads in identical ovens are simulated
once per session.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from chippack.errors import ChippackError, SpecError
from chippack.layout import Layout, lay_out
from chippack.mesh.package import MeshOptions
from chippack.model import parse_spec
from chippack.reflow import (
    DEFAULT_H,
    AirProfile,
    ReflowRun,
    jstd020_profile,
    profile_for,
    simulate_reflow,
)
from chippack.reflow.jstd020 import time_above
from chippack.reflow.run import classification_of, is_lead_free

#: Least time above liquidus of the coldest joint for the joint to count as formed, s
#: (the low end of solder-paste vendors' 30-90 s recommendation for SAC305 and SnPb).
MIN_TAL_S = 30.0
PROCESS_MESH = MeshOptions(arrays="homogenized", max_cell=(4e-3, 4e-3, 0.6e-3), min_gap=2e-3,
                           growth=3.0)
#: Step size of the process engine's reflow simulation, s (BDF2).
PROCESS_DT_S = 2.0

_CACHE: dict[str, ReflowRun] = {}


def oven_layout(parts: dict[str, dict], oven: set[str], name: str, materials: dict) -> Layout:
    """Lay out the parts in the oven as a package of their own."""
    keep = {pid: dict(raw) for pid, raw in parts.items() if pid in oven}
    raw = {"name": name, "parts": keep}
    if materials:
        raw["materials"] = materials
    return lay_out(parse_spec(raw))


def step_profile(args, layout: Layout, liquidus: dict[str, float], solders: dict[str, str],
                 source_dir: str) -> tuple[AirProfile, str]:
    """The oven of a reflow step and how it was chosen."""
    h = args.number("h", DEFAULT_H, "h (W/(m² K))")
    choice = args.get("profile")
    if choice is not None:
        path = str(choice)
        if path != "jstd020" and Path(path).suffix and not Path(path).is_absolute():
            path = str(Path(source_dir or ".") / path)
        try:
            return profile_for(path, layout, h), str(choice)
        except ChippackError as err:
            raise args.error(str(err).removeprefix("--profile: "), "profile") from None
    peak = args.get("peak", "auto")
    if peak == "auto":
        top = max(liquidus.values())
        peak = max(245.0 if top >= 200.0 else 220.0, top + 20.0)
    if isinstance(peak, bool) or not isinstance(peak, int | float):
        raise args.error(f"peak is a temperature in °C or 'auto', got {peak!r}", "peak")
    for jid, temp in liquidus.items():
        if peak <= temp:
            raise args.error(
                f"peak {peak:g} °C does not melt {jid} ({solders[jid]}, liquidus {temp:g} °C); "
                f"raise the peak to about {temp + 20:g} °C", "peak")
    tal = args.number("time_above_liquidus", 90.0, "time_above_liquidus (s)")
    if not tal > 0:
        raise args.error(f"time_above_liquidus must be > 0 s, got {tal:g}",
                         "time_above_liquidus")
    lead_free = max(liquidus.values()) >= 200.0
    return (jstd020_profile(float(peak), lead_free, h=h, tal_s=tal,
                            liquidus_c=max(liquidus.values())),
            f"J-STD-020 shape, air peak {float(peak):g} °C")


def _key(layout: Layout, profile: AirProfile) -> str:
    parts = [(pid, p.kind, p.material, np.round(p.solids, 9).tolist())
             for pid, p in sorted(layout.parts.items())]
    mats = {pid: layout.material_of(pid).name for pid in layout.parts}
    blob = json.dumps([parts, mats, profile.time_s.tolist(), profile.air_c.tolist(),
                       profile.h_edges_s.tolist(), profile.h_w_m2k.tolist(), profile.start_c],
                      default=str)
    return hashlib.sha1(blob.encode()).hexdigest()


def simulate_pass(layout: Layout, profile: AirProfile) -> ReflowRun:
    """Simulate one pass (cached per load and oven)."""
    key = _key(layout, profile)
    if key not in _CACHE:
        _CACHE[key] = simulate_reflow(layout, profile, classification_of(layout),
                                      is_lead_free(layout), mesh_options=PROCESS_MESH,
                                      dt=PROCESS_DT_S)
    return _CACHE[key]


def air_time_above(profile: AirProfile, level: float) -> float:
    """Seconds the oven air spends above ``level``."""
    return time_above(profile.time_s, profile.air_c, level)


def layout_error(err: SpecError) -> str:
    return f"the parts in the oven cannot be laid out on their own: {err}"
