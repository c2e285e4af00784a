"""Mechanical, reflow and transient outputs of a study variant, through the public app API.

Each source is computed only when an output path names it (they cost far more than a
steady thermal solve: a warpage FE solve per temperature, a reflow oven pass, a Zth
march), with the settings of the study file's section of the same name:

* ``warpage.*``: :func:`chippack.solve_warpage` (``warpage: {at, operating, fatigue,
  field, refine, stress_free}``); paths as in ``<stem>_warpage.json``:
  ``warpage.warpage_um.260C.ball_side``, ``warpage.coplanarity_um.25C.top``,
  ``warpage.joint_life_cycles.balls.TC1``, ``warpage.field_life_cycles.balls``;
* ``reflow.*``: :func:`chippack.solve_reflow` (``reflow: {profile, h, refine}``); paths
  as in ``<stem>_reflow.json``: ``reflow.peak_c.second_bumps``,
  ``reflow.time_above_liquidus_s.second_bumps``, ``reflow.joints.balls.melted``; a
  flow's own passes under ``reflow.flow_passes[i]``; the method claims the passes decide
  (seed 001 claim 11) are ``claims.001-11`` as for any claim;
* ``zth.*``: :func:`chippack.solve_zth` (``zth: {environment, t_last, dual_interface}``):
  ``zth.zth_final_k_w``, ``zth.fit_error``, and with ``dual_interface: true`` the
  JESD51-14 θJC, ``zth.jesd51_14.theta_jc_zth_k_w`` / ``theta_jc_sf_k_w``.

Every source also has a *check* that refuses, before any variant runs, a path that no
variant can have (a misspelt key, a temperature not in ``at``, the JESD51-14 figures
without the dual interface pair); keys that depend on the design (joint names) are
looked up per variant.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from chippack.errors import ChippackError
from chippack.study.paths import parse_path

#: ``compute(design, settings, thermal)``: the source's JSON-ready dict for a loaded design;
#: ``thermal`` is the variant's :class:`chippack.app.Results` when it was solved, else None.
Compute = Callable[[Any, Mapping[str, Any], Any], dict[str, Any]]
#: ``check(path, steps, settings)``: raise a one-line ChippackError for an impossible path.
Check = Callable[[str, list, Mapping[str, Any]], None]


@dataclass(frozen=True)
class OutputSource:
    """A named group of outputs (``<name>.<key>...``) and how to compute and check them."""

    name: str
    compute: Compute
    check: Check | None = None


def _one_of(path: str, step: object, known: list[str] | tuple[str, ...], what: str) -> None:
    if str(step) in known:
        return
    close = difflib.get_close_matches(str(step), list(known), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise ChippackError(f"outputs: {path!r}: {step!r} is not {what}; {hint}"
                        f"(one of {', '.join(known)})")


# -- warpage ---------------------------------------------------------------------------

#: Keys of ``<stem>_warpage.json`` that are keyed by load case (then face or part).
WARPAGE_BY_CASE = ("warpage_um", "coplanarity_um", "peak_to_valley_um", "die_stress_mpa",
                   "die_edge_interface_shear_mpa", "joint_equivalent_strain")
WARPAGE_FACES = ("ball_side", "top")
WARPAGE_KEYS = (*WARPAGE_BY_CASE, "joint_life_cycles", "field_life_cycles",
                "acceleration_factor_tc1_to_field", "joint_shear_strain_per_k", "limit_um",
                "ball_pitch_mm", "stress_free_c", "dofs")
#: IPC-9701A cycles of ``joint_life_cycles.<joint>``.
IPC_CYCLES = ("TC1", "TC2", "TC3", "TC4")


def warpage_cases(settings: Mapping[str, Any]) -> list[str]:
    """The load-case names a warpage section gives (``25C``, ``260C``, ``operating``)."""
    names = [f"{float(t):g}C" for t in settings.get("at", (25.0, 260.0))]
    return names + (["operating"] if settings.get("operating") else [])


def compute_warpage(design, settings: Mapping[str, Any], thermal) -> dict[str, Any]:
    from chippack.app import solve_warpage

    operating: Any = bool(settings.get("operating", False))
    if operating and thermal is not None:  # reuse the variant's still-air run if it has one
        operating = next((r for r in thermal.runs if r.environment.name == "still-air"
                          and r.environment.custom is None), True)
    refine = {"refine": settings["refine"]} if settings.get("refine") is not None else {}
    return solve_warpage(design, tuple(settings.get("at", (25.0, 260.0))), operating=operating,
                         stress_free=settings.get("stress_free"),
                         fatigue=bool(settings.get("fatigue", True)),
                         field=settings.get("field", "0,60,1"), **refine).to_dict()


def check_warpage(path: str, steps: list, settings: Mapping[str, Any]) -> None:
    for t in settings.get("at", ()):
        if "." in f"{float(t):g}":
            raise ChippackError(f"warpage.at: {t:g} °C would name a case {float(t):g}C, which "
                                "no dotted output path can reach; use whole degrees")
    if len(steps) < 2:
        raise ChippackError(f"outputs: {path!r}; name a warpage key (e.g. "
                            "warpage.warpage_um.260C.ball_side)")
    key = str(steps[1])
    _one_of(path, key, WARPAGE_KEYS, "a warpage output")
    if key in WARPAGE_BY_CASE and len(steps) > 2:
        _one_of(path, steps[2], warpage_cases(settings),
                "a load case of warpage.at (add it there, or operating: true)")
        if key in ("warpage_um", "coplanarity_um", "peak_to_valley_um") and len(steps) > 3:
            _one_of(path, steps[3], WARPAGE_FACES, "a face")
    if key in ("joint_life_cycles", "field_life_cycles", "acceleration_factor_tc1_to_field",
               "joint_shear_strain_per_k") and settings.get("fatigue") is False:
        raise ChippackError(f"outputs: {path!r} needs the joint fatigue; remove "
                            "warpage.fatigue: false")
    if key == "joint_life_cycles" and len(steps) > 3:
        _one_of(path, steps[3], IPC_CYCLES, "an IPC-9701A cycle")
    if key in ("field_life_cycles", "acceleration_factor_tc1_to_field") and \
            settings.get("field", "0,60,1") is None:
        raise ChippackError(f"outputs: {path!r} needs a field cycle; set warpage.field")


# -- reflow ----------------------------------------------------------------------------

REFLOW_KEYS = ("peak_c", "time_above_liquidus_s", "joints", "parts", "package_top_centre",
               "delta_t_across_package_at_peak_k", "profile", "flow_passes")
REFLOW_JOINT_KEYS = ("role", "material", "liquidus_c", "peak_c", "peak_min_c",
                     "time_above_liquidus_s", "time_above_liquidus_max_s", "melted",
                     "mean_history")


def compute_reflow(design, settings: Mapping[str, Any], _thermal) -> dict[str, Any]:
    from chippack.app import solve_reflow

    kwargs = {k: settings[k] for k in ("h", "refine") if settings.get(k) is not None}
    data = solve_reflow(design, settings.get("profile", "jstd020"), **kwargs).to_dict()
    data.pop("solver", None)  # histories and solver facts: not outputs, kept out of memory
    return data


def check_reflow(path: str, steps: list, _settings: Mapping[str, Any]) -> None:
    if len(steps) < 2:
        raise ChippackError(f"outputs: {path!r}; name a reflow key (e.g. "
                            "reflow.time_above_liquidus_s.second_bumps)")
    _one_of(path, steps[1], REFLOW_KEYS, "a reflow output")
    if str(steps[1]) == "joints" and len(steps) > 3:
        _one_of(path, steps[3], REFLOW_JOINT_KEYS, "a joint's reflow result")


# -- Zth / JESD51-14 -------------------------------------------------------------------

ZTH_KEYS = ("zth_final_k_w", "zth_steady_k_w", "t_last_s", "fit_error", "foster_terms", "tau_min_s",
            "tau_max_s", "cells", "steps", "setups", "zth_k_w", "times_s", "jesd51_14")
JESD51_14_KEYS = ("theta_jc_zth_k_w", "theta_jc_sf_k_w", "theta_jc_steady_k_w",
                  "t_separation_s")


def compute_zth(design, settings: Mapping[str, Any], _thermal) -> dict[str, Any]:
    from chippack.app import solve_zth

    data = solve_zth(design, settings.get("environment", "cold-plate-top"),
                     t_last=float(settings.get("t_last", 1000.0)),
                     dual_interface=bool(settings.get("dual_interface", False))).to_dict()
    for curve in (data, *(data.get("jesd51_14", {}).get(k, {}) for k in ("dry", "greased"))):
        for bulky in ("foster", "structure"):  # arrays no output names
            curve.pop(bulky, None)
    return data


def check_zth(path: str, steps: list, settings: Mapping[str, Any]) -> None:
    if len(steps) < 2:
        raise ChippackError(f"outputs: {path!r}; name a Zth key (e.g. zth.zth_final_k_w)")
    _one_of(path, steps[1], ZTH_KEYS, "a Zth output")
    if str(steps[1]) == "jesd51_14":
        if not settings.get("dual_interface"):
            raise ChippackError(f"outputs: {path!r} needs the JESD51-14 pair; set "
                                "zth.dual_interface: true")
        if len(steps) > 2:
            _one_of(path, steps[2], JESD51_14_KEYS, "a JESD51-14 figure")
    if str(steps[1]) in ("zth_k_w", "times_s") and (len(steps) < 3 or
                                                   not isinstance(steps[2], int)):
        raise ChippackError(f"outputs: {path!r} is the whole curve; add an index "
                            f"(zth.{steps[1]}[30])")


BUILTIN_SOURCES = {s.name: s for s in (
    OutputSource("warpage", compute_warpage, check_warpage),
    OutputSource("reflow", compute_reflow, check_reflow),
    OutputSource("zth", compute_zth, check_zth),
)}


def check_source_path(source: OutputSource, path: str, settings: Mapping[str, Any]) -> None:
    """The source's check of one output path (nothing for a source without one)."""
    if source.check is not None:
        source.check(path, parse_path(path), settings)
