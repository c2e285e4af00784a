"""JESD51-14 transient dual interface θJC: two heating curves, dry and greased case contact.

The junction-to-case path is the same in both runs; only the case-to-cold-plate contact
differs.  The two Zth curves coincide while the heat has not reached the case and part
ways after it; so do the cumulative structure functions, whose separation lies at
R = θJC (JESD51-14, 2010; Schweitzer, Pape, Chen, "Transient measurement of the
junction-to-case thermal resistance using structure functions: chances and limits",
SEMI-THERM 2008, which the standard's evaluation follows).

**The two evaluations.**  JESD51-14 reads θJC (1) where the two Zth curves part: the
difference ``δ(t) = Zth_dry(t) − Zth_greased(t)`` is followed until it exceeds a threshold
ε that scales with the curve (ε grows with θJC; in a measurement an additive part covers
the noise floor, and the first tens of µs, spoilt by the electrical switching transient,
are replaced by the √t extrapolation of the curve's start); θJC is the Zth at that time;
and (2) where the two cumulative structure functions part.  Sources: the standard's
title and scope and Schweitzer, Pape and Chen (2008, abstract: the structure-function
separation and an alternative evaluation "not based on structure functions", i.e. on
the Zth curves) -- the standard's own text, with its numeric ε coefficients, was not
among the references reachable from this project, so those coefficients are not
reproduced, and PyRth (whose stored copy has no dual-interface evaluation) was no help
there.  Here:

* :func:`zth_separation` -- δ against ``eps`` x Zth_greased (a curve-proportional ε; a
  simulated curve has no noise floor and no switching transient, so neither the additive
  part of ε nor the √t correction applies: both curves are exact from 1 µs, and δ is
  exactly 0 while the heat is inside the package).  The crossing is located between the
  samples (log-log interpolation of δ/Z in log t, 0.34 % from the exact root on a 1-D
  ladder at 10 samples per decade): session 2 read the first sample beyond it, which
  was 7 % high on the ladder and 14 % / 8 % high on seeds 002 / 001.
* :func:`sf_separation` -- the cumulative structure functions compared as R(C) on the
  union of their own nodes; the separation is where the two part *for good* (the last
  entry into a ``eps`` band), traced back to the last node where they still agree within
  ``onset`` (the start of the divergence, not the point where it has grown to ``eps``).
  On a 1-D ladder whose last element before the sink is the contact, this is the
  resistance up to the case exactly.

**What the separation θJC is, at a point sensor in a 3-D package.**  Both evaluations
read the package at the moment the heat reaches the case; the steady θJC of the same
sensor (ideal cold plate) also holds everything that settles later.  The ideal-contact
heating curve at the same sensor shows how much that is: on seed 002's exposed die it is
at 71 % of its steady value when δ reaches 1 % of Zth (1.3 ms) and reaches 99 % only at
40 ms -- the die's own heat capacity still filling after the case has started to warm
(even on a 1-D ladder the Zth reading is 25 % below R_jc for that reason) -- and on
seed 001 (die corner under the sink-bump edge) 74 % at 53 ms, 99 % at 6 s.  Seed 001's
ideal-contact structure function reaches 0.41 K/W at the capacity where the dry and
greased functions part and climbs on to the steady 0.456 K/W at capacities beyond the
case: the slow lateral paths, which the structure-function method, correctly for a 1-D
path model, places beyond the case (it reads 0.4066 K/W, the ideal function's 0.4096
within 0.7 %).  A greased contact that is not small against θJC (both examples: 0.139
and 0.31 K/W against 0.054 and 0.46) also moves the structure-function separation into
the contact (``sf_finding``; seed 002's functions part already inside the die).  So the
transient and the steady θJC of a point sensor differ physically (the spreading inside
die and package is not 1-D): Zth method −16 % / −22 %, structure functions −11 % (seed
001) against the steady θJC (benchmarks/RESULTS.md, branch jesd); reported, not forced
to agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chippack.metrics.structure import StructureFunction

#: Case-to-cold-plate contact, K m^2/W: dry metal contact and a thermal grease layer
#: (order of magnitude of published ranges: dry 1e-4..1e-3, greased ~1e-5).
DRY_R = 5e-4
GREASED_R = 2e-5


@dataclass(frozen=True)
class DualInterface:
    """Both θJC estimates (K/W), the time the Zth curves part (s), the greased contact's
    own resistance over the case (K/W), when the structure-function estimate cannot be
    trusted, why (``sf_finding``, else None), and the steady ideal-contact θJC they
    estimate (``theta_jc_steady``, K/W: the ``theta_jc`` of the steady metrics, at the
    same junction sensor)."""

    theta_jc_zth: float
    theta_jc_sf: float
    t_separation_s: float
    greased_contact_k_w: float = float("nan")
    sf_finding: str | None = None
    theta_jc_steady: float = float("nan")


def sf_finding(theta_jc_zth: float, theta_jc_sf: float, greased_contact_k_w: float) -> str | None:
    """Why the structure-function θJC is not θJC, or None.

    The method needs the two cumulative structure functions to part at the case.  When the
    greased contact's own resistance over the case is not small against θJC, the two
    contacts redistribute the heat inside the package differently (the greased one is
    far from isothermal), so the functions either part gradually from inside the package
    (seed 002 exposed die: at 0.010 K/W, traced back to where they still agree) or climb
    the resistive, almost capacity-free contact step together and part only near its top
    (the session-2 reading there, 0.093 K/W, included part of the contact).  The
    Zth-curve θJC is not affected in that way: the curves part in time as soon as the
    heat reaches the case."""
    if not np.isfinite(greased_contact_k_w) or not np.isfinite(theta_jc_zth):
        return None
    if greased_contact_k_w <= 0.5 * theta_jc_zth:
        return None
    return (f"structure-function θJC {theta_jc_sf:.3g} K/W not reliable: the greased case "
            f"contact itself is {greased_contact_k_w:.3g} K/W, more than half the Zth-curve "
            f"θJC {theta_jc_zth:.3g} K/W, so the two structure functions part gradually, "
            "already inside the package or only within the contact, not at the case "
            "(JESD51-14 assumes a second interface that is small against θJC; compare with "
            "the Zth-curve value)")


def zth_separation(t: np.ndarray, z_dry: np.ndarray, z_wet: np.ndarray,
                   eps: float = 0.01) -> tuple[float, float]:
    """(time s, θJC K/W) of JESD51-14's Zth-curve evaluation: the first time at which
    ``δ = z_dry − z_wet`` exceeds ``eps`` x ``z_wet`` (an ε proportional to the curve),
    located between the samples: δ/Z is interpolated log-log in t between the last sample
    below and the first above ``eps`` (δ grows like a power of t there), linearly where
    the sample below has δ <= 0; θJC is ``z_wet`` interpolated in log t at that time.
    NaN, NaN if the curves never part by ``eps``."""
    t, z_dry, z_wet = (np.asarray(a, float) for a in (t, z_dry, z_wet))
    d = (z_dry - z_wet) / np.maximum(z_wet, 1e-300)
    above = d > eps
    if not above.any():
        return float("nan"), float("nan")
    i = int(np.argmax(above))
    if i == 0:
        return float(t[0]), float(z_wet[0])
    lt0, lt1 = np.log(t[i - 1]), np.log(t[i])
    if d[i - 1] > 0:
        f = (np.log(eps) - np.log(d[i - 1])) / (np.log(d[i]) - np.log(d[i - 1]))
    else:
        f = (eps - d[i - 1]) / (d[i] - d[i - 1])
    lt = lt0 + f * (lt1 - lt0)
    return float(np.exp(lt)), float(np.interp(lt, [lt0, lt1], [z_wet[i - 1], z_wet[i]]))


def sf_separation(dry: StructureFunction, wet: StructureFunction, eps: float = 0.05,
                  c_floor: float = 0.02, onset: float = 1e-3) -> float:
    """θJC (K/W) from the cumulative structure functions, compared as R(C) at equal
    cumulative capacity on the union of both curves' own nodes (R interpolated in log C
    between nodes): the separation is where the dry R parts from the greased R *for
    good* -- the smallest C from which on it stays above by more than ``eps``
    (relative) to the end of the compared range -- traced back to the last node where
    the two still agree within ``onset`` (relative): the start of the divergence.  θJC is
    the greased R there.

    "For good" (the last entry into the ``eps`` band, not the first) makes the criterion
    deterministic on deconvolved curves: two independent Foster fits of the two heating
    curves differ a little in their first time constants, and a first-crossing rule fires
    on that fitting noise (it read 0.014 K/W on the seed-001 package).  The trace back
    (new in session 3) reads the start of the divergence rather than the point where it
    has grown to ``eps``: on a ladder whose curves agree exactly up to the case it is the
    case's R exactly (session 2, at the ``eps`` crossing on a 4001-point log-C grid, read
    0.3614 for 0.35 K/W, +3.3 %); on
    deconvolved curves it stops where the difference falls into the fitting noise, i.e.
    the separation as far as the curves resolve it.  Below ``c_floor`` of the greased
    total R nothing is compared."""
    lo = max(dry.c_sum[0], wet.c_sum[0])
    hi = min(dry.c_sum[-1], wet.c_sum[-1])
    nodes = np.union1d(dry.c_sum, wet.c_sum)
    grid = nodes[(nodes >= lo) & (nodes <= hi)]
    r_dry = np.interp(np.log(grid), np.log(dry.c_sum), dry.r_sum)
    r_wet = np.interp(np.log(grid), np.log(wet.c_sum), wet.r_sum)
    rel = (r_dry - r_wet) / np.maximum(r_wet, 1e-300)
    use = r_wet > c_floor * wet.r_sum[-1]
    if not use.any():
        return float("nan")
    rel, r_wet = rel[use], r_wet[use]
    inside = np.flatnonzero(rel <= eps)
    if inside.size == 0:              # apart from the first compared point on
        return float("nan")
    i = int(inside[-1]) + 1
    if i >= rel.size:                 # together to the end: no separation in range
        return float("nan")
    agree = np.flatnonzero(np.abs(rel[:i]) <= onset)
    j = int(agree[-1]) if agree.size else i - 1
    return float(r_wet[j])


def dual_interface(layout, t_last: float = 100.0, mesh_options=None,
                   dry_r: float = DRY_R, greased_r: float = GREASED_R) -> dict:
    """Both runs and both θJC estimates, with the ideal-contact steady θJC for reference.

    One junction for all three: the sensor cell of the steady ideal-contact θJC (the
    source-layer cell of its peak, :func:`chippack.metrics.run.junction_sensor`) reads
    both heating curves, as one test die's sensor reads both measurements."""
    from chippack.metrics.environment import Environment
    from chippack.metrics.run import evaluate, junction_sensor, source_layers
    from chippack.metrics.zth import junction_zth, zth_problem

    ideal = zth_problem(layout, "cold-plate-top", mesh_options)
    steady = evaluate(ideal["mesh"], Environment(name="cold-plate-top"), ideal["power"])
    sensor = junction_sensor(source_layers(ideal["mesh"]), steady.solution.temperature)
    dry = junction_zth(layout, "cold-plate-top", t_last=t_last, mesh_options=mesh_options,
                       top_contact_r=dry_r, sensor=sensor)
    wet = junction_zth(layout, "cold-plate-top", t_last=t_last, mesh_options=mesh_options,
                       top_contact_r=greased_r, sensor=sensor)
    t_sep, th_zth = zth_separation(dry["times_s"], dry["zth_k_w"], wet["zth_k_w"])
    th_sf = sf_separation(dry["structure"], wet["structure"])
    area = wet.get("contact_area_m2") or float("nan")
    r_contact = greased_r / area
    return {"dry": dry, "greased": wet,
            "delta_k_w": np.asarray(dry["zth_k_w"]) - np.asarray(wet["zth_k_w"]),
            "result": DualInterface(th_zth, th_sf, t_sep, r_contact,
                                    sf_finding(th_zth, th_sf, r_contact),
                                    float(steady.metrics["theta_jc"]))}
