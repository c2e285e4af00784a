"""Claims as predicates: each claim yields its elements in order; the first unmet one decides.

A claim is registered with :func:`claim` (seed, number, short summary, parent
claim, whether it is a method claim). Its function takes a :class:`Context` and
yields :class:`Element` s: each says in plain words either the evidence that an
element is present or what is missing. A dependent claim is its parent's elements
followed by its own.

"Comprising" is open: a design may hold several parts that could play a role (two
dies, two sinks under the substrate). A role lookup offers its candidates with
:meth:`Context.pick`; :func:`evaluate` tries every combination of candidates (up to
``MAX_ATTEMPTS``) and the claim is met when one combination meets every element.
When none does, the combination that got furthest gives the first unmet element.
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


#: Most combinations of role candidates tried per claim.
MAX_ATTEMPTS = 64


@dataclass
class Context:
    """What the claims are checked against: the layout, the ledger (or None), the options.

    ``choice`` fixes which candidate each role takes in the current attempt (index per
    role, 0 when not fixed); ``asked`` records the roles looked up and their candidate
    counts, so that :func:`evaluate` can try the others.
    """

    layout: Layout
    ledger: Ledger | None
    options: ClaimOptions
    memo: dict[str, Any] = field(default_factory=dict)
    choice: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)

    def attempt(self, choice: dict[str, int]) -> None:
        """Start a fresh attempt with the given candidate choices."""
        self.memo = {}
        self.choice = dict(choice)
        self.asked = {}

    def pick(self, role: str, candidates: list[Any]) -> Any:
        """The candidate of ``role`` for this attempt (the first unless fixed otherwise)."""
        if role not in self.asked:
            self.asked[role] = len(candidates)
        index = self.choice.get(role, 0)
        return candidates[min(index, len(candidates) - 1)]

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
        from chippack.claims.roles import material

        every = substrate_of(ctx.layout)
        subs = [s for s in every if material(ctx.layout, s).is_solid]
        if not subs:
            raise Stop("the design has no substrate" if not every else
                       f"the substrate {every[0]} is {ctx.layout.parts[every[0]].material}, a gas")
        return ctx.pick("substrate", subs)
    return ctx.remember("substrate", find)


def die_role(ctx: Context, noun: str = "chip") -> str:
    """The chip of the design (each wired die is tried); ``noun`` is the seed's word for it."""
    from chippack.claims.roles import chips

    def find() -> str:
        dies = chips(ctx.layout)
        if not dies:
            from chippack.claims.roles import material, spec_part

            others = [p for p, q in ctx.layout.parts.items() if q.kind == "die"]
            extra = ""
            if others:
                mat = material(ctx.layout, others[0])
                extra = (f" ({others[0]} is a dummy die without wiring)"
                         if not spec_part(ctx.layout, others[0]).wiring else
                         f" ({others[0]} is {mat.name}, {mat.category}, not a semiconductor)")
            raise Stop(f"the design has no {noun} (a wired semiconductor die){extra}")
        return ctx.pick("die", dies)
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


def chain_of(item: Claim) -> list[Claim]:
    """The claim and its ancestors, root first."""
    out = [item]
    while out[0].parent is not None:
        out.insert(0, CLAIMS[(out[0].seed, out[0].parent)])
    return out


def run_chain(chain: list[Claim], ctx: Context) -> tuple[bool, list[str], str, int]:
    """One attempt: (met, evidence of the last claim, first unmet text, elements met)."""
    count = 0
    evidence: list[str] = []
    try:
        for n, item in enumerate(chain):
            for element in item.elements(ctx):
                if not element.met:
                    return False, [], element.text, count
                count += 1
                if n == len(chain) - 1:
                    evidence.append(element.text)
    except Stop as stop:
        return False, [], stop.text, count
    return True, evidence, "", count


def evaluate(item: Claim, ctx: Context, done: dict[tuple[str, int], ClaimResult]) -> ClaimResult:
    """Decide one claim (its parent must already be in ``done``): try role candidates."""
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
    chain = chain_of(item)
    todo: list[dict[str, int]] = [{}]
    best: tuple[int, str] | None = None
    attempts = 0
    while todo and attempts < MAX_ATTEMPTS:
        choice = todo.pop(0)
        attempts += 1
        ctx.attempt(choice)
        met, evidence, unmet, count = run_chain(chain, ctx)
        if met:
            return result("met", "; ".join(evidence))
        if best is None or count > best[0]:
            best = (count, unmet)
        fixed = dict(choice)
        for role, n in ctx.asked.items():
            if role in choice:
                continue
            todo.extend({**fixed, role: i} for i in range(1, n))
            fixed[role] = 0
    assert best is not None
    return result("not_met", best[1])
