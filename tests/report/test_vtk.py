"""The .vtr export reads back (own reader and, where installed, VTK's) with the solver's values."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from typer.testing import CliRunner

from chippack.cli import app
from chippack.design import load_layout
from chippack.examples import example_path
from chippack.mesh.package import MeshOptions
from chippack.metrics.environment import Environment
from chippack.metrics.run import run_environment
from chippack.report.probes import probe_rows, write_probe_csv
from chippack.report.vtk import read_vtr, write_run_vtr

COARSE = MeshOptions(max_cell=(2e-3, 2e-3, 0.5e-3), max_cell_far=10e-3)


@pytest.fixture(scope="module")
def run():
    layout = load_layout(example_path("two_mold_package"))
    return run_environment(layout, Environment(name="still-air"), mesh_options=COARSE)


@pytest.fixture(scope="module")
def vtr(run, tmp_path_factory):
    return write_run_vtr(run, tmp_path_factory.mktemp("vtk") / "field.vtr")


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal bit for bit, NaN where the other is NaN."""
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def test_vtr_reads_back_with_the_solver_values(run, vtr):
    data = read_vtr(vtr)
    mesh = run.mesh
    assert data.shape == mesh.shape
    assert same(data.cell_data["temperature_c"], run.solution.temperature)
    assert np.isnan(data.cell_data["temperature_c"]).any()  # outside the solids
    assert same(data.cell_data["part"], mesh.part)
    assert same(data.cell_data["material"], mesh.material)
    assert same(data.cell_data["region"], mesh.region.astype(np.int8))
    assert same(data.cell_data["power_w"], run.power_cells)
    for got, planes in ((data.x, mesh.grid.x), (data.y, mesh.grid.y), (data.z, mesh.grid.z)):
        assert np.allclose(got, planes * 1e3, rtol=1e-15, atol=0)
    assert data.field_data["part_names"] == list(mesh.part_ids)
    assert data.field_data["material_names"] == [m.name for m in mesh.materials]
    assert data.field_data["length_unit_m"] == 1e-3


def test_vtr_reads_with_vtk(run, vtr):
    vtk = pytest.importorskip("vtk", reason="VTK not installed (pip install vtk)")
    from vtk.util.numpy_support import vtk_to_numpy

    reader = vtk.vtkXMLRectilinearGridReader()
    reader.SetFileName(str(vtr))
    reader.Update()
    grid = reader.GetOutput()
    shape = run.mesh.shape
    assert grid.GetDimensions() == tuple(n + 1 for n in shape)

    def cells(name):
        return vtk_to_numpy(grid.GetCellData().GetArray(name)).reshape(shape, order="F")

    assert same(cells("temperature_c"), run.solution.temperature)
    assert same(cells("part"), run.mesh.part)
    assert np.allclose(vtk_to_numpy(grid.GetZCoordinates()), run.mesh.grid.z * 1e3)
    names = grid.GetFieldData().GetAbstractArray("part_names")
    assert [names.GetValue(i) for i in range(names.GetNumberOfValues())] == list(run.mesh.part_ids)


def test_probes_are_solver_cell_values(run, tmp_path):
    rows = probe_rows(run, [(0.0, 0.0, 0.5e-3)])
    names = [r["probe"] for r in rows]
    assert names[0] == "die junction centre" and "board point (TB, JESD51-8)" in names
    hottest = next(r for r in rows if r["probe"].startswith("hottest junction"))
    assert hottest["temperature_c"] == run.metrics["tj_max_c"]
    top = next(r for r in rows if r["probe"].startswith("package top"))
    assert top["temperature_c"] == run.metrics["t_top_c"]
    path = write_probe_csv(run, tmp_path / "p.csv", [(0.0, 0.0, 0.5e-3)])
    back = list(csv.DictReader(path.open()))
    assert [r["probe"] for r in back] == names
    assert [float(r["temperature_c"]) for r in back] == [r["temperature_c"] for r in rows]


def test_export_command_writes_vtr_and_csv(tmp_path):
    result = CliRunner().invoke(app, [
        "export", str(example_path("two_mold_package")), "--vtk", "--csv", "--refine", "0.35",
        "--no-k-of-t", "--probe", "0,0,1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = read_vtr(tmp_path / "two_mold_package_still-air.vtr")
    rows = list(csv.DictReader((tmp_path / "two_mold_package_still-air_probes.csv").open()))
    assert rows[-1]["probe"].startswith("probe 1 (0, 0, 1) mm")
    assert float(rows[-1]["temperature_c"]) in data.cell_data["temperature_c"]


@pytest.mark.parametrize("args, words", [
    ([], "give --vtk and/or --csv"),
    (["--vtk", "--env", "jedec"], "one environment"),
    (["--csv", "--probe", "1,2"], "'x,y,z' in mm"),
])
def test_export_errors(args, words):
    result = CliRunner().invoke(app, ["export", str(example_path("two_mold_package")), *args])
    assert result.exit_code == 2
    assert words in result.output
