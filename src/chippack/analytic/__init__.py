"""Closed-form and series solutions used to verify the thermal solvers.

Sources are cited in each function (the cases are listed in
``docs/verification.md``).  SI units throughout: m, W, W/(m K), W/(m^2 K), K, s.
"""

from chippack.analytic.conduction import (
    RectangularSpreading,
    circular_disk_resistance,
    half_space_disk_resistance,
    kirchhoff_slab_temperature,
    multilayer_resistance,
    power_law_kirchhoff,
    power_law_kirchhoff_inverse,
    rectangular_flux_channel,
    song_lee_au,
)
from chippack.analytic.transient import (
    lumped_rc_rise,
    semi_infinite_flux_rise,
    semi_infinite_step,
    semi_infinite_surface_flux_rise,
)

__all__ = [
    "RectangularSpreading",
    "circular_disk_resistance",
    "half_space_disk_resistance",
    "kirchhoff_slab_temperature",
    "lumped_rc_rise",
    "multilayer_resistance",
    "power_law_kirchhoff",
    "power_law_kirchhoff_inverse",
    "rectangular_flux_channel",
    "semi_infinite_flux_rise",
    "semi_infinite_step",
    "semi_infinite_surface_flux_rise",
    "song_lee_au",
]
