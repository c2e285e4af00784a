"""Built-in example specs: one per seed family (fullest form) and a lidded FCBGA reference."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from chippack.errors import SpecError


class UnknownExample(SpecError, KeyError):
    """No shipped example of that name: a chippack error (one line, exit 2), and still the
    KeyError it always was for callers that catch that."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return SpecError.__str__(self)


def example_paths() -> list[Path]:
    """Paths of the shipped example YAML files, sorted by name."""
    root = Path(str(files("chippack.examples")))
    return sorted(root.glob("*.yaml"))


def example_path(name: str) -> Path:
    """Path of one example by file stem, e.g. ``dual_sink_fcbga``."""
    for path in example_paths():
        if path.stem == name:
            return path
    names = ", ".join(p.stem for p in example_paths())
    raise UnknownExample("example", f"no example {name!r}; examples are {names}")
