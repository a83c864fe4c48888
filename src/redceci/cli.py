"""Command line: ``redceci data check|sources``, ``needs``, ``site-report``, ``plan``, ``db``,
``serve`` and ``enrolment demo``.

Thin: parse options, call one workflow function, print. Results go to standard output;
progress bars and errors to standard error. A user error (bad option, bad file) exits 2 with
the reason; ``data check`` exits 1 when a data file is missing or malformed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
import typer
from pydantic import ValidationError
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from redceci.data import catalogue as cat
from redceci.data.boundaries import read_boundaries
from redceci.data.census import read_ageb, read_iter_localities, read_municipalities, read_states
from redceci.data.childcare import read_childcare
from redceci.data.employment import read_insured_workers
from redceci.data.places import read_locality_points
from redceci.data.sites import read_industrial_parks, read_polos
from redceci.errors import DataError, RedceciError
from redceci.settings import Settings, get_settings

app = typer.Typer(help="redceci: planeación de la red de CECI / planning the CECI network.")
data_app = typer.Typer(help="Datos: revisar y fuentes / data: check and sources.")
app.add_typer(data_app, name="data")
console = Console()  # results (standard output)
err_console = Console(stderr=True)  # progress and errors (standard error)

DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Data folder (REDCECI_DATA).", file_okay=False),
]
ParamsOpt = Annotated[
    Path | None,
    typer.Option(
        "--params",
        help="TOML file overriding model parameters.",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
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


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(2)


@contextmanager
def _errors() -> Iterator[None]:
    """Map the errors a user can cause to exit code 2 with the reason."""
    try:
        yield
    except RedceciError as exc:
        raise _fail(str(exc)) from exc
    except ValidationError as exc:  # model parameters given as options
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise _fail(f"parámetro inválido / invalid parameter: {problems}") from exc
    except OSError as exc:  # output folder not writable, and the like
        raise _fail(f"{exc.filename or ''}: {exc.strerror or exc}") from exc


@contextmanager
def _progress() -> Iterator[Callable[[str, float], None]]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
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


def _pct(value: object) -> str:
    if isinstance(value, int | float) and math.isfinite(value):
        return f"{100 * value:.0f} %"
    return "—"


def _print_frame(
    frame: pd.DataFrame,
    title: str,
    columns: dict[str, tuple[str, Callable[[object], str]]],
    limit: int = 40,
) -> None:
    """Print the first ``limit`` rows. Numbers are never cut: headings and names wrap, and a
    table that cannot fit the terminal is printed wider rather than truncated."""
    shown = [c for c in columns if c in frame.columns]
    rows = [
        [str(key), *(columns[c][1](row[c]) for c in shown)]
        for key, row in frame.head(limit).iterrows()
    ]
    headings = ["clave\nkey", *(columns[c][0] for c in shown)]
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    # Numbers set each column's width; headings get their full lines when the terminal has
    # room, else wrap at words.
    widest = [max([len(r[i]) for r in rows], default=1) for i in range(len(headings))]
    ideal = [
        max(w, *(len(x) for x in h.split("\n"))) for w, h in zip(widest, headings, strict=True)
    ]
    least = [max(w, *(len(x) for x in h.split())) for w, h in zip(widest, headings, strict=True)]
    named = [i > 0 and shown[i - 1] == "name" for i in range(len(headings))]
    fixed = sum(w for w, n in zip(ideal, named, strict=True) if not n)
    widths = ideal if fixed + 2 * len(headings) + 16 <= console.width else least
    for i, heading in enumerate(headings):
        if named[i]:
            table.add_column(heading, overflow="ellipsis", min_width=8, max_width=24, ratio=1)
        else:
            justify: Literal["left", "right"] = "left" if i == 0 else "right"
            table.add_column(heading, justify=justify, width=widths[i])
    for r in rows:
        table.add_row(*r)
    console.print(table)
    if len(frame) > limit:
        console.print(f"… {len(frame) - limit} filas más / more rows (use --out)")


#: The checked reader of each catalogued file: ``data check`` runs it to validate contents.
_READERS: dict[str, Callable[[Path], object]] = {
    cat.MUNICIPALITIES.key: read_municipalities,
    cat.STATES.key: read_states,
    cat.ITER_LOCALITIES.key: read_iter_localities,
    cat.AGEB.key: lambda d: read_ageb(d, level="ageb"),
    cat.LOCALITY_POINTS.key: read_locality_points,
    cat.MUNICIPAL_BOUNDARIES.key: lambda d: read_boundaries(d, "municipios"),
    cat.STATE_BOUNDARIES.key: lambda d: read_boundaries(d, "estados"),
    cat.CHILDCARE.key: read_childcare,
    cat.POLOS.key: read_polos,
    cat.INDUSTRIAL_PARKS.key: read_industrial_parks,
    cat.INSURED_WORKERS.key: read_insured_workers,
}


@data_app.command("check")
def data_check(data: DataOpt = None) -> None:
    """Presence, row count, SHA-256 and contents of every data file."""
    with _errors():
        settings = _settings(data)
    console.print(f"Datos / data: {settings.data}", soft_wrap=True)
    if not settings.data.is_dir():
        err_console.print(
            "[bold red]No existe la carpeta / folder not found[/] (set REDCECI_DATA or --data)"
        )
    width = max(len(d.filename) for d in cat.CATALOGUE)
    problems: list[str] = []
    for dataset in cat.CATALOGUE:
        result = cat.check_file(dataset, settings.data)
        message = result.message
        ok = result.ok
        if ok:
            try:
                _READERS[dataset.key](settings.data)
            except DataError as exc:
                ok, message = False, str(exc)
        rows = _fmt(result.rows) if result.rows is not None else "—"
        mark = "[green]ok   [/]" if ok else "[bold red]ERROR[/]"
        console.print(
            f"{mark}  {dataset.filename:<{width}}  {rows:>7} filas / rows", soft_wrap=True
        )
        console.print(f"       sha256 {result.sha256 or '—'}", soft_wrap=True)
        if not ok:
            console.print(f"       {escape(message)}", soft_wrap=True)
            problems.append(dataset.filename)
    if problems:
        err_console.print(
            f"[bold red]{len(problems)} archivo(s) con problemas / file(s) with problems:[/] "
            + ", ".join(problems),
            soft_wrap=True,
        )
        raise typer.Exit(1)
    console.print(f"[green]{len(cat.CATALOGUE)} archivos correctos / files ok[/]")


@data_app.command("sources")
def data_sources() -> None:
    """Official download addresses of every data file (for users elsewhere)."""
    for dataset in cat.CATALOGUE:
        console.print(f"[bold]{dataset.filename}[/]", soft_wrap=True)
        console.print(f"  {escape(dataset.description)}", soft_wrap=True)
        console.print(f"  {escape(dataset.official_source)}", soft_wrap=True, highlight=False)


NEEDS_COLUMNS: dict[str, tuple[str, Callable[[object], str]]] = {
    "name": ("nombre\nname", str),
    "children": ("niñas y niños\nchildren", _fmt),
    "eligible": ("elegibles IMSS\neligible", _fmt),
    "places": ("lugares\nplaces", _fmt),
    "children_per_place": ("niños por lugar\nper place", _fmt),
    "unmet": ("no atendida\nunmet", _fmt),
    "desert_share": ("en desierto\nin desert", _pct),
}


@app.command()
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
    with _errors():
        settings = _settings(data, params)
        with _progress() as progress:
            world = load_world(settings, progress=progress)
        table = needs_table(world, state=state, municipality=municipality, polo=polo)
        _print_frame(table, "Análisis de necesidades / needs analysis", NEEDS_COLUMNS)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            table.to_csv(out)
            console.print(f"Tabla completa / full table: {out}", soft_wrap=True)


def _jsonable(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@app.command("site-report")
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

    with _errors():
        settings = _settings(data, params)
        with _progress() as progress:
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
            shown = _pct(value)
        elif key in {"lat", "lon"}:
            shown = f"{value:.5f}" if isinstance(value, float) else str(value)
        else:
            shown = _fmt(value)
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


@app.command()
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
    from redceci.report.files import write_plan_csv, write_plan_geojson
    from redceci.report.html import write_report
    from redceci.workflow import load_world
    from redceci.workflow import plan as make

    state_minimums = _pairs(state_min, "--state-min")
    state_maximums = _pairs(state_max, "--state-max")
    must_keep = _pairs(keep, "--keep")
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


db_app = typer.Typer(help="Base de datos de la plataforma / platform database.")
app.add_typer(db_app, name="db")


def _database(settings: Settings) -> Any:
    from redceci.store.db import Database, database_url

    return Database(database_url(settings))


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply the migrations (REDCECI_DATABASE_URL, else the SQLite file var/redceci.sqlite3)."""
    from redceci.store.migrate import upgrade

    with _errors():
        db = _database(get_settings())
        try:
            reached = upgrade(db, revision)
        finally:
            db.dispose()
    console.print(f"Base de datos / database: {db.engine.url!r} → revisión / revision {reached}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's revision and the newest one the code knows."""
    from redceci.store.migrate import current_revision, head_revision

    with _errors():
        db = _database(get_settings())
        try:
            current = current_revision(db)
        finally:
            db.dispose()
    console.print(
        f"{db.engine.url!r}: {current or 'vacía / empty'} (código / code: {head_revision()})"
    )


enrolment_app = typer.Typer(help="Inscripción / enrolment.")
app.add_typer(enrolment_app, name="enrolment")


@enrolment_app.command("demo")
def enrolment_demo(
    state: Annotated[str, typer.Option(help="INEGI state code, e.g. 22 (Querétaro).")],
    families: Annotated[int, typer.Option(min=1, max=200_000, help="Families to draw.")] = 2000,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the draw.")] = 1,
    centres: Annotated[
        int, typer.Option(min=1, help="Synthetic centres, if the state has no operating one.")
    ] = 10,
    start: Annotated[
        str | None,
        typer.Option(help="Start date applied for (YYYY-MM-DD); default: the next 1 September."),
    ] = None,
    data: DataOpt = None,
) -> None:
    """Load SYNTHETIC families of a real state (drawn from its census demand) applying to its
    centres, so rounds and the enrolment pages can be shown; nobody loaded exists."""

    from redceci.store.enrolment_demo import (
        census_units,
        demo_administrator,
        load_synthetic_state,
    )
    from redceci.store.migrate import upgrade
    from redceci.store.reference import load_states

    with _errors():
        try:
            start_date = dt.date.fromisoformat(start) if start else _next_school_year()
        except ValueError as exc:
            raise typer.BadParameter(f"--start {start!r}: not a date (YYYY-MM-DD)") from exc
        settings = _settings(data)
        db = _database(settings)
        try:
            upgrade(db)
            load_states(db, settings.data)
            err_console.print(f"Leyendo censo / reading census ({state})…")
            units = census_units(settings, state)
            loaded = load_synthetic_state(
                db,
                demo_administrator(db),
                units,
                state=state,
                n_families=families,
                seed=seed,
                start=start_date,
                centres=centres,
            )
        finally:
            db.dispose()
    console.print(
        f"Estado / state {loaded.state}: {loaded.families:,} familias SINTÉTICAS / SYNTHETIC "
        f"families, {loaded.children:,} niñas y niños / children, solicitando / applying for "
        f"{start_date} a / to {loaded.centres} centros / centres "
        f"({loaded.centres_created} sintéticos / synthetic), semilla / seed {loaded.seed}; "
        f"base de datos / database {db.engine.url!r}",
        soft_wrap=True,
    )


def _next_school_year(today: dt.date | None = None) -> dt.date:
    """The next 1 September (school years start then), after ``today``."""
    today = today or dt.date.today()
    this_year = dt.date(today.year, 9, 1)
    return this_year if this_year > today else dt.date(today.year + 1, 9, 1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    queue: Annotated[
        bool,
        typer.Option(
            "--queue/--in-process",
            help="Run scenarios in `python -m redceci.api.worker` processes (PostgreSQL) "
            "instead of a thread of the server.",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help="Server processes (more than one needs --queue: they share the queue)."
        ),
    ] = 1,
    demo_password: Annotated[
        str | None, typer.Option(help="Password for every demo account (default: random).")
    ] = None,
    data: DataOpt = None,
) -> None:
    """Start the web platform: migrate, load the states, create demo accounts, serve."""
    if workers > 1 and not queue:
        raise typer.BadParameter(
            "--workers above 1 needs --queue: each in-process server would resume and run the "
            "others' scenarios",
            param_hint="--workers",
        )
    import uvicorn

    from redceci.api import create_app
    from redceci.store.demo import ensure_demo_accounts
    from redceci.store.migrate import upgrade
    from redceci.store.reference import load_states

    with _errors():
        settings = _settings(data)
        db = _database(settings)
        upgrade(db)
        states = load_states(db, settings.data)
        demo = ensure_demo_accounts(db, password=demo_password)
        runner: Any = None
        if queue:
            from redceci.api.worker import QueueRunner

            runner = QueueRunner
    console.print(
        "[bold]Cuentas de demostración / demo accounts[/] (e-mail, password, role, scope)"
    )
    for account in demo:
        console.print(
            f"  {account.email}  {account.password}  {account.role.value}  ({account.scope})",
            soft_wrap=True,
            highlight=False,
        )
    console.print(
        f"Base de datos / database: {db.engine.url!r} ({states} estados / states)\n"
        f"Plataforma / platform: [bold]http://{host}:{port}/[/] "
        f"(API: http://{host}:{port}/docs)",
        soft_wrap=True,
    )
    if workers > 1:  # each process builds its app from the environment
        os.environ["REDCECI_DATA"] = str(settings.data)
        db.dispose()
        uvicorn.run(
            "redceci.api.app:queued_app", factory=True, workers=workers, host=host, port=port
        )
        return
    uvicorn.run(
        create_app(settings, database=db, runner=runner, migrate=False), host=host, port=port
    )
