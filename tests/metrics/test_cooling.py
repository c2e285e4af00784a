"""User-defined cooling (cold plates, attached sinks, held faces) against 1D analytic answers.

In a 1D stack (equal footprints, every face not held is adiabatic) the heat flows
straight through, so θ = Σ t/(kA) + (holding resistance) exactly; cell-centred FV is
exact in 1D (Incropera & DeWitt §3.1 series resistances; ``docs/verification.md`` V1).
The die's heat comes from its 20 µm source layer, whose cell centre sits half a layer
from the active face.
"""

import math

import pytest

from chippack.errors import SpecError
from chippack.layout import lay_out
from chippack.metrics.cooling import parse_cooling
from chippack.metrics.environment import Environment
from chippack.metrics.run import run_environment
from chippack.model import parse_spec

A = 1e-4  # 10 x 10 mm
SRC = 20e-6
K_SI, K_TIM, K_CU = 148.0, 3.0, 390.0


def stack(orientation="flip"):
    """die / tim / copper sink, 10 x 10 mm; ``face_up`` puts the die on top, heated on top."""
    if orientation == "flip":
        parts = {"die": {"kind": "die", "size": [10, 10], "thickness": 0.5, "power": "10 W"},
                 "tim": {"kind": "tim", "on": "die", "thickness": 0.05},
                 "sink": {"kind": "heat_sink", "on": "tim", "size": [10, 10], "thickness": 1.0}}
    else:
        parts = {"sink": {"kind": "heat_sink", "size": [10, 10], "thickness": 1.0},
                 "tim": {"kind": "tim", "on": "sink", "thickness": 0.05, "size": [10, 10]},
                 "die": {"kind": "die", "on": "tim", "size": [10, 10], "thickness": 0.5,
                         "power": "10 W", "orientation": "face_up"}}
    return lay_out(parse_spec({"name": "1D stack", "parts": parts}))


R_STACK = ((0.5e-3 - SRC / 2) / K_SI + 0.05e-3 / K_TIM + 1e-3 / K_CU) / A


def env(text: dict) -> Environment:
    return Environment.from_file(parse_cooling(text))


def theta(layout, environment) -> float:
    run = run_environment(layout, environment)
    assert run.solver["energy_balance_error"] < 1e-6
    return run.theta


def test_cold_plate_on_the_bottom_face_is_the_1d_resistance():
    """Face-up die on top of TIM and sink, ideal plate under the sink: θ = Σ t/(kA)."""
    plate = env({"name": "bottom plate", "cold_plates": [{"on": "bottom"}]})
    assert theta(stack("face_up"), plate) == pytest.approx(R_STACK, rel=1e-9)


def test_cold_plate_on_a_named_part_with_contact_resistance():
    """A plate on the sink's top face through R″ = 20 mm²K/W adds R″/A = 0.2 K/W."""
    plate = env({"cold_plates": [{"on": "sink", "resistance": "20 mm^2*K/W"}]})
    assert theta(stack(), plate) == pytest.approx(R_STACK + 0.2, rel=1e-9)


def test_theta_sa_sink_adds_in_series():
    """An attached sink of θSA = 0.8 K/W on the top face: θ = R_stack + θSA."""
    sink = env({"heat_sink": {"on": "top", "theta_sa": "0.8 K/W"}})
    assert theta(stack(), sink) == pytest.approx(R_STACK + 0.8, rel=1e-9)


def test_film_coefficient_and_fixed_temperature_on_part_faces():
    """h = 500 W/m²K on the sink top: + 1/(hA) = 20 K/W; a held temperature of 35 °C
    with ambient 25 °C shifts Tj by exactly 10 K (θ is referred to the ambient)."""
    film = env({"faces": [{"on": "sink", "face": "top", "h": 500}]})
    assert theta(stack(), film) == pytest.approx(R_STACK + 1 / (500 * A), rel=1e-9)
    held = env({"ambient": 25, "faces": [{"on": "sink", "temperature": 35}]})
    assert theta(stack(), held) == pytest.approx(R_STACK + 10.0 / 10.0, rel=1e-9)


def test_plate_fin_sink_by_fin_efficiency():
    """Plate fins with a given h: θSA = t_b/(k A) + 1/(η_o h A_tot) (Incropera & DeWitt
    §3.6.5), the fin efficiency written out here by hand: aluminium 209 W/mK."""
    h, k, n, t, height, w, base_t = 30.0, 209.0, 10, 1e-3, 20e-3, 30e-3, 3e-3
    area = w * w
    m = math.sqrt(2 * h / (k * t))
    lc = height + t / 2
    eta_f = math.tanh(m * lc) / (m * lc)
    a_f = 2 * lc * w
    a_tot = n * a_f + area - n * t * w
    eta_o = 1 - n * a_f / a_tot * (1 - eta_f)
    theta_sa = base_t / (k * area) + 1 / (eta_o * h * a_tot)
    sink = env({"heat_sink": {"on": "top", "area": "900 mm^2", "fins": {
        "count": n, "thickness": 1, "height": 20, "length": 30, "base_thickness": 3,
        "h": h, "material": "aluminium"}}})
    assert theta(stack(), sink) == pytest.approx(R_STACK + theta_sa, rel=1e-9)


def test_jedec_top_cold_plate_is_an_instance_of_the_description():
    """The θJC fixture and the same cooling written as a file give the same θ."""
    as_file = env({"board": "none", "cold_plates": [{"on": "top"}]})
    jedec = Environment("cold-plate-top")
    assert jedec.cooling == as_file.cooling
    layout = stack()
    assert theta(layout, as_file) == pytest.approx(theta(layout, jedec), rel=1e-12)


@pytest.mark.parametrize("raw,fragment", [
    ({"air": "still", "fan": 3, "colour": "red"}, "unknown keys 'fan', 'colour'"),
    ({"cold_plates": [{"on": "bottom", "temp": 20}]}, "cold_plates[0]: unknown key 'temp'"),
    ({"heat_sink": {"on": "top"}}, "either theta_sa"),
    ({"board": "4s4p", "air": "still"}, "unknown board '4s4p'"),
    ({"name": "nothing"}, "nothing cools the package"),
    ({"air": {"velocity": -1}}, "must be > 0 m/s"),
])
def test_bad_cooling_files_are_one_line(raw, fragment):
    with pytest.raises(SpecError) as err:
        parse_cooling(raw, "cooling.yaml")
    assert fragment in str(err.value) and "\n" not in str(err.value)


def test_a_condition_on_a_missing_or_covered_part():
    with pytest.raises(SpecError, match="no part 'lid'"):
        run_environment(stack(), env({"cold_plates": [{"on": "lid"}]}))
    with pytest.raises(SpecError, match="touches no outside"):
        run_environment(stack(), env({"cold_plates": [{"on": "die", "face": "top"}]}))
