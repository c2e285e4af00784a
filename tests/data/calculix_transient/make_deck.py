"""Write and run the CalculiX transient reference: the lidded-die stack heated by a step.

Geometry, conductivities, flux and films as the steady reference
(``tests/data/calculix/make_deck.py``: quarter model of a 20 x 20 mm organic substrate,
10 x 10 x 0.75 mm Si die, 50 um TIM, 20 x 20 x 1 mm Cu lid; 10 W on the die bottom;
lid top h 2000 and substrate bottom h 200 W/(m^2 K) to 25 degC), now from a uniform
25 degC start with the flux switched on at t = 0 and heat capacities
(rho c in J/(m^3 K)): substrate 1900*1000, Si 2330*705, TIM 2500*800, Cu 8960*385.
``*HEAT TRANSFER, DIRECT`` with fixed increments DT over 0..T_END (backward Euler in
CalculiX), or one ccx step per ``--schedule`` entry (end time: increment); the
temperatures of the die-bottom centre node (0, 0, 1.0 mm, the hottest point) and the
lid-top centre node (0, 0, 2.8 mm) are printed every increment.  ``--graded`` meshes on
:func:`graded_planes` (z cells from 10 um at the heated die bottom, TIM and lid refined);
the planes and the schedule are stored in the json, so the test meshes on the same ones.

Usage::

    python make_deck.py --level 0 --run        # writes lid_transient_L0.inp, runs ccx,
                                               # stores reference.json
    python make_deck.py --level 0 --graded --tag _graded --run \
        --schedule 0.01:0.0001,0.05:0.0005,0.2:0.002,1:0.01,8:0.05
                                               # reference_L0_graded.json (43 min loaded)
    python make_deck.py --level 0 --tag _fine --run --schedule (same)
                                               # uniform mesh, fine steps:
                                               # reference_L0_fine.json
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
#: graded increments: dt/t <= 0.05 from 2 ms on, so backward Euler is within about 1 %
#: of the time-converged history on both sides (0.17 dt / t on this stack)
FINE = "0.01:0.0001,0.05:0.0005,0.2:0.002,1:0.01,8:0.05"


def steady_module():
    spec = importlib.util.spec_from_file_location("steady_deck", STEADY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


STEADY_MOD = steady_module()
#: first cell (mm) on each side of the heated die bottom on graded meshes
GRADED_H0 = 0.01


def graded_layer(z0: float, z1: float, h0: float, ratio: float, h_max: float,
                 fine_at: str) -> np.ndarray:
    """Planes (mm) of a layer z0..z1 whose cells grow from ``h0`` at the ``fine_at`` face
    ("top"/"bottom") by ``ratio`` up to ``h_max``; the rest in equal cells <= h_max."""
    hs, h = [], h0
    while h < h_max and sum(hs) + h < (z1 - z0) - 1e-12:
        hs.append(h)
        h *= ratio
    rest = (z1 - z0) - sum(hs)
    n = max(int(np.ceil(rest / h_max - 1e-9)), 1)
    hs = np.array(hs + [rest / n] * n)
    if fine_at == "top":
        hs = hs[::-1]
    return z0 + np.concatenate([[0.0], np.cumsum(hs)])


def graded_planes(level: int, h0: float = GRADED_H0):
    """The level's in-plane planes with z planes graded towards the heated die bottom
    (z = 1 mm) on both sides: the substrate's early heat uptake is resolved (its
    diffusion length sqrt(a_z t) is 16 um at 1 ms, 0.16 mm at 0.1 s, against 0.25 mm
    uniform cells at level 0); the TIM in 4 and the lid in 16 cells per level (the
    lid-top history starts as the foot of a diffusion front through 1 mm of copper,
    sqrt(a t) = 1 mm at 9 ms)."""
    xy, z = STEADY_MOD.planes(level)
    f = 2**level
    sub = graded_layer(0.0, 1.0, h0, 1.5, 0.25 / f, "top")
    die = graded_layer(1.0, 1.75, h0, 1.5, 0.125 / f, "bottom")
    tim = np.linspace(1.75, 1.80, 4 * f + 1)          # the die's heat crosses it early
    lid = np.linspace(1.80, 2.80, 16 * f + 1)         # the lid top's first rise: a front
    return xy, np.concatenate([sub, die[1:], tim[1:], lid[1:]])


def parse_schedule(text: str) -> list[tuple[float, float]]:
    """'0.01:1e-4,0.05:5e-4' -> [(0.01, 1e-4), (0.05, 5e-4)]: (end time, fixed increment)
    of each ccx step, end times increasing."""
    out = []
    for part in text.split(","):
        end, inc = (float(v) for v in part.split(":"))
        out.append((end, inc))
    return out


def write_deck(level: int, path: pathlib.Path, dt: float = DT, t_end: float = T_END,
               solver: str = "", schedule: list[tuple[float, float]] | None = None,
               graded: bool = False) -> dict:
    mod = steady_module()
    if graded:
        mod.planes = graded_planes          # the steady writer meshes on these planes
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
    # further steps continue the same loads (ccx keeps *DFLUX/*FILM across steps) with
    # their own fixed increment: fine increments early, where backward Euler's error
    # (about 0.17 dt/t here) would otherwise swamp the spatial comparison
    t_prev = t_end
    for end, inc in (schedule or [])[1:]:
        text += (f"*STEP, INC=100000\n*HEAT TRANSFER, DIRECT{opt}\n{inc:g}, {end - t_prev:.9g}\n"
                 "*NODE PRINT, NSET=NPROBE, FREQUENCY=1\nNT\n*END STEP\n")
        t_prev = end
    text = text.replace("*INITIAL CONDITIONS", "*NSET, NSET=NPROBE\n"
                        f"{nodes['die_bottom_centre']}, {nodes['lid_top_centre']}\n"
                        "*INITIAL CONDITIONS")
    path.write_text(text)
    nodes["planes_mm"] = [list(map(float, a)) for a in mod.planes(level)]
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
    ap.add_argument("--schedule", default="",
                    help="ccx steps 'END:INC,END:INC,...' (s; overrides --dt/--t-end), "
                         "e.g. " + FINE)
    ap.add_argument("--tag", default="", help="suffix of the deck and json names")
    ap.add_argument("--graded", action="store_true",
                    help="z planes graded towards the heated die bottom (graded_planes)")
    a = ap.parse_args()
    schedule = parse_schedule(a.schedule) if a.schedule else [(a.t_end, a.dt)]
    a.t_end, a.dt = schedule[-1][0], schedule[0][1]
    deck = HERE / f"lid_transient_L{a.level}{a.tag}.inp"
    nodes = write_deck(a.level, deck, schedule[0][1], schedule[0][0], a.solver, schedule,
                       a.graded)
    planes = nodes.pop("planes_mm")
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
           "t_end_s": a.t_end, "schedule": schedule, "graded": a.graded,
           "planes_mm": {"xy": planes[0], "z": planes[1]}, "solver": a.solver or "default (SPOOLES)",
           "wall_s": round(time.time() - t0, 1), "rho_c": RHO_C, **hist}
    name = ("reference.json" if a.level == 0 and not a.tag
            else f"reference_L{a.level}{a.tag}.json")
    (HERE / name).write_text(json.dumps(out, indent=1))
    for ext in (".frd", ".sta", ".cvg", ".12d"):
        (HERE / f"{deck.stem}{ext}").unlink(missing_ok=True)
    (HERE / "spooles.out").unlink(missing_ok=True)
    print(f"ccx {out['wall_s']} s, {len(hist['time_s'])} times; {name} written")


if __name__ == "__main__":
    main()
