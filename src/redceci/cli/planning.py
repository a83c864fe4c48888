"""Planning commands: ``needs``, ``site-report``, ``plan`` and ``programme``, each in one
language (``--lang es|en``, Spanish by default)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from redceci.cli.console import (
    CountryOpt,
    CountsFileOpt,
    DataOpt,
    Lang,
    LangOpt,
    ParamsOpt,
    console,
    fmt,
    pct,
    print_frame,
    progress_bar,
    say,
    settings_from,
    user_errors,
)

#: Needs table columns: (Spanish heading, English heading, formatter).
NEEDS_COLUMNS: dict[str, tuple[str, str, Callable[[object], str]]] = {
    "name": ("nombre", "name", str),
    "children": ("niñas y niños", "children", fmt),
    "eligible": ("elegibles IMSS", "IMSS-eligible", fmt),
    "places": ("lugares", "places", fmt),
    "children_per_place": ("niños por lugar", "per place", fmt),
    "unmet": ("no atendida", "unmet", fmt),
    "desert_share": ("en desierto", "in desert", pct),
}


def _columns(lang: str, insurer: str = "IMSS") -> dict[str, tuple[str, Callable[[object], str]]]:
    return {
        k: (say(lang, es, en).replace("IMSS", insurer), f)
        for k, (es, en, f) in NEEDS_COLUMNS.items()
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
    lang: LangOpt = Lang.ES,
    country: CountryOpt = None,
    counts_file: CountsFileOpt = None,
) -> None:
    """Needs analysis: eligible children, places, deserts, by area (national: by state; a
    municipality: by locality and AGEB)."""
    from redceci.countries import country_pack
    from redceci.workflow import load_world, needs_table

    if sum(x is not None for x in (state, municipality, polo)) > 1:
        raise typer.BadParameter(
            say(
                lang,
                "elija una de --state, --municipality o --polo",
                "choose one of --state, --municipality or --polo",
            )
        )
    with user_errors():
        settings = settings_from(data, params, country=country, counts_file=counts_file)
        with progress_bar(lang) as progress:
            world = load_world(settings, progress=progress)
        table = needs_table(world, state=state, municipality=municipality, polo=polo)
        print_frame(
            table,
            say(lang, "Análisis de necesidades", "Needs analysis"),
            _columns(lang, country_pack(settings.country).words.insurer),
            lang=lang,
        )
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            table.to_csv(out)
            console.print(say(lang, f"Tabla completa: {out}", f"Full table: {out}"), soft_wrap=True)


def _jsonable(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def site_report(
    lat: Annotated[float, typer.Option(help="Latitude (decimal degrees).", min=-90, max=90)],
    lon: Annotated[float, typer.Option(help="Longitude (decimal degrees).", min=-180, max=180)],
    employees: Annotated[
        int,
        typer.Option(min=0, max=1_000_000, help="A company's employees: count their children."),
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data: DataOpt = None,
    params: ParamsOpt = None,
    lang: LangOpt = Lang.ES,
    country: CountryOpt = None,
    counts_file: CountsFileOpt = None,
) -> None:
    """Needs analysis of one proposed site (with ``--employees``, a company's: its employees'
    children of eligible age are counted)."""
    from redceci.workflow import load_world
    from redceci.workflow import site_report as analyse

    with user_errors():
        settings = settings_from(data, params, country=country, counts_file=counts_file)
        with progress_bar(lang) as progress:
            world = load_world(settings, progress=progress)
        report = analyse(world, lat, lon, employees=employees)
    fields = report.as_dict()
    if as_json:
        doc = {k: _jsonable(v) for k, v in fields.items()}
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False))
        return
    table = Table(
        title=say(lang, f"Sitio propuesto ({lat}, {lon})", f"Proposed site ({lat}, {lon})")
    )
    table.add_column(say(lang, "concepto", "item"))
    table.add_column(say(lang, "valor", "value"), justify="right")
    for key, value in fields.items():
        if key in {"expected_occupancy", "desert_share", "children_per_worker"}:
            shown = pct(value)
        elif key in {"lat", "lon"}:
            shown = f"{value:.5f}" if isinstance(value, float) else str(value)
        else:
            shown = fmt(value, lang)
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


CentresOpt = Annotated[int, typer.Option(help="At most this many new centres.", min=0)]
PlacesOpt = Annotated[int, typer.Option(help="At most this many new places.", min=0)]
BudgetOpt = Annotated[
    float | None, typer.Option(help="Budget, in the country's currency (pesos, quetzales).", min=0)
]
StatesOpt = Annotated[list[str] | None, typer.Option(help="Plan only these states.")]
StateMinOpt = Annotated[list[str] | None, typer.Option(help="STATE=N minimum centres.")]
StateMaxOpt = Annotated[list[str] | None, typer.Option(help="STATE=N maximum centres.")]
KeepOpt = Annotated[list[str] | None, typer.Option(help="SITE_ID=PLACES that must stay.")]
CentresFileOpt = Annotated[
    Path | None,
    _user_file("Registered centres, CSV/GeoJSON: id,name,lat,lon,places,status,scheme."),
]
SitesFileOpt = Annotated[
    Path | None, _user_file("Extra candidate sites, CSV/GeoJSON: id,name,lat,lon,scheme.")
]
PlotsFileOpt = Annotated[
    Path | None,
    _user_file(
        "Plots offered for centres, CSV/GeoJSON: id,name,lat,lon,area_m2,status,status_date,"
        "scheme (status: offered, validated, donated, under_construction, operating, rejected)."
    ),
]
TravelOpt = Annotated[
    Path | None,
    _user_file("Origin-destination minutes, CSV/Parquet: origin,destination,minutes."),
]


def _settings(
    data: Path | None,
    params: Path | None,
    centres: int,
    places: int,
    budget: float | None,
    country: str | None = None,
    counts_file: Path | None = None,
) -> Any:
    return settings_from(
        data,
        params,
        country=country,
        counts_file=counts_file,
        **{
            "siting.max_centres": centres,
            "siting.max_places": places,
            "siting.budget": budget,
        },
    )


def _print_instance(world: Any, result: Any, lang: str) -> None:
    from redceci.countries import country_pack

    words = country_pack(world.country).words
    scope = set(result.units["CVE_ENT"])
    units = f"{len(result.units):,}"
    sites = f"{int(world.candidates['CVE_ENT'].isin(scope).sum()):,}"
    supply = f"{int(world.supply['CVE_ENT'].isin(scope).sum()):,}"
    console.print(
        say(
            lang,
            f"Instancia: {units} unidades de demanda, {sites} sitios candidatos, {supply} "
            + ("guarderías existentes" if world.country == "mx" else "proveedores existentes"),
            f"Instance: {units} demand units, {sites} candidate sites, {supply} existing providers",
        )
    )
    r = result.result
    at_one = result.sites.groupby(["lat", "lon"])["centres"].sum().max() if len(result.sites) else 0
    console.print(
        say(
            lang,
            f"[bold]{r.n_centres:,}[/] centros, [bold]{r.places:,}[/] lugares, costo "
            f"{r.cost / 1e6:,.0f} {words.currency_millions}, atendidos {r.served:,.0f}; a lo "
            f"más {at_one:,} centros "
            "en un mismo punto",
            f"[bold]{r.n_centres:,}[/] centres, [bold]{r.places:,}[/] places, cost "
            f"{r.cost / 1e6:,.0f} {words.currency_millions_en}, served {r.served:,.0f}; at "
            f"most {at_one:,} centres at "
            "one point",
        )
    )
    console.print(
        say(
            lang,
            f"Método: {r.method}; estado: {r.status}; brecha certificada: {100 * r.gap:.2f}% "
            f"({r.seconds:.1f} s)",
            f"Method: {r.method}; status: {r.status}; certified gap: {100 * r.gap:.2f}% "
            f"({r.seconds:.1f} s)",
        )
    )


def _boundaries(settings: Any) -> dict[str, Any]:
    """The first administrative level's boundaries of the settings' country."""
    from redceci.countries import country_pack

    boundaries: dict[str, Any] = country_pack(settings.country).data.read_boundaries(
        settings.data, "estados"
    )
    return boundaries


def _title(settings: Any, lang: str, *, programme: bool) -> str | None:
    """The report's title: the default for Mexico, the pack's names elsewhere."""
    from redceci.countries import country_pack
    from redceci.report.planning.html import country_title

    pack = country_pack(settings.country)
    return None if pack.code == "mx" else country_title(pack.words, lang, programme)


def _report_words(settings: Any) -> dict[str, str] | None:
    """The report's words for the settings' country (None: the report's own, Mexico's)."""
    from redceci.countries import country_pack
    from redceci.report.planning.html import report_words

    pack = country_pack(settings.country)
    return None if pack.code == "mx" else report_words(pack.words)


def _estimate_rows(world: Any) -> list[dict[str, str]]:
    """The pack's estimates as rows of the report's assumptions table."""
    from redceci.report.planning.html import estimate_rows

    return estimate_rows(world.estimates)


def _print_estimates(world: Any, lang: str) -> None:
    """Say what the country pack estimated instead of reading, and how to replace it."""
    for e in world.estimates:
        done = (
            say(
                lang,
                f" (reales en {e.replaced_in} municipios)",
                f" (real in {e.replaced_in} municipios)",
            )
            if e.replaced_in
            else ""
        )
        console.print(
            say(
                lang,
                f"Estimado, no leído: {e.name} = {e.value:,.0f}{done}; reemplazar con {e.replaced_by}",
                f"Estimated, not read: {e.name} = {e.value:,.0f}{done}; replace with {e.replaced_by}",
            ),
            soft_wrap=True,
            highlight=False,
        )


def plan(
    centres: CentresOpt = 1000,
    places: PlacesOpt = 500_000,
    budget: BudgetOpt = None,
    state: StatesOpt = None,
    state_min: StateMinOpt = None,
    state_max: StateMaxOpt = None,
    keep: KeepOpt = None,
    centres_file: CentresFileOpt = None,
    sites_file: SitesFileOpt = None,
    travel_table: TravelOpt = None,
    out: Annotated[Path, typer.Option(help="Output folder.", file_okay=False)] = Path("var/plan"),
    data: DataOpt = None,
    params: ParamsOpt = None,
    lang: LangOpt = Lang.ES,
    country: CountryOpt = None,
    counts_file: CountsFileOpt = None,
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
        settings = _settings(data, params, centres, places, budget, country, counts_file)
        with progress_bar(lang) as progress:
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
            boundaries=_boundaries(settings),
            title=_title(settings, lang, programme=False),
            estimates=_estimate_rows(world),
            words=_report_words(settings),
            supply=world.supply,
            polos=world.polos,
            lang=lang,
        )
    _print_instance(world, result, lang)
    _print_estimates(world, lang)
    console.print(
        say(lang, f"Informe: [bold]{html}[/]", f"Report: [bold]{html}[/]"), soft_wrap=True
    )
    console.print(say(lang, f"Datos: {geojson}, {csv}", f"Data: {geojson}, {csv}"), soft_wrap=True)


def programme(
    centres: CentresOpt = 1000,
    places: PlacesOpt = 500_000,
    budget: BudgetOpt = None,
    state: StatesOpt = None,
    state_min: StateMinOpt = None,
    state_max: StateMaxOpt = None,
    keep: KeepOpt = None,
    centres_file: CentresFileOpt = None,
    sites_file: SitesFileOpt = None,
    plots_file: PlotsFileOpt = None,
    travel_table: TravelOpt = None,
    sensitivity: Annotated[
        bool,
        typer.Option(help="Rerun under low, high and 2030 demand and report robust sites."),
    ] = True,
    out: Annotated[Path, typer.Option(help="Output folder.", file_okay=False)] = Path(
        "var/programme"
    ),
    data: DataOpt = None,
    params: ParamsOpt = None,
    lang: LangOpt = Lang.ES,
    country: CountryOpt = None,
    counts_file: CountsFileOpt = None,
) -> None:
    """Phase the plan over the years (pace, capital, land): write programme.csv (one row per
    centre with its year), plan.csv, plan.geojson and report.html with the yearly chart,
    staffing and costs."""
    from redceci.data.user import read_plots
    from redceci.report.planning.files import (
        write_plan_csv,
        write_plan_geojson,
        write_programme_csv,
    )
    from redceci.report.planning.html import write_report
    from redceci.workflow import load_world
    from redceci.workflow import programme as phase

    state_minimums = _pairs(state_min, "--state-min")
    state_maximums = _pairs(state_max, "--state-max")
    must_keep = _pairs(keep, "--keep")
    with user_errors():
        settings = _settings(data, params, centres, places, budget, country, counts_file)
        plots = read_plots(plots_file) if plots_file is not None else None
        with progress_bar(lang) as progress:
            world = load_world(
                settings,
                centres_file=centres_file,
                sites_file=sites_file,
                travel_file=travel_table,
                plots=plots,
                progress=progress,
            )
            result = phase(
                world,
                states=state,
                state_min=state_minimums,
                state_max=state_maximums,
                must_keep=must_keep,
                sensitivity=sensitivity,
                progress=progress,
            )
        out.mkdir(parents=True, exist_ok=True)
        schedule = write_programme_csv(result, out / "programme.csv")
        geojson = write_plan_geojson(result.plan, out / "plan.geojson")
        csv = write_plan_csv(result.plan, out / "plan.csv")
        html = write_report(
            out / "report.html",
            result.plan,
            boundaries=_boundaries(settings),
            title=_title(settings, lang, programme=True),
            estimates=_estimate_rows(world),
            words=_report_words(settings),
            supply=world.supply,
            polos=world.polos,
            lang=lang,
            programme=result,
        )
    _print_instance(world, result.plan, lang)
    _print_estimates(world, lang)
    from redceci.countries import country_pack

    words = country_pack(world.country).words
    _print_years(result, lang, (words.currency_millions, words.currency_millions_en))
    console.print(
        say(lang, f"Informe: [bold]{html}[/]", f"Report: [bold]{html}[/]"), soft_wrap=True
    )
    console.print(
        say(lang, f"Datos: {schedule}, {csv}, {geojson}", f"Data: {schedule}, {csv}, {geojson}"),
        soft_wrap=True,
    )


def _print_years(result: Any, lang: str, millions: tuple[str, str] = ("MDP", "MDP")) -> None:
    table = Table(title=say(lang, "Programa por año", "Programme by year"))
    heads = (
        ("año", "year"),
        ("abren", "opening"),
        ("abiertos", "open"),
        ("lugares", "places"),
        ("atendidos", "served"),
        ("mujeres (central)", "women (central)"),
        (f"construcción {millions[0]}", f"capital {millions[1]}"),
        (f"operación {millions[0]}", f"running {millions[1]}"),
    )
    for i, (es, en) in enumerate(heads):
        table.add_column(say(lang, es, en), justify="left" if i == 0 else "right")
    for year, row in result.by_year.iterrows():
        table.add_row(
            str(year),
            fmt(int(row["centres_opened"])),
            fmt(int(row["centres_open"])),
            fmt(int(row["places_open"])),
            fmt(float(row["served"])),
            fmt(float(row["mothers_enabled_central"])),
            fmt(float(row["capital"]) / 1e6),
            fmt(float(row["operating"]) / 1e6),
        )
    console.print(table)
    ph = result.phasing
    console.print(
        say(
            lang,
            f"Beneficio acumulado {ph.value:,.0f}, cota certificada {ph.bound:,.0f}: brecha "
            f"{100 * ph.gap:.2f}% ({ph.seconds:.1f} s)",
            f"Cumulative benefit {ph.value:,.0f}, certified bound {ph.bound:,.0f}: gap "
            f"{100 * ph.gap:.2f}% ({ph.seconds:.1f} s)",
        )
    )
    needed = int((result.centres["land"] == "land_needed").sum())
    if needed:
        console.print(
            say(
                lang,
                f"{needed:,} centros aún sin terreno (abren desde "
                f"{int(result.centres.loc[result.centres['land'] == 'land_needed', 'earliest_year'].min())})",
                f"{needed:,} centres still need land (open from "
                f"{int(result.centres.loc[result.centres['land'] == 'land_needed', 'earliest_year'].min())})",
            )
        )
    if result.scenarios is not None:
        for _, r in result.scenarios.iterrows():
            console.print(
                say(
                    lang,
                    f"Escenario {r['scenario']}: se mantienen {int(r['base_sites_kept']):,} de "
                    f"{len(result.robustness):,} sitios ({100 * r['base_sites_kept_share']:.0f}%)",
                    f"Scenario {r['scenario']}: {int(r['base_sites_kept']):,} of "
                    f"{len(result.robustness):,} sites kept ({100 * r['base_sites_kept_share']:.0f}%)",
                )
            )
