"""A synthetic flip-chip-package conduction problem of any size, for benchmarks and solver
tests (depends on nothing but numpy).

Stack (bottom to top, thickness / z cells): organic substrate 1.0 mm / 6 (k 20 in-plane,
0.5 through); bump + underfill layer 75 um / 2 (die shadow homogenised kxy 0.745,
kz 12; elsewhere underfill 0.5); die active layer 15 um / 1 (Si 148, dissipates the
power); die bulk 0.735 mm / 5 (Si 148); TIM 50 um / 2 (k 4); lid 1.0 mm / 5 (Cu 390).
Beside the die and TIM: mold compound (k 0.3) in a 2 mm band, a Cu stiffener ring
(k 390) at the outer 1/8 of the body, and void (non-solid, adiabatic) in between.
Convective lid top (h 2000 W/m^2K, 25 degC) and substrate bottom (h 500, 25 degC).
In-plane cells are 150 um; the body size grows with the requested cell count
(k contrast 0.3-390 W/mK, 15 um layers under 150 um cells).
"""

from __future__ import annotations

import numpy as np

from chippack.mesh.grid import RectilinearGrid
from chippack.thermal.problem import ConductionProblem, SideCondition

#: (name, thickness m, z cells)
LAYERS = (("substrate", 1.0e-3, 6), ("bumps", 75e-6, 2), ("active", 15e-6, 1),
          ("die", 0.735e-3, 5), ("tim", 50e-6, 2), ("lid", 1.0e-3, 5))
CELL = 150e-6


def package_grid(n_cells: float) -> RectilinearGrid:
    nz = sum(n for _, _, n in LAYERS)
    nxy = max(12, int(round(np.sqrt(float(n_cells) / nz))))
    z = [0.0]
    for _, t, n in LAYERS:
        z.extend(z[-1] + np.linspace(0, t, n + 1)[1:])
    xy = np.arange(nxy + 1) * CELL
    return RectilinearGrid.from_planes(xy, xy, np.array(z))


def package_problem(n_cells: float = 1e6, seed: int = 0, power_w: float = 50.0,
                    h_top: float = 2000.0, h_bottom: float = 500.0) -> ConductionProblem:
    """Build the synthetic package with about ``n_cells`` cells (see module docstring)."""
    g = package_grid(n_cells)
    nx, ny, nz = g.shape
    size = g.x[-1]
    xc, yc, zc = g.centres
    X, Y = np.meshgrid(xc, yc, indexing="ij")
    die_half = size / 6
    r = np.maximum(np.abs(X - size / 2), np.abs(Y - size / 2))    # square "radius"
    in_die = r <= die_half
    in_mold = (r > die_half) & (r <= die_half + 2e-3)
    in_ring = r >= size / 2 * (1 - 0.25)
    z_bounds = np.cumsum([t for _, t, _ in LAYERS])
    layer_of = np.searchsorted(z_bounds, zc)                     # index into LAYERS per k
    k = np.zeros((nx, ny, nz, 3))
    solid = np.ones((nx, ny, nz), bool)
    rho_cp = np.zeros((nx, ny, nz))
    power = np.zeros((nx, ny, nz))
    rng = np.random.default_rng(seed)
    for kk in range(nz):
        name = LAYERS[layer_of[kk]][0]
        if name == "substrate":
            k[:, :, kk] = (20.0, 20.0, 0.5)
            rho_cp[:, :, kk] = 1.9e6
        elif name == "bumps":
            k[:, :, kk] = np.where(in_die[..., None], [(0.745, 0.745, 12.0)],
                                   [(0.5, 0.5, 0.5)])
            rho_cp[:, :, kk] = 1.8e6
        elif name == "lid":
            k[:, :, kk] = 390.0
            rho_cp[:, :, kk] = 8960 * 385
        else:  # active, die, tim
            kin = 4.0 if name == "tim" else 148.0
            k[:, :, kk] = np.where(in_die[..., None], kin,
                                   np.where(in_ring[..., None], 390.0, 0.3))
            solid[:, :, kk] = in_die | in_mold | in_ring
            rho_cp[:, :, kk] = np.where(in_die, 2.5e6 if name == "tim" else 2329 * 705,
                                        np.where(in_ring, 8960 * 385, 1.9e6))
            if name == "active":
                # uniform background plus a few Gaussian hot spots
                pmap = np.ones((nx, ny))
                for _ in range(4):
                    cx, cy = size / 2 + rng.uniform(-0.8, 0.8, 2) * die_half
                    w = die_half * rng.uniform(0.1, 0.25)
                    pmap += 4.0 * np.exp(-((X - cx) ** 2 + (Y - cy) ** 2) / (2 * w * w))
                pmap *= in_die
                power[:, :, kk] = power_w * pmap / pmap.sum()
    return ConductionProblem(
        g, k, power=power, solid=solid, rho_cp=rho_cp,
        sides={"zmax": SideCondition(h_top, 25.0), "zmin": SideCondition(h_bottom, 25.0)},
    )
