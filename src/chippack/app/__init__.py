"""The application layer: :func:`load` a design, :func:`solve` it, use its :class:`Results`.

The only orchestrator of chippack: the CLI, studies and scripts stand on these calls.
"""

from chippack.app.analysis import check_options, solve
from chippack.app.design import Design, load
from chippack.app.results import Results, ThermalField

__all__ = ["Design", "Results", "ThermalField", "check_options", "load", "solve"]
