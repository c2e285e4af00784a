"""chippack command line: a thin typer + rich shell over :func:`chippack.load` and
:func:`chippack.solve` (validate, run, report, export, claims, process, demo, schema).

Each command is a screen of wiring: parse options, call the API, show progress and
tables. Every user error (:class:`chippack.errors.ChippackError`) is printed as one
line naming the field, the value and the fix, and exits with status 2.

Adding a command: write its logic in its stage, then a short block at the end of this
file using :func:`user_errors`, :func:`load_design` (design + one-line errors),
:func:`make_progress` / :class:`TaskProgress` (rich progress) and the API's atomic
writers (:meth:`chippack.Results.write`, :mod:`chippack.report.files`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import nullcontext
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from chippack.errors import ChippackError, SpecError
from chippack.inputs.options import check_solve_options
from chippack.inputs.paths import check_output_file, check_output_folder

if TYPE_CHECKING:
    from chippack.layout import Layout

app = typer.Typer(
    name="chippack",
    help="Chip-package models, claim checks and thermal simulation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (CI logs, README tours) gets a readable width instead of rich's 80 columns.
console = Console(width=None if sys.stdout.isatty() else 150)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 200)


#: API argument names the CLI spells as options (``power: ...`` is shown as ``--power: ...``).
OPTION_NAMES = {"power": "--power", "board": "--board", "arrays": "--arrays",
                "refine": "--refine", "environments": "--env", "environment": "--env",
                "power_map": "--power-map"}


def one_line(err: BaseException) -> str:
    """The message of an error as one line of plain text (newlines and runs of spaces folded)."""
    if isinstance(err, RecursionError):
        return "the input is nested too deeply to process"
    if isinstance(err, MemoryError):
        return ("ran out of memory; lower --refine or the number of joints (see the limits in "
                "chippack.inputs.limits)")
    if isinstance(err, OSError) and not isinstance(err, ChippackError):
        name = f"{err.filename!r}: " if err.filename else ""
        return f"{name}{err.strerror or err}"
    text = " ".join(str(err).split())
    return text if len(text) <= 2000 else text[:1997] + "..."


def user_errors(command: Callable) -> Callable:
    """Turn chippack errors into one red line and exit status 2."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (ChippackError, RecursionError, MemoryError, OSError) as err:
            text = one_line(err)
            if isinstance(err, SpecError) and err.path in OPTION_NAMES:
                text = one_line(SpecError(OPTION_NAMES[err.path], err.message))
            err_console.print(f"[bold red]error:[/] {escape(text)}", highlight=False,
                              soft_wrap=True)
            raise typer.Exit(code=2) from None

    return wrapper


def make_progress():
    """Progress bar on stderr: spinner, step, bar, n/total, elapsed (cleared when done)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err_console,
                    transient=True)


class TaskProgress:
    """The API's ``progress(done, total, message)`` callback, driving one rich task.

    Several API calls can share the bar (a solve, then a write): :meth:`next_stage`
    counts the next call's steps after the ones done so far.
    """

    def __init__(self, progress, description: str, prefix: str = ""):
        self.progress, self.prefix = progress, prefix
        self.task = progress.add_task(description, total=None)
        self.offset = self.total = 0

    def __call__(self, done: int, total: int, message: str) -> None:
        self.total = total
        self.progress.update(self.task, completed=self.offset + done,
                             total=self.offset + total, description=f"{self.prefix}{message}")

    def next_stage(self) -> TaskProgress:
        self.offset, self.total = self.offset + self.total, 0
        return self


def load_design(file: Path, flow: Path | None = None):
    """The design of FILE (spec, family or flow; with its flow): one-line errors."""
    import chippack

    return chippack.load(file, flow)


def split_list(text: str | None) -> list[str]:
    """``"a,b, c"`` -> ``["a", "b", "c"]`` (option values that may list several); a file
    whose name holds commas (``[x, y, z].yaml``) stays one value."""
    if text and Path(text.strip()).is_file():
        return [text.strip()]
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def velocities(text: str) -> list[float]:
    """``--velocity 1,2,3`` -> [1.0, 2.0, 3.0] m/s."""
    try:
        values = [float(v) for v in split_list(text)]
    except ValueError:
        raise SpecError("--velocity", f"{text!r}; give air speeds in m/s, e.g. 1 or 1,2,3"
                        ) from None
    if not values or any(v <= 0 for v in values):
        raise SpecError("--velocity", f"{text!r}; every speed must be > 0 m/s")
    return values


def stack_table(layout: Layout) -> Table:
    """The resolved stack, bottom to top, as a rich table."""
    table = Table(title=f"{escape(layout.spec.name)}: resolved stack", title_justify="left")
    for col in ("part", "kind", "material", "footprint (mm)", "z (mm)", "elements"):
        table.add_column(col, justify="right" if col in ("z (mm)", "elements") else "left")
    order = sorted(layout.parts.values(), key=lambda p: (p.bottom, p.top))
    for p in order:
        sx, sy = p.footprint_size
        table.add_row(
            escape(p.id), p.kind + (" (fill)" if p.filler else ""), escape(p.material),
            f"{sx * 1e3:.4g} × {sy * 1e3:.4g}",
            f"{p.bottom * 1e3:.4g} – {p.top * 1e3:.4g}",
            str(len(p.solids)),
        )
    return table


def contacts_table(layout: Layout) -> Table:
    table = Table(title="contacts", title_justify="left")
    for col in ("lower / side", "upper / side", "face", "area (mm²)"):
        table.add_column(col)
    for c in layout.contacts:
        table.add_row(escape(c.lower), escape(c.upper),
                      "stacked" if c.axis == "z" else f"side ({c.axis})",
                      f"{c.area * 1e6:.4g}")
    return table


def validate_file(path: Path, out: Path, show_contacts: bool) -> Path:
    from chippack.report.drawing import save_cross_section

    check_output_folder(out)
    png = check_output_file(out / f"{path.stem}_section.png", (path,))
    layout = load_design(path).layout
    console.print(stack_table(layout))
    if show_contacts:
        console.print(contacts_table(layout))
    png = save_cross_section(layout, png)
    console.print(f"[green]valid[/] — cross-section written to {escape(str(png))}")
    return png


@app.command()
@user_errors
def validate(
    file: Path = typer.Argument(..., help="package spec (YAML)"),
    out: Path = typer.Option(Path("."), help="folder for the cross-section PNG"),
    contacts: bool = typer.Option(False, help="also print the contact graph"),
) -> None:
    """Validate a spec, print the resolved stack and draw its cross-section."""
    validate_file(file, out, contacts)


@app.command()
@user_errors
def schema() -> None:
    """Print the JSON schema of the package spec (for editor completion)."""
    from chippack.model import PackageSpec

    sys.stdout.write(json.dumps(PackageSpec.model_json_schema(), indent=2) + "\n")


def metrics_table(runs: list) -> Table:
    """θ, Ψ and junction temperatures of each environment run."""
    from chippack.metrics.paths import HEAT_PATHS

    table = Table(title="thermal metrics", title_justify="left")
    for col in ("environment", "P W", "Tj avg °C", "Tj max °C", "θ K/W", "ΨJT K/W",
                "ΨJB K/W", *(f"{k.replace('_', ' ')} W" for k in HEAT_PATHS), "balance"):
        table.add_column(col, justify="left" if col == "environment" else "right")
    for r in runs:
        m, env = r.metrics, r.environment
        table.add_row(
            env.label, f"{r.power:.4g}", f"{m['tj_avg_c']:.2f}", f"{m['tj_max_c']:.2f}",
            f"{env.theta_label} {r.theta:.3f}",
            f"{m['psi_jt']:.3f}" if "psi_jt" in m else "–",
            f"{m['psi_jb']:.3f}" if "psi_jb" in m else "–",
            *(f"{r.heat_by_path[k]:.3g}" for k in HEAT_PATHS),
            f"{r.solver['energy_balance_error']:.0e}",
        )
    return table


def comparison_table(all_results: list[dict]) -> Table:
    """The index page's side-by-side table, for the terminal."""
    from chippack.metrics.paths import HEAT_PATHS

    first = all_results[0]["summary"] if all_results else {}
    pc = first.get("common_power_w", 0.0)
    table = Table(title="designs side by side (JEDEC still air, 2s2p)", title_justify="left")
    for col in ("design", "θJA K/W", "θJC K/W", "θJB K/W", f"Tj @ {pc:g} W °C", "P W",
                "Tj max °C", *(f"{k.replace('_', ' ')} %" for k in HEAT_PATHS)):
        table.add_column(col, justify="left" if col == "design" else "right")

    def f(v, fmt):
        return "–" if v is None else format(v, fmt)

    for r in all_results:
        s = r["summary"]
        split = s.get("path_split_pct", {})
        table.add_row(r["spec"]["name"], f(s.get("theta_ja"), ".2f"), f(s.get("theta_jc"), ".3f"),
                      f(s.get("theta_jb"), ".2f"), f(s.get("tj_common_c"), ".1f"),
                      f(s.get("power_w"), ".3g"), f(s.get("tj_max_c"), ".1f"),
                      *(f(split.get(k), ".0f") for k in HEAT_PATHS))
    return table


def solve_and_write(file: Path, out: Path, environments: list, *, report: bool = False,
                    vtk: bool = False, flow: Path | None = None, progress=None,
                    common_power: float | None = None, index_link: str | None = None,
                    quiet: bool = False, sections: tuple[str, ...] = (), **options):
    """Load FILE, solve it (``options`` go to :func:`chippack.solve`), write its files.

    ``progress``: a rich Progress to add this design's task to (the demo shares one);
    ``sections``: the report's extra sections (:meth:`chippack.Results.add_sections`).
    """
    import chippack
    from chippack.app import check_options
    from chippack.app.results import bottom_sink_line

    check_options(**{k: options[k] for k in ("power", "board", "arrays", "refine", "ambient",
                                             "velocity")
                                  if k in options})
    check_output_folder(out)
    design = load_design(file, flow)
    own = progress is None
    progress = progress or make_progress()
    with progress if own else nullcontext():
        bar = TaskProgress(progress, file.stem, f"{file.stem} · ")
        results = chippack.solve(design, environments, progress=bar, **options)
        if sections:
            results.add_sections(sections, progress=bar.next_stage())
        written = results.write(out, report=report, vtk=vtk, common_power=common_power,
                                index_link=index_link, progress=bar.next_stage())
        if not own:
            progress.update(bar.task, visible=False)
    if not quiet:
        console.print(metrics_table(results.runs))
        if "bottom_sink" in results.comparisons:
            console.print(bottom_sink_line(results.comparisons["bottom_sink"]), highlight=False)
        console.print("written: " + escape(", ".join(map(str, written))), highlight=False)
        if results.files.report:
            console.print(f"[bold]report:[/] {escape(results.files.report.resolve().as_uri())}",
                          highlight=False)
    return results


ENV_HELP = ("jedec (still-air + cold-plate-top + ring-cold-plate), still-air, forced-air, "
            "cold-plate-top, ring-cold-plate, or a cooling file (.yaml); several with commas")


@app.command()
@user_errors
def run(
    file: Path = typer.Argument(..., help="package spec (YAML)"),
    env: str = typer.Option("jedec", help=ENV_HELP),
    power: float = typer.Option(None, help="total die power, W (default: the spec's die power)"),
    ambient: float = typer.Option(25.0, help="ambient / cold-plate temperature, °C"),
    velocity: str = typer.Option("1", help="air speed for forced-air, m/s (several: 1,2,3)"),
    board: str = typer.Option("2s2p", help="JEDEC board: 2s2p or 1s0p"),
    power_map: Path = typer.Option(None, help="CSV power map of the die (W per map cell)"),
    arrays: str = typer.Option("as_spec", help="joint arrays: as_spec, resolved, homogenized"),
    refine: float = typer.Option(1.0, help="mesh refinement factor (2 halves every cell cap)"),
    k_of_t: bool = typer.Option(True, help="silicon k(T) by Picard iteration"),
    report: bool = typer.Option(False, "--report", help="also write <stem>_report.html"),
    vtk: bool = typer.Option(False, "--vtk", help="also write the field as <stem>_<env>.vtr"),
    flow: Path = typer.Option(None, help="process flow that builds FILE (method claims in "
                                         "the report)"),
    out: Path = typer.Option(Path("."), help="folder for results.json and pictures"),
) -> None:
    """Solve the package in JEDEC environments; print θJA, θJC, θJB, ΨJT, ΨJB; write results."""
    solve_and_write(file, out, split_list(env), report=report, vtk=vtk, flow=flow, power=power,
                    ambient=ambient, velocity=velocities(velocity), board=board,
                    power_map=power_map, arrays=arrays, refine=refine, k_of_t=k_of_t)


@app.command("report")
@user_errors
def report_command(
    file: Path = typer.Argument(..., help="package spec (YAML: solve, then report) or a "
                                          "<stem>_results.json (re-render its report)"),
    env: str = typer.Option("jedec", help="environments to solve (as for run)"),
    power: float = typer.Option(None, help="total die power, W (default: the spec's die power)"),
    ambient: float = typer.Option(25.0, help="ambient / cold-plate temperature, °C"),
    board: str = typer.Option("2s2p", help="JEDEC board: 2s2p or 1s0p"),
    refine: float = typer.Option(1.0, help="mesh refinement factor"),
    k_of_t: bool = typer.Option(True, help="silicon k(T) by Picard iteration"),
    vtk: bool = typer.Option(False, "--vtk", help="also write the field as a .vtr"),
    mechanics: bool = typer.Option(False, "--mechanics", help="add warpage, die stress and "
                                   "joint life (25 / 260 °C and operating; tens of seconds)"),
    reflow: bool = typer.Option(False, "--reflow", help="add the J-STD-020 board-mount reflow "
                                "(peak, TAL, windows, PWI per joint array)"),
    transient: bool = typer.Option(False, "--transient", help="add Zth(t), structure functions "
                                   "and the JESD51-14 θJC (three heating curves)"),
    out: Path = typer.Option(None, help="output folder (default: . for a spec, the JSON's "
                                         "folder for results)"),
) -> None:
    """Write a self-contained HTML report (opens offline): spec, drawing, metrics, maps, claims;
    on request mechanics, reflow and transient sections."""
    sections = tuple(name for name, on in (("mechanics", mechanics), ("reflow", reflow),
                                           ("transient", transient)) if on)
    if file.suffix.lower() == ".json":
        from chippack.report.pipeline import report_from_json

        if not file.is_file():
            raise SpecError("FILE", f"{file} does not exist; give a *_results.json or a spec")
        if sections:
            raise SpecError("--" + sections[0], "a results.json is re-rendered as it is; give "
                            "the spec to solve the extra sections")
        if out is not None:
            check_output_folder(out)
        target = (out / file.name.replace("_results.json", "_report.html")
                  if out else None)
        if target is not None and not target.name.endswith(".html"):
            target = target.with_suffix(".html")
        html = report_from_json(file, target)
        console.print(f"[bold]report:[/] {escape(html.resolve().as_uri())}", highlight=False)
        return
    solve_and_write(file, out or Path("."), split_list(env), report=True, vtk=vtk, power=power,
                    ambient=ambient, board=board, refine=refine, k_of_t=k_of_t,
                    sections=sections)


@app.command()
@user_errors
def export(
    file: Path = typer.Argument(..., help="package spec (YAML)"),
    vtk: bool = typer.Option(False, "--vtk", help="temperature, part and material ids on a VTK "
                                                  "rectilinear grid (.vtr, ParaView)"),
    csv: bool = typer.Option(False, "--csv", help="temperatures at probe points (.csv)"),
    probe: list[str] = typer.Option(None, help="extra probe point 'x,y,z' in mm (repeatable)"),
    env: str = typer.Option("still-air", help="environment to solve (one, as for run)"),
    power: float = typer.Option(None, help="total die power, W (default: the spec's die power)"),
    ambient: float = typer.Option(25.0, help="ambient / cold-plate temperature, °C"),
    velocity: float = typer.Option(1.0, help="air speed for forced-air, m/s"),
    board: str = typer.Option("2s2p", help="JEDEC board: 2s2p or 1s0p"),
    refine: float = typer.Option(1.0, help="mesh refinement factor"),
    k_of_t: bool = typer.Option(True, help="silicon k(T) by Picard iteration"),
    out: Path = typer.Option(Path("."), help="output folder"),
) -> None:
    """Solve one environment and export the field (.vtr) and/or probe temperatures (.csv)."""
    import chippack
    from chippack.app import check_options
    from chippack.metrics.environment import environments_named
    from chippack.report.probes import parse_probe, write_probe_csv
    from chippack.report.vtk import write_run_vtr

    check_options(power=power, board=board, refine=refine, ambient=ambient, velocity=velocity)
    envs = environments_named(split_list(env), ambient=ambient, velocity=velocity, board=board)
    if len(envs) != 1:
        raise SpecError("--env", "export solves one environment; use still-air, forced-air, "
                                 "cold-plate-top, ring-cold-plate or one cooling file")
    if not (vtk or csv):
        raise SpecError("export", "nothing to export; give --vtk and/or --csv")
    points = [parse_probe(p) for p in probe or []]
    check_output_folder(out)
    design = load_design(file)
    written = []
    with make_progress() as progress:
        (run_,) = chippack.solve(design, envs, power=power, refine=refine, k_of_t=k_of_t,
                                 bottom_sink=False, claims=False,
                                 progress=TaskProgress(progress, file.stem, f"{file.stem} · ")
                                 ).runs
        stem = f"{file.stem}_{run_.environment.slug}"
        if vtk:
            written.append(write_run_vtr(run_, out / f"{stem}.vtr"))
        if csv:
            written.append(write_probe_csv(run_, out / f"{stem}_probes.csv", points))
    console.print(metrics_table([run_]))
    for path in written:
        console.print(f"written: {escape(str(path))}", highlight=False)


#: The demo: one example of each seed family and the plain lidded-FCBGA reference.
DEMO_DESIGNS = ("dual_sink_fcbga", "bumped_sink_flipchip", "two_mold_package", "lidded_fcbga")
#: Shipped process flows that build the demo designs (their ledgers decide method claims).
DEMO_FLOWS = {"dual_sink_fcbga": "dual_sink_fcbga", "bumped_sink_flipchip": "bumped_sink_coreflow",
              "two_mold_package": "two_mold_package"}


@app.command()
@user_errors
def demo(
    out: Path = typer.Option(Path("demo_out"), help="output folder"),
    design: list[str] = typer.Option(None, help="example to include (repeatable; default: "
                                                "the three seed families and the lidded reference)"),
    refine: float = typer.Option(1.0, help="mesh refinement factor (< 1 coarsens, for a quick look)"),
    k_of_t: bool = typer.Option(True, help="silicon k(T) by Picard iteration"),
    common_power: float = typer.Option(5.0, help="power at which the index compares Tj, W"),
    vtk: bool = typer.Option(True, help="write each design's still-air field as .vtr"),
) -> None:
    """Solve the seed examples and the lidded reference in the JEDEC fixtures; write one HTML
    report per design and index.html comparing them."""
    import time

    from chippack.examples import example_path
    from chippack.metrics.environment import JEDEC_SET
    from chippack.report.pipeline import write_index_page

    t0 = time.perf_counter()
    check_solve_options(refine=refine, common_power=common_power)
    check_output_folder(out)
    names = list(design or DEMO_DESIGNS)
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SpecError("--design", f"{twice[0]!r} is given twice (its report would be "
                        "solved and written twice); name each example once")
    try:
        paths = [example_path(n) for n in names]
    except SpecError as err:
        raise SpecError("--design", err.message) from None
    done = []
    with make_progress() as progress:
        overall = progress.add_task(f"demo: {len(paths)} design{'s' * (len(paths) != 1)}",
                                    total=len(paths))
        for path in paths:
            flow = DEMO_FLOWS.get(path.stem)
            results = solve_and_write(
                path, out, list(JEDEC_SET), report=True, vtk=vtk, progress=progress,
                common_power=common_power, index_link="index.html", quiet=True,
                flow=path.parent / "flows" / f"{flow}.yaml" if flow else None,
                refine=refine, k_of_t=k_of_t)
            done.append(results)
            progress.advance(overall)
            progress.console.print(f"  solved {escape(results.design.name)}", highlight=False)
        progress.update(overall, description="demo: index page")
        index = write_index_page([(None, r.files) for r in done], out)
    console.print(comparison_table([r.to_dict(common_power) for r in done]))
    console.print(f"[bold]demo done[/] in {time.perf_counter() - t0:.0f} s — open the report: "
                  f"{escape(index.resolve().as_uri())}", highlight=False)


@app.command()
@user_errors
def claims(
    file: Path = typer.Argument(..., help="spec, family (family: + parameters:) or flow YAML"),
    flow: Path = typer.Option(None, help="process flow that builds FILE (decides method claims)"),
    seed: list[str] = typer.Option(None, help="check only this seed (000, 001, 002); repeatable"),
    cte_tolerance: float = typer.Option(1.0, help="ppm/K: largest CTE difference on EACH "
                                        "in-plane axis that is 'the same'"),
    flush_tolerance: float = typer.Option(0.001, help="mm within which faces are flush"),
    alignment_tolerance: float = typer.Option(0.01, help="mm a bump may sit off its UBM pad"),
    min_joints: int = typer.Option(2, help="joints for 'a plurality of' bumps or balls"),
    max_bond_layers: int = typer.Option(1, help="bond lines allowed in 'disposed on'"),
    max_bond_line: float = typer.Option(0.3, help="mm: thickest TIM/adhesive bond line"),
    min_sink_thickness: float = typer.Option(0.1, help="mm: thinnest heat-sink body"),
    min_sink_conductivity: float = typer.Option(10.0, help="W/m/K: least k of a heat sink"),
    min_stiffener_width: float = typer.Option(0.3, help="mm: narrowest stiffener wall"),
    min_stiffener_modulus: float = typer.Option(10.0, help="GPa: least E of a stiffener"),
    min_below_fraction: float = typer.Option(0.5, help="overlap / smaller footprint for a "
                                             "sink 'below the chip'"),
    min_on_die_fraction: float = typer.Option(0.5, help="overlap / smaller footprint for a "
                                              "first sink 'on the back surface of the chip'"),
    central_area_fraction: float = typer.Option(0.5, help="central area side / substrate "
                                                "side when none is declared"),
    min_encapsulant_margin: float = typer.Option(0.1, help="mm of encapsulant around what "
                                                 "it encapsulates"),
    min_underfill_coverage: float = typer.Option(0.9, help="footprint fraction an "
                                                 "underfill fills"),
    tin_lead_trace_fraction: float = typer.Option(0.005, help="largest mass fraction of "
                                                  "another element in tin/lead"),
    markdown: bool = typer.Option(False, help="print Markdown tables instead"),
) -> None:
    """Check a design against the seed claims: met / not met / n/a, with the evidence."""
    from chippack.claims import ClaimOptions
    from chippack.claims.command import claims_report

    options = ClaimOptions(  # checks every threshold (claims.options.check_threshold)
        cte_tolerance_ppm=cte_tolerance, flush_tolerance_mm=flush_tolerance,
        alignment_tolerance_mm=alignment_tolerance, min_joints=min_joints,
        max_bond_layers=max_bond_layers, max_bond_line_mm=max_bond_line,
        min_sink_thickness_mm=min_sink_thickness, min_sink_conductivity=min_sink_conductivity,
        min_stiffener_width_mm=min_stiffener_width,
        min_stiffener_modulus_gpa=min_stiffener_modulus, min_below_fraction=min_below_fraction,
        min_on_die_fraction=min_on_die_fraction, central_area_fraction=central_area_fraction,
        min_encapsulant_margin_mm=min_encapsulant_margin,
        min_underfill_coverage=min_underfill_coverage,
        tin_lead_trace_fraction=tin_lead_trace_fraction)
    for item in claims_report(load_design(file, flow), seed, options, markdown):
        if isinstance(item, str):
            sys.stdout.write(item + "\n\n")
        else:
            console.print(item)


@app.command()
@user_errors
def process(
    flow: Path = typer.Argument(None, help="process flow YAML (a list of steps)"),
    out: Path = typer.Option(None, help="write the spec the flow builds to this YAML file"),
    steps: bool = typer.Option(False, "--steps", help="list the process steps and exit"),
) -> None:
    """Run a process flow: build the package step by step and print the ledger."""
    from chippack.process import read_flow, run_flow
    from chippack.process.report import ledger_tables, spec_yaml, steps_table

    if steps or flow is None:
        console.print(steps_table())
        return
    from chippack.report.files import atomic_write_text

    if out is not None:
        check_output_file(out, (flow,))
    result = run_flow(read_flow(flow))
    for item in ledger_tables(result.ledger):
        console.print(item)
    name = escape(result.spec.name)
    if out is not None:
        atomic_write_text(out, spec_yaml(result.mapping))
        console.print(f"[green]built[/] {name} — spec written to {escape(str(out))}")
    else:
        console.print(f"[green]built[/] {name}: {len(result.spec.parts)} parts, "
                      "lays out without error")


@app.command("study")
@user_errors
def study_command(
    file: Path = typer.Argument(..., help="study YAML (base design, parameters, design, outputs)"),
    out: Path = typer.Option(None, help="results folder (default: <stem>_study)"),
    dask: str = typer.Option(None, help="run on a Dask scheduler: ADDRESS, or local:N for a "
                                        "LocalCluster of N workers"),
    csv: bool = typer.Option(False, "--csv", help="also write results.csv"),
    workers: int = typer.Option(None, help="local process-pool workers (default: all cores; "
                                           "0: in this process)"),
    report: bool = typer.Option(True, help="write study_report.html (and the best designs' "
                                           "reports)"),
) -> None:
    """Run a parametric study: one row per variant in OUT/results.parquet; a re-run resumes."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from chippack.study import load_study, make_executor, run_study
    from chippack.study.report import write_best_reports, write_study_report

    study = load_study(file)
    out = check_output_folder(out or Path(f"{file.stem}_study"))
    executor = make_executor(dask, workers)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   console=err_console, transient=True)
    try:
        with bar:
            task = bar.add_task(f"{escape(study.name)} ({executor.name})", total=None)
            outcome = run_study(study, out, executor, csv=csv, progress=lambda d, t, m:
                                bar.update(task, completed=d, total=t))
    finally:
        executor.close()
    failed = [r for r in outcome.rows if r.get("status") != "ok"]
    console.print(f"[bold]{len(outcome.rows)} variants[/]: {outcome.computed} computed, "
                  f"{outcome.skipped} already done, {len(failed)} failed, {outcome.lost} lost "
                  f"to workers, in {outcome.elapsed_s:.0f} s — {outcome.results}", highlight=False)
    for r in failed[:5]:
        console.print(f"  variant {r['variant']} failed: {escape(str(r['error']))}",
                      highlight=False)
    if report:
        links = write_best_reports(study, outcome.rows, outcome.documents, out,
                                   study.file.reports)
        html = write_study_report(study, outcome, links)
        console.print(f"[bold]report:[/] {escape(html.resolve().as_uri())}", highlight=False)


# -- mechanics: warpage, stress, joint fatigue (logic in chippack.mechanics) ------------------
@app.command()
@user_errors
def warpage(
    file: Path = typer.Argument(..., help="spec, family or flow YAML"),
    flow: Path = typer.Option(None, help="process flow that builds the design (its ledger "
                                         "sets the cure / solidus stress-free temperatures)"),
    at: str = typer.Option("25,260", help="uniform temperatures to evaluate, °C (comma list)"),
    stress_free: float = typer.Option(None, help="one stress-free temperature for every "
                                                 "part, °C (textbook cases)"),
    operating: bool = typer.Option(True, help="also the still-air operating temperature field"),
    fatigue: bool = typer.Option(True, help="board-mounted joint strain and fatigue life"),
    field: str = typer.Option("0,60,1", help="field cycle TMIN,TMAX[,CYCLES_PER_DAY[,DWELL]]"
                                             " for Norris-Landzberg, °C"),
    refine: float = typer.Option(1.0, help="mesh refinement factor"),
    out: Path = typer.Option(Path("."), help="output folder"),
) -> None:
    """Warpage (ball side and top, JEDEC/JEITA sign), die stress and solder-joint life."""
    import chippack

    check_output_folder(out)
    design = load_design(file, flow)
    with make_progress() as progress:
        bar = TaskProgress(progress, file.stem, f"{file.stem} · ")
        result = chippack.solve_warpage(design, at, stress_free=stress_free,
                                        operating=operating, fatigue=fatigue, field=field,
                                        refine=refine, progress=bar)
        progress.update(bar.task, description=f"{file.stem} · pictures")
        json_path, *pngs = result.write(out)
    study, data = result.study, result.to_dict()
    table = Table(title=f"{escape(study.design)}: warpage ({data['sign_convention']})",
                  title_justify="left")
    for col in ("case", "ball side µm", "top µm", "limit µm", "die σ1 max MPa",
                "die-edge shear MPa", "iterations"):
        table.add_column(col, justify="left" if col == "case" else "right")
    for c in study.cases:
        ball = c.faces.get("ball_side")
        limit = "–" if study.limit is None else f"±{study.limit * 1e6:.0f}"
        table.add_row(c.name, "–" if ball is None else f"{ball.warpage * 1e6:+.1f}",
                      f"{c.faces['top'].warpage * 1e6:+.1f}", limit,
                      " ".join(f"{v * 1e-6:.0f}" for v in c.stress.die_max_principal.values()),
                      " ".join(f"{v * 1e-6:.1f}"
                               for v in c.stress.die_edge_interface_shear.values()),
                      str(c.solution.iterations))
    console.print(table)
    if study.fatigue is not None:
        life = Table(title="solder-joint life (Engelmaier, mean cycles)", title_justify="left")
        for col in ("joint array", "Δγ per K", "TC1", "TC2", "TC3", "TC4", "field"):
            life.add_column(col, justify="left" if col == "joint array" else "right")
        for pid, cycles in study.fatigue.life.items():
            life.add_row(escape(pid), f"{study.fatigue.shear_per_kelvin[pid]:.2e}",
                         *(f"{cycles[k]:.3g}" for k in ("TC1", "TC2", "TC3", "TC4")),
                         f"{study.fatigue.field_life.get(pid, float('nan')):.3g}")
        console.print(life)
    console.print(f"wrote {escape(str(json_path))} and {len(pngs)} pictures", highlight=False)


# -- reflow (issue 10; logic in chippack.reflow, plots in chippack.report.reflow_plots) --
@app.command()
@user_errors
def reflow(
    file: Path = typer.Argument(..., help="spec, family or flow YAML"),
    flow: Path = typer.Option(None, help="process flow that builds FILE (its reflow passes)"),
    profile: str = typer.Option("jstd020", help="jstd020, an air profile FILE.csv "
                                "(time_s, °C) or a zoned oven OVEN.yaml"),
    h: float = typer.Option(50.0, help="film coefficient for jstd020 / CSV, W/(m² K)"),
    out: Path = typer.Option(Path("out"), help="folder for <stem>_reflow.json and PNGs"),
) -> None:
    """Simulate the board-mount reflow (and list a flow's simulated passes)."""
    import chippack

    check_output_folder(out)
    design = load_design(file, flow)
    with make_progress() as bar:
        result = chippack.solve_reflow(design, profile, h=h, progress=TaskProgress(bar, "reflow"))
    run, what, oven = result.run, result.load, result.run.profile
    table = Table(title=escape(f"{design.layout.spec.name}: {what}\n{oven.source}"))
    for col in ("joints", "role", "T_L °C", "peak °C (coldest–hottest)", "TAL s", "≤5 K of peak s",
                "ramp ↑/↓ K/s", "J-STD-020 windows", "PWI %"):
        table.add_column(col)
    for j in run.joints.values():
        s = j.stats
        held = sum(s.windows.values())
        table.add_row(escape(j.id), j.role, f"{j.liquidus_c:g}" if j.liquidus_c else "—",
                      f"{j.peak_min_c:.1f}–{j.peak_c:.1f}", f"{j.time_above_liquidus_s:.0f}",
                      f"{s.within_5k_s:.0f}", f"{s.ramp_up_k_s:.2f}/{s.ramp_down_k_s:.2f}",
                      f"{held}/{len(s.windows)}" + ("" if held == len(s.windows) else " ✗ " +
                      ", ".join(k for k, v in s.windows.items() if not v)),
                      f"{s.pwi_percent:.0f} ({s.pwi_worst})")
    console.print(table)
    sv = run.solver
    console.print(f"ΔT across the package at its peak {run.delta_t_at_peak_k:.2f} K; {sv['cells']:,} "
                  f"cells, {sv['steps']} BDF2 steps of {sv['dt_s']:.3g} s, {sv['hierarchies']} "
                  f"solver set-up(s) ({sv['method']}) reused, {sv['total_s']:.1f} s")
    for f in run.findings:
        console.print(f"[yellow]finding:[/] {escape(str(f))}")
    for p in result.flow_passes or []:
        short = "; ".join(p["short"].values())
        console.print(escape(f"flow step {p['step']} {p['label']}: joins "
                             f"{', '.join(p['joined']) or 'nothing'}"
                             + (f" — {short}" if short else "")))
    path, *pngs = result.write(out)
    console.print("[green]wrote[/] " + escape(", ".join(str(p) for p in (path, *pngs))))



# -- zth (issue 10; logic in chippack.metrics.zth / structure, output in report.zth_plots) --
@app.command()
@user_errors
def zth(
    file: Path = typer.Argument(..., help="spec, family or flow YAML"),
    env: str = typer.Option("cold-plate-top", help="JEDEC environment of the heating curve"),
    t_last: float = typer.Option(1000.0, help="last time of the curve, s"),
    jesd51_14: bool = typer.Option(False, "--jesd51-14", help="also the JESD51-14 dual "
                                   "interface θJC (dry and greased case contact, two more runs)"),
    out: Path = typer.Option(Path("out"), help="folder for the CSVs and the PNG"),
) -> None:
    """Junction Zth(t) from 1 µs, Foster fit, Cauer ladder, structure functions."""
    import chippack

    check_output_folder(out)
    design = load_design(file)
    with make_progress() as bar:
        result = chippack.solve_zth(design, env, t_last=t_last, dual_interface=jesd51_14,
                                    progress=TaskProgress(bar, "zth"))
    console.print(escape(result.summary()), highlight=False)
    paths = result.write(out)
    console.print("[green]wrote[/] " + escape(", ".join(str(p) for p in paths)))


def main(argv: list[str] | None = None) -> None:
    """Console entry: a mistyped option or argument is one line and exit 2, as user errors are."""
    # typer ships its own copy of click; its usage errors all derive from this class
    usage_error = typer.BadParameter.__mro__[1]
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        code = app(args=args, prog_name="chippack", standalone_mode=False)
    except usage_error as err:
        where = f"{err.ctx.command_path}: " if getattr(err, "ctx", None) else ""
        text = " ".join(err.format_message().split())
        for opt in getattr(getattr(err, "param", None), "opts", None) or ():
            if opt in args and args.index(opt) + 1 < len(args):
                text += f" (got {args[args.index(opt) + 1]!r})"
                break
        err_console.print(f"[bold red]error:[/] {escape(where + text)}", highlight=False,
                          soft_wrap=True)
        sys.exit(2)
    except typer.Abort:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()

