"""chippack command line: ``chippack validate | schema | demo`` (and more as stages land).

Every user error (:class:`chippack.errors.ChippackError`) is printed as one line
naming the field, the value and the fix, and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from chippack.errors import ChippackError
from chippack.layout import Layout
from chippack.thermal.solver import DEFAULT_METHOD

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


def user_errors(command: Callable) -> Callable:
    """Turn chippack errors into one red line and exit status 2."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ChippackError as err:
            err_console.print(f"[bold red]error:[/] {err}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2) from None

    return wrapper


def stack_table(layout: Layout) -> Table:
    """The resolved stack, bottom to top, as a rich table."""
    table = Table(title=f"{layout.spec.name}: resolved stack", title_justify="left")
    for col in ("part", "kind", "material", "footprint (mm)", "z (mm)", "elements"):
        table.add_column(col, justify="right" if col in ("z (mm)", "elements") else "left")
    order = sorted(layout.parts.values(), key=lambda p: (p.bottom, p.top))
    for p in order:
        sx, sy = p.footprint_size
        table.add_row(
            p.id, p.kind + (" (fill)" if p.filler else ""), p.material,
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
        table.add_row(c.lower, c.upper, "stacked" if c.axis == "z" else f"side ({c.axis})",
                      f"{c.area * 1e6:.4g}")
    return table


def validate_file(path: Path, out: Path, show_contacts: bool) -> Path:
    from chippack.design import load_layout
    from chippack.report.drawing import save_cross_section

    layout = load_layout(path)
    console.print(stack_table(layout))
    if show_contacts:
        console.print(contacts_table(layout))
    png = save_cross_section(layout, out / f"{path.stem}_section.png")
    console.print(f"[green]valid[/] — cross-section written to {png}")
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


#: The demo: one example of each seed family and the plain lidded-FCBGA reference.
DEMO_DESIGNS = ("dual_sink_fcbga", "bumped_sink_flipchip", "two_mold_package", "lidded_fcbga")
#: Shipped process flows that build the demo designs (their ledgers decide method claims).
DEMO_FLOWS = {"dual_sink_fcbga": "dual_sink_fcbga", "bumped_sink_flipchip": "bumped_sink_coreflow",
              "two_mold_package": "two_mold_package"}


def comparison_table(all_results: list[dict]) -> Table:
    """The index page's side-by-side table, for the terminal."""
    first = all_results[0]["summary"] if all_results else {}
    pc = first.get("common_power_w", 0.0)
    table = Table(title="designs side by side (JEDEC still air, 2s2p)", title_justify="left")
    for col in ("design", "θJA K/W", "θJC K/W", "θJB K/W", f"Tj @ {pc:g} W °C", "P W",
                "Tj max °C", "top %", "bottom sink %", "board %", "substrate %"):
        table.add_column(col, justify="left" if col == "design" else "right")

    def f(v, fmt):
        return "–" if v is None else format(v, fmt)

    for r in all_results:
        s = r["summary"]
        split = s.get("path_split_pct", {})
        table.add_row(r["spec"]["name"], f(s.get("theta_ja"), ".2f"), f(s.get("theta_jc"), ".3f"),
                      f(s.get("theta_jb"), ".2f"), f(s.get("tj_common_c"), ".1f"),
                      f(s.get("power_w"), ".3g"), f(s.get("tj_max_c"), ".1f"),
                      *(f(split.get(k), ".0f") for k in ("top", "bottom_sink", "board",
                                                          "substrate")))
    return table


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
    from chippack.report.pipeline import write_index_page

    t0 = time.perf_counter()
    names = list(design or DEMO_DESIGNS)
    try:
        paths = [example_path(n) for n in names]
    except KeyError as err:
        from chippack.errors import SpecError

        raise SpecError("--design", str(err.args[0])) from None
    envs = list(JEDEC_SET)
    done = []
    with make_progress() as progress:
        overall = progress.add_task(f"demo: {len(paths)} design{'s' * (len(paths) != 1)}",
                                   total=len(paths))
        for path in paths:
            flow = DEMO_FLOWS.get(path.stem)
            results = run_design(path, out, envs, None, 25.0, 1.0, "2s2p", None, "as_spec", refine,
                                 k_of_t, report=True, vtk=vtk, common_power=common_power,
                                 progress=progress, index_link="index.html", quiet=True,
                                 flow=path.parent / "flows" / f"{flow}.yaml" if flow else None)
            done.append((results, out / f"{path.stem}_results.json"))
            progress.advance(overall)
            progress.console.print(f"  solved {results['spec']['name']}", highlight=False)
        progress.update(overall, description="demo: index page")
        from chippack.report.pipeline import DesignFiles

        files = [(r, DesignFiles(j, report=j.with_name(j.name.replace("_results.json",
                                                                       "_report.html"))))
                 for r, j in done]
        index = write_index_page(files, out)
    console.print(comparison_table([r for r, _ in done]))
    console.print(f"[bold]demo done[/] in {time.perf_counter() - t0:.0f} s — open the report: "
                  f"{index.resolve().as_uri()}", highlight=False)


ENV_CHOICES = ("jedec", "still-air", "forced-air", "cold-plate-top", "ring-cold-plate")
#: ``--env jedec``: the three fixtures behind a datasheet's θJA, θJC, θJB and Ψ's.
JEDEC_SET = ("still-air", "cold-plate-top", "ring-cold-plate")


def metrics_table(runs: list) -> Table:
    """θ, Ψ and junction temperatures of each environment run."""
    table = Table(title="thermal metrics", title_justify="left")
    for col in ("environment", "P W", "Tj avg °C", "Tj max °C", "θ K/W", "ΨJT K/W",
                "ΨJB K/W", "top W", "bottom sink W", "board W", "substrate W", "balance"):
        table.add_column(col, justify="left" if col == "environment" else "right")
    for r in runs:
        m, env = r.metrics, r.environment
        theta_name = {"still-air": "θJA", "forced-air": "θJA", "cold-plate-top": "θJC",
                      "ring-cold-plate": "θJB"}[env.name]
        label = env.name + (f" {env.velocity:g} m/s" if env.name == "forced-air" else "")
        split = [f"{r.heat_by_path[k]:.3g}" for k in ("top", "bottom_sink", "board", "substrate")]
        table.add_row(
            label, f"{r.power:.4g}", f"{m['tj_avg_c']:.2f}", f"{m['tj_max_c']:.2f}",
            f"{theta_name} {r.theta:.3f}",
            f"{m['psi_jt']:.3f}" if "psi_jt" in m else "–",
            f"{m['psi_jb']:.3f}" if "psi_jb" in m else "–",
            *split, f"{r.solver['energy_balance_error']:.0e}",
        )
    return table


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


class Steps:
    """Advances one progress task step by step; ``sub`` only changes the description."""

    def __init__(self, progress, task, prefix: str = ""):
        self.progress, self.task, self.prefix, self.open = progress, task, prefix, False

    def begin(self, msg: str) -> None:
        if self.open:
            self.progress.advance(self.task)
        self.open = True
        self.sub(msg)

    def sub(self, msg: str) -> None:
        self.progress.update(self.task, description=f"{self.prefix}{msg}")

    def end(self) -> None:
        if self.open:
            self.progress.advance(self.task)
        self.open = False


def design_steps(envs: list[str], report: bool, vtk: bool) -> int:
    """Progress steps of one design: its solves, claims, four pictures, vtk, report."""
    return len(envs) + 5 + int(report) + int(vtk)


def run_design(path: Path, out: Path, envs: list[str], power: float | None, ambient: float,
               velocity: float, board: str, power_map: Path | None, arrays: str, refine: float,
               k_of_t: bool, method: str = DEFAULT_METHOD, *, report: bool = False, vtk: bool = False,
               mesh_options=None, common_power: float | None = None, progress=None,
               index_link: str | None = None, quiet: bool = False,
               flow: Path | None = None) -> dict:
    """Solve a design in each environment; write results.json, pictures (and report, .vtr).

    ``progress``: a rich Progress to add this design's task to (the demo shares one);
    ``flow``: the process flow that builds the design (its ledger decides method claims).
    """
    from dataclasses import replace

    from chippack.design import load_design
    from chippack.mesh.package import MeshOptions
    from chippack.metrics.power import read_power_map
    from chippack.metrics.run import check_power_argument, run_environments
    from chippack.metrics.variants import bottom_sink_effect, bottom_sinks
    from chippack.report.pipeline import write_design_outputs
    from chippack.report.summary import COMMON_POWER_W

    check_power_argument(power)
    design = load_design(path, flow)
    layout, ledger = design.layout, design.ledger
    pmap = read_power_map(power_map) if power_map else None
    options = (replace(mesh_options, arrays=arrays, refine=refine) if mesh_options
               else MeshOptions(arrays=arrays, refine=refine))
    own = progress is None
    progress = progress or make_progress()
    with progress if own else _nullcontext():
        task = progress.add_task(path.stem, total=design_steps(envs, report, vtk))
        steps = Steps(progress, task, f"{path.stem} · ")
        runs = run_environments(layout, envs, power, pmap, options, ambient, velocity, board,
                                k_of_t, method, on_step=steps.begin, on_detail=steps.sub)
        extra = {}
        still = next((r for r in runs if r.environment.name == "still-air"), None)
        if still is not None and bottom_sinks(layout):
            steps.begin("still-air without the bottom sink")
            extra["bottom_sink"] = bottom_sink_effect(
                layout, still.environment, with_sink=still, power=power, power_map=pmap,
                mesh_options=options, k_of_t=k_of_t, method=method)
        results, files = write_design_outputs(
            layout, path, runs, out, report=report, vtk=vtk,
            common_power=COMMON_POWER_W if common_power is None else common_power,
            index_link=index_link, note=steps.begin, extra=extra, ledger=ledger)
        steps.end()
        if not own:
            progress.update(task, visible=False)
    if not quiet:
        console.print(metrics_table(runs))
        if "bottom_sink" in results:
            b = results["bottom_sink"]
            console.print(f"bottom sink ({', '.join(b['sinks'])}): still-air θJA "
                          f"{b['theta_with']:.3f} K/W with, {b['theta_without']:.3f} K/W without "
                          f"({b['change_percent']:+.1f} %); it carries {b['sink_heat_w']:.3g} W "
                          "to the air", highlight=False)
        written = [files.results, *files.pictures.values(), files.vtk, files.report]
        console.print("written: " + ", ".join(str(p) for p in written if p), highlight=False)
        if files.report:
            console.print(f"[bold]report:[/] {files.report.resolve().as_uri()}", highlight=False)
    return results


def _nullcontext():
    from contextlib import nullcontext

    return nullcontext()


def check_run_options(env: str, board: str, arrays: str) -> list[str]:
    from chippack.errors import SpecError

    if env not in ENV_CHOICES:
        raise SpecError("--env", f"unknown environment {env!r}; use one of {', '.join(ENV_CHOICES)}")
    if board not in ("2s2p", "1s0p"):
        raise SpecError("--board", f"unknown board {board!r}; use 2s2p or 1s0p")
    if arrays not in ("as_spec", "resolved", "homogenized"):
        raise SpecError("--arrays", f"{arrays!r}; use as_spec, resolved or homogenized")
    return list(JEDEC_SET) if env == "jedec" else [env]


@app.command()
@user_errors
def run(
    file: Path = typer.Argument(..., help="package spec (YAML)"),
    env: str = typer.Option("jedec", help="jedec (still-air + cold-plate-top + ring-cold-plate), "
                                          "still-air, forced-air, cold-plate-top, ring-cold-plate"),
    power: float = typer.Option(None, help="total die power, W (default: the spec's die power)"),
    ambient: float = typer.Option(25.0, help="ambient / cold-plate temperature, °C"),
    velocity: float = typer.Option(1.0, help="air speed for forced-air, m/s"),
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
    envs = check_run_options(env, board, arrays)
    run_design(file, out, envs, power, ambient, velocity, board, power_map, arrays, refine, k_of_t,
               report=report, vtk=vtk, flow=flow)


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
    out: Path = typer.Option(None, help="output folder (default: . for a spec, the JSON's "
                                         "folder for results)"),
) -> None:
    """Write a self-contained HTML report (opens offline): spec, drawing, metrics, maps, claims."""
    from chippack.errors import SpecError

    if file.suffix.lower() == ".json":
        from chippack.report.pipeline import report_from_json

        if not file.is_file():
            raise SpecError("FILE", f"{file} does not exist; give a *_results.json or a spec")
        target = (out / file.name.replace("_results.json", "_report.html")
                  if out else None)
        if target is not None and not target.name.endswith(".html"):
            target = target.with_suffix(".html")
        html = report_from_json(file, target)
        console.print(f"[bold]report:[/] {html.resolve().as_uri()}", highlight=False)
        return
    envs = check_run_options(env, board, "as_spec")
    run_design(file, out or Path("."), envs, power, ambient, 1.0, board, None, "as_spec", refine,
               k_of_t, report=True, vtk=vtk)


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
    from chippack.design import load_layout
    from chippack.errors import SpecError
    from chippack.mesh.package import MeshOptions
    from chippack.metrics.run import check_power_argument, run_environments
    from chippack.report.probes import parse_probe, write_probe_csv
    from chippack.report.vtk import write_run_vtr

    if env == "jedec":
        raise SpecError("--env", "export solves one environment; use still-air, forced-air, "
                                 "cold-plate-top or ring-cold-plate")
    envs = check_run_options(env, board, "as_spec")
    if not (vtk or csv):
        raise SpecError("export", "nothing to export; give --vtk and/or --csv")
    points = [parse_probe(p) for p in probe or []]
    check_power_argument(power)
    layout = load_layout(file)
    written = []
    with make_progress() as progress:
        task = progress.add_task(file.stem, total=1 + int(vtk) + int(csv))
        steps = Steps(progress, task, f"{file.stem} · ")
        (run_,) = run_environments(layout, envs, power, None, MeshOptions(refine=refine),
                                   ambient, velocity, board, k_of_t, on_step=steps.begin,
                                   on_detail=steps.sub)
        stem = f"{file.stem}_{env}"
        if vtk:
            steps.begin("writing .vtr")
            written.append(write_run_vtr(run_, out / f"{stem}.vtr"))
        if csv:
            steps.begin("writing probes")
            written.append(write_probe_csv(run_, out / f"{stem}_probes.csv", points))
        steps.end()
    console.print(metrics_table([run_]))
    for path in written:
        console.print(f"written: {path}", highlight=False)


@app.command()
@user_errors
def claims(
    file: Path = typer.Argument(..., help="spec, family (family: + parameters:) or flow YAML"),
    flow: Path = typer.Option(None, help="process flow that builds FILE (decides method claims)"),
    seed: list[str] = typer.Option(None, help="check only this seed (000, 001, 002); repeatable"),
    cte_tolerance: float = typer.Option(1.0, help="ppm/K within which CTEs are 'the same'"),
    flush_tolerance: float = typer.Option(0.001, help="mm within which faces are flush"),
    alignment_tolerance: float = typer.Option(0.01, help="mm a bump may sit off its UBM pad"),
    markdown: bool = typer.Option(False, help="print Markdown tables instead"),
) -> None:
    """Check a design against the seed claims: met / not met / n/a, with the evidence."""
    from chippack.claims import ClaimOptions
    from chippack.claims.command import claims_report

    options = ClaimOptions(cte_tolerance_ppm=cte_tolerance, flush_tolerance_mm=flush_tolerance,
                           alignment_tolerance_mm=alignment_tolerance)
    for item in claims_report(file, flow, seed, options, markdown):
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
    result = run_flow(read_flow(flow))
    for item in ledger_tables(result.ledger):
        console.print(item)
    if out is not None:
        out.write_text(spec_yaml(result.mapping), encoding="utf-8")
        console.print(f"[green]built[/] {result.spec.name} — spec written to {out}")
    else:
        console.print(f"[green]built[/] {result.spec.name}: {len(result.spec.parts)} parts, "
                      "lays out without error")


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
    from chippack.design import load_design
    from chippack.reflow import profile_for, run_reflow
    from chippack.reflow.run import board_mount_load, flow_passes
    from chippack.report.files import atomic_write_text
    from chippack.report.reflow_plots import save_reflow_plots

    design = load_design(file, flow)
    load, what = board_mount_load(design.layout)
    oven = profile_for(profile, load, h)
    with make_progress() as bar:
        task = bar.add_task(f"reflow: {what}", total=1000)
        run = run_reflow(load, oven, progress=lambda f: bar.update(task, completed=1000 * f))
    table = Table(title=f"{design.layout.spec.name}: {what}\n{oven.source}")
    for col in ("joints", "role", "T_L °C", "peak °C (coldest–hottest)", "TAL s", "≤5 K of peak s",
                "ramp ↑/↓ K/s", "J-STD-020 windows", "PWI %"):
        table.add_column(col)
    for j in run.joints.values():
        s = j.stats
        held = sum(s.windows.values())
        table.add_row(j.id, j.role, f"{j.liquidus_c:g}" if j.liquidus_c else "—",
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
        console.print(f"[yellow]finding:[/] {f}")
    data = {"design": design.layout.spec.name, "load": what, **run.to_dict()}
    if design.ledger is not None:
        data["flow_passes"] = flow_passes(design.ledger)
        for p in data["flow_passes"]:
            short = "; ".join(p["short"].values())
            console.print(f"flow step {p['step']} {p['label']}: joins "
                          f"{', '.join(p['joined']) or 'nothing'}" + (f" — {short}" if short else ""))
    out.mkdir(parents=True, exist_ok=True)
    path = atomic_write_text(out / f"{file.stem}_reflow.json", json.dumps(data, indent=1))
    pngs = save_reflow_plots(run, out, file.stem, design.layout.spec.name)
    console.print(f"[green]wrote[/] {path}, " + ", ".join(str(p) for p in pngs))



# -- zth (issue 10; logic in chippack.metrics.zth / structure, output in report.zth_plots) --
@app.command()
@user_errors
def zth(
    file: Path = typer.Argument(..., help="spec, family or flow YAML"),
    env: str = typer.Option("cold-plate-top", help="JEDEC environment of the heating curve"),
    t_last: float = typer.Option(1000.0, help="last time of the curve, s"),
    out: Path = typer.Option(Path("out"), help="folder for the CSVs and the PNG"),
) -> None:
    """Junction Zth(t) from 1 µs, Foster fit, Cauer ladder, structure functions."""
    from chippack.design import load_layout
    from chippack.metrics.zth import junction_zth
    from chippack.report.zth_plots import save_zth

    layout = load_layout(file)
    with make_progress() as bar:
        bar.add_task(f"zth: heating curve in {env}", total=None)
        res = junction_zth(layout, env, t_last=t_last)
    f = res["foster"]
    console.print(f"{layout.spec.name} ({env}): Zth({t_last:g} s) = {res['zth_k_w'][-1]:.4g} K/W; "
                  f"Foster {f.r.size} terms (τ {f.tau.min():.3g}–{f.tau.max():.3g} s), fit error "
                  f"{res['fit_error']:.2%}; {res['cells']:,} cells, {res['steps']} steps, "
                  f"{res['setups']} solver set-ups (one per decade and scheme)")
    out.mkdir(parents=True, exist_ok=True)
    paths = save_zth(res, out, file.stem, layout.spec.name)
    console.print("[green]wrote[/] " + ", ".join(str(p) for p in paths))


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

