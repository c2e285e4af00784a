"""Thermal environments: one vocabulary of typed objects, and their boundary conditions.

Every environment is an :class:`Environment` of an :class:`EnvironmentKind` (its θ key
and label, whether it needs a board, whether it is air-cooled); the JEDEC kinds are
defined once in :data:`KINDS` and every table, report and command reads them from here.
What cools the package is a :class:`~chippack.metrics.cooling.Cooling` description;
the JEDEC fixtures are fixed instances of it (:meth:`Environment.cooling`), a user
gives their own with ``--env FILE.yaml``.

* ``still-air``  (JESD51-2A): package on a JEDEC board (2s2p by default), natural
  convection on every exposed face plus linearised radiation; the film
  coefficients are re-evaluated at the solved surface temperatures.
* ``forced-air`` (JESD51-6): same board in duct flow along x at the given air
  velocity: per-face h of a raised package on a board (the mean of a prismatic
  component in a duct, Kraus 2006, on the package faces, a layer restarted behind it, the
  board's own laminar layer elsewhere, combined with natural convection;
  :func:`chippack.metrics.convection.duct_flow_film`), plus radiation.
* ``cold-plate-top`` (θJC,top): the package alone, its top face held at the
  cold-plate temperature (ideal contact), every other face adiabatic.
* ``ring-cold-plate`` (JESD51-8, θJB): the package on a 2s2p board clamped on
  both faces by a cold plate everywhere outside a square 5 mm beyond the package
  shadow; everything else insulated (adiabatic).

Conventions and sources: ``docs/physics.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from chippack.errors import SpecError
from chippack.layout import Layout
from chippack.layout.fixtures import (  # noqa: F401 - re-exported (the fixtures' old home)
    JEDEC_BOARD_SIZE,
    Fixture,
    jedec_board_size,
    with_jedec_board,
)
from chippack.mesh.package import AMBIENT, PackageMesh, solid_above_below
from chippack.metrics.cooling import AirFlow, Cooling, CoolingFile, FaceCondition
from chippack.thermal.problem import SIDES, SideCondition

#: JESD51-8: ring cold plate clamps ≥ 5 mm from the package shadow.
RING_CLEARANCE = 5e-3
#: Ambient group labels (heat out is reported per group).
AIR_GROUP, COLD_PLATE_GROUP = 0, 1


@dataclass(frozen=True)
class EnvironmentKind:
    """What a kind of environment measures and needs.

    ``theta_key``: the metric its θ is stored under (``theta_ja`` ...);
    ``theta_label``: how people write it; ``label``: its name on a page;
    ``needs_board``: solved on a JEDEC test board; ``air_cooled``: film coefficients on
    the exposed faces (then ΨJT and ΨJB are measured too).
    """

    name: str
    label: str
    theta_key: str
    theta_label: str
    needs_board: bool
    air_cooled: bool
    standard: str = ""


#: The kinds of environment, once. ``custom`` is a user-defined cooling file.
KINDS: dict[str, EnvironmentKind] = {k.name: k for k in (
    EnvironmentKind("still-air", "still air (JESD51-2)", "theta_ja", "θJA", True, True,
                    "JESD51-2A"),
    EnvironmentKind("forced-air", "forced air (JESD51-6)", "theta_ja", "θJA", True, True,
                    "JESD51-6"),
    EnvironmentKind("cold-plate-top", "top cold plate", "theta_jc", "θJC", False, False,
                    "θJC,top (JESD51-14 style ideal cold plate)"),
    EnvironmentKind("ring-cold-plate", "ring cold plate (JESD51-8)", "theta_jb", "θJB", True,
                    False, "JESD51-8"),
    EnvironmentKind("custom", "user-defined cooling", "theta", "θ", False, False, ""),
)}
#: Names of the standard environments (what ``--env`` accepts besides ``jedec`` and files).
ENVIRONMENTS: tuple[str, ...] = tuple(k for k in KINDS if k != "custom")
#: ``--env jedec``: the three fixtures behind a datasheet's θJA, θJC, θJB and Ψ's.
JEDEC_SET: tuple[str, ...] = ("still-air", "cold-plate-top", "ring-cold-plate")
#: θ metric keys with their labels, in the order a datasheet lists them.
THETA_LABELS: dict[str, str] = {"theta_ja": "θJA", "theta_jc": "θJC", "theta_jb": "θJB"}


@dataclass(frozen=True)
class Environment:
    """A thermal test environment.

    ``ambient``: air or cold-plate temperature, °C; ``velocity``: air speed for
    forced air, m/s; ``board``: JEDEC board build; ``emissivity``: the
    emissivity of exposed faces whose material states none (each material's own
    ``emissivity`` wins: solder mask and mold 0.9, bare copper 0.1; :func:`face_emissivity`);
    ``custom``: a user-defined cooling (then ``name`` is the user's name for it).

    >>> env = Environment("forced-air", velocity=2.0)
    >>> env.theta_key, env.theta_label, env.needs_board, env.air_cooled, env.key
    ('theta_ja', 'θJA', True, True, 'forced-air@2m/s')
    >>> Environment("cold-plate-top").fixture
    Fixture(board=None, bottom_sink=True)
    """

    name: str = "still-air"
    ambient: float = 25.0
    velocity: float = 1.0
    board: str = "2s2p"
    emissivity: float = 0.85
    custom: Cooling | None = field(default=None, compare=True)

    def __post_init__(self):
        if self.custom is None and self.name not in ENVIRONMENTS:
            raise SpecError("environment", f"unknown environment {self.name!r}; use one of "
                            f"{', '.join(ENVIRONMENTS)}")
        if self.name == "forced-air" and self.velocity <= 0:
            raise SpecError("environment.velocity", f"must be > 0 m/s, got {self.velocity}")
        if not 0 <= self.emissivity <= 1:
            raise SpecError("environment.emissivity", f"must lie in [0, 1], got {self.emissivity}")

    @classmethod
    def from_file(cls, cooling: CoolingFile) -> Environment:
        """The environment of a user-defined cooling file."""
        return cls(name=cooling.name, ambient=cooling.ambient, emissivity=cooling.emissivity,
                   board=cooling.cooling.board or "2s2p", custom=cooling.cooling)

    @property
    def kind(self) -> EnvironmentKind:
        return KINDS["custom" if self.custom is not None else self.name]

    @property
    def theta_key(self) -> str:
        return self.kind.theta_key

    @property
    def theta_label(self) -> str:
        return self.kind.theta_label

    @property
    def cooling(self) -> Cooling:
        """What cools the package, as one description (the JEDEC fixtures included)."""
        if self.custom is not None:
            return self.custom
        return {
            "still-air": lambda: Cooling(self.board, AirFlow()),
            "forced-air": lambda: Cooling(self.board, AirFlow(self.velocity)),
            "cold-plate-top": lambda: Cooling(None, None, (FaceCondition("top", "top"),)),
            "ring-cold-plate": lambda: Cooling(self.board, None,
                                               (FaceCondition("board", "ring"),)),
        }[self.name]()

    @property
    def needs_board(self) -> bool:
        return self.cooling.board is not None

    @property
    def air_cooled(self) -> bool:
        return self.cooling.air is not None

    @property
    def air_velocity(self) -> float | None:
        """Forced-air speed (m/s), None in still air or without air."""
        air = self.cooling.air
        return air.velocity if air is not None else None

    @property
    def fixture(self) -> Fixture:
        """The geometry this environment is solved on (shared by environments alike)."""
        return Fixture(self.cooling.board)

    @property
    def key(self) -> str:
        """Unique name in a set of runs: the name, with the air speed for forced air."""
        return f"{self.name}@{self.velocity:g}m/s" if self.name == "forced-air" else self.name

    @property
    def slug(self) -> str:
        """The name as a file-name part (``<stem>_<slug>.vtr``)."""
        return re.sub(r"[^A-Za-z0-9_.-]+", "_", self.name).strip("_") or "environment"

    @property
    def label(self) -> str:
        """Name for tables: ``forced-air 2 m/s``, ``still-air``, a custom file's name."""
        return f"{self.name} {self.velocity:g} m/s" if self.name == "forced-air" else self.name

    @property
    def title(self) -> str:
        """Name on a page: ``still air (JESD51-2)``."""
        if self.custom is not None:
            return f"{self.name} (user-defined cooling)"
        extra = f", {self.velocity:g} m/s" if self.name == "forced-air" else ""
        return self.kind.label + extra

    def to_dict(self) -> dict:
        """JSON form (the ``environment`` entry of a run in results.json)."""
        out = {"name": self.name, "ambient_c": self.ambient,
               "velocity_m_s": self.air_velocity if self.air_cooled else None,
               "board": self.cooling.board, "emissivity": self.emissivity}
        if self.custom is not None:
            out["custom"] = {"air": None if self.custom.air is None else
                             {"velocity_m_s": self.custom.air.velocity},
                             "faces": [_face_dict(f) for f in self.custom.faces]}
        return out


def cooling_environment(source) -> Environment:
    """The environment of a user-defined cooling: a YAML file or the same mapping
    (format in :mod:`chippack.metrics.cooling`).

    >>> plate = cooling_environment({"name": "plate", "cold_plates": [{"on": "bottom"}]})
    >>> plate.theta_key, plate.needs_board, plate.cooling.faces[0].on
    ('theta', False, 'bottom')
    """
    from chippack.metrics.cooling import parse_cooling, read_cooling

    if isinstance(source, dict):
        return Environment.from_file(parse_cooling(source))
    return Environment.from_file(read_cooling(source))


def _face_dict(f: FaceCondition) -> dict:
    return {"on": f.on, "face": f.face, "group": f.group,
            "h_w_m2k": None if math.isinf(f.h) else f.h, "temperature_c": f.temperature,
            "theta_k_w": f.theta}


def environments_named(names, *, ambient: float = 25.0, velocity=1.0, board: str = "2s2p"
                       ) -> list[Environment]:
    """Environments from names (``jedec`` expands), cooling files (``*.yaml``) or objects.

    ``velocity`` may be a list: forced air is then solved at each speed.

    >>> [e.key for e in environments_named(["jedec", "forced-air"], velocity=[1, 2])]
    ['still-air', 'cold-plate-top', 'ring-cold-plate', 'forced-air@1m/s', 'forced-air@2m/s']
    """
    speeds = list(velocity) if isinstance(velocity, list | tuple) else [velocity]
    out: list[Environment] = []
    for item in [names] if isinstance(names, str | Environment) else names:
        if isinstance(item, Environment):
            out.append(item)
        elif isinstance(item, dict) or str(item).lower().endswith((".yaml", ".yml")):
            out.append(cooling_environment(item))
        elif item == "jedec":
            out += [Environment(n, ambient=ambient, board=board) for n in JEDEC_SET]
        elif item == "forced-air":
            out += [Environment("forced-air", ambient, float(v), board) for v in speeds]
        elif item in ENVIRONMENTS:
            out.append(Environment(item, ambient=ambient, board=board))
        else:
            raise SpecError("environments", f"unknown environment {item!r}; use jedec, "
                            f"{', '.join(ENVIRONMENTS)} or a cooling file (.yaml)")
    keys = [e.key for e in out]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise SpecError("environments", f"{', '.join(twice)} given twice; give each "
                        "environment once")
    return out


@dataclass(frozen=True)
class FilmCoefficients:
    """h (W/m²K) on faces looking up, down and sideways (convection + radiation)."""

    up: float
    down: float
    side: float
    #: forced air: the per-face model, whose local values replace ``up``/``down`` on the mesh
    duct: object | None = None
    #: the radiation part of ``up``/``down``/``side``, at the environment's emissivity
    radiation: float = 0.0
    #: radiation coefficient of a black face (ε = 1), W/(m²K): a face of emissivity ε
    #: radiates ε times this (:func:`face_emissivity`)
    black_radiation: float = 0.0


def film_coefficients(env: Environment, surface_c: float, layout: Layout) -> FilmCoefficients:
    """Convection + radiation coefficients at a surface temperature for ``env``.

    The one call site of the convection correlations (:mod:`chippack.metrics.convection`):
    still air uses the natural-convection plates, forced air (``env.air_velocity``) the
    flow along the board.
    """
    from chippack.metrics import convection as cv

    boards = layout.of_kind("board")
    ref = next(iter(boards.values())) if boards else max(
        layout.parts.values(), key=lambda p: p.footprint_area)
    sx, sy = ref.footprint_size
    area, perimeter = sx * sy, 2 * (sx + sy)
    surface_c = max(surface_c, env.ambient + 0.5)  # correlations need a positive ΔT
    h_rad = cv.h_radiation(surface_c, env.ambient, env.emissivity)
    h_black = cv.h_radiation(surface_c, env.ambient, 1.0)
    height = max(layout.bounds[5] - layout.bounds[4], 1e-3)
    if env.air_velocity is not None:
        natural = (cv.h_horizontal_up(surface_c, env.ambient, area, perimeter),
                   cv.h_horizontal_down(surface_c, env.ambient, area, perimeter),
                   cv.h_vertical(surface_c, env.ambient, height))
        pkg = [p for p in layout.parts.values() if p.kind != "board"]
        top = max(p.top for p in pkg)
        base = ref.top if boards else min(p.bottom for p in pkg)
        package = (min(p.envelope[0] for p in pkg), max(p.envelope[1] for p in pkg),
                   min(p.envelope[2] for p in pkg), max(p.envelope[3] for p in pkg),
                   max(top - base, 1e-4))
        e = ref.envelope
        duct = cv.duct_flow_film(env.air_velocity, (e[0], e[1], e[2], e[3]), package, surface_c,
                                 env.ambient, natural)
        # the scalars (reported, and used by the fin-efficiency model) are the local
        # values at the package centre
        centre = (0.5 * (package[0] + package[1]), 0.5 * (package[2] + package[3]))
        return FilmCoefficients(float(duct.up(*centre)) + h_rad,
                                float(duct.down(*centre)) + h_rad,
                                duct.sides + h_rad, duct=duct, radiation=h_rad,
                                black_radiation=h_black)
    return FilmCoefficients(
        up=cv.h_horizontal_up(surface_c, env.ambient, area, perimeter) + h_rad,
        down=cv.h_horizontal_down(surface_c, env.ambient, area, perimeter) + h_rad,
        side=cv.h_vertical(surface_c, env.ambient, height) + h_rad,
        radiation=h_rad, black_radiation=h_black,
    )


@dataclass
class BoundarySet:
    """Arrays for :class:`chippack.thermal.problem.ConductionProblem`."""

    ambient_h: np.ndarray
    ambient_t: np.ndarray
    ambient_group: np.ndarray
    sides: dict[str, SideCondition]
    film: FilmCoefficients | None = None


def face_emissivity(mesh: PackageMesh, default: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Emissivity of the solid face each ambient cell looks at, and of each outer side's
    faces: the face's own material's ``emissivity`` (bare or plated metal 0.03–0.3, solder
    mask and mold 0.9; handbook values in the materials library), ``default`` where the
    material states none. An ambient cell with solid below it sees that solid's top face;
    with solid above (and none below), that solid's underside; otherwise the mean of its
    solid neighbours in x and y."""
    eps_of = np.array([m.emissivity if m.emissivity is not None else default
                       for m in mesh.materials] + [default])
    cell = eps_of.take(mesh.material)  # material −1 (empty) picks the appended default
    solid = mesh.material >= 0
    eps = np.full(mesh.shape, default)
    # x-y neighbours by shifted slices (views, no wrap-around): sum of the solid
    # neighbours' emissivities and their count
    solid_eps = np.where(solid, cell, 0.0)
    total = np.zeros(mesh.shape)
    count = np.zeros(mesh.shape, dtype=np.int8)
    total[1:] += solid_eps[:-1]
    total[:-1] += solid_eps[1:]
    total[:, 1:] += solid_eps[:, :-1]
    total[:, :-1] += solid_eps[:, 1:]
    count[1:] += solid[:-1]
    count[:-1] += solid[1:]
    count[:, 1:] += solid[:, :-1]
    count[:, :-1] += solid[:, 1:]
    # masked copies in place (no boolean gathers of full-grid arrays)
    np.divide(total, count, out=eps, where=count > 0)
    # solid above (and none below): its underside; solid below: its top face (wins)
    np.copyto(eps[:, :, :-1], cell[:, :, 1:], where=solid[:, :, 1:])
    np.copyto(eps[:, :, 1:], cell[:, :, :-1], where=solid[:, :, :-1])
    sides = {"zmax": cell[:, :, -1], "zmin": cell[:, :, 0], "xmin": cell[0], "xmax": cell[-1],
             "ymin": cell[:, 0], "ymax": cell[:, -1]}
    return eps, sides


def _ring_mask_xy(mesh: PackageMesh) -> np.ndarray:
    """(nx, ny) True outside the package shadow grown by the JESD51-8 clearance."""
    pkg = [p for p in mesh.layout.parts.values() if p.kind != "board"]
    x0 = min(p.envelope[0] for p in pkg) - RING_CLEARANCE
    x1 = max(p.envelope[1] for p in pkg) + RING_CLEARANCE
    y0 = min(p.envelope[2] for p in pkg) - RING_CLEARANCE
    y1 = max(p.envelope[3] for p in pkg) + RING_CLEARANCE
    xc = 0.5 * (mesh.grid.x[:-1] + mesh.grid.x[1:])
    yc = 0.5 * (mesh.grid.y[:-1] + mesh.grid.y[1:])
    inside = ((xc[:, None] > x0) & (xc[:, None] < x1)) & ((yc[None, :] > y0) & (yc[None, :] < y1))
    return ~inside


def _apply_effective_fins(mesh: PackageMesh, h: np.ndarray, sides: dict,
                          film: FilmCoefficients, env_emissivity: float) -> None:
    """Give the face carrying unmeshed fins the fin-efficiency h_eff (see metrics.fins)."""
    from chippack.mesh.package import effective_fins
    from chippack.metrics.fins import effective_base_h

    g = mesh.grid
    xc, yc = 0.5 * (g.x[:-1] + g.x[1:]), 0.5 * (g.y[:-1] + g.y[1:])
    for pid in effective_fins(mesh.layout):
        part = mesh.layout.parts[pid]
        fins = mesh.layout.spec.parts[pid].fins
        plate = part.features["plate"][0]
        downward = part.features["fins"][0, 5] <= plate[4] + 1e-12
        film_h = film.down if downward else film.up
        eps = mesh.layout.material_of(pid).emissivity
        if eps is not None:  # the fins radiate with their own emissivity
            film_h += (eps - env_emissivity) * film.black_radiation
        length = plate[3] - plate[2] if fins.axis == "y" else plate[1] - plate[0]
        base = (plate[1] - plate[0]) * (plate[3] - plate[2])
        k = mesh.layout.material_of(pid).k[2]
        h_eff = effective_base_h(film_h, k, fins.count, fins.thickness, fins.height,
                                 length, base).h_effective
        under = ((xc > plate[0]) & (xc < plate[1]))[:, None] & ((yc > plate[2]) & (yc < plate[3]))[None, :]
        if downward:
            k_face = int(np.searchsorted(g.z, plate[4] - 1e-12)) - 1
            if k_face < 0:
                sides["zmin"].h[under] = h_eff
            else:
                h[:, :, k_face][under & (mesh.region[:, :, k_face] == AMBIENT)] = h_eff
        else:
            k_face = int(np.searchsorted(g.z, plate[5] + 1e-12))
            if k_face >= mesh.shape[2]:
                sides["zmax"].h[under] = h_eff
            else:
                h[:, :, k_face][under & (mesh.region[:, :, k_face] == AMBIENT)] = h_eff


def boundary_conditions(mesh: PackageMesh, env: Environment,
                        film: FilmCoefficients | None = None) -> BoundarySet:
    """Ambient-cell film coefficients and outer-side conditions for ``env``'s cooling.

    Air first: ambient cells with solid below them see faces looking up (``film.up``),
    those with solid above see faces looking down, the rest side faces. Then each held
    face of :attr:`Environment.cooling` (cold plates, fixed temperatures, film
    coefficients, attached sinks) overrides what the air gave those faces.
    """
    shape = mesh.shape
    ambient = mesh.region == AMBIENT
    h = np.zeros(shape)
    t = np.full(shape, env.ambient)
    group = np.zeros(shape, dtype=np.int64)
    sides = {s: SideCondition.adiabatic() for s in SIDES}
    cooling = env.cooling
    if cooling.air is not None:
        if film is None:
            raise ValueError("air environments need film coefficients")
        above, below = solid_above_below(mesh.part >= 0)
        nx, ny, nz = shape
        up, down = np.full((nx, ny), film.up), np.full((nx, ny), film.down)
        if film.duct is not None:  # forced air: local h over the board and the package
            xc = 0.5 * (mesh.grid.x[:-1] + mesh.grid.x[1:])
            yc = 0.5 * (mesh.grid.y[:-1] + mesh.grid.y[1:])
            up = film.duct.up(xc[:, None], yc[None, :]) + film.radiation
            down = film.duct.down(xc[:, None], yc[None, :]) + film.radiation
        h[ambient & below] = np.broadcast_to(up[:, :, None], shape)[ambient & below]
        h[ambient & above & ~below] = np.broadcast_to(down[:, :, None], shape)[
            ambient & above & ~below]
        h[ambient & ~above & ~below] = film.side
        sides["zmax"] = SideCondition(h=up, t=env.ambient)
        sides["zmin"] = SideCondition(h=down, t=env.ambient)
        for s, shp in (("xmin", (ny, nz)), ("xmax", (ny, nz)), ("ymin", (nx, nz)),
                       ("ymax", (nx, nz))):
            sides[s] = SideCondition(h=np.full(shp, film.side), t=env.ambient)
        # radiation with each face's own emissivity instead of the environment's
        eps, side_eps = face_emissivity(mesh, env.emissivity)
        h[ambient] += (eps[ambient] - env.emissivity) * film.black_radiation
        for s, e in side_eps.items():
            sides[s] = SideCondition(
                h=np.asarray(sides[s].h) + (e - env.emissivity) * film.black_radiation,
                t=env.ambient)
        _apply_effective_fins(mesh, h, sides, film, env.emissivity)
    for n, held in enumerate(cooling.faces):
        _hold(mesh, held, env, h, t, group, sides, COLD_PLATE_GROUP + n)
    return BoundarySet(h, t, group, sides, film)


def _set_side(sides: dict, name: str, mask: np.ndarray, h: float, temp: float) -> None:
    """Hold the outer side ``name`` at ``temp`` through ``h`` where ``mask``."""
    old = sides[name]
    hs = np.broadcast_to(np.asarray(old.h, dtype=float), mask.shape).copy()
    ts = np.broadcast_to(np.asarray(old.t, dtype=float), mask.shape).copy()
    hs[mask], ts[mask] = h, temp
    sides[name] = SideCondition(h=hs, t=ts)


#: (side name, axis, high end) of the domain's outer sides, in SIDES order.
_SIDE_AXES = (("xmin", 0, False), ("xmax", 0, True), ("ymin", 1, False), ("ymax", 1, True),
              ("zmin", 2, False), ("zmax", 2, True))
_FACE_SIDES = {"top": ("zmax",), "bottom": ("zmin",), "sides": ("xmin", "xmax", "ymin", "ymax"),
               "all": ("xmin", "xmax", "ymin", "ymax", "zmin", "zmax")}


def _exposed_faces(mesh: PackageMesh, cells: np.ndarray, face: str):
    """Where ``cells`` (bool, a part or the model's outer layer) meet the outside through
    the faces ``face``: ambient cells next to them, outer-side masks, and the area, m²."""
    ambient = mesh.region == AMBIENT
    held = np.zeros(mesh.shape, dtype=bool)
    side_masks: dict[str, np.ndarray] = {}
    area = 0.0
    for name, axis, high in _SIDE_AXES:
        if name not in _FACE_SIDES[face]:
            continue
        a = np.broadcast_to(mesh.grid.face_areas(axis), mesh.shape)
        n = mesh.shape[axis]
        src = [slice(None)] * 3
        dst = [slice(None)] * 3
        src[axis], dst[axis] = (slice(0, n - 1), slice(1, n)) if high else (slice(1, n),
                                                                            slice(0, n - 1))
        meet = cells[tuple(src)] & ambient[tuple(dst)]
        held[tuple(dst)] |= meet
        area += float(a[tuple(src)][meet].sum())
        end = [slice(None)] * 3
        end[axis] = n - 1 if high else 0
        on_side = cells[tuple(end)]
        if on_side.any():
            side_masks[name] = on_side
            area += float(a[tuple(end)][on_side].sum())
    return held, side_masks, area


def _hold(mesh: PackageMesh, cond: FaceCondition, env: Environment, h: np.ndarray,
          t: np.ndarray, group: np.ndarray, sides: dict, group_id: int) -> None:
    """Apply one held face (cold plate, fixed temperature, film, attached sink)."""
    temp = env.ambient if cond.temperature is None else cond.temperature
    if cond.face == "ring":
        _ring_clamp(mesh, env, h, t, group, sides, group_id, temp)
        return
    if cond.on in ("top", "bottom"):
        # the model's highest (lowest) faces, as a flat plate pressed on it would touch
        k = mesh.shape[2] - 1 if cond.on == "top" else 0
        on_side = mesh.conducting[:, :, k]
        held = np.zeros(mesh.shape, dtype=bool)  # a flat plate does not reach into recesses
        side_masks = {("zmax" if cond.on == "top" else "zmin"): on_side}
        area = float(np.broadcast_to(mesh.grid.face_areas(2), mesh.shape)[:, :, k][on_side].sum())
    else:
        if cond.on not in mesh.part_ids:
            raise SpecError(f"environment {env.name}: on", f"no part {cond.on!r}; use top, "
                            f"bottom or one of {', '.join(mesh.part_ids)}")
        cells = mesh.part_mask(cond.on) & mesh.conducting
        held, side_masks, area = _exposed_faces(mesh, cells, cond.face)
    if area <= 0:
        raise SpecError(f"environment {env.name}: {cond.on}",
                        f"the {cond.face} face of {cond.on} touches no outside (it is covered "
                        "by other parts); choose a face that is exposed")
    value = 1.0 / (cond.theta * area) if cond.theta is not None else cond.h
    h[held], t[held], group[held] = value, temp, group_id
    for name, mask in side_masks.items():
        _set_side(sides, name, mask, value, temp)


def _ring_clamp(mesh: PackageMesh, env: Environment, h: np.ndarray, t: np.ndarray,
                group: np.ndarray, sides: dict, group_id: int, temp: float) -> None:
    """JESD51-8: both board faces clamped outside the package shadow grown by 5 mm."""
    shape = mesh.shape
    ambient = mesh.region == AMBIENT
    ring = _ring_mask_xy(mesh)
    boards = [i for i, pid in enumerate(mesh.part_ids) if mesh.layout.parts[pid].kind == "board"]
    if not boards:
        raise SpecError("environment", "ring-cold-plate needs a board under the package")
    board_z = np.any(np.isin(mesh.part, boards), axis=(0, 1))
    kz = np.flatnonzero(board_z)
    near_board = np.zeros(shape[2], dtype=bool)
    near_board[max(kz[0] - 1, 0):kz[-1] + 2] = True
    clamp = ambient & ring[:, :, None] & near_board[None, None, :]
    h[clamp], t[clamp], group[clamp] = np.inf, temp, group_id
    for s in ("zmin", "zmax"):
        k = 0 if s == "zmin" else shape[2] - 1
        on_board = np.isin(mesh.part[:, :, k], boards) & ring
        if on_board.any():
            sides[s] = SideCondition(h=np.where(on_board, np.inf, 0.0), t=temp)
