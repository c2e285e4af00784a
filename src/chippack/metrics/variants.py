"""Design variants for comparisons: the same package without its bottom heat sink.

The variant geometry is a fixture (:mod:`chippack.layout.fixtures`); this module turns
two solved runs into the comparison that results.json carries as ``bottom_sink``.
"""

from __future__ import annotations

from chippack.layout import Layout
from chippack.layout.fixtures import Fixture, bottom_sinks, without_bottom_sink

__all__ = ["bottom_sink_effect", "bottom_sink_comparison", "bottom_sinks", "without_bottom_sink"]


def bottom_sink_comparison(layout: Layout, with_sink, without) -> dict:
    """The ``bottom_sink`` entry of results.json from runs with and without the sink."""
    return {
        "environment": with_sink.environment.name,
        "sinks": bottom_sinks(layout),
        "theta_with": with_sink.theta,
        "theta_without": without.theta,
        "change_percent": 100.0 * (with_sink.theta - without.theta) / without.theta,
        "sink_heat_w": with_sink.heat_by_path["bottom_sink"],
        "energy_balance_error": max(with_sink.solver["energy_balance_error"],
                                    without.solver["energy_balance_error"]),
    }


def bottom_sink_effect(layout: Layout, env, with_sink=None, **run_options) -> dict | None:
    """θ of the design with and without its bottom sink in ``env`` (None if it has none).

    ``with_sink``: an already solved run of ``layout`` in ``env`` (saves one solve);
    ``run_options`` go to :func:`chippack.metrics.run.run_environment`.
    """
    from chippack.layout.fixtures import fixture_layout
    from chippack.metrics.run import run_environment

    if not bottom_sinks(layout):
        return None
    if with_sink is None:
        with_sink = run_environment(layout, env, **run_options)
    bare = fixture_layout(layout, Fixture(None, bottom_sink=False))
    without = run_environment(bare, env, **run_options)
    return bottom_sink_comparison(layout, with_sink, without)
