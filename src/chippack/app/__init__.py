"""The application layer: :func:`load` a design, :func:`solve` it, use its :class:`Results`;
:func:`solve_warpage`, :func:`solve_reflow` and :func:`solve_zth` for mechanics, reflow and
the transient figures.

The only orchestrator of chippack: the CLI, studies and scripts stand on these calls.
"""

from chippack.app.analysis import check_options, solve
from chippack.app.design import Design, load
from chippack.app.reflow import ReflowResults, solve_reflow
from chippack.app.results import Results, ThermalField
from chippack.app.sections import SECTIONS
from chippack.app.transient import ZthResults, solve_zth
from chippack.app.warpage import WarpageResults, solve_warpage

__all__ = ["SECTIONS", "Design", "ReflowResults", "Results", "ThermalField", "WarpageResults",
           "ZthResults", "check_options", "load", "solve", "solve_reflow", "solve_warpage",
           "solve_zth"]
