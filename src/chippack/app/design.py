"""Read a design into a validated, laid-out package: :func:`load`, the front door.

A design file is one of: a spec (``name`` + ``parts``), a family document
(``family:`` + ``parameters:``) or a process flow (``steps:``), which is run to
build its spec. A spec or family may come with the flow that builds it; the
flow's ledger then decides the method claims.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from chippack.errors import ChippackError
from chippack.families import spec_from_mapping
from chippack.layout import Layout, lay_out
from chippack.model import PackageSpec, read_yaml
from chippack.process import Ledger, is_flow_mapping, parse_flow, read_flow, run_flow
from chippack.process.pairing import check_pairing


@dataclass(frozen=True)
class Design:
    """A laid-out design and, when a flow built it, the ledger of that flow.

    Attributes
    ----------
    layout : Layout
        The placed parts, their contacts and materials.
    ledger : Ledger or None
        The process ledger of the flow that built it (decides the method claims).
    source : str
        ``"spec"``, ``"family"``, ``"flow"`` or ``"spec + flow"``.
    path : Path or None
        The file it was read from (None for a mapping).
    """

    layout: Layout
    ledger: Ledger | None
    source: str
    path: Path | None = None

    @property
    def spec(self) -> PackageSpec:
        """The validated package spec."""
        return self.layout.spec

    @property
    def name(self) -> str:
        return self.layout.spec.name

    @property
    def stem(self) -> str:
        """File-name stem of this design's outputs (``<stem>_results.json``)."""
        if self.path is not None:
            return self.path.stem
        return re.sub(r"[^A-Za-z0-9_.-]+", "_", self.name).strip("_") or "design"


def load_spec(path: str | Path) -> PackageSpec:
    """Parse a spec, family or flow YAML file (raises :class:`chippack.errors.ChippackError`)."""
    raw = read_yaml(path)
    if is_flow_mapping(raw):
        return run_flow(read_flow(path)).spec
    return spec_from_mapping(raw)


def load_layout(path: str | Path) -> Layout:
    """Parse and lay out a spec, family or flow YAML file."""
    return lay_out(load_spec(path))


def load(source: str | Path | Mapping, flow: str | Path | None = None) -> Design:
    """Load a design: a spec, a family document or a process flow.

    Parameters
    ----------
    source : str, Path or Mapping
        A YAML file (spec with ``name`` + ``parts``, family with ``family`` +
        ``parameters``, or flow with ``steps``) or the same content as a mapping.
    flow : str or Path, optional
        The process flow that builds a spec or family design; its ledger then decides
        the method claims. It must build the same package.

    Returns
    -------
    Design

    Raises
    ------
    chippack.errors.ChippackError
        One line naming the field, the value and the fix.

    Examples
    --------
    >>> import chippack
    >>> design = chippack.load({"family": "dual_sink_fcbga", "parameters": {"die_size": 12}})
    >>> design.source, design.spec.family
    ('family', 'dual_sink_fcbga')
    >>> sorted(design.layout.of_kind("heat_sink"))
    ['bottom_sink', 'lid']
    """
    path = None
    if isinstance(source, Mapping):
        raw = dict(source)
        where = "the design"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        raw = read_yaml(path)
        where = path.name
    else:
        raise ChippackError(f"load: give a file path or a mapping (spec, family or flow), got "
                            f"{type(source).__name__}")
    if is_flow_mapping(raw):
        if flow is not None:
            raise ChippackError(f"--flow: {where} is itself a flow; check it alone "
                                "(--flow goes with a spec or family file)")
        # from a file, oven and profile files named by the flow resolve beside it
        result = run_flow(read_flow(path) if path is not None else parse_flow(raw))
        return Design(result.layout, result.ledger, "flow", path)
    layout = lay_out(spec_from_mapping(raw))
    if flow is None:
        return Design(layout, None, "spec" if "parts" in raw else "family", path)
    result = run_flow(read_flow(flow))
    check_pairing(layout, result.layout, Path(flow).name)
    return Design(layout, result.ledger, "spec + flow", path)


#: The loader's earlier name (kept for existing scripts).
load_design = load
