"""A process flow as data: a name, optional materials and an ordered list of steps.

A flow file is YAML::

    name: co-reflow of die and sink bumps
    steps:
      - {step: provide_substrate, size: [15, 15], thickness: 0.8}
      - {step: provide_chip, size: [8, 8], thickness: 0.75}
      ...
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from chippack.errors import ProcessError, SpecError
from chippack.model.spec import read_yaml

FLOW_FIELDS = ("name", "description", "materials", "steps")


@dataclass(frozen=True)
class StepCall:
    """One step of a flow as written: its 1-based position, its name and its parameters."""

    index: int
    name: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Flow:
    """An ordered list of process steps that builds one package."""

    name: str
    steps: tuple[StepCall, ...]
    description: str = ""
    materials: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: folder of the flow file (oven profiles named in reflow steps are relative to it)
    source_dir: str = ""


def is_flow_mapping(raw: object) -> bool:
    """True for a document with a ``steps:`` list (a flow, not a spec)."""
    return isinstance(raw, dict) and "steps" in raw and "parts" not in raw


def parse_flow(raw: object) -> Flow:
    """Validate the outer shape of a flow; each step's parameters are checked when it runs."""
    if not isinstance(raw, dict):
        raise SpecError("", f"a flow is a mapping with 'name' and 'steps', got {type(raw).__name__}")
    for key in raw:
        if key not in FLOW_FIELDS:
            raise SpecError(str(key), f"unknown field in a flow; use {', '.join(FLOW_FIELDS)}")
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps:
        raise SpecError("steps", "a flow needs a non-empty list of steps "
                        "(each a mapping like {step: provide_substrate, ...})")
    calls = []
    for i, item in enumerate(steps, start=1):
        if not isinstance(item, dict) or "step" not in item:
            raise ProcessError(i, "?", f"each step is a mapping with 'step: <name>', got {item!r}")
        params = {k: v for k, v in item.items() if k != "step"}
        calls.append(StepCall(i, str(item["step"]), params))
    materials = raw.get("materials") or {}
    if not isinstance(materials, dict):
        raise SpecError("materials", f"materials is a mapping of name -> properties, got {materials!r}")
    return Flow(name=str(raw.get("name") or "process flow"), steps=tuple(calls),
                description=str(raw.get("description") or ""), materials=materials)


def read_flow(path: str | Path) -> Flow:
    """Read and parse a flow YAML file."""
    flow = parse_flow(read_yaml(path))
    return replace(flow, source_dir=str(Path(path).resolve().parent))
