"""Dotted paths into documents."""

from __future__ import annotations

import pytest

from chippack.errors import ChippackError
from chippack.study.paths import get_path, parse_path, set_path


def test_parse_and_set():
    doc = {"parts": {"die": {"size": [10, 10]}}, "steps": [{"t": 1}, {"t": 2}]}
    assert parse_path("parts.die.size[0]") == ["parts", "die", "size", 0]
    assert get_path(doc, "steps[1].t") == 2
    new = set_path(doc, "parts.die.size[0]", "12 mm")
    assert new["parts"]["die"]["size"] == ["12 mm", 10]
    assert doc["parts"]["die"]["size"] == [10, 10]  # the original is untouched


def test_unknown_path_names_it_and_suggests():
    doc = {"parts": {"die": {"size": [10, 10]}}}
    with pytest.raises(ChippackError, match=r"unknown path 'parts.dei.size'.*did you mean 'die'"):
        get_path(doc, "parts.dei.size")
    with pytest.raises(ChippackError, match=r"has no item \[2\]"):
        set_path(doc, "parts.die.size[2]", 1)
