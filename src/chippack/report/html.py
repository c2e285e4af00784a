"""Self-contained HTML reports (jinja2): one page per design and an index comparing them.

The pages are rendered from ``results.json`` dicts only. Every number goes through
:func:`numbers` and is written as ``<span class="n" data-key="runs.0.metrics.theta_ja"
data-fmt=".3f">7.907</span>``: the key is its place in the results file and the
format is the one used, so a test (or a reader) can check each number against the
file. Pictures are embedded as base64 ``data:`` URIs, CSS and the one small script
are inline, and a Content-Security-Policy forbids every network load: a page opens
offline, from a mail attachment or a USB stick.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import escape

from chippack.report.files import atomic_write_text
from chippack.report.summary import (
    ENV_LABEL,
    PATH_COLOURS,
    PATH_SHORT,
    PATHS,
    THETA_KEY,
    THETA_LABEL,
)

REPORT_SUFFIX = "_report.html"
INDEX_NAME = "index.html"


def lookup(data: dict, key: str):
    """Value at a dotted key (``runs.0.metrics.theta_ja``) of a results dict; None if absent."""
    cur = data
    for part in key.split("."):
        if isinstance(cur, list):
            idx = int(part)
            if idx >= len(cur):
                return None
            cur = cur[idx]
        elif isinstance(cur, dict):
            if part not in cur:
                return None
            cur = cur[part]
        else:
            return None
    return cur


@dataclass(frozen=True)
class Num:
    """One number on a page, tied to its key in a results file."""

    key: str
    value: float | int | None
    fmt: str
    src: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def missing(self) -> bool:
        v = self.value
        return v is None or (isinstance(v, float) and not math.isfinite(v))

    @property
    def text(self) -> str:
        return "–" if self.missing else format(self.value, self.fmt).replace("-", "−")

    def __html__(self) -> str:
        if self.missing:
            return f'<span class="na" data-key="{escape(self.key)}">–</span>'
        src = f' data-src="{escape(self.src)}"' if self.src else ""
        return (f'<span class="n" data-key="{escape(self.key)}" data-fmt="{escape(self.fmt)}"'
                f'{src}>{escape(self.text)}</span>')


def numbers(results: dict, src: str = "") -> Callable[[str, str], Num]:
    """``num(key, fmt)`` for a template: the number at ``key`` of ``results``."""

    def num(key: str, fmt: str = ".3g") -> Num:
        return Num(key, lookup(results, key), fmt, src)

    return num


def data_uri(path: str | Path | None) -> str | None:
    """A PNG file as a ``data:`` URI (None when there is no such file)."""
    if not path or not Path(path).is_file():
        return None
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def picture_path(results: dict, name: str, base: Path | None) -> Path | None:
    """Where a picture named in ``results['pictures']`` is: as written, else beside the JSON."""
    value = (results.get("pictures") or {}).get(name)
    if not value:
        return None
    path = Path(value)
    if path.is_file() or base is None:
        return path
    return base / path.name


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("chippack.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(ENV_LABEL=ENV_LABEL, THETA_LABEL=THETA_LABEL, PATHS=PATHS,
                       PATH_SHORT=PATH_SHORT, PATH_COLOURS=PATH_COLOURS)
    return env


def render_report(results: dict, base: Path | None = None, index_link: str | None = None) -> str:
    """The HTML of one design's report; pictures are looked up beside ``base``."""
    images = {name: data_uri(picture_path(results, name, base))
              for name in ("cross_section", "die_map", "section_temperature", "heat_split",
                           "warpage_ball_side", "warpage_top", "warpage_section",
                           "reflow_history", "reflow_peak_map", "zth_curve", "zth_jesd51_14")}
    return _environment().get_template("report.html.j2").render(
        r=results, num=numbers(results), images=images, index_link=index_link,
        theta_keys=THETA_KEY,
        files=results.get("files", {}),
    )


def write_report(results: dict, path: str | Path, base: Path | None = None,
                 index_link: str | None = None) -> Path:
    return atomic_write_text(path, render_report(results, base, index_link))


@dataclass
class IndexEntry:
    """One design on the index page: its results and where its files are (relative names)."""

    results: dict
    results_file: str
    report_file: str
    base: Path | None = None


def render_index(entries: list[IndexEntry], comparison_png: str | Path | None,
                 title: str = "chippack demo", note: str = "") -> str:
    designs = []
    for e in entries:
        thumbs = {n: data_uri(picture_path(e.results, n, e.base))
                  for n in ("section_thumbnail", "section_temperature")}
        designs.append({"r": e.results, "num": numbers(e.results, e.results_file),
                        "results_file": e.results_file, "report_file": e.report_file,
                        "images": thumbs})
    return _environment().get_template("index.html.j2").render(
        title=title, designs=designs, comparison=data_uri(comparison_png), note=note,
    )


def write_index(entries: list[IndexEntry], path: str | Path, comparison_png=None,
                title: str = "chippack demo", note: str = "") -> Path:
    return atomic_write_text(path, render_index(entries, comparison_png, title, note))


#: Largest results file read back (a results.json holds numbers, not fields: ~100 kB).
RESULTS_BYTES = 50_000_000
#: Top-level entries every results file written by chippack has, with their JSON type.
RESULTS_KEYS = {"spec": dict, "summary": dict, "runs": list}


def load_results(path: str | Path) -> dict:
    """A ``<stem>_results.json`` written by chippack, or one SpecError saying why it is not."""
    from chippack.errors import SpecError
    from chippack.inputs.files import read_text, shown

    text = read_text(path, "FILE", RESULTS_BYTES)
    try:
        results = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        where = f" (line {err.lineno}: {err.msg})" if isinstance(err, json.JSONDecodeError) else ""
        raise SpecError("FILE", f"{shown(path)} is not valid JSON{where}; give a "
                        "<stem>_results.json written by chippack run") from None
    missing = [k for k, kind in RESULTS_KEYS.items()
               if not isinstance(results, dict) or not isinstance(results.get(k), kind)]
    if missing:
        raise SpecError("FILE", f"{shown(path)} is JSON but not a chippack results file (no "
                        f"{', '.join(repr(m) for m in missing)}); give a <stem>_results.json "
                        "written by chippack run")
    if not results["runs"]:
        # chippack run writes one entry per solved environment; none is a hand-made file
        raise SpecError("FILE", f"{shown(path)} holds no solved environment ('runs' is "
                        "empty); give a <stem>_results.json written by chippack run")
    return results


__all__ = ["INDEX_NAME", "REPORT_SUFFIX", "IndexEntry", "Num", "load_results",
           "lookup", "numbers", "render_index", "render_report", "write_index", "write_report"]
