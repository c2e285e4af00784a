"""Eight-node brick with incompatible modes, statically condensed (Wilson–Taylor).

The trilinear brick locks in bending: a thin layer with one or two elements through
its thickness comes out far too stiff. Adding the nine incompatible displacement
modes P_m = 1 − ξ_m² (m = ξ, η, ζ; each for u, v, w) lets every element represent a
constant curvature exactly (Wilson, Taylor, Doherty & Ghaboussi 1973; Taylor, Beresford
& Wilson, Int. J. Numer. Meth. Eng. 10, 1976 — "QM6"; Abaqus calls it C3D8I). The modes
are internal to the element and condensed out:

    K = K_uu − K_ua K_aa⁻¹ K_au.

The grid's cells are boxes, so the Jacobian is constant and diagonal: the element
passes the patch test without Taylor's correction, 2×2×2 Gauss integration is exact,
and a uniform thermal strain loads no incompatible mode (∫ ∂P_m/∂x dV = 0), so the
condensed thermal load is the plain ∫ Bᵀ C ε_th dV = V B(0)ᵀ C ε_th.

Local node n = 4 i + 2 j + k is the corner (i, j, k) ∈ {0, 1}³ of the box; degrees of
freedom are (u, v, w) per node, Voigt order (xx, yy, zz, yz, xz, xy).
"""

from __future__ import annotations

import numpy as np

CORNERS = np.array([(i, j, k) for i in (0, 1) for j in (0, 1) for k in (0, 1)], dtype=float)
SIGNS = 2.0 * CORNERS - 1.0  # natural coordinates of the corners
GAUSS = SIGNS / np.sqrt(3.0)  # 2×2×2 Gauss points (weights 1)


def _strain_matrix(grad: np.ndarray) -> np.ndarray:
    """(..., 6, 3 n) strain–displacement matrix from shape-function gradients (..., n, 3)."""
    *lead, n, _ = grad.shape
    b = np.zeros((*lead, 6, 3 * n))
    gx, gy, gz = grad[..., 0], grad[..., 1], grad[..., 2]
    b[..., 0, 0::3] = gx
    b[..., 1, 1::3] = gy
    b[..., 2, 2::3] = gz
    b[..., 3, 1::3], b[..., 3, 2::3] = gz, gy
    b[..., 4, 0::3], b[..., 4, 2::3] = gz, gx
    b[..., 5, 0::3], b[..., 5, 1::3] = gy, gx
    return b


def _natural_gradients(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """dN/dξ of the 8 nodes (p, 8, 3) and dP/dξ of the 3 modes (p, 3, 3) at points (p, 3)."""
    xi = points[:, None, :]  # (p, 1, 3)
    factors = 1.0 + xi * SIGNS[None]  # (p, 8, 3)
    dn = np.empty(factors.shape)
    for a in range(3):
        others = [b for b in range(3) if b != a]
        dn[..., a] = SIGNS[None, :, a] * factors[..., others[0]] * factors[..., others[1]] / 8
    dp = np.zeros((points.shape[0], 3, 3))
    for m in range(3):
        dp[:, m, m] = -2.0 * points[:, m]
    return dn, dp


_DN_GAUSS, _DP_GAUSS = _natural_gradients(GAUSS)
_DN_CENTRE, _ = _natural_gradients(np.zeros((1, 3)))


def centre_strain_matrix(sizes: np.ndarray) -> np.ndarray:
    """(K, 6, 24) B at the element centre (where the incompatible modes give no strain)."""
    scale = 2.0 / np.asarray(sizes, dtype=float)  # dξ/dx per axis, (K, 3)
    grad = _DN_CENTRE[0][None] * scale[:, None, :]
    return _strain_matrix(grad)


def brick_matrices(sizes: np.ndarray, stiffness: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Condensed stiffness (K, 24, 24) and thermal-load operator (K, 24, 6) of boxes.

    ``sizes``: (K, 3) box edges dx, dy, dz (m); ``stiffness``: (K, 6, 6) C (Pa). The
    thermal nodal load of an element with thermal strain ε_th (Voigt, 6) is F @ ε_th (N).
    """
    sizes = np.asarray(sizes, dtype=float)
    c = np.asarray(stiffness, dtype=float)
    scale = 2.0 / sizes
    det = np.prod(sizes, axis=1) / 8.0  # Jacobian determinant (Gauss weights are 1)
    grad_u = _DN_GAUSS[None] * scale[:, None, None, :]  # (K, 8 gp, 8 nodes, 3)
    grad_a = _DP_GAUSS[None] * scale[:, None, None, :]  # (K, 8 gp, 3 modes, 3)
    bu = _strain_matrix(grad_u)  # (K, 8, 6, 24)
    ba = _strain_matrix(grad_a)  # (K, 8, 6, 9)
    cbu = np.einsum("kij,kgjm->kgim", c, bu)
    cba = np.einsum("kij,kgjm->kgim", c, ba)
    kuu = np.einsum("kgil,kgim->klm", bu, cbu) * det[:, None, None]
    kua = np.einsum("kgil,kgim->klm", bu, cba) * det[:, None, None]
    kaa = np.einsum("kgil,kgim->klm", ba, cba) * det[:, None, None]
    k = kuu - kua @ np.linalg.solve(kaa, np.swapaxes(kua, 1, 2))
    k = 0.5 * (k + np.swapaxes(k, 1, 2))
    b0 = centre_strain_matrix(sizes)
    load = np.einsum("kji,kjl->kil", b0, c) * (8.0 * det)[:, None, None]
    return k, load
