"""Fixtures for flow tests: shipped flows as mutable mappings."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from chippack.model import read_yaml

FLOWS = Path(__file__).resolve().parents[2] / "src" / "chippack" / "examples" / "flows"


@pytest.fixture
def flow_raw():
    """A fresh mapping of a shipped flow, by file stem."""

    def load(name: str) -> dict:
        return copy.deepcopy(read_yaml(FLOWS / f"{name}.yaml"))

    return load
