"""Materials as data: the shipped library and spec-defined overrides."""

from chippack.materials.library import builtin_materials, resolve_materials
from chippack.materials.material import Material

__all__ = ["Material", "builtin_materials", "resolve_materials"]
