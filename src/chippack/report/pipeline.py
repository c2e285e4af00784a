"""From solved runs to files: pictures, results.json, the .vtr field, the HTML report.

The order matters: everything a page shows is put in the results dict, the dict is
written to ``<stem>_results.json``, and only then is the page rendered, from that
dict. Every file is written atomically (:mod:`chippack.report.files`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from chippack.layout import Layout
from chippack.report.files import atomic_write_text
from chippack.report.summary import COMMON_POWER_W, claims_section, headline, spec_summary

Note = Callable[[str], None]


@dataclass
class DesignFiles:
    """What was written for one design (paths as written)."""

    results: Path
    pictures: dict[str, Path] = field(default_factory=dict)
    report: Path | None = None
    vtk: Path | None = None


def main_run(runs: list):
    """The run the pictures show: still air (or forced air) when there is one."""
    return next((r for r in runs if r.environment.name in ("still-air", "forced-air")), runs[0])


def write_design_outputs(layout: Layout, spec_path: Path, runs: list, out: Path, *,
                         report: bool = False, vtk: bool = False,
                         common_power: float = COMMON_POWER_W, index_link: str | None = None,
                         note: Note | None = None,
                         extra: dict | None = None, ledger=None) -> tuple[dict, DesignFiles]:
    """Pictures, claims, results.json and optionally the ``.vtr`` field and the report.

    ``note(step)`` is called before each step that can take a second (progress bars);
    ``extra`` adds keys to results.json (e.g. ``bottom_sink``, the with/without comparison);
    ``ledger``: the process ledger of the flow that built the design (method claims).
    """
    from chippack.metrics.compact import TwoResistorModel
    from chippack.report.charts import save_heat_split
    from chippack.report.drawing import save_cross_section, save_section_thumbnail
    from chippack.report.thermal_plots import save_die_map, save_section_temperature

    note = note or (lambda _s: None)
    stem = spec_path.stem
    results: dict = {"design": layout.spec.name, "file": str(spec_path),
                     "runs": [r.to_dict() for r in runs]}
    thetas = {r.environment.name: r.theta for r in runs}
    if "cold-plate-top" in thetas and "ring-cold-plate" in thetas:
        results["two_resistor_model"] = TwoResistorModel(
            thetas["cold-plate-top"], thetas["ring-cold-plate"]).to_dict()
    results.update(extra or {})
    results["spec"] = spec_summary(layout)
    results["summary"] = headline(results, common_power)
    note("checking claims")
    results["claims"] = claims_section(layout, ledger)
    shown = main_run(runs)
    note("drawing the cross-section")
    pictures = {"cross_section": save_cross_section(layout, out / f"{stem}_section.png"),
                "section_thumbnail": save_section_thumbnail(layout,
                                                            out / f"{stem}_section_small.png")}
    note("drawing the die temperature map")
    pictures["die_map"] = save_die_map(shown, out / f"{stem}_die_temperature.png")
    note("drawing the section temperature map")
    pictures["section_temperature"] = save_section_temperature(
        shown, out / f"{stem}_section_temperature.png")
    note("drawing the heat split chart")
    pictures["heat_split"] = save_heat_split(results, out / f"{stem}_heat_split.png")
    results["pictures"] = {k: str(v) for k, v in pictures.items()}
    files = DesignFiles(out / f"{stem}_results.json", pictures)
    results["files"] = {"results": files.results.name}
    if vtk:
        files.vtk = out / f"{stem}_{shown.environment.name}.vtr"
        results["files"]["vtk"] = files.vtk.name
    if report:
        files.report = out / f"{stem}_report.html"
        results["files"]["report"] = files.report.name
    atomic_write_text(files.results, json.dumps(results, indent=2))
    if vtk:
        from chippack.report.vtk import write_run_vtr

        note("writing the temperature field (.vtr)")
        write_run_vtr(shown, files.vtk)
    if report:
        from chippack.report.html import load_results, write_report

        note("writing the HTML report")
        # rendered from the file just written, so the page and the JSON cannot differ
        write_report(load_results(files.results), files.report, base=out, index_link=index_link)
    return results, files


def report_from_json(json_path: Path, out_html: Path | None = None) -> Path:
    """Re-render a report from an existing ``results.json`` (and the pictures beside it)."""
    from jinja2 import TemplateError

    from chippack.errors import SpecError
    from chippack.report.html import load_results, write_report

    results = load_results(json_path)
    out_html = out_html or json_path.with_name(
        json_path.name.removesuffix("_results.json").removesuffix(".json") + "_report.html")
    try:
        return write_report(results, out_html, base=json_path.parent)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, TemplateError) as err:
        # the file passed the outer check but an entry inside is missing or mistyped
        raise SpecError("FILE", f"{json_path.name} is not a complete chippack results file "
                        f"({type(err).__name__}: {str(err)[:80]}); solve the design again "
                        "with chippack run") from None


def write_index_page(designs: list[tuple[dict, DesignFiles]], out: Path,
                     title: str = "chippack demo", note: str = "") -> Path:
    """index.html comparing the designs, with a θ / heat-split chart; links to each report."""
    from chippack.report.charts import save_comparison
    from chippack.report.html import INDEX_NAME, IndexEntry, load_results, write_index

    loaded = [load_results(f.results) for _r, f in designs]
    chart = save_comparison(loaded, out / "index_comparison.png")
    entries = [IndexEntry(res, f.results.name, f.report.name if f.report else "", out)
               for res, (_r, f) in zip(loaded, designs, strict=True)]
    return write_index(entries, out / INDEX_NAME, chart, title=title, note=note)
