"""Fixture geometries: the layout variants a thermal test solves, built before meshing.

A JEDEC measurement does not look at the package alone. Still and forced air
(JESD51-2A, -6) and the ring cold plate (JESD51-8) mount it on a test board
(JESD51-7 2s2p or JESD51-3 1s0p, sized by JESD51-9/-11); the top cold plate
(θJC) holds the package alone; the bottom-sink comparison removes a sink that sits
under the substrate. Each variant is a :class:`Fixture`, turned into a layout by
:func:`fixture_layout`, so that environments sharing a fixture share one layout and
one mesh (see ``docs/physics.md``, "What each JEDEC fixture models").
"""

from __future__ import annotations

from dataclasses import dataclass

from chippack.errors import SpecError
from chippack.layout import Layout, lay_out
from chippack.model import PackageSpec
from chippack.model.parts import Board
from chippack.model.stack import ViaFieldSpec, ViaRegion

#: JESD51-9/-11 board size for packages up to 40, 65 and 90 mm (width, length), m. The
#: length holds a width x width square, the package at its centre (JESD51-9 §5.1), and
#: the edge-connector strip; :func:`with_jedec_board` lays the length along x.
JEDEC_BOARD_SIZE = {40e-3: (101.5e-3, 114.5e-3), 65e-3: (127e-3, 139.5e-3),
                    90e-3: (152.5e-3, 165e-3)}
#: JEDEC test board builds.
BOARDS = ("2s2p", "1s0p")


@dataclass(frozen=True)
class Fixture:
    """The geometry of a test: on a JEDEC board (``board`` = its build) or alone
    (``board=None``), with or without the heat sinks under the substrate.

    >>> Fixture("2s2p"), Fixture(None).describe()
    (Fixture(board='2s2p', bottom_sink=True), 'package alone')
    """

    board: str | None = "2s2p"
    bottom_sink: bool = True

    def __post_init__(self):
        if self.board is not None and self.board not in BOARDS:
            raise SpecError("board", f"unknown board {self.board!r}; use 2s2p or 1s0p")

    def describe(self) -> str:
        where = f"on a JEDEC {self.board} board" if self.board else "package alone"
        return where + ("" if self.bottom_sink else ", without the bottom sink")


def jedec_board_size(package_size: float) -> tuple[float, float]:
    """Board (width, length) in m for a package of the given largest side, m (JESD51-9/-11
    Table 1).

    >>> jedec_board_size(0.035)
    (0.1015, 0.1145)
    """
    for limit, size in sorted(JEDEC_BOARD_SIZE.items()):
        if package_size <= limit + 1e-9:
            return size
    raise SpecError("environment.board",
                    f"no JEDEC board size for a {package_size * 1e3:.4g} mm package (> 90 mm)")


def land_via_field(spec: PackageSpec, mount: str, build: str) -> ViaFieldSpec | None:
    """The via field of a ball array's ``board_vias`` on a JEDEC ``build`` board, or None.

    One plated through-hole per land (via-in-pad; a dog-bone via one land-pitch away
    carries the same copper), smeared at the ball pitch over the array's footprint and
    through the whole 1.6 mm board, so it ties the lands to both JESD51-7 planes. Only
    the 2s2p board has planes to reach; on the JESD51-3 1s0p board the lands end on the
    top traces (JESD51-3 has no vias under the package), so the option is ignored there.
    """
    others = [pid for pid, p in spec.parts.items()
              if pid != mount and getattr(p, "board_vias", None) is not None]
    if others:
        raise SpecError(f"parts.{others[0]}.board_vias",
                        f"only the ball array the board is mounted under ({mount}) can carry "
                        f"board_vias; give a board part with thermal_vias under {others[0]} "
                        "instead")
    lands = getattr(spec.parts[mount], "board_vias", None)
    if lands is None or build != "2s2p":
        return None
    pitch = spec.parts[mount].pitch
    return ViaFieldSpec(name="land_vias", through="all", pitch=f"{pitch} m",
                        diameter=f"{lands.diameter} m",
                        plating=None if lands.plating is None else f"{lands.plating} m",
                        material=lands.material, region=ViaRegion(under=mount))


def with_jedec_board(spec: PackageSpec, layout: Layout, build: str = "2s2p") -> PackageSpec:
    """The spec with a JEDEC test board under its solder balls (cut out for parts that pass).

    Placement (JESD51-9 §5.1, JESD51-11 §5.1): the package is centred in the width x width
    square at the board's end away from the edge connector, so it sits width/2 from three
    edges and width/2 + (length − width) from the connector edge (6.5 mm off the board
    centre on the 101.5 x 114.5 mm board). The length runs along x, the connector strip at
    +x: the JESD51-6 tunnel flow (+x) meets the package's end first and leaves over the
    connector strip (JESD51-9/-11 §6 route the wiring to the connector along the tunnel's
    trailing edge).

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
    width, length = jedec_board_size(max(sx, sy))
    # JESD51-9 §5.1: the package sits at the centre of a width x width square at the board's
    # end away from the edge connector; the rest of the length is the connector strip,
    # downstream in a JESD51-6 tunnel (JESD51-9/-11 §6 route its wiring along the
    # trailing edge): the length runs along the flow (+x), the strip at +x
    offset = 0.5 * (length - width)
    # spec lengths without units are millimetres: state the unit explicitly
    board = Board(kind="board", size=(f"{length} m", f"{width} m"), thickness="1.6 mm",
                  jedec=build, under=mount, centered=mount, offset=(f"{offset} m", "0 m"),
                  cutout=through, thermal_vias=land_via_field(spec, mount, build))
    parts = dict(spec.parts)
    parts["board"] = board
    return spec.model_copy(update={"parts": parts})


def bottom_sinks(layout: Layout) -> list[str]:
    """Heat sinks under the substrate (seed 000's second heat sink)."""
    subs = layout.of_kind("substrate")
    if not subs:
        return []
    bottom = min(p.bottom for p in subs.values())
    return [pid for pid, p in layout.of_kind("heat_sink").items() if p.top <= bottom + 1e-9]


def without_bottom_sink(layout: Layout) -> PackageSpec | None:
    """The spec with its bottom heat sink(s) removed, balls unchanged (None if it has none).

    A ball ring kept out around a removed sink keeps its depopulated centre
    (``keepout_size``), so the comparison changes only the sink.
    """
    sinks = bottom_sinks(layout)
    if not sinks:
        return None
    spec = layout.spec
    parts = {}
    for pid, part in spec.parts.items():
        if pid in sinks:
            continue
        update: dict = {}
        if getattr(part, "keepout", None) in sinks:
            update.update(keepout=None, keepout_size=layout.parts[part.keepout].footprint_size)
        if part.around in sinks:
            update["around"] = None
        if part.below in sinks:
            update["below"] = None
        if part.centered in sinks:
            update["centered"] = None
        parts[pid] = part.model_copy(update=update) if update else part
    return spec.model_copy(update={"name": f"{spec.name} without bottom sink", "parts": parts})


def on_jedec_board(layout: Layout, build: str = "2s2p") -> Layout:
    """``layout`` mounted on a JEDEC ``build`` test board (the same object when the design
    brings its own board)."""
    spec = with_jedec_board(layout.spec, layout, build)
    return layout if spec is layout.spec else lay_out(spec)


def fixture_layout(layout: Layout, fixture: Fixture) -> Layout:
    """The layout of ``layout`` in ``fixture`` (the same object when nothing changes).

    A design without bottom sinks asked for ``bottom_sink=False`` is unchanged; a
    design that brings its own board keeps it.
    """
    base = layout
    if not fixture.bottom_sink:
        bare = without_bottom_sink(layout)
        if bare is not None:
            base = lay_out(bare)
    return base if fixture.board is None else on_jedec_board(base, fixture.board)
