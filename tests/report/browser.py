"""Headless Chromium for the browser tests: screenshot a page and read its DOM after load.

Network is off twice over: the pages carry a Content-Security-Policy that forbids
every load that is not a ``data:`` URI, and Chromium gets a proxy that leads nowhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

INSTALL_HINT = ("headless Chromium not found: install it with `apt-get install -y chromium` "
                "(Debian/Ubuntu; .ci/run does this in CI) or set CHIPPACK_CHROMIUM to a "
                "chromium/chrome binary")


def find_chromium() -> str | None:
    env = os.environ.get("CHIPPACK_CHROMIUM")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _base_args(binary: str, profile: Path) -> list[str]:
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--proxy-server=socks5://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            f"--user-data-dir={profile}", "--virtual-time-budget=5000"]


def screenshot(binary: str, page: Path, png: Path, size: tuple[int, int] = (1300, 2400),
               profile: Path | None = None, timeout: float = 120) -> Path:
    profile = profile or png.with_suffix(".profile")
    args = _base_args(binary, profile) + [f"--screenshot={png}",
                                          f"--window-size={size[0]},{size[1]}",
                                          page.resolve().as_uri()]
    subprocess.run(args, check=True, capture_output=True, timeout=timeout)
    return png


def dump_dom(binary: str, page: Path, profile: Path, timeout: float = 120) -> str:
    args = _base_args(binary, profile) + ["--dump-dom", page.resolve().as_uri()]
    done = subprocess.run(args, check=True, capture_output=True, timeout=timeout, text=True)
    return done.stdout
