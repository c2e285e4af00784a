"""Probe designs written from the claim texts: each gets the verdict the claim words give.

The table is ``probes.yaml`` (the runner in ``runner.py``). Legitimate variants must be
covered (``met``), elements present in name only must not (``not_met``), and inputs a
claim cannot read must stop with one line naming the field (``error``). Expected
verdicts come from reading the claims, never from running the checker.
"""

from __future__ import annotations

import pytest
from tests.claims.probes.runner import load_probes, verdict

from chippack.claims.options import THRESHOLDS
from chippack.errors import ChippackError

PROBES = load_probes()


def probe_id(probe: dict) -> str:
    return f"{probe['claim']}-{probe['expect']}-{PROBES.index(probe)}"


@pytest.mark.parametrize("probe", PROBES, ids=[probe_id(p) for p in PROBES])
def test_probe(probe):
    """The claim words decide; the evidence names what was compared."""
    if probe["expect"] == "error":
        with pytest.raises(ChippackError) as err:
            verdict(probe)
        message = str(err.value)
        assert "\n" not in message
        assert probe.get("words", "") in message, message
        return
    status, evidence = verdict(probe)
    assert status == probe["expect"], f"{probe['reason']}: {evidence}"
    assert probe.get("words", "") in evidence, evidence


def test_the_table_is_large_and_quotes_the_claims():
    assert len(PROBES) >= 100
    for probe in PROBES:
        assert probe["reason"].count('"') >= 2 or probe["reason"].startswith("--flow"), probe
    verdicts = {p["expect"] for p in PROBES}
    assert {"met", "not_met", "error"} <= verdicts


def test_every_threshold_is_probed_on_both_sides():
    """Each threshold appears in a met probe and in a not-met probe (by option or value)."""
    sides: dict[str, set[str]] = {name: set() for name in THRESHOLDS}
    by_value = {  # thresholds probed through the design's own value at the default
        "max_bond_line_mm": "parts.tim.thickness",
        "min_sink_thickness_mm": "parts.bottom_sink.thickness",
        "min_stiffener_width_mm": "parts.stiffener.width",
        "min_below_fraction": "parts.bottom_sink.offset",
        "min_encapsulant_margin_mm": "steps[id=second_encapsulant].size",
    }
    for probe in PROBES:
        for name in probe.get("options") or {}:
            sides[name].add(probe["expect"])
        for name, path in by_value.items():
            if path in (probe.get("set") or {}):
                sides[name].add(probe["expect"])
    missing = {name: s for name, s in sides.items()
               if not {"met", "not_met"} <= s}
    assert not missing, missing


DECIDED = [p for p in PROBES if p["expect"] in ("met", "not_met") and "pair_with" not in p]


@pytest.mark.parametrize("probe", DECIDED, ids=[probe_id(p) for p in DECIDED])
def test_probe_in_micrometres(probe):
    """The same design with every length written in µm gets the same verdict: the claims
    read the physical design, not the unit it was typed in (a threshold met exactly in
    mm must be met exactly in µm)."""
    status, evidence = verdict(probe, units="um")
    assert status == probe["expect"], f"{probe['reason']} (lengths in µm): {evidence}"
