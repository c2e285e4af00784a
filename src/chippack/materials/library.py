"""The materials library shipped with chippack (``library.yaml``), plus spec overrides."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml

from chippack.errors import SpecError
from chippack.materials.boards import jedec_board_material
from chippack.materials.material import Material, material_from_mapping


@lru_cache(maxsize=1)
def builtin_materials() -> dict[str, Material]:
    """All materials of ``library.yaml`` by name."""
    text = files("chippack.materials").joinpath("library.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    table = {name: material_from_mapping(name, entry, f"materials.{name}")
             for name, entry in raw.items()}
    for build in ("2s2p", "1s0p"):
        board = jedec_board_material(build)
        table[board.name] = board
    return table


def resolve_materials(overrides: dict[str, dict] | None) -> dict[str, Material]:
    """Library materials updated with a spec's ``materials:`` section.

    An entry may define a new material from scratch (``k``, ``density``,
    ``specific_heat``, ``category``) or start from a library one with
    ``base: copper`` and change some properties.
    """
    table = dict(builtin_materials())
    for name, raw in (overrides or {}).items():
        path = f"materials.{name}"
        if not isinstance(raw, dict):
            raise SpecError(path, f"a material is a mapping of properties, got {raw!r}")
        base_name = raw.get("base", name if name in table else None)
        base = None
        if base_name is not None:
            if base_name not in table:
                raise SpecError(f"{path}.base", unknown_material_message(base_name, table))
            base = table[base_name]
        table[name] = material_from_mapping(name, raw, path, base=base)
    return table


def unknown_material_message(name: object, table: dict[str, Material]) -> str:
    return (f"unknown material {name!r}; use one of {', '.join(sorted(table))} "
            f"or define it under 'materials:'")
