"""Process engine: flows of steps that build a package and keep a ledger.

``run_flow(read_flow(path))`` returns the built :class:`~chippack.model.PackageSpec`,
its layout and the :class:`Ledger` (steps, reflow passes per joint with peak vs
liquidus, cures, J-STD-020 pass count warnings). A step whose preconditions fail
raises :class:`~chippack.errors.ProcessError` naming the step and what is missing.
"""

from chippack.process.engine import FlowResult, run_flow
from chippack.process.flow import Flow, StepCall, is_flow_mapping, parse_flow, read_flow
from chippack.process.ledger import CureRecord, Ledger, ReflowPass, StepRecord
from chippack.process.steps import STEPS, StepDef

__all__ = [
    "STEPS", "CureRecord", "Flow", "FlowResult", "Ledger", "ReflowPass", "StepCall", "StepDef",
    "StepRecord", "is_flow_mapping", "parse_flow", "read_flow", "run_flow",
]
