"""A process flow as data: a name, optional materials and an ordered list of steps.

A flow file is YAML::

    name: co-reflow of die and sink bumps
    steps:
      - {step: provide_substrate, size: [15, 15], thickness: 0.8}
      - {step: provide_chip, size: [8, 8], thickness: 0.75}
      ...
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from chippack.errors import ProcessError, SpecError
from chippack.model.spec import read_yaml

FLOW_FIELDS = ("name", "description", "materials", "steps")

#: Hottest process step chippack accepts, °C (Au-Sn die attach ~ 300 °C, glass-frit
#: sealing ~ 450 °C; nothing in packaging runs at 600 °C).
MAX_PROCESS_C = 600.0
#: Longest process step, s (one week).
MAX_STEP_S = 7 * 24 * 3600.0
#: Step parameters with a physical range: name -> (what, unit, low, high, low inclusive).
PHYSICAL_PARAMS: dict[str, tuple[str, str, float, float]] = {
    "peak": ("a peak temperature", "°C", -273.15, MAX_PROCESS_C),
    "temperature": ("a temperature", "°C", -273.15, MAX_PROCESS_C),
    "time_above_liquidus": ("a time above liquidus", "s", 0.0, 3600.0),
}
#: ``time`` is in minutes for a cure, in seconds elsewhere.
TIME_UNIT = {"cure": "min"}
#: Step parameters that are switches: only true or false.
SWITCH_PARAMS = ("reflow", "contact_pads", "flat_ends", "polished")


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
            raise ProcessError(i, "?", "each step is a mapping with 'step: <name>', got "
                               f"{_short(item)}")
        params = {k: v for k, v in item.items() if k != "step"}
        check_step_ranges(i, str(item["step"]), params)
        calls.append(StepCall(i, str(item["step"]), params))
    materials = raw.get("materials") or {}
    if not isinstance(materials, dict):
        raise SpecError("materials", "materials is a mapping of name -> properties, got a "
                        f"{type(materials).__name__}")
    return Flow(name=str(raw.get("name") or "process flow"), steps=tuple(calls),
                description=str(raw.get("description") or ""), materials=materials)


def check_step_ranges(index: int, step: str, params: dict[str, Any]) -> None:
    """Temperatures, times and switches of a step are physical before the flow runs.

    A NaN reflow peak, a cure of -60 min or at 5000 °C would otherwise be recorded in
    the ledger as if it had happened; the step's own logic (does the peak melt the
    solder, is the cure long enough) comes after this, when the step runs.
    """
    for key, value in params.items():
        if key in SWITCH_PARAMS and not isinstance(value, bool):
            raise ProcessError(index, step, f"{value!r} is not true or false; write true or "
                               "false (yes/no/on/off are text in YAML 1.2)", key)
        if key == "time":
            what, unit, low, high = ("a duration", TIME_UNIT.get(step, "s"), 0.0,
                                     MAX_STEP_S / (60.0 if step in TIME_UNIT else 1.0))
        elif key in PHYSICAL_PARAMS:
            what, unit, low, high = PHYSICAL_PARAMS[key]
        else:
            continue
        if key == "peak" and value == "auto":
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ProcessError(index, step, f"{what} is a plain number in {unit}, got "
                               f"{_short(value)}", key)
        if not math.isfinite(value):
            raise ProcessError(index, step, f"{value} is not a finite {unit} value; give "
                               f"{what} in {unit}", key)
        if not low < value <= high:
            bound = ("below absolute zero" if unit == "°C" and value <= low else
                     "not positive" if value <= low else f"above the {high:g} {unit} limit")
            raise ProcessError(index, step, f"{value:g} {unit} is {bound}; give {what} "
                               f"in ({low:g}, {high:g}] {unit}", key)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:36] + "..."


def read_flow(path: str | Path) -> Flow:
    """Read and parse a flow YAML file."""
    flow = parse_flow(read_yaml(path))
    return replace(flow, source_dir=str(Path(path).resolve().parent))
