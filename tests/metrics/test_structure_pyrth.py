"""chippack's cumulative structure function against PyRth's and against the model's exact
Cauer ladder, from the same Zth curves.

References (tests/data/pyrth; neither PyRth, numpy < 2 nor minutes of Lanczos are needed
by the test):

* ``pyrth_structure_mean.csv`` / ``pyrth_structure.csv``: PyRth 1.2 (MIT; Bayesian
  deconvolution of dZth/dln t, Lanczos Foster->Cauer), run by run_pyrth.py (settings
  chosen there for accuracy against the exact ladder) on ``chippack_zth_mean.csv`` /
  ``chippack_zth.csv`` (seed-001 bumped-sink flip chip against the top cold plate,
  1 us .. 100 s, 40 points per decade, written by make_zth.py): the power-weighted
  source-layer mean (the driving point) and the junction sensor (the steady peak's
  source-layer cell, a die corner: what ``chippack zth`` reports);
* ``exact_ladder.csv``: the discrete model's own Cauer ladder of the driving point, by
  Lanczos on C^-1/2 G C^-1/2 from the junction (make_zth.py; no time stepping, no
  deconvolution; Gragg & Harrod 1984), total R equal to the steady p^T G^-1 p.  Only the
  driving point has one: a point sensor's spectrum is signed (chippack.metrics.zth).

Measured (box = the smallest ``max(|d ln R|, |d ln C|)`` that reaches the other curve,
fair on both the flat and the nearly vertical parts; RC = R at matching C; C in J/K;
"old" = plain NNLS on 10 tau per decade, "new" = fit_foster's smoothed NNLS on 40):

    driving point, box (RC)   0.004-0.01     0.01-0.03     0.03-0.15     >= 0.15
      old chippack vs exact    9.1 (15.7) %   6.3 (11.7) %  10.8 (60) %   4.8 (5.2) %
      new chippack vs exact    3.7 (6.6)      4.4 (7.5)      6.3 (22)     1.6 (1.6)
      PyRth vs exact          18.4 (45)       6.5 (14.7)    11.0 (52)     2.2 (2.0)
      new chippack vs PyRth   30 (30)        10.7 (15.1)     8.4 (32)     3.3 (3.3)
    sensor, old vs PyRth      25 (30)         4.9 (8.4)      8.8 (36)     6.0 (6.5)
    sensor, new vs PyRth      24 (29)        10.6 (14.8)    12.4 (60)     5.6 (6.1)

Between C = 0.09 and 0.105 J/K the exact curve is nearly vertical (the bump/underfill
layer: R 0.08 -> 0.26 K/W at almost constant C), where RC is ill-conditioned: even the
exact Zth (the exact ladder's own Foster sum, sampled alike) deconvolves to 4.8 % box /
13 % RC there, the resolution of deconvolving a curve at all.  Below C = 0.01 J/K
PyRth is off (its derivative window at the curve's 1 us start).  On the sensor curve the
two non-negative deconvolutions part by 6.1 % in R at C = 0.15 J/K: the sensor's modal
spectrum has negative parts at tau ~ 10-40 ms, which each method replaces by a positive
one its own way; no exact ladder decides between them.
"""

import pathlib

import numpy as np
import pytest

from chippack.metrics.structure import fit_foster, foster_to_cauer, structure_function

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "pyrth"


def curve(name: str) -> tuple[np.ndarray, np.ndarray]:
    r, c = np.loadtxt(DATA / name, delimiter=",", skiprows=1).T
    return r, c


def chippack_curve(name: str = "chippack_zth_mean.csv"):
    t, z = np.loadtxt(DATA / name, delimiter=",", skiprows=1).T
    foster, err = fit_foster(t, z)
    assert err < 1e-3
    sf = structure_function(foster_to_cauer(foster))
    return sf.r_sum, sf.c_sum


def r_at_c(a, b, lo: float, hi: float) -> float:
    """max |R_a / R_b - 1| at 60 log-spaced C in [lo, hi] (R interpolated in log C)."""
    grid = np.logspace(np.log10(lo), np.log10(hi), 60)
    ra = np.interp(np.log(grid), np.log(a[1]), a[0])
    rb = np.interp(np.log(grid), np.log(b[1]), b[0])
    return float(np.max(np.abs(ra / rb - 1)))


def box_distance(a, b, lo: float, hi: float) -> float:
    """Largest, over the points of curve ``a`` with C in [lo, hi], of the smallest
    ``max(|d ln R|, |d ln C|)`` to a point of curve ``b`` (both as polylines in
    (R, ln C), densified)."""
    def dense(r, c, n=20000):
        s = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(r) / r[-1],
                                                       np.diff(np.log(c)) / 10))])
        u = np.linspace(0.0, s[-1], n)
        return np.interp(u, s, r), np.exp(np.interp(u, s, np.log(c)))

    ra, ca = dense(*a)
    rb, cb = dense(*b)
    sel = (ca >= lo) & (ca <= hi)
    lrb, lcb = np.log(rb), np.log(cb)
    return max(float(np.min(np.maximum(np.abs(lrb - np.log(r)), np.abs(lcb - np.log(c)))))
               for r, c in zip(ra[sel][::10], ca[sel][::10], strict=True))


def test_structure_function_agrees_with_pyrth():
    """Driving-point curve: R at matching C within 5 % of PyRth from C = 0.15 J/K on (past
    the die-attach step), total R within 0.5 %."""
    ours, pyrth = chippack_curve(), curve("pyrth_structure_mean.csv")
    assert r_at_c(ours, pyrth, 0.15, 1e4) < 0.05
    assert abs(ours[0][-1] - pyrth[0][-1]) / pyrth[0][-1] < 0.005


def test_sensor_structure_function_against_pyrth():
    """The junction-sensor curve (what chippack zth reports): both structure functions end
    at the curve's Zth(100 s) (the steady θJC; chippack 1e-3, PyRth's spectrum 0.6 %
    short) and lie within 7 % in the box distance from C = 0.15 J/K (5.6 %: R at
    matching C is 6.1 % there, beyond the 5 % goal; see the module docstring)."""
    t, z = np.loadtxt(DATA / "chippack_zth.csv", delimiter=",", skiprows=1).T
    ours, pyrth = chippack_curve("chippack_zth.csv"), curve("pyrth_structure.csv")
    assert ours[0][-1] == pytest.approx(z[-1], rel=1e-3)
    assert pyrth[0][-1] == pytest.approx(z[-1], rel=0.01)
    assert box_distance(ours, pyrth, 0.15, 1e4) < 0.07


def test_structure_function_against_the_models_exact_ladder():
    """Against the exact ladder of the model: within 3 % in R at matching C from 0.13 J/K,
    within 7 % in the box distance from 0.004 J/K, closer to it than PyRth's in the die
    region (C 0.03..0.15 J/K, box and RC), total R within 1e-3."""
    ours, exact = chippack_curve(), curve("exact_ladder.csv")
    pyrth = curve("pyrth_structure_mean.csv")
    assert r_at_c(ours, exact, 0.13, 1e4) < 0.03
    assert box_distance(ours, exact, 0.004, 1e4) < 0.07
    assert box_distance(ours, exact, 0.03, 0.15) < box_distance(pyrth, exact, 0.03, 0.15)
    assert r_at_c(ours, exact, 0.03, 0.15) < r_at_c(pyrth, exact, 0.03, 0.15)
    assert abs(ours[0][-1] - exact[0][-1]) / exact[0][-1] < 1e-3
