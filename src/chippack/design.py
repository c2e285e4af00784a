"""Read a design file into a validated, laid-out package (the front door of every command).

A design file is one of: a spec (``name`` + ``parts``), a family document
(``family:`` + ``parameters:``) or a process flow (``steps:``), which is run to
build its spec. A spec or family may come with the flow that builds it; the
flow's ledger then decides the method claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chippack.errors import ChippackError
from chippack.families import spec_from_mapping
from chippack.layout import Layout, lay_out
from chippack.model import PackageSpec, read_yaml
from chippack.process import Ledger, is_flow_mapping, read_flow, run_flow


@dataclass(frozen=True)
class Design:
    """A laid-out design and, when a flow built it, the ledger of that flow."""

    layout: Layout
    ledger: Ledger | None
    source: str  # "spec", "family", "flow" or "spec + flow"


def load_spec(path: str | Path) -> PackageSpec:
    """Parse a spec, family or flow YAML file (raises :class:`chippack.errors.ChippackError`)."""
    raw = read_yaml(path)
    if is_flow_mapping(raw):
        return run_flow(read_flow(path)).spec
    return spec_from_mapping(raw)


def load_layout(path: str | Path) -> Layout:
    """Parse and lay out a spec, family or flow YAML file."""
    return lay_out(load_spec(path))


def load_design(path: str | Path, flow: str | Path | None = None) -> Design:
    """A spec / family YAML (optionally with the flow that builds it) or a flow YAML."""
    raw = read_yaml(path)
    if is_flow_mapping(raw):
        if flow is not None:
            raise ChippackError(f"--flow: {Path(path).name} is itself a flow; check it alone "
                                "(--flow goes with a spec or family file)")
        result = run_flow(read_flow(path))   # read_flow: oven files relative to the flow
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
