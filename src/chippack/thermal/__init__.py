"""Finite-volume heat conduction on rectilinear grids (grid-agnostic solver core).

Public API::

    from chippack.mesh import RectilinearGrid
    from chippack.thermal import (ConductionProblem, SideCondition, SteadySolver,
                                  TransientSolver, ThermalSolution, solve_steady, assemble)
"""

from chippack.thermal.assembly import BoundaryFaces, LinearSystem, assemble
from chippack.thermal.errors import (
    ConvergenceError,
    EnergyBalanceError,
    NoPathToAmbientError,
    ProblemDefinitionError,
    ThermalError,
    ZeroPowerError,
)
from chippack.thermal.problem import SIDES, ConductionProblem, SideCondition
from chippack.thermal.solver import METHODS, LinearSolver, build_preconditioner, pcg
from chippack.thermal.steady import (
    SteadySolver,
    ThermalSolution,
    energy_balance,
    find_isolated_regions,
    solve_steady,
)
from chippack.thermal.transient import SCHEMES, TransientResult, TransientSolver

__all__ = [
    "SIDES",
    "METHODS",
    "SCHEMES",
    "BoundaryFaces",
    "ConductionProblem",
    "ConvergenceError",
    "EnergyBalanceError",
    "LinearSolver",
    "LinearSystem",
    "NoPathToAmbientError",
    "ProblemDefinitionError",
    "SideCondition",
    "SteadySolver",
    "ThermalError",
    "ThermalSolution",
    "TransientResult",
    "TransientSolver",
    "ZeroPowerError",
    "assemble",
    "build_preconditioner",
    "energy_balance",
    "find_isolated_regions",
    "pcg",
    "solve_steady",
]
