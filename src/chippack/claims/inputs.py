"""Read what the claim checker checks: a spec, a family document or a process flow."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chippack.errors import ChippackError
from chippack.families import spec_from_mapping
from chippack.layout import Layout, lay_out
from chippack.model import read_yaml
from chippack.process import Ledger, is_flow_mapping, parse_flow, read_flow, run_flow


@dataclass(frozen=True)
class Design:
    """A laid-out design and, when it came from a flow, the ledger of that flow."""

    layout: Layout
    ledger: Ledger | None
    source: str


def load_design(path: str | Path, flow: str | Path | None = None) -> Design:
    """A spec / family YAML (optionally with the flow that builds it) or a flow YAML."""
    raw = read_yaml(path)
    if is_flow_mapping(raw):
        if flow is not None:
            raise ChippackError(f"--flow: {Path(path).name} is itself a flow; check it alone "
                                "(--flow goes with a spec or family file)")
        result = run_flow(parse_flow(raw))
        return Design(result.layout, result.ledger, "flow")
    layout = lay_out(spec_from_mapping(raw))
    if flow is None:
        return Design(layout, None, "family" if "parts" not in raw else "spec")
    result = run_flow(read_flow(flow))
    check_same_package(layout, result.layout, Path(flow).name)
    return Design(layout, result.ledger, "spec + flow")


def check_same_package(given: Layout, built: Layout, flow_name: str) -> None:
    """The flow must build the design it is checked with (same parts, same boxes)."""
    if set(given.parts) != set(built.parts):
        only_spec = sorted(set(given.parts) - set(built.parts))
        only_flow = sorted(set(built.parts) - set(given.parts))
        raise ChippackError(
            f"--flow: {flow_name} does not build this design (parts only in the design: "
            f"{', '.join(only_spec) or 'none'}; only in the flow: {', '.join(only_flow) or 'none'})"
            "; give the flow that builds it, or check the flow file alone")
    for pid, part in given.parts.items():
        other = built.parts[pid]
        if part.solids.shape != other.solids.shape or not np.allclose(
                part.solids, other.solids, atol=1e-9) or part.material != other.material:
            raise ChippackError(
                f"--flow: {flow_name} builds {pid} differently from the design (size, place or "
                "material); give the flow that builds it, or check the flow file alone")
