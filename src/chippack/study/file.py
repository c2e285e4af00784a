"""The study file: what to vary, how to sample it, what to record (pydantic, strict keys).

A study file is YAML::

    name: seed-000 sweep
    base: ../dual_sink_fcbga.yaml        # a spec, family or flow file (or an inline mapping)
    parameters:
      die_size: {values: [8, 10, 12], unit: mm}        # a family parameter ...
      parts.lid.thickness: {range: [0.5, 1.5], unit: mm, levels: 3}   # ... or a spec path
    design: {method: full_factorial}   # latin_hypercube / sobol (samples, seed) or table (rows)
    outputs: [still-air.theta, still-air.tj_max_c, claims.000-1,
              warpage.warpage_um.260C.ball_side, reflow.time_above_liquidus_s.balls]
    solve: {environments: [still-air], refine: 0.5}
    warpage: {at: [25, 260], fatigue: false}   # settings of the warpage.* outputs
    reflow: {profile: jstd020}                 # ... of reflow.*; zth: {...} of zth.*
    optimise: {objectives: [{output: still-air.theta}], trials: 20, seed: 0}
    sensitivity: {method: sobol, samples: 16, outputs: [still-air.theta]}

Every unknown key is refused with its location (``parameters.die_size.rang``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from chippack.errors import ChippackError
from chippack.model import read_yaml

Scalar = float | int | str | bool


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParameterEntry(_Strict):
    """One varied quantity: a list of ``values`` or a ``range`` [low, high] (with ``levels``
    points for a full factorial), in ``unit`` (plain numbers are written as they are)."""

    path: str | None = Field(None, description="dotted path when it differs from the key")
    values: list[Scalar] | None = None
    range: tuple[float, float] | None = None
    levels: int = Field(3, ge=1, description="grid points of a range in a full factorial")
    unit: str | None = None
    integer: StrictBool = Field(False, description="round sampled values to whole numbers")


class DesignEntry(_Strict):
    """Design of experiments: full factorial, Latin hypercube, Sobol sequence or a table."""

    method: Literal["full_factorial", "latin_hypercube", "sobol", "table"] = "full_factorial"
    samples: int | None = Field(None, ge=1, description="points of a Latin hypercube / Sobol")
    seed: int = Field(0, ge=0)
    rows: list[dict[str, Scalar]] | None = Field(None, description="the table's variants")


class SolveEntry(_Strict):
    """Options of every variant's thermal solve (the keywords of ``chippack.solve``)."""

    environments: list[str] = ["still-air", "cold-plate-top", "ring-cold-plate"]
    power: float | None = Field(None, gt=0)
    ambient: float = 25.0
    velocity: float = 1.0
    board: Literal["2s2p", "1s0p"] = "2s2p"
    arrays: Literal["as_spec", "resolved", "homogenized"] = "as_spec"
    refine: float = Field(1.0, gt=0)
    k_of_t: StrictBool = True  # strict: YAML 1.2 reads `no` as a string, pydantic would not
    method: str | None = None
    mesh_growth: float | None = Field(
        None, gt=1, le=4, description="largest size ratio of neighbouring cells (the mesh's "
        "default 1.5); 2 coarsens a study variant's grading to ~2/3 of the cells")


class WarpageEntry(_Strict):
    """Settings of the ``warpage.*`` outputs (:func:`chippack.solve_warpage`)."""

    at: list[float] = Field([25.0, 260.0], min_length=1,
                            description="uniform temperatures, °C (cases 25C, 260C ...)")
    operating: StrictBool = Field(False, description="also the still-air operating field "
                                  "(case 'operating'; reuses the variant's still-air run)")
    fatigue: StrictBool = Field(True, description="board-mounted joint strain and life")
    field: str | None = Field("0,60,1", description="field cycle TMIN,TMAX[,CYCLES/DAY[,DWELL]]")
    stress_free: float | None = None
    refine: float | None = Field(None, gt=0, description="mechanics mesh (default 1)")


class ReflowEntry(_Strict):
    """Settings of the ``reflow.*`` outputs (:func:`chippack.solve_reflow`)."""

    profile: str = Field("jstd020", description="jstd020, an air profile CSV or an oven YAML "
                         "(relative to the study file) or a shipped oven's name")
    h: float | None = Field(None, gt=0, description="film coefficient, W/(m² K)")
    refine: float | None = Field(None, gt=0)


class ZthEntry(_Strict):
    """Settings of the ``zth.*`` outputs (:func:`chippack.solve_zth`)."""

    environment: str = "cold-plate-top"
    t_last: float = Field(1000.0, gt=0, description="last time of the heating curve, s")
    dual_interface: StrictBool = Field(False, description="also the JESD51-14 θJC pair")


class ObjectiveEntry(_Strict):
    output: str
    direction: Literal["minimize", "maximize"] = "minimize"


class ConstraintEntry(_Strict):
    """``output`` must lie in [min, max] (a claim's met flag: ``min: 1``)."""

    output: str
    min: float | None = None
    max: float | None = None


class OptimiseEntry(_Strict):
    objectives: list[ObjectiveEntry] = Field(min_length=1)
    constraints: list[ConstraintEntry] = []
    trials: int = Field(20, ge=1)
    seed: int = Field(0, ge=0)
    sampler: Literal["tpe", "nsga2", "random"] = "tpe"
    batch: int | None = Field(None, ge=1, description="trials asked at once (default: workers)")


class SensitivityEntry(_Strict):
    """Sobol indices by Saltelli sampling: ``samples`` · (2 D + 2) variants for D parameters."""

    method: Literal["sobol"] = "sobol"
    samples: int = Field(16, ge=2, description="base sample N (a power of 2)")
    outputs: list[str] | None = None
    seed: int = Field(0, ge=0)
    confidence: float = Field(0.95, gt=0, lt=1)


class StudyFile(_Strict):
    name: str
    description: str = ""
    base: str | dict[str, Any]
    parameters: dict[str, ParameterEntry] = Field(min_length=1)
    design: DesignEntry | None = None
    outputs: list[str] = Field(min_length=1)
    solve: SolveEntry = SolveEntry()
    warpage: WarpageEntry = WarpageEntry()
    reflow: ReflowEntry = ReflowEntry()
    zth: ZthEntry = ZthEntry()
    optimise: OptimiseEntry | None = None
    sensitivity: SensitivityEntry | None = None
    best: int = Field(5, ge=0, description="best designs listed in the study report")
    reports: int = Field(1, ge=0, description="full design reports written for the best N")


def _location(loc: tuple) -> str:
    text = ""
    for item in loc:
        text += f"[{item}]" if isinstance(item, int) else (f".{item}" if text else str(item))
    return text


def parse_study(raw: object, source: str = "study") -> StudyFile:
    """Validate a study mapping; the first fault is one line naming its location."""
    if not isinstance(raw, dict):
        raise ChippackError(f"{source}: a study is a mapping with name, base, parameters and "
                            f"outputs, got {type(raw).__name__}")
    try:
        return StudyFile.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = _location(first["loc"]) or "study"
        if first["type"] == "extra_forbidden":
            msg = "unknown key; check the spelling (see the Studies section of the README)"
        elif first["type"] == "missing":
            msg = "this key is required"
        else:
            msg = f"{first['msg'].removeprefix('Value error, ')} (got {first.get('input')!r})"
        raise ChippackError(f"{source}: {where}: {msg}") from None


def read_study_file(path: str | Path) -> StudyFile:
    path = Path(path)
    return parse_study(read_yaml(path), path.name)
