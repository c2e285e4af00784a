"""The API's docstring examples run as tests (numpydoc ``Examples`` sections)."""

import doctest
import importlib

import pytest

MODULES = ["chippack", "chippack.app.design", "chippack.app.analysis", "chippack.app.results",
           "chippack.app.warpage", "chippack.app.transient",
           "chippack.metrics.environment", "chippack.metrics.power", "chippack.layout.fixtures"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no examples"
