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
console = Console(width=None if sys.stdout.isatty() else 110)
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


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()


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
