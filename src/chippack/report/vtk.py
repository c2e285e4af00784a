"""The solved field on a VTK rectilinear grid (``.vtr``, VTK XML), written with numpy only.

ParaView, VisIt, pyvista and vtk's ``vtkXMLRectilinearGridReader`` read it. Layout
of the file (VTK "XML file formats", RectilinearGrid):

* ``<Coordinates>``: the node planes x, y, z in **millimetres** (the unit of every
  drawing and table chippack prints; ``FieldData/length_unit_m`` = 0.001 says so);
* ``<CellData>``: ``temperature_c`` (Float64, °C; NaN where nothing conducts),
  ``part`` (Int32 index into ``FieldData/part_names``, −1 empty), ``material``
  (Int32 index into ``FieldData/material_names``, −1 empty or void), ``region``
  (Int8: 0 solid, 1 gap gas, 2 ambient) and ``power_w`` (Float64, W per cell);
* the bulk data is raw binary in one ``<AppendedData>`` block, little-endian, each
  array preceded by its byte count as UInt64 (``header_type="UInt64"``).

Cells are in VTK order (x fastest), i.e. numpy ``order="F"`` of an (nx, ny, nz) array.
:func:`read_vtr` is a small reader of exactly this layout (for tests and scripts
that have no VTK installed).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chippack.report.files import atomic_write

_VTK_TYPES = {np.dtype("<f8"): "Float64", np.dtype("<f4"): "Float32",
              np.dtype("<i4"): "Int32", np.dtype("<i1"): "Int8", np.dtype("<i8"): "Int64",
              np.dtype("<u1"): "UInt8"}
_NP_TYPES = {v: k for k, v in _VTK_TYPES.items()}


@dataclass
class VtrData:
    """What :func:`read_vtr` returns: planes (as stored) and (nx, ny, nz) cell arrays."""

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    cell_data: dict[str, np.ndarray]
    field_data: dict[str, object]

    @property
    def shape(self) -> tuple[int, int, int]:
        return (len(self.x) - 1, len(self.y) - 1, len(self.z) - 1)


def _string_array(name: str, values: list[str]) -> str:
    # VTK's ascii String arrays: each string as its bytes (decimal) followed by a 0.
    codes = " ".join(" ".join(str(b) for b in v.encode("utf-8")) + " 0" for v in values)
    return (f'      <Array type="String" Name="{name}" NumberOfTuples="{len(values)}" '
            f'format="ascii">{codes}</Array>\n')


def vtr_bytes(x: np.ndarray, y: np.ndarray, z: np.ndarray, cell_data: dict[str, np.ndarray],
              strings: dict[str, list[str]] | None = None,
              numbers: dict[str, float] | None = None) -> bytes:
    """Serialise planes (any unit) and (nx, ny, nz) cell arrays into a ``.vtr`` document."""
    shape = (len(x) - 1, len(y) - 1, len(z) - 1)
    blocks: list[bytes] = []
    offset = 0

    def add(name: str, values: np.ndarray, indent: str) -> str:
        nonlocal offset
        arr = np.asarray(values)
        arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        if arr.dtype not in _VTK_TYPES:
            raise TypeError(f"{name}: no VTK type for {arr.dtype}")
        data = np.ascontiguousarray(arr.ravel(order="F")).tobytes()
        line = (f'{indent}<DataArray type="{_VTK_TYPES[arr.dtype]}" Name="{name}" '
                f'format="appended" offset="{offset}"/>\n')
        blocks.append(np.uint64(len(data)).tobytes() + data)
        offset += 8 + len(data)
        return line

    extent = f"0 {shape[0]} 0 {shape[1]} 0 {shape[2]}"
    head = ['<?xml version="1.0"?>\n',
            '<VTKFile type="RectilinearGrid" version="1.0" byte_order="LittleEndian" '
            'header_type="UInt64">\n',
            f'  <RectilinearGrid WholeExtent="{extent}">\n']
    if strings or numbers:
        head.append("    <FieldData>\n")
        for name, values in (strings or {}).items():
            head.append(_string_array(name, values))
        for name, value in (numbers or {}).items():
            head.append(f'      <DataArray type="Float64" Name="{name}" NumberOfTuples="1" '
                        f'format="ascii">{value!r}</DataArray>\n')
        head.append("    </FieldData>\n")
    head.append(f'    <Piece Extent="{extent}">\n')
    names = list(cell_data)
    head.append(f'      <CellData Scalars="{names[0]}">\n' if names else "      <CellData>\n")
    for name, values in cell_data.items():
        if np.shape(values) != shape:
            raise ValueError(f"{name}: shape {np.shape(values)} is not the grid's {shape}")
        head.append(add(name, values, "        "))
    head.append("      </CellData>\n      <Coordinates>\n")
    for name, planes in (("x", x), ("y", y), ("z", z)):
        head.append(add(name, np.asarray(planes, dtype="<f8"), "        "))
    head += ["      </Coordinates>\n", "    </Piece>\n", "  </RectilinearGrid>\n",
             '  <AppendedData encoding="raw">\n   _']
    tail = b"\n  </AppendedData>\n</VTKFile>\n"
    return "".join(head).encode("utf-8") + b"".join(blocks) + tail


def write_run_vtr(run, path: str | Path) -> Path:
    """Write a :class:`~chippack.metrics.run.ThermalRun`'s field, parts and materials."""
    mesh = run.mesh
    cell_data = {
        "temperature_c": np.asarray(run.solution.temperature, dtype="<f8"),
        "part": mesh.part.astype("<i4"),
        "material": mesh.material.astype("<i4"),
        "region": mesh.region.astype("<i1"),
        "power_w": np.asarray(run.power_cells, dtype="<f8"),
    }
    data = vtr_bytes(mesh.grid.x * 1e3, mesh.grid.y * 1e3, mesh.grid.z * 1e3, cell_data,
                     strings={"part_names": list(mesh.part_ids),
                              "material_names": [m.name for m in mesh.materials]},
                     numbers={"length_unit_m": 1e-3, "power_w_total": float(run.power),
                              "ambient_c": float(run.environment.ambient)})
    return atomic_write(path, lambda p: p.write_bytes(data))


def _parse_strings(text: str, count: int) -> list[str]:
    codes = [int(c) for c in text.split()]
    out, cur = [], bytearray()
    for c in codes:
        if c == 0:
            out.append(cur.decode("utf-8"))
            cur = bytearray()
        else:
            cur.append(c)
    if len(out) != count:
        raise ValueError(f"expected {count} strings, found {len(out)}")
    return out


def read_vtr(path: str | Path) -> VtrData:
    """Read a ``.vtr`` written by :func:`vtr_bytes` (raw appended data, UInt64 headers)."""
    raw = Path(path).read_bytes()
    marker = raw.index(b'<AppendedData encoding="raw">')
    start = raw.index(b"_", marker) + 1
    xml_head = raw[:marker].decode("utf-8") + "</VTKFile>"
    root = ET.fromstring(xml_head)
    if root.get("header_type") != "UInt64" or root.get("byte_order") != "LittleEndian":
        raise ValueError("only little-endian files with UInt64 headers are read here")
    grid = root.find("RectilinearGrid")
    piece = grid.find("Piece")
    ext = [int(v) for v in piece.get("Extent").split()]
    shape = (ext[1] - ext[0], ext[3] - ext[2], ext[5] - ext[4])

    def block(el) -> np.ndarray:
        off = start + int(el.get("offset"))
        n = int(np.frombuffer(raw, dtype="<u8", count=1, offset=off)[0])
        dtype = _NP_TYPES[el.get("type")]
        return np.frombuffer(raw, dtype=dtype, count=n // dtype.itemsize, offset=off + 8).copy()

    cells = {el.get("Name"): block(el).reshape(shape, order="F")
             for el in piece.find("CellData").findall("DataArray")}
    coords = [block(el) for el in piece.find("Coordinates").findall("DataArray")]
    fields: dict[str, object] = {}
    fd = grid.find("FieldData")
    if fd is not None:
        for el in fd:
            if el.get("type") == "String":
                fields[el.get("Name")] = _parse_strings(el.text or "",
                                                        int(el.get("NumberOfTuples")))
            else:
                fields[el.get("Name")] = float(el.text)
    return VtrData(coords[0], coords[1], coords[2], cells, fields)
