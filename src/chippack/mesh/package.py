"""Mesh a laid-out package: a rectilinear grid whose planes include every box face.

Each cell knows the part and the material that fill it. Empty cells are either
*gap gas* (solid both above and below in the same x-y column: the air between
balls, a lid cavity) or *ambient* (open to the surroundings). Gap gas conducts
as air (``cavity="gas"``) or is an adiabatic void (``cavity="void"``); ambient
cells carry the environment's film coefficient, set by the thermal stage.

Joint arrays are resolved (each bump or ball its own prism of equal
cross-section) or homogenised into their envelope with the §7.1 mixing rules;
the spec sets this per array (``thermal_model``) and :class:`MeshOptions` can
override it for all arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from chippack.errors import SpecError
from chippack.inputs.limits import current
from chippack.inputs.options import check_refine
from chippack.layout import Layout, PlacedPart
from chippack.materials import Material
from chippack.mesh.grid import RectilinearGrid
from chippack.mesh.homogenize import homogenized_material, joint_tiles
from chippack.mesh.planes import axis_planes
from chippack.mesh.stack import resolved_stack, stack_pieces
from chippack.model.parts import JOINT_KINDS

AIR = "air"
#: Cell classes in :attr:`PackageMesh.region`.
SOLID, GAP_GAS, AMBIENT = 0, 1, 2


@dataclass(frozen=True)
class MeshOptions:
    """Controls of the package mesh (lengths in metres).

    ``max_cell``: largest cell (x, y, z) inside the package; ``max_cell_far``:
    largest in-plane cell outside it (board periphery); ``growth``: largest size
    ratio of neighbouring cells; ``refine``: divides all caps (grid-convergence
    studies); ``arrays``: ``as_spec`` / ``resolved`` / ``homogenized``;
    ``source_layer``: thickness of the heat-dissipating layer at a die's active face;
    ``min_gap``: in-plane faces closer than this are merged (never more than 40 % of
    the narrowest box, so no part loses its cells).
    """

    max_cell: tuple[float, float, float] = (0.8e-3, 0.8e-3, 0.2e-3)
    max_cell_far: float = 5e-3
    growth: float = 1.5
    refine: float = 1.0
    arrays: Literal["as_spec", "resolved", "homogenized"] = "as_spec"
    cavity: Literal["gas", "void"] = "gas"
    source_layer: float = 20e-6
    min_gap: float = 50e-6
    extra_planes: tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]] = ((), (), ())

    def __post_init__(self):
        check_refine(self.refine, "mesh.refine")
        if min(self.max_cell) <= 0 or self.max_cell_far <= 0:
            raise SpecError("mesh.max_cell", f"cell caps must be > 0, got {self.max_cell}")
        if self.growth <= 1:
            raise SpecError("mesh.growth", f"must be > 1, got {self.growth}")


@dataclass(frozen=True)
class PackageMesh:
    """A meshed package.

    ``part``: (nx, ny, nz) index into ``part_ids`` (−1 empty); ``material``: index
    into ``materials`` (−1 empty or void); ``region``: SOLID / GAP_GAS / AMBIENT.
    Conducting cells are those with ``material >= 0`` (solids, and gap gas when
    modelled as gas).
    """

    layout: Layout
    grid: RectilinearGrid
    part: np.ndarray
    part_ids: tuple[str, ...]
    material: np.ndarray
    materials: tuple[Material, ...]
    region: np.ndarray
    options: MeshOptions
    homogenized: tuple[str, ...] = field(default=())
    #: per homogenised array: (joint area fraction φ, joint material, matrix material),
    #: so that later stages (mechanics) can mix other properties from the same layer
    joint_layers: dict[str, tuple[float, Material, Material]] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.grid.shape

    @property
    def n_cells(self) -> int:
        return self.grid.n_cells

    @property
    def conducting(self) -> np.ndarray:
        return self.material >= 0

    def fingerprint(self) -> str:
        """Content hash of what the conduction matrix depends on: node planes, the
        material of every cell, the materials and the spec's interfaces (contact
        resistances). Equal fingerprints: equal geometry, so one multigrid hierarchy
        serves both (a power sweep)."""
        import hashlib

        h = hashlib.blake2b(digest_size=16)
        for arr in (self.grid.x, self.grid.y, self.grid.z, self.material):
            h.update(np.ascontiguousarray(arr).tobytes())
        h.update(repr(self.materials).encode())
        h.update(repr(getattr(self.layout.spec, "interfaces", None)).encode())
        return h.hexdigest()

    def part_mask(self, pid: str) -> np.ndarray:
        return self.part == self.part_ids.index(pid)

    def conductivity(self) -> np.ndarray:
        """(nx, ny, nz, 3) k per axis, W/(m·K); zero where nothing conducts."""
        table = np.array([m.k for m in self.materials] + [(0.0, 0.0, 0.0)])
        return table.take(self.material, axis=0)     # 3x faster than table[material]

    def k_exponent(self) -> np.ndarray:
        table = np.array([m.k_temperature_exponent for m in self.materials] + [0.0])
        return table.take(self.material)

    def volumetric_heat_capacity(self) -> np.ndarray:
        table = np.array([m.volumetric_heat_capacity for m in self.materials] + [0.0])
        return table.take(self.material)

    def contact_resistance(self) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
        """R″ (K·m²/W) on the internal faces normal to x, y, z from the spec's interfaces.

        Face arrays have shapes (nx−1, ny, nz), (nx, ny−1, nz), (nx, ny, nz−1); None
        where no interface lies on faces of that orientation.
        """
        out: list[np.ndarray | None] = [None, None, None]
        for interface in self.layout.spec.interfaces:
            a, b = (self.part_ids.index(p) for p in interface.between)
            for axis in range(3):
                lo = np.take(self.part, np.arange(self.shape[axis] - 1), axis=axis)
                hi = np.take(self.part, np.arange(1, self.shape[axis]), axis=axis)
                faces = ((lo == a) & (hi == b)) | ((lo == b) & (hi == a))
                if faces.any():
                    if out[axis] is None:
                        out[axis] = np.zeros(faces.shape)
                    out[axis][faces] = interface.resistance
        return out[0], out[1], out[2]

    def source_layer_mask(self, die: str) -> np.ndarray:
        """Die cells within the source layer at its active face (where power is dissipated)."""
        placed = self.layout.parts[die]
        z_face = placed.active_face_z
        zc = 0.5 * (self.grid.z[:-1] + self.grid.z[1:])
        thickness = self.options.source_layer
        if placed.top - z_face < 1e-12:  # face-up die: active face on top
            in_layer = (zc < z_face) & (zc > z_face - thickness)
        else:
            in_layer = (zc > z_face) & (zc < z_face + thickness)
        return self.part_mask(die) & in_layer[None, None, :]


def _array_is_homogenized(part: PlacedPart, spec, options: MeshOptions) -> bool:
    """Joint arrays (and UBM pads following one) that the mesh smears into a block."""
    spec_part = spec.parts[part.id]
    if part.kind == "ubm_pads":
        spec_part = spec.parts[spec_part.aligned_with]
    elif part.kind not in JOINT_KINDS:
        return False
    if options.arrays == "as_spec":
        return spec_part.thermal_model == "homogenized"
    return options.arrays == "homogenized"


def effective_fins(layout: Layout) -> tuple[str, ...]:
    """Heat sinks whose fins are modelled by an effective film coefficient."""
    return tuple(pid for pid, part in layout.spec.parts.items()
                 if part.kind == "heat_sink" and part.fins and part.fins.model == "effective_h")


def _pitch(layout: Layout, pid: str) -> float:
    part = layout.spec.parts[pid]
    if part.kind == "ubm_pads":
        part = layout.spec.parts[part.aligned_with]
    return part.pitch


def _matrix_of(layout: Layout, array: PlacedPart) -> str:
    """Material around an array's joints: the filler that contains it, else air."""
    env = array.envelope
    for p in layout.parts.values():
        if p.filler:
            e = p.envelope
            inside = (e[0] <= env[0] + 1e-9 and e[1] >= env[1] - 1e-9 and e[2] <= env[2] + 1e-9
                      and e[3] >= env[3] - 1e-9 and e[4] <= env[4] + 1e-9
                      and e[5] >= env[5] - 1e-9)
            if inside:
                return p.material
    return AIR


def solid_above_below(occupied: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: is any cell above it, and any below it, in the same x-y column occupied?"""
    occupied = np.asarray(occupied, dtype=bool)
    # running OR along z, shifted by one cell (bool passes, no int64 cumulative sums)
    below = np.zeros_like(occupied)
    below[:, :, 1:] = np.logical_or.accumulate(occupied, axis=2)[:, :, :-1]
    above = np.zeros_like(occupied)
    above[:, :, :-1] = np.logical_or.accumulate(occupied[:, :, ::-1], axis=2)[:, :, -2::-1]
    return above, below


def _cell_ranges(planes: np.ndarray, lo: float, hi: float) -> slice:
    """Cells whose centres lie in [lo, hi] (box faces are planes, so this is exact)."""
    centres = 0.5 * (planes[:-1] + planes[1:])
    i0 = int(np.searchsorted(centres, lo))
    i1 = int(np.searchsorted(centres, hi))
    return slice(i0, i1)


def estimate_cells(required: np.ndarray, zone: tuple[float, float], cap: float,
                   far: float) -> int:
    """Fewest cells an axis can have: each interval between faces needs length / cap cells.

    A lower bound computed without filling the axis, so that a mesh too large to
    allocate is refused before its planes (or arrays) are made.
    """
    base = np.unique(required)
    lengths = np.diff(base)
    mid = 0.5 * (base[:-1] + base[1:])
    caps = np.where((mid >= zone[0]) & (mid <= zone[1]), cap, far)
    return int(np.sum(np.ceil(lengths / caps - 1e-9))) if len(lengths) else 1


def check_cell_budget(counts: list[int], options: MeshOptions) -> None:
    """Refuse a mesh of more than ``Limits.cells`` cells, naming the count and the limit."""
    limit = current().cells
    total = float(np.prod(np.array(counts, dtype=float)))
    if total > limit:
        raise SpecError("mesh", f"the mesh would have at least {total:.3g} cells "
                        f"({counts[0]} × {counts[1]} × {counts[2]}, refine {options.refine:g}), "
                        f"more than the limit of {limit:.3g}; lower --refine, or shrink the "
                        "largest part (check its unit)")


def mesh_layout(layout: Layout, options: MeshOptions | None = None) -> PackageMesh:
    """Mesh a layout: planes from all faces, graded refinement, parts and materials painted."""
    options = options or MeshOptions()
    spec = layout.spec
    materials: list[Material] = []
    index: dict[str, int] = {}

    def material_index(mat: Material) -> int:
        if mat.name not in index:
            index[mat.name] = len(materials)
            materials.append(mat)
        return index[mat.name]

    homogenized = tuple(pid for pid, p in layout.parts.items()
                        if _array_is_homogenized(p, spec, options))
    finless = effective_fins(layout)
    # geometry each part contributes: joint tiles for homogenised arrays, solids otherwise
    geometry: dict[str, np.ndarray] = {}
    layered: dict[str, list[tuple[np.ndarray, Material]]] = {}
    for pid, p in layout.parts.items():
        stack = resolved_stack(layout, pid)
        if stack is not None:
            # layers and via regions: painted piece by piece, each piece's faces are planes
            layered[pid] = stack_pieces(layout, pid, stack)
            geometry[pid] = np.vstack([b for b, _ in layered[pid]])
        elif pid in homogenized:
            geometry[pid] = joint_tiles(p.centres, _pitch(layout, pid), p.bottom, p.top)
        elif pid in finless:
            # fins left out: the environment puts their effective h on the base face
            geometry[pid] = np.vstack([p.features[k] for k in ("legs", "plate") if k in p.features])
        else:
            geometry[pid] = p.solids

    boxes = np.vstack(list(geometry.values()))
    package = [p for p in layout.parts.values() if p.kind != "board"]
    zone = np.vstack([p.solids for p in package])
    zone_x = (zone[:, 0].min(), zone[:, 1].max())
    zone_y = (zone[:, 2].min(), zone[:, 3].max())
    cap = np.array(options.max_cell) / options.refine
    far = options.max_cell_far / options.refine
    required = []
    for axis in range(3):
        faces = [boxes[:, 2 * axis], boxes[:, 2 * axis + 1], np.asarray(options.extra_planes[axis])]
        if axis == 2:  # the heat-source layer at each die's active face
            for die in layout.of_kind("die").values():
                z = die.active_face_z
                offset = options.source_layer if die.top - z > 1e-12 else -options.source_layer
                faces.append(np.array([z + offset]))
        if axis < 2:  # hot-spot edges, so that each spot covers whole cells
            for pid, die in spec.parts_of_kind("die").items():
                c = layout.parts[pid].centre[axis]
                for spot in die.hot_spots:
                    mid = c + spot.offset[axis]
                    faces.append(np.array([mid - spot.size[axis] / 2, mid + spot.size[axis] / 2]))
        required.append(np.concatenate(faces))
    lo, hi = layout.bounds[4], layout.bounds[5]
    narrowest = min(float(np.min(boxes[:, 1] - boxes[:, 0])), float(np.min(boxes[:, 3] - boxes[:, 2])))
    snap = min(options.min_gap, 0.4 * narrowest)
    check_cell_budget([estimate_cells(required[0], zone_x, cap[0], far),
                       estimate_cells(required[1], zone_y, cap[1], far),
                       estimate_cells(required[2], (lo, hi), cap[2], cap[2])], options)
    x = axis_planes(required[0], zone_x, cap[0], far, options.growth, snap)
    y = axis_planes(required[1], zone_y, cap[1], far, options.growth, snap)
    z = axis_planes(required[2], (lo, hi), cap[2], cap[2], options.growth)
    grid = RectilinearGrid(x, y, z)

    part = np.full(grid.shape, -1, dtype=np.int32)
    material = np.full(grid.shape, -1, dtype=np.int32)
    part_ids = tuple(layout.parts)
    # paint fillers first (later ones first, so that earlier fillers win), then the
    # homogenised joint blocks, then real solids, which always win
    fillers = [pid for pid, p in layout.parts.items() if p.filler][::-1]
    solids = [pid for pid, p in layout.parts.items() if not p.filler and pid not in homogenized]
    joint_layers: dict[str, tuple[float, Material, Material]] = {}
    for pid in fillers + list(homogenized) + solids:
        p = layout.parts[pid]
        if pid in homogenized:
            matrix = _matrix_of(layout, p)
            phi = p.solid_footprint_area / (len(p.solids) * _pitch(layout, pid) ** 2)
            mat = homogenized_material(f"{pid} (homogenized)", phi, layout.material_of(pid),
                                       layout.materials[matrix])
            joint_layers[pid] = (phi, layout.material_of(pid), layout.materials[matrix])
        else:
            mat = layout.material_of(pid)
        pieces = layered.get(pid, [(geometry[pid], mat)])
        pi = part_ids.index(pid)
        for boxes_of_piece, piece_material in pieces:
            mi = material_index(piece_material)
            for b in boxes_of_piece:
                sl = (_cell_ranges(x, b[0], b[1]), _cell_ranges(y, b[2], b[3]),
                      _cell_ranges(z, b[4], b[5]))
                part[sl] = pi
                material[sl] = mi

    for pid in solids:
        if not (part == part_ids.index(pid)).any():
            raise SpecError(f"parts.{pid}", "has no cell in the mesh (thinner than the "
                            "mesh can resolve); lower mesh.min_gap or enlarge the part")
    occupied = part >= 0
    above, below = solid_above_below(occupied)
    gap = ~occupied & below & above
    region = np.full(grid.shape, SOLID, dtype=np.int8)
    region[gap] = GAP_GAS
    region[~occupied & ~gap] = AMBIENT
    if options.cavity == "gas" and gap.any():
        material[gap] = material_index(layout.materials[AIR])
    return PackageMesh(layout, grid, part, part_ids, material, tuple(materials), region,
                       options, homogenized, joint_layers)
