"""JESD51-14 transient dual interface θJC: two heating curves, dry and greased case contact.

The junction-to-case path is the same in both runs; only the case-to-cold-plate contact
differs.  The two Zth curves coincide while the heat has not reached the case and part
ways after it; so do the cumulative structure functions, whose separation lies at
R = θJC (JESD51-14, 2010; Schweitzer, Pape, Chen, "Transient measurement of the
junction-to-case thermal resistance using structure functions", SEMI-THERM 2008).

Separation criteria used here (stated, not the standard's exact ε, which this module
does not reproduce): Zth method -- the first time at which the curves differ by more
than ``eps_zth`` of the greased curve, θJC = the greased Zth there; structure-function
method -- the smallest cumulative R at which the cumulative capacities differ by more
than ``eps_sf`` (relative).
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
    theta_jc_zth: float
    theta_jc_sf: float
    t_separation_s: float


def zth_separation(t: np.ndarray, z_dry: np.ndarray, z_wet: np.ndarray,
                   eps: float = 0.01) -> tuple[float, float]:
    """(time, θJC) where the dry curve first exceeds the greased one by ``eps`` relative."""
    d = (z_dry - z_wet) / np.maximum(z_wet, 1e-300)
    i = int(np.argmax(d > eps))
    if not d[i] > eps:
        return float("nan"), float("nan")
    return float(t[i]), float(z_wet[i])


def sf_separation(dry: StructureFunction, wet: StructureFunction, eps: float = 0.1) -> float:
    """Smallest cumulative R (K/W) where the cumulative structure functions part by more
    than ``eps`` in C (compared on log C over a common R grid)."""
    r_max = min(dry.r_sum[-1], wet.r_sum[-1])
    grid = np.linspace(0.0, r_max, 2001)[1:]

    def logc(sf: StructureFunction) -> np.ndarray:
        # staircase: C_sum_k holds from R_sum_(k-1) to R_sum_k
        idx = np.searchsorted(sf.r_sum, grid, side="left")
        return np.log(sf.c_sum[np.minimum(idx, sf.c_sum.size - 1)])

    diff = np.abs(logc(dry) - logc(wet))
    i = int(np.argmax(diff > np.log1p(eps)))
    return float(grid[i]) if diff[i] > np.log1p(eps) else float("nan")


def dual_interface(layout, t_last: float = 100.0, mesh_options=None,
                   dry_r: float = DRY_R, greased_r: float = GREASED_R) -> dict:
    """Both runs and both θJC estimates, with the ideal-contact steady θJC for reference."""
    from chippack.metrics.zth import junction_zth

    dry = junction_zth(layout, "cold-plate-top", t_last=t_last, mesh_options=mesh_options,
                       top_contact_r=dry_r)
    wet = junction_zth(layout, "cold-plate-top", t_last=t_last, mesh_options=mesh_options,
                       top_contact_r=greased_r)
    t_sep, th_zth = zth_separation(dry["times_s"], dry["zth_k_w"], wet["zth_k_w"])
    th_sf = sf_separation(dry["structure"], wet["structure"])
    return {"dry": dry, "greased": wet,
            "result": DualInterface(th_zth, th_sf, t_sep)}
