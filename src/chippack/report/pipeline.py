"""Pages from written results: a report re-rendered from its JSON, the index page.

Solving and writing a design's files is the application layer's work
(:meth:`chippack.app.Results.write`); this module renders pages from plain results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DesignFiles:
    """What was written for one design (paths as written)."""

    results: Path
    pictures: dict[str, Path] = field(default_factory=dict)
    report: Path | None = None
    vtk: Path | None = None
    extra: list[Path] = field(default_factory=list)  # the sections' own files (JSON, CSV)


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
