"""Run a validation case: its spec in each published environment, chippack's metrics.

Each ``packages/*.yaml`` is a chippack spec plus a ``validation:`` block: the source
(vendor table, row), the published numbers by metric and air speed (m/s), and which
assumptions the source states. ``chippack_metrics`` solves the spec in JEDEC still air
(JESD51-2A), in the JESD51-6 wind tunnel at each published speed, on the JESD51-8 ring
cold plate (θJB) and the top cold plate (θJC).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import yaml

from chippack.layout import lay_out
from chippack.mesh.package import MeshOptions
from chippack.metrics.environment import Environment
from chippack.metrics.run import run_environment
from chippack.model import parse_spec

PACKAGES = Path(__file__).parent / "packages"
#: Coarse mesh for the validation runs: in still air within 0.2 % (FCBGA 441) and 1.6 %
#: (nFBGA 4 mm die) of the default mesh (refine 1.0), measured once for the README.
MESH = MeshOptions(refine=0.6)


def case_paths() -> list[Path]:
    return sorted(PACKAGES.glob("*.yaml"))


def read_case(path: Path) -> tuple[dict, dict]:
    """(validation block, spec mapping)."""
    # test data, not user input: the published tables are keyed by air speed (numbers),
    # which the user-facing reader refuses as keys
    raw = copy.deepcopy(yaml.safe_load(path.read_text(encoding="utf-8")))
    return raw.pop("validation"), raw


def _velocities(published: dict) -> list[float]:
    speeds = set()
    for key, value in published.items():
        if key.startswith("theta_ja") and isinstance(value, dict):
            speeds.update(float(v) for v in value)
    return sorted(speeds)


@cache
def chippack_metrics(path: Path) -> dict:
    """{'theta_ja': {v: θ}, 'theta_ja_1s0p': {...}, 'psi_jt': {v: Ψ}, 'theta_jc', 'theta_jb'}."""
    info, raw = read_case(path)
    layout = lay_out(parse_spec(raw))
    boards = info["board"] if isinstance(info["board"], list) else [info["board"]]
    out: dict = {"theta_ja": {}, "psi_jt": {}, "energy_balance_error": 0.0}
    for board in boards:
        key = "theta_ja" if board == boards[0] else f"theta_ja_{board}"
        out.setdefault(key, {})
        for v in _velocities(info["published"]):
            env = (Environment("still-air", board=board) if v == 0
                   else Environment("forced-air", velocity=v, board=board))
            run = run_environment(layout, env, mesh_options=MESH)
            out[key][v] = run.metrics["theta_ja"]
            if board == boards[0]:
                out["psi_jt"][v] = run.metrics["psi_jt"]
            out["energy_balance_error"] = max(out["energy_balance_error"],
                                              run.solver["energy_balance_error"])
    for name, metric in (("cold-plate-top", "theta_jc"), ("ring-cold-plate", "theta_jb")):
        run = run_environment(layout, Environment(name), mesh_options=MESH)
        out[metric] = run.metrics[metric]
        out["energy_balance_error"] = max(out["energy_balance_error"],
                                          run.solver["energy_balance_error"])
    return out
