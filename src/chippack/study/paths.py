"""Dotted paths into nested mappings: ``parts.die.size[0]``, ``steps[2].thickness``.

A path is a dot-separated list of keys, each optionally followed by list indices in
brackets. The same syntax names a study parameter inside a design document and an
output inside a results dict (``still-air.metrics.tj_max_c``).
"""

from __future__ import annotations

import copy
import difflib
import re
from typing import Any

from chippack.errors import ChippackError

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """``"parts.die.size[0]"`` -> ``["parts", "die", "size", 0]`` (raises on bad syntax)."""
    steps: list[str | int] = []
    pos = 0
    text = path.strip()
    while pos < len(text):
        if text[pos] == "." and steps:
            pos += 1
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ChippackError(f"{path!r}: not a dotted path (write e.g. parts.die.size[0])")
        steps.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if not steps:
        raise ChippackError(f"{path!r}: empty path (write e.g. parts.die.size[0])")
    return steps


def _missing(path: str, done: list[str | int], cur: object, step: str | int) -> ChippackError:
    where = format_path(done) or "the document"
    if isinstance(step, int):
        n = len(cur) if isinstance(cur, list) else 0
        return ChippackError(f"unknown path {path!r}: {where} has no item [{step}] "
                             f"({n} item{'s' * (n != 1)})")
    keys = [str(k) for k in cur] if isinstance(cur, dict) else []
    close = difflib.get_close_matches(str(step), keys, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    known = f" (has: {', '.join(keys[:12])}{', …' if len(keys) > 12 else ''})" if keys else ""
    return ChippackError(f"unknown path {path!r}: {where} has no {step!r}{hint}{known}")


def get_path(data: object, path: str) -> Any:
    """The value at ``path``; a one-line :class:`ChippackError` naming the path if absent."""
    cur = data
    done: list[str | int] = []
    for step in parse_path(path):
        if isinstance(step, int) and isinstance(cur, list) and step < len(cur):
            cur = cur[step]
        elif isinstance(step, str) and isinstance(cur, dict) and step in cur:
            cur = cur[step]
        else:
            raise _missing(path, done, cur, step)
        done.append(step)
    return cur


def has_path(data: object, path: str) -> bool:
    try:
        get_path(data, path)
    except ChippackError:
        return False
    return True


def set_path(data: dict, path: str, value: Any) -> dict:
    """A deep copy of ``data`` with ``path`` set to ``value`` (the path must exist)."""
    out = copy.deepcopy(data)
    steps = parse_path(path)
    parent = get_path(out, format_path(steps[:-1])) if len(steps) > 1 else out
    last = steps[-1]
    if isinstance(last, int):
        if not isinstance(parent, list) or last >= len(parent):
            raise _missing(path, steps[:-1], parent, last)
    elif not isinstance(parent, dict) or last not in parent:
        raise _missing(path, steps[:-1], parent, last)
    parent[last] = value  # type: ignore[index]
    return out


def format_path(steps: list[str | int]) -> str:
    """Inverse of :func:`parse_path`."""
    text = ""
    for s in steps:
        text += f"[{s}]" if isinstance(s, int) else (f".{s}" if text else s)
    return text
