"""Write output files atomically: to a temporary name in the same folder, then rename.

A crash or an error half-way never leaves a half-written result behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` then move ``tmp_path`` onto ``path``; return ``path``."""
    path = Path(path)
    if path.exists() and not path.is_file():
        # the rename below would replace a folder's entry, a device or a pipe by a file
        raise OSError(errno.EEXIST, "exists and is not a regular file (a folder, device or "
                      "pipe); give another name or move it", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def save_png(fig, path: str | Path, dpi: int = 130) -> Path:
    """Write a matplotlib figure as PNG atomically and release it (also on error)."""
    import matplotlib.pyplot as plt

    try:
        return atomic_write(path, lambda p: fig.savefig(p, dpi=dpi, format="png"))
    finally:
        plt.close(fig)


def pictures_by_key(written: list[Path], stem: str,
                    keys: dict[str, str]) -> dict[str, Path]:
    """The PNGs among ``written`` named ``<stem>_<name>.png``, keyed for the report:
    ``keys`` maps a report key to its ``name``; names not written are left out."""
    named = {p.stem.removeprefix(f"{stem}_"): p for p in written if p.suffix == ".png"}
    return {key: named[name] for key, name in keys.items() if name in named}
