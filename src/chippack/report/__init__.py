"""Outputs a person reads: drawings, tables, files written atomically."""
