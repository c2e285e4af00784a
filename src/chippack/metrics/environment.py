"""JEDEC test environments as boundary conditions on a package mesh.

* ``still-air``  (JESD51-2A): package on a JEDEC board (2s2p by default), natural
  convection on every exposed face plus linearised radiation; the film
  coefficients are re-evaluated at the solved surface temperatures.
* ``forced-air`` (JESD51-6): same board in duct flow along x at the given air
  velocity: per-face h of a raised package on a board (restarted boundary layers on
  the package and behind it, the board's own layer elsewhere, combined with natural
  convection; :func:`chippack.metrics.convection.duct_flow_film`), plus radiation.
* ``cold-plate-top`` (θJC,top): the package alone, its top face held at the
  cold-plate temperature (ideal contact), every other face adiabatic.
* ``ring-cold-plate`` (JESD51-8, θJB): the package on a 2s2p board clamped on
  both faces by a cold plate everywhere outside a square 5 mm beyond the package
  shadow; everything else insulated (adiabatic).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from chippack.errors import SpecError
from chippack.layout import Layout
from chippack.mesh.package import AMBIENT, PackageMesh, solid_above_below
from chippack.model import PackageSpec
from chippack.model.parts import Board
from chippack.thermal.problem import SIDES, SideCondition

EnvironmentName = Literal["still-air", "forced-air", "cold-plate-top", "ring-cold-plate"]
ENVIRONMENTS: tuple[str, ...] = ("still-air", "forced-air", "cold-plate-top", "ring-cold-plate")

#: JESD51-9/-11 board size for packages up to 40 mm (x, y), m.
JEDEC_BOARD_SIZE = {40e-3: (101.5e-3, 114.5e-3), 65e-3: (127e-3, 139.5e-3),
                    90e-3: (152.5e-3, 165e-3)}
#: JESD51-8: ring cold plate clamps ≥ 5 mm from the package shadow.
RING_CLEARANCE = 5e-3
#: Ambient group labels (heat out is reported per group).
AIR_GROUP, COLD_PLATE_GROUP = 0, 1


@dataclass(frozen=True)
class Environment:
    """A thermal test environment.

    ``ambient``: air or cold-plate temperature, °C; ``velocity``: air speed for
    forced air, m/s; ``board``: JEDEC board build; ``emissivity``: effective
    emissivity of exposed faces (solder mask, mold, anodised or oxidised metal).
    """

    name: EnvironmentName = "still-air"
    ambient: float = 25.0
    velocity: float = 1.0
    board: Literal["2s2p", "1s0p"] = "2s2p"
    emissivity: float = 0.85

    def __post_init__(self):
        if self.name not in ENVIRONMENTS:
            raise SpecError("environment", f"unknown environment {self.name!r}; use one of "
                            f"{', '.join(ENVIRONMENTS)}")
        if self.name == "forced-air" and self.velocity <= 0:
            raise SpecError("environment.velocity", f"must be > 0 m/s, got {self.velocity}")
        if not 0 <= self.emissivity <= 1:
            raise SpecError("environment.emissivity", f"must lie in [0, 1], got {self.emissivity}")

    @property
    def needs_board(self) -> bool:
        return self.name != "cold-plate-top"


def jedec_board_size(package_size: float) -> tuple[float, float]:
    """Board (x, y) in m for a package of the given largest side (JESD51-9/-11 table)."""
    for limit, size in sorted(JEDEC_BOARD_SIZE.items()):
        if package_size <= limit + 1e-9:
            return size
    raise SpecError("environment.board",
                    f"no JEDEC board size for a {package_size * 1e3:.4g} mm package (> 90 mm)")


def with_jedec_board(spec: PackageSpec, layout: Layout, build: str = "2s2p") -> PackageSpec:
    """The spec with a JEDEC test board under its solder balls (cut out for parts that pass).

    A package that already has a board is returned unchanged.
    """
    if spec.parts_of_kind("board"):
        return spec
    balls = [pid for pid, p in layout.parts.items() if p.kind == "ball_array"]
    if not balls:
        raise SpecError(
            "parts",
            "a JEDEC board environment needs solder balls (a ball_array under the substrate) "
            "to mount the package on; add one or use the cold-plate-top environment",
        )
    mount = max(balls, key=lambda b: layout.parts[b].solid_footprint_area)
    ball_bottom = layout.parts[mount].bottom
    through = [pid for pid, p in layout.parts.items()
               if pid != mount and not p.filler and p.bottom < ball_bottom - 1e-9]
    sx = max(p.footprint_size[0] for p in layout.parts.values())
    sy = max(p.footprint_size[1] for p in layout.parts.values())
    size = jedec_board_size(max(sx, sy))
    # spec lengths without units are millimetres: state the unit explicitly
    board = Board(kind="board", size=(f"{size[0]} m", f"{size[1]} m"), thickness="1.6 mm",
                  jedec=build, under=mount, centered=mount, cutout=through)
    parts = dict(spec.parts)
    parts["board"] = board
    return spec.model_copy(update={"parts": parts})


@dataclass(frozen=True)
class FilmCoefficients:
    """h (W/m²K) on faces looking up, down and sideways (convection + radiation)."""

    up: float
    down: float
    side: float
    #: forced air: the per-face model, whose local values replace ``up``/``down`` on the mesh
    duct: object | None = None
    radiation: float = 0.0


def film_coefficients(env: Environment, surface_c: float, layout: Layout) -> FilmCoefficients:
    """Convection + radiation coefficients at a surface temperature for ``env``."""
    from chippack.metrics import convection as cv

    boards = layout.of_kind("board")
    ref = next(iter(boards.values())) if boards else max(
        layout.parts.values(), key=lambda p: p.footprint_area)
    sx, sy = ref.footprint_size
    area, perimeter = sx * sy, 2 * (sx + sy)
    surface_c = max(surface_c, env.ambient + 0.5)  # correlations need a positive ΔT
    h_rad = cv.h_radiation(surface_c, env.ambient, env.emissivity)
    height = max(layout.bounds[5] - layout.bounds[4], 1e-3)
    if env.name == "forced-air":
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
        duct = cv.duct_flow_film(env.velocity, (e[0], e[1], e[2], e[3]), package, surface_c,
                                 env.ambient, natural)
        # the scalars (reported, and used by the fin-efficiency model) are the local
        # values at the package centre
        centre = (0.5 * (package[0] + package[1]), 0.5 * (package[2] + package[3]))
        return FilmCoefficients(float(duct.up(*centre)) + h_rad,
                                float(duct.down(*centre)) + h_rad,
                                duct.sides + h_rad, duct=duct, radiation=h_rad)
    return FilmCoefficients(
        up=cv.h_horizontal_up(surface_c, env.ambient, area, perimeter) + h_rad,
        down=cv.h_horizontal_down(surface_c, env.ambient, area, perimeter) + h_rad,
        side=cv.h_vertical(surface_c, env.ambient, height) + h_rad,
    )


@dataclass
class BoundarySet:
    """Arrays for :class:`chippack.thermal.problem.ConductionProblem`."""

    ambient_h: np.ndarray
    ambient_t: np.ndarray
    ambient_group: np.ndarray
    sides: dict[str, SideCondition]
    film: FilmCoefficients | None = None


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
                          film: FilmCoefficients) -> None:
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
    """Ambient-cell film coefficients and outer-side conditions for ``env``.

    Ambient cells with solid below them see faces looking up (``film.up``), those
    with solid above see faces looking down, the rest side faces.
    """
    shape = mesh.shape
    ambient = mesh.region == AMBIENT
    h = np.zeros(shape)
    t = np.full(shape, env.ambient)
    group = np.zeros(shape, dtype=np.int64)
    sides = {s: SideCondition.adiabatic() for s in SIDES}
    above, below = solid_above_below(mesh.part >= 0)
    if env.name in ("still-air", "forced-air"):
        if film is None:
            raise ValueError("air environments need film coefficients")
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
        _apply_effective_fins(mesh, h, sides, film)
    elif env.name == "cold-plate-top":
        # the ideal cold plate covers the top face of the package's highest parts
        top = mesh.grid.shape[2] - 1
        solid_top = mesh.conducting[:, :, top]
        sides["zmax"] = SideCondition(h=np.where(solid_top, np.inf, 0.0), t=env.ambient)
        group[:] = COLD_PLATE_GROUP
    elif env.name == "ring-cold-plate":
        ring = _ring_mask_xy(mesh)
        boards = [i for i, pid in enumerate(mesh.part_ids) if mesh.layout.parts[pid].kind == "board"]
        if not boards:
            raise SpecError("environment", "ring-cold-plate needs a board under the package")
        board_z = np.any(np.isin(mesh.part, boards), axis=(0, 1))
        kz = np.flatnonzero(board_z)
        near_board = np.zeros(shape[2], dtype=bool)
        near_board[max(kz[0] - 1, 0):kz[-1] + 2] = True
        clamp = ambient & ring[:, :, None] & near_board[None, None, :]
        h[clamp] = np.inf
        group[clamp] = COLD_PLATE_GROUP
        for s in ("zmin", "zmax"):
            k = 0 if s == "zmin" else shape[2] - 1
            on_board = np.isin(mesh.part[:, :, k], boards) & ring
            if on_board.any():
                sides[s] = SideCondition(h=np.where(on_board, np.inf, 0.0), t=env.ambient)
    return BoundarySet(h, t, group, sides, film)
