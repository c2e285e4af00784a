"""Write and run the CalculiX transient reference: the lidded-die stack heated by a step.

Geometry, conductivities, flux and films as the steady reference
(``tests/data/calculix/make_deck.py``: quarter model of a 20 x 20 mm organic substrate,
10 x 10 x 0.75 mm Si die, 50 um TIM, 20 x 20 x 1 mm Cu lid; 10 W on the die bottom;
lid top h 2000 and substrate bottom h 200 W/(m^2 K) to 25 degC), now from a uniform
25 degC start with the flux switched on at t = 0 and heat capacities
(rho c in J/(m^3 K)): substrate 1900*1000, Si 2330*705, TIM 2500*800, Cu 8960*385.
``*HEAT TRANSFER, DIRECT`` with fixed increments DT over 0..T_END (backward Euler in
CalculiX); the temperatures of the die-bottom centre node (0, 0, 1.0 mm, the hottest
point) and the lid-top centre node (0, 0, 2.8 mm) are printed every increment.

Usage::

    python make_deck.py --level 0 --run        # writes lid_transient_L0.inp, runs ccx,
                                               # stores reference.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
STEADY = HERE.parent / "calculix" / "make_deck.py"
RHO_C = {"SUB": (1900.0, 1000.0), "DIE": (2330.0, 705.0), "TIM": (2500.0, 800.0),
         "LID": (8960.0, 385.0)}
DT, T_END = 0.02, 8.0


def steady_module():
    spec = importlib.util.spec_from_file_location("steady_deck", STEADY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_deck(level: int, path: pathlib.Path, dt: float = DT, t_end: float = T_END,
               solver: str = "") -> dict:
    mod = steady_module()
    info = mod.write_deck(level, "C3D8", path)
    zs, nid = info["zs"], info["nid"]
    k_die = int(np.argmin(np.abs(zs - 1.0)))
    nodes = {"die_bottom_centre": nid(0, 0, k_die), "lid_top_centre": nid(0, 0, zs.size - 1)}
    text = path.read_text()
    for name, (rho, c) in RHO_C.items():
        # mm-W-s units: density in kg/mm^3 with c in J/(kg K) gives rho c in J/(mm^3 K)
        text = text.replace(f"*SOLID SECTION, ELSET={name}, MATERIAL=M{name}",
                            f"*DENSITY\n{rho * 1e-9:.9g}\n*SPECIFIC HEAT\n{c:.9g}\n"
                            f"*SOLID SECTION, ELSET={name}, MATERIAL=M{name}")
    text = text.replace("*STEP\n", "*STEP, INC=100000\n")
    opt = f", SOLVER={solver}" if solver else ""
    text = text.replace("*HEAT TRANSFER, STEADY STATE",
                        f"*HEAT TRANSFER, DIRECT{opt}\n{dt:g}, {t_end:g}")
    text = text.replace("*NODE PRINT, NSET=NALL\nNT",
                        "*NODE PRINT, NSET=NPROBE, FREQUENCY=1\nNT")
    text = text.replace("*INITIAL CONDITIONS", "*NSET, NSET=NPROBE\n"
                        f"{nodes['die_bottom_centre']}, {nodes['lid_top_centre']}\n"
                        "*INITIAL CONDITIONS")
    path.write_text(text)
    return nodes


def parse_history(dat: pathlib.Path, nodes: dict) -> dict:
    """Times and probe temperatures from the .dat blocks ('... for set NPROBE and time t')."""
    times, hist = [0.0], {k: [25.0] for k in nodes}
    inv = {v: k for k, v in nodes.items()}
    for block in re.split(r"temperatures for set NPROBE and time", dat.read_text())[1:]:
        lines = block.strip().splitlines()
        times.append(float(lines[0].split()[0]))
        for line in lines[1:]:
            m = re.match(r"^\s*(\d+)\s+([-+0-9.Ee]+)\s*$", line)
            if m and int(m.group(1)) in inv:
                hist[inv[int(m.group(1))]].append(float(m.group(2)))
            elif line.strip() and not m:
                break
    return {"time_s": times, **{f"{k}_c": v for k, v in hist.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--level", type=int, default=0)
    ap.add_argument("--run", action="store_true")
    ap.add_argument("--dt", type=float, default=DT)
    ap.add_argument("--t-end", type=float, default=T_END)
    ap.add_argument("--solver", default="", help="ccx SOLVER= (e.g. 'ITERATIVE CHOLESKY')")
    a = ap.parse_args()
    deck = HERE / f"lid_transient_L{a.level}.inp"
    nodes = write_deck(a.level, deck, a.dt, a.t_end, a.solver)
    print(f"wrote {deck} (probe nodes {nodes})")
    if not a.run:
        return
    ccx = shutil.which("ccx")
    t0 = time.time()
    subprocess.run([ccx, "-i", deck.stem], cwd=HERE, check=True, capture_output=True,
                   env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    hist = parse_history(HERE / f"{deck.stem}.dat", nodes)
    if len(hist["time_s"]) < 2:
        raise SystemExit(f"no probe temperatures parsed from {deck.stem}.dat (kept)")
    version = subprocess.run([ccx, "-v"], capture_output=True, text=True).stdout.strip()
    out = {"ccx": version, "level": a.level, "element": "C3D8", "dt_s": a.dt,
           "t_end_s": a.t_end, "solver": a.solver or "default (SPOOLES)",
           "wall_s": round(time.time() - t0, 1), "rho_c": RHO_C, **hist}
    name = "reference.json" if a.level == 0 else f"reference_L{a.level}.json"
    (HERE / name).write_text(json.dumps(out, indent=1))
    for ext in (".frd", ".sta", ".cvg", ".12d"):
        (HERE / f"{deck.stem}{ext}").unlink(missing_ok=True)
    (HERE / "spooles.out").unlink(missing_ok=True)
    print(f"ccx {out['wall_s']} s, {len(hist['time_s'])} times; {name} written")


if __name__ == "__main__":
    main()
