"""Choose the oven for a load and run it: ``jstd020``, a CSV air profile or an oven YAML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chippack.errors import ChippackError
from chippack.layout import Layout
from chippack.mesh.package import MeshOptions
from chippack.reflow.jstd020 import classification_temperature
from chippack.reflow.oven import read_oven
from chippack.reflow.profile import DEFAULT_H, AirProfile, jstd020_profile, read_profile_csv
from chippack.reflow.simulate import JOINT_KINDS, ReflowRun, package_body, simulate_reflow

#: Zoned ovens shipped with chippack, usable by name (``profile: convection_8zone``).
SHIPPED_OVENS = Path(__file__).resolve().parents[1] / "examples" / "ovens"


def solder_liquidus(layout: Layout) -> dict[str, float]:
    """Liquidus (degC) of every joint array with one."""
    out = {}
    for pid, p in layout.parts.items():
        if p.kind in JOINT_KINDS:
            tl = layout.material_of(pid).liquidus
            if tl is not None:
                out[pid] = tl
    return out


def is_lead_free(layout: Layout) -> bool:
    """Pb-free classification when any solder melts above 200 degC (SAC, Sn)."""
    liq = solder_liquidus(layout)
    return not liq or max(liq.values()) >= 200.0


def classification_of(layout: Layout) -> float:
    """J-STD-020 classification temperature of the package in ``layout``, degC."""
    thickness, volume = package_body(layout)
    return classification_temperature(thickness, volume, is_lead_free(layout))


def profile_for(choice: str | Path, layout: Layout, h: float = DEFAULT_H) -> AirProfile:
    """``jstd020`` (the classification profile for this package), a ``.csv`` air profile,
    a ``.yaml`` zoned oven, or the name of a shipped oven (:data:`SHIPPED_OVENS`)."""
    text = str(choice)
    if text == "jstd020":
        return jstd020_profile(classification_of(layout), is_lead_free(layout), h=h)
    path = Path(text)
    if not path.suffix:                     # a shipped oven by name
        path = SHIPPED_OVENS / f"{text}.yaml"
        if not path.is_file():
            have = ", ".join(sorted(p.stem for p in SHIPPED_OVENS.glob("*.yaml")))
            raise ChippackError(f"--profile: no shipped oven {text!r} (shipped: {have}); give "
                                "jstd020, a .csv air profile or a .yaml oven file")
    if path.suffix.lower() == ".csv":
        return read_profile_csv(path, h)
    if path.suffix.lower() in (".yaml", ".yml"):
        return read_oven(path)
    raise ChippackError(f"--profile: {text!r}; give jstd020, a .csv air profile "
                        "(time_s, temperature_C) or a .yaml zoned oven")


def run_reflow(layout: Layout, profile: AirProfile, mesh_options: MeshOptions | None = None,
               method: str | None = None,
               progress: Callable[[float], None] | None = None,
               dt: float | None = None) -> ReflowRun:
    """Simulate ``layout`` through ``profile``, judged against its J-STD-020 class
    (``dt`` None: adaptive steps; a number: constant steps of about that size, s)."""
    return simulate_reflow(layout, profile, classification_of(layout), is_lead_free(layout),
                           mesh_options=mesh_options, dt=dt, method=method, progress=progress)


def board_mount_load(layout: Layout, build: str = "2s2p") -> tuple[Layout, str]:
    """What is in the oven at board mount: the package on its board (its own, or a JEDEC
    test board of ``build`` under its balls); a package without balls goes in alone."""
    from chippack.layout.fixtures import on_jedec_board

    if layout.of_kind("board"):
        return layout, "package on its board"
    if not layout.of_kind("ball_array"):
        return layout, "package alone (no balls to mount it on a board)"
    return on_jedec_board(layout, build), \
        f"package on a JEDEC {build} board (board mount)"


def flow_passes(ledger) -> list[dict]:
    """The process ledger's simulated reflow passes, JSON-ready."""
    out = []
    for r in ledger.reflows:
        out.append({"step": r.step, "label": r.label, "oven": r.oven, "air_peak_c": r.air_peak_c,
                    "air_time_above_liquidus_s": r.air_time_above_liquidus_s,
                    "parts": list(r.parts), "placed": list(r.placed), "joined": list(r.joined),
                    "short": dict(r.short),
                    "joints": {k: dict(v) for k, v in r.simulated.items()},
                    "min_time_above_liquidus_s": r.min_time_above_liquidus_s,
                    "solver": dict(r.solver)})
    return out
