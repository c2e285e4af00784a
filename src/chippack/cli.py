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


@app.command()
@user_errors
def demo(out: Path = typer.Option(Path("demo_out"), help="output folder")) -> None:
    """Validate and draw every built-in example."""
    from chippack.examples import example_paths

    for path in example_paths():
        validate_file(path, out, show_contacts=False)
    console.print(f"[bold]demo done[/] — outputs in {out.resolve()}")


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


def run_design(path: Path, out: Path, envs: list[str], power: float | None, ambient: float,
               velocity: float, board: str, power_map: Path | None, arrays: str, refine: float,
               k_of_t: bool, method: str = "rs") -> dict:
    """Solve a design in each environment; write results.json and pictures; return results."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from chippack.design import load_layout
    from chippack.mesh.package import MeshOptions
    from chippack.metrics.compact import TwoResistorModel
    from chippack.metrics.environment import Environment
    from chippack.metrics.power import read_power_map
    from chippack.metrics.run import check_power_argument, run_environment
    from chippack.report.files import atomic_write_text
    from chippack.report.thermal_plots import save_die_map, save_section_temperature

    check_power_argument(power)
    layout = load_layout(path)
    pmap = read_power_map(power_map) if power_map else None
    options = MeshOptions(arrays=arrays, refine=refine)
    runs = []
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err_console, transient=True) as progress:
        task = progress.add_task("starting", total=len(envs))
        for name in envs:
            env = Environment(name=name, ambient=ambient, velocity=velocity, board=board)

            def note(msg: str, name=name) -> None:
                progress.update(task, description=f"{path.stem} · {name}: {msg}")

            runs.append(run_environment(layout, env, power, pmap, options, k_of_t=k_of_t,
                                        method=method, progress=note))
            progress.advance(task)
    console.print(metrics_table(runs))
    results = {"design": layout.spec.name, "file": str(path), "runs": [r.to_dict() for r in runs]}
    thetas = {r.environment.name: r.theta for r in runs}
    if "cold-plate-top" in thetas and "ring-cold-plate" in thetas:
        results["two_resistor_model"] = TwoResistorModel(
            thetas["cold-plate-top"], thetas["ring-cold-plate"]).to_dict()
    stem = path.stem
    main_run = next((r for r in runs if r.environment.name in ("still-air", "forced-air")),
                    runs[0])
    pictures = {
        "die_map": str(save_die_map(main_run, out / f"{stem}_die_temperature.png")),
        "section_temperature": str(save_section_temperature(
            main_run, out / f"{stem}_section_temperature.png")),
    }
    results["pictures"] = pictures
    json_path = atomic_write_text(out / f"{stem}_results.json", json.dumps(results, indent=2))
    console.print(f"results: {json_path}; pictures: {', '.join(pictures.values())}")
    return results


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
    out: Path = typer.Option(Path("."), help="folder for results.json and pictures"),
) -> None:
    """Solve the package in JEDEC environments; print θJA, θJC, θJB, ΨJT, ΨJB; write results."""
    from chippack.errors import SpecError

    if env not in ENV_CHOICES:
        raise SpecError("--env", f"unknown environment {env!r}; use one of {', '.join(ENV_CHOICES)}")
    if board not in ("2s2p", "1s0p"):
        raise SpecError("--board", f"unknown board {board!r}; use 2s2p or 1s0p")
    if arrays not in ("as_spec", "resolved", "homogenized"):
        raise SpecError("--arrays", f"{arrays!r}; use as_spec, resolved or homogenized")
    envs = list(JEDEC_SET) if env == "jedec" else [env]
    run_design(file, out, envs, power, ambient, velocity, board, power_map, arrays, refine, k_of_t)


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


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

