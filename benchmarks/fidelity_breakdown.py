"""Where the heat of a small molded BGA goes on the JEDEC 2s2p board, and a hand estimate.

Branch fidelity (session 3), for the validation misses of ``tests/validation``:

1. the temperature down the column under the die centre of the TI 8 mm nFBGA (4 mm die)
   in JEDEC still air: which layer holds how much of θJA;
2. the 2s2p board alone against an independent hand model: two conducting sheets coupled
   through the prepreg (the top trace layer, 10 % copper in the JESD51-9 fan-out, and the
   two JESD51-7 planes with the FR-4 between them), axisymmetric about the package, the
   board an equal-area disc, each sheet losing heat to the air with chippack's own still-air
   h (up for the top sheet, down for the planes), 1 W spread over the package footprint.
   Solved by finite differences in r (4000 rings); the plane temperature far from the
   package, where the square-versus-disc difference fades, is compared;
3. the die-size trend of θJA with and without thermal vias under the die, against TI's.

Run: ``PYTHONPATH=src:. python benchmarks/fidelity_breakdown.py`` (about a minute).
Numbers: ``benchmarks/RESULTS.md``, "Branch fidelity (session 3)".
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl
from tests.validation.cases import MESH, read_case

from chippack.layout import lay_out
from chippack.materials.boards import JEDEC_2S2P, K_COPPER, K_FR4, PREPREG_2S2P
from chippack.metrics.environment import Environment
from chippack.metrics.run import run_environment
from chippack.model import parse_spec

CASES = Path(__file__).resolve().parents[1] / "tests" / "validation" / "packages"


def two_sheet_board(a: float, b: float, h_up: float, h_down: float, fanout: float = 25e-3,
                    n: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """(r, plane temperature rise per watt) of the two-sheet axisymmetric 2s2p model."""
    sig, plane = JEDEC_2S2P[0], JEDEC_2S2P[1]
    core = 1.6e-3 - 2 * (sig.thickness + plane.thickness + PREPREG_2S2P)
    kt_traces = sig.thickness * (sig.coverage * K_COPPER + (1 - sig.coverage) * K_FR4)
    kt_bare = sig.thickness * K_FR4
    kt_planes = 2 * plane.thickness * K_COPPER + core * K_FR4
    g_prepreg = K_FR4 / PREPREG_2S2P  # W/(m²K) between the sheets
    r = np.linspace(0.0, b, n + 1)
    rc = 0.5 * (r[1:] + r[:-1])
    dr = r[1] - r[0]
    area = math.pi * (r[1:] ** 2 - r[:-1] ** 2)
    m = sp.lil_matrix((2 * n, 2 * n))
    q = np.zeros(2 * n)
    kt1 = np.where(rc < a + fanout, kt_traces, kt_bare)
    for s, kt, h in ((0, kt1, h_up), (1, np.full(n, kt_planes), h_down)):
        for i in range(n):
            row = s * n + i
            m[row, row] += h * area[i]
            if i < n - 1:
                g = 2 * math.pi * r[i + 1] * 0.5 * (kt[i] + kt[i + 1]) / dr
                m[row, row] += g
                m[row, row + 1] -= g
                m[row + 1, row] -= g
                m[row + 1, row + 1] += g
    for i in range(n):
        g = area[i] * g_prepreg
        m[i, i] += g
        m[n + i, n + i] += g
        m[i, n + i] -= g
        m[n + i, i] -= g
    src = rc < a
    q[:n][src] = area[src] / area[src].sum()
    t = spl.spsolve(m.tocsr(), q)
    return rc, t[n:]


def column(run) -> list[tuple[str, float]]:
    """(layer, mean temperature rise in the die-centre column) top to bottom, one per layer."""
    mesh, t = run.mesh, run.temperature
    g = mesh.grid
    cx, cy = mesh.layout.parts["die"].centre
    i = int(np.argmin(abs(0.5 * (g.x[1:] + g.x[:-1]) - cx)))
    j = int(np.argmin(abs(0.5 * (g.y[1:] + g.y[:-1]) - cy)))
    out: list[tuple[str, list[float]]] = []
    for k in range(mesh.shape[2] - 1, -1, -1):
        mat = mesh.material[i, j, k]
        if mat < 0:
            continue
        name = mesh.materials[mat].name.split(" (")[0]
        if not out or out[-1][0] != name:
            out.append((name, []))
        out[-1][1].append(float(t[i, j, k]) - run.environment.ambient)
    return [(name, float(np.mean(v))) for name, v in out]


def main() -> None:
    path = CASES / "ti_nfbga_8mm_die4mm.yaml"
    info, raw = read_case(path)
    run = run_environment(lay_out(parse_spec(raw)), Environment("still-air"), mesh_options=MESH)
    print(f"1. TI nFBGA 8 mm, 4 mm die, 2s2p still air: θJA {run.metrics['theta_ja']:.2f} K/W "
          f"(TI {info['published']['theta_ja'][0]}); heat out by path "
          + ", ".join(f"{k} {v:.3f} W" for k, v in run.heat_by_path.items() if v))
    for name, rise in column(run):
        print(f"   {name:36s} {rise:7.2f} K")

    h_up, h_down = run.solver["h_up_w_m2k"], run.solver["h_down_w_m2k"]
    board = run.mesh.layout.parts["board"]
    sub = run.mesh.layout.parts["substrate"]
    a = math.sqrt(sub.footprint_area / math.pi)
    b = math.sqrt(board.footprint_area / math.pi)
    r, plane = two_sheet_board(a, b, h_up, h_down)
    mesh, t = run.mesh, run.temperature
    g = mesh.grid
    xc, yc = 0.5 * (g.x[1:] + g.x[:-1]), 0.5 * (g.y[1:] + g.y[:-1])
    cx, cy = sub.centre
    j = int(np.argmin(abs(yc - cy)))
    i0 = int(np.argmin(abs(xc - cx)))
    kp = next(k for k in range(mesh.shape[2]) if mesh.material[i0, j, k] >= 0
              and mesh.materials[mesh.material[i0, j, k]].name.endswith("plane_1"))
    print(f"2. board alone, h_up {h_up:.2f}, h_down {h_down:.2f} W/m²K (chippack's still-air h); "
          "plane_1 rise along -x (upstream half, away from the connector strip):")
    for dist in (10e-3, 18e-3, 30e-3, 45e-3):
        ii = int(np.argmin(abs(xc - (cx - dist))))
        ours = float(t[ii, j, kp]) - run.environment.ambient
        hand = float(np.interp(dist, r, plane))
        print(f"   r = {dist * 1e3:4.0f} mm: chippack {ours:6.2f} K, two-sheet model {hand:6.2f} K "
              f"({100 * (ours / hand - 1):+.1f} %)")

    print("3. die-size trend, 2s2p still air θJA (K/W): with vias under the die / without / TI")
    rows = {}
    for die in ("2mm", "4mm", "6mm"):
        info, raw = read_case(CASES / f"ti_nfbga_8mm_die{die}.yaml")
        with_vias = copy.deepcopy(raw)
        with_vias["parts"]["substrate"]["stack"]["vias"] = [{
            "name": "thermal_vias", "through": ["top_cu", "core", "bottom_cu"], "pitch": 0.5,
            "diameter": 0.2, "plating": 0.015, "region": {"under": "die"}}]
        rows[die] = [run_environment(lay_out(parse_spec(s)), Environment("still-air"),
                                     mesh_options=MESH).metrics["theta_ja"]
                     for s in (with_vias, raw)] + [info["published"]["theta_ja"][0]]
        print(f"   {die}: " + " / ".join(f"{v:.1f}" for v in rows[die]))
    for lo, hi in (("2mm", "4mm"), ("4mm", "6mm")):
        print(f"   fall {lo} -> {hi}: " + " / ".join(
            f"{rows[lo][n] - rows[hi][n]:.1f}" for n in range(3)))


if __name__ == "__main__":
    main()
