"""Spreading from a square source on a convectively cooled plate (docs/verification.md V2)."""

import numpy as np
import pytest

from chippack.analytic import rectangular_flux_channel
from chippack.mesh import RectilinearGrid
from chippack.thermal import ConductionProblem, SideCondition, solve_steady
from conftest import assert_balanced, graded

MEAN_EXACT = 7.282137   # Muzychka-Culham-Yovanovich series, 800 x 800 terms
CENTROID_EXACT = 7.977229


def v2_quarter(level: int):
    """Quarter model (symmetry planes adiabatic) of V2: plate 50x50x3 mm, k 200, bottom
    h 1000 W/m^2K to 0 degC, centred 10x10 mm isoflux source of 10 W (2.5 W in the
    quarter) dissipated in a 1 um skin cell layer on top (approximates the surface flux
    to ~1e-5 relative).  Mesh level L: 5*2^L uniform cells across the half source,
    6*2^L cells graded (x1.25^(1/2^L)) to the plate edge, 6*2^L cells graded
    (x0.8^(1/2^L)) through the thickness, so levels are geometrically similar."""
    f = 2**level
    n_src, n_out, n_z = 5 * f, 6 * f, 6 * f
    xy = np.concatenate([np.linspace(0, 5e-3, n_src + 1),
                         graded(5e-3, 25e-3, n_out, 1.25 ** (1 / f))[1:]])
    skin = 1e-6
    z = np.append(graded(0.0, 3e-3 - skin, n_z, 0.8 ** (1 / f)), 3e-3)
    g = RectilinearGrid.from_planes(xy, xy, z)
    power = np.zeros(g.shape)
    area = g.face_areas(2)[:n_src, :n_src, 0]
    power[:n_src, :n_src, -1] = 2.5 * area / area.sum()
    p = ConductionProblem(g, 200.0, power=power, sides={"zmin": SideCondition(1000.0, 0.0)})
    return p, area, n_src


def v2_solve(level):
    p, area, n_src = v2_quarter(level)
    sol = solve_steady(p)
    assert_balanced(sol)
    top = sol.temperature[:n_src, :n_src, -1]
    mean = float((top * area).sum() / area.sum())
    return mean, float(top[0, 0]), p.grid.n_cells


def test_v2_series_reference_values():
    """The series used as reference reproduces docs/verification.md V2 (7.282 K mean, 7.977 K
    centroid)."""
    r = rectangular_flux_channel(50e-3, 50e-3, 3e-3, 200, 1000, 10e-3, 10e-3, 10,
                                 m_terms=800, n_terms=800)
    assert r.mean_source_rise == pytest.approx(MEAN_EXACT, rel=1e-6)
    assert r.centroid_rise == pytest.approx(CENTROID_EXACT, rel=1e-6)


def test_v2_default_mesh_within_one_percent():
    """V2 (docs/verification.md; MCY 2003 series): default quarter mesh (level 2, 48 400
    cells) gives the mean source rise within 1 % (measured +0.096 %) and the centroid
    within 2 % (measured +0.038 %) of the exact series."""
    mean, centroid, _ = v2_solve(2)
    assert abs(mean / MEAN_EXACT - 1) < 0.01
    assert abs(centroid / CENTROID_EXACT - 1) < 0.02
    assert abs(mean / MEAN_EXACT - 1) < 0.0015


def test_v2_converges_with_refinement():
    """V2 mesh convergence: over levels 0, 1, 2 (h halved each time) the mean-rise error
    falls 1.31 % -> 0.36 % -> 0.096 % (second order: ratio ~3.7 per halving); the
    Richardson extrapolate of levels 1-2 is within 0.01 % of the series."""
    errs, means = [], []
    for level in (0, 1, 2):
        mean, _, _ = v2_solve(level)
        means.append(mean)
        errs.append(abs(mean - MEAN_EXACT) / MEAN_EXACT)
    assert errs[0] > errs[1] > errs[2]
    assert errs[0] / errs[1] > 3.0 and errs[1] / errs[2] > 3.0
    richardson = (4 * means[2] - means[1]) / 3
    assert abs(richardson / MEAN_EXACT - 1) < 1e-4


@pytest.mark.slow
def test_v2_fine_mesh():
    """V2 fine mesh (level 3, 379 456 cells): mean within 0.03 %, centroid 0.02 %."""
    mean, centroid, _ = v2_solve(3)
    assert abs(mean / MEAN_EXACT - 1) < 3e-4
    assert abs(centroid / CENTROID_EXACT - 1) < 2e-4
