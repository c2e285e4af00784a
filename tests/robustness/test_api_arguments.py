"""Bad arguments to the Python API raise chippack's own errors, with the CLI's one-line
messages naming the argument, before any work (not numpy's, typer's or a TypeError from
deep inside a solve)."""

from __future__ import annotations

import numpy as np
import pytest

import chippack
from chippack.errors import ChippackError
from chippack.inputs.options import check_power

EXAMPLE = chippack.example_path("two_mold_package")
FAST = {"refine": 0.25, "k_of_t": False, "claims": False, "bottom_sink": False}


@pytest.fixture(scope="module")
def design():
    return chippack.load(EXAMPLE)


CASES = [
    # (id, call(design), fragments of the message)
    ("flow as a number (read file descriptor 5)", lambda d: chippack.load(EXAMPLE, 5),
     ("file path", "int")),
    ("flow as a mapping", lambda d: chippack.load(EXAMPLE, {"steps": []}), ("file path",)),
    ("cooling file as a number", lambda d: chippack.cooling_environment(5), ("file path",)),
    ("environments None", lambda d: chippack.solve(d, None, **FAST), ("environments",)),
    ("environments an int", lambda d: chippack.solve(d, 5, **FAST), ("environments", "int")),
    ("ambient None", lambda d: chippack.solve(d, ["cold-plate-top"], ambient=None, **FAST),
     ("--ambient", "None")),
    ("refine None", lambda d: chippack.solve(d, ["cold-plate-top"], refine=None,
                                             k_of_t=False, claims=False), ("--refine",)),
    ("velocity None", lambda d: chippack.solve(d, ["forced-air"], velocity=None, **FAST),
     ("--velocity",)),
    ("unknown solver method", lambda d: chippack.solve(d, ["cold-plate-top"], method="magic",
                                                       **FAST), ("method", "magic", "zline")),
    ("progress not callable", lambda d: chippack.solve(d, ["cold-plate-top"], progress=5,
                                                       **FAST), ("progress",)),
    ("mesh_options not MeshOptions", lambda d: chippack.solve(d, ["cold-plate-top"],
                                                              mesh_options={}, **FAST),
     ("mesh_options",)),
    ("power map of one dimension", lambda d: chippack.solve(d, ["cold-plate-top"],
                                                            power_map=np.ones(3), **FAST),
     ("power_map", "2-D")),
    ("power map of three dimensions", lambda d: chippack.solve(
        d, ["cold-plate-top"], power_map=np.ones((2, 2, 2)), **FAST), ("power_map", "2-D")),
    ("power map a list", lambda d: chippack.solve(d, ["cold-plate-top"],
                                                  power_map=[[1.0, "a"]], **FAST),
     ("power_map", "numbers")),
    ("power map a number", lambda d: chippack.solve(d, ["cold-plate-top"], power_map=5, **FAST),
     ("power_map", "int")),
    ("power map with NaN", lambda d: chippack.solve(d, ["cold-plate-top"],
                                                    power_map=np.full((2, 2), np.nan), **FAST),
     ("power_map", "finite")),
    ("power map above the cell limit", lambda d: chippack.solve(
        d, ["cold-plate-top"], power_map=np.ones((4100, 4000)), **FAST), ("power_map", "limit")),
    ("warpage at None", lambda d: chippack.solve_warpage(d, at=None), ("--at",)),
    ("warpage field a number", lambda d: chippack.solve_warpage(d, at=[25], field=5,
                                                                operating=False),
     ("field", "ThermalCycle")),
    ("warpage progress not callable", lambda d: chippack.solve_warpage(d, at=[25], progress=1,
                                                                       operating=False),
     ("progress",)),
    ("reflow h None", lambda d: chippack.solve_reflow(d, h=None), ("--h", "None")),
    ("zth progress not callable", lambda d: chippack.solve_zth(d, t_last=1.0, progress="x"),
     ("progress",)),
    ("unknown example", lambda d: chippack.example_path("nope"), ("no example 'nope'",)),
]


@pytest.mark.parametrize("call, fragments", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_argument_is_a_chippack_error(design, call, fragments):
    with pytest.raises(ChippackError) as err:
        call(design)
    text = str(err.value)
    assert "\n" not in text
    for fragment in fragments:
        assert fragment in text, text


def test_unknown_example_is_still_a_key_error():
    with pytest.raises(KeyError):
        chippack.example_path("nope")


def test_numpy_scalars_are_numbers():
    assert check_power(np.float32(2.0)) == 2.0
    assert check_power(np.int64(3)) == 3.0
