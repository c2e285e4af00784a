"""What ``chippack claims`` does, apart from loading and printing: check, render."""

from __future__ import annotations

from typing import Any

from chippack.claims import SEEDS, ClaimOptions, check_claims
from chippack.claims.report import claim_table_rich, claim_table_text, tally


def claims_report(design, seeds: list[str] | None = None, options: ClaimOptions | None = None,
                  markdown: bool = False) -> list[Any]:
    """Renderables (rich tables or Markdown text) of the claim check of one design
    (a :class:`chippack.Design`: its layout, ledger and source)."""
    chosen = tuple(seeds) if seeds else SEEDS
    results = check_claims(design.layout, design.ledger, chosen, options)
    name = design.layout.spec.name
    where = {"flow": "built by its flow", "spec + flow": "with the given flow",
             "spec": "spec only: method claims need --flow",
             "family": "family parameters; method claims need --flow"}[design.source]
    out: list[Any] = []
    for seed in chosen:
        part = [r for r in results if r.seed == seed]
        title = f"{name} — seed {seed} claims ({where}): {tally(part)}"
        out.append(claim_table_text(part, title) if markdown else claim_table_rich(part, title))
    return out
