"""Run a flow: each step in order on the assembly, then the end-of-flow checks and layout."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from chippack.errors import ProcessError, SpecError
from chippack.layout import Layout, lay_out
from chippack.model import PackageSpec, parse_spec
from chippack.process.flow import Flow
from chippack.process.ledger import Ledger
from chippack.process.state import Args, Assembly
from chippack.process.steps import STEPS


@dataclass(frozen=True)
class FlowResult:
    """What a flow built: the spec (and its raw mapping, in mm), its layout, the ledger."""

    spec: PackageSpec
    layout: Layout
    ledger: Ledger
    mapping: dict


def run_flow(flow: Flow) -> FlowResult:
    """Run every step; raise :class:`ProcessError` naming the first step that cannot run."""
    state = Assembly(materials_raw=dict(flow.materials), source_dir=flow.source_dir)
    state.material_table  # noqa: B018 - resolve overrides now so their errors come first
    for call in flow.steps:
        definition = STEPS.get(call.name)
        if definition is None:
            close = difflib.get_close_matches(call.name, STEPS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ProcessError(call.index, call.name,
                               f"unknown step{hint} (steps: {', '.join(STEPS)})")
        state.records.append(definition.run(state, Args(call)))
    names = {c.index: c.name for c in flow.steps}
    finish_checks(state, names)
    mapping = spec_mapping(flow, state)
    spec = build_spec(mapping, state, names)
    try:
        layout = lay_out(spec)
    except SpecError as err:
        raise _blame(err, state, names) from None
    ledger = Ledger(flow.name, tuple(state.records), tuple(state.reflows), tuple(state.cures),
                    tuple(state.warnings))
    ledger = Ledger(ledger.flow, ledger.steps, ledger.reflows, ledger.cures,
                    ledger.warnings + tuple(ledger.jstd_report()))
    return FlowResult(spec, layout, ledger, mapping)


def finish_checks(state: Assembly, names: dict[int, str]) -> None:
    """Nothing left half done: parts placed, joints joined, underfill cured, pads used."""
    def fail(index: int, message: str) -> ProcessError:
        return ProcessError(index, names.get(index, "?"), message)

    roots = state.of_kind("substrate") or state.of_kind("die")[:1]
    for pid in state.of_kind("die", "heat_sink"):
        if pid not in state.placed and pid not in roots:
            raise fail(state.made_by[pid], f"{pid} is provided here but never placed, mounted "
                       "or attached; add the step that puts it in the package")
    for j in state.joints.values():
        if j.landed_on is None:
            raise fail(j.formed_step, f"{j.id} is disposed here but nothing was ever placed or "
                       "mounted on it")
        if j.joined_step is None and j.reflowed_step is None:
            raise fail(j.placed_step or j.formed_step,
                       f"{j.id} is placed here but never reflowed; add a reflow step after it")
    for pid, index in state.uncured.items():
        if state.kind(pid) == "underfill":
            raise fail(index, f"{pid} is dispensed here but never cured; add a cure step")
    for ubm in state.ubm.values():
        if ubm.aligned_with is None:
            raise fail(ubm.step, f"UBM pads {ubm.id} are formed here but no bumps were ever "
                       "disposed on or aligned to them")


def spec_mapping(flow: Flow, state: Assembly) -> dict:
    """The spec mapping the flow built (numbers in mm, as a spec YAML writes them)."""
    order = sorted(state.parts, key=lambda p: state.kind(p) != "substrate")
    raw = {
        "name": flow.name,
        "description": flow.description or f"built by the process flow '{flow.name}'",
        "parts": {pid: dict(state.parts[pid]) for pid in order},
    }
    if flow.materials:
        raw["materials"] = flow.materials
    return raw


def build_spec(raw: dict, state: Assembly, names: dict[int, str]) -> PackageSpec:
    """The mapping validated as a :class:`PackageSpec`; faults name the step that made the part."""
    try:
        return parse_spec(raw)
    except SpecError as err:
        raise _blame(err, state, names) from None


def _blame(err: SpecError, state: Assembly, names: dict[int, str]) -> ProcessError:
    """Turn a spec/layout error about ``parts.X`` into an error naming the step that made X."""
    bits = err.path.split(".") if err.path else []
    if len(bits) >= 2 and bits[0] == "parts" and bits[1].split("[")[0] in state.made_by:
        pid = bits[1].split("[")[0]
        index = state.made_by[pid]
        field = ".".join(bits[2:])
        return ProcessError(index, names.get(index, "?"), f"{pid}: {err.message}", field)
    return ProcessError(0, "", str(err))
