"""Claim checker: every claim of the three seeds as a predicate over the layout and ledger.

``check_claims(layout, ledger)`` returns one :class:`ClaimResult` per claim:
``met`` (with the evidence: which parts, which contact, which step), ``not_met``
(with the first missing element in plain words) or ``not_applicable`` (a method
claim checked without the process flow). Tolerances are :class:`ClaimOptions`.
"""

from __future__ import annotations

from collections.abc import Iterable

from chippack.claims import seed000, seed001, seed002  # noqa: F401 - register the claims
from chippack.claims.core import CLAIMS, Claim, ClaimResult, Context, evaluate
from chippack.claims.options import ClaimOptions
from chippack.errors import ChippackError
from chippack.layout import Layout
from chippack.process.ledger import Ledger

SEEDS = ("000", "001", "002")


def check_claims(layout: Layout, ledger: Ledger | None = None,
                 seeds: Iterable[str] = SEEDS,
                 options: ClaimOptions | None = None) -> list[ClaimResult]:
    """Decide every claim of the chosen seeds, parents before their dependents."""
    seeds = tuple(seeds)
    for seed in seeds:
        if seed not in SEEDS:
            raise ChippackError(f"--seed: unknown seed {seed!r}; seeds are {', '.join(SEEDS)}")
    ctx = Context(layout, ledger, options or ClaimOptions())
    done: dict[tuple[str, int], ClaimResult] = {}
    for key in sorted(k for k in CLAIMS if k[0] in seeds):
        done[key] = evaluate(CLAIMS[key], ctx, done)
    return list(done.values())


def claims_of(seed: str) -> list[Claim]:
    """The registered claims of one seed, in order."""
    return [CLAIMS[k] for k in sorted(CLAIMS) if k[0] == seed]


__all__ = ["CLAIMS", "SEEDS", "ClaimOptions", "ClaimResult", "check_claims", "claims_of"]
