"""Two-resistor compact model (JESD15-3): the network algebra, checked by hand."""

import pytest

from chippack.metrics.compact import TwoResistorModel


def test_parallel_paths():
    # θJC + R_CA = 1 + 9 = 10 K/W, θJB + R_BA = 4 + 6 = 10 K/W -> 5 K/W, 10 W -> 50 K
    model = TwoResistorModel(theta_jc=1.0, theta_jb=4.0)
    assert model.junction_rise(10.0, 9.0, 6.0) == pytest.approx(50.0)
    assert model.heat_split(9.0, 6.0) == pytest.approx((0.5, 0.5))


def test_rejects_non_positive():
    with pytest.raises(ValueError):
        TwoResistorModel(0.0, 1.0)
