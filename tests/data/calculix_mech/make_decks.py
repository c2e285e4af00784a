"""Write and run the CalculiX (ccx 2.20) reference decks for the mechanics tests.

Independent of chippack (numpy only). Units in the decks: mm, N, MPa, °C.
Two cases, each a quarter model (x ≥ 0, y ≥ 0; symmetry u_x = 0 on x = 0, u_y = 0 on
y = 0, and u_z = 0 at the origin node of the lowest face: statically determinate,
so nothing bends the answer), C3D8I bricks (incompatible modes), uniform ΔT:

bimetal  — 20 × 20 mm, layer 1 (bottom) 1 mm, layer 2 1 mm, E 100 GPa, ν 0.3,
           α 10 / 20 ppm/K, ΔT = +100 K (V8 geometry).
package  — substrate 30 × 30 × 1.0 mm (E 25 GPa, ν 0.3, α 17 ppm/K),
           underfill 10 × 10 × 0.1 mm (8 GPa, 0.32, 30 ppm/K),
           die 10 × 10 × 0.75 mm (130 GPa, 0.28, 2.6 ppm/K) on the underfill,
           copper stiffener ring 30 × 30 outside, 22 × 22 inside, 0.5 mm
           (117 GPa, 0.34, 17 ppm/K) on the substrate; all stress-free at the
           underfill cure 165 °C, cooled to 25 °C (ΔT = −140 K).

Results written to ``reference.json``:
  centre_to_corner_mm — w(centre) − w(corner) of the lowest face (substrate bottom);
  die_sxx_top_mpa     — σ_xx at the die's top face on its centre line, from a straight
                        line through the integration-point stresses of the centre
                        column of die elements (package only).

Usage: ``python make_decks.py`` (needs ``ccx`` on PATH; writes *.inp, runs, parses).
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent

BIMETAL = {
    "size": 10.0,  # quarter width, mm
    "dxy": 0.25,
    "delta_t": 100.0,
    "t0": 0.0,
    "materials": {"L1": (100e3, 0.3, 10e-6), "L2": (100e3, 0.3, 20e-6)},
    # (material, x0, x1 (quarter), z0, z1, z cells); in-plane extents in quarter coords
    "boxes": [("L1", 0.0, 10.0, 0.0, 1.0, 4), ("L2", 0.0, 10.0, 1.0, 2.0, 4)],
}
PACKAGE = {
    "size": 15.0,
    "dxy": 0.25,
    "delta_t": -140.0,
    "t0": 165.0,
    "materials": {"SUB": (25e3, 0.3, 17e-6), "UF": (8e3, 0.32, 30e-6),
                  "DIE": (130e3, 0.28, 2.6e-6), "CU": (117e3, 0.34, 17e-6)},
    "boxes": [("SUB", 0.0, 15.0, 0.0, 1.0, 4), ("UF", 0.0, 5.0, 1.0, 1.1, 1),
              ("DIE", 0.0, 5.0, 1.1, 1.85, 4), ("CU", 11.0, 15.0, 1.0, 1.5, 2)],
}


def z_planes(case):
    z = {0.0}
    for _, _, _, z0, z1, n in case["boxes"]:
        z.update(np.linspace(z0, z1, n + 1).round(9).tolist())
    return np.array(sorted(z))


def build(case):
    """Structured quarter mesh: node coordinates and C3D8I connectivity per material."""
    xy = np.arange(0.0, case["size"] + 1e-9, case["dxy"])
    z = z_planes(case)
    nx, nz = len(xy) - 1, len(z) - 1
    xc, zc = 0.5 * (xy[1:] + xy[:-1]), 0.5 * (z[1:] + z[:-1])
    mat = np.full((nx, nx, nz), "", dtype=object)
    for name, a0, a1, z0, z1, _ in case["boxes"]:
        inx = (xc > a0) & (xc < a1)
        inz = (zc > z0) & (zc < z1)
        if name == "CU":  # ring: outside the 11 mm square in x OR y
            ring = ((xc[:, None] > a0) | (xc[None, :] > a0))
            m = ring[:, :, None] & inz[None, None, :]
        else:
            m = inx[:, None, None] & inx[None, :, None] & inz[None, None, :]
        mat[m] = name

    def nid(i, j, k):
        return (i * (nx + 1) + j) * (nz + 1) + k + 1

    elements = {}
    used = set()
    eid = 0
    for (i, j, k), name in np.ndenumerate(mat):
        if not name:
            continue
        eid += 1
        conn = [nid(i, j, k), nid(i + 1, j, k), nid(i + 1, j + 1, k), nid(i, j + 1, k),
                nid(i, j, k + 1), nid(i + 1, j, k + 1), nid(i + 1, j + 1, k + 1),
                nid(i, j + 1, k + 1)]
        used.update(conn)
        elements.setdefault(name, []).append((eid, conn, (i, j, k)))
    coords = {}
    for i in range(nx + 1):
        for j in range(nx + 1):
            for k in range(nz + 1):
                n = nid(i, j, k)
                if n in used:
                    coords[n] = (xy[i], xy[j], z[k])
    return xy, z, coords, elements


def write_deck(name, case):
    xy, z, coords, elements = build(case)
    lines = ["*HEADING", f"chippack mechanics reference: {name}", "*NODE"]
    lines += [f"{n}, {c[0]:.9g}, {c[1]:.9g}, {c[2]:.9g}" for n, c in sorted(coords.items())]
    for mname, els in elements.items():
        lines.append(f"*ELEMENT, TYPE=C3D8I, ELSET=E{mname}")
        lines += [f"{e}, " + ", ".join(map(str, conn)) for e, conn, _ in els]
    for mname, (e, nu, a) in case["materials"].items():
        if mname not in elements:
            continue
        lines += [f"*MATERIAL, NAME={mname}", "*ELASTIC", f"{e:.9g}, {nu:.9g}",
                  "*EXPANSION, ZERO=0.", f"{a:.9g}",
                  f"*SOLID SECTION, ELSET=E{mname}, MATERIAL={mname}"]
    x0 = [n for n, c in coords.items() if abs(c[0]) < 1e-9]
    y0 = [n for n, c in coords.items() if abs(c[1]) < 1e-9]
    origin = [n for n, c in coords.items() if max(abs(c[0]), abs(c[1]), abs(c[2])) < 1e-9]
    bottom = sorted(n for n, c in coords.items() if abs(c[2]) < 1e-9)
    lines += ["*NSET, NSET=NEVERY"] + [str(n) for n in sorted(coords)]
    lines += ["*NSET, NSET=NX0"] + [str(n) for n in x0]
    lines += ["*NSET, NSET=NY0"] + [str(n) for n in y0]
    lines += ["*NSET, NSET=NBOT"] + [str(n) for n in bottom]
    lines += ["*BOUNDARY", "NX0, 1, 1", "NY0, 2, 2", f"{origin[0]}, 3, 3"]
    lines += ["*INITIAL CONDITIONS, TYPE=TEMPERATURE", f"NEVERY, {case['t0']}"]
    centre = []
    if "DIE" in elements:
        centre = [e for e, _, (i, j, _) in elements["DIE"] if i == 0 and j == 0]
        lines += ["*ELSET, ELSET=EDIEC"] + [str(e) for e in centre]
    lines += ["*STEP", "*STATIC", "*TEMPERATURE", f"NEVERY, {case['t0'] + case['delta_t']}",
              "*NODE PRINT, NSET=NBOT", "U"]
    if centre:
        lines += ["*EL PRINT, ELSET=EDIEC", "S"]
    lines += ["*END STEP", ""]
    path = HERE / f"{name}.inp"
    path.write_text("\n".join(lines))
    return path, coords, elements, z


def parse(dat: pathlib.Path):
    text = dat.read_text()
    disp, stress = {}, {}
    block = None
    for line in text.splitlines():
        if "displacements" in line:
            block = "u"
            continue
        if "stresses" in line:
            block = "s"
            continue
        nums = re.findall(r"[-+]?\d+\.?\d*(?:[Ee][-+]?\d+)?", line)
        if block == "u" and len(nums) == 4:
            disp[int(nums[0])] = tuple(float(v) for v in nums[1:])
        elif block == "s" and len(nums) == 8:
            stress.setdefault(int(nums[0]), {})[int(nums[1])] = tuple(float(v) for v in nums[2:])
    return disp, stress


def run(name, case):
    path, coords, elements, z = write_deck(name, case)
    t0 = time.perf_counter()
    subprocess.run([shutil.which("ccx") or "ccx", "-i", path.stem], cwd=HERE, check=True,
                   capture_output=True)
    wall = time.perf_counter() - t0
    disp, stress = parse(HERE / f"{name}.dat")
    corner = max(disp, key=lambda n: coords[n][0] + coords[n][1])
    origin = min(disp, key=lambda n: coords[n][0] + coords[n][1])
    out = {"centre_to_corner_mm": disp[origin][2] - disp[corner][2],
           "nodes": len(coords), "elements": sum(len(v) for v in elements.values()),
           "ccx_wall_s": round(wall, 1)}
    if stress:
        # C3D8I integration points 1-8: ξ, η, ζ = ±1/√3, ζ varying slowest (points 1-4 low)
        zs, sxx = [], []
        for e, _conn, (_, _, k) in elements["DIE"]:
            if e not in stress:
                continue
            zc = 0.5 * (z[k] + z[k + 1])
            dz = z[k + 1] - z[k]
            for ip, s in stress[e].items():
                zs.append(zc + (dz / 2) * (1 / np.sqrt(3)) * (1 if ip > 4 else -1))
                sxx.append(s[0])
        fit = np.polyfit(zs, sxx, 1)
        die_top = max(b[4] for b in case["boxes"] if b[0] == "DIE")
        out["die_sxx_top_mpa"] = float(np.polyval(fit, die_top))
    for suffix in (".dat", ".frd", ".sta", ".cvg", ".12d"):
        (HERE / f"{name}{suffix}").unlink(missing_ok=True)
    (HERE / "spooles.out").unlink(missing_ok=True)
    return out


if __name__ == "__main__":
    results = {"calculix": "ccx 2.20 (Debian calculix-ccx), C3D8I, SPOOLES",
               "bimetal": {**run("bimetal", BIMETAL), "case": BIMETAL},
               "package": {**run("package", PACKAGE), "case": PACKAGE}}
    (HERE / "reference.json").write_text(json.dumps(results, indent=2))
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "case"}
                      for k, v in results.items() if isinstance(v, dict)}, indent=2))
