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

Settings chosen for accuracy against the model's exact ladder (scored on
chippack_zth_mean.csv, the driving-point curve that has one, in its 40-step version; box distance per C range as
in tests/metrics/test_structure_pyrth.py): these were the closest of bay_steps 300 / 1000
/ 3000, minimum_window_size 3 / 5 / 10, log_time_size 250 / 500 / 1000, expected_var
1e-6 / 1e-4, pad_factor_pre 0.01 / 0.1 / 0.3, the sqrt(t) start extrapolation, and the
lasso and fourier deconvolutions (fourier: 3.5 % below C = 0.01 J/K but 20 % in the die
region and 15 % beyond; lasso 16-24 %); numbers in benchmarks/RESULTS.md, "Branch zth
(session 3)".

Input (written by make_zth.py: junction step response of
examples/bumped_sink_flipchip.yaml against the top cold plate, 1 us .. 100 s, 40 points
per decade, 321 points): chippack_zth.csv (read at the junction sensor, as chippack zth
does) and chippack_zth_mean.csv (the power-weighted mean: the driving point).  Output:
pyrth_structure.csv and pyrth_structure_mean.csv (Rth_cum_K_per_W, Cth_cum_J_per_K).
Usage::

    /work/pyrth-venv/bin/python run_pyrth.py
"""

import pathlib

import numpy as np
import PyRth

HERE = pathlib.Path(__file__).resolve().parent
SETTINGS = {"input_mode": "impedance", "extrapolate": False, "power_step": 1.0,
            "deconv_mode": "bayesian", "bay_steps": 1000, "struc_method": "lanczos",
            "blockwise_sum_width": 1, "minimum_window_size": 5, "expected_var": 1e-4}

for curve, out in (("chippack_zth.csv", "pyrth_structure.csv"),
                   ("chippack_zth_mean.csv", "pyrth_structure_mean.csv")):
    data = np.loadtxt(HERE / curve, delimiter=",", skiprows=1)
    module = PyRth.Evaluation().standard_module(
        {"data": data, **SETTINGS, "output_dir": str(HERE / "out"), "label": "chippack"})
    res, cap = np.asarray(module.int_cau_res), np.asarray(module.int_cau_cap)
    keep = np.isfinite(res) & np.isfinite(cap) & (cap > 0)
    rows = "\n".join(f"{r:.6e},{c:.6e}" for r, c in zip(res[keep], cap[keep], strict=True))
    (HERE / out).write_text("Rth_cum_K_per_W,Cth_cum_J_per_K\n" + rows + "\n")
    print(f"{out}: {keep.sum()} points, total R {res[keep][-1]:.4f} K/W "
          f"(curve end {data[-1, 1]:.4f})")
