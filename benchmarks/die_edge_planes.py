"""Cost and effect of the mechanics mesh's die-edge planes on the seed examples.

Solves each seed example's package-alone warpage at 25 and 260 °C with the default
mechanics mesh options and with the same options less the die-edge planes
(``DIE_EDGE_PLANES``), printing unknowns, warpage (ball side, top; µm) and wall time.
Usage: ``PYTHONPATH=src python benchmarks/die_edge_planes.py`` (branch mechfem, session 4).
"""

from __future__ import annotations

import dataclasses
import os
import time

import chippack
from chippack.mechanics.study import mechanics_mesh_options, warpage_study

if __name__ == "__main__":
    for name in ("dual_sink_fcbga", "bumped_sink_flipchip", "two_mold_package"):
        d = chippack.load(chippack.example_path(name))
        new = mechanics_mesh_options(d.layout)
        old = dataclasses.replace(new, extra_planes=((), (), ()))
        for label, options in (("without die-edge planes", old), ("with", new)):
            t = time.perf_counter()
            st = warpage_study(d.layout, d.ledger, (25.0, 260.0), None, None, None, None,
                               options)
            w = [(round(c.faces["ball_side"].warpage * 1e6, 2),
                  round(c.faces["top"].warpage * 1e6, 2)) for c in st.cases]
            print(name, label, st.elements.n_dofs, w, f"{time.perf_counter() - t:.1f} s",
                  f"load {os.getloadavg()[0]:.2f}", flush=True)
