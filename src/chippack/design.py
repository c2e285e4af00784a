"""Read a design file into a validated, laid-out package (the CLI's front door)."""

from __future__ import annotations

from pathlib import Path

from chippack.layout import Layout, lay_out
from chippack.model import PackageSpec, parse_spec, read_yaml


def load_spec(path: str | Path) -> PackageSpec:
    """Parse a spec YAML file (raises :class:`chippack.errors.SpecError`)."""
    return parse_spec(read_yaml(path))


def load_layout(path: str | Path) -> Layout:
    """Parse and lay out a spec YAML file."""
    return lay_out(load_spec(path))
