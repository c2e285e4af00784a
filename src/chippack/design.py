"""The design loader's old home; it lives in :mod:`chippack.app.design` now."""

from chippack.app.design import (
    Design,
    load,
    load_design,
    load_layout,
    load_spec,
)

__all__ = ["Design", "load", "load_design", "load_layout", "load_spec"]
