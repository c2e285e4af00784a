"""Warpage, die stress and joint life of a design: :func:`solve_warpage`, :class:`WarpageResults`.

The orchestration of a mechanics analysis: the operating temperature field (a still-air
thermal solve, or one already solved by :func:`chippack.solve`), the package mounted on a
JEDEC board for the joint strain, then :func:`chippack.mechanics.warpage_study`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from chippack.app.analysis import check_call_arguments
from chippack.app.design import Design, load
from chippack.errors import SpecError
from chippack.layout import Layout
from chippack.mechanics.fatigue import ThermalCycle, parse_field_profile
from chippack.mechanics.loads import parse_temperatures
from chippack.mechanics.study import WarpageStudy, mechanics_mesh_options, warpage_study
from chippack.metrics.run import ThermalRun
from chippack.report.files import atomic_write_text, pictures_by_key

#: ``progress(done, total, message)``, as for :func:`chippack.solve`.
Progress = Callable[[int, int, str], None]


@dataclass
class WarpageResults:
    """Warpage of the ball side and the top per load case, die stress, joint life.

    Attributes
    ----------
    design : Design
    study : WarpageStudy
        The mechanics stage's result (cases with faces, stresses and solver facts).
    """

    design: Design
    study: WarpageStudy

    def to_dict(self) -> dict:
        """The content of ``<stem>_warpage.json`` (``warpage_um`` per case and face,
        ``coplanarity_um``, ``limit_um``, ``joint_life_cycles`` ...)."""
        return self.study.to_dict()

    def summary(self) -> str:
        """Plain-text table: warpage per case and face against the limit, then joint life.

        Examples
        --------
        >>> import chippack
        >>> design = chippack.load(chippack.example_path("two_mold_package_exposed"))
        >>> w = chippack.solve_warpage(design, at=(25,), operating=False, fatigue=False)
        >>> print(w.summary())  # doctest: +ELLIPSIS
        two-mold package, exposed die back (seed 002): warpage (JESD22-B112 ...)
        case        ball side µm    top µm  limit µm  die σ1 max MPa
        25C ... ±170 ...
        """
        s = self.study
        limit = "–" if s.limit is None else f"±{s.limit * 1e6:.0f}"
        rows = [f"{s.design}: warpage ({self.to_dict()['sign_convention']})",
                f"{'case':<12}{'ball side µm':>12}{'top µm':>10}{'limit µm':>10}"
                f"{'die σ1 max MPa':>16}"]
        for c in s.cases:
            ball = c.faces.get("ball_side")
            rows.append(f"{c.name:<12}{'–' if ball is None else f'{ball.warpage * 1e6:+.1f}':>12}"
                        f"{c.faces['top'].warpage * 1e6:>+10.1f}{limit:>10}"
                        f"{max(c.stress.die_max_principal.values(), default=0.0) * 1e-6:>16.0f}")
        if s.fatigue is not None:
            for pid, cycles in s.fatigue.life.items():
                rows.append(f"{pid}: Engelmaier life " + ", ".join(
                    f"{k} {cycles[k]:.3g}" for k in ("TC1", "TC2", "TC3", "TC4")) + " cycles")
        return "\n".join(rows)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``<stem>_warpage.json``, contour maps of both faces per case and a deformed
        section per case (each atomically). Returns the JSON first, then the pictures."""
        from chippack.report.mechanics_plots import warpage_pngs

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        pngs = warpage_pngs(self.study, out, self.design.stem)
        path = atomic_write_text(out / f"{self.design.stem}_warpage.json",
                                 json.dumps(self.to_dict(), indent=2))
        return [path, *pngs]

    def report_pictures(self, written: list[Path]) -> dict[str, Path]:
        """The report's pictures among ``written``: both faces' maps and the deformed
        section of the first case (``warpage_ball_side``, ``warpage_top``,
        ``warpage_section``)."""
        first = self.study.cases[0].name.replace(".", "p")
        return pictures_by_key(written, self.design.stem, {
            "warpage_ball_side": f"warpage_ball_side_{first}",
            "warpage_top": f"warpage_top_{first}", "warpage_section": f"section_{first}"})


def mechanical_board(mounted: Layout) -> Layout:
    """The mounted layout with a layered JEDEC board as one compact slab.

    The JESD51-7/-3 layers differ only thermally: every layer takes the FR-4's elastic
    constants and CTE (its copper enters the conductivity only), so mechanically the
    layered and the compact board are the same plate. The layered one has 18 cells of
    17–280 µm through 1.6 mm under 5 mm cells (aspect ratios up to 290:1), which only
    adds unknowns and conditioning trouble to the mounted solve."""
    from chippack.layout import lay_out

    spec = mounted.spec
    boards = {pid: part for pid, part in spec.parts.items() if part.kind == "board"
              and part.jedec is not None and part.stack is None
              and part.stack_model == "layers"}
    if not boards:
        return mounted
    parts = dict(spec.parts)
    for pid, part in boards.items():
        parts[pid] = part.model_copy(update={"stack_model": "compact"})
    return lay_out(spec.model_copy(update={"parts": parts}))


def solve_warpage(
    design: Design | str | Path | Mapping,
    at: Iterable[float] | str = (25.0, 260.0),
    *,
    stress_free: float | None = None,
    operating: bool | ThermalRun = True,
    fatigue: bool = True,
    field: ThermalCycle | str | None = "0,60,1",
    refine: float = 1.0,
    progress: Progress | None = None,
) -> WarpageResults:
    """Warpage, die stress and solder-joint fatigue of a design (as ``chippack warpage``).

    Parameters
    ----------
    design : Design, path or mapping
        What :func:`chippack.load` returns (load with ``flow=`` for the flow's cure and
        solidus stress-free temperatures).
    at : iterable of float or str
        Uniform temperatures to evaluate, °C (``"25,260"`` as on the command line).
    stress_free : float, optional
        One stress-free temperature for every part, °C (textbook cases).
    operating : bool or ThermalRun
        Also the operating temperature field: True solves still air first; a still-air
        :class:`~chippack.metrics.run.ThermalRun` of :func:`chippack.solve` is reused.
    fatigue : bool
        Board-mounted joint strain and Engelmaier life (designs with balls).
    field : ThermalCycle, str or None
        Field cycle ``TMIN,TMAX[,CYCLES_PER_DAY[,DWELL_MIN]]`` for Norris–Landzberg, °C.
    refine : float
        Mesh refinement factor.
    progress : callable, optional
        ``progress(done, total, message)``.

    Returns
    -------
    WarpageResults

    Examples
    --------
    >>> import chippack
    >>> design = chippack.load(chippack.example_path("two_mold_package_exposed"))
    >>> w = chippack.solve_warpage(design, at=(25,), operating=False, fatigue=False)
    >>> d = w.to_dict()
    >>> sorted(d["warpage_um"]["25C"]), d["limit_um"]
    (['ball_side', 'top'], 170.0)
    >>> d["solver"]["25C"]["force_balance"] < 1e-8
    True
    """
    from chippack.inputs.options import check_solve_options
    from chippack.layout.fixtures import on_jedec_board

    check_solve_options(refine=refine)
    temps = parse_temperatures(at)
    cycle = parse_field_profile(field) if isinstance(field, str) else field
    if cycle is not None and not isinstance(cycle, ThermalCycle):
        raise SpecError("field", f"give a ThermalCycle, 'TMIN,TMAX[,CYCLES_PER_DAY[,DWELL]]' "
                        f"or None, got {type(field).__name__}")
    check_call_arguments(progress=progress)
    if not isinstance(design, Design):
        design = load(design)
    layout = design.layout
    solve_thermal = operating is True
    mounted = mechanical_board(on_jedec_board(layout)) if fatigue and layout.of_kind(
        "ball_array") else None
    total = int(solve_thermal) + 1
    done = 0

    def note(message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    thermal = None
    if solve_thermal:
        from chippack.metrics.environment import Environment
        from chippack.metrics.run import run_environment

        note("still-air thermal run (operating temperatures)")
        operating = run_environment(layout, Environment("still-air"), progress=note)
        done += 1
    if isinstance(operating, ThermalRun):
        thermal = (operating.mesh.grid, operating.solution.temperature)
    study = warpage_study(layout, design.ledger, temps, stress_free, thermal, mounted, cycle,
                          mechanics_mesh_options(layout, refine), note)
    done += 1
    note("done")
    return WarpageResults(design, study)


__all__ = ["WarpageResults", "solve_warpage"]
