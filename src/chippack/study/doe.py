"""Designs of experiments: the list of variants (parameter name -> value) a study runs.

* full factorial: every combination of each parameter's grid (its values, or ``levels``
  evenly spaced points of its range);
* Latin hypercube and Sobol sequence: ``scipy.stats.qmc`` points in the unit cube
  (McKay, Beckman & Conover 1979; Sobol' 1967, scrambled as Owen 1998), seeded, mapped
  linearly onto each range and by equal bins onto a list of choices;
* table: the rows as given (each value checked against its parameter).

All generators are deterministic for a given seed, so a re-run regenerates the same
variants and finds them already done.
"""

from __future__ import annotations

import itertools
import math
import warnings
from typing import Any

import numpy as np
from scipy.stats import qmc

from chippack.errors import ChippackError
from chippack.study.parameters import Parameter

Variant = dict[str, Any]


def full_factorial(parameters: list[Parameter]) -> list[Variant]:
    """All combinations, the last parameter varying fastest."""
    grids = [p.grid() for p in parameters]
    return [dict(zip([p.name for p in parameters], combo, strict=True))
            for combo in itertools.product(*grids)]


def unit_points(method: str, dimensions: int, samples: int, seed: int) -> np.ndarray:
    """``samples`` x ``dimensions`` points in [0, 1) by Latin hypercube or scrambled Sobol."""
    if method == "latin_hypercube":
        return qmc.LatinHypercube(d=dimensions, seed=seed).random(samples)
    if method == "sobol":
        sampler = qmc.Sobol(d=dimensions, scramble=True, seed=seed)
        m = math.log2(samples)
        if m.is_integer():
            return sampler.random_base2(int(m))
        with warnings.catch_warnings():  # balance is lost off powers of 2; the user chose n
            warnings.simplefilter("ignore", UserWarning)
            return sampler.random(samples)
    raise ChippackError(f"design.method: {method!r} is not a sampling method")


def sampled(parameters: list[Parameter], method: str, samples: int, seed: int) -> list[Variant]:
    """Latin hypercube / Sobol variants."""
    points = unit_points(method, len(parameters), samples, seed)
    return [{p.name: p.from_unit(float(u)) for p, u in zip(parameters, row, strict=True)}
            for row in points]


def table(parameters: list[Parameter], rows: list[dict[str, Any]]) -> list[Variant]:
    """The explicit rows; every row names every parameter, and only those."""
    if not rows:
        raise ChippackError("design.rows: empty table; give at least one row")
    names = [p.name for p in parameters]
    out = []
    for i, row in enumerate(rows):
        unknown = sorted(set(row) - set(names))
        missing = [n for n in names if n not in row]
        if unknown:
            raise ChippackError(f"design.rows[{i}]: {unknown[0]!r} is not a parameter "
                                f"(parameters: {', '.join(names)})")
        if missing:
            raise ChippackError(f"design.rows[{i}]: no value for {missing[0]!r}")
        out.append({p.name: p.check(row[p.name]) for p in parameters})
    return out


def design_variants(parameters: list[Parameter], method: str, samples: int | None = None,
                    seed: int = 0, rows: list[dict[str, Any]] | None = None) -> list[Variant]:
    """The variants of a design of experiments (duplicates, e.g. rounded integers, dropped)."""
    if method == "full_factorial":
        variants = full_factorial(parameters)
    elif method == "table":
        if rows is None:
            raise ChippackError("design.rows: a table design needs rows: [{name: value, ...}]")
        variants = table(parameters, rows)
    else:
        if samples is None:
            raise ChippackError(f"design.samples: {method} needs samples: N")
        variants = sampled(parameters, method, samples, seed)
    unique: dict[tuple, Variant] = {}
    for v in variants:
        unique.setdefault(tuple(sorted((k, repr(x)) for k, x in v.items())), v)
    return list(unique.values())
