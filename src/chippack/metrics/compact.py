"""Two-resistor compact thermal model (JESD15-3, 2008).

Three nodes: junction J, case C (package top) and board B (package footprint);
R_JC = θJC (top cold plate) and R_JB = θJB (JESD51-8 ring cold plate), no direct
junction-to-ambient link. In an application where the case sees R_CA to ambient
and the board node sees R_BA, the junction rise is

    Tj − TA = P · (θJC + R_CA) ∥ (θJB + R_BA)

JESD15-3 and the FloTHERM PACK documentation quote ~30 % worst-case Tj error
for this model; it is a screening model, not a replacement for the detailed one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TwoResistorModel:
    """θJC and θJB in K/W, extracted from the two JEDEC fixtures."""

    theta_jc: float
    theta_jb: float

    def __post_init__(self):
        if self.theta_jc <= 0 or self.theta_jb <= 0:
            raise ValueError(f"2R model needs positive resistances, got θJC={self.theta_jc}, "
                             f"θJB={self.theta_jb}")

    def junction_rise(self, power: float, r_case_ambient: float, r_board_ambient: float) -> float:
        """Tj − TA (K) for ``power`` W with the given external resistances (K/W)."""
        top = self.theta_jc + r_case_ambient
        bottom = self.theta_jb + r_board_ambient
        return power * top * bottom / (top + bottom)

    def heat_split(self, r_case_ambient: float, r_board_ambient: float) -> tuple[float, float]:
        """Fractions of the power leaving through the case and through the board."""
        top = self.theta_jc + r_case_ambient
        bottom = self.theta_jb + r_board_ambient
        return bottom / (top + bottom), top / (top + bottom)

    def to_dict(self) -> dict[str, float]:
        return {"theta_jc": self.theta_jc, "theta_jb": self.theta_jb}
