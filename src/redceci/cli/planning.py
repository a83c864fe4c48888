"""Planning commands: ``needs``, ``site-report`` and ``plan``."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from redceci.cli.console import (
    DataOpt,
    ParamsOpt,
    console,
    fmt,
    pct,
    print_frame,
    progress_bar,
    settings_from,
    user_errors,
)
from redceci.data.boundaries import read_boundaries

NEEDS_COLUMNS: dict[str, tuple[str, Callable[[object], str]]] = {
    "name": ("nombre\nname", str),
    "children": ("niñas y niños\nchildren", fmt),
    "eligible": ("elegibles IMSS\neligible", fmt),
    "places": ("lugares\nplaces", fmt),
    "children_per_place": ("niños por lugar\nper place", fmt),
    "unmet": ("no atendida\nunmet", fmt),
    "desert_share": ("en desierto\nin desert", pct),
}


def needs(
    state: Annotated[str | None, typer.Option(help="INEGI state code, e.g. 19.")] = None,
    municipality: Annotated[
        str | None, typer.Option(help="Municipality CVEGEO, e.g. 19039.")
    ] = None,
    polo: Annotated[str | None, typer.Option(help="Polo name (or part of it).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the full table as CSV.", dir_okay=False)
    ] = None,
    data: DataOpt = None,
    params: ParamsOpt = None,
) -> None:
    """Needs analysis: eligible children, places, deserts, by area (national: by state)."""
    from redceci.workflow import load_world, needs_table

    if sum(x is not None for x in (state, municipality, polo)) > 1:
        raise typer.BadParameter("choose one of --state, --municipality or --polo")
    with user_errors():
        settings = settings_from(data, params)
        with progress_bar() as progress:
            world = load_world(settings, progress=progress)
        table = needs_table(world, state=state, municipality=municipality, polo=polo)
        print_frame(table, "Análisis de necesidades / needs analysis", NEEDS_COLUMNS)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            table.to_csv(out)
            console.print(f"Tabla completa / full table: {out}", soft_wrap=True)


def _jsonable(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def site_report(
    lat: Annotated[float, typer.Option(help="Latitude (decimal degrees).", min=-90, max=90)],
    lon: Annotated[float, typer.Option(help="Longitude (decimal degrees).", min=-180, max=180)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data: DataOpt = None,
    params: ParamsOpt = None,
) -> None:
    """Needs analysis of one proposed site."""
    from redceci.workflow import load_world
    from redceci.workflow import site_report as analyse

    with user_errors():
        settings = settings_from(data, params)
        with progress_bar() as progress:
            world = load_world(settings, progress=progress)
        report = analyse(world, lat, lon)
    fields = report.as_dict()
    if as_json:
        doc = {k: _jsonable(v) for k, v in fields.items()}
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False))
        return
    table = Table(title=f"Sitio propuesto / proposed site ({lat}, {lon})")
    table.add_column("concepto / item")
    table.add_column("valor / value", justify="right")
    for key, value in fields.items():
        if key in {"expected_occupancy", "desert_share"}:
            shown = pct(value)
        elif key in {"lat", "lon"}:
            shown = f"{value:.5f}" if isinstance(value, float) else str(value)
        else:
            shown = fmt(value)
        table.add_row(key, shown)
    console.print(table)


def _pairs(values: list[str] | None, option: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in values or []:
        key, sep, number = item.partition("=")
        if not sep or not key.strip() or not number.strip().isdigit():
            raise typer.BadParameter(f"must look like KEY=NUMBER, got {item!r}", param_hint=option)
        out[key.strip()] = int(number)
    return out


def _user_file(help_text: str) -> Any:
    return typer.Option(help=help_text, exists=True, dir_okay=False, readable=True)


def plan(
    centres: Annotated[int, typer.Option(help="At most this many new centres.", min=0)] = 1000,
    places: Annotated[int, typer.Option(help="At most this many new places.", min=0)] = 500_000,
    budget: Annotated[float | None, typer.Option(help="Budget, pesos.", min=0)] = None,
    state: Annotated[list[str] | None, typer.Option(help="Plan only these states.")] = None,
    state_min: Annotated[list[str] | None, typer.Option(help="STATE=N minimum centres.")] = None,
    state_max: Annotated[list[str] | None, typer.Option(help="STATE=N maximum centres.")] = None,
    keep: Annotated[list[str] | None, typer.Option(help="SITE_ID=PLACES that must stay.")] = None,
    centres_file: Annotated[
        Path | None,
        _user_file("Registered centres, CSV/GeoJSON: id,name,lat,lon,places,status,scheme."),
    ] = None,
    sites_file: Annotated[
        Path | None, _user_file("Extra candidate sites, CSV/GeoJSON: id,name,lat,lon,scheme.")
    ] = None,
    travel_table: Annotated[
        Path | None,
        _user_file("Origin-destination minutes, CSV/Parquet: origin,destination,minutes."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Output folder.", file_okay=False)] = Path("var/plan"),
    data: DataOpt = None,
    params: ParamsOpt = None,
) -> None:
    """Choose sites and sizes for new centres; write plan.geojson, plan.csv and report.html."""
    from redceci.report.planning.files import write_plan_csv, write_plan_geojson
    from redceci.report.planning.html import write_report
    from redceci.workflow import load_world
    from redceci.workflow import plan as make

    state_minimums = _pairs(state_min, "--state-min")
    state_maximums = _pairs(state_max, "--state-max")
    must_keep = _pairs(keep, "--keep")
    with user_errors():
        settings = settings_from(
            data,
            params,
            **{
                "siting.max_centres": centres,
                "siting.max_places": places,
                "siting.budget_mxn": budget,
            },
        )
        with progress_bar() as progress:
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
                state_min=state_minimums,
                state_max=state_maximums,
                must_keep=must_keep,
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
    scope = set(result.units["CVE_ENT"])
    console.print(
        f"Instancia / instance: {len(result.units):,} unidades de demanda / demand units, "
        f"{int(world.candidates['CVE_ENT'].isin(scope).sum()):,} sitios candidatos / "
        f"candidate sites, {int(world.supply['CVE_ENT'].isin(scope).sum()):,} guarderías "
        "existentes / existing providers"
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
    console.print(f"Informe / report: [bold]{html}[/]", soft_wrap=True)
    console.print(f"Datos / data: {geojson}, {csv}", soft_wrap=True)
