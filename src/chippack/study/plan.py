"""A checked study and its planned variants (values, resolved document, content key).

:func:`load_study` turns a study file into a :class:`Study` (every fault found here is
one line, exit status 2 in the CLI); :func:`plan_variant` resolves one set of values
into a :class:`Planned` variant keyed by content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chippack.errors import ChippackError
from chippack.study.base import BaseDesign, parameter_target, read_base, resolve_document
from chippack.study.file import StudyFile, parse_study, read_study_file
from chippack.study.keys import variant_key
from chippack.study.outputs import check_outputs
from chippack.study.parameters import Parameter, make_parameter


@dataclass(frozen=True)
class Study:
    """A checked study: its base, parameters, outputs and solve options."""

    file: StudyFile
    base: BaseDesign
    parameters: list[Parameter]
    source: Path | None = None

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def outputs(self) -> list[str]:
        return list(self.file.outputs)

    @property
    def options(self) -> dict[str, Any]:
        """What every variant is evaluated with (part of its key)."""
        return {"solve": self.file.solve.model_dump(), "outputs": self.outputs}

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
    base = read_base(raw.base, folder)
    parameters = []
    for name, entry in raw.parameters.items():
        target = parameter_target(base, name, entry.path or name)
        parameters.append(make_parameter(name, entry, target))
    check_outputs(raw.outputs, raw.solve.environments)
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
    return Study(raw, base, parameters, source)


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
