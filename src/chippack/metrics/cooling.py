"""Cooling as a description: board, air, cold plates, film coefficients and attached sinks.

Every thermal environment is one :class:`Cooling`: the JEDEC fixtures are fixed
instances of it (:func:`chippack.metrics.environment.Environment.cooling`), and a
user writes their own in YAML (``chippack run --env my_cooling.yaml``)::

    name: sink-on-lid         # the run's name in tables and results.json
    ambient: 35               # °C (air and, by default, every fixed temperature)
    emissivity: 0.9           # of faces exposed to the air
    board: 2s2p               # mount on a JEDEC 2s2p / 1s0p board, or none
    air: still                # still (natural convection), {velocity: 2} (m/s), or none
    heat_sink:                # an attached sink on a face: by θSA ...
      on: lid                 # top, bottom or a part id (its top face unless face: ...)
      theta_sa: 0.8 K/W
    cold_plates:              # ideal (or with contact resistance) isothermal plates
      - on: bottom
        temperature: 25       # °C (default: ambient)
        resistance: 5 mm^2*K/W
    faces:                    # fixed temperature or film coefficient on a part's faces
      - on: stiffener
        face: sides           # top, bottom, sides or all
        h: 50 W/m^2/K         # (or temperature: 40)

A sink given by plate-fin geometry replaces ``theta_sa`` by ``fins:`` (count,
thickness, height, optional ``material``, ``base_thickness``, ``h`` or ``velocity``);
its θSA is the base conduction plus the fin-efficiency film resistance
(Incropera & DeWitt §3.6, :mod:`chippack.metrics.fins`). An attached sink is a
uniform film coefficient h = 1/(θSA·A) on the face it sits on (area A): it adds
exactly θSA in series where the face is isothermal, and ignores spreading inside
the sink's base.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from chippack.errors import SpecError
from chippack.inputs.options import check_ambient, check_velocity
from chippack.model.spec import MAX_NAME_CHARS  # an environment's name as a package's
from chippack.units import to_si

#: Faces of a part a condition may sit on (``ring``: the JESD51-8 clamp on the board).
FACES = ("top", "bottom", "sides", "all", "ring")
#: Targets that are not part ids: the faces of the whole model at its top and bottom.
OUTER = ("top", "bottom")


@dataclass(frozen=True)
class AirFlow:
    """Air around every face not otherwise held: natural convection (``velocity=None``)
    or forced along the board at ``velocity`` m/s."""

    velocity: float | None = None

    def __post_init__(self):
        if self.velocity is not None and self.velocity <= 0:
            raise SpecError("air.velocity", f"must be > 0 m/s, got {self.velocity}")


@dataclass(frozen=True)
class FaceCondition:
    """Faces of ``on`` (``top``/``bottom`` of the model, or a part id) held at
    ``temperature`` °C (None: the ambient) through a film coefficient ``h``
    (W/m²K; ``inf``: ideal contact). ``theta`` (K/W), if set, replaces ``h`` by
    1/(θ·A) over the selected faces' area A (attached heat sinks)."""

    on: str
    face: str = "top"
    h: float = math.inf
    temperature: float | None = None
    theta: float | None = None
    group: str = "cold plate"

    def __post_init__(self):
        if self.face not in FACES:
            raise SpecError("face", f"{self.face!r}; use one of {', '.join(FACES)}")
        if not self.h > 0:
            raise SpecError("h", f"must be > 0 W/m^2/K, got {self.h}")
        if self.theta is not None and not self.theta > 0:
            raise SpecError("theta_sa", f"must be > 0 K/W, got {self.theta}")


@dataclass(frozen=True)
class Cooling:
    """What cools the package: the fixture (``board``), the air and the held faces."""

    board: str | None = None
    air: AirFlow | None = None
    faces: tuple[FaceCondition, ...] = ()


@dataclass(frozen=True)
class CoolingFile:
    """A user-defined environment read from YAML (see the module docstring)."""

    name: str
    ambient: float
    emissivity: float
    cooling: Cooling


def _positive(value: float, where: str, unit: str, zero_ok: bool = False) -> float:
    """A size or coefficient that cannot be negative (or zero) for the geometry to exist."""
    if not (value >= 0 if zero_ok else value > 0) or not math.isfinite(value):
        raise SpecError(where, f"must be {'>=' if zero_ok else '>'} 0 {unit}, got {value:g}")
    return value


def _check_keys(raw: dict, allowed: tuple[str, ...], where: str) -> None:
    unknown = [k for k in raw if k not in allowed]
    if unknown:
        raise SpecError(where or "environment", f"unknown key{'s' * (len(unknown) > 1)} "
                        f"{', '.join(map(repr, unknown))}; use {', '.join(allowed)}")


def _mapping(raw, where: str) -> dict:
    if not isinstance(raw, dict):
        raise SpecError(where, f"expected a mapping of keys, got {type(raw).__name__}")
    return raw


def _target(raw: dict, where: str) -> tuple[str, str]:
    on = raw.get("on")
    if not isinstance(on, str) or not on:
        raise SpecError(f"{where}.on", "give the face: top, bottom or a part id")
    face = raw.get("face", on if on in OUTER else "top")
    if face not in FACES[:-1]:
        raise SpecError(f"{where}.face", f"{face!r}; use top, bottom, sides or all")
    return on, face


def plate_fin_theta(fins: dict, base_area: float, ambient: float, where: str) -> float:
    """θSA (K/W) of a plate-fin sink on a base of ``base_area`` m²: base conduction plus
    the fin-efficiency film resistance 1/(h_eff·A) (Incropera & DeWitt §3.6)."""
    from chippack.materials import builtin_materials
    from chippack.metrics import convection as cv
    from chippack.metrics.fins import effective_base_h

    _check_keys(fins, ("count", "thickness", "height", "length", "material", "base_thickness",
                       "h", "velocity"), where)
    try:
        count = fins["count"]
        thickness = to_si(fins["thickness"], "m", f"{where}.thickness", "mm")
        height = to_si(fins["height"], "m", f"{where}.height", "mm")
    except KeyError as err:
        raise SpecError(where, f"missing {err.args[0]!r}; plate fins need count, thickness "
                        "and height") from None
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10_000:
        raise SpecError(f"{where}.count", f"{count!r}; give a whole number of fins from 1 to "
                        "10000 (no fins: use theta_sa, or faces with h)")
    _positive(thickness * 1e3, f"{where}.thickness", "mm")
    _positive(height * 1e3, f"{where}.height", "mm")
    length = to_si(fins.get("length", math.sqrt(base_area) * 1e3), "m", f"{where}.length", "mm")
    _positive(length * 1e3, f"{where}.length", "mm")
    base_t = to_si(fins.get("base_thickness", 0), "m", f"{where}.base_thickness", "mm")
    _positive(base_t * 1e3, f"{where}.base_thickness", "mm", zero_ok=True)
    library = builtin_materials()
    name = str(fins.get("material", "aluminium"))
    if name not in library:
        raise SpecError(f"{where}.material", f"unknown material {name!r}; use one of "
                        f"{', '.join(sorted(library))}")
    if not library[name].is_solid:
        raise SpecError(f"{where}.material", f"{name} is a gas; fins are metal plates (the "
                        "default is aluminium; copper for a heavier sink)")
    k = library[name].k[2]
    if "h" in fins:
        h = _positive(to_si(fins["h"], "W/m^2/K", f"{where}.h"), f"{where}.h", "W/m^2/K")
    elif "velocity" in fins:
        velocity = check_velocity(to_si(fins["velocity"], "m/s", f"{where}.velocity"),
                                  f"{where}.velocity")
        h = cv.h_forced_plate(velocity, length, ambient + 20.0, ambient)
    else:  # natural convection on vertical fins, 20 K above ambient
        h = cv.h_vertical(ambient + 20.0, ambient, height)
    try:
        finned = effective_base_h(h, k, count, thickness, height, length, base_area)
    except ValueError as err:
        raise SpecError(where, f"{err}; use fewer or thinner fins") from None
    return base_t / (k * base_area) + 1.0 / (finned.h_effective * base_area)


def parse_cooling(raw, source: str = "environment") -> CoolingFile:
    """A :class:`CoolingFile` from a YAML mapping (one-line errors naming the key)."""
    raw = _mapping(raw, source)
    _check_keys(raw, ("name", "ambient", "emissivity", "board", "air", "heat_sink",
                      "cold_plates", "faces"), source)
    name = str(raw.get("name", Path(source).stem))
    if not name.strip() or len(name) > MAX_NAME_CHARS:
        raise SpecError("name", f"{'an empty name' if not name.strip() else f'{len(name):,} characters'}"
                        f"; give the environment a name of 1 to {MAX_NAME_CHARS} characters "
                        "(it heads the run's row in tables and results.json)")
    ambient = check_ambient(to_si(raw.get("ambient", 25.0), "degC", "ambient"), "ambient")
    emissivity = raw.get("emissivity", 0.85)
    if isinstance(emissivity, bool) or not isinstance(emissivity, int | float) or not (
            0 <= emissivity <= 1):
        raise SpecError("emissivity", f"must lie in [0, 1], got {emissivity}")
    board = raw.get("board", None)
    board = None if board in (None, "none", False) else str(board)
    if board is not None and board not in ("2s2p", "1s0p"):
        raise SpecError("board", f"unknown board {board!r}; use 2s2p, 1s0p or none")
    air_raw = raw.get("air", None)
    if air_raw in (None, "none", False):
        air = None
    elif air_raw == "still":
        air = AirFlow()
    elif isinstance(air_raw, dict):
        _check_keys(air_raw, ("velocity",), "air")
        speed = to_si(air_raw["velocity"], "m/s", "air.velocity") if "velocity" in air_raw \
            else None
        air = AirFlow(speed)  # refuses speeds <= 0
        if speed is not None:
            check_velocity(speed, "air.velocity")  # and absurd ones (1e4 m/s)
    else:
        raise SpecError("air", f"{air_raw!r}; use still, {{velocity: 2}} or none")
    faces: list[FaceCondition] = []
    for n, item in enumerate(raw.get("cold_plates", None) or []):
        where = f"cold_plates[{n}]"
        item = _mapping(item, where)
        _check_keys(item, ("on", "face", "temperature", "resistance"), where)
        on, face = _target(item, where)
        r = _positive(to_si(item.get("resistance", 0), "K*m^2/W", f"{where}.resistance") * 1e6,
                      f"{where}.resistance", "mm^2*K/W", zero_ok=True) / 1e6
        faces.append(FaceCondition(on, face, math.inf if r == 0 else 1.0 / r,
                                   _temperature(item, where), group="cold plate"))
    for n, item in enumerate(raw.get("faces", None) or []):
        where = f"faces[{n}]"
        item = _mapping(item, where)
        _check_keys(item, ("on", "face", "temperature", "h"), where)
        on, face = _target(item, where)
        if "h" not in item and "temperature" not in item:
            raise SpecError(where, "give temperature (°C) and/or h (W/m^2/K)")
        h = _positive(to_si(item["h"], "W/m^2/K", f"{where}.h"), f"{where}.h", "W/m^2/K") \
            if "h" in item else math.inf
        faces.append(FaceCondition(on, face, h, _temperature(item, where), group="faces"))
    sinks = raw.get("heat_sink", None)
    for n, item in enumerate([sinks] if isinstance(sinks, dict) else sinks or []):
        where = "heat_sink" if isinstance(sinks, dict) else f"heat_sink[{n}]"
        item = _mapping(item, where)
        _check_keys(item, ("on", "face", "theta_sa", "fins", "area"), where)
        on, face = _target(item, where)
        if ("theta_sa" in item) == ("fins" in item):
            raise SpecError(where, "give either theta_sa (K/W) or fins (plate-fin geometry)")
        if "theta_sa" in item:
            theta = _positive(to_si(item["theta_sa"], "K/W", f"{where}.theta_sa"),
                              f"{where}.theta_sa", "K/W")
            faces.append(FaceCondition(on, face, theta=theta, group="heat sink"))
        else:
            faces.append(_fin_sink(item, on, face, ambient, where))
    if not faces and air is None:
        raise SpecError(source, "nothing cools the package; give air, heat_sink, cold_plates "
                        "or faces")
    return CoolingFile(name, ambient, emissivity, Cooling(board, air, tuple(faces)))


def _fin_sink(item: dict, on: str, face: str, ambient: float, where: str) -> FaceCondition:
    """A plate-fin sink: θSA from its geometry on a base of ``area`` (given, m²)."""
    if "area" not in item:
        raise SpecError(f"{where}.area", "a plate-fin sink needs its base area, e.g. "
                        "'area: 30 mm * 30 mm' or 'area: 900 mm^2'")
    area = _positive(to_si(item["area"], "m^2", f"{where}.area", "mm^2") * 1e6, f"{where}.area",
                     "mm^2") / 1e6
    fins = _mapping(item["fins"], f"{where}.fins")
    return FaceCondition(on, face, theta=plate_fin_theta(fins, area, ambient, f"{where}.fins"),
                         group="heat sink")


def _temperature(item: dict, where: str) -> float | None:
    if "temperature" not in item:
        return None
    # a plate or face is held in the range of the ambient (a 5000 °C plate ran)
    return check_ambient(to_si(item["temperature"], "degC", f"{where}.temperature"),
                         f"{where}.temperature")


def read_cooling(path: str | Path) -> CoolingFile:
    """Read a user-defined environment YAML file."""
    from chippack.model import read_yaml

    return parse_cooling(read_yaml(path), str(Path(path).name))
