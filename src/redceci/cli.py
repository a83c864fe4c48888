"""Command line: ``redceci data check|sources``, ``needs``, ``site-report``, ``plan``.

Thin: parse options, call one workflow function, print; user errors exit 2 with the reason.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from redceci.data.catalogue import CATALOGUE, check_file
from redceci.errors import RedceciError
from redceci.settings import Settings, get_settings

app = typer.Typer(help="redceci: planeación de la red de CECI / planning the CECI network.")
data_app = typer.Typer(help="Datos: revisar y fuentes / data: check and sources.")
app.add_typer(data_app, name="data")
console = Console()

DataOpt = Annotated[Path | None, typer.Option("--data", help="Data folder (REDCECI_DATA).")]
ParamsOpt = Annotated[
    Path | None, typer.Option("--params", help="TOML file overriding model parameters.")
]


def _settings(data: Path | None, params: Path | None = None, **model: Any) -> Settings:
    overrides: dict[str, Any] = {}
    if data is not None:
        overrides["data"] = data
    settings = get_settings(params, **overrides)
    if model:
        merged = settings.model.model_dump()
        for dotted, value in model.items():
            if value is None:
                continue
            group, name = dotted.split(".")
            merged[group][name] = value
        settings = settings.model_copy(
            update={"model": type(settings.model).model_validate(merged)}
        )
    return settings


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except RedceciError as exc:
        console.print(f"[bold red]Error:[/] {exc}")
        raise typer.Exit(2) from exc
    except ValueError as exc:  # pydantic validation of parameters
        console.print(f"[bold red]Parámetro inválido / invalid parameter:[/] {exc}")
        raise typer.Exit(2) from exc


@contextmanager
def _progress() -> Iterator[Callable[[str, float], None]]:
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("", total=1.0)

        def update(message: str, fraction: float) -> None:
            bar.update(task, description=message, completed=fraction)

        yield update


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, int | float):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return "—"
        if abs(value) >= 100 or float(value).is_integer():
            return f"{value:,.0f}"
        return f"{value:,.2f}"
    return str(value)


def _print_frame(frame: pd.DataFrame, title: str, columns: dict[str, str], limit: int = 40) -> None:
    table = Table(title=title, show_lines=False)
    table.add_column("clave / key")
    for heading in columns.values():
        table.add_column(heading, justify="right")
    for key, row in frame.head(limit).iterrows():
        table.add_row(str(key), *(_fmt(row[c]) for c in columns if c in row))
    console.print(table)
    if len(frame) > limit:
        console.print(f"… {len(frame) - limit} filas más / more rows (use --out)")


@data_app.command("check")
def data_check(data: DataOpt = None) -> None:
    """Presence, row count and SHA-256 of every data file."""
    settings = _settings(data)
    table = Table(title=f"Datos / data: {settings.data}")
    for heading in ("archivo / file", "filas / rows", "sha256", "estado / status"):
        table.add_column(heading)
    failed = False
    for dataset in CATALOGUE:
        result = check_file(dataset, settings.data)
        failed |= not result.ok
        table.add_row(
            dataset.filename,
            _fmt(result.rows) if result.rows is not None else "—",
            (result.sha256 or "—")[:16],
            ("[green]" if result.ok else "[red]") + result.message,
        )
    console.print(table)
    if failed:
        raise typer.Exit(1)


@data_app.command("sources")
def data_sources() -> None:
    """Official download addresses of every data file (for users elsewhere)."""
    for dataset in CATALOGUE:
        console.print(
            f"[bold]{dataset.filename}[/]\n  {dataset.description}\n  {dataset.official_source}"
        )


NEEDS_COLUMNS = {
    "name": "nombre / name",
    "POBTOT": "población / population",
    "children": "niñas y niños / children",
    "eligible": "elegibles IMSS / eligible",
    "places": "lugares / places",
    "children_per_place": "niños por lugar / per place",
    "unmet": "demanda no atendida / unmet",
    "desert_share": "en desierto / in desert",
}


@app.command()
def needs(
    state: Annotated[str | None, typer.Option(help="INEGI state code, e.g. 19.")] = None,
    municipality: Annotated[
        str | None, typer.Option(help="Municipality CVEGEO, e.g. 19039.")
    ] = None,
    polo: Annotated[str | None, typer.Option(help="Polo name (or part of it).")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the full table as CSV.")] = None,
    data: DataOpt = None,
    params: ParamsOpt = None,
) -> None:
    """Needs analysis: eligible children, places, deserts, by area."""
    from redceci.workflow import load_world, needs_table

    with _errors():
        settings = _settings(data, params)
        with _progress() as progress:
            world = load_world(settings, progress=progress)
        table = needs_table(world, state=state, municipality=municipality, polo=polo)
        _print_frame(table, "Análisis de necesidades / needs analysis", NEEDS_COLUMNS)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            table.to_csv(out)
            console.print(f"Tabla completa / full table: {out}")


@app.command("site-report")
def site_report(
    lat: Annotated[float, typer.Option(help="Latitude (decimal degrees).")],
    lon: Annotated[float, typer.Option(help="Longitude (decimal degrees).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data: DataOpt = None,
    params: ParamsOpt = None,
) -> None:
    """Needs analysis of one proposed site."""
    from redceci.workflow import load_world
    from redceci.workflow import site_report as analyse

    with _errors():
        settings = _settings(data, params)
        with _progress() as progress:
            world = load_world(settings, progress=progress)
        report = analyse(world, lat, lon)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Sitio propuesto / proposed site ({lat}, {lon})")
    table.add_column("concepto / item")
    table.add_column("valor / value", justify="right")
    for key, value in report.as_dict().items():
        table.add_row(key, _fmt(value))
    console.print(table)


def _pairs(values: list[str] | None, what: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in values or []:
        key, sep, number = item.partition("=")
        if not sep or not number.strip().isdigit():
            raise typer.BadParameter(f"{what} must look like KEY=NUMBER, got {item!r}")
        out[key.strip()] = int(number)
    return out


@app.command()
def plan(
    centres: Annotated[int | None, typer.Option(help="At most this many new centres.")] = 1000,
    places: Annotated[int | None, typer.Option(help="At most this many new places.")] = 500_000,
    budget: Annotated[float | None, typer.Option(help="Budget, pesos.")] = None,
    state: Annotated[list[str] | None, typer.Option(help="Plan only these states.")] = None,
    state_min: Annotated[list[str] | None, typer.Option(help="STATE=N minimum centres.")] = None,
    state_max: Annotated[list[str] | None, typer.Option(help="STATE=N maximum centres.")] = None,
    keep: Annotated[list[str] | None, typer.Option(help="SITE_ID=PLACES that must stay.")] = None,
    centres_file: Annotated[
        Path | None, typer.Option(help="Registered centres (CSV/GeoJSON).")
    ] = None,
    sites_file: Annotated[Path | None, typer.Option(help="Extra candidate sites.")] = None,
    travel_table: Annotated[
        Path | None, typer.Option(help="Origin-destination minutes (CSV/Parquet).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("var/plan"),
    data: DataOpt = None,
    params: ParamsOpt = None,
) -> None:
    """Choose sites and sizes for new centres; write plan.geojson, plan.csv and report.html."""
    from redceci.data.boundaries import read_boundaries
    from redceci.report.files import write_plan_csv, write_plan_geojson
    from redceci.report.html import write_report
    from redceci.workflow import load_world
    from redceci.workflow import plan as make

    with _errors():
        settings = _settings(
            data,
            params,
            **{
                "siting.max_centres": centres,
                "siting.max_places": places,
                "siting.budget_mxn": budget,
            },
        )
        with _progress() as progress:
            world = load_world(
                settings,
                centres_file=centres_file,
                sites_file=sites_file,
                travel_file=travel_table,
                progress=progress,
            )
            result = make(
                world,
                states=state,
                state_min=_pairs(state_min, "--state-min"),
                state_max=_pairs(state_max, "--state-max"),
                must_keep=_pairs(keep, "--keep"),
                progress=progress,
            )
        out.mkdir(parents=True, exist_ok=True)
        geojson = write_plan_geojson(result, out / "plan.geojson")
        csv = write_plan_csv(result, out / "plan.csv")
        html = write_report(
            out / "report.html",
            result,
            boundaries=read_boundaries(settings.data, "estados"),
            supply=world.supply,
            polos=world.polos,
        )
    r = result.result
    console.print(
        f"[bold]{r.n_centres:,}[/] centros / centres, [bold]{r.places:,}[/] lugares / places, "
        f"costo / cost {r.cost / 1e6:,.0f} MDP, atendidos / served {r.served:,.0f}"
    )
    console.print(
        f"Método / method: {r.method}; estado / status: {r.status}; "
        f"brecha certificada / certified gap: {100 * r.gap:.2f}% ({r.seconds:.1f} s)"
    )
    console.print(f"Informe / report: [bold]{html}[/]\nDatos / data: {geojson}, {csv}")
