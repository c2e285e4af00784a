"""Output paths: checked before any work, so a solve never ends in "cannot write".

An output folder must be a folder (or makeable: its nearest existing ancestor is a
writable folder); an output file must not be an input of the same command (``chippack
process FLOW --out FLOW`` would replace the flow with the spec it builds) nor a
folder. Files are then written atomically (to a temporary name, then renamed).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from chippack.errors import SpecError
from chippack.inputs.files import shown


def _stat(path: Path, field: str):
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:
            raise SpecError(field, f"{shown(path)} is too long a name for the file system; "
                            "shorten it") from None
        if err.errno == errno.ELOOP:
            raise SpecError(field, f"{shown(path)} is a symbolic link that loops back on "
                            "itself") from None
        if err.errno == errno.ENOTDIR:
            raise SpecError(field, f"{shown(path)}: a part of the path is a file, not a "
                            "folder") from None
        raise SpecError(field, f"cannot use {shown(path)}: {err.strerror}") from None


def _makeable(folder: Path, field: str) -> None:
    """A missing folder can be made: its nearest existing ancestor is a writable folder."""
    ancestor = folder
    while _stat(ancestor, field) is None:
        if ancestor.parent == ancestor:
            break
        ancestor = ancestor.parent
    info = _stat(ancestor, field)
    if info is None or not ancestor.is_dir():
        raise SpecError(field, f"cannot make the folder {shown(folder)}: {shown(ancestor)} is "
                        "a file, not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise SpecError(field, f"cannot make the folder {shown(folder)}: no permission to "
                        f"write in {shown(ancestor)}")
    _try_write(ancestor, field, f"cannot make the folder {shown(folder)}: ")


def _try_write(folder: Path, field: str, prefix: str = "") -> None:
    """Make and remove an empty file in ``folder``: the only test that holds for root
    (``os.access`` says yes to root everywhere) and for /proc, /sys or a read-only
    mount, where writing fails only when it is tried, i.e. after the solve."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".chippack-", dir=folder)
    except OSError as err:
        raise SpecError(field, f"{prefix}cannot write in {shown(folder)} "
                        f"({err.strerror or err}); give a folder you can write to") from None
    os.close(fd)
    os.unlink(probe)


def check_output_folder(folder: str | Path, field: str = "--out") -> Path:
    """``folder`` is an existing writable folder or can be made; return it as a Path."""
    folder = Path(folder)
    info = _stat(folder, field)
    if info is None:
        _makeable(folder, field)
    elif not folder.is_dir():
        raise SpecError(field, f"{shown(folder)} is a file, not a folder; give a folder for "
                        "the outputs")
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise SpecError(field, f"no permission to write in {shown(folder)}")
    else:
        _try_write(folder, field)
    return folder


def check_output_file(path: str | Path, inputs: tuple[str | Path, ...] = (),
                      field: str = "--out") -> Path:
    """``path`` can be written and is none of ``inputs``; return it as a Path."""
    path = Path(path)
    info = _stat(path, field)
    if info is not None and path.is_dir():
        fix = (f"give a file name, e.g. {shown(path / 'spec.yaml')}" if not path.suffix
               else "the output is written under that name; move or rename the folder")
        raise SpecError(field, f"{shown(path)} is a folder; {fix}")
    if info is not None and not stat.S_ISREG(info.st_mode):
        # the file is written to a temporary name and renamed onto ``path``: the rename
        # would replace a device (/dev/full, /dev/stdout) or a pipe by a plain file
        raise SpecError(field, f"{shown(path)} is not a regular file (a device, pipe or "
                        "socket); give a file name on disk")
    for source in inputs:
        if info is not None and _same_file(path, Path(source)):
            raise SpecError(field, f"{shown(path)} is the input file itself; writing there "
                            "would replace it; give another file name")
    check_output_folder(path.parent if str(path.parent) else Path("."), field)
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()
