"""Shared fixtures: the shipped examples and a helper to mutate specs."""

from __future__ import annotations

import copy

import pytest

from chippack.examples import example_path
from chippack.model import read_yaml


@pytest.fixture
def example_raw():
    """Return a fresh, mutable mapping of a shipped example by stem."""

    def load(name: str) -> dict:
        return copy.deepcopy(read_yaml(example_path(name)))

    return load
