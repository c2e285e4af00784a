"""Transient-thermal pictures and CSVs: Zth(t), the cumulative structure function.
Plain renderers of :func:`chippack.metrics.zth.junction_zth` results."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from chippack.report.files import atomic_write_text, save_png  # noqa: E402


def zth_figure(res: dict, title: str = ""):
    fig, (a, b, d) = plt.subplots(1, 3, figsize=(14.0, 4.2))
    t, z = res["times_s"], res["zth_k_w"]
    a.semilogx(t, z, "k-", lw=1.6, label="Zth (simulated)")
    a.semilogx(t, res["foster"].zth(t), "r--", lw=1.0,
               label=f"Foster fit, {res['foster'].r.size} terms, error {res['fit_error']:.2%}")
    a.set_xlabel("time (s)")
    a.set_ylabel("Zth (K/W)")
    a.grid(alpha=0.3, which="both")
    a.legend(fontsize=8)
    sf = res["structure"]
    b.semilogy(np.r_[0.0, sf.r_sum], np.r_[sf.c_sum[0] / 10, sf.c_sum], "b-", drawstyle="steps-pre")
    b.set_xlabel("cumulative R_th (K/W)")
    b.set_ylabel("cumulative C_th (J/K)")
    b.grid(alpha=0.3, which="both")
    b.set_title("cumulative structure function", fontsize=9)
    d.semilogy(sf.r_sum, sf.k, "g.-", lw=1.0, ms=3)
    d.set_xlabel("cumulative R_th (K/W)")
    d.set_ylabel("K = dC/dR (J/K²·W)")
    d.grid(alpha=0.3, which="both")
    d.set_title("differential structure function", fontsize=9)
    fig.suptitle(f"{title} — {res['environment']}", fontsize=9)
    fig.tight_layout()
    return fig


def dual_interface_figure(dual: dict, title: str = ""):
    """JESD51-14: the dry and greased Zth curves and cumulative structure functions, with
    the θJC each separation gives."""
    res = dual["result"]
    fig, (a, b) = plt.subplots(1, 2, figsize=(10.5, 4.2))
    for key, colour in (("dry", "tab:red"), ("greased", "tab:blue")):
        run = dual[key]
        a.semilogx(run["times_s"], run["zth_k_w"], color=colour, lw=1.4,
                   label=f"{key} case contact")
        sf = run["structure"]
        b.semilogy(sf.r_sum, sf.c_sum, color=colour, lw=1.4, drawstyle="steps-pre",
                   label=f"{key} case contact")
    if np.isfinite(res.theta_jc_zth):
        a.axhline(res.theta_jc_zth, color="0.3", ls=":", lw=0.9)
        a.axvline(res.t_separation_s, color="0.3", ls=":", lw=0.9)
        a.text(res.t_separation_s, res.theta_jc_zth, f" θJC {res.theta_jc_zth:.3g} K/W",
               fontsize=8, va="bottom")
    if np.isfinite(res.theta_jc_sf):
        b.axvline(res.theta_jc_sf, color="0.3", ls=":", lw=0.9)
        caveat = " (not reliable: greased contact > θJC/2)" if res.sf_finding else ""
        b.text(res.theta_jc_sf, b.get_ylim()[0], f" θJC {res.theta_jc_sf:.3g} K/W{caveat}",
               fontsize=8, va="bottom", rotation=90)
    a.set_xlabel("time (s)")
    a.set_ylabel("Zth (K/W)")
    a.set_title("Zth curves part where the heat reaches the case", fontsize=9)
    b.set_xlabel("cumulative R_th (K/W)")
    b.set_ylabel("cumulative C_th (J/K)")
    b.set_title("structure functions part at R = θJC", fontsize=9)
    for ax in (a, b):
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8, loc="upper left")
    fig.suptitle(f"{title} — JESD51-14 transient dual interface", fontsize=9)
    fig.tight_layout()
    return fig


def save_dual_interface(dual: dict, path: Path, title: str = "") -> Path:
    """``<stem>_jesd51_14.png``: :func:`dual_interface_figure`."""
    fig = dual_interface_figure(dual, title)
    saved = save_png(fig, path)
    plt.close(fig)
    return saved


def save_zth(res: dict, out: Path, stem: str, title: str = "") -> list[Path]:
    """``<stem>_zth.csv`` (time_s, zth_K_per_W), ``<stem>_foster.csv`` (R_K_per_W, tau_s),
    ``<stem>_structure.csv`` (Rth_cum_K_per_W, Cth_cum_J_per_K, K_J_per_K2_W: the
    cumulative / differential structure function columns of T3Ster Master / PyRth
    exports) and ``<stem>_zth.png``."""
    out = Path(out)
    rows = "\n".join(f"{t:.6e},{z:.6e}" for t, z in zip(res["times_s"], res["zth_k_w"],
                                                        strict=True))
    paths = [atomic_write_text(out / f"{stem}_zth.csv", "time_s,zth_K_per_W\n" + rows + "\n")]
    f = res["foster"]
    paths.append(atomic_write_text(out / f"{stem}_foster.csv", "R_K_per_W,tau_s,C_J_per_K\n" +
                                   "\n".join(f"{r:.6e},{t:.6e},{c:.6e}"
                                             for r, t, c in zip(f.r, f.tau, f.c, strict=True))
                                   + "\n"))
    sf = res["structure"]
    paths.append(atomic_write_text(out / f"{stem}_structure.csv",
                                   "Rth_cum_K_per_W,Cth_cum_J_per_K,K_J_per_K2_W\n" +
                                   "\n".join(f"{r:.6e},{c:.6e},{k:.6e}" for r, c, k in
                                             zip(sf.r_sum, sf.c_sum, sf.k, strict=True)) + "\n"))
    fig = zth_figure(res, title)
    paths.append(save_png(fig, out / f"{stem}_zth.png"))
    plt.close(fig)
    return paths
