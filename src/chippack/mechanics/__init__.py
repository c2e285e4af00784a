"""Thermo-mechanics on the package grid: warpage, die stress and solder-joint fatigue.

Data flow: :func:`solid_elements` (bricks of a :class:`~chippack.mesh.package.PackageMesh`)
→ :func:`assemble` (incompatible-mode bricks, thermal load from the stress-free
temperatures of :func:`stress_free_temperatures`) → :func:`solve` (free-free AMG-CG) →
:func:`face_warpage`, :func:`stress_summary`, :mod:`fatigue`. :func:`warpage_study` runs
all of it for one design.
"""

from chippack.mechanics.assembly import assemble, check_connected, element_stress, solid_elements
from chippack.mechanics.loads import stress_free_temperatures
from chippack.mechanics.solve import solve
from chippack.mechanics.stress import stress_summary
from chippack.mechanics.study import WarpageStudy, warpage_study
from chippack.mechanics.warpage import face_warpage, warpage_limit

__all__ = ["WarpageStudy", "assemble", "check_connected", "element_stress", "face_warpage",
           "solid_elements", "solve", "stress_free_temperatures", "stress_summary",
           "warpage_limit", "warpage_study"]
