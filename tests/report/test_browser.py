"""The index and a report open in headless Chromium, offline: every picture decodes.

Needs Debian's ``chromium`` (``.ci/run`` installs it in CI); skipped with the install
hint where there is none. Screenshots are left in the test's folder (and copied to
``$CHIPPACK_SCREENSHOTS`` when that is set) for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
from pathlib import Path

import pytest

from tests.report.browser import INSTALL_HINT, dump_dom, find_chromium, screenshot

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=INSTALL_HINT)


@pytest.mark.parametrize("name", ["index.html", "two_mold_package_report.html"])
def test_page_opens_and_every_image_decodes(quick_demo, tmp_path, name):
    page = quick_demo / name
    dom = dump_dom(CHROMIUM, page, tmp_path / "profile")
    count = re.search(r'data-images="(\d+) (\d+)"', dom)
    assert count, "the page's load script did not run"
    widths = [int(w) for w in re.findall(r'data-natural-width="(\d+)"', dom)]
    assert int(count.group(1)) == len(widths) >= 3
    assert int(count.group(2)) == 0 and all(w > 0 for w in widths), widths
    if name == "index.html":
        assert 'id="compare"' in dom and "θJA" in dom
    else:
        assert re.search(r'<section id="metrics">.*?<table>.*?Tj avg', dom, re.S)
    png = screenshot(CHROMIUM, page, tmp_path / f"{name}.png", size=(1300, 2400),
                     profile=tmp_path / "profile2")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1300, 2400)
    keep = os.environ.get("CHIPPACK_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)
