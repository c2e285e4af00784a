"""Run PyRth 1.2 (MIT, on PyPI as ``pyrth``; needs numpy < 2, so it lives in its own venv)
on chippack's Zth curve and store its cumulative structure function.

STATUS: not a usable reference yet, and no test reads it.  With these settings PyRth's
cumulative structure function ends at 0.588 K/W although the curve's steady value is
0.384 K/W, and its first point already sits at 0.21 K/W: the call below (input mode,
padding, the 81-point curve -- PyRth warns below 100 points) is not set up right.

Input: chippack_zth.csv (``chippack zth examples/bumped_sink_flipchip.yaml --t-last 100``,
junction step response 1 us .. 100 s against the top cold plate).  Output:
pyrth_structure.csv (Rth_cum_K_per_W, Cth_cum_J_per_K).  Usage::

    /work/pyrth-venv/bin/python run_pyrth.py
"""

import pathlib

import numpy as np
import PyRth

HERE = pathlib.Path(__file__).resolve().parent
data = np.loadtxt(HERE / "chippack_zth.csv", delimiter=",", skiprows=1)
ev = PyRth.Evaluation()
module = ev.standard_module({
    "data": data, "input_mode": "impedance", "extrapolate": False, "power_step": 1.0,
    "deconv_mode": "bayesian", "bay_steps": 1000, "struc_method": "lanczos",
    "output_dir": str(HERE / "out"), "label": "chippack"})
res, cap = np.asarray(module.int_cau_res), np.asarray(module.int_cau_cap)
keep = np.isfinite(res) & np.isfinite(cap) & (cap > 0)
rows = "\n".join(f"{r:.6e},{c:.6e}" for r, c in zip(res[keep], cap[keep], strict=True))
(HERE / "pyrth_structure.csv").write_text("Rth_cum_K_per_W,Cth_cum_J_per_K\n" + rows + "\n")
print(f"{keep.sum()} points, total R {res[keep][-1]:.4f} K/W")
