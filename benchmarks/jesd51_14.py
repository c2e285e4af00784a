"""JESD51-14 dual-interface θJC on the shipped examples against the steady θJC.

Runs the dry / greased pair (and, for diagnosis, the ideal-contact heating curve at the
same sensor) and stores the curves in benchmarks/results/jesd51_14_<stem>.npz, then prints
every evaluation of :mod:`chippack.metrics.jesd51_14` next to the steady θJC.

    PYTHONPATH=src python benchmarks/jesd51_14.py [--reuse] [stem ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

import chippack
from chippack.metrics import jesd51_14 as j
from chippack.metrics.structure import fit_foster, foster_to_cauer, structure_function

OUT = Path(__file__).parent / "results"
STEMS = ["two_mold_package_exposed", "bumped_sink_flipchip"]


def run(stem: str, t_last: float = 100.0) -> dict:
    from chippack.metrics.zth import junction_zth

    design = chippack.load(chippack.example_path(stem))
    t0 = time.perf_counter()
    pair = j.dual_interface(design.layout, t_last=t_last)
    cell = pair["dry"]["sensor_cell"]
    ideal = junction_zth(design.layout, "cold-plate-top", t_last=t_last, sensor=cell)
    wall = time.perf_counter() - t0
    data = {"t": pair["dry"]["times_s"], "z_dry": pair["dry"]["zth_k_w"],
            "z_wet": pair["greased"]["zth_k_w"], "z_ideal": ideal["zth_k_w"],
            "theta_steady": pair["result"].theta_jc_steady,
            "greased_contact_k_w": pair["result"].greased_contact_k_w,
            "cells": pair["dry"]["cells"], "wall_s": wall}
    np.savez(OUT / f"jesd51_14_{stem}.npz", **data)
    return data


def _main_functions() -> dict:
    """The session-2 evaluation (git main before branch jesd), for the old-vs-new rows:
    Zth crossing read at the first sample beyond it, SF separation at the eps crossing
    on a 4001-point log-C grid."""
    import subprocess

    src = subprocess.run(["git", "show", "a8e844b:src/chippack/metrics/jesd51_14.py"],
                         capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent).stdout
    ns: dict = {}
    exec(compile(src, "jesd51_14_session2", "exec"), ns)
    return ns


def evaluate(d: dict) -> dict:
    t, zd, zw, zi = d["t"], d["z_dry"], d["z_wet"], d["z_ideal"]
    sd, sw, si = (structure_function(foster_to_cauer(fit_foster(t, z)[0])) for z in (zd, zw, zi))
    old = _main_functions()
    t_sep, th_z = j.zth_separation(t, zd, zw)
    t_old, th_z_old = old["zth_separation"](t, zd, zw)
    th_sf = j.sf_separation(sd, sw)
    # the ideal-contact curve at the separation: how far the junction has got by then
    z_ideal_sep = float(np.interp(np.log(t_sep), np.log(t), zi))
    i99 = int(np.argmax(zi >= 0.99 * zi[-1]))
    c_sep = float(np.interp(th_sf, sw.r_sum, sw.c_sum)) if np.isfinite(th_sf) else np.nan
    return {"theta_zth_new": th_z, "t_sep_new_s": t_sep,
            "theta_zth_session2": th_z_old, "t_sep_session2_s": t_old,
            "theta_sf_new": th_sf, "theta_sf_session2": old["sf_separation"](sd, sw),
            "theta_zth_eps_0.5%": j.zth_separation(t, zd, zw, eps=0.005)[1],
            "theta_zth_eps_2%": j.zth_separation(t, zd, zw, eps=0.02)[1],
            "ideal_zth_at_t_sep (share of steady)": z_ideal_sep / float(d["theta_steady"]),
            "ideal_t99_s": float(t[i99]),
            "ideal_sf_R_at_sep_C": float(np.interp(np.log(c_sep), np.log(si.c_sum), si.r_sum))
            if np.isfinite(c_sep) else np.nan}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    reuse = "--reuse" in sys.argv
    for stem in args or STEMS:
        f = OUT / f"jesd51_14_{stem}.npz"
        d = dict(np.load(f)) if reuse and f.exists() else run(stem)
        ev = evaluate(d)
        th = float(d["theta_steady"])
        print(f"{stem}: {int(d['cells'])} cells, steady θJC {th:.5g} K/W, greased contact "
              f"{float(d['greased_contact_k_w']):.4g} K/W, pair+ideal wall {float(d['wall_s']):.1f} s")
        for k, v in ev.items():
            if isinstance(v, float):
                print(f"  {k:38s} {v:.5g}" + (f"  ({v / th - 1:+.1%})" if k.startswith("theta")
                                                    or k.startswith("ideal_sf") else ""))
