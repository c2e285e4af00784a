"""Definition of a heat-conduction problem on a rectilinear grid, as plain arrays.

Governing equation (steady), per solid cell volume V:

    div(k grad T) + q''' = 0            (k in W/(m K), q''' = power / V in W/m^3)

and for transients ``rho_cp dT/dt = div(k grad T) + q'''``.  Units: SI, temperatures
in degrees Celsius (differences in K).  Only cells with ``solid`` True are unknowns;
non-solid cells (void, gas, fluid) act as boundaries: every face between a solid cell
and a non-solid cell exchanges heat with the film coefficient ``ambient_h`` (W/(m^2 K),
0 = adiabatic, ``inf`` = fixed temperature) to the temperature ``ambient_t`` (degC) of that
non-solid cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from chippack.mesh.grid import RectilinearGrid
from chippack.thermal.errors import ProblemDefinitionError

#: Names of the six outer sides of the domain, in the order (axis, low/high).
SIDES = ("xmin", "xmax", "ymin", "ymax", "zmin", "zmax")
#: Kelvin offset used by temperature-dependent conductivity.
KELVIN = 273.15


def side_axis(side: str) -> tuple[int, bool]:
    """Return ``(axis, is_high_side)`` for a side name such as ``"zmax"``."""
    if side not in SIDES:
        raise ProblemDefinitionError(f"unknown side {side!r}; sides are {', '.join(SIDES)}")
    return SIDES.index(side) // 2, side.endswith("max")


def side_shape(shape: tuple[int, int, int], side: str) -> tuple[int, int]:
    """Shape of a per-face array on ``side``: (ny, nz) for x sides, (nx, nz) for y, (nx, ny)
    for z."""
    axis, _ = side_axis(side)
    return tuple(n for a, n in enumerate(shape) if a != axis)


@dataclass(frozen=True)
class SideCondition:
    """Convective (Robin) condition on one outer side of the domain.

    Heat leaving through a face of area A: ``q = A (T_face - t) h``.  ``h = inf`` means a
    fixed temperature ``t`` on the face, ``h = 0`` an adiabatic side (the default).

    Attributes
    ----------
    h : float or 2-D array
        Film coefficient in W/(m^2 K), scalar or one value per face of the side
        (shape from :func:`side_shape`).
    t : float or 2-D array
        Sink / fixed temperature in degC, scalar or per face.
    """

    h: float | np.ndarray = 0.0
    t: float | np.ndarray = 0.0

    @classmethod
    def fixed(cls, t) -> SideCondition:
        """Fixed temperature ``t`` (degC) on the side (h = inf)."""
        return cls(h=np.inf, t=t)

    @classmethod
    def adiabatic(cls) -> SideCondition:
        return cls(h=0.0, t=0.0)


def _first_bad(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(mask)), mask.shape))


def _cell_array(name: str, value, shape, default=None, dtype=float) -> np.ndarray:
    if value is None:
        if default is None:
            raise ProblemDefinitionError(f"{name}: required")
        value = default
    arr = np.asarray(value, dtype=dtype)
    if arr.ndim == 0:
        arr = np.full(shape, arr, dtype=dtype)
    if arr.shape != tuple(shape):
        raise ProblemDefinitionError(
            f"{name}: shape {arr.shape} does not match the grid; expected {tuple(shape)} "
            f"(one value per cell, (nx, ny, nz) = grid.shape) or a scalar"
        )
    return np.ascontiguousarray(arr)


def _check_finite(name: str, arr: np.ndarray, unit: str, allow_inf=False) -> None:
    bad = np.isnan(arr) if allow_inf else ~np.isfinite(arr)
    if np.any(bad):
        at = _first_bad(bad)
        raise ProblemDefinitionError(
            f"{name}: non-finite value {arr[at]!r} {unit} at {at}; {name} must be a finite number"
        )


def _check_min(name: str, arr: np.ndarray, unit: str, lower: float, strict: bool,
               where: str = "cell") -> None:
    bad = arr <= lower if strict else arr < lower
    if np.any(bad):
        at = _first_bad(bad)
        op = ">" if strict else ">="
        raise ProblemDefinitionError(
            f"{name}: {'negative' if arr[at] < 0 else 'invalid'} value {float(arr[at])!r} {unit} "
            f"at {where} {at}; {name} must be {op} {lower:g}"
        )


@dataclass
class ConductionProblem:
    """A conduction problem on a :class:`~chippack.mesh.grid.RectilinearGrid`.

    All cell arrays are shaped ``(nx, ny, nz)`` (C order).  Arrays are validated and
    normalised to float64 (bool for ``solid``, int for ``ambient_group``) on construction;
    invalid input raises :class:`~chippack.thermal.errors.ProblemDefinitionError` naming
    the field, the value, the cell and the fix.

    Attributes
    ----------
    grid : RectilinearGrid
    k : array (nx, ny, nz, 3) or (nx, ny, nz)
        Conductivity per axis (kx, ky, kz) in W/(m K); a 3-D array means isotropic.
        Values in non-solid cells are ignored.  At the reference temperature when
        ``k_exponent`` is given.
    power : array (nx, ny, nz), optional
        Heat dissipated in each cell, W (>= 0).  Default zero.
    solid : bool array (nx, ny, nz), optional
        True for conducting cells (unknowns).  Default all True.
    ambient_h : array (nx, ny, nz), optional
        For non-solid cells: film coefficient W/(m^2 K) of every face they share with a
        solid cell (0 adiabatic, inf fixed temperature).  Default 0.
    ambient_t : array (nx, ny, nz), optional
        For non-solid cells: their temperature, degC.  Default 0.
    ambient_group : int array (nx, ny, nz), optional
        Labels (>= 0) of non-solid cells used to report the heat leaving into each group
        (e.g. 0 = still air, 1 = cold plate).  Default 0 everywhere.
    sides : dict[str, SideCondition]
        Outer-side conditions keyed by ``"xmin" ... "zmax"``; missing sides are adiabatic.
    contact_resistance : tuple of three arrays or None
        Area-specific resistance R'' (K m^2/W) of the internal faces normal to x, y, z,
        shapes (nx-1, ny, nz), (nx, ny-1, nz), (nx, ny, nz-1); an entry may be None.
        Added in series between the two half-cell resistances.
    rho_cp : array (nx, ny, nz), optional
        Volumetric heat capacity J/(m^3 K), needed by transient solvers.
    k_exponent : array (nx, ny, nz), optional
        Exponent n of k(T) = k (T_ref / T)^n with temperatures in kelvin (silicon n = 1.3);
        when given, steady solves use Picard iteration.
    k_ref_temperature : float
        T_ref in kelvin for ``k_exponent`` (default 300 K).
    """

    grid: RectilinearGrid
    k: np.ndarray
    power: np.ndarray | None = None
    solid: np.ndarray | None = None
    ambient_h: np.ndarray | None = None
    ambient_t: np.ndarray | None = None
    ambient_group: np.ndarray | None = None
    sides: dict[str, SideCondition] = field(default_factory=dict)
    contact_resistance: tuple | None = None
    rho_cp: np.ndarray | None = None
    k_exponent: np.ndarray | None = None
    k_ref_temperature: float = 300.0

    def __post_init__(self) -> None:
        if not isinstance(self.grid, RectilinearGrid):
            raise ProblemDefinitionError(
                f"grid: expected a RectilinearGrid, got {type(self.grid).__name__}; build one "
                f"with RectilinearGrid.from_planes(x, y, z)"
            )
        shape = self.grid.shape
        self.solid = _cell_array("solid", self.solid, shape, default=True, dtype=bool)
        if not self.solid.any():
            raise ProblemDefinitionError("solid: no solid cell; at least one cell must conduct")
        k = np.asarray(self.k, dtype=float)
        if k.shape == shape:
            k = np.repeat(k[..., None], 3, axis=-1)
        elif k.ndim == 0:
            k = np.full(shape + (3,), float(k))
        if k.shape != shape + (3,):
            raise ProblemDefinitionError(
                f"k: shape {k.shape} does not match the grid; expected {shape + (3,)} "
                f"(kx, ky, kz per cell), {shape} (isotropic) or a scalar"
            )
        k = np.ascontiguousarray(k)
        # one pass without gathering the solid cells' k (3 copies of the grid at 1e6 cells);
        # the messages below are built only when something is wrong
        ok = (k > 0) & (k < np.inf)
        bad = ~(ok[..., 0] & ok[..., 1] & ok[..., 2]) & self.solid
        if bad.any():
            ks = k[self.solid]
            _check_finite("k", ks, "W/(m K)")
            at = _first_bad(self.solid[..., None] & (k <= 0))
            raise ProblemDefinitionError(
                f"k: value {k[at]!r} W/(m K) at cell {at[:3]} axis {'xyz'[at[3]]} in a solid "
                f"cell; conductivity must be > 0 (mark the cell non-solid to make it void)"
            )
        self.k = k

        self.power = _cell_array("power", self.power, shape, default=0.0)
        _check_finite("power", self.power, "W")
        _check_min("power", self.power, "W", 0.0, strict=False)
        if np.any(self.power[~self.solid] != 0):
            at = _first_bad((self.power != 0) & ~self.solid)
            raise ProblemDefinitionError(
                f"power: {self.power[at]!r} W in non-solid cell {at}; power can only be "
                f"dissipated in solid cells"
            )

        self.ambient_h = _cell_array("ambient_h", self.ambient_h, shape, default=0.0)
        _check_finite("ambient_h", self.ambient_h, "W/(m^2 K)", allow_inf=True)
        _check_min("ambient_h", self.ambient_h, "W/(m^2 K)", 0.0, strict=False)
        self.ambient_t = _cell_array("ambient_t", self.ambient_t, shape, default=0.0)
        _check_finite("ambient_t", self.ambient_t, "degC")
        self.ambient_group = _cell_array("ambient_group", self.ambient_group, shape, default=0,
                                         dtype=np.int64)
        _check_min("ambient_group", self.ambient_group, "", 0, strict=False)

        sides = dict(self.sides or {})
        for name, cond in sides.items():
            if name not in SIDES:
                raise ProblemDefinitionError(
                    f"sides: unknown side {name!r}; use one of {', '.join(SIDES)}"
                )
            if not isinstance(cond, SideCondition):
                raise ProblemDefinitionError(
                    f"sides[{name!r}]: expected SideCondition(h, t), got {type(cond).__name__}"
                )
            sshape = side_shape(shape, name)
            h = _cell_array(f"sides[{name!r}].h", cond.h, sshape)
            t = _cell_array(f"sides[{name!r}].t", cond.t, sshape)
            _check_finite(f"sides[{name!r}].h", h, "W/(m^2 K)", allow_inf=True)
            _check_min(f"sides[{name!r}].h", h, "W/(m^2 K)", 0.0, strict=False, where="face")
            _check_finite(f"sides[{name!r}].t", t, "degC")
            sides[name] = SideCondition(h=h, t=t)
        for name in SIDES:
            if name not in sides:
                sshape = side_shape(shape, name)
                sides[name] = SideCondition(h=np.zeros(sshape), t=np.zeros(sshape))
        self.sides = sides

        if self.contact_resistance is not None:
            cr = tuple(self.contact_resistance)
            if len(cr) != 3:
                raise ProblemDefinitionError(
                    "contact_resistance: expected a tuple of three arrays (x, y, z faces) "
                    f"or None, got {len(cr)} entries"
                )
            out = []
            for a, r in enumerate(cr):
                if r is None:
                    out.append(None)
                    continue
                fshape = tuple(n - 1 if b == a else n for b, n in enumerate(shape))
                r = _cell_array(f"contact_resistance[{a}] ({'xyz'[a]} faces)", r, fshape)
                _check_finite(f"contact_resistance[{a}]", r, "K m^2/W")
                _check_min(f"contact_resistance[{a}]", r, "K m^2/W", 0.0, strict=False,
                           where="face")
                out.append(r)
            self.contact_resistance = tuple(out)

        if self.rho_cp is not None:
            self.rho_cp = _cell_array("rho_cp", self.rho_cp, shape)
            rc = np.where(self.solid, self.rho_cp, 1.0)
            _check_finite("rho_cp", rc, "J/(m^3 K)")
            _check_min("rho_cp", rc, "J/(m^3 K)", 0.0, strict=True)
        if self.k_exponent is not None:
            self.k_exponent = _cell_array("k_exponent", self.k_exponent, shape)
            _check_finite("k_exponent", self.k_exponent, "")
        if not (np.isfinite(self.k_ref_temperature) and self.k_ref_temperature > 0):
            raise ProblemDefinitionError(
                f"k_ref_temperature: {self.k_ref_temperature!r} K; must be a positive "
                f"absolute temperature in kelvin"
            )

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.grid.shape

    @property
    def total_power(self) -> float:
        """Total dissipated power, W."""
        return float(self.power.sum())

    @property
    def is_nonlinear(self) -> bool:
        return self.k_exponent is not None and bool(np.any(self.k_exponent[self.solid] != 0))

    def conductivity_at(self, temperature: np.ndarray | None) -> np.ndarray:
        """Conductivity (nx, ny, nz, 3) at the cell temperatures (degC) by
        k(T) = k (T_ref / T_K)^n; returns ``k`` unchanged when there is no ``k_exponent``
        or ``temperature`` is None.  NaN temperatures (non-solid cells) keep ``k``."""
        if self.k_exponent is None or temperature is None:
            return self.k
        tk = np.where(np.isfinite(temperature), temperature + KELVIN, self.k_ref_temperature)
        if np.any(tk <= 0):
            raise ProblemDefinitionError(
                "k_exponent: a cell temperature fell below 0 K during k(T) evaluation; "
                "check ambient temperatures (degC) and power"
            )
        factor = (self.k_ref_temperature / tk) ** self.k_exponent
        return self.k * factor[..., None]

    def replace(self, **changes) -> ConductionProblem:
        """A copy with some fields replaced (validated again)."""
        kw = {f: getattr(self, f) for f in self.__dataclass_fields__}
        kw.update(changes)
        return ConductionProblem(**kw)
