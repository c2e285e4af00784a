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
from chippack.materials.stack import StackLayer, in_plane_cte, series_parallel, via_area_fraction


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


def test_in_plane_cte_is_turners_modulus_weighted_mean():
    """Turner (J. Res. NBS 37, 1946): α = Σ E α V / Σ E V over the bonded constituents.

    1.0 mm core (E 26 GPa, α 13 ppm/K) + 0.2 mm film (5 GPa, 39 ppm/K) half copper
    (117 GPa, 17 ppm/K): (1.0·26·13 + 0.2·(0.5·117·17 + 0.5·5·39)) / (1.0·26 + 0.2·(0.5·117
    + 0.5·5)) = 556.4 / 38.2 = 14.5654 ppm/K, by hand."""
    from chippack.materials import builtin_materials

    lib = builtin_materials()
    core = StackLayer("core", 1.0e-3, lib["bt_core"])
    film = StackLayer("L1", 0.2e-3, lib["abf_dielectric"], 0.5, lib["copper"])
    ax, ay = in_plane_cte([core, film])
    assert ax == ay == pytest.approx(556.4 / 38.2 * 1e-6, rel=1e-9)
    # one layer is its own material; a constituent without a modulus gives no answer
    assert in_plane_cte([core]) == pytest.approx((13e-6, 13e-6), rel=1e-12)
    assert in_plane_cte([core, StackLayer("gap", 0.1e-3, lib["air"])]) is None
