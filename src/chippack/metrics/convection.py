"""Film coefficients for JEDEC environments: natural and forced convection, radiation.

Air properties at the film temperature T_f = (T_s + T_∞)/2, interpolated
linearly between Incropera & DeWitt Table A.4 at 300 K and 350 K; β = 1/T_f.
Correlations (Incropera & DeWitt; docs/physics.md §5):

* horizontal plate, hot face up, L = A/P:  Nu = 0.54 Ra^¼ (Ra ≤ 1e7), 0.15 Ra^⅓ above
* horizontal plate, hot face down:          Nu = 0.52 Ra^⅕
* vertical plate (Churchill–Chu, all Ra):   Nu = {0.825 + 0.387 Ra^⅙ / [1 + (0.492/Pr)^(9/16)]^(8/27)}²
* flat plate in parallel flow (laminar, Re < 5e5): Nu = 0.664 Re^½ Pr^⅓;
  mixed: (0.037 Re^⅘ − 871) Pr^⅓
* a single prismatic component (package) in a duct, mean over its exposed faces:
  Nu_d = 0.446 Re_d^0.57, d its side (Kraus, "Cooling Electronic Equipment", Mechanical
  Engineers' Handbook Vol. 4, 3rd ed., Wiley 2006, eq. (65), p. 398), never below the
  restarted laminar layer 0.664 Re_L^½ Pr^⅓
* radiation to large surroundings, linearised: h_r = ε σ (T_s + T_∞)(T_s² + T_∞²) (kelvin)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

SIGMA = 5.670e-8  # W/(m²·K⁴)
G = 9.81  # m/s²

# Incropera & DeWitt Table A.4, air at 1 atm
_T = np.array([300.0, 350.0])
_NU = np.array([15.89e-6, 20.92e-6])
_ALPHA = np.array([22.5e-6, 29.9e-6])
_K = np.array([0.0263, 0.0300])
_PR = np.array([0.707, 0.700])


@dataclass(frozen=True)
class AirProperties:
    temperature: float  # K
    nu: float  # m²/s
    alpha: float  # m²/s
    k: float  # W/(m·K)
    pr: float


def air_properties(film_temperature_c: float) -> AirProperties:
    """Air properties at the film temperature (°C), linear in T through the 300 and 350 K rows."""
    t = film_temperature_c + 273.15
    w = (t - _T[0]) / (_T[1] - _T[0])

    def lerp(v: np.ndarray) -> float:
        return float(v[0] + w * (v[1] - v[0]))

    return AirProperties(t, lerp(_NU), lerp(_ALPHA), lerp(_K), lerp(_PR))


def rayleigh(surface_c: float, ambient_c: float, length: float) -> tuple[float, AirProperties]:
    """Ra_L = g β ΔT L³ / (ν α) at the film temperature, and the properties used."""
    air = air_properties(0.5 * (surface_c + ambient_c))
    dt = abs(surface_c - ambient_c)
    return G * (1.0 / air.temperature) * dt * length**3 / (air.nu * air.alpha), air


def h_horizontal_up(surface_c: float, ambient_c: float, area: float, perimeter: float) -> float:
    """Hot face up (or cold face down), L = A/P."""
    length = area / perimeter
    ra, air = rayleigh(surface_c, ambient_c, length)
    nu = 0.54 * ra**0.25 if ra <= 1e7 else 0.15 * ra ** (1 / 3)
    return nu * air.k / length


def h_horizontal_down(surface_c: float, ambient_c: float, area: float, perimeter: float) -> float:
    """Hot face down, L = A/P (0.52 Ra^⅕, newer Incropera editions)."""
    length = area / perimeter
    ra, air = rayleigh(surface_c, ambient_c, length)
    return 0.52 * ra**0.2 * air.k / length


def h_vertical(surface_c: float, ambient_c: float, height: float) -> float:
    """Vertical plate of the given height (Churchill & Chu 1975, all Ra)."""
    ra, air = rayleigh(surface_c, ambient_c, height)
    psi = (1 + (0.492 / air.pr) ** (9 / 16)) ** (8 / 27)
    nu = (0.825 + 0.387 * ra ** (1 / 6) / psi) ** 2
    return nu * air.k / height


def h_forced_plate(velocity: float, length: float, surface_c: float, ambient_c: float) -> float:
    """Mean h over a flat plate of length ``length`` along a flow of ``velocity`` m/s."""
    if velocity <= 0:
        raise ValueError(f"air velocity must be > 0 m/s, got {velocity}")
    air = air_properties(0.5 * (surface_c + ambient_c))
    re = velocity * length / air.nu
    if re < 5e5:
        nu = 0.664 * re**0.5 * air.pr ** (1 / 3)
    else:
        nu = (0.037 * re**0.8 - 871) * air.pr ** (1 / 3)
    return nu * air.k / length


def h_radiation(surface_c: float, ambient_c: float, emissivity: float) -> float:
    """Linearised radiation coefficient to large surroundings, W/(m²·K)."""
    ts, ta = surface_c + 273.15, ambient_c + 273.15
    return emissivity * SIGMA * (ts + ta) * (ts**2 + ta**2)


# --- a raised package on a board in the JESD51-6 wind tunnel ---------------------------

#: Exponent of Churchill's rule for combining forced and natural convection
#: (Churchill 1977, AIChE J. 23; Incropera & DeWitt eq. 9.64: n = 3 for these geometries).
MIXED_EXPONENT = 3.0


def h_laminar_local(velocity: float, x: float, air: AirProperties) -> float:
    """Local laminar flat-plate h at distance x from where the boundary layer starts:
    Nu_x = 0.332 Re_x^½ Pr^⅓ (Incropera & DeWitt eq. 7.23)."""
    re = velocity * x / air.nu
    return 0.332 * re**0.5 * air.pr ** (1 / 3) * air.k / x


def h_laminar_mean(velocity: float, length: float, air: AirProperties) -> float:
    """Mean flat-plate h over ``length`` from the start of the boundary layer (laminar,
    mixed above Re = 5e5; Incropera & DeWitt eqs. 7.30, 7.38)."""
    re = velocity * length / air.nu
    nu = 0.664 * re**0.5 if re < 5e5 else 0.037 * re**0.8 - 871
    return nu * air.pr ** (1 / 3) * air.k / length


#: Mean Nusselt number of a single prismatic electronic component in a duct,
#: Nu_d = C Re_d^n with d the prism side and Re_d at the approach velocity, air, for
#: 2.5e3 < Re_d < 8e3: A. D. Kraus, "Cooling Electronic Equipment", in M. Kutz (ed.),
#: Mechanical Engineers' Handbook, 3rd ed., Vol. 4, Wiley 2006, §2.4 "Flow of air over
#: electronic components", eq. (65), p. 398. Its blockage factor in the gross and net flow
#: areas A_0/A_n is 1 for a package in the JESD51-6 tunnel (a 2–3 mm package in a duct of
#: many cm² cross-section) and is left out.
#:
#: The earlier constants 0.348 / 0.6, attributed to Wirtz & Dykshoorn (1984, arrays of
#: flat packs), could not be checked against that paper; they coincide with the in-line
#: tube-bank entry S_L/d = S_T/d = 1.25 (C = 0.348, n = 0.592) of the same handbook's
#: Table 9, a different geometry. Over Re_d = 1e3–8e3 the two forms differ by < 5 %.
#: Below Re_d = 2.5e3 (1 m/s on a package under ~40 mm) the form is extrapolated; the
#: laminar floor of :func:`h_block_mean` bounds it from below.
BLOCK_C, BLOCK_N = 0.446, 0.57


def h_block_mean(velocity: float, length: float, air: AirProperties) -> float:
    """Mean h over the exposed faces of a package (a prismatic block) on a wall in duct
    flow: Nu_d = 0.446 Re_d^0.57 with d = ``length``, the package side along the flow
    (Kraus 2006, eq. (65); :data:`BLOCK_C`), floored at the laminar layer that restarts
    at the package's sharp leading edge, Nu = 0.664 Re^½ Pr^⅓ (Incropera & DeWitt
    eq. 7.30). Above Re ≈ 60 the component form is the larger: separation at the
    leading edge, its reattachment on the top and the horseshoe vortex at the front and
    sides (in the measured component data) raise h above the laminar flat-plate value."""
    re = velocity * length / air.nu
    block = BLOCK_C * re**BLOCK_N * air.k / length
    return max(block, h_laminar_mean(velocity, length, air))


#: Blasius wall shear f''(0) of the laminar flat-plate boundary layer, and the
#: displacement constant of its far field, f(η) → η − 1.7208 (Incropera & DeWitt
#: Table 7.1; Schlichting, Boundary-Layer Theory, Table 7.1).
BLASIUS_F2_WALL, BLASIUS_DISPLACEMENT = 0.332057, 1.72079
#: η beyond which the Blasius profile is the free stream to 1e-6.
_BLASIUS_EDGE = 10.0


@functools.cache
def _blasius_table(step: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """(η, f) of Blasius's equation 2f‴ + f f″ = 0 with f(0) = f′(0) = 0 and
    f″(0) = :data:`BLASIUS_F2_WALL`, by fourth-order Runge–Kutta up to η = 10."""
    n = int(round(_BLASIUS_EDGE / step))
    y = np.array([0.0, 0.0, BLASIUS_F2_WALL])
    out = np.empty(n + 1)
    out[0] = 0.0

    def rhs(v):
        return np.array([v[1], v[2], -0.5 * v[0] * v[2]])

    for i in range(n):
        k1 = rhs(y)
        k2 = rhs(y + 0.5 * step * k1)
        k3 = rhs(y + 0.5 * step * k2)
        k4 = rhs(y + step * k3)
        y = y + step / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        out[i + 1] = y[0]
    return np.linspace(0.0, _BLASIUS_EDGE, n + 1), out


def blasius_f(eta: float) -> float:
    """Blasius stream function f(η) (u/U = f′(η), η = y √(U/νx)); beyond η = 10 the
    far-field form η − 1.7208."""
    if eta >= _BLASIUS_EDGE:
        return eta - BLASIUS_DISPLACEMENT
    return float(np.interp(eta, *_blasius_table()))  # built on first use: 0.1 s of RK4


def approach_velocity(velocity: float, distance: float, height: float,
                      air: AirProperties) -> float:
    """Mean air speed over a package's frontal height ``height`` (m) at ``distance`` (m)
    from the board's leading edge, in the board's laminar (Blasius) boundary layer:
    U f(η_H)/η_H with η_H = H √(U/(ν x)), since ∫₀^H u dy = U √(νx/U) f(η_H).

    A block correlation is measured with the stream that meets the block's front; a
    low package (1–3 mm) at the centre of a JEDEC board sits inside the board's layer
    (δ₉₉ ≈ 5x/√Re_x ≈ 4.5 mm at 50 mm and 1 m/s), where that stream is slower than the
    tunnel's: about 0.2 U over a 1.2 mm molded BGA and 0.5 U over a 3 mm lidded FCBGA
    at 1 m/s. A package much taller than the layer sees U."""
    if height <= 0:
        return 0.0
    eta = height * (velocity / (air.nu * max(distance, 1e-6))) ** 0.5
    return velocity * blasius_f(eta) / eta


def h_flush_heater_mean(velocity: float, start: float, length: float,
                        air: AirProperties) -> float:
    """Mean h over a heated strip of ``length`` (m) that starts ``start`` (m) behind the
    leading edge of an unheated laminar flat plate (unheated starting length):
    Nu_L = Nu_L|ξ=0 · L/(L − ξ) · [1 − (ξ/L)^¾]^⅔, L = start + length, ξ = start, with
    Nu_L|ξ=0 = 0.664 Re_L^½ Pr^⅓ (Incropera & DeWitt, 7th ed., §7.2.4, eq. 7.44 with p = 2;
    Ameel 1997). The limit of a package too low to disturb the board's layer."""
    total = start + length
    factor = total / length * (1 - (start / total) ** 0.75) ** (2 / 3)
    return h_laminar_mean(velocity, total, air) * factor


def h_mixed(h_forced: np.ndarray | float, h_natural: float) -> np.ndarray | float:
    """Combined forced and natural convection, (h_F³ + h_N³)^⅓ (Churchill 1977)."""
    return (np.asarray(h_forced) ** MIXED_EXPONENT + h_natural**MIXED_EXPONENT) ** (
        1 / MIXED_EXPONENT)


@dataclass(frozen=True)
class DuctFlowFilm:
    """Convective h (W/m²K, no radiation) around a raised package on a board in duct flow.

    The flow runs along +x at ``velocity``. Faces looking up get :meth:`up` (x, y),
    faces looking down :meth:`down` (x, y); package side faces :attr:`front`,
    :attr:`sides`, :attr:`back`. All values already include natural convection by
    Churchill's n = 3 rule.
    """

    velocity: float
    air: AirProperties
    board: tuple[float, float, float, float]  # x0, x1, y0, y1 (m)
    package: tuple[float, float, float, float, float]  # x0, x1, y0, y1, height (m)
    natural_up: float
    natural_down: float
    natural_side: float
    package_top: float
    front: float
    sides: float
    back: float

    def _board_local(self, x: np.ndarray) -> np.ndarray:
        """Local h of the board's own boundary layer, from its leading edge."""
        x_le = np.maximum(np.asarray(x, dtype=float) - self.board[0], 1e-4)
        return h_laminar_local(self.velocity, x_le, self.air)

    def up(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """h on faces looking up at (x, y) (broadcast): package top, wake, board."""
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        px0, px1, py0, py1, height = self.package
        h = self._board_local(x)
        # behind the package the flow reattaches and a new boundary layer grows from the
        # trailing edge (restart; Sikka et al. 1997); it starts one package height
        # downstream, where the separated layer reattaches (Moffat & Ortega 1988)
        wake = (x > px1) & (y > py0) & (y < py1)
        restart = np.maximum(x - px1, 0.0) + height
        h = np.where(wake, np.maximum(h, h_laminar_local(self.velocity, restart, self.air)), h)
        over = (x >= px0) & (x <= px1) & (y >= py0) & (y <= py1)
        h = np.where(over, self.package_top, h)
        return h_mixed(h, self.natural_up)

    def down(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """h on faces looking down (the board's underside): its own boundary layer."""
        x, _ = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        return h_mixed(self._board_local(x), self.natural_down)


def duct_flow_film(velocity: float, board: tuple[float, float, float, float],
                   package: tuple[float, float, float, float, float],
                   surface_c: float, ambient_c: float,
                   natural: tuple[float, float, float]) -> DuctFlowFilm:
    """Per-face convection of a package (x0, x1, y0, y1, height) on a board in duct flow.

    Model (JESD51-6 wind tunnel: board parallel to the flow, package facing up):

    * board faces: the board's own laminar boundary layer from its leading edge,
      local Nu_x = 0.332 Re_x^½ Pr^⅓ (Incropera & DeWitt eq. 7.23);
    * package top, leading, side and trailing faces: the face-averaged h of a single
      prismatic component in a duct, Nu_d = 0.446 Re_d^0.57 over the package side d
      along the flow (Kraus 2006, eq. (65); :func:`h_block_mean`), never below the
      laminar layer restarting at the package's sharp leading edge (0.664 Re^½ Pr^⅓).
      The component data hold the separation at the leading edge, the reattachment on
      the top and the horseshoe vortex at the front and sides that the laminar form lacks.
      Re_d is taken at the speed that meets the package's front: the mean of the board's
      Blasius layer over the package height at its leading edge
      (:func:`approach_velocity`), the tunnel speed only for a package taller than the layer;
      never below a heated patch of the package's length in the board's layer (unheated
      starting length, :func:`h_flush_heater_mean`), the limit of a package of no height;
    * board behind the package: a boundary layer restarting one package height behind
      its trailing edge, where the separated flow reattaches (Moffat & Ortega 1988);
    * every face: combined with its natural-convection value by (h_F³ + h_N³)^⅓
      (Churchill 1977). ``natural`` = (up, down, side) natural-convection h.

    The board keeps laminar flat-plate forms: at the JEDEC board's Re_x < 3e4 (3 m/s,
    114 mm) its layer stays laminar, and free-stream turbulence of a few per cent hardly
    changes laminar heat transfer on a flat plate at zero pressure gradient (Kestin,
    Maeder & Sogin, ZAMP 12, 1961); the horseshoe vortex's footprint on the board, about
    one package height wide, is not modelled.
    """
    if velocity <= 0:
        raise ValueError(f"air velocity must be > 0 m/s, got {velocity}")
    air = air_properties(0.5 * (surface_c + ambient_c))
    px0, px1, py0, py1, height = package
    length = px1 - px0
    # one block-averaged value for every package face: the correlation is a mean over
    # the block's exposed faces (top, leading, side and trailing)
    approach = approach_velocity(velocity, px0 - board[0], height, air)
    block = h_block_mean(approach, length, air) if approach > 0 else 0.0
    # a package too low to matter to the flow is a heated patch in the board's layer
    block = max(block, h_flush_heater_mean(velocity, max(px0 - board[0], 0.0), length, air))
    n_up, n_down, n_side = natural
    side = float(h_mixed(block, n_side))
    return DuctFlowFilm(
        velocity=velocity, air=air, board=board, package=package,
        natural_up=n_up, natural_down=n_down, natural_side=n_side,
        package_top=float(block), front=side, sides=side, back=side,
    )
