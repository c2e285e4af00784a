"""Layer-stack rules: the explicit JEDEC stacks reduce to the compact JEDEC materials.

Reference: the JEDEC compact-board rule (in-plane parallel, through series; Icepak
notes), k_inplane ≈ 21.2 and k_through ≈ 0.317 W/m·K for the 2s2p build, and the
via area fraction of a plated barrel π[d² − (d − 2t)²]/(4p²).
"""

import math

import pytest

from chippack.materials.boards import (
    JEDEC_1S0P,
    JEDEC_2S2P,
    compact_board_conductivity,
    jedec_board_layers,
)
from chippack.materials.stack import series_parallel, via_area_fraction


@pytest.mark.parametrize("build,layers", [("2s2p", JEDEC_2S2P), ("1s0p", JEDEC_1S0P)])
def test_explicit_jedec_stack_reduces_to_compact_board(build, layers):
    stack = jedec_board_layers(build)
    assert sum(la.thickness for la in stack) == pytest.approx(1.6e-3, rel=1e-12)
    k = series_parallel([la.thickness for la in stack], [la.conductivity for la in stack])
    assert k == pytest.approx(compact_board_conductivity(layers), rel=1e-12)
    if build == "2s2p":
        assert k[0] == pytest.approx(21.2, rel=0.01)
        assert k[1] == pytest.approx(0.317, rel=0.01)


def test_via_area_fraction_plated_and_filled():
    assert via_area_fraction(1e-3, 0.3e-3, None) == pytest.approx(math.pi * 0.09 / 4)
    assert via_area_fraction(1e-3, 0.3e-3, 25e-6) == pytest.approx(
        math.pi * (0.3**2 - 0.25**2) / 4)
