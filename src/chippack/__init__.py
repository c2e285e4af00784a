"""chippack: parametric chip-package models, claim checks and thermal simulation."""

__version__ = "0.1.0"
