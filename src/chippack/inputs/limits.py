"""Budgets that bound what one input may ask of the machine, with their defaults.

A spec of a chip package is a few kilobytes, nests a handful of levels and
resolves at most some ten thousand joints; a power map is at most a few
thousand cells a side. The defaults sit one to three orders of magnitude above
that, so a real design never meets them while a typing slip (``count: [10000,
10000]``, a 1000 m substrate, a 50 MB file) is refused at once, with the
number and the limit in the message, instead of being attempted.

Change them for one run with :func:`dataclasses.replace` on :data:`LIMITS`
and pass the result, or (for the whole process) assign
``chippack.inputs.limits.LIMITS``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Upper bounds on inputs. Every message that cites one names the field to change.

    ``yaml_bytes``: largest spec, family or flow file (default 2 MB);
    ``power_map_bytes``: largest power-map CSV (64 MB: a 2000 × 2000 map of
    ``0.00000125`` values is 40 MB); ``power_map_cells``: largest map (16 million
    cells, 4000 × 4000); ``yaml_depth``: deepest nesting of mappings and lists (32;
    a spec needs 5); ``yaml_aliases``: YAML ``*alias`` uses per file (1000);
    ``yaml_nodes``: nodes after expanding aliases (50 000, read in about a second, where
    200 000 took 5 s; the largest shipped example has about 300); ``joints``: joints of one bump or ball array (1
    million); ``cells``: mesh cells of one solve (20 million, about 6 GB with the
    solver's work arrays); ``name_chars``: longest file name printed in a message;
    ``variants``: variants one study may plan (100 000: days of solves; a typing slip in
    ``levels`` asks for 10⁹), counted before any is generated; ``profile_s``: longest
    reflow air profile or oven pass (7200 s: real profiles last 4-10 min; a time column
    in ms or a conveyor speed in m/h asks for days of time steps).
    """

    yaml_bytes: int = 2_000_000
    power_map_bytes: int = 64_000_000
    power_map_cells: int = 16_000_000
    yaml_depth: int = 32
    yaml_aliases: int = 1000
    yaml_nodes: int = 50_000
    joints: int = 200_000
    box_pairs: int = 20_000_000
    cells: int = 20_000_000
    name_chars: int = 80
    variants: int = 100_000
    profile_s: float = 7200.0
    smallest_length: float = 1e-6
    largest_length: float = 2.0


#: The limits in force (see :class:`Limits` for the defaults and why).
LIMITS = Limits()


def current() -> Limits:
    """The limits in force now (read at call time, so a reassignment of LIMITS applies)."""
    from chippack.inputs import limits

    return limits.LIMITS
