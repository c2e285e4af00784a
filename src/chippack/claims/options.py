"""Thresholds and readings of the claims' words, as explicit options with defaults.

Every number the checker compares a design against is one of these; the CLI exposes
each as ``--<name>`` (dashes for underscores) and the evidence of a claim names the
value it compared. ``THRESHOLDS`` is the table the README and ``--help`` show.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from chippack.errors import SpecError
from chippack.inputs.options import MAX_TOLERANCE, number_option

#: name -> (unit, meaning); the defaults are those of :class:`ClaimOptions`.
THRESHOLDS: dict[str, tuple[str, str]] = {
    "cte_tolerance_ppm": (
        "ppm/K", "largest difference, on EACH in-plane axis (x and y), for two CTEs to be "
        "'the same' (000-10)"),
    "flush_tolerance_mm": (
        "mm", "faces this close are coplanar / flush (encapsulant top vs bump ends, die back "
        "vs encapsulant top)"),
    "alignment_tolerance_mm": (
        "mm", "largest offset of a bump from its UBM pad, or of a placement, that is "
        "still 'aligned' (001-4, 7, 12)"),
    "min_joints": ("", "joints needed for 'a plurality of' bumps or balls"),
    "max_bond_layers": (
        "", "bond lines (TIM, adhesive) allowed between two parts 'disposed on' each other"),
    "max_bond_line_mm": (
        "mm", "thickest TIM / adhesive layer that is still a bond line, not a part of its own"),
    "min_sink_thickness_mm": ("mm", "thinnest body that counts as a heat sink"),
    "min_sink_conductivity": (
        "W/m/K", "lowest conductivity (smallest axis) of a heat-sink body"),
    "min_stiffener_width_mm": (
        "mm", "narrowest wall of a stiffener (each body; lid legs too)"),
    "min_stiffener_modulus_gpa": (
        "GPa", "lowest Young's modulus of a stiffener: a rigid solid"),
    "min_below_fraction": (
        "", "overlap of a sink under the substrate with the die, as a fraction of the "
        "smaller of the two footprints, for 'below the chip' (000-1)"),
    "min_on_die_fraction": (
        "", "overlap of the first sink resting on the die back (directly or through its "
        "bond line) with the die, as a fraction of the smaller of the two footprints, for "
        "'disposed on the back surface of the chip' (000-1)"),
    "central_area_fraction": (
        "", "side of the substrate's central area as a fraction of the substrate's side, "
        "when the spec declares none (000-18)"),
    "min_encapsulant_margin_mm": (
        "mm", "encapsulant material needed around what it encapsulates, on every side"),
    "min_underfill_coverage": (
        "", "fraction of the upper part's footprint an underfill (or molded underfill) "
        "must fill"),
    "tin_lead_trace_fraction": (
        "", "largest mass fraction of any element other than Sn and Pb in 'tin, lead or "
        "tin/lead alloy' (002-3)"),
}


@dataclass(frozen=True)
class ClaimOptions:
    """How strictly the claim checker reads the claims' words (see :data:`THRESHOLDS`)."""

    cte_tolerance_ppm: float = 1.0
    flush_tolerance_mm: float = 0.001
    alignment_tolerance_mm: float = 0.01
    min_joints: int = 2
    max_bond_layers: int = 1
    max_bond_line_mm: float = 0.3
    min_sink_thickness_mm: float = 0.1
    min_sink_conductivity: float = 10.0
    min_stiffener_width_mm: float = 0.3
    min_stiffener_modulus_gpa: float = 10.0
    min_below_fraction: float = 0.5
    min_on_die_fraction: float = 0.5
    central_area_fraction: float = 0.5
    min_encapsulant_margin_mm: float = 0.1
    min_underfill_coverage: float = 0.9
    tin_lead_trace_fraction: float = 0.005
    #: joint shapes that are "bumps" (002-2): a solder ball on a pad is a ball bump, as the
    #: flip-chip joints of 000-5 are bumps whatever the array is called; a pillar is not
    bump_shapes: tuple[str, ...] = ("bump", "ball")

    def __post_init__(self):
        for f in fields(self):
            if f.name in RANGES:
                check_threshold(f.name, getattr(self, f.name))

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


#: Allowed range (low, high, integer) of each threshold: a plurality is at least two joints;
#: fractions lie in (0, 1]; lengths, conductivities and moduli are finite and not negative.
RANGES: dict[str, tuple[float, float, bool]] = {
    "cte_tolerance_ppm": (0.0, MAX_TOLERANCE, False),
    "flush_tolerance_mm": (0.0, MAX_TOLERANCE, False),
    "alignment_tolerance_mm": (0.0, MAX_TOLERANCE, False),
    "min_joints": (2, 1_000_000, True),
    "max_bond_layers": (0, 100, True),
    "max_bond_line_mm": (0.0, 100.0, False),
    "min_sink_thickness_mm": (0.0, 1000.0, False),
    "min_sink_conductivity": (0.0, 1e4, False),
    "min_stiffener_width_mm": (0.0, 1000.0, False),
    "min_stiffener_modulus_gpa": (0.0, 2000.0, False),
    "min_below_fraction": (0.0, 1.0, False),
    "min_on_die_fraction": (0.0, 1.0, False),
    "central_area_fraction": (0.0, 1.0, False),
    "min_encapsulant_margin_mm": (0.0, 1000.0, False),
    "min_underfill_coverage": (0.0, 1.0, False),
    "tin_lead_trace_fraction": (0.0, 1.0, False),
}


#: Thresholds whose low end is excluded (a zero fraction or bond line means nothing).
OPEN_LOW = frozenset({"max_bond_line_mm", "min_below_fraction", "min_on_die_fraction",
                      "central_area_fraction", "min_underfill_coverage"})


def check_threshold(name: str, value) -> None:
    """One :class:`SpecError` naming the ``chippack claims`` flag when a threshold is not a
    finite number (a whole number where it counts) inside :data:`RANGES`
    (:func:`chippack.inputs.options.number_option`, the rule of every numeric option)."""
    lo, hi, integer = RANGES[name]
    flag = cli_name(name)
    if integer and not isinstance(value, bool) and isinstance(value, float) \
            and not value.is_integer():
        raise SpecError(flag, f"{value!r} is not a whole number")
    what = ("a tolerance" if name.endswith(("_tolerance_ppm", "_tolerance_mm")) else
            "a number of joints, at least two ('a plurality of')" if name == "min_joints"
            else "a whole number" if integer else "a value")
    number_option(flag, value, lo, hi, low_inclusive=name not in OPEN_LOW, what=what)


def cli_name(option: str) -> str:
    """The ``chippack claims`` flag of an option (its unit suffix dropped)."""
    for suffix in ("_mm", "_ppm", "_gpa"):
        option = option.removesuffix(suffix)
    return "--" + option.replace("_", "-")


def threshold_table() -> str:
    """Markdown table of every threshold with its default (README, docs)."""
    defaults = {f.name: f.default for f in fields(ClaimOptions)}
    lines = ["| option | default | meaning |", "|---|---|---|"]
    for name, (unit, meaning) in THRESHOLDS.items():
        value = f"{defaults[name]:g}" + (f" {unit}" if unit else "")
        lines.append(f"| `{cli_name(name)}` | {value} | {meaning} |")
    return "\n".join(lines)
