"""Heat paths: the outer surface heat finally leaves from, defined once.

Heat leaving per part is grouped into paths: ``top`` (lid, top heat sink, die back,
encapsulant top), ``bottom_sink`` (the faces of a sink under the substrate), ``board``
and ``substrate`` (its sides and the balls). Heat that a bottom sink or the balls pass
into the board counts as ``board``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.layout import Layout


@dataclass(frozen=True)
class HeatPath:
    """A heat path: its key in results.json, its words on a page and in a chart."""

    key: str
    label: str
    short: str


#: The heat paths, in the order they are drawn.
HEAT_PATHS: dict[str, HeatPath] = {p.key: p for p in (
    HeatPath("top", "top (lid / sink / die back / mould top)", "top"),
    HeatPath("bottom_sink", "bottom sink surfaces", "bottom sink"),
    HeatPath("board", "board", "board"),
    HeatPath("substrate", "substrate edges", "substrate edges"),
)}


def path_of(layout: Layout, pid: str | None) -> str:
    """Which heat path a part's exposed faces belong to (``None``: gap gas → substrate)."""
    if pid is None:
        return "substrate"
    part = layout.parts[pid]
    if part.kind == "board":
        return "board"
    subs = layout.of_kind("substrate")
    sub_bottom = min((p.bottom for p in subs.values()), default=-np.inf)
    sub_top = max((p.top for p in subs.values()), default=-np.inf)
    if part.kind == "heat_sink" and part.top <= sub_bottom + 1e-9:
        return "bottom_sink"
    if part.kind in ("substrate", "ball_array") or part.top <= sub_top + 1e-9:
        return "substrate"
    return "top"
