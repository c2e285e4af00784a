"""Reports: self-contained (no network, pictures embedded) and every number from results.json."""

from __future__ import annotations

import base64
import json
import re
import struct
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chippack.cli import app
from chippack.report.html import lookup, render_report

DESIGNS = ("two_mold_package", "bumped_sink_flipchip")


class Page(HTMLParser):
    """Collects tagged numbers, pictures, links and the text of right-aligned table cells."""

    def __init__(self):
        super().__init__()
        self.numbers: list[dict] = []
        self.images: list[str] = []
        self.links: list[str] = []
        self.cells: list[str] = []
        self.ids: set[str] = set()
        self.csp = ""
        self._num: dict | None = None
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a["content"]
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag in ("a", "link", "script") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a.get("src"))
        if tag == "span" and a.get("class") in ("n", "na"):
            self._num = dict(a, text="")
        if tag == "td" and "r" in (a.get("class") or "").split():
            self._cell, self._depth = [], 0
        elif self._cell is not None and tag == "span":
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "span" and self._num is not None:
            self.numbers.append(self._num)
            self._num = None
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._num is not None:
            self._num["text"] += data
        elif self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def png_width(uri: str) -> int:
    assert uri.startswith("data:image/png;base64,"), uri[:40]
    data = base64.b64decode(uri.split(",", 1)[1])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", data[16:20])[0]


def check_numbers(page: Page, results_of) -> int:
    checked = 0
    for n in page.numbers:
        data = results_of(n.get("data-src"))
        value = lookup(data, n["data-key"])
        if n["class"] == "na":
            assert value is None or value != value, (n, value)
            continue
        assert value is not None, f"{n['data-key']} is not in the results file"
        expected = format(value, n["data-fmt"]).replace("-", "−")
        assert n["text"] == expected, (n["data-key"], n["text"], value)
        checked += 1
    return checked


@pytest.mark.parametrize("stem", DESIGNS)
def test_every_number_in_a_report_is_in_results_json(quick_demo, stem):
    page = parse(quick_demo / f"{stem}_report.html")
    results = json.loads((quick_demo / f"{stem}_results.json").read_text())
    assert check_numbers(page, lambda _src: results) > 100
    # no untagged number in a numeric table cell
    for cell in page.cells:
        assert not re.search(r"\d", cell), f"untagged number in a table cell: {cell!r}"
    # the headline numbers are there, each from its run
    keys = {n["data-key"] for n in page.numbers}
    for key in ("summary.theta_ja", "summary.theta_jc", "summary.theta_jb",
                "runs.0.metrics.tj_avg_c", "runs.0.metrics.tj_max_c", "runs.0.mesh.cells",
                "runs.0.solver.energy_balance_error", "runs.0.solver.total_iterations",
                "runs.0.heat_by_path_w.board", "spec.parts.0.thickness_mm"):
        assert key in keys
    assert results["summary"]["theta_ja"] == results["runs"][0]["metrics"]["theta_ja"]


def test_index_numbers_come_from_each_design_file(quick_demo):
    page = parse(quick_demo / "index.html")
    files = {}

    def results_of(src):
        if src not in files:
            files[src] = json.loads((quick_demo / src).read_text())
        return files[src]

    assert check_numbers(page, results_of) == 2 * 11 + 1  # 11 per design + common power
    assert set(files) == {f"{s}_results.json" for s in DESIGNS}
    for stem in DESIGNS:
        assert f"{stem}_report.html" in page.links


@pytest.mark.parametrize("name", ["index.html", f"{DESIGNS[0]}_report.html"])
def test_pages_are_self_contained(quick_demo, name):
    page = parse(quick_demo / name)
    assert "default-src 'none'" in page.csp and "img-src data:" in page.csp
    assert page.images and all(png_width(src) > 100 for src in page.images)
    html = (quick_demo / name).read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    for link in page.links:  # only relative links to files written beside the page
        assert "://" not in link and (quick_demo / link.split("#")[0]).exists() or \
            link.startswith("#"), link


def test_report_has_every_section(quick_demo):
    page = parse(quick_demo / f"{DESIGNS[0]}_report.html")
    assert {"glance", "design", "metrics", "maps", "heat", "claims", "solver"} <= page.ids
    assert len(page.images) == 4  # drawing, die map, section map, heat split


def test_report_command_rerenders_from_results_json(quick_demo, tmp_path):
    src = quick_demo / f"{DESIGNS[0]}_results.json"
    result = CliRunner().invoke(app, ["report", str(src), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = tmp_path / f"{DESIGNS[0]}_report.html"
    page = parse(html)
    results = json.loads(src.read_text())
    assert check_numbers(page, lambda _s: results) > 100
    assert len(page.images) == 4 and all(png_width(s) for s in page.images)


class FakeClaim:
    def __init__(self, seed, number, status, evidence):
        self.seed, self.number, self.status, self.evidence = seed, number, status, evidence
        self.summary = f"claim {number} of seed {seed}"


def _render_with_claims(quick_demo, module) -> str:
    from chippack.design import load_layout
    from chippack.examples import example_path
    from chippack.report.summary import claims_section

    results = json.loads((quick_demo / f"{DESIGNS[0]}_results.json").read_text())
    if module is not None:
        results["claims"] = claims_section(load_layout(example_path(DESIGNS[0])))
    return results, render_report(results, base=quick_demo)


def test_claim_table_renders_objects_with_the_claim_attributes(quick_demo, monkeypatch):
    fake = types.ModuleType("chippack.claims")
    fake.check_claims = lambda layout, ledger=None: [
        FakeClaim("002", 1, "met", "die on first_encapsulant, bumps flush (0 µm)"),
        FakeClaim("002", 2, "not_met", "no second encapsulant over the sink"),
        FakeClaim("001", 7, "not_applicable", "method claim: needs the process flow"),
    ]
    monkeypatch.setitem(sys.modules, "chippack.claims", fake)
    results, html = _render_with_claims(quick_demo, fake)
    assert results["claims"]["available"]
    assert results["claims"]["by_seed"]["002"] == {"met": 1, "not_met": 1, "not_applicable": 0,
                                                   "total": 2}
    assert results["claims"]["own_seeds"] == ["002"]  # named in the design's name, and met
    for text in ("002-1", "002-2", "001-7", "status-met", "status-not_met", "n/a",
                 "no second encapsulant over the sink", "bumps flush (0 µm)"):
        assert text in html
    # the design's own seed first and open, the others folded
    assert html.index("<details open>") < html.index("002-1") < html.index("<details>") \
        < html.index("001-7")


def test_claim_section_says_when_the_checker_is_missing(quick_demo, monkeypatch):
    monkeypatch.setitem(sys.modules, "chippack.claims", None)  # import raises ImportError
    results, html = _render_with_claims(quick_demo, types.ModuleType("x"))
    assert not results["claims"]["available"]
    assert "claim checker not available" in html
