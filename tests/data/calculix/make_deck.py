"""Write (and optionally run) the CalculiX reference deck for the lidded-die test case.

Geometry (full model; the deck meshes the x >= 0, y >= 0 quarter, symmetry planes are
adiabatic by default).  Units in the deck: mm, W, degC (k in W/(mm K), h in W/(mm^2 K)).

    substrate  20 x 20 x 1.00 mm, z 0.00-1.00, k 20/20/0.5 W/(m K) (orthotropic)
    die        10 x 10 x 0.75 mm, z 1.00-1.75, Si k 148
    TIM        10 x 10 x 0.05 mm, z 1.75-1.80, k 4
    lid        20 x 20 x 1.00 mm, z 1.80-2.80, Cu k 390
    void       beside die and TIM (no elements)
    heat       10 W uniform flux on the die bottom face (0.1 W/mm^2, *DFLUX on S1)
    cooling    lid top h 2000 W/(m^2 K), substrate bottom h 200 W/(m^2 K), both to 25 degC
               (*FILM); all other faces adiabatic.

Structured C3D8 (or C3D20) mesh, level L: in-plane cells 0.5/2^L mm, z cells per layer
(4, 6, 1, 4) * 2^L.

Usage::

    python make_deck.py --level 1 --elem C3D8 --out lid_L1.inp          # write deck
    python make_deck.py --level 1 --run                                   # write, run ccx,
                                                                          # append results
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
Q_TOTAL = 10.0          # W, full model
H_TOP = 2000.0          # W/(m^2 K)
H_BOTTOM = 200.0
T_AMB = 25.0
K = {"SUB": (20.0, 20.0, 0.5), "DIE": (148.0,) * 3, "TIM": (4.0,) * 3, "LID": (390.0,) * 3}
Z_LAYERS = (("SUB", 0.0, 1.0, 4), ("DIE", 1.0, 1.75, 6), ("TIM", 1.75, 1.80, 1),
            ("LID", 1.80, 2.80, 4))


def planes(level: int):
    f = 2**level
    xy = np.linspace(0.0, 10.0, 20 * f + 1)
    z = [0.0]
    for _, z0, z1, n in Z_LAYERS:
        z.extend(np.linspace(z0, z1, n * f + 1)[1:])
    return xy, np.array(z)


def write_deck(level: int, elem: str, path: pathlib.Path) -> dict:
    xy, z = planes(level)
    n = xy.size
    nzp = z.size
    quad = elem == "C3D20"
    # node grid: for C3D20 use the doubled grid (mid-side nodes), keep only needed ones
    if quad:
        xs = np.sort(np.concatenate([xy, 0.5 * (xy[1:] + xy[:-1])]))
        zs = np.sort(np.concatenate([z, 0.5 * (z[1:] + z[:-1])]))
    else:
        xs, zs = xy, z
    nx_n, nz_n = xs.size, zs.size

    def nid(i, j, k):      # 1-based node id on the (possibly doubled) node grid
        return (i * nx_n + j) * nz_n + k + 1

    elems = {name: [] for name in K}
    xc = 0.5 * (xy[1:] + xy[:-1])
    zc = 0.5 * (z[1:] + z[:-1])
    s = 2 if quad else 1
    used = set()
    eid = 0
    bottom_die, top_lid, bottom_sub = [], [], []
    for k in range(nzp - 1):
        layer = next(nm for nm, z0, z1, _ in Z_LAYERS if z0 <= zc[k] <= z1)
        for i in range(n - 1):
            for j in range(n - 1):
                if layer in ("DIE", "TIM") and (xc[i] > 5.0 or xc[j] > 5.0):
                    continue
                eid += 1
                ii, jj, kk_ = s * i, s * j, s * k
                c = [nid(ii, jj, kk_), nid(ii + s, jj, kk_), nid(ii + s, jj + s, kk_), nid(ii, jj + s, kk_),
                     nid(ii, jj, kk_ + s), nid(ii + s, jj, kk_ + s), nid(ii + s, jj + s, kk_ + s),
                     nid(ii, jj + s, kk_ + s)]
                if quad:
                    c += [nid(ii + 1, jj, kk_), nid(ii + 2, jj + 1, kk_), nid(ii + 1, jj + 2, kk_),
                          nid(ii, jj + 1, kk_),
                          nid(ii + 1, jj, kk_ + 2), nid(ii + 2, jj + 1, kk_ + 2),
                          nid(ii + 1, jj + 2, kk_ + 2), nid(ii, jj + 1, kk_ + 2),
                          nid(ii, jj, kk_ + 1), nid(ii + 2, jj, kk_ + 1), nid(ii + 2, jj + 2, kk_ + 1),
                          nid(ii, jj + 2, kk_ + 1)]
                used.update(c)
                elems[layer].append((eid, c))
                if layer == "DIE" and k == next(
                        kk for kk in range(nzp - 1) if zc[kk] > 1.0):
                    bottom_die.append(eid)
                if k == nzp - 2:
                    top_lid.append(eid)
                if k == 0:
                    bottom_sub.append(eid)
    lines = ["*HEADING", f"chippack lidded-die reference, level {level}, {elem}", "*NODE"]
    for i in range(nx_n):
        for j in range(nx_n):
            for k in range(nz_n):
                m = nid(i, j, k)
                if m in used:
                    lines.append(f"{m}, {xs[i]:.9g}, {xs[j]:.9g}, {zs[k]:.9g}")
    for name, lst in elems.items():
        lines.append(f"*ELEMENT, TYPE={elem}, ELSET={name}")
        for e, c in lst:
            # 20-node elements need a continuation line after 15 nodes
            if len(c) > 15:
                lines.append(f"{e}, " + ", ".join(map(str, c[:15])) + ",")
                lines.append(", ".join(map(str, c[15:])))
            else:
                lines.append(f"{e}, " + ", ".join(map(str, c)))
    lines.append("*NSET, NSET=NALL, GENERATE")
    lines.append(f"1, {nid(nx_n - 1, nx_n - 1, nz_n - 1)}, 1")
    for name, kk in K.items():
        lines += [f"*MATERIAL, NAME=M{name}", "*CONDUCTIVITY, TYPE=ORTHO",
                  f"{kk[0] / 1000:.9g}, {kk[1] / 1000:.9g}, {kk[2] / 1000:.9g}, 20.",
                  f"*SOLID SECTION, ELSET={name}, MATERIAL=M{name}"]
    lines += ["*INITIAL CONDITIONS, TYPE=TEMPERATURE", f"NALL, {T_AMB}",
              "*STEP", "*HEAT TRANSFER, STEADY STATE", "*DFLUX"]
    qf = Q_TOTAL / 100.0              # W/mm^2 over the 10 x 10 mm die bottom
    lines += [f"{e}, S1, {qf:.9g}" for e in bottom_die]
    lines.append("*FILM")
    lines += [f"{e}, F2, {T_AMB}, {H_TOP * 1e-6:.9g}" for e in top_lid]
    lines += [f"{e}, F1, {T_AMB}, {H_BOTTOM * 1e-6:.9g}" for e in bottom_sub]
    lines += ["*NODE PRINT, NSET=NALL", "NT", "*END STEP", ""]
    path.write_text("\n".join(lines))
    return {"n_elements": eid, "n_nodes": len(used), "xs": xs, "zs": zs, "nid": nid,
            "die_elems": len(elems["DIE"])}


def parse_dat(path: pathlib.Path) -> dict[int, float]:
    temps = {}
    txt = path.read_text()
    block = txt.split("temperatures")[-1]
    for line in block.splitlines():
        m = re.match(r"^\s*(\d+)\s+([-+0-9.Ee]+)\s*$", line)
        if m:
            temps[int(m.group(1))] = float(m.group(2))
    return temps


def extract(info: dict, temps: dict[int, float], elem: str) -> dict:
    xs, zs, nid = info["xs"], info["zs"], info["nid"]
    # die maximum: over die nodes (x, y <= 5, 1 <= z <= 1.75)
    die_max = -np.inf
    for i in np.flatnonzero(xs <= 5.0 + 1e-9):
        for j in np.flatnonzero(xs <= 5.0 + 1e-9):
            for k in np.flatnonzero((zs >= 1.0 - 1e-9) & (zs <= 1.75 + 1e-9)):
                t = temps.get(nid(i, j, k))
                if t is not None:
                    die_max = max(die_max, t)
    # mean lid top: exact face integral of the FE field (trapezoid over bilinear faces;
    # for C3D20 Simpson-like weights of the serendipity face are used: corner -1/12,
    # mid-side 1/3 of the element face area)
    kt = zs.size - 1
    grid = np.array([[temps.get(nid(i, j, kt), np.nan) for j in range(xs.size)]
                     for i in range(xs.size)])
    if elem == "C3D8":
        dx = np.diff(xs)
        cell = 0.25 * (grid[1:, 1:] + grid[:-1, 1:] + grid[1:, :-1] + grid[:-1, :-1])
        mean = float((cell * dx[:, None] * dx[None, :]).sum() / 100.0)
    else:
        tot = 0.0
        for a in range(0, xs.size - 1, 2):
            for b in range(0, xs.size - 1, 2):
                area = (xs[a + 2] - xs[a]) * (xs[b + 2] - xs[b])
                corners = grid[a, b] + grid[a + 2, b] + grid[a + 2, b + 2] + grid[a, b + 2]
                mids = grid[a + 1, b] + grid[a + 2, b + 1] + grid[a + 1, b + 2] + grid[a, b + 1]
                tot += area * (-corners / 12 + mids / 3)
        mean = float(tot / 100.0)
    return {"die_max_rise_K": float(die_max - T_AMB), "lid_top_mean_rise_K": mean - T_AMB}


def ccx_version() -> str:
    out = subprocess.run(["ccx", "-v"], capture_output=True, text=True).stdout
    m = re.search(r"Version\s+([0-9.]+)", out)
    return m.group(1) if m else out.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--level", type=int, default=1)
    ap.add_argument("--elem", default="C3D8", choices=["C3D8", "C3D20"])
    ap.add_argument("--out", default=None, help="deck path (default lid_<elem>_L<level>.inp)")
    ap.add_argument("--run", action="store_true", help="run ccx and record the results")
    ap.add_argument("--json", default=str(HERE / "reference.json"))
    a = ap.parse_args()
    name = a.out or f"lid_{a.elem}_L{a.level}.inp"
    deck = HERE / name if not pathlib.Path(name).is_absolute() else pathlib.Path(name)
    info = write_deck(a.level, a.elem, deck)
    print(f"wrote {deck} ({info['n_nodes']} nodes, {info['n_elements']} elements)")
    if not a.run:
        return
    if shutil.which("ccx") is None:
        raise SystemExit("ccx not found (apt-get install calculix-ccx)")
    stem = deck.with_suffix("")
    cmd = ["ccx", "-i", stem.name]
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=deck.parent, check=True, capture_output=True,
                   env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    wall = time.perf_counter() - t0
    res = extract(info, parse_dat(stem.with_suffix(".dat")), a.elem)
    res.update({"level": a.level, "element": a.elem, "n_nodes": info["n_nodes"],
                "n_elements": info["n_elements"], "deck": deck.name,
                "command": "OMP_NUM_THREADS=1 " + " ".join(cmd), "ccx_version": ccx_version(),
                "wall_s": round(wall, 2)})
    print(json.dumps(res, indent=1))
    jp = pathlib.Path(a.json)
    data = json.loads(jp.read_text()) if jp.exists() else {"runs": []}
    data["runs"] = [r for r in data["runs"]
                    if not (r["level"] == a.level and r["element"] == a.elem)] + [res]
    jp.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
