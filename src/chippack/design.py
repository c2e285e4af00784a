"""Read a design file into a validated, laid-out package (the CLI's front door).

A design file is one of: a spec (``name`` + ``parts``), a family document
(``family:`` + ``parameters:``) or a process flow (``steps:``), which is run to
build its spec.
"""

from __future__ import annotations

from pathlib import Path

from chippack.families import spec_from_mapping
from chippack.layout import Layout, lay_out
from chippack.model import PackageSpec, read_yaml
from chippack.process import is_flow_mapping, parse_flow, run_flow


def load_spec(path: str | Path) -> PackageSpec:
    """Parse a spec, family or flow YAML file (raises :class:`chippack.errors.ChippackError`)."""
    raw = read_yaml(path)
    if is_flow_mapping(raw):
        return run_flow(parse_flow(raw)).spec
    return spec_from_mapping(raw)


def load_layout(path: str | Path) -> Layout:
    """Parse and lay out a spec, family or flow YAML file."""
    return lay_out(load_spec(path))
