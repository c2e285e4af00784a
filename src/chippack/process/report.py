"""The ledger for people: steps, reflow passes, cures, warnings (text and rich tables)."""

from __future__ import annotations

from typing import Any

import yaml

from chippack.process.ledger import Ledger
from chippack.process.steps import STEPS


def ledger_text(ledger: Ledger) -> str:
    """A plain-text account of a flow (README, logs)."""
    lines = [f"flow: {ledger.flow}", "steps:"]
    lines += [f"  {r.index:>2}. {r.step:<18} {r.summary}" for r in ledger.steps]
    lines.append("reflow passes:")
    for p in ledger.reflows:
        lines.append(f"  step {p.step} {p.label}: air peak {p.air_peak_c:g} °C, "
                     f"{p.air_time_above_liquidus_s:.0f} s of air above liquidus; joins "
                     f"{', '.join(p.joined) or 'nothing'}; melts "
                     f"{', '.join(p.melted) or 'nothing'}" + _simulated(p))
    passes = ledger.passes_per_joint()
    lines.append("passes per joint: " + ", ".join(f"{j} {n}" for j, n in passes.items()))
    lines.append("cures:")
    lines += [f"  step {c.step} {c.kind}: {', '.join(c.parts)} at {c.temperature_c:g} °C for "
              f"{c.time_s / 60:g} min" for c in ledger.cures]
    lines += [f"warning: {w}" for w in ledger.warnings]
    return "\n".join(lines)


def _simulated(p) -> str:
    """Simulated coldest-joint peak and time above liquidus per joint array."""
    if not p.simulated:
        return ""
    return "; simulated " + ", ".join(
        f"{j} {v['peak_min_c']:.1f} °C / {v['time_above_liquidus_s']:.0f} s"
        for j, v in p.simulated.items())


def ledger_tables(ledger: Ledger) -> list[Any]:
    """Rich renderables: steps, reflow passes, cures, then warnings."""
    from rich.table import Table

    steps = Table(title=f"{ledger.flow}: steps", title_justify="left")
    for col in ("#", "step", "what it did"):
        steps.add_column(col)
    for r in ledger.steps:
        steps.add_row(str(r.index), r.step, r.summary)
    reflows = Table(title="reflow passes (J-STD-020: at most 3 per component, board mount "
                    "included)", title_justify="left")
    for col in ("step", "label", "air peak °C", "air TAL s", "joins", "melts",
                "simulated coldest joint: peak °C / TAL s"):
        reflows.add_column(col)
    for p in ledger.reflows:
        reflows.add_row(str(p.step), p.label, f"{p.air_peak_c:g}",
                        f"{p.air_time_above_liquidus_s:.0f}",
                        ", ".join(p.joined) or "nothing", ", ".join(
                            f"{j} (TL {p.liquidus[j]:g})" for j in p.melted),
                        _simulated(p).removeprefix("; simulated ")
                        + "".join(f"\n✗ {r}" for r in p.short.values()))
    cures = Table(title="cures", title_justify="left")
    for col in ("step", "kind", "parts", "°C", "min"):
        cures.add_column(col)
    for c in ledger.cures:
        cures.add_row(str(c.step), c.kind, ", ".join(c.parts), f"{c.temperature_c:g}",
                      f"{c.time_s / 60:g}")
    out: list[Any] = [steps, reflows, cures]
    passes = ledger.passes_per_joint()
    out.append("passes per joint: " + ", ".join(f"{j} {n}" for j, n in passes.items()))
    out += [f"[yellow]warning:[/] {w}" for w in ledger.warnings]
    return out


def steps_table():
    """Every step with its preconditions and effect (``chippack process --steps``)."""
    from rich.table import Table

    table = Table(title="process steps", title_justify="left", show_lines=True)
    for col in ("step", "requires", "effect"):
        table.add_column(col)
    for d in STEPS.values():
        table.add_row(d.name, d.requires, d.effect)
    return table


def spec_yaml(mapping: dict) -> str:
    """The built spec as YAML (numbers in mm), loadable with ``chippack validate``."""
    return yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
