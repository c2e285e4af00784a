"""chippack: parametric chip-package models, claim checks and thermal simulation.

The public API, flat (as pints does it)::

    >>> import chippack
    >>> design = chippack.load(chippack.example_path("dual_sink_fcbga"))
    >>> design.name
    'dual-sink FCBGA (seed 000)'

``chippack.solve(design)`` solves it in the JEDEC fixtures and returns
:class:`Results` (``.metrics``, ``.summary()``, ``.write(out_dir)``).
``chippack.solve_warpage(design)`` (warpage, die stress, joint life),
``chippack.solve_reflow(design)`` (board-mount reflow: peak and time above liquidus per
joint array) and ``chippack.solve_zth(design)`` (Zth(t), structure functions, JESD51-14
θJC) return results with the same three methods. (``chippack.reflow`` is the reflow
stage's package, hence the ``solve_`` names.) The names are imported on first use, so
``import chippack`` (and ``chippack --help``) stays quick.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Public name -> module that defines it.
_API = {
    "load": "chippack.app", "solve": "chippack.app", "Design": "chippack.app",
    "Results": "chippack.app", "ThermalField": "chippack.app",
    "solve_warpage": "chippack.app", "WarpageResults": "chippack.app",
    "solve_reflow": "chippack.app", "ReflowResults": "chippack.app",
    "solve_zth": "chippack.app", "ZthResults": "chippack.app",
    "ChippackError": "chippack.errors", "SpecError": "chippack.errors",
    "example_path": "chippack.examples", "example_paths": "chippack.examples",
    "Environment": "chippack.metrics.environment", "JEDEC_SET": "chippack.metrics.environment",
    "cooling_environment": "chippack.metrics.environment",
    "DEFAULT_METHOD": "chippack.thermal.solver",
}
__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str):
    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'chippack' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
