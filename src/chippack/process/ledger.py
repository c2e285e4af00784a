"""The process ledger: what each step did, every reflow pass and every cure.

The ledger is what the claim checker reads for method claims (step order,
which joints one reflow pass joined) and what a reliability engineer reads for
the thermal budget: reflow passes per joint and per die against the J-STD-020
limit of three (board mount included), cure temperatures and times.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: J-STD-020: a component should see at most this many reflow passes.
JSTD_MAX_PASSES = 3


@dataclass(frozen=True)
class StepRecord:
    """One executed step: its number, name, main part, other parts involved and facts."""

    index: int
    step: str
    subject: str | None
    targets: tuple[str, ...]
    summary: str
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReflowPass:
    """One trip through the reflow oven, simulated (chippack.reflow).

    ``air_peak_c``: the oven air's peak (°C); ``air_time_above_liquidus_s``: the air's
    time above the highest liquidus of the joints waiting to be joined (s) -- the joints'
    own simulated peaks and times are in ``simulated``; ``parts``: every part in the oven;
    ``dies``: the dies among them; ``joints``: the joint arrays among them; ``melted``:
    joint arrays whose every joint went above its liquidus in the simulation;
    ``placed``: the joint arrays waiting to be joined; ``joined``: those of them whose
    coldest joint stayed above its liquidus for ``min_time_above_liquidus_s``; ``short``:
    the others, with why; ``simulated``: per joint array the simulated ``peak_c`` (hottest
    joint), ``peak_min_c`` (coldest joint), ``time_above_liquidus_s`` (coldest joint),
    ``liquidus_c``, ``melted`` and ``role``; ``liquidus``: °C per joint array in the oven;
    ``oven``: the profile used; ``solver``: cells, steps, dt and hierarchies.
    """

    step: int
    label: str
    air_peak_c: float
    air_time_above_liquidus_s: float
    parts: tuple[str, ...]
    dies: tuple[str, ...]
    joints: tuple[str, ...]
    melted: tuple[str, ...]
    joined: tuple[str, ...]
    liquidus: Mapping[str, float] = field(default_factory=dict)
    placed: tuple[str, ...] = ()
    simulated: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    short: Mapping[str, str] = field(default_factory=dict)
    oven: str = ""
    min_time_above_liquidus_s: float = 0.0
    solver: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CureRecord:
    """A polymer cure: in-mold cure of an encapsulant, underfill cure, post-mold cure."""

    step: int
    kind: str
    parts: tuple[str, ...]
    temperature_c: float
    time_s: float


@dataclass(frozen=True)
class Ledger:
    """Everything a flow did, in order."""

    flow: str
    steps: tuple[StepRecord, ...]
    reflows: tuple[ReflowPass, ...]
    cures: tuple[CureRecord, ...]
    warnings: tuple[str, ...] = ()

    def records(self, step: str) -> list[StepRecord]:
        """Records of every step with this name, in order."""
        return [r for r in self.steps if r.step == step]

    def record_for(self, step: str, subject: str) -> StepRecord | None:
        """The first record of ``step`` whose subject is ``subject``."""
        return next((r for r in self.steps if r.step == step and r.subject == subject), None)

    def passes(self, part: str) -> int:
        """Reflow passes the part went through in this flow."""
        return sum(1 for r in self.reflows if part in r.parts)

    def passes_per_joint(self) -> dict[str, int]:
        """Reflow passes of every joint array that went through the oven."""
        names: dict[str, int] = {}
        for r in self.reflows:
            for j in r.joints:
                names[j] = names.get(j, 0) + 1
        return names

    def joined_by(self, joint: str) -> ReflowPass | None:
        """The reflow pass that first joined a joint array."""
        return next((r for r in self.reflows if joint in r.joined), None)

    def jstd_report(self, board_mount_passes: int = 1,
                    limit: int = JSTD_MAX_PASSES) -> list[str]:
        """Joint arrays and dies whose passes (plus the board mount) exceed the limit."""
        out = []
        seen = sorted({p for r in self.reflows for p in r.dies + r.joints})
        for part in seen:
            n = self.passes(part)
            if n + board_mount_passes > limit:
                out.append(f"{part} sees {n + board_mount_passes} reflow passes ({n} in this "
                           f"flow + {board_mount_passes} board mount), above the J-STD-020 "
                           f"limit of {limit}")
        return out
