"""Read what the claim checker checks: a spec, a family document or a process flow."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
        result = run_flow(parse_flow(raw))
        return Design(result.layout, result.ledger, "flow")
    layout = lay_out(spec_from_mapping(raw))
    if flow is None:
        return Design(layout, None, "family" if "parts" not in raw else "spec")
    result = run_flow(read_flow(flow))
    return Design(layout, result.ledger, "spec + flow")
