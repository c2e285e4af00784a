"""Imports point down the flow, never up (the stage order of ``docs/architecture.md``).

Walks every module of ``src/chippack`` with :mod:`ast` (top-level and function-level
imports alike) and fails on an import of a stage to its right in :data:`STAGES`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import chippack

#: The stage order, left to right (a stage may import only stages on its left, or
#: its own). Stages on one line share a rank and may not import each other.
#: Keep in step with docs/architecture.md.
STAGES: list[tuple[str, ...]] = [
    ("errors",),
    ("inputs",),
    ("units", "analytic", "examples"),
    ("materials",),
    ("model",),
    ("families",),
    ("layout",),
    ("mesh",),
    ("thermal", "mechanics"),
    ("metrics",),
    ("reflow",),
    ("process",),
    ("claims",),
    ("report",),
    ("app",),
    ("design",),
    ("study",),
    ("cli",),
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}
ROOT = Path(chippack.__file__).parent


def stage_of(module: str) -> str | None:
    """``chippack.metrics.run`` -> ``metrics``; the package root itself -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "chippack" else None


def imports_of(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, module) of every chippack import in a source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("chippack", *path.relative_to(root).with_suffix("").parts))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("chippack")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package.split(".")[: -node.level]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name == "chippack":  # from chippack import metrics -> the named submodules
                found += [(node.lineno, f"chippack.{a.name}") for a in node.names]
            elif name.startswith("chippack"):
                found.append((node.lineno, name))
    return found


def upward_imports(root: Path = ROOT) -> list[str]:
    bad = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        here = rel.parts[0].removesuffix(".py")
        if here == "__init__":  # the package root re-exports the API from every stage
            continue
        assert here in RANK, f"{rel}: stage {here!r} is not in the stage order; add it"
        for line, module in imports_of(path, root):
            there = stage_of(module)
            if there is None or there == here:
                continue
            if there not in RANK:
                continue  # a name re-exported by the root (from chippack import X)
            if RANK[there] >= RANK[here]:
                bad.append(f"{rel}:{line} imports {module} ({there} is not left of {here})")
    return bad


def test_imports_point_down_the_flow():
    bad = upward_imports()
    assert not bad, "upward imports:\n" + "\n".join(bad)


def test_the_check_catches_an_upward_import(tmp_path):
    """A mesh module that imports the app (and a relative import of the report) fails."""
    (tmp_path / "mesh").mkdir()
    (tmp_path / "mesh" / "grid.py").write_text(
        "from chippack.layout import Layout\n"
        "def f():\n    from chippack.app import solve\n"
        "from ..report import files\n")
    bad = upward_imports(tmp_path)
    assert len(bad) == 2
    assert any("mesh/grid.py:3 imports chippack.app " in b for b in bad)
    assert any("mesh/grid.py:4 imports chippack.report " in b for b in bad)


def test_the_order_is_written_in_the_docs():
    """docs/architecture.md states the same order (one line per rank)."""
    text = (ROOT.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    for names in STAGES:
        assert ", ".join(f"`{n}`" for n in names) in text, names
