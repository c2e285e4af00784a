"""Package specification: part kinds, relations, validation."""

from chippack.model.parts import FILLER_KINDS, PART_KINDS, Part
from chippack.model.spec import PackageSpec, parse_spec, read_yaml

__all__ = ["FILLER_KINDS", "PART_KINDS", "PackageSpec", "Part", "parse_spec", "read_yaml"]
