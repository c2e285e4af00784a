"""Meshes for chippack: rectilinear (tensor-product) grids."""

from chippack.mesh.grid import RectilinearGrid

__all__ = ["RectilinearGrid"]
