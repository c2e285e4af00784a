"""Tolerances and readings of the claims' words, as explicit options with defaults.

=====================  ===========  ====================================================
option                 default      meaning
=====================  ===========  ====================================================
cte_tolerance_ppm      1.0 ppm/K    in-plane CTEs this close count as "the same" (seed 000
                                    claim 10: copper 17 on ABF 17 is the same, on BT 15 not)
flush_tolerance_mm     0.001 mm     faces this close are coplanar / flush (encapsulant top
                                    vs bump ends, die back vs encapsulant top)
alignment_tolerance_mm 0.01 mm      largest offset of a bump from its UBM pad centre that
                                    still counts as "aligned"
min_joints             2            joints needed for "a plurality of" bumps or balls
max_bond_layers        1            TIM / bond layers allowed between a die back and a sink
                                    "disposed on" it
tin_lead_materials     tin, lead,   materials that are "tin, lead or tin/lead alloy" (seed
                       snpb_eutectic 002 claim 3; SAC305 is a tin-silver-copper alloy: no)
bump_shapes            bump         joint shapes that are "conductive bumps" (seed 002
                                    claim 2; pillars and balls are not)
=====================  ===========  ====================================================
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClaimOptions:
    """How strictly the claim checker reads the claims' words (see the module table)."""

    cte_tolerance_ppm: float = 1.0
    flush_tolerance_mm: float = 0.001
    alignment_tolerance_mm: float = 0.01
    min_joints: int = 2
    max_bond_layers: int = 1
    tin_lead_materials: tuple[str, ...] = ("tin", "lead", "snpb_eutectic")
    bump_shapes: tuple[str, ...] = ("bump",)

    @property
    def flush_tolerance(self) -> float:
        """Flush tolerance in metres."""
        return self.flush_tolerance_mm * 1e-3

    @property
    def alignment_tolerance(self) -> float:
        """Alignment tolerance in metres."""
        return self.alignment_tolerance_mm * 1e-3

    @property
    def cte_tolerance(self) -> float:
        """CTE tolerance in 1/K."""
        return self.cte_tolerance_ppm * 1e-6
