"""What a study records of each variant: dotted paths into the variant's results dict.

The results dict has the key structure of ``<stem>_results.json`` (``runs``, ``spec``,
``summary``, ``claims``, ``two_resistor_model``). An output path is one of

* ``<environment>.<key>``: a key of that environment's run, looked up first in its
  ``metrics`` (``still-air.tj_max_c``, ``ring-cold-plate.theta_jb``), then in the run
  itself (``still-air.heat_by_path_w.bottom_sink``, ``still-air.mesh.cells``);
  ``<environment>.theta`` is the environment's own θ (θJA, θJC or θJB);
* ``claims.<seed>-<number>``: whether that claim is met (True / False);
  ``claims.<seed>.met``: how many of the seed's claims are met;
* any other dotted path of the results dict (``summary.theta_ja``, ``spec.body_mm[2]``,
  ``two_resistor_model.theta_jc``);
* ``<source>.<key>`` for a registered output source (below).

Hook for mechanical and reflow outputs: a stage that lands later registers a source,
``register_output_source("mechanics", fn)``, where ``fn(design, solve_options) -> dict``
computes that source's JSON-ready dict for a loaded design; the evaluator calls it
only when an output names it, and puts its dict in the results under the source name
(``mechanics.warpage_um``). Nothing else in the study layer changes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from chippack.errors import ChippackError
from chippack.metrics.environment import ENVIRONMENTS
from chippack.study.paths import get_path, parse_path

#: Results keys that need the JEDEC solves (``summary``, the 2R model and raw ``runs``).
SOLVED_KEYS = ("runs", "summary", "two_resistor_model")
#: Results keys available without a solve.
STATIC_KEYS = ("spec", "claims")
_CLAIM = re.compile(r"^(\d{3})-(\d+)$")

OutputSource = Callable[[Any, dict[str, Any]], dict[str, Any]]
#: Extra result sources by name (mechanics, reflow ...): ``fn(design, solve_options) -> dict``.
OUTPUT_SOURCES: dict[str, OutputSource] = {}


def register_output_source(name: str, source: OutputSource) -> None:
    """Make ``<name>.<key>`` outputs available (see the module docstring)."""
    if name in ENVIRONMENTS or name in SOLVED_KEYS or name in STATIC_KEYS:
        raise ValueError(f"output source name {name!r} is taken by the results dict")
    OUTPUT_SOURCES[name] = source


def head(path: str) -> str:
    return str(parse_path(path)[0])


def check_outputs(outputs: list[str], environments: list[str], where: str = "outputs") -> None:
    """Refuse output paths that cannot exist for this study (one line naming the path)."""
    known = [*ENVIRONMENTS, *SOLVED_KEYS, *STATIC_KEYS, *OUTPUT_SOURCES]
    for path in outputs:
        first = head(path)
        if first not in known:
            raise ChippackError(f"{where}: {path!r} starts with {first!r}; an output starts "
                                f"with one of {', '.join(known)}")
        if first in ENVIRONMENTS and first not in environments:
            raise ChippackError(f"{where}: {path!r} needs the {first} environment; add it to "
                                f"solve.environments (now {', '.join(environments)})")
        if first == "claims" and len(parse_path(path)) == 1:
            raise ChippackError(f"{where}: {path!r}; name a claim (claims.000-1) or a count "
                                "(claims.000.met)")
        if first in ("summary", "two_resistor_model") and not {
                "cold-plate-top", "ring-cold-plate"} <= set(environments) | {"still-air"}:
            raise ChippackError(f"{where}: {path!r} needs solve.environments to hold the three "
                                "JEDEC environments")


def needs_solve(outputs: list[str]) -> bool:
    return any(head(p) in ENVIRONMENTS or head(p) in SOLVED_KEYS for p in outputs)


def needs_claims(outputs: list[str]) -> bool:
    return any(head(p) == "claims" for p in outputs)


def sources_needed(outputs: list[str]) -> list[str]:
    return sorted({head(p) for p in outputs} & set(OUTPUT_SOURCES))


def output_value(results: dict[str, Any], path: str) -> Any:
    """The value of one output path in a results dict (a scalar; raises if absent)."""
    steps = parse_path(path)
    first = str(steps[0])
    if first in ENVIRONMENTS:
        run = next((r for r in results.get("runs", []) if r["environment"]["name"] == first), None)
        if run is None:
            raise ChippackError(f"output {path!r}: no {first} run in the results")
        rest = path[len(first) + 1:]
        if rest == "theta":
            from chippack.metrics.environment import KINDS

            return _scalar(path, run["metrics"][KINDS[first].theta_key])
        if str(steps[1]) in run["metrics"]:
            return _scalar(path, get_path(run["metrics"], rest))
        return _scalar(path, _get(run, rest, path))
    if first == "claims":
        claims = results.get("claims") or {}
        if not claims.get("available", False):
            raise ChippackError(f"output {path!r}: {claims.get('message', 'no claim check')}")
        second = str(steps[1])
        m = _CLAIM.match(second)
        if m and len(steps) == 2:
            seed, number = m.group(1), int(m.group(2))
            row = next((r for r in claims["rows"] if r["seed"] == seed and r["number"] == number),
                       None)
            if row is None:
                raise ChippackError(f"output {path!r}: seed {seed} has no claim {number}")
            return row["status"] == "met"
        return _scalar(path, _get(claims.get("by_seed", {}), path[len("claims") + 1:], path))
    return _scalar(path, _get(results, path, path))


def _get(data: Any, sub: str, path: str) -> Any:
    try:
        return get_path(data, sub)
    except ChippackError as err:
        raise ChippackError(f"output {path!r}: {err}") from None


def _scalar(path: str, value: Any) -> Any:
    if isinstance(value, dict):
        raise ChippackError(f"output {path!r} is a mapping ({', '.join(map(str, value))}); "
                            "name one of its keys")
    if isinstance(value, list):
        raise ChippackError(f"output {path!r} is a list of {len(value)}; add an index [i]")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
