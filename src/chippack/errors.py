"""Errors that carry the path of the offending field, its value and the fix.

Every error a user can cause is a :class:`ChippackError`; the CLI prints its
message and exits with status 2 instead of showing a traceback.
"""

from __future__ import annotations


class ChippackError(Exception):
    """Base class of every user-facing error."""


class SpecError(ChippackError):
    """A specification value is wrong.

    ``path`` is the dotted location in the spec (``parts.stiffener.thickness``),
    ``message`` says what is wrong with the value and how to fix it.
    """

    def __init__(self, path: str, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class LayoutError(SpecError):
    """Parts cannot be placed as described (overlap, floating part, ring too small...)."""


class ProcessError(ChippackError):
    """A process flow cannot run: a step's preconditions fail or its parameters are wrong.

    ``index`` is the 1-based number of the step in the flow, ``step`` its name,
    ``field`` the offending parameter (or ""), ``message`` what is missing and the fix.
    """

    def __init__(self, index: int, step: str, message: str, field: str = ""):
        self.index = index
        self.step = step
        self.field = field
        self.message = message
        where = f"step {index} ({step})" if index else "flow"
        super().__init__(f"{where}{f', parameter {field!r}' if field else ''}: {message}")
