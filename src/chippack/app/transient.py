"""Junction Zth(t), structure functions and the JESD51-14 θJC: :func:`solve_zth`,
:class:`ZthResults`.

The orchestration of a transient analysis: the heating curve of the junction in one
JEDEC environment (:func:`chippack.metrics.zth.junction_zth`: log-spaced step response,
NNLS Foster fit, Cauer ladder, structure functions) and, on request, the JESD51-14
transient dual interface pair (:func:`chippack.metrics.jesd51_14.dual_interface`: dry and
greased case contact on the top cold plate).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chippack.app.analysis import check_call_arguments
from chippack.app.design import Design, load
from chippack.report.files import atomic_write_text, pictures_by_key

Progress = Callable[[int, int, str], None]


def _curve(res: dict) -> dict:
    """JSON-ready arrays and facts of one heating curve (``junction_zth`` result)."""
    f, sf = res["foster"], res["structure"]
    return {"environment": res["environment"],
            "sensor_cell": list(res["sensor_cell"]),
            "zth_steady_k_w": float(res["zth_steady_k_w"]),
            "zth_final_k_w": float(res["zth_k_w"][-1]), "t_last_s": float(res["times_s"][-1]),
            "fit_error": float(res["fit_error"]), "foster_terms": int(f.r.size),
            "tau_min_s": float(f.tau.min()), "tau_max_s": float(f.tau.max()),
            "times_s": np.asarray(res["times_s"]).tolist(),
            "zth_k_w": np.asarray(res["zth_k_w"]).tolist(),
            "foster": {"r_k_w": f.r.tolist(), "tau_s": f.tau.tolist()},
            "structure": {"r_sum_k_w": sf.r_sum.tolist(), "c_sum_j_k": sf.c_sum.tolist(),
                          "k_j_k2_w": sf.k.tolist()},
            "cells": int(res["cells"]), "steps": int(res["steps"]), "setups": int(res["setups"])}


@dataclass
class ZthResults:
    """The junction's heating curve and what is derived from it (the junction: the
    sensor cell of the steady Tj, ``tj_max_c``; Zth(inf) = ``zth_steady_k_w`` = the
    steady θ of the environment).

    Attributes
    ----------
    design : Design
    curve : dict
        :func:`chippack.metrics.zth.junction_zth`'s result (``times_s``, ``zth_k_w``,
        ``foster``, ``fit_error``, ``cauer``, ``structure`` ...).
    dual : dict or None
        :func:`chippack.metrics.jesd51_14.dual_interface`'s result (``dry``, ``greased``,
        ``result``), when the JESD51-14 pair was run.
    """

    design: Design
    curve: dict
    dual: dict | None = None

    def to_dict(self) -> dict:
        """The content of ``<stem>_zth.json``: the curve (``zth_k_w`` vs ``times_s``),
        Foster terms, fit error, structure functions and, if run, ``jesd51_14``."""
        data = {"design": self.design.name, **_curve(self.curve)}
        if self.dual is not None:
            from chippack.metrics.jesd51_14 import DRY_R, GREASED_R

            d = self.dual["result"]
            data["jesd51_14"] = {
                "theta_jc_zth_k_w": d.theta_jc_zth, "theta_jc_sf_k_w": d.theta_jc_sf,
                "theta_jc_steady_k_w": d.theta_jc_steady,
                "t_separation_s": d.t_separation_s,
                "greased_contact_k_w": d.greased_contact_k_w, "sf_finding": d.sf_finding,
                "dry_contact_k_m2_w": DRY_R, "greased_contact_k_m2_w": GREASED_R,
                "dry": _curve(self.dual["dry"]), "greased": _curve(self.dual["greased"])}
        return data

    def summary(self) -> str:
        """One line per curve: Zth at the last time, Foster terms and fit error, θJC.

        Examples
        --------
        >>> import chippack
        >>> z = chippack.solve_zth(chippack.example_path("two_mold_package"), t_last=1.0)
        >>> print(z.summary())  # doctest: +ELLIPSIS
        two-mold package (seed 002) (cold-plate-top): Zth(1 s) = ... K/W; Foster ... fit error ...
        """
        c = self.curve
        f = c["foster"]
        rows = [f"{self.design.name} ({c['environment']}): Zth({c['times_s'][-1]:g} s) = "
                f"{c['zth_k_w'][-1]:.4g} K/W; Foster {f.r.size} terms (τ {f.tau.min():.3g}–"
                f"{f.tau.max():.3g} s), fit error {c['fit_error']:.2%}; {c['cells']:,} cells, "
                f"{c['steps']} steps, {c['setups']} multigrid set-ups"]
        if self.dual is not None:
            d = self.dual["result"]
            rows.append(f"JESD51-14 θJC: {d.theta_jc_zth:.4g} K/W from the Zth curves "
                        f"(δ = 1 % of Zth at {d.t_separation_s:.3g} s), {d.theta_jc_sf:.4g} K/W "
                        f"from the structure functions; steady θJC {d.theta_jc_steady:.4g} K/W "
                        "(ideal contact, same sensor: it also holds what settles after the "
                        "heat reaches the case, so the transient values read lower)")
            if d.sf_finding:
                rows.append(f"finding: {d.sf_finding}")
        return "\n".join(rows)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``<stem>_zth.csv``, ``<stem>_foster.csv``, ``<stem>_structure.csv``,
        ``<stem>_zth.png`` (and ``<stem>_jesd51_14.png`` with the pair), then
        ``<stem>_zth.json``; each atomically."""
        from chippack.report.zth_plots import save_dual_interface, save_zth

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        stem = self.design.stem
        paths = save_zth(self.curve, out, stem, self.design.name)
        if self.dual is not None:
            paths.append(save_dual_interface(self.dual, out / f"{stem}_jesd51_14.png",
                                             self.design.name))
        paths.append(atomic_write_text(out / f"{stem}_zth.json",
                                       json.dumps(self.to_dict(), indent=1)))
        return paths

    def report_pictures(self, written: list[Path]) -> dict[str, Path]:
        """The report's pictures among ``written`` (``zth_curve``, ``zth_jesd51_14``)."""
        return pictures_by_key(written, self.design.stem,
                               {"zth_curve": "zth", "zth_jesd51_14": "jesd51_14"})


def solve_zth(
    design: Design | str | Path | Mapping,
    env: str = "cold-plate-top",
    *,
    t_last: float = 1000.0,
    dual_interface: bool = False,
    progress: Progress | None = None,
) -> ZthResults:
    """The junction's Zth(t) from 1 µs, Foster fit, Cauer ladder and structure functions
    (as ``chippack zth``), optionally the JESD51-14 dual interface θJC.

    Parameters
    ----------
    design : Design, path or mapping
        What :func:`chippack.load` returns.
    env : str
        JEDEC environment of the heating curve (``cold-plate-top``, ``still-air`` ...).
    t_last : float
        Last time of the curve, s (from 1 µs, ten points per decade).
    dual_interface : bool
        Also the JESD51-14 pair: dry and greased case-to-cold-plate contact; θJC from the
        separation of their Zth curves and of their structure functions.
    progress : callable, optional
        ``progress(done, total, message)``.

    Returns
    -------
    ZthResults

    Examples
    --------
    >>> import chippack
    >>> z = chippack.solve_zth(chippack.example_path("two_mold_package"), t_last=1.0)
    >>> d = z.to_dict()
    >>> len(d["times_s"]), d["times_s"][0]
    (61, 1e-06)
    >>> 0 < d["zth_k_w"][0] < d["zth_k_w"][-1]
    True
    """
    from chippack.inputs.options import check_t_last
    from chippack.metrics.zth import junction_zth

    check_t_last(t_last)
    check_call_arguments(progress=progress)
    if not isinstance(design, Design):
        design = load(design)
    total = 1 + 2 * int(dual_interface)

    def note(done: int, message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    note(0, f"zth: heating curve in {env}")
    curve = junction_zth(design.layout, env, t_last=t_last)
    dual = None
    if dual_interface:
        from chippack.metrics.jesd51_14 import dual_interface as dual_pair

        note(1, "JESD51-14: dry and greased case contact")
        dual = dual_pair(design.layout, t_last=t_last)
    note(total, "done")
    return ZthResults(design, curve, dual)


__all__ = ["ZthResults", "solve_zth"]
