"""Claim tables as plain text (README, logs) and as rich tables (CLI)."""

from __future__ import annotations

from collections.abc import Sequence

from chippack.claims.core import ClaimResult

STATUS_TEXT = {"met": "met", "not_met": "not met", "not_applicable": "n/a"}
STATUS_STYLE = {"met": "green", "not_met": "red", "not_applicable": "dim"}


def claim_table_text(results: Sequence[ClaimResult], title: str = "") -> str:
    """A Markdown table: claim, status, summary, evidence."""
    lines = [f"**{title}**", ""] if title else []
    lines += ["| claim | status | what it requires | evidence / first unmet element |",
              "|---|---|---|---|"]
    for r in results:
        evidence = r.evidence.replace("|", "/")
        lines.append(f"| {r.label} | {STATUS_TEXT[r.status]} | {r.summary} | {evidence} |")
    return "\n".join(lines)


def claim_table_rich(results: Sequence[ClaimResult], title: str = ""):
    """A rich Table of the results (imported lazily: rich is only needed by the CLI)."""
    from rich.table import Table

    table = Table(title=title or "claims", title_justify="left", show_lines=False)
    table.add_column("claim", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("requires", ratio=2)
    table.add_column("evidence / first unmet element", ratio=3)
    for r in results:
        style = STATUS_STYLE[r.status]
        table.add_row(r.label, f"[{style}]{STATUS_TEXT[r.status]}[/]", r.summary, r.evidence)
    return table


def tally(results: Sequence[ClaimResult]) -> str:
    """"12 met, 3 not met, 26 not applicable"."""
    counts = {s: sum(1 for r in results if r.status == s) for s in STATUS_TEXT}
    return (f"{counts['met']} met, {counts['not_met']} not met, "
            f"{counts['not_applicable']} not applicable")
