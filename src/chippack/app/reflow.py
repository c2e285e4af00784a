"""Board-mount reflow of a design: :func:`solve_reflow`, :class:`ReflowResults`.

The orchestration of a reflow analysis: what is in the oven at board mount (the package
on its board, or on a JEDEC test board under its balls), the oven (J-STD-020 profile, a
CSV air profile or a zoned oven), the simulation (:func:`chippack.reflow.run_reflow`) and,
for a design built by a flow, the flow's own simulated passes from its ledger.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from chippack.app.analysis import check_call_arguments
from chippack.app.design import Design, load
from chippack.reflow import ReflowRun, profile_for, run_reflow
from chippack.reflow.profile import DEFAULT_H
from chippack.reflow.run import board_mount_load, flow_passes
from chippack.report.files import atomic_write_text, pictures_by_key

Progress = Callable[[int, int, str], None]
#: Progress steps of the oven pass (``progress(done, STEPS, ...)`` as the pass advances).
STEPS = 1000


@dataclass
class ReflowResults:
    """The simulated board-mount reflow of one design.

    Attributes
    ----------
    design : Design
    run : ReflowRun
        Histories, per-joint and per-part results, solver facts.
    load : str
        What was in the oven (``"package on a JEDEC 2s2p board (board mount)"`` ...).
    """

    design: Design
    run: ReflowRun
    load: str

    @property
    def flow_passes(self) -> list[dict] | None:
        """The flow's simulated reflow passes (None for a design without a flow)."""
        return None if self.design.ledger is None else flow_passes(self.design.ledger)

    def to_dict(self) -> dict:
        """The content of ``<stem>_reflow.json`` (``peak_c``, ``time_above_liquidus_s`` per
        joint array, ``joints`` with J-STD-020 windows and PWI, ``flow_passes`` ...)."""
        data = {"design": self.design.name, "load": self.load, **self.run.to_dict()}
        passes = self.flow_passes
        if passes is not None:
            data["flow_passes"] = passes
        return data

    def summary(self) -> str:
        """Plain-text table: per joint array peak, time above liquidus, windows held, PWI.

        Examples
        --------
        >>> import chippack
        >>> r = chippack.solve_reflow(chippack.example_path("two_mold_package"))  # doctest: +SKIP
        >>> print(r.summary())  # doctest: +SKIP
        two-mold package (seed 002): package on a JEDEC 2s2p board (board mount)
        J-STD-020 Pb-free classification shape, peak 260 °C, ...
        joints              role          T_L °C         peak °C   TAL s  windows   PWI %
        conductive_bumps    die bumps ...
        """
        rows = [f"{self.design.name}: {self.load}", self.run.profile.source,
                f"{'joints':<20}{'role':<12}{'T_L °C':>8}{'peak °C':>16}{'TAL s':>8}"
                f"{'windows':>9}{'PWI %':>8}"]
        for j in self.run.joints.values():
            s = j.stats
            rows.append(f"{j.id:<20}{j.role:<12}"
                        f"{'—' if j.liquidus_c is None else format(j.liquidus_c, 'g'):>8}"
                        f"{f'{j.peak_min_c:.1f}–{j.peak_c:.1f}':>16}"
                        f"{j.time_above_liquidus_s:>8.0f}"
                        f"{f'{sum(s.windows.values())}/{len(s.windows)}':>9}"
                        f"{s.pwi_percent:>8.0f}")
        rows += [f"finding: {f}" for f in self.run.findings]
        return "\n".join(rows)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``<stem>_reflow.json``, ``<stem>_reflow_history.png`` (T(t) of each joint
        array) and ``<stem>_reflow_peak_map.png`` (atomically); the JSON first."""
        from chippack.report.reflow_plots import save_reflow_plots

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        path = atomic_write_text(out / f"{self.design.stem}_reflow.json",
                                 json.dumps(self.to_dict(), indent=1))
        return [path, *save_reflow_plots(self.run, out, self.design.stem, self.design.name)]

    def report_pictures(self, written: list[Path]) -> dict[str, Path]:
        """The report's pictures among ``written`` (``reflow_history``, ``reflow_peak_map``)."""
        return pictures_by_key(written, self.design.stem, {
            "reflow_history": "reflow_history", "reflow_peak_map": "reflow_peak_map"})


def solve_reflow(
    design: Design | str | Path | Mapping,
    profile: str | Path = "jstd020",
    *,
    h: float = DEFAULT_H,
    refine: float = 1.0,
    progress: Progress | None = None,
) -> ReflowResults:
    """Simulate the board-mount reflow of a design (as ``chippack reflow``).

    Parameters
    ----------
    design : Design, path or mapping
        What :func:`chippack.load` returns (load with ``flow=`` to get its passes too).
    profile : str or Path
        ``"jstd020"`` (the J-STD-020 classification profile for this package's thickness
        and volume), an air profile ``FILE.csv`` (time_s, °C), a zoned oven ``OVEN.yaml``
        or the name of a shipped oven.
    h : float
        Film coefficient for ``jstd020`` and CSV profiles, W/(m² K).
    refine : float
        Mesh refinement factor (joint arrays homogenised).
    progress : callable, optional
        ``progress(done, total, message)``.

    Returns
    -------
    ReflowResults

    Examples
    --------
    >>> import chippack
    The oven pass takes minutes on a laptop (the package on a JEDEC board, ~1e5 cells,
    ~300 steps), so the example is not run as a test (``tests/app`` runs it, marked slow):

    >>> r = chippack.solve_reflow(chippack.example_path("two_mold_package"))  # doctest: +SKIP
    >>> d = r.to_dict()  # doctest: +SKIP
    >>> d["peak_c"]["balls"] > d["joints"]["balls"]["liquidus_c"]  # doctest: +SKIP
    True
    >>> d["time_above_liquidus_s"]["balls"] > 0  # doctest: +SKIP
    True
    """
    from chippack.inputs.options import check_oven_h, check_solve_options
    from chippack.mesh.package import MeshOptions

    check_oven_h(h)
    check_call_arguments(progress=progress)
    check_solve_options(refine=refine)
    if not isinstance(design, Design):
        design = load(design)
    oven_load, what = board_mount_load(design.layout)
    oven = profile_for(profile, oven_load, h)
    message = f"reflow: {what}"

    def advance(fraction: float) -> None:
        if progress is not None:
            progress(int(round(STEPS * fraction)), STEPS, message)

    run = run_reflow(oven_load, oven, MeshOptions(arrays="homogenized", refine=refine),
                     progress=advance)
    return ReflowResults(design, run, what)


__all__ = ["ReflowResults", "solve_reflow"]
