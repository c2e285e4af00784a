"""Helpers for claim tests: designs from families, specs or flows, and result lookup."""

from __future__ import annotations

import copy
from pathlib import Path

from chippack.claims import check_claims
from chippack.claims.core import ClaimResult
from chippack.examples import example_path
from chippack.families import family_mapping
from chippack.layout import lay_out
from chippack.model import parse_spec, read_yaml
from chippack.process import parse_flow, run_flow

FLOWS = Path(__file__).resolve().parents[2] / "src" / "chippack" / "examples" / "flows"


def family_raw(family: str, **params) -> dict:
    return family_mapping(family, params)


def example_raw(name: str) -> dict:
    return copy.deepcopy(read_yaml(example_path(name)))


def flow_raw(name: str) -> dict:
    return copy.deepcopy(read_yaml(FLOWS / f"{name}.yaml"))


def check_spec(raw: dict, seeds=("000", "001", "002")) -> dict[str, ClaimResult]:
    results = check_claims(lay_out(parse_spec(raw)), None, seeds)
    return {r.label: r for r in results}


def check_flow(raw: dict, seeds=("000", "001", "002")) -> dict[str, ClaimResult]:
    built = run_flow(parse_flow(raw))
    results = check_claims(built.layout, built.ledger, seeds)
    return {r.label: r for r in results}
