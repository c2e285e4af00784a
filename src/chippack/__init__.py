"""chippack: parametric chip-package models, claim checks and thermal simulation.

The public API, flat (as pints does it)::

    >>> import chippack
    >>> design = chippack.load(chippack.example_path("dual_sink_fcbga"))
    >>> design.name
    'dual-sink FCBGA (seed 000)'

``chippack.solve(design)`` solves it in the JEDEC fixtures and returns
:class:`Results` (``.metrics``, ``.summary()``, ``.write(out_dir)``).
"""

__version__ = "0.1.0"

from chippack.app import Design, Results, ThermalField, load, solve  # noqa: E402
from chippack.errors import ChippackError, SpecError  # noqa: E402
from chippack.examples import example_path, example_paths  # noqa: E402
from chippack.metrics.environment import (  # noqa: E402
    JEDEC_SET,
    Environment,
    cooling_environment,
)
from chippack.thermal.solver import DEFAULT_METHOD  # noqa: E402

__all__ = ["DEFAULT_METHOD", "JEDEC_SET", "ChippackError", "Design", "Environment", "Results",
           "SpecError", "ThermalField", "__version__", "cooling_environment", "example_path", "example_paths",
           "load",
           "solve"]
