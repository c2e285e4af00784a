"""The engine's state: a partial spec (raw part mappings) plus what the steps did so far."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from chippack.errors import ProcessError
from chippack.materials import Material, resolve_materials
from chippack.model.parts import Part
from chippack.process.flow import StepCall
from chippack.process.ledger import CureRecord, ReflowPass, StepRecord

_PART = TypeAdapter(Part)


@dataclass
class Joint:
    """A bump or ball array and how far it got: formed on a part, placed, joined by reflow.

    ``face`` is the face of ``formed_on`` it stands on (``top`` / ``bottom``);
    ``landed_on`` the part its free ends were placed against; ``joined_step`` the
    step whose reflow (or bond) joined it; ``reflowed_step`` the last reflow it went
    through while waiting to be joined (set even when the simulated reflow left it short).
    """

    id: str
    formed_on: str
    face: str
    formed_step: int
    landed_on: str | None = None
    placed_step: int | None = None
    joined_step: int | None = None
    aligned_to: str | None = None
    reflowed_step: int | None = None

    @property
    def pending(self) -> bool:
        """Placed against its partner but not yet joined."""
        return self.landed_on is not None and self.joined_step is None


@dataclass
class UbmPattern:
    """UBM pads formed on a die face, waiting for the bump array they will align with."""

    id: str
    die: str
    face: str
    step: int
    mapping: dict[str, Any]
    aligned_with: str | None = None


@dataclass
class Assembly:
    """Mutable state of a running flow (only the engine and the steps touch it)."""

    materials_raw: dict[str, Any]
    source_dir: str = ""
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    made_by: dict[str, int] = field(default_factory=dict)
    joints: dict[str, Joint] = field(default_factory=dict)
    ubm: dict[str, UbmPattern] = field(default_factory=dict)
    uncured: dict[str, int] = field(default_factory=dict)
    placed: set[str] = field(default_factory=set)
    integral: dict[str, dict[str, Any]] = field(default_factory=dict)
    records: list[StepRecord] = field(default_factory=list)
    reflows: list[ReflowPass] = field(default_factory=list)
    cures: list[CureRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _materials: dict[str, Material] | None = None

    # -- lookups -----------------------------------------------------------
    @property
    def material_table(self) -> dict[str, Material]:
        if self._materials is None:
            self._materials = resolve_materials(self.materials_raw)
        return self._materials

    def kind(self, pid: str) -> str:
        return self.parts[pid]["kind"]

    def of_kind(self, *kinds: str) -> list[str]:
        return [pid for pid, raw in self.parts.items() if raw["kind"] in kinds]

    def model(self, pid: str) -> Any:
        """The validated part (SI values) of a raw mapping already checked when it was added."""
        return _PART.validate_python(self.parts[pid])

    def material_of(self, pid: str) -> Material:
        return self.material_table[self.model(pid).material]

    def joints_on(self, pid: str, face: str) -> list[Joint]:
        """Joint arrays formed on a face of ``pid`` (through its UBM pads too)."""
        return [j for j in self.joints.values() if j.formed_on == pid and j.face == face]

    def ubm_on(self, die: str, face: str) -> UbmPattern | None:
        return next((u for u in self.ubm.values() if u.die == die and u.face == face), None)

    def die_face(self, die: str, face: str) -> str:
        """``active`` / ``back`` / ``top`` / ``bottom`` of a part as ``top`` or ``bottom``."""
        if face in ("top", "bottom"):
            return face
        orientation = self.parts[die].get("orientation", "flip")
        active = "bottom" if orientation == "flip" else "top"
        if face == "active":
            return active
        return "top" if active == "bottom" else "bottom"

    def connected_group(self, seeds: set[str]) -> set[str]:
        """Parts joined to any of ``seeds`` through placement relations or joints."""
        edges: dict[str, set[str]] = {pid: set() for pid in self.parts}

        def link(a: str, b: str) -> None:
            if a in edges and b in edges:
                edges[a].add(b)
                edges[b].add(a)

        for pid, raw in self.parts.items():
            for key in ("on", "under", "between", "integral_with"):
                value = raw.get(key)
                for target in ([value] if isinstance(value, str) else value or []):
                    link(pid, target)
        for j in self.joints.values():
            link(j.id, j.formed_on)
            if j.landed_on:
                link(j.id, j.landed_on)
        for u in self.ubm.values():
            link(u.id, u.die)
        group, todo = set(), list(seeds)
        while todo:
            pid = todo.pop()
            if pid in group:
                continue
            group.add(pid)
            todo.extend(edges.get(pid, ()))
        return group


class Args:
    """A step's parameters: read with defaults, unknown ones reported with a suggestion."""

    def __init__(self, call: StepCall, known: tuple[str, ...] = ()):
        self.call = call
        self.raw = dict(call.params)
        self.known = set(known)
        self.used: set[str] = set()

    def error(self, message: str, field: str = "") -> ProcessError:
        return ProcessError(self.call.index, self.call.name, message, field)

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        self.known.add(key)
        return self.raw.get(key, default)

    def has(self, key: str) -> bool:
        return key in self.raw

    def require(self, key: str, what: str) -> Any:
        self.used.add(key)
        self.known.add(key)
        if key not in self.raw:
            raise self.error(f"needs '{key}:' ({what})")
        return self.raw[key]

    def ident(self, key: str, default: str | None = None, what: str = "a part id") -> str:
        """A part id parameter (a non-empty name)."""
        value = self.require(key, what) if default is None else self.get(key, default)
        if not isinstance(value, str) or not value:
            raise self.error(f"a part id is a name, got {value!r}", key)
        return value

    def names(self, key: str, default: Any, what: str) -> list[str]:
        """A parameter naming one part id or a list of them."""
        value = self.get(key, default)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise self.error(f"{what} is a part id or a list of part ids, got {value!r}", key)
        twice = sorted({v for v in value if list(value).count(v) > 1})
        if twice:
            raise self.error(f"{', '.join(twice)} named twice in {key}; name each part once",
                             key)
        return list(value)

    def number(self, key: str, default: float, what: str) -> float:
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f"{what} must be a number, got {value!r}", key)
        return float(value)

    def forward(self, allowed: tuple[str, ...]) -> dict[str, Any]:
        """The parameters that become fields of the part this step adds."""
        out = {}
        for key in allowed:
            if key in self.raw:
                out[key] = self.raw[key]
                self.used.add(key)
        self.known.update(allowed)
        return out

    def done(self) -> None:
        """Every given parameter was read; otherwise name the first unknown one."""
        for key in self.raw:
            if key not in self.used:
                close = difflib.get_close_matches(key, sorted(self.known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise self.error(
                    f"unknown parameter (value {self.raw[key]!r}){hint}; this step takes "
                    f"{', '.join(sorted(self.known))}", key)


def validate_part(args: Args, pid: str, raw: dict[str, Any], forwarded: set[str]) -> Any:
    """Validate a part mapping a step builds; errors name the step's parameter."""
    try:
        return _PART.validate_python(raw)
    except ValidationError as err:
        first = err.errors()[0]
        loc = [str(x) for x in first["loc"]]
        if loc and loc[0] == raw.get("kind"):
            loc = loc[1:]
        key = loc[0] if loc else ""
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            msg = "this step does not take it"
        elif first["type"] == "missing":
            msg = "this parameter is required"
            # a misspelling of it among the step's parameters is the likely cause
            unknown = [k for k in args.raw if isinstance(k, str) and k not in args.known
                       and k not in forwarded and k != key]
            close = difflib.get_close_matches(key, unknown, n=1, cutoff=0.6)
            if close:
                msg += f"; {close[0]!r} is not a parameter of this step: did you mean {key!r}?"
        elif "input" in first and not isinstance(first["input"], dict):
            text = repr(first["input"])
            msg = f"{msg} (got {text if len(text) <= 40 else text[:36] + '...'})"
        field = ".".join(loc) if key in forwarded or first["type"] == "missing" else ""
        raise args.error(f"{pid}: {msg}", field) from None
