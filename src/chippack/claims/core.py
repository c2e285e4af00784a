"""Claims as predicates: each claim yields its elements in order; the first unmet one decides.

A claim is registered with :func:`claim` (seed, number, short summary, parent
claim, whether it is a method claim). Its function takes a :class:`Context` and
yields :class:`Element` s: each says in plain words either the evidence that an
element is present or what is missing. Dependent claims reuse their parent: they
are met only when the parent is, and then only their own elements are checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from chippack.claims.options import ClaimOptions
from chippack.layout import Layout
from chippack.process.ledger import Ledger

Status = Literal["met", "not_met", "not_applicable"]


@dataclass(frozen=True)
class Element:
    """One element of a claim: present (``met``) with evidence, or missing with the reason."""

    met: bool
    text: str


def ok(text: str) -> Element:
    return Element(True, text)


def missing(text: str) -> Element:
    return Element(False, text)


def check(condition: bool, met_text: str, unmet_text: str) -> Element:
    return Element(bool(condition), met_text if condition else unmet_text)


class Stop(Exception):
    """Raised inside a claim function to stop with a missing element (for role lookups)."""

    def __init__(self, text: str):
        self.text = text
        super().__init__(text)


@dataclass
class Context:
    """What the claims are checked against: the layout, the ledger (or None), the options."""

    layout: Layout
    ledger: Ledger | None
    options: ClaimOptions
    memo: dict[str, Any] = field(default_factory=dict)

    def remember(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute a role once per check (claims of a seed share them)."""
        if key not in self.memo:
            try:
                self.memo[key] = ("ok", compute())
            except Stop as stop:
                self.memo[key] = ("stop", stop.text)
        state, value = self.memo[key]
        if state == "stop":
            raise Stop(value)
        return value


def substrate_role(ctx: Context) -> str:
    """The substrate of the design (remembered per check)."""
    from chippack.claims.roles import substrate_of

    def find() -> str:
        sub = substrate_of(ctx.layout)
        if sub is None:
            raise Stop("the design has no substrate")
        return sub
    return ctx.remember("substrate", find)


def die_role(ctx: Context, noun: str = "chip") -> str:
    """The chip of the design; ``noun`` is the seed's own word for it in the message."""
    from chippack.claims.roles import main_die

    def find() -> str:
        d = main_die(ctx.layout)
        if d is None:
            raise Stop(f"the design has no {noun} (die)")
        return d
    return ctx.remember("die", find)


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim, with the evidence or the first unmet element."""

    seed: str
    number: int
    summary: str
    status: Status
    evidence: str
    parent: int | None = None

    @property
    def label(self) -> str:
        return f"{self.seed}-{self.number}"


@dataclass(frozen=True)
class Claim:
    seed: str
    number: int
    summary: str
    parent: int | None
    method: bool
    elements: Callable[[Context], Iterator[Element]]


CLAIMS: dict[tuple[str, int], Claim] = {}

NEEDS_FLOW = ("method claim: decided from the process flow; check the flow file "
              "(chippack claims FLOW.yaml) or give --flow")


def claim(seed: str, number: int, summary: str, parent: int | None = None,
          method: bool = False):
    """Register a claim function."""
    def register(func: Callable[[Context], Iterator[Element]]):
        CLAIMS[(seed, number)] = Claim(seed, number, summary, parent, method, func)
        return func
    return register


def evaluate(item: Claim, ctx: Context, done: dict[tuple[str, int], ClaimResult]) -> ClaimResult:
    """Decide one claim (its parent must already be in ``done``)."""
    def result(status: Status, evidence: str) -> ClaimResult:
        return ClaimResult(item.seed, item.number, item.summary, status, evidence, item.parent)

    if item.parent is not None:
        parent = done[(item.seed, item.parent)]
        if parent.status == "not_applicable":
            return result("not_applicable", parent.evidence)
        if parent.status == "not_met":
            cause = parent.evidence
            if cause.startswith("claim ") and " is not met: " in cause:
                cause = cause.split(" is not met: ", 1)[1]
            return result("not_met", f"claim {item.parent} is not met: {cause}")
    if item.method and ctx.ledger is None:
        return result("not_applicable", NEEDS_FLOW)
    evidence = []
    try:
        for element in item.elements(ctx):
            if not element.met:
                return result("not_met", element.text)
            evidence.append(element.text)
    except Stop as stop:
        return result("not_met", stop.text)
    return result("met", "; ".join(evidence))
