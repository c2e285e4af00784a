"""Errors raised by the thermal solvers. Each message says what went wrong and what to change."""

from __future__ import annotations

from chippack.errors import ChippackError


class ThermalError(ChippackError):
    """Base class of all chippack thermal-solver errors (user errors: the CLI exits 2)."""


class ProblemDefinitionError(ThermalError, ValueError):
    """A field of :class:`~chippack.thermal.problem.ConductionProblem` is invalid."""


class ZeroPowerError(ProblemDefinitionError):
    """The total dissipated power is zero: the steady rise is trivially zero and the
    relative energy balance is undefined."""


class NoPathToAmbientError(ThermalError):
    """A connected group of solid cells has no conductance to any boundary (singular,
    pure-Neumann system).

    Attributes
    ----------
    islands : list of dict
        One entry per isolated component with keys ``n_cells``, ``index_lo``, ``index_hi``
        (cell-index bounding box, inclusive), ``box_lo``, ``box_hi`` (metres) and
        ``power`` (W).
    """

    def __init__(self, message: str, islands: list[dict]):
        super().__init__(message)
        self.islands = islands


class ConvergenceError(ThermalError):
    """The iterative solver did not reach the requested tolerance."""

    def __init__(self, message: str, iterations: int, residual: float):
        super().__init__(message)
        self.iterations = iterations
        self.residual = residual


class EnergyBalanceError(ThermalError):
    """|heat_in - heat_out| / heat_in exceeded the allowed relative error."""

    def __init__(self, message: str, error: float):
        super().__init__(message)
        self.error = error
