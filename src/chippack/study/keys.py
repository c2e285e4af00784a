"""Content keys of variants: a hash of the resolved document, the options and the version.

Two variants with the same resolved document and options are the same computation,
whatever parameter names led to them; a new chippack version recomputes everything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def canonical_json(data: Any) -> str:
    """Sorted-key JSON with no whitespace: equal data, equal text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str,
                      ensure_ascii=True)


def variant_key(document: Mapping[str, Any], options: Mapping[str, Any],
                version: str | None = None) -> str:
    """SHA-256 (first 20 hex digits) of the document, the options and the chippack version."""
    if version is None:
        from chippack import __version__ as version
    text = canonical_json({"document": document, "options": options, "chippack": version})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
