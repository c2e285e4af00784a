"""Materials library: every property has a source; V7 and V18 of docs/verification.md."""

import pytest

from chippack.errors import SpecError
from chippack.materials import builtin_materials, resolve_materials
from chippack.materials.boards import JEDEC_2S2P, compact_board_conductivity

REQUIRED = ["silicon", "copper", "aluminium", "aln", "nickel", "sac305", "snpb_eutectic",
            "underfill", "mold_compound", "bt_laminate", "abf_laminate", "fr4", "tim_grease",
            "indium"]


def test_issue_materials_present():
    table = builtin_materials()
    for name in REQUIRED:
        assert name in table


def test_every_property_has_a_source():
    for name, m in builtin_materials().items():
        for prop in ("k", "density", "specific_heat", "youngs_modulus", "poisson_ratio", "cte",
                     "solidus", "liquidus", "glass_transition"):
            if getattr(m, prop) is not None:
                assert m.sources.get(prop), f"{name}.{prop} has no source"


def test_laminates_are_anisotropic():
    for name in ("bt_laminate", "abf_laminate", "fr4"):
        kx, ky, kz = builtin_materials()[name].k
        assert kx == ky > kz


def test_silicon_k_of_t_v7():
    """V7: k = 148 (300/T)^1.3 gives 101.8 at 400 K and 76.2 at 500 K."""
    si = builtin_materials()["silicon"]
    k = si.conductivity_at([126.85, 226.85])[:, 2]
    assert k[0] == pytest.approx(101.8, abs=0.05)
    assert k[1] == pytest.approx(76.2, abs=0.05)


def test_jedec_2s2p_compact_board_v18():
    """V18: k_inplane ≈ 21.2, k_through ≈ 0.317 W/m·K for the 2s2p build of §1.3."""
    k_in, k_through = compact_board_conductivity(JEDEC_2S2P)
    assert k_in == pytest.approx(21.2, rel=0.005)
    assert k_through == pytest.approx(0.317, rel=0.005)


def test_spec_override_from_base():
    table = resolve_materials({"my_cu": {"base": "copper", "k": "380 W/m/K"}})
    assert table["my_cu"].k == (380.0, 380.0, 380.0)
    assert table["my_cu"].cte == table["copper"].cte


@pytest.mark.parametrize("raw,field", [
    ({"x": {"base": "nothing"}}, "materials.x.base"),
    ({"x": {"k": 1, "density": 1}}, "materials.x.category"),
    ({"x": {"category": "metal", "k": 1, "density": 1}}, "materials.x"),
    ({"copper": {"k": [1, 2]}}, "materials.copper.k"),
    ({"copper": {"emissivity": 2}}, "materials.copper.emissivity"),
    ({"copper": {"colour": "red"}}, "materials.copper.colour"),
])
def test_bad_overrides_name_the_field(raw, field):
    with pytest.raises(SpecError) as err:
        resolve_materials(raw)
    assert err.value.path == field
