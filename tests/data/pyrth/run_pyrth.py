"""Run PyRth 1.2 (MIT, on PyPI as ``pyrth``; needs numpy < 2, so it lives in its own venv)
on chippack's Zth curve and store its cumulative structure function.

Settings and why: PyRth's derivative step fits a local line in log time over an
adaptive window whose defaults are set for measured T3Ster curves (at least
``minimum_window_size`` = 70 points per window, noise ``expected_var`` = 0.09 K).  On this
simulated noiseless curve in K/W (then 81 points) those defaults made every window span nearly the whole
curve, and the Bayesian spectrum summed to 0.588 K/W against Zth(100 s) = 0.384 K/W (and
``blockwise_sum_width`` = 20 merged the first 20 rungs into one, so the first point sat at
0.21 K/W).  Here: windows of at least 5 points, noise 1e-4 K/W (simulated curve),
no blockwise merging; the spectrum then sums to 0.382 K/W (0.5 % below the curve's end).
PyRth's ``lanczos`` Foster->Cauer route is used (``boor_golub`` in mpfr gives the same
curve up to C ~ 2 J/K and then stops at a negative element).

Input: chippack_zth.csv (written by make_zth.py: junction step response of
examples/bumped_sink_flipchip.yaml against the top cold plate, 1 us .. 100 s, 40 points
per decade, 321 points).  Output:
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
    "blockwise_sum_width": 1, "minimum_window_size": 5, "expected_var": 1e-4,
    "output_dir": str(HERE / "out"), "label": "chippack"})
res, cap = np.asarray(module.int_cau_res), np.asarray(module.int_cau_cap)
keep = np.isfinite(res) & np.isfinite(cap) & (cap > 0)
rows = "\n".join(f"{r:.6e},{c:.6e}" for r, c in zip(res[keep], cap[keep], strict=True))
(HERE / "pyrth_structure.csv").write_text("Rth_cum_K_per_W,Cth_cum_J_per_K\n" + rows + "\n")
print(f"{keep.sum()} points, total R {res[keep][-1]:.4f} K/W")
