"""Error cases: every failure names the field / cells and says what to change."""

import numpy as np
import pytest

from chippack.mesh import RectilinearGrid
from chippack.thermal import (
    ConductionProblem,
    ConvergenceError,
    EnergyBalanceError,
    NoPathToAmbientError,
    ProblemDefinitionError,
    SideCondition,
    SteadySolver,
    ZeroPowerError,
    solve_steady,
)

G = RectilinearGrid.uniform((6e-3, 6e-3, 1e-3), (6, 6, 2))


def base(**kw):
    power = np.zeros(G.shape)
    power[2, 2, 1] = 1.0
    kw.setdefault("power", power)
    kw.setdefault("sides", {"zmin": SideCondition(1e3, 25.0)})
    return ConductionProblem(G, 100.0, **kw)


def test_no_path_to_ambient_names_bounding_box():
    """A solid block separated by void (h = 0) from the cooled part makes K singular: it is
    detected before solving and reported with its cell-index and metric bounding box."""
    solid = np.ones(G.shape, bool)
    solid[3, :, :] = False                        # void slab x in [3, 4] mm cuts the plate
    power = np.zeros(G.shape)
    power[1, 1, 1] = 1.0
    power[5, 5, 1] = 0.5
    p = ConductionProblem(G, 100.0, power=power, solid=solid,
                          sides={"xmin": SideCondition(1e3, 25.0)})
    with pytest.raises(NoPathToAmbientError) as exc:
        SteadySolver(p)
    msg = str(exc.value)
    assert "no conduction path" in msg and "x 4..6 mm" in msg and "0.5 W" in msg
    (isl,) = exc.value.islands
    assert isl["index_lo"] == (4, 0, 0) and isl["index_hi"] == (5, 5, 1)
    assert isl["n_cells"] == 2 * 6 * 2
    # with h on the void the island is cooled and the solve succeeds
    h = np.where(solid, 0.0, 10.0)
    sol = solve_steady(p.replace(ambient_h=h, ambient_t=np.full(G.shape, 25.0)))
    assert sol.energy_balance_error < 1e-6


def test_zero_power():
    with pytest.raises(ZeroPowerError, match="total power is 0 W"):
        SteadySolver(base(power=np.zeros(G.shape))).solve()


def test_negative_power_message():
    power = np.zeros(G.shape)
    power[3, 4, 0] = -0.3
    with pytest.raises(ProblemDefinitionError,
                       match=r"power: negative value -0.3 W at cell \(3, 4, 0\); power must be >= 0"):
        base(power=power)


@pytest.mark.parametrize("kw, pattern", [
    ({"k": np.ones((6, 6, 3))}, r"k: shape \(6, 6, 3\)"),
    ({"power": np.zeros((6, 6))}, r"power: shape \(6, 6\)"),
    ({"solid": np.ones((2, 2, 2), bool)}, "solid: shape"),
    ({"sides": {"zmax": SideCondition(np.ones((6, 5)), 0.0)}}, r"sides\['zmax'\].h: shape"),
    ({"sides": {"top": SideCondition(1.0, 0.0)}}, "unknown side 'top'"),
    ({"sides": {"zmax": SideCondition(-1.0, 0.0)}}, r"sides\['zmax'\].h: negative"),
    ({"contact_resistance": (np.zeros((6, 6, 2)), None, None)},
     r"contact_resistance\[0\] \(x faces\): shape"),
    ({"ambient_h": np.full(G.shape, np.nan)}, "ambient_h: non-finite"),
    ({"rho_cp": np.zeros(G.shape)}, "rho_cp"),
    ({"k": np.zeros(G.shape)}, r"k: value .* conductivity must be > 0"),
])
def test_bad_fields(kw, pattern):
    args = {"k": 100.0}
    args.update(kw)
    k = args.pop("k")
    power = args.pop("power", None)
    with pytest.raises(ProblemDefinitionError, match=pattern):
        ConductionProblem(G, k, power=power, **args)


def test_nonconvergence_names_iterations():
    with pytest.raises(ConvergenceError, match=r"after 2 iterations .* raise maxiter") as exc:
        SteadySolver(base(), method="jacobi", maxiter=2).solve()
    assert exc.value.iterations == 2 and exc.value.residual > 1e-10


def test_energy_balance_error_raised():
    """The balance check is always active (forced here with an impossible tolerance)."""
    with pytest.raises(EnergyBalanceError, match="energy balance error"):
        SteadySolver(base(), method="direct", energy_tol=-1.0).solve()


def test_unknown_method():
    with pytest.raises(ValueError, match="unknown solver method"):
        SteadySolver(base(), method="magic")
