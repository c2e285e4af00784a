"""The package mounted on its board: the joint-strain solve converges and balances forces."""

from __future__ import annotations

import numpy as np

from chippack.app.warpage import mechanical_board
from chippack.families import spec_from_mapping
from chippack.layout import lay_out
from chippack.mechanics.study import MOUNTED_SWING_K, joint_fatigue

SMALL_MOUNTED = {
    "name": "small mounted BGA",
    "parts": {
        "substrate": {"kind": "substrate", "size": [6, 6], "thickness": 0.4,
                      "material": "bt_laminate"},
        "die": {"kind": "die", "size": [4, 4], "thickness": 0.3, "on": "substrate",
                "orientation": "face_up"},
        "balls": {"kind": "ball_array", "under": "substrate", "centered": "substrate",
                  "pitch": 0.8, "diameter": 0.4, "height": 0.3, "count": [6, 6],
                  "shape": "ball"},
        "board": {"kind": "board", "size": [12, 12], "jedec": "2s2p", "under": "balls"},
    },
}


def _mounted():
    return mechanical_board(lay_out(spec_from_mapping(SMALL_MOUNTED)))


def test_mounted_board_is_one_compact_slab():
    """The JEDEC layers differ only thermally, so mechanics meshes the board as one slab;
    its elastic constants and CTE are the layers' FR-4 (JESD51-7 board, FR-4 data)."""
    layered = lay_out(spec_from_mapping(SMALL_MOUNTED))
    compact = _mounted()
    assert compact.spec.parts["board"].stack_model == "compact"
    fr4 = layered.material_of("board")
    assert compact.material_of("board").cte == fr4.cte


def test_mounted_solve_converges_and_balances_forces():
    """Force equilibrium of the free-free mounted package under a uniform swing (the
    residual summed per axis vanishes); the ball shear per kelvin is of the order of
    Engelmaier's distance-to-neutral-point estimate L_D Δα / h (IPC-D-279; it takes the
    substrate's CTE against the board's, while the silicon die lowers the package's
    effective CTE and raises the strain), and the lives are finite."""
    fatigue = joint_fatigue(_mounted(), None, None)
    sol = fatigue.solution
    assert sol.force_balance < 1e-9 and sol.residual < 1e-7
    assert np.all(np.isfinite(sol.displacement))
    bound = fatigue.closed_form_shear_per_kelvin["balls"]
    shear = fatigue.shear_per_kelvin["balls"]
    assert 0.3 * bound < shear < 3.0 * bound
    assert MOUNTED_SWING_K * shear > 0
    assert all(np.isfinite(v) and v > 0 for v in fatigue.life["balls"].values())
