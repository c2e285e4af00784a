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
        lines.append(f"  step {p.step} {p.label}: peak {p.peak_c:g} °C, "
                     f"{p.time_above_liquidus_s:g} s above liquidus; joins "
                     f"{', '.join(p.joined)}; melts {', '.join(p.melted) or 'nothing'}")
    passes = ledger.passes_per_joint()
    lines.append("passes per joint: " + ", ".join(f"{j} {n}" for j, n in passes.items()))
    lines.append("cures:")
    lines += [f"  step {c.step} {c.kind}: {', '.join(c.parts)} at {c.temperature_c:g} °C for "
              f"{c.time_s / 60:g} min" for c in ledger.cures]
    lines += [f"warning: {w}" for w in ledger.warnings]
    return "\n".join(lines)


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
    for col in ("step", "label", "peak °C", "TAL s", "joins", "melts"):
        reflows.add_column(col)
    for p in ledger.reflows:
        reflows.add_row(str(p.step), p.label, f"{p.peak_c:g}", f"{p.time_above_liquidus_s:g}",
                        ", ".join(p.joined), ", ".join(
                            f"{j} (TL {p.liquidus[j]:g})" for j in p.melted))
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
