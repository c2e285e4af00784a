"""A checked study and its planned variants (values, resolved document, content key).

:func:`load_study` turns a study file into a :class:`Study` (every fault found here is
one line, exit status 2 in the CLI); :func:`plan_variant` resolves one set of values
into a :class:`Planned` variant keyed by content.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chippack.errors import ChippackError
from chippack.study.base import BaseDesign, parameter_target, read_base, resolve_document
from chippack.study.file import StudyFile, parse_study, read_study_file
from chippack.study.keys import variant_key
from chippack.study.outputs import check_outputs, sources_needed
from chippack.study.parameters import Parameter, make_parameter


@dataclass(frozen=True)
class Study:
    """A checked study: its base, parameters, outputs and solve options."""

    file: StudyFile
    base: BaseDesign
    parameters: list[Parameter]
    source: Path | None = None
    #: The output sources' settings (``warpage``, ``reflow``, ``zth``), see
    #: :func:`source_settings`.
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def outputs(self) -> list[str]:
        return list(self.file.outputs)

    @property
    def options(self) -> dict[str, Any]:
        """What every variant is evaluated with (part of its key); the settings of an
        output source (warpage, reflow, zth) only when an output names it."""
        options: dict[str, Any] = {"solve": self.file.solve.model_dump(),
                                   "outputs": self.outputs}
        needed = {n: self.settings[n] for n in sources_needed(self.outputs)
                  if n in self.settings}
        if needed:
            options["sources"] = needed
        return options

    @property
    def columns(self) -> list[str]:
        return [p.name for p in self.parameters] + self.outputs


@dataclass
class Planned:
    """One variant to run: its values, resolved document (None if it cannot be built)."""

    index: int
    phase: str
    values: dict[str, Any]
    key: str
    document: dict[str, Any] | None
    error: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def build_study(raw: StudyFile, folder: Path, source: Path | None = None) -> Study:
    check_solve_entry(raw)
    check_budget(raw)
    base = read_base(raw.base, folder)
    parameters = []
    for name, entry in raw.parameters.items():
        target = parameter_target(base, name, entry.path or name)
        parameters.append(make_parameter(name, entry, target))
    settings = source_settings(raw, folder)
    check_source_settings(settings)
    check_outputs(raw.outputs, raw.solve.environments, settings=settings)
    for obj in raw.optimise.objectives if raw.optimise else []:
        _check_named(obj.output, raw.outputs, "optimise.objectives")
    for con in raw.optimise.constraints if raw.optimise else []:
        _check_named(con.output, raw.outputs, "optimise.constraints")
        if con.min is None and con.max is None:
            raise ChippackError(f"optimise.constraints: {con.output!r} needs min: or max:")
    if raw.sensitivity:
        for out in raw.sensitivity.outputs or []:
            _check_named(out, raw.outputs, "sensitivity.outputs")
        for p in parameters:
            p.bounds()  # a choice of strings has no range: refuse it now
    if raw.design is None and raw.optimise is None and raw.sensitivity is None:
        raise ChippackError("design: give a design of experiments (design: {method: ...}), "
                            "an optimise: or a sensitivity: section")
    study = Study(raw, base, parameters, source, settings)
    check_corners(study)
    return study


def source_settings(raw: StudyFile, folder: Path) -> dict[str, dict[str, Any]]:
    """The study file's ``warpage:``, ``reflow:`` and ``zth:`` sections as plain dicts; a
    reflow profile file is made absolute (relative to the study file's ``folder``)."""
    settings = {name: getattr(raw, name).model_dump() for name in ("warpage", "reflow", "zth")}
    profile = settings["reflow"]["profile"]
    if profile.lower().endswith((".csv", ".yaml", ".yml")) and not Path(profile).is_absolute():
        settings["reflow"]["profile"] = str((folder / profile).resolve())
    return settings


def check_source_settings(settings: dict[str, dict[str, Any]]) -> None:
    """``warpage:``, ``reflow:`` and ``zth:`` are held to the rules of the CLI's options
    before any variant runs (a bad profile file or temperature would fail every variant):
    temperatures and the field cycle as ``chippack warpage`` checks them, the reflow
    profile read as ``chippack reflow`` reads it, ``t_last`` as ``chippack zth``."""
    from chippack.inputs.options import check_oven_h, check_solve_options, check_t_last
    from chippack.mechanics.fatigue import parse_field_profile
    from chippack.mechanics.loads import check_temperature, parse_temperatures
    from chippack.reflow.profile import DEFAULT_H
    from chippack.reflow.run import profile_for

    def where(section: str, call, *args) -> None:
        try:
            call(*args)
        except ChippackError as err:
            text = str(err).removeprefix("--")
            raise ChippackError(f"{section}.{text}" if not text.startswith(section)
                                else text) from None

    w, r, z = settings["warpage"], settings["reflow"], settings["zth"]
    where("warpage", parse_temperatures, w["at"])
    if w.get("field"):
        where("warpage", parse_field_profile, w["field"])
    if w.get("stress_free") is not None:
        where("warpage", check_temperature, w["stress_free"], "stress_free")
    for section, entry in (("warpage", w), ("reflow", r)):
        if entry.get("refine") is not None:
            where(section, lambda v: check_solve_options(refine=v), entry["refine"])
    if r.get("h") is not None:  # not given: the profile's default
        where("reflow", check_oven_h, r["h"], "h")
    if r["profile"] != "jstd020":  # jstd020 is shaped per variant (its class temperature)
        try:
            profile_for(r["profile"], None, r.get("h") or DEFAULT_H)
        except ChippackError as err:
            raise ChippackError("reflow.profile: " + str(err).removeprefix("--profile: ")
                                ) from None
    where("zth", check_t_last, z["t_last"], "t_last")


def check_corners(study: Study) -> None:
    """Refuse a study whose every variant would fail: a unit of the wrong dimension, or a
    range both of whose ends the design refuses (its lowest and highest variants)."""
    ends = [{p.name: (p.grid()[0] if p.values is not None else p._round(p.low))
             for p in study.parameters},
            {p.name: (p.grid()[-1] if p.values is not None else p._round(p.high))
             for p in study.parameters}]
    errors = []
    for values in ends:
        try:
            resolve_document(study.base, study.parameters, values)
        except ChippackError as err:
            if "cannot be converted" in str(err) or "percentage" in str(err):
                raise ChippackError(f"{err} (a unit of the wrong kind; every variant "
                                    "would fail)") from None
            errors.append(str(err))
        else:
            return
    raise ChippackError(f"{errors[0]} (at the lowest values, and at the highest: "
                        f"{errors[1]}); every variant would fail")


def check_solve_entry(raw: StudyFile) -> None:
    """``solve:`` is held to the rules of the CLI's options (finite, in range, no repeats)."""
    from chippack.app.analysis import check_options

    solve = raw.solve
    seen = [e for i, e in enumerate(solve.environments) if e in solve.environments[:i]]
    if seen:
        raise ChippackError(f"solve.environments: {seen[0]!r} is given twice; list each "
                            "environment once")
    try:
        check_options(power=solve.power, board=solve.board, arrays=solve.arrays,
                      refine=solve.refine, ambient=solve.ambient, velocity=solve.velocity)
    except ChippackError as err:
        raise ChippackError(f"solve.{err}".replace("solve.--", "solve.")) from None


def _points(entry) -> int:
    """Grid points of one parameter in a full factorial (without building the grid)."""
    return len(set(map(repr, entry.values))) if entry.values is not None else entry.levels


def planned_count(raw: StudyFile) -> tuple[int, str]:
    """How many variants the study file asks for, and which section asks most."""
    counts: list[tuple[int, str]] = []
    d = raw.design
    if d is not None:
        if d.method == "full_factorial":
            n = math.prod(_points(e) for e in raw.parameters.values())
            counts.append((n, "design: a full factorial of "
                              + " x ".join(str(_points(e)) for e in raw.parameters.values())))
        elif d.method == "table":
            counts.append((len(d.rows or ()), "design.rows"))
        elif d.samples is not None:
            counts.append((d.samples, f"design.samples ({d.method})"))
    if raw.optimise is not None:
        counts.append((raw.optimise.trials, "optimise.trials"))
    if raw.sensitivity is not None:  # Saltelli without second order: N (D + 2)
        n = raw.sensitivity.samples * (len(raw.parameters) + 2)
        counts.append((n, f"sensitivity.samples ({raw.sensitivity.samples} x "
                          f"({len(raw.parameters)} parameters + 2))"))
    total = sum(n for n, _ in counts)
    return total, max(counts)[1] if counts else "design"


def check_budget(raw: StudyFile) -> None:
    """Refuse a study over the variant budget before a single variant is generated; refuse
    a Sobol count off a power of 2 (the sequence's balance holds only there)."""
    from chippack.inputs.limits import current

    d = raw.design
    for where, n, method in (("design.samples", d.samples if d else None,
                              d.method if d else None),
                             ("sensitivity.samples",
                              raw.sensitivity.samples if raw.sensitivity else None, "sobol")):
        if method == "sobol" and n is not None and n & (n - 1):
            low = 1 << (n.bit_length() - 1)
            raise ChippackError(f"{where}: {n} is not a power of 2, and a Sobol sequence is "
                                f"balanced only at powers of 2; use {low} or {low * 2} (or "
                                "latin_hypercube for any count)")
    total, largest = planned_count(raw)
    limit = current().variants
    if total > limit:
        raise ChippackError(f"{largest}: the study plans {total:,} variants, over the limit "
                            f"of {limit:,} (chippack.inputs.limits.Limits.variants); use fewer "
                            "levels or values, or a latin_hypercube with samples: N")


def _check_named(output: str, outputs: list[str], where: str) -> None:
    if output not in outputs:
        raise ChippackError(f"{where}: {output!r} is not among the outputs; add it to outputs: "
                            f"(now {', '.join(outputs)})")


def load_study(path: str | Path) -> Study:
    """Read and check a study YAML file (paths in it are relative to its folder)."""
    path = Path(path)
    return build_study(read_study_file(path), path.resolve().parent, path)


def study_from_mapping(raw: dict[str, Any], folder: str | Path = ".") -> Study:
    return build_study(parse_study(raw), Path(folder))


def plan_variant(study: Study, index: int, phase: str, values: dict[str, Any]) -> Planned:
    """Resolve ``values`` into the variant's document and key (a resolve error is kept)."""
    options = study.options
    try:
        document = resolve_document(study.base, study.parameters, values)
    except ChippackError as err:
        key = variant_key({"base": study.base.document, "values": values}, options)
        return Planned(index, phase, dict(values), key, None, str(err))
    return Planned(index, phase, dict(values), variant_key(document, options), document)
