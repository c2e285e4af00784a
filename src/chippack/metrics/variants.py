"""Design variants for comparisons: the same package without its bottom heat sink."""

from __future__ import annotations

from chippack.layout import Layout
from chippack.model import PackageSpec


def bottom_sinks(layout: Layout) -> list[str]:
    """Heat sinks under the substrate (seed 000's second heat sink)."""
    subs = layout.of_kind("substrate")
    if not subs:
        return []
    bottom = min(p.bottom for p in subs.values())
    return [pid for pid, p in layout.of_kind("heat_sink").items() if p.top <= bottom + 1e-9]


def without_bottom_sink(layout: Layout) -> PackageSpec | None:
    """The spec with its bottom heat sink(s) removed, balls unchanged (None if it has none).

    A ball ring kept out around a removed sink keeps its depopulated centre
    (``keepout_size``), so the comparison changes only the sink.
    """
    sinks = bottom_sinks(layout)
    if not sinks:
        return None
    spec = layout.spec
    parts = {}
    for pid, part in spec.parts.items():
        if pid in sinks:
            continue
        update: dict = {}
        if getattr(part, "keepout", None) in sinks:
            update.update(keepout=None, keepout_size=layout.parts[part.keepout].footprint_size)
        if part.around in sinks:
            update["around"] = None
        if part.below in sinks:
            update["below"] = None
        if part.centered in sinks:
            update["centered"] = None
        parts[pid] = part.model_copy(update=update) if update else part
    return spec.model_copy(update={"name": f"{spec.name} without bottom sink", "parts": parts})


def bottom_sink_effect(layout: Layout, env, with_sink=None, **run_options) -> dict | None:
    """θ of the design with and without its bottom sink in ``env`` (None if it has none).

    ``with_sink``: an already solved run of ``layout`` in ``env`` (saves one solve);
    ``run_options`` go to :func:`chippack.metrics.run.run_environment`.
    """
    from chippack.layout import lay_out
    from chippack.metrics.run import run_environment

    bare = without_bottom_sink(layout)
    if bare is None:
        return None
    if with_sink is None:
        with_sink = run_environment(layout, env, **run_options)
    without = run_environment(lay_out(bare), env, **run_options)
    return {
        "environment": env.name,
        "sinks": bottom_sinks(layout),
        "theta_with": with_sink.theta,
        "theta_without": without.theta,
        "change_percent": 100.0 * (with_sink.theta - without.theta) / without.theta,
        "sink_heat_w": with_sink.heat_by_path["bottom_sink"],
        "energy_balance_error": max(with_sink.solver["energy_balance_error"],
                                    without.solver["energy_balance_error"]),
    }
