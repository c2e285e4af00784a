"""JESD51-14 transient dual interface θJC: two heating curves, dry and greased case contact.

The junction-to-case path is the same in both runs; only the case-to-cold-plate contact
differs.  The two Zth curves coincide while the heat has not reached the case and part
ways after it; so do the cumulative structure functions, whose separation lies at
R = θJC (JESD51-14, 2010; Schweitzer, Pape, Chen, "Transient measurement of the
junction-to-case thermal resistance using structure functions", SEMI-THERM 2008).

Separation criteria used here (stated, not the standard's exact ε, which this module
does not reproduce): Zth method -- the first time at which the curves differ by more
than ``eps_zth`` of the greased curve, θJC = the greased Zth there; structure-function
method -- R(C) of the two cumulative structure functions compared at equal cumulative
capacity; θJC is the greased R from where on the dry one stays above it by ``eps``.
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
    greased contact's own resistance over the case is not small against θJC, both curves
    climb that resistive, almost capacity-free step together (the only difference, heat
    spreading sideways into the rest of the package, is a few % in C) and part only near
    its top, so the separation read there includes part of the greased contact.  The
    Zth-curve θJC is not affected: the curves part in time as soon as the heat reaches the
    case."""
    if not np.isfinite(greased_contact_k_w) or not np.isfinite(theta_jc_zth):
        return None
    if greased_contact_k_w <= 0.5 * theta_jc_zth:
        return None
    return (f"structure-function θJC {theta_jc_sf:.3g} K/W not reliable: the greased case "
            f"contact itself is {greased_contact_k_w:.3g} K/W, more than half the Zth-curve "
            f"θJC {theta_jc_zth:.3g} K/W, so the two structure functions can climb it together "
            "and part inside it (JESD51-14 assumes a second interface that is small against "
            "θJC; compare with the Zth-curve value)")


def zth_separation(t: np.ndarray, z_dry: np.ndarray, z_wet: np.ndarray,
                   eps: float = 0.01) -> tuple[float, float]:
    """(time, θJC) where the dry curve first exceeds the greased one by ``eps`` relative."""
    d = (z_dry - z_wet) / np.maximum(z_wet, 1e-300)
    i = int(np.argmax(d > eps))
    if not d[i] > eps:
        return float("nan"), float("nan")
    return float(t[i]), float(z_wet[i])


def sf_separation(dry: StructureFunction, wet: StructureFunction, eps: float = 0.05,
                  c_floor: float = 0.02) -> float:
    """θJC (K/W) from the cumulative structure functions, compared as R(C) at equal
    cumulative capacity (log-spaced C): the separation is the smallest C from which on
    the dry R stays above the greased R by more than ``eps`` (relative) up to the end of
    the compared range; θJC is the greased R there.

    "From which on" (the last crossing of the ``eps`` band, not the first) makes the
    criterion deterministic on deconvolved curves: two independent Foster fits of the
    two heating curves differ a little in their first time constants, and a first-crossing
    rule fires on that fitting noise (it read 0.014 K/W on the seed-001 package); the
    true separation is where the curves part for good (JESD51-14, 2010, Annex on the
    structure-function method: the point beyond which the two functions diverge).  Below
    ``c_floor`` of the greased total R nothing is compared."""
    lo = max(dry.c_sum[0], wet.c_sum[0])
    hi = min(dry.c_sum[-1], wet.c_sum[-1])
    grid = np.logspace(np.log10(lo), np.log10(hi), 4001)
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
    return float(r_wet[i])


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
            "result": DualInterface(th_zth, th_sf, t_sep, r_contact,
                                    sf_finding(th_zth, th_sf, r_contact),
                                    float(steady.metrics["theta_jc"]))}
