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
* ``<source>.<key>`` for an output source: ``warpage``, ``reflow`` and ``zth``
  (:mod:`chippack.study.sources`), or one registered with :func:`register_output_source`.

A source is computed only when an output names it: ``compute(design, settings, thermal)``
returns its JSON-ready dict for the loaded design (``settings``: the study file's
section of the source's name; ``thermal``: the variant's thermal
:class:`~chippack.app.Results`, or None), and the evaluator puts it in the results
under the source's name. Every path is checked before a variant runs
(:func:`check_outputs`): an unknown name is one line, exit status 2 in the CLI.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from typing import Any

from chippack.errors import ChippackError
from chippack.metrics.environment import ENVIRONMENTS
from chippack.study.paths import get_path, parse_path
from chippack.study.sources import BUILTIN_SOURCES, OutputSource, check_source_path

#: Results keys that need the JEDEC solves (``summary``, the 2R model and raw ``runs``).
SOLVED_KEYS = ("runs", "summary", "two_resistor_model")
#: Results keys available without a solve.
STATIC_KEYS = ("spec", "claims")
_CLAIM = re.compile(r"^(\d{3})-(\d+)$")

#: Result sources by name: ``warpage``, ``reflow``, ``zth`` and any registered later.
OUTPUT_SOURCES: dict[str, OutputSource] = dict(BUILTIN_SOURCES)
#: What follows ``<environment>.``: the run's metrics (any environment's), ``theta``, or a
#: key of the run itself (``mesh.cells``, ``heat_by_path_w.bottom_sink``).
METRIC_KEYS = ("tj_avg_c", "tj_max_c", "tj_pw_c", "t_max_c", "t_top_c", "t_board_c",
               "theta_ja", "theta_jc", "theta_jb", "theta_jb_to_cold_plate", "psi_jt", "psi_jb")
RUN_KEYS = ("theta", "power_w", "heat_by_part_w", "heat_by_path_w", "solver", "mesh",
            "environment", "design")


def register_output_source(name: str, compute: Callable[[Any, dict, Any], dict],
                           check: Callable[[str, list, dict], None] | None = None) -> None:
    """Make ``<name>.<key>`` outputs available (see the module docstring); ``check(path,
    steps, settings)`` may refuse impossible paths up front."""
    if name in ENVIRONMENTS or name in SOLVED_KEYS or name in STATIC_KEYS:
        raise ValueError(f"output source name {name!r} is taken by the results dict")
    OUTPUT_SOURCES[name] = OutputSource(name, compute, check)


def head(path: str) -> str:
    return str(parse_path(path)[0])


def check_outputs(outputs: list[str], environments: list[str], where: str = "outputs",
                  settings: dict[str, dict[str, Any]] | None = None) -> None:
    """Refuse output paths that cannot exist for this study (one line naming the path);
    ``settings``: the study file's sections of the output sources, by name."""
    known = [*ENVIRONMENTS, *SOLVED_KEYS, *STATIC_KEYS, *OUTPUT_SOURCES]
    for path in outputs:
        first = head(path)
        if first not in known:
            raise ChippackError(f"{where}: {path!r} starts with {first!r}; an output starts "
                                f"with one of {', '.join(known)}")
        if first in OUTPUT_SOURCES:
            check_source_path(OUTPUT_SOURCES[first], path, (settings or {}).get(first, {}))
        if first in ENVIRONMENTS:
            steps = parse_path(path)
            if len(steps) < 2:
                raise ChippackError(f"{where}: {path!r}; name a metric (e.g. {first}.theta, "
                                    f"{first}.tj_max_c)")
            if str(steps[1]) not in METRIC_KEYS + RUN_KEYS:
                close = difflib.get_close_matches(str(steps[1]), METRIC_KEYS + RUN_KEYS, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ChippackError(f"{where}: {path!r}: {steps[1]!r} is not a metric; {hint}"
                                    f"(one of {', '.join(METRIC_KEYS + RUN_KEYS)})")
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
