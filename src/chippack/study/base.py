"""The base design of a study and how one variant's values make a resolved document.

The base is a spec, a family document or a flow. A variant's *resolved document* is
what the evaluator loads: for a family base, the spec mapping the family builds with
the variant's family parameters (then any dotted spec paths applied); for a spec or
flow base, the document with the dotted paths set. Its content (not its parameter
names) keys the variant (:mod:`chippack.study.keys`).
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chippack.errors import ChippackError
from chippack.families import expand_family_document, family_parameters, is_family_mapping
from chippack.model import read_yaml
from chippack.process import is_flow_mapping
from chippack.study.parameters import Parameter
from chippack.study.paths import get_path, set_path


@dataclass(frozen=True)
class BaseDesign:
    """The document a study varies; ``kind`` is ``"spec"``, ``"family"`` or ``"flow"``."""

    document: dict[str, Any]
    kind: str
    source: str

    @property
    def family(self) -> str | None:
        return self.document.get("family") if self.kind == "family" else None


def read_base(base: str | dict[str, Any], folder: Path) -> BaseDesign:
    """The base of a study file: a path (relative to the study file) or an inline mapping."""
    if isinstance(base, dict):
        raw, source = copy.deepcopy(base), "inline base"
    else:
        path = Path(base)
        path = path if path.is_absolute() else folder / path
        if not path.is_file():
            raise ChippackError(f"base: {base!r} does not exist (looked for {path}); give a "
                                "spec, family or flow YAML, relative to the study file")
        raw, source = read_yaml(path), str(path)
    if not isinstance(raw, dict):
        raise ChippackError(f"base: {source} is not a mapping (spec, family or flow)")
    if is_flow_mapping(raw):
        kind = "flow"
    elif is_family_mapping(raw):
        kind = "family"
        raw.setdefault("parameters", {})
    else:
        kind = "spec"
    return BaseDesign(raw, kind, source)


def parameter_target(base: BaseDesign, name: str, path: str) -> str:
    """``"family"`` for a family parameter, ``"path"`` for a dotted path; checks it exists."""
    if base.kind == "family" and "." not in path and "[" not in path:
        known = family_parameters(base.family)  # type: ignore[arg-type]
        if path not in known:
            close = difflib.get_close_matches(path, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ChippackError(f"parameters.{name}: {base.family} has no parameter {path!r}"
                                f"{hint} (or give a dotted spec path such as parts.die.size[0])")
        return "family"
    try:
        get_path(_path_document(base), path)
    except ChippackError as err:
        raise ChippackError(f"parameters.{name}: {err}") from None
    return "path"


def _path_document(base: BaseDesign) -> dict[str, Any]:
    """What dotted paths point into: the spec a family builds by default, else the document."""
    if base.kind == "family":
        return expand_family_document(base.document)
    return base.document


def resolve_document(base: BaseDesign, parameters: list[Parameter],
                     values: dict[str, Any]) -> dict[str, Any]:
    """The variant's document (a spec or flow mapping) with ``values`` written in.

    Raises :class:`ChippackError` when a family rejects a value (the variant fails).
    """
    doc = copy.deepcopy(base.document)
    family = [p for p in parameters if p.target == "family"]
    if base.kind == "family":
        for p in family:
            doc["parameters"][p.path] = p.document_value(values[p.name])
        doc = expand_family_document(doc)
    for p in parameters:
        if p.target == "path":
            doc = set_path(doc, p.path, p.document_value(values[p.name]))
    return doc
