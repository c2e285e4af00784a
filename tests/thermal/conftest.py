"""Shared helpers for the thermal tests."""

import numpy as np


def graded(a: float, b: float, n: int, ratio: float = 1.0) -> np.ndarray:
    """n cells from a to b whose widths grow geometrically by ``ratio`` from a to b
    (ratio < 1: cells shrink towards b)."""
    if ratio == 1.0:
        return np.linspace(a, b, n + 1)
    w = ratio ** np.arange(n)
    w = w / w.sum() * (b - a)
    p = a + np.concatenate([[0.0], np.cumsum(w)])
    p[-1] = b
    return p


def assert_balanced(sol, tol=1e-6):
    """Every solve must close its energy balance."""
    assert sol.energy_balance_error < tol, sol.energy_balance_error
    assert abs(sol.heat_in - sol.heat_out) <= tol * sol.heat_in
