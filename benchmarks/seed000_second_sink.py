"""Seed 000 with thermal vias under the die and a CTE-matched second sink soldered to the board.

    PYTHONPATH=src python benchmarks/seed000_second_sink.py

Builds on ``examples/dual_sink_fcbga.yaml``: the substrate becomes an explicit 3-2-3
build-up stack with PTHs and stacked micro-vias under the die, the finned second sink
becomes a flat copper slug (copper matches the ABF substrate's 17 ppm/K) soldered with
50 µm of SAC305 to an explicit JEDEC 2s2p board with thermal vias under it. Prints θJA
(still air), θJB (JESD51-8 ring cold plate) with and without the slug, and the heat the
slug carries from the substrate down to the board (summed over the substrate/slug faces).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import numpy as np

from chippack.layout import lay_out
from chippack.metrics.environment import Environment, jedec_board_size
from chippack.metrics.run import run_environment
from chippack.model import parse_spec, read_yaml

ROOT = Path(__file__).resolve().parents[1]


def substrate_stack() -> dict:
    """3-2-3 build-up on a 0.8 mm core (1.14 mm), vias under the die."""
    cov = [0.3, 0.8, 0.3]
    layers = [{"name": "mask_top", "thickness": 0.02, "material": "solder_mask"}]
    for i, c in enumerate(cov, 1):
        layers += [{"name": f"bu{i}_cu", "thickness": 0.015, "material": "abf_dielectric",
                    "copper": c},
                   {"name": f"bu{i}_abf", "thickness": 0.035, "material": "abf_dielectric"}]
    layers += [{"name": "core_top_cu", "thickness": 0.015, "material": "bt_core", "copper": 0.8},
               {"name": "core", "thickness": 0.77, "material": "bt_core"},
               {"name": "core_bot_cu", "thickness": 0.015, "material": "bt_core", "copper": 0.8}]
    for i, c in enumerate(reversed(cov), 1):
        layers += [{"name": f"bb{i}_abf", "thickness": 0.035, "material": "abf_dielectric"},
                   {"name": f"bb{i}_cu", "thickness": 0.015, "material": "abf_dielectric",
                    "copper": c}]
    layers.append({"name": "mask_bot", "thickness": 0.02, "material": "solder_mask"})
    build_up = [la["name"] for la in layers if la["name"].startswith(("bu", "bb"))]
    core = ["core_top_cu", "core", "core_bot_cu"]
    return {"layers": layers, "vias": [
        {"name": "pth", "through": core, "pitch": 0.8, "diameter": 0.25, "plating": 0.02},
        {"name": "thermal_pth", "through": core, "pitch": 0.4, "diameter": 0.25,
         "plating": 0.02, "region": {"under": "die"}},
        {"name": "microvias", "through": build_up, "pitch": 0.2, "diameter": 0.06,
         "region": {"under": "die"}},
        {"name": "mask_vias", "through": ["mask_bot"], "pitch": 0.4, "diameter": 0.25,
         "region": {"under": "die"}},
    ]}


def design(with_sink: bool) -> dict:
    raw = copy.deepcopy(read_yaml(ROOT / "examples" / "dual_sink_fcbga.yaml"))
    parts = raw["parts"]
    sub = parts["substrate"]
    sub.pop("thickness")
    sub["stack"] = substrate_stack()
    balls = parts["balls"]
    size = jedec_board_size(35e-3)
    parts["board"] = {"kind": "board", "jedec": "2s2p", "under": "balls", "centered": "balls",
                      "size": [f"{size[0]} m", f"{size[1]} m"],
                      "thermal_vias": {"name": "board_vias", "pitch": 1.0, "diameter": 0.3,
                                       "plating": 0.025, "region": {"size": [8, 8]}}}
    if with_sink:
        sink = parts["bottom_sink"]
        sink.pop("fins")
        sink["thickness"] = balls["height"] - 0.05
        parts["sink_solder"] = {"kind": "tim", "under": "bottom_sink", "thickness": 0.05,
                                "material": "sac305"}
    else:
        parts.pop("bottom_sink")
        balls.pop("keepout")
        balls["keepout_size"] = [8, 8]
        balls.pop("around")
    raw["name"] += " with slug" if with_sink else " without slug"
    return raw


def heat_through(run, upper: str, lower: str) -> float:
    """Heat (W) conducted down across the z-faces where ``upper`` lies on ``lower``."""
    mesh, t = run.mesh, run.solution.temperature
    k = mesh.conductivity()[..., 2]
    dz = np.diff(mesh.grid.z)
    area = np.outer(np.diff(mesh.grid.x), np.diff(mesh.grid.y))
    a, b = mesh.part_ids.index(upper), mesh.part_ids.index(lower)
    q = 0.0
    for kz in range(1, mesh.shape[2]):
        face = (mesh.part[:, :, kz] == a) & (mesh.part[:, :, kz - 1] == b)
        if face.any():
            with np.errstate(divide="ignore"):  # k = 0 off the two parts; masked below
                r = 0.5 * dz[kz] / k[:, :, kz] + 0.5 * dz[kz - 1] / k[:, :, kz - 1]
            q += float(np.sum(((t[:, :, kz] - t[:, :, kz - 1]) / r * area)[face]))
    return q


def main() -> None:
    rows = []
    for with_sink in (False, True):
        layout = lay_out(parse_spec(design(with_sink)))
        ja = run_environment(layout, Environment("still-air"))
        jb = run_environment(layout, Environment("ring-cold-plate"))
        carried = heat_through(ja, "substrate", "bottom_sink") if with_sink else 0.0
        carried_jb = heat_through(jb, "substrate", "bottom_sink") if with_sink else 0.0
        rows.append((with_sink, ja.metrics["theta_ja"], jb.metrics["theta_jb"], carried,
                     carried_jb, ja.power, max(ja.solver["energy_balance_error"],
                                               jb.solver["energy_balance_error"])))
    print("| second sink | θJA still air (K/W) | θJB (K/W) | heat through the sink, still air "
          "| heat through the sink, ring cold plate |")
    print("|---|---|---|---|---|")
    for with_sink, ja, jb, q, qjb, p, _err in rows:
        share = f"{q:.2f} W ({100 * q / p:.0f} %)" if with_sink else "—"
        share_jb = f"{qjb:.2f} W ({100 * qjb / p:.0f} %)" if with_sink else "—"
        print(f"| {'soldered to the board' if with_sink else 'none'} | {ja:.3f} | {jb:.3f} | "
              f"{share} | {share_jb} |", file=sys.stdout)
    base, slug = rows
    print(f"\nθJA {100 * (slug[1] - base[1]) / base[1]:+.1f} %, θJB "
          f"{100 * (slug[2] - base[2]) / base[2]:+.1f} % with the slug; "
          f"energy balance ≤ {max(r[6] for r in rows):.1e}")


if __name__ == "__main__":
    main()
