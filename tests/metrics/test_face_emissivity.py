"""Radiation uses each exposed face's own material emissivity; JEDEC trace fan-out."""

import numpy as np
import pytest

from chippack.examples import example_path
from chippack.layout import lay_out
from chippack.layout.fixtures import with_jedec_board
from chippack.mesh.package import AMBIENT, MeshOptions, mesh_layout
from chippack.mesh.stack import resolved_stack
from chippack.metrics.environment import face_emissivity
from chippack.model import parse_spec, read_yaml


def _lidded():
    spec = parse_spec(read_yaml(example_path("lidded_fcbga")))
    return spec, lay_out(spec)


def test_air_above_a_copper_lid_sees_copper_emissivity():
    """Handbook: lightly oxidised copper ε = 0.1 (the library value), not the default."""
    _, layout = _lidded()
    mesh = mesh_layout(layout, MeshOptions(refine=0.5))
    eps, sides = face_emissivity(mesh, 0.85)
    lid = mesh.part_mask("lid")
    k_top = int(np.flatnonzero(lid.any(axis=(0, 1)))[-1])
    top = sides["zmax"] if k_top == mesh.shape[2] - 1 else eps[:, :, k_top + 1]
    over = lid[:, :, k_top]
    if k_top < mesh.shape[2] - 1:
        over &= mesh.region[:, :, k_top + 1] == AMBIENT
    assert over.any()
    assert np.allclose(top[over], layout.material_of("lid").emissivity)
    assert layout.material_of("lid").emissivity == pytest.approx(0.1)


def test_jedec_trace_layers_only_in_the_fanout_square():
    """JESD51-9 §5.1: traces extend 25 mm beyond the package body (clipped to the board)."""
    spec, layout = _lidded()
    boarded = lay_out(with_jedec_board(spec, layout, "1s0p"))
    stack = resolved_stack(boarded, "board")
    assert stack.layers[0].copper == 0.0  # bare outside the fan-out
    (patch,) = stack.patches
    assert patch.layer.copper == pytest.approx(0.10)
    body = [p.envelope for q, p in boarded.parts.items() if q != "board"]
    x0 = min(e[0] for e in body)
    board = boarded.parts["board"].envelope
    assert patch.region[0] == pytest.approx(max(x0 - 25e-3, board[0]))
