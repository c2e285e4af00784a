"""Stress-free temperatures from the process history, and the load cases.

A part is stress-free at the temperature at which it became bonded to the rest
(the usual warpage-modelling assumption; e.g. JEDEC JEP95 / Tummala ch. 7):

* polymer parts (underfill, mold compound, adhesive) — their cure temperature: the
  last cure step in the flow's ledger that names the part, else the material's
  ``cure_temperature``;
* solder joints — the solder's solidus (they solidify on cooling from the reflow);
* every other part (die, substrate, lid, stiffener, sink) — the temperature at which it
  was joined. Rigid parts that touch each other directly (a lid formed in one piece
  with its stiffener, a stiffener seated on the substrate) count as one body; each body
  takes the highest stress-free temperature of the bonds (cured polymer or solder) that
  join it to another body (a bond that touches one body only, like balls before board
  mount, joins nothing); failing that, of any bond it touches; failing that, the
  package's highest bonding temperature.
  A polymer without a cure (grease, gel TIM) is stress-free at room temperature and
  bonds nothing.

A process flow's ledger overrides the material defaults (its cures may run at other
temperatures, and only joints a reflow pass joined are solid). ``override`` sets every
part to one temperature (textbook cases: one ΔT for the whole stack).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from chippack.errors import ChippackError, SpecError
from chippack.layout import Layout

#: J-STD-020 peak reflow temperature for lead-free large bodies, °C.
REFLOW_PEAK_C = 260.0
ROOM_C = 25.0
#: polymer without a cure temperature in library or ledger: room-temperature cure
DEFAULT_POLYMER_CURE_C = ROOM_C
BONDING_CATEGORIES = ("polymer", "solder")


@dataclass(frozen=True)
class StressFree:
    """Stress-free temperature (°C) of every part and where each came from."""

    temperature: dict[str, float]
    origin: dict[str, str]


def stress_free_temperatures(layout: Layout, ledger=None,
                             override: float | None = None) -> StressFree:
    """Stress-free temperature per part (module docstring for the rules)."""
    if override is not None:
        override = check_temperature(override, "--stress-free")
        return StressFree({pid: float(override) for pid in layout.parts},
                          {pid: "--stress-free" for pid in layout.parts})
    cures: dict[str, float] = {}
    if ledger is not None:
        for cure in ledger.cures:
            for pid in cure.parts:
                cures[pid] = float(cure.temperature_c)  # the last cure wins
    temps: dict[str, float] = {}
    origin: dict[str, str] = {}
    bonds: set[str] = set()
    for pid in layout.parts:
        mat = layout.material_of(pid)
        if mat.category == "polymer":
            if pid in cures:
                temps[pid], origin[pid] = cures[pid], "ledger cure"
            elif mat.cure_temperature is not None:
                temps[pid], origin[pid] = mat.cure_temperature, f"{mat.name} cure temperature"
            else:
                temps[pid], origin[pid] = DEFAULT_POLYMER_CURE_C, "uncured (grease/gel)"
                continue
            bonds.add(pid)
        elif mat.category == "solder":
            if mat.solidus is None:
                raise ChippackError(f"materials.{mat.name}.solidus: no value; the stress-free "
                                    f"temperature of {pid} is its solidus — add it")
            temps[pid], origin[pid] = mat.solidus, f"{mat.name} solidus"
            bonds.add(pid)
    highest = max((temps[b] for b in bonds), default=ROOM_C)
    rigid = [pid for pid in layout.parts if pid not in temps]
    bodies = _rigid_bodies(layout, rigid)
    body_of = {pid: n for n, body in enumerate(bodies) for pid in body}
    # a bond joins when it touches two bodies (balls hanging under the substrate join
    # nothing until the board is there; they do not lock the substrate at their solidus)
    joins = {b for b in bonds
             if len({body_of[n] for n in layout.neighbours(b) if n in body_of}) >= 2}
    for body in bodies:
        near = {n for pid in body for n in layout.neighbours(pid) if n in bonds}
        joining = [temps[n] for n in near & joins]
        touching = [temps[n] for n in near]
        if joining:
            t, why = max(joining), "joined by its bond"
        elif touching:
            t, why = max(touching), "held by its bond"
        else:
            t, why = highest, "package bonding temperature"
        for pid in body:
            temps[pid], origin[pid] = t, why
    return StressFree(temps, origin)


def _rigid_bodies(layout: Layout, rigid: list[str]) -> list[set[str]]:
    """Groups of rigid parts connected by direct rigid-rigid contact."""
    left = set(rigid)
    bodies = []
    while left:
        stack = [left.pop()]
        body = set(stack)
        while stack:
            for n in layout.neighbours(stack.pop()):
                if n in left:
                    left.discard(n)
                    body.add(n)
                    stack.append(n)
        bodies.append(body)
    return bodies


#: Temperatures a mechanics load case or stress-free state may have, °C: the materials'
#: moduli and CTEs are tabulated for -65 °C (JESD22-A104 condition C) to past the 260 °C
#: reflow peak; outside it an answer would rest on extrapolated data.
MECHANICS_RANGE_C = (-100.0, 400.0)


def check_temperature(value: float, field: str) -> float:
    """``value`` (°C) as a float if it is finite and inside :data:`MECHANICS_RANGE_C`, else
    one :class:`SpecError` naming ``field``."""
    lo, hi = MECHANICS_RANGE_C
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise SpecError(field, f"expected a temperature in °C, got {value!r}") from None
    if not np.isfinite(t):
        raise SpecError(field, f"{value!r} is not a finite temperature; give °C")
    if not lo <= t <= hi:
        raise SpecError(field, f"{t:g} °C is outside {lo:g}..{hi:g} °C, where the materials' "
                        "moduli and CTEs hold; give °C (not K or °F)")
    return t


def parse_temperatures(text: str | tuple | list) -> tuple[float, ...]:
    """'25,260' → (25.0, 260.0) (the CLI's --at; a sequence of numbers is checked the same
    way): each finite and inside :data:`MECHANICS_RANGE_C`, none twice."""
    if isinstance(text, str):
        try:
            raw = [float(v) for v in text.split(",") if v.strip()]
        except ValueError:
            raise SpecError("--at", f"expected temperatures in °C separated by commas, got "
                            f"{text!r}") from None
    elif isinstance(text, int | float) and not isinstance(text, bool):
        raw = [text]  # one temperature
    elif isinstance(text, Iterable):
        raw = list(text)
    else:
        raise SpecError("--at", f"give temperatures in °C ('25,260' or a list), got "
                        f"{type(text).__name__}")
    values = tuple(check_temperature(v, "--at") for v in raw)
    if not values:
        raise SpecError("--at", "give at least one temperature, e.g. --at 25,260")
    twice = sorted({v for v in values if values.count(v) > 1})
    if twice:
        raise SpecError("--at", f"{twice[0]:g} °C is given twice; list each temperature once")
    return values
