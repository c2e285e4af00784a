"""The package specification: named parts, material overrides, metadata.

``parse_spec`` turns a plain mapping (from YAML or a family builder) into a
validated :class:`PackageSpec`, or raises one :class:`SpecError` whose path names
the field (``parts.stiffener.thickness``) and whose message names the value and
the fix.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chippack.errors import SpecError
from chippack.inputs.yaml_reader import Loader, load_yaml_text, read_yaml
from chippack.materials import Material, resolve_materials
from chippack.materials.library import unknown_material_message
from chippack.model.parts import PART_KINDS, Part
from chippack.model.quantities import AreaResistance


class Interface(BaseModel):
    """Thermal contact resistance R″ where two parts touch (plain numbers: mm²·K/W)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    between: tuple[str, str]
    resistance: AreaResistance


#: Longest package name and description, characters.
MAX_NAME_CHARS = 500
MAX_DESCRIPTION_CHARS = 10_000


class PackageSpec(BaseModel):
    """A chip package: its parts (by id), material overrides and where it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    family: str | None = Field(None, description="family builder that produced this spec")
    parameters: dict[str, Any] = Field(default_factory=dict)
    materials: dict[str, dict[str, Any]] = Field(default_factory=dict)
    parts: dict[str, Part]
    interfaces: list[Interface] = Field(
        default_factory=list, description="contact resistances between touching parts")

    @field_validator("name", "description")
    @classmethod
    def _short_text(cls, value: str, info) -> str:
        """A name is a title (printed over tables and reports), a description a line or two:
        an empty name, or one of 100 000 characters (printed as a thousand lines), is a slip."""
        if info.field_name == "name" and not value.strip():
            raise ValueError("the name is empty; give the package a name, e.g. 'name: 12 mm "
                             "FCBGA'")
        limit = MAX_NAME_CHARS if info.field_name == "name" else MAX_DESCRIPTION_CHARS
        if len(value) > limit:
            raise ValueError(f"{len(value):,} characters, more than the limit of {limit:,}; "
                             "shorten it" + (" (details go in description)"
                                             if info.field_name == "name" else ""))
        return value

    def material_table(self) -> dict[str, Material]:
        """Library materials with this spec's overrides applied."""
        return resolve_materials(self.materials)

    def parts_of_kind(self, *kinds: str) -> dict[str, Part]:
        return {pid: p for pid, p in self.parts.items() if p.kind in kinds}


#: How pydantic names the member of a union a value was tried as (``height:
#: PositiveLength | Literal["auto"]`` adds ``function-after[...]`` or ``literal['auto']``
#: to the location): internals, not fields.
_UNION_MEMBER = ("function-", "literal[", "constrained-", "lax-or-strict[", "json-or-python[",
                 "nullable[", "union[", "chain[", "is-instance[")


def _location(loc: tuple) -> str:
    parts = [str(x) for x in loc if not str(x).startswith(_UNION_MEMBER)]
    # pydantic repeats the discriminator value after the part id: drop it.
    if len(parts) >= 3 and parts[0] == "parts" and parts[2] in PART_KINDS:
        del parts[2]
    text = ""
    for item in parts:
        text += f"[{item}]" if item.isdigit() else (f".{item}" if text else item)
    return text


def _message(error: dict) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", value)
        return f"unknown part kind {tag!r}; use one of {', '.join(PART_KINDS)}"
    if kind == "union_tag_not_found":
        return f"every part needs 'kind:' (one of {', '.join(PART_KINDS)})"
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        text = repr(value)
        text = text if len(text) <= 40 else text[:36] + "..."
        return f"unknown field (value {text}); check the spelling against `chippack schema`"
    if kind == "bool_type":
        # StrictBool: YAML 1.2 reads yes/no/on/off as text, which lax bool would take
        text = repr(value)
        return (f"{text if len(text) <= 40 else text[:36] + '...'} is "
                f"{type(value).__name__}, expected true or false; write true or false "
                "without quotes (yes/no/on/off are text in YAML 1.2)")
    msg = error["msg"].removeprefix("Value error, ")
    bounded = kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal")
    if (kind.endswith("_type") or kind.endswith("_parsing") or kind.startswith("literal")
            or bounded):
        text = repr(value)
        msg = f"{msg} (got {text if len(text) <= 40 else text[:36] + '...'})"
    return msg


def _misspelt(first: dict, errors: list[dict]) -> str:
    """For a missing field, the unknown field beside it that is probably its misspelling."""
    if first["type"] != "missing":
        return ""
    name, parent = str(first["loc"][-1]), first["loc"][:-1]
    unknown = [str(e["loc"][-1]) for e in errors
               if e["type"] == "extra_forbidden" and e["loc"][:-1] == parent]
    close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.6)
    return f"; {close[0]!r} is given instead: did you mean {name!r}?" if close else ""


def parse_spec(raw: object) -> PackageSpec:
    """Validate a mapping as a :class:`PackageSpec`; raise :class:`SpecError` on the first fault."""
    if not isinstance(raw, dict):
        raise SpecError("", f"a spec is a mapping with 'name' and 'parts', got {type(raw).__name__}")
    try:
        spec = PackageSpec.model_validate(raw)
    except ValidationError as err:
        errors = err.errors()
        first = errors[0]
        # a value refused by every member of a union is one problem, not one per member
        more = len({_location(e["loc"]) for e in errors}) - 1
        suffix = f" ({more} more problem{'s' if more > 1 else ''} after this one)" if more else ""
        raise SpecError(_location(first["loc"]), _message(first) + _misspelt(first, errors)
                        + suffix) from None
    check_references(spec)
    return spec


def check_references(spec: PackageSpec) -> None:
    """Every part named in a relation exists; materials exist; a die is present."""
    if not spec.parts:
        raise SpecError("parts", "a package needs parts; none given")
    if not spec.parts_of_kind("die"):
        raise SpecError("parts", "a package needs at least one part of kind 'die'")
    for pid in spec.parts:
        if not pid.strip():
            raise SpecError(f"parts.{pid!r}", "a part id is empty; name the part, e.g. 'die:'")
    ids = set(spec.parts)
    table = spec.material_table()
    for pid, part in spec.parts.items():
        for field, target in part.references().items():
            if target not in ids:
                raise SpecError(
                    f"parts.{pid}.{field}",
                    f"names part {target!r}, which does not exist; parts are "
                    f"{', '.join(sorted(ids))}",
                )
            if target == pid:
                raise SpecError(f"parts.{pid}.{field}", "a part cannot be placed relative to itself")
        extra_refs = {
            "aligned_with": getattr(part, "aligned_with", None),
            "keepout": getattr(part, "keepout", None),
            "formed_on": getattr(part, "formed_on", None),
        }
        for i, target in enumerate(getattr(part, "encapsulates", []) or []):
            extra_refs[f"encapsulates[{i}]"] = target
            if target in (getattr(part, "encapsulates", []) or [])[:i]:
                raise SpecError(f"parts.{pid}.encapsulates[{i}]",
                                f"{target} is named twice; name each part once")
        for i, target in enumerate(getattr(part, "cutout", []) or []):
            extra_refs[f"cutout[{i}]"] = target
        for field, target in extra_refs.items():
            if target is not None and target not in ids:
                raise SpecError(
                    f"parts.{pid}.{field}",
                    f"names part {target!r}, which does not exist; parts are "
                    f"{', '.join(sorted(ids))}",
                )
        if part.material is not None and part.material not in table:
            raise SpecError(f"parts.{pid}.material", unknown_material_message(part.material, table))
        stack = getattr(part, "stack", None)
        fields = [] if stack is None else [(f, f"parts.{pid}.stack.vias[{i}]")
                                           for i, f in enumerate(stack.vias)]
        if getattr(part, "thermal_vias", None) is not None:
            fields.append((part.thermal_vias, f"parts.{pid}.thermal_vias"))
        check_stack_references(stack, fields, f"parts.{pid}.stack", ids, table)
    pairs: dict[frozenset, int] = {}
    for i, interface in enumerate(spec.interfaces):
        a, b = interface.between
        if a == b:
            raise SpecError(f"interfaces[{i}].between", f"names {a} twice; an interface is "
                            "where two different parts touch")
        if frozenset((a, b)) in pairs:
            raise SpecError(f"interfaces[{i}].between", f"{a} and {b} already have a contact "
                            f"resistance (interfaces[{pairs[frozenset((a, b))]}]); give each "
                            "pair once")
        pairs[frozenset((a, b))] = i
        for j, target in enumerate(interface.between):
            if target not in ids:
                raise SpecError(
                    f"interfaces[{i}].between[{j}]",
                    f"names part {target!r}, which does not exist; parts are "
                    f"{', '.join(sorted(ids))}",
                )


def check_stack_references(stack, vias, where: str, ids, table) -> None:
    """Every material a layer stack and its via fields name (fill, copper, via metal) is
    in the materials table and every via field's ``region.under`` names a part (``vias``:
    (field, location) pairs, the stack's fields and a board's ``thermal_vias``): refused
    by ``validate`` already, as the mesh (``chippack.mesh.stack``) would refuse them."""
    for i, layer in enumerate(stack.layers if stack is not None else ()):
        for key in ("material", "copper_material"):
            name = getattr(layer, key)
            if name not in table:
                raise SpecError(f"{where}.layers[{i}].{key}", unknown_material_message(name, table))
    for field, at in vias:
        if field.material not in table:
            raise SpecError(f"{at}.material", unknown_material_message(field.material, table))
        under = field.region.under
        if under is not None and under not in ids:
            raise SpecError(f"{at}.region.under",
                            f"names part {under!r}, which does not exist; parts are "
                            f"{', '.join(sorted(ids))}")


#: The YAML reader of every chippack input (YAML 1.2 core schema, no duplicate keys, limits).
SpecLoader = Loader

__all__ = ["PackageSpec", "SpecLoader", "check_references", "load_yaml_text", "parse_spec",
           "read_yaml"]
