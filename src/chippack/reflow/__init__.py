"""Reflow: oven profiles (J-STD-020, CSV, zoned oven) and the transient simulation of what
is in the oven, with peak, time above liquidus and J-STD-020 windows per joint array.

Stage order: after thermal and metrics; imports only errors, units, materials, model,
layout, mesh, thermal, metrics.
"""

from chippack.reflow.jstd020 import ProfileStats, classification_temperature, profile_stats
from chippack.reflow.oven import oven_profile, read_oven
from chippack.reflow.profile import (
    DEFAULT_H,
    AirProfile,
    constant_h,
    jstd020_profile,
    read_profile_csv,
)
from chippack.reflow.run import (
    classification_of,
    is_lead_free,
    profile_for,
    run_reflow,
    solder_liquidus,
)
from chippack.reflow.simulate import (
    JointReflow,
    PartReflow,
    ReflowRun,
    joint_role,
    package_body,
    simulate_reflow,
)

__all__ = [
    "DEFAULT_H", "AirProfile", "JointReflow", "PartReflow", "ProfileStats", "ReflowRun",
    "classification_of", "classification_temperature", "constant_h", "is_lead_free",
    "jstd020_profile", "joint_role", "oven_profile", "package_body", "profile_for",
    "profile_stats", "read_oven", "read_profile_csv", "run_reflow", "simulate_reflow",
    "solder_liquidus",
]
