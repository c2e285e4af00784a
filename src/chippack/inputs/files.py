"""Read a user's text file: it must exist, be a regular file of bounded size and be UTF-8.

Everything else is refused with one line that names what the file is instead:
a folder, a symlink loop, a name too long for the file system, a gzip or ZIP
archive (an ``.xlsx`` workbook is one), a NumPy ``.npy`` array, UTF-16/UTF-32
text, Latin-1 / Windows-1252 text or another binary. A UTF-8 byte-order mark at
the start is allowed (Windows editors write one) and dropped.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from pathlib import Path

from chippack.errors import SpecError
from chippack.inputs.limits import current

#: Leading bytes of formats people hand over by mistake, and what to do instead.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first (gunzip)"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx/.docx workbook is one); export the sheet as "
                    "plain text (CSV or YAML)"),
    (b"\x93NUMPY", "a NumPy .npy array; write it as text with numpy.savetxt(path, a, "
                   "delimiter=',')"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls/.doc); export it as plain text"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\x89HDF", "an HDF5 file; export the data as plain text"),
    (b"%PDF", "a PDF document, not text"),
    (b"BZh", "a bzip2-compressed file; decompress it first"),
    (b"\xfd7zXZ", "an xz-compressed file; decompress it first"),
)
#: Byte-order marks of UTF-16/32 (longest first: UTF-32-LE starts like UTF-16-LE).
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "UTF-32-LE"), (b"\x00\x00\xfe\xff", "UTF-32-BE"),
    (b"\xff\xfe", "UTF-16-LE"), (b"\xfe\xff", "UTF-16-BE"),
)
UTF8_BOM = b"\xef\xbb\xbf"


def shown(path: str | Path) -> str:
    """A file name for a message: quoted, control characters escaped, long names shortened."""
    text = str(path)
    limit = current().name_chars
    if len(text) > limit:
        text = f"{text[: limit // 2 - 2]}...{text[-(limit // 2 - 1):]}"
    return repr(text)


def check_input_file(path: str | Path, field: str, max_bytes: int) -> os.stat_result:
    """Stat ``path``: a regular, readable file of at most ``max_bytes``; else one SpecError."""
    if not isinstance(path, str | os.PathLike):
        # os.stat(5) would read file descriptor 5; a mapping or None is no file name either
        raise SpecError(field, f"give a file path, got {type(path).__name__} {path!r:.40}")
    name = shown(path)
    try:
        info = os.stat(path)
    except OSError as err:
        raise SpecError(field, _os_message(err, name)) from None
    except ValueError:  # embedded NUL byte in the name
        raise SpecError(field, f"file name {name} contains a NUL character") from None
    if stat.S_ISDIR(info.st_mode):
        raise SpecError(field, f"{name} is a folder, not a file; give the file inside it")
    if not stat.S_ISREG(info.st_mode):
        raise SpecError(field, f"{name} is not a regular file (a device, pipe or socket); "
                        "give a file on disk")
    if info.st_size > max_bytes:
        raise SpecError(field, f"{name} is {info.st_size / 1e6:.3g} MB, more than the "
                        f"{max_bytes / 1e6:.3g} MB limit for this input; is it the right file?")
    return info


def _os_message(err: OSError, name: str) -> str:
    """What an OSError on opening a file means, in words."""
    if err.errno == errno.ENOENT:
        return f"file {name} does not exist"
    if err.errno == errno.ENAMETOOLONG:
        return f"file name {name} is too long for the file system; shorten it"
    if err.errno == errno.ELOOP:
        return f"{name} is a symbolic link that loops back on itself; point it at a real file"
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to read {name}"
    if err.errno == errno.ENOTDIR:
        return f"{name}: a part of the path is a file, not a folder"
    return f"cannot read {name}: {err.strerror or err}"


def decode_text(data: bytes, name: str, field: str) -> str:
    """UTF-8 text of ``data`` (a leading BOM dropped); any other content is named and refused."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise SpecError(field, f"{name} is {what}")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            raise SpecError(field, f"{name} is {encoding} text; save it as UTF-8 "
                            "(most editors: 'Save with encoding')")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    head = data[:4096]
    if b"\x00" in head:
        nul_odd = head[1::2].count(0) > 0.4 * len(head[1::2])
        nul_even = head[0::2].count(0) > 0.4 * len(head[0::2])
        if nul_odd != nul_even:
            raise SpecError(field, f"{name} looks like UTF-16 text without a byte-order mark; "
                            "save it as UTF-8")
        raise SpecError(field, f"{name} is a binary file (it holds NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SpecError(field, _not_utf8(data, err, name)) from None
    bad = next((c for c in text[:100_000] if _is_control(c)), None)
    if bad is not None:
        line = text[: text.index(bad)].count("\n") + 1
        raise SpecError(field, f"{name} line {line} holds the control character "
                        f"U+{ord(bad):04X}; it is not a text file, or the line is corrupt")
    return text


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char not in "\t\n\r"


def _not_utf8(data: bytes, err: UnicodeDecodeError, name: str) -> str:
    line = data[: err.start].count(b"\n") + 1
    byte = data[err.start]
    guess = data[err.start: err.start + 1].decode("cp1252", errors="replace")
    latin = sum(b >= 0x80 for b in data[:100_000]) < 0.3 * min(len(data), 100_000)
    if latin and guess.isprintable() and guess != "\ufffd":
        return (f"{name} is not UTF-8: byte 0x{byte:02X} on line {line} looks like "
                f"Latin-1/Windows-1252 text ({guess!r}); save the file as UTF-8")
    return f"{name} is not UTF-8 text (byte 0x{byte:02X} on line {line}); save it as UTF-8"


def read_text(path: str | Path, field: str = "", max_bytes: int | None = None) -> str:
    """The UTF-8 text of a user's file, or one :class:`SpecError` saying what is wrong.

    ``field`` names the input in the message (``"power_map"``, ``"FILE"``);
    ``max_bytes`` defaults to the YAML limit of :class:`~chippack.inputs.limits.Limits`.
    """
    limit = current().yaml_bytes if max_bytes is None else max_bytes
    name = shown(path)
    check_input_file(path, field, limit)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as err:
        raise SpecError(field, _os_message(err, name)) from None
    if len(data) > limit:  # grew since the stat
        raise SpecError(field, f"{name} is more than the {limit / 1e6:.3g} MB limit")
    return decode_text(data, name, field)
