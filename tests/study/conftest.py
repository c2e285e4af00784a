"""Small studies for the tests: the seed-001 family on coarse meshes (a solve is ~0.2 s)."""

from __future__ import annotations

import copy

import pytest

#: The top cold plate needs no board: the smallest real solve of a package.
COARSE_SOLVE = {"environments": ["cold-plate-top"], "refine": 0.3, "k_of_t": False,
                "arrays": "homogenized"}


def small_study(**changes) -> dict:
    """Sink construction x sink thickness on the bumped-sink flip chip, θJC + a claim."""
    raw = {
        "name": "test study",
        "base": {"family": "bumped_sink_flipchip"},
        "parameters": {
            "sink_construction": {"values": ["plate", "dummy_chip"]},
            "sink_thickness": {"values": [0.5, 0.8], "unit": "mm"},
        },
        "design": {"method": "full_factorial"},
        "outputs": ["cold-plate-top.theta", "claims.001-1", "spec.body_mm[2]"],
        "solve": copy.deepcopy(COARSE_SOLVE),
    }
    raw.update(changes)
    return raw


@pytest.fixture
def study_raw():
    return small_study
