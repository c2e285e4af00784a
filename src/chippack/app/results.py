"""What :func:`chippack.solve` returns: metrics per environment, fields, claims, 2R model.

:meth:`Results.to_dict` is the content of ``<stem>_results.json`` (its key structure
is what readers of that file rely on: ``design``, ``file``, ``runs``,
``two_resistor_model``, ``bottom_sink``, ``spec``, ``summary``, ``claims``; ``write``
adds ``pictures`` and ``files``). :meth:`Results.write` writes that file, the pictures
and optionally the ``.vtr`` field and the HTML report, each atomically; the report is
rendered from the file just written, so the page and the JSON cannot differ.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from chippack.app.design import Design
from chippack.mesh.package import PackageMesh
from chippack.metrics.compact import TwoResistorModel
from chippack.metrics.environment import THETA_LABELS
from chippack.metrics.paths import HEAT_PATHS
from chippack.metrics.run import ThermalRun
from chippack.report.files import atomic_write_text
from chippack.report.pipeline import DesignFiles
from chippack.report.summary import COMMON_POWER_W, headline, spec_summary

if TYPE_CHECKING:
    from chippack.app.reflow import ReflowResults
    from chippack.app.transient import ZthResults
    from chippack.app.warpage import WarpageResults


@dataclass(frozen=True)
class ThermalField:
    """The solved temperature field of one environment: °C per mesh cell (NaN outside the
    solid) and the power per cell, W."""

    mesh: PackageMesh = field(repr=False)
    temperature: np.ndarray = field(repr=False)
    power: np.ndarray = field(repr=False)

    @property
    def max(self) -> float:
        return float(np.nanmax(self.temperature))


@dataclass
class Results:
    """Thermal results of one design.

    Attributes
    ----------
    design : Design
    runs : list of ThermalRun
        One per environment, in the order asked.
    claims : dict or None
        The claim table (``rows``, ``by_seed`` ...), None when not checked.
    compact : TwoResistorModel or None
        The JESD15-3 two-resistor model, when θJC and θJB were both solved.
    comparisons : dict
        ``bottom_sink``: still-air θJA with and without the bottom sink.
    meshes_built : int
        Distinct fixture geometries meshed by this solve.
    timings : dict
        Seconds of the solve outside the environments' runs: ``layout_s`` (the
        fixtures laid out) and ``mesh_s`` (meshed), each summed over the fixtures.
    files : DesignFiles or None
        What :meth:`write` wrote last.
    warpage, reflow, zth : optional
        The report's extra sections (:func:`chippack.solve_warpage`,
        :func:`chippack.solve_reflow`, :func:`chippack.solve_zth` results), set by
        :meth:`add_sections` or by hand; ``to_dict`` carries them as ``mechanics``,
        ``reflow`` and ``transient``, and ``write`` writes their files too.
    """

    design: Design
    runs: list[ThermalRun]
    claims: dict | None = None
    compact: TwoResistorModel | None = None
    comparisons: dict = field(default_factory=dict)
    meshes_built: int = 0
    timings: dict = field(default_factory=dict)
    files: DesignFiles | None = None
    warpage: WarpageResults | None = None
    reflow: ReflowResults | None = None
    zth: ZthResults | None = None

    @property
    def metrics(self) -> dict[str, ThermalRun]:
        """Per-environment metrics by environment key (``theta``, ``metrics``, ``to_dict()``)."""
        return {r.environment.key: r for r in self.runs}

    @property
    def fields(self) -> dict[str, ThermalField]:
        """Temperature fields by environment key."""
        return {r.environment.key: ThermalField(r.mesh, r.solution.temperature, r.power_cells)
                for r in self.runs}

    @property
    def main_run(self) -> ThermalRun:
        """The run pictures show: still air, else forced air, else the first air-cooled run,
        else the first (the same run the report's headline reads)."""
        def rank(r: ThermalRun) -> int:
            env = r.environment
            if env.custom is None and env.air_cooled:
                return 0 if env.air_velocity is None else 1
            return 2 if env.air_cooled else 3

        return min(self.runs, key=rank)

    def theta(self, key: str) -> float | None:
        """θJA, θJC or θJB (``theta_ja`` ...) from the environment that defines it, K/W."""
        return self.to_dict()["summary"].get(key)

    def to_dict(self, common_power: float = COMMON_POWER_W) -> dict:
        """The JSON-ready results (the content of ``<stem>_results.json``)."""
        d = self.design
        results: dict = {"design": d.name, "file": str(d.path) if d.path else d.name,
                         "runs": [r.to_dict() for r in self.runs]}
        if self.compact is not None:
            results["two_resistor_model"] = self.compact.to_dict()
        results.update(self.comparisons)
        results["spec"] = spec_summary(d.layout)
        results["summary"] = headline(results, common_power)
        if self.claims is not None:
            results["claims"] = self.claims
        for key, section in self.sections.items():
            results[key] = section.to_dict()
        return results

    @property
    def sections(self) -> dict:
        """The extra sections present, by their key in ``to_dict``."""
        return {k: v for k, v in (("mechanics", self.warpage), ("reflow", self.reflow),
                                  ("transient", self.zth)) if v is not None}

    def add_sections(self, sections=("mechanics", "reflow", "transient"), *,
                     fatigue: bool = True,
                     progress: Callable[[int, int, str], None] | None = None) -> Results:
        """Solve the report's extra sections for this design and keep them (returns self).

        ``mechanics``: :func:`chippack.solve_warpage` at 25 and 260 °C and in the still-air
        operating field (this solve's still-air run, reused when there is one), with joint
        life when ``fatigue``; ``reflow``: :func:`chippack.solve_reflow` on the J-STD-020 profile;
        ``transient``: :func:`chippack.solve_zth` in cold-plate-top to 100 s with the
        JESD51-14 pair.
        """
        from chippack.app.sections import add_sections

        return add_sections(self, sections, fatigue=fatigue, progress=progress)

    def summary(self) -> str:
        """A short plain-text table: each environment's θ and Tj, then θJA, θJC, θJB, Ψ's.

        Examples
        --------
        >>> import chippack
        >>> r = chippack.solve(chippack.example_path("two_mold_package"), ["cold-plate-top"],
        ...                    refine=0.5, k_of_t=False, claims=False)
        >>> print(r.summary())  # doctest: +ELLIPSIS
        two-mold package (seed 002): thermal metrics
        environment    P W  Tj avg °C ... balance
        cold-plate-top ... θJC ...
        θJC ... K/W
        """
        rows = [f"{self.design.name}: thermal metrics",
                f"{'environment':<24}{'P W':>8}{'Tj avg °C':>11}{'Tj max °C':>11}"
                f"{'θ K/W':>14}{'ΨJT K/W':>10}{'ΨJB K/W':>10}{'balance':>9}"]
        for r in self.runs:
            m, env = r.metrics, r.environment

            def psi(key, m=m):
                return f"{m[key]:.3f}" if key in m else "–"

            rows.append(f"{env.label:<24}{r.power:>8.4g}{m['tj_avg_c']:>11.2f}"
                        f"{m['tj_max_c']:>11.2f}{env.theta_label + ' ' + format(r.theta, '.3f'):>14}"
                        f"{psi('psi_jt'):>10}{psi('psi_jb'):>10}"
                        f"{r.solver['energy_balance_error']:>9.0e}")
        s = self.to_dict()["summary"]
        parts = [f"{label} {s[key]:.3f} K/W" for key, label in THETA_LABELS.items()
                 if s.get(key) is not None]
        parts += [f"{label} {s[key]:.3f} K/W" for key, label in (("psi_jt", "ΨJT"),
                                                                  ("psi_jb", "ΨJB"))
                  if s.get(key) is not None]
        if parts:
            rows.append("; ".join(parts))
        if "bottom_sink" in self.comparisons:
            rows.append(bottom_sink_line(self.comparisons["bottom_sink"]))
        return "\n".join(rows)

    def write(self, out_dir: str | Path, report: bool = True, vtk: bool = False, *,
              common_power: float | None = None, index_link: str | None = None,
              progress: Callable[[int, int, str], None] | None = None) -> list[Path]:
        """Write ``<stem>_results.json``, the pictures and optionally the ``.vtr`` and report.

        Every file is written atomically (temporary name, then rename). Returns the paths
        written: results.json first, then the pictures, the ``.vtr`` and the report.
        """
        files = write_outputs(self, Path(out_dir), report=report, vtk=vtk,
                              common_power=COMMON_POWER_W if common_power is None
                              else common_power, index_link=index_link, progress=progress)
        self.files = files
        return [p for p in (files.results, *files.extra, *files.pictures.values(), files.vtk,
                            files.report) if p is not None]


def bottom_sink_line(b: dict) -> str:
    """One sentence on the bottom sink's effect (from results.json's ``bottom_sink``)."""
    return (f"bottom sink ({', '.join(b['sinks'])}): still-air θJA {b['theta_with']:.3f} K/W "
            f"with, {b['theta_without']:.3f} K/W without ({b['change_percent']:+.1f} %); it "
            f"carries {b['sink_heat_w']:.3g} W to the air")


#: Steps :func:`write_outputs` reports (pictures, claims are already in the results).
WRITE_STEPS = ("drawing the cross-section", "drawing the die temperature map",
               "drawing the section temperature map", "drawing the heat split chart")


def write_outputs(results: Results, out: Path, *, report: bool = False, vtk: bool = False,
                  common_power: float = COMMON_POWER_W, index_link: str | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> DesignFiles:
    """Pictures, results.json and optionally the ``.vtr`` field and the report."""
    from chippack.report.charts import save_heat_split
    from chippack.report.drawing import save_cross_section, save_section_thumbnail
    from chippack.report.thermal_plots import save_die_map, save_section_temperature

    total = len(WRITE_STEPS) + len(results.sections) + int(vtk) + int(report)
    done = 0

    def note(message: str) -> None:
        nonlocal done
        if progress is not None:
            progress(done, total, message)
        done += 1

    layout = results.design.layout
    stem = results.design.stem
    data = results.to_dict(common_power)
    shown = results.main_run
    note(WRITE_STEPS[0])
    pictures = {"cross_section": save_cross_section(layout, out / f"{stem}_section.png"),
                "section_thumbnail": save_section_thumbnail(layout,
                                                            out / f"{stem}_section_small.png")}
    note(WRITE_STEPS[1])
    pictures["die_map"] = save_die_map(shown, out / f"{stem}_die_temperature.png")
    note(WRITE_STEPS[2])
    pictures["section_temperature"] = save_section_temperature(
        shown, out / f"{stem}_section_temperature.png")
    note(WRITE_STEPS[3])
    pictures["heat_split"] = save_heat_split(data, out / f"{stem}_heat_split.png")
    extra: list[Path] = []
    for key, section in results.sections.items():  # their own files; pictures in the report
        note(f"writing the {key} files")
        written = section.write(out)
        shown = section.report_pictures(written)
        pictures.update(shown)
        extra += [p for p in written if p not in shown.values()]
    data["pictures"] = {k: str(v) for k, v in pictures.items()}
    files = DesignFiles(out / f"{stem}_results.json", pictures)
    files.extra = extra
    data["files"] = {"results": files.results.name}
    if vtk:
        files.vtk = out / f"{stem}_{shown.environment.slug}.vtr"
        data["files"]["vtk"] = files.vtk.name
    if report:
        files.report = out / f"{stem}_report.html"
        data["files"]["report"] = files.report.name
    atomic_write_text(files.results, json.dumps(data, indent=2))
    if vtk:
        from chippack.report.vtk import write_run_vtr

        note("writing the temperature field (.vtr)")
        write_run_vtr(shown, files.vtk)
    if report:
        from chippack.report.html import load_results, write_report

        note("writing the HTML report")
        write_report(load_results(files.results), files.report, base=out, index_link=index_link)
    return files


__all__ = ["HEAT_PATHS", "Results", "ThermalField", "bottom_sink_line", "write_outputs"]
