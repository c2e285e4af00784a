"""Build a probe design from a shipped example or flow plus edits, and check one claim.

A probe (one entry of ``probes.yaml``) names a ``base`` (``spec:<example>`` or
``flow:<flow>``), edits (``set`` path → value, ``delete`` paths, ``insert`` steps),
optional ``options`` (claim thresholds), the ``claim`` it turns on, the verdict it
expects (``met`` / ``not_met`` / ``error``) and the ``reason``: one line quoting the
claim words it turns on. Paths are dotted; ``[3]`` indexes a list and ``[id=x]``
picks the list item (a flow step) whose id, part, sink or chip is ``x``.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

from chippack.claims import ClaimOptions, check_claims
from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.model import parse_spec, read_yaml
from chippack.model.spec import load_yaml_text
from chippack.process import parse_flow, run_flow
from chippack.process.pairing import first_difference

FLOWS = Path(__file__).resolve().parents[3] / "src" / "chippack" / "examples" / "flows"
TABLE = Path(__file__).with_name("probes.yaml")
STEP_KEYS = ("id", "part", "sink", "chip", "target")


def load_probes() -> list[dict]:
    return load_yaml_text(TABLE.read_text(encoding="utf-8"), TABLE.name)


@cache
def _base(base: str) -> dict:
    kind, name = base.split(":", 1)
    return read_yaml(example_path(name) if kind == "spec" else FLOWS / f"{name}.yaml")


def _tokens(path: str) -> list[Any]:
    out: list[Any] = []
    for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", path):
        if part.startswith("["):
            inner = part[1:-1]
            out.append(int(inner) if inner.lstrip("-").isdigit() else tuple(inner.split("=", 1)))
        else:
            out.append(part)
    return out


def _step(items: list, key: str, value: str) -> int:
    keys = (key,) if key != "id" else STEP_KEYS
    for i, item in enumerate(items):
        if isinstance(item, dict) and any(item.get(k) == value for k in keys):
            return i
    raise KeyError(f"no list item with {key}={value}")


def _walk(doc: Any, tokens: list[Any]) -> tuple[Any, Any]:
    for tok in tokens[:-1]:
        if isinstance(tok, tuple):
            tok = _step(doc, *tok)
        doc = doc[tok] if not isinstance(doc, dict) else doc.setdefault(tok, {})
    last = tokens[-1]
    if isinstance(last, tuple):
        last = _step(doc, *last)
    return doc, last


def build(probe: dict) -> dict:
    """The probe's raw design: the base with its edits applied."""
    doc = copy.deepcopy(_base(probe["base"]))
    for path in probe.get("delete", []):
        parent, key = _walk(doc, _tokens(path))
        del parent[key]
    for path, value in (probe.get("set") or {}).items():
        parent, key = _walk(doc, _tokens(path))
        parent[key] = value
    for item in probe.get("insert", []):
        steps = doc["steps"]
        at = item.get("after")
        index = len(steps) if at is None else _step(steps, *_split(at)) + 1
        steps.insert(index, item["step"])
    return doc


def _split(selector: str) -> tuple[str, str]:
    key, value = selector.split("=", 1) if "=" in selector else ("id", selector)
    return key, value


#: Spec and flow fields that hold lengths (a bare number is millimetres).
LENGTH_FIELDS = frozenset({
    "size", "thickness", "width", "pitch", "diameter", "height", "offset", "clearance",
    "inner_size", "outer_size", "central_area", "chip_mounting_area", "fillet", "cover",
    "keepout_size", "depth", "margin", "plating"})


def in_micrometres(doc: Any) -> Any:
    """The same design with every bare length (mm) written as a string in µm."""
    def convert(value: Any) -> Any:
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{round(value * 1000, 9):g} um"
        return value
    if isinstance(doc, dict):
        return {k: convert(v) if k in LENGTH_FIELDS and not isinstance(v, dict)
                else in_micrometres(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [in_micrometres(v) for v in doc]
    return doc


def verdict(probe: dict, units: str = "mm") -> tuple[str, str]:
    """(status, evidence) of the probe's claim on its design (lengths in mm as written,
    or ``units="um"``: the same design with every length written in µm)."""
    raw = build(probe)
    if units == "um":
        raw = in_micrometres(raw)
    seed, number = probe["claim"].split("-")
    options = ClaimOptions(**(probe.get("options") or {}))
    if probe["base"].startswith("flow:"):
        built = run_flow(parse_flow(raw))
        layout, ledger = built.layout, built.ledger
        if "pair_with" in probe:
            spec = lay_out(parse_spec(copy.deepcopy(_base(probe["pair_with"]))))
            diff = first_difference(spec, layout)
            return ("paired", "") if diff is None else ("refused", diff)
    else:
        layout, ledger = lay_out(parse_spec(raw)), None
    results = {r.label: r for r in check_claims(layout, ledger, (seed,), options)}
    result = results[f"{seed}-{int(number)}"]
    return result.status, result.evidence
