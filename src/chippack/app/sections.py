"""The report's extra sections (mechanics, reflow, transient), solved for a thermal result.

They take longer than the thermal solve itself, so a report includes them on request
(``chippack report FILE --mechanics --reflow --transient``, ``Results.add_sections``).
The mechanics operating case reuses the still-air run the thermal solve already has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from chippack.app.results import Results
from chippack.errors import SpecError

#: Section names, in the order a report shows them.
SECTIONS = ("mechanics", "reflow", "transient")
#: Last time of the report's heating curves, s (the JESD51-14 pair needs no longer).
REPORT_T_LAST = 100.0


def add_sections(results: Results, sections: Iterable[str] = SECTIONS, *,
                 fatigue: bool = True,
                 progress: Callable[[int, int, str], None] | None = None) -> Results:
    """Solve each named section for ``results.design`` and keep it on ``results``.

    ``fatigue``: also the board-mounted joint strain and life in the mechanics section
    (the mounted solve is the section's largest: 45k–55k unknowns for the shipped
    examples, about as long as the package's three load cases together).
    """
    from chippack.app.reflow import solve_reflow
    from chippack.app.transient import solve_zth
    from chippack.app.warpage import solve_warpage

    wanted = list(dict.fromkeys(sections))
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown:
        raise SpecError("sections", f"unknown section {unknown[0]!r}; use "
                        + ", ".join(SECTIONS))
    total = len(wanted)
    for done, name in enumerate(s for s in SECTIONS if s in wanted):
        def note(_d: int, _t: int, message: str, done=done, name=name) -> None:
            if progress is not None:
                progress(done, total, f"{name}: {message}")

        note(0, 0, "starting")
        if name == "mechanics":
            still = next((r for r in results.runs if r.environment.custom is None
                          and r.environment.air_cooled and r.environment.air_velocity is None),
                         True)
            results.warpage = solve_warpage(results.design, operating=still, fatigue=fatigue,
                                            progress=note)
        elif name == "reflow":
            results.reflow = solve_reflow(results.design, progress=note)
        else:
            results.zth = solve_zth(results.design, t_last=REPORT_T_LAST, dual_interface=True,
                                    progress=note)
    if progress is not None:
        progress(total, total, "sections done")
    return results


__all__ = ["REPORT_T_LAST", "SECTIONS", "add_sections"]
