"""One design's mechanics: warpage at given temperatures, stresses, and joint fatigue.

Inputs are already laid out (the package alone, and optionally the package on its
board): this module solves and evaluates, it does not load files or run the thermal
stage. The operating case takes a thermal solution's cell temperatures on any
rectilinear grid (sampled at the element centres).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from chippack.layout import Layout
from chippack.mechanics.assembly import (
    Elements,
    assemble,
    check_connected,
    element_stress,
    solid_elements,
)
from chippack.mechanics.fatigue import (
    IPC_9701,
    SAC,
    SNPB,
    ThermalCycle,
    engelmaier_life,
    engelmaier_shear_range,
    norris_landzberg,
)
from chippack.mechanics.loads import StressFree, stress_free_temperatures
from chippack.mechanics.solve import MechanicalSolution, solve
from chippack.mechanics.stress import StressSummary, stress_summary
from chippack.mechanics.warpage import FaceWarpage, face_warpage, warpage_limit
from chippack.mesh.grid import RectilinearGrid
from chippack.mesh.package import MeshOptions, PackageMesh, mesh_layout

SIGN_CONVENTION = ("JESD22-B112 / JEITA ED-7306: + convex, − concave, each face seen with "
                   "the package top up (+ = centre above the corners, a dome)")
#: uniform temperature swing of the mounted solve that sets the joint strain per kelvin
MOUNTED_SWING_K = 100.0
#: offsets (m) of the mechanics mesh planes on both sides of each die edge: cells of
#: about a bond layer's third, growing ×3 (the first is above the mesher's 50 µm gap
#: snap, so it is kept)
DIE_EDGE_PLANES = (0.06e-3, 0.2e-3, 0.5e-3)


def mechanics_mesh_options(layout: Layout, refine: float = 1.0) -> MeshOptions:
    """Mesh controls for mechanics: the package mesher with coarser caps and no z grading.

    Incompatible-mode bricks bend correctly with one element through a layer, so the
    fine z grading and 20 µm source layer the thermal stage wants only add unknowns;
    the source-layer plane is put at mid-die (harmless) instead. In-plane, planes at
    :data:`DIE_EDGE_PLANES` on both sides of each die edge: where a bonded stack ends
    flush with the die (a sink soldered and underfilled on the die back), the bond
    layer's shear and peel stresses concentrate within about its thickness of the edge,
    and 1.5 mm cells there put the seed-001 warpage 3.5 % off CalculiX's converged
    answer (tests/mechanics/test_calculix_seed.py).
    """
    dies = layout.of_kind("die").values()
    half = min((d.top - d.bottom for d in dies), default=0.4e-3) / 2
    x, y = [], []
    for d in dies:
        for box in d.solids:
            for edge in box[0:2]:
                x += [edge + s * o for o in DIE_EDGE_PLANES for s in (-1, 1)]
            for edge in box[2:4]:
                y += [edge + s * o for o in DIE_EDGE_PLANES for s in (-1, 1)]
    return MeshOptions(max_cell=(1.5e-3, 1.5e-3, 0.3e-3), growth=4.0, refine=refine,
                       source_layer=half, extra_planes=(tuple(x), tuple(y), ()))


@dataclass(frozen=True)
class CaseResult:
    """One load case: its faces' warpage, stresses and the solve's statistics."""

    name: str
    temperature_c: float | None
    faces: dict[str, FaceWarpage]
    stress: StressSummary
    solution: MechanicalSolution
    displacement: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class JointFatigue:
    """Engelmaier life per joint array and IPC-9701 cycle, from the mounted solve."""

    shear_per_kelvin: dict[str, float]  # array → max Δγ per K of uniform swing
    life: dict[str, dict[str, float]]  # array → cycle → N_f
    closed_form_shear_per_kelvin: dict[str, float]  # L_D Δα / h estimate
    field_cycle: ThermalCycle | None
    field_life: dict[str, float]  # array → N_f in the field (from TC1 via Norris–Landzberg)
    acceleration: dict[str, float]  # array → AF(TC1 → field)
    solution: MechanicalSolution | None = field(default=None, repr=False)  # mounted solve
    dofs: int = 0  # unknowns of the mounted model


@dataclass(frozen=True)
class WarpageStudy:
    design: str
    elements: Elements = field(repr=False)
    stress_free: StressFree
    cases: list[CaseResult]
    pitch: float | None
    limit: float | None
    fatigue: JointFatigue | None
    timings: dict[str, float]

    def to_dict(self) -> dict:
        um = 1e6
        warp = {c.name: {f: fw.warpage * um for f, fw in c.faces.items()} for c in self.cases}
        cop = {c.name: {f: fw.coplanarity * um for f, fw in c.faces.items()}
               for c in self.cases}
        pv = {c.name: {f: fw.peak_to_valley * um for f, fw in c.faces.items()}
              for c in self.cases}
        mpa = 1e-6
        out = {
            "design": self.design,
            "sign_convention": SIGN_CONVENTION,
            "faces": {"ball_side": "lower face of the substrate",
                      "top": "highest solid face of each column inside the package outline"},
            "warpage_um": warp,
            "coplanarity_um": cop,
            "peak_to_valley_um": pv,
            "ball_pitch_mm": None if self.pitch is None else self.pitch * 1e3,
            "limit_um": None if self.limit is None else self.limit * um,
            "limit_source": "JEITA ED-7306 (0.17 mm at 0.8 mm pitch, 0.22 mm at >= 1.0 mm)",
            "stress_free_c": self.stress_free.temperature,
            "stress_free_origin": self.stress_free.origin,
            "die_stress_mpa": {c.name: {
                "max_principal": {k: v * mpa for k, v in c.stress.die_max_principal.items()},
                "back_max_principal": {k: v * mpa
                                       for k, v in c.stress.die_back_max_principal.items()},
                "corner_max_principal": {k: v * mpa
                                         for k, v in c.stress.die_corner_max_principal.items()},
            } for c in self.cases},
            "die_edge_interface_shear_mpa": {
                c.name: {k: v * mpa for k, v in c.stress.die_edge_interface_shear.items()}
                for c in self.cases},
            "joint_equivalent_strain": {c.name: c.stress.joint_equivalent_strain
                                        for c in self.cases},
            "solver": {c.name: {"preconditioner": c.solution.method,
                                "iterations": c.solution.iterations,
                                "residual": c.solution.residual,
                                "force_balance": c.solution.force_balance,
                                **{f"{k}_s": v for k, v in c.solution.timings.items()}}
                       for c in self.cases},
            "dofs": self.elements.n_dofs,
            "timings_s": self.timings,
        }
        f = self.fatigue
        out["joint_life_cycles"] = {} if f is None else f.life
        if f is not None:
            if f.solution is not None:
                out["solver"]["mounted"] = {
                    "preconditioner": f.solution.method, "iterations": f.solution.iterations, "residual": f.solution.residual,
                    "force_balance": f.solution.force_balance, "dofs": f.dofs,
                    **{f"{k}_s": v for k, v in f.solution.timings.items()}}
            out["joint_shear_strain_per_k"] = f.shear_per_kelvin
            out["joint_shear_strain_per_k_closed_form"] = f.closed_form_shear_per_kelvin
            if f.field_cycle is not None:
                fc = f.field_cycle
                out["field_profile"] = {"t_min_c": fc.t_min, "t_max_c": fc.t_max,
                                        "cycles_per_day": fc.cycles_per_day,
                                        "dwell_min": fc.dwell_min}
                out["field_life_cycles"] = f.field_life
                out["acceleration_factor_tc1_to_field"] = f.acceleration
        return out


def sample_cells(source: RectilinearGrid, values: np.ndarray, mesh: PackageMesh,
                 cells: np.ndarray) -> np.ndarray:
    """Values of a cell field on ``source`` at the centres of ``mesh`` cells (flat indices)."""
    xc, yc, zc = mesh.grid.centres
    i, j, k = np.unravel_index(cells, mesh.shape)
    idx = [np.clip(np.searchsorted(p, c, side="right") - 1, 0, p.size - 2)
           for p, c in ((source.x, xc[i]), (source.y, yc[j]), (source.z, zc[k]))]
    return np.asarray(values)[idx[0], idx[1], idx[2]]


def solve_case(elements: Elements, temperature, stress_free: StressFree,
               progress: Callable[[str], None] | None = None):
    """Assemble and solve one load case; returns (system, solution, stress, total strain)."""
    system = assemble(elements, temperature, stress_free)
    sol = solve(system, progress=progress)
    stress, total = element_stress(system, sol.displacement.ravel())
    return system, sol, stress, total


def _ball_pitch(layout: Layout) -> float | None:
    balls = [pid for pid, p in layout.parts.items() if p.kind == "ball_array"]
    if not balls:
        return None
    return min(layout.spec.parts[b].pitch for b in balls)


def _substrate(layout: Layout) -> str | None:
    subs = layout.of_kind("substrate")
    return next(iter(subs), None)


def _outline(layout: Layout) -> np.ndarray:
    pkg = np.vstack([p.solids for p in layout.parts.values() if p.kind != "board"])
    return np.array([pkg[:, 0].min(), pkg[:, 1].max(), pkg[:, 2].min(), pkg[:, 3].max()])


def case_result(name: str, t: float | None, elements: Elements, system, sol, stress, total,
                layout: Layout) -> CaseResult:
    sub = _substrate(layout)
    outline = _outline(layout)
    faces = {}
    if sub is not None:
        faces["ball_side"] = face_warpage(elements, sol.displacement, "ball_side", sub)
    faces["top"] = face_warpage(elements, sol.displacement, "top", sub, outline)
    return CaseResult(name, t, faces, stress_summary(system, stress, total), sol,
                      sol.displacement)


def joint_fatigue(mounted: Layout, options: MeshOptions | None,
                  field_cycle: ThermalCycle | None,
                  progress: Callable[[str], None] | None = None) -> JointFatigue:
    """Joint shear per kelvin from a uniform swing of the board-mounted package, then
    Engelmaier life per IPC-9701 cycle (linear elasticity: strain range ∝ ΔT)."""
    mesh = mesh_layout(mounted, options or mechanics_mesh_options(mounted))
    elements = solid_elements(mesh)
    check_connected(elements)
    sf = stress_free_temperatures(mounted, override=0.0)
    system, sol, stress, total = solve_case(elements, MOUNTED_SWING_K, sf, progress)
    summary = stress_summary(system, stress, total)
    per_k = {pid: g / MOUNTED_SWING_K for pid, g in summary.joint_shear_strain.items()}
    board = next((p for p in mounted.parts.values() if p.kind == "board"), None)
    life: dict[str, dict[str, float]] = {}
    closed: dict[str, float] = {}
    field_life: dict[str, float] = {}
    accel: dict[str, float] = {}
    for pid, g in per_k.items():
        life[pid] = {c.name: engelmaier_life(g * c.delta_t, c.mean, c.dwell_min)
                     for c in IPC_9701}
        part = mounted.parts[pid]
        lower = [n for n in mounted.neighbours(pid) if mounted.parts[n].top <= part.bottom + 1e-9]
        upper = [n for n in mounted.neighbours(pid) if mounted.parts[n].bottom >= part.top - 1e-9]
        if part.kind == "ball_array" and board is not None:
            lower = [board.id]
        if lower and upper:
            a_lo = mounted.material_of(lower[0]).cte_in_plane
            a_hi = mounted.material_of(upper[0]).cte_in_plane
            sx, sy = part.footprint_size
            closed[pid] = engelmaier_shear_range(0.5 * np.hypot(sx, sy), part.top - part.bottom,
                                                 a_hi - a_lo, 1.0)
        if field_cycle is not None:
            solder = mounted.material_of(pid).name
            constants = SNPB if "pb" in solder.lower() else SAC
            accel[pid] = norris_landzberg(IPC_9701[0], field_cycle, constants)
            field_life[pid] = life[pid]["TC1"] * accel[pid]
    return JointFatigue(per_k, life, closed, field_cycle, field_life, accel, sol,
                        elements.n_dofs)


def warpage_study(layout: Layout, ledger=None, at=(25.0, 260.0), stress_free: float | None = None,
                  operating: tuple[RectilinearGrid, np.ndarray] | None = None,
                  mounted: Layout | None = None, field_cycle: ThermalCycle | None = None,
                  options: MeshOptions | None = None,
                  progress: Callable[[str], None] | None = None) -> WarpageStudy:
    """Warpage of the package alone at each temperature in ``at`` (°C) and, with
    ``operating`` (thermal grid, cell temperatures), under power; joint fatigue when the
    board-mounted layout is given."""
    note = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    note("meshing")
    mesh = mesh_layout(layout, options or mechanics_mesh_options(layout))
    elements = solid_elements(mesh)
    check_connected(elements)
    sf = stress_free_temperatures(layout, ledger, stress_free)
    timings = {"mesh": time.perf_counter() - t0}
    cases = []
    loads: list[tuple[str, float | None, object]] = [(f"{t:g}C", t, t) for t in at]
    if operating is not None:
        grid, field_t = operating
        loads.append(("operating", None, sample_cells(grid, field_t, mesh, elements.cell)))
    for name, t, temperature in loads:
        note(f"{name}: assembling ({elements.n_dofs:,} unknowns)")
        system, sol, stress, total = solve_case(elements, temperature, sf,
                                                lambda m, name=name: note(f"{name}: {m}"))
        cases.append(case_result(name, t, elements, system, sol, stress, total, layout))
        timings[name] = sum(sol.timings.values())
    fatigue = None
    if mounted is not None:
        note("mounted on the board: joint strain")
        fatigue = joint_fatigue(mounted, None, field_cycle,
                                lambda m: note(f"mounted: {m}"))
    timings["total"] = time.perf_counter() - t0
    pitch = _ball_pitch(layout)
    return WarpageStudy(layout.spec.name, elements, sf, cases, pitch, warpage_limit(pitch),
                        fatigue, timings)
