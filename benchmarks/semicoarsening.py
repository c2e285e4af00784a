"""Iteration-count experiments on seed-000 still air: structured semi-coarsening
multigrid (PFMG-like) and deflation against the high-conductivity bodies, measured
against ``zline``.

Run: ``python benchmarks/semicoarsening.py --size 3e5 [--variants name,name]``.

The hierarchy keeps the (i, j, k) structure on every level: each level halves the grid
along one in-plane axis (x or y, chosen per level), z is never coarsened.  Unlike the
earlier ``agg=(2, 1)`` experiment (piecewise-constant aggregation, RESULTS.md "semi-x +
y lines"), the prolongation is *operator-dependent linear interpolation* along the
coarsened axis as in hypre's PFMG (Ashby & Falgout 1996; Falgout & Jones 2000): a fine
point between two coarse points takes ``(a_l e_l + a_r e_r) / (a_l + a_r)`` with
``a_l``, ``a_r`` the level operator's couplings to the points at offset -1 / +1 along the
axis, summed (collapsed) over the other two axes; the Galerkin operator ``P^T A P`` of a
7-point stencil then has 15 points (3 along the coarsened axis x the 5-point cross of
the other two) and stays closed under further semi-coarsening.  Smoother on every level:
damped z-line Jacobi plus damped line Jacobi along the in-plane axis(es) not coarsened
(line relaxation in the directions the coarsening does not reach: Trottenberg, Oosterlee &
Schueller, *Multigrid*, 2001, sec. 5.1-5.2), V- or K-cycle of
:class:`chippack.thermal.zline.ZLineMultigrid` (its ``_solve_level`` / ``_kcycle``).

Unknowns that are missing from the grid (ambient or void cells) break lines and stencils;
an odd point without a left neighbour becomes a coarse point itself (its coarse slot is
free), one without a right neighbour interpolates from the left alone (weight 1, so
constants are kept: the still-air matrix is nearly singular).

Deflation variants: the balancing form (one extra mat-vec per iteration) and deflated CG
(:class:`chippack.thermal.solver.Deflation`, adopted as the default of ``SteadySolver``).

Each variant is timed in this one process on the same matrix (set-up, PCG to 1e-10,
iterations), against ``zline`` without deflation; results are appended to
``bench_out/semicoarsening.json`` and copied into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from threadpoolctl import threadpool_limits

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from zline_variants import VariantZLineMultigrid, factor_inplane_lines  # noqa: E402

from chippack.thermal.zline import _compact, _Level  # noqa: E402


def axis_couplings(level: _Level, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Collapsed couplings ``(a_l, a_r)`` of every unknown to the points at offset -1 and
    +1 along ``axis`` (W/K, summed over the other axes' offsets, negative entries of a
    Galerkin operator clipped)."""
    A = level.A.tocoo()
    idx = level.ijk
    off = idx[axis][A.col] - idx[axis][A.row]
    v = -A.data.astype(np.float64)
    a_l = np.bincount(A.row[off == -1], weights=v[off == -1], minlength=level.n)
    a_r = np.bincount(A.row[off == 1], weights=v[off == 1], minlength=level.n)
    return np.maximum(a_l, 0.0), np.maximum(a_r, 0.0)


def coarsen_semi(level: _Level, axis: int, omega: float) -> _Level:
    """Halve ``level`` along ``axis`` (0: x, 1: y) with operator-dependent linear
    interpolation; Galerkin coarse operator."""
    i, j, k = level.ijk
    shape = level.shape
    idx = [i, j, k]
    c = idx[axis]
    full = (i * shape[1] + j) * shape[2] + k
    pos = np.full(int(np.prod(shape)), -1, dtype=np.int64)
    pos[full] = np.arange(level.n)
    stride = shape[2] * (shape[1] if axis == 0 else 1)
    odd = (c % 2) == 1
    left = np.where(odd, pos[np.where(odd, full - stride, 0)], -1)
    has_right = odd & (c + 1 < shape[axis])
    right = np.where(has_right, pos[np.where(has_right, full + stride, 0)], -1)
    is_c = ~odd | (left < 0)
    cshape = list(shape)
    cshape[axis] = (shape[axis] + 1) // 2
    cidx = list(idx)
    cidx[axis] = c // 2
    cfull = (cidx[0] * cshape[1] + cidx[1]) * cshape[2] + cidx[2]
    uniq, cpos = _compact(cfull[is_c], int(np.prod(cshape)))
    coarse_of = np.full(level.n, -1, dtype=np.int64)
    coarse_of[is_c] = cpos
    a_l, a_r = axis_couplings(level, axis)
    f = np.flatnonzero(~is_c)
    lf, rf = left[f], right[f]
    both = rf >= 0
    den = a_l[f] + a_r[f]
    wl = np.where(both, np.divide(a_l[f], den, out=np.full(f.size, 0.5), where=den > 0), 1.0)
    rows = np.concatenate([np.flatnonzero(is_c), f, f[both]])
    cols = np.concatenate([cpos, coarse_of[lf], coarse_of[rf[both]]])
    vals = np.concatenate([np.ones(cpos.size), wl, 1.0 - wl[both]])
    P = sp.csr_matrix((vals, (rows, cols)), shape=(level.n, uniq.size))
    R = P.T.tocsr()
    Ac = (R @ level.A @ P).tocsr()
    Ac.sort_indices()
    ci, rem = np.divmod(uniq, cshape[1] * cshape[2])
    cj, ck = np.divmod(rem, cshape[2])
    level.P, level.R = P, R
    return _Level(Ac, (ci, cj, ck), tuple(cshape), omega)


def _choose_axis(level: _Level, rule: str, li: int) -> int:
    nx, ny = level.shape[0], level.shape[1]
    if nx <= 2:
        return 1
    if ny <= 2:
        return 0
    if rule == "x":
        return 0
    if rule == "alt":
        return li % 2
    # "strong": the in-plane axis with the larger total coupling (PFMG's rule: coarsen
    # along the smallest effective spacing)
    sx = sum(a.sum() for a in axis_couplings(level, 0))
    sy = sum(a.sum() for a in axis_couplings(level, 1))
    return 0 if sx >= sy else 1


class SemiCoarseningMultigrid(VariantZLineMultigrid):
    """PFMG-like hierarchy with the cycle of ``ZLineMultigrid`` (module docstring).

    ``rule``: ``"strong"`` / ``"alt"`` / ``"x"`` choice of the coarsened axis per level;
    ``lines``: ``"other"`` (line relaxation along the in-plane axis not coarsened) or
    ``"both"`` (x and y lines on every level)."""

    def __init__(self, matrix, ijk, shape, omega: float = 0.8, kcycle: bool = False,
                 coarse_size: int = 3000, rule: str = "strong", lines: str = "other",
                 dtype=np.float32, kcycle_levels: int = 99, pre: int = 1, post: int = 1):
        self.pre, self.post, self.kcycle = pre, post, kcycle
        self.smoother = "jacobi"
        self.colors, self.inplane = {}, {}
        self.kcycle_levels = kcycle_levels
        self.dtype = np.dtype(dtype)
        A = sp.csr_matrix(matrix).astype(np.float64)
        lvl = _Level(A, tuple(np.asarray(a, dtype=np.int64) for a in ijk), tuple(shape), omega)
        self.levels = [lvl]
        axes = []
        while lvl.n > coarse_size and len(self.levels) < 40 and \
                (lvl.shape[0] > 1 or lvl.shape[1] > 1):
            ax = _choose_axis(lvl, rule, len(self.levels) - 1)
            axes.append(ax)
            lvl = coarsen_semi(lvl, ax, omega)
            self.levels.append(lvl)
        self.axes = axes
        for li, lv in enumerate(self.levels[:-1]):
            lv.factor_lines()
            ax = axes[li]
            self.inplane[li] = factor_inplane_lines(lv, (0, 1) if lines == "both"
                                                    else (1 - ax,))
        self.levels[-1].lu = spla.splu(self.levels[-1].A.tocsc())
        if self.dtype != np.float64:
            for li in range(len(self.levels) - 1):
                self._round(li, self.dtype)


def body_deflation(A, Z, apply):
    """Balancing form of the preconditioner ``apply`` with the body indicators ``Z``
    (:func:`chippack.thermal.steady.conductive_bodies`; Vuik, Segal & Meijerink, J. Comput.
    Phys. 152, 1999): ``B r = Q r + (I - Q A) M (I - A Q) r`` with
    ``Q = Z (Z^T A Z)^-1 Z^T``: one extra mat-vec with A per iteration, against the
    deflated CG of :class:`chippack.thermal.solver.Deflation` (the default) that needs none."""
    AZ = (A @ Z).tocsr()
    Ei = np.linalg.inv((Z.T @ AZ).toarray())
    Zt = Z.T.tocsr()

    def balanced(r):
        c = Ei @ (Zt @ r)
        z = apply(r - AZ @ c)
        return z - Z @ (Ei @ (Zt @ (A @ z))) + Z @ c

    return balanced


VARIANTS = {
    "zline (no deflation)": None,
    "semi strong, other line, V": {"rule": "strong"},
    "semi strong, other line, K": {"rule": "strong", "kcycle": True},
    "semi alt, other line, V": {"rule": "alt"},
    "semi strong, x+y lines, V": {"rule": "strong", "lines": "both"},
    "semi x-first, y lines, V": {"rule": "x"},
    "zline + body deflation, balancing form": "deflation",
    "zline + body-deflated CG (default)": "deflated-cg",
    "semi strong, other line, K 2 levels": {"rule": "strong", "kcycle": True,
                                            "kcycle_levels": 2},
}


def main() -> None:
    from run import seed000_problem

    from chippack.thermal import assemble
    from chippack.thermal.solver import Deflation, build_preconditioner, pcg
    from chippack.thermal.steady import conductive_bodies

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=3e5)
    ap.add_argument("--variants", default=None, help="comma-separated variant names")
    ap.add_argument("--out", default="bench_out/semicoarsening.json")
    a = ap.parse_args()
    p = seed000_problem(a.size)[0]
    s = assemble(p)
    A = s.matrix
    b = s.power + s.boundary.load_per_cell(s.n, 25.0)
    ijk = np.unravel_index(s.cells, p.shape)
    print(f"cells {p.grid.n_cells}, unknowns {s.n}, shape {p.shape}", flush=True)
    names = a.variants.split(",") if a.variants else list(VARIANTS)
    rows, ref = [], None
    with threadpool_limits(limits=1, user_api="blas"):
        for name in names:
            opts = VARIANTS[name]
            t0 = time.perf_counter()
            deflation = None
            if opts in (None, "deflation", "deflated-cg"):
                pre = build_preconditioner(A, "zline", (ijk, p.shape))
                apply, info = pre.apply, dict(pre.info)
                if opts is not None:
                    Z = conductive_bodies(p, s)
                    info["deflation_vectors"] = int(Z.shape[1])
                if opts == "deflation":
                    apply = body_deflation(A, Z, apply)
                if opts == "deflated-cg":
                    deflation = Deflation.build(A, Z)
            else:
                mg = SemiCoarseningMultigrid(A, ijk, p.shape, **opts)
                apply, info = mg, {**mg.info, "axes": "".join("xy"[x] for x in mg.axes)}
            t1 = time.perf_counter()
            x, it, rel = pcg(A, b, apply, tol=1e-10, maxiter=300, flexible=True,
                             deflation=deflation)
            t2 = time.perf_counter()
            ref = x if ref is None else ref
            row = {"variant": name, "setup_s": t1 - t0, "solve_s": t2 - t1, "iterations": it,
                   "relres": rel, "max_dT": float(np.abs(x - ref).max()), **info}
            rows.append(row)
            print(f"{name:<38} setup {t1 - t0:6.2f} solve {t2 - t1:6.2f} it {it:4d} "
                  f"OC {info['operator_complexity']:.2f} levels {info['levels']} "
                  f"dT {row['max_dT']:.1e} {info.get('axes', '')}", flush=True)
    out = pathlib.Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(out.read_text()) if out.exists() else []
    data.append({"problem": "seed000", "size": a.size, "unknowns": int(s.n), "rows": rows})
    out.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    main()
