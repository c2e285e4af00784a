"""Elastic constants: homogenised joint layers, molten solder, the operating-field sampler."""

import numpy as np
import pytest

from chippack.materials import builtin_materials
from chippack.mechanics.elastic import JOINT_INPLANE_FLOOR, elastic_at, joint_layer_at


def test_ball_air_layer_is_not_a_solid_slab():
    """Balls in air: Voigt axial modulus φ E_b, almost no in-plane modulus, solder CTE
    (Turner's rule with a matrix that carries nothing)."""
    lib = builtin_materials()
    sac, air = lib["sac305"], lib["air"]
    layer = joint_layer_at(0.3, sac, air, 217.0, 217.0, np.array([25.0]))
    assert layer.e_z == pytest.approx(0.3 * sac.youngs_modulus)
    assert layer.e_xy == pytest.approx(JOINT_INPLANE_FLOOR * layer.e_z)
    assert layer.strain[0, 0] == pytest.approx(sac.cte[0] * (25.0 - 217.0))
    c = layer.stiffness()
    assert np.all(np.linalg.eigvalsh(c) > 0)


def test_bump_underfill_layer_mixes_by_voigt_and_turner():
    lib = builtin_materials()
    sac, uf = lib["sac305"], lib["underfill"]
    phi = 0.2
    layer = joint_layer_at(phi, sac, uf, 217.0, 165.0, np.array([25.0]))
    assert layer.e_z == pytest.approx(phi * sac.youngs_modulus + (1 - phi) * uf.youngs_modulus)
    assert uf.youngs_modulus < layer.e_xy < layer.e_z


def test_molten_solder_carries_no_strain():
    """Above its solidus (reflow peak) solder keeps 1e-3 of its stiffness and no strain."""
    sac = builtin_materials()["sac305"]
    hot = elastic_at(sac, 217.0, np.array([260.0]))
    assert hot.e_xy == pytest.approx(1e-3 * sac.youngs_modulus)
    assert np.all(hot.strain == 0)


def test_operating_field_sampler_is_exact_on_the_same_grid():
    from chippack.design import load_layout
    from chippack.examples import example_path
    from chippack.mechanics.study import sample_cells
    from chippack.mesh.package import mesh_layout

    mesh = mesh_layout(load_layout(example_path("two_mold_package_exposed")))
    field = np.random.default_rng(0).random(mesh.shape)
    cells = np.arange(mesh.n_cells)
    assert np.array_equal(sample_cells(mesh.grid, field, mesh, cells), field.ravel())
