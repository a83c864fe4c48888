"""Enrolment commands: ``enrolment demo`` (SYNTHETIC families of a real state)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from redceci.cli.console import (
    CountryOpt,
    DataOpt,
    console,
    database_of,
    err_console,
    settings_from,
    user_errors,
)

enrolment_app = typer.Typer(help="Inscripción / enrolment.")


@enrolment_app.command("demo")
def enrolment_demo(
    state: Annotated[
        str | None,
        typer.Option(
            help="State (region) code, e.g. 22 (Querétaro) or, with --country gt, 01 "
            "(departamento de Guatemala); default: the country pack's demo region."
        ),
    ] = None,
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
    country: CountryOpt = None,
) -> None:
    """Load SYNTHETIC families of a real state (drawn from its census demand) applying to its
    centres, so rounds and the enrolment pages can be shown; nobody loaded exists."""

    from redceci.countries import activate, country_pack
    from redceci.store.enrolment.demo import census_units, demo_administrator, load_synthetic_state
    from redceci.store.migrate import upgrade
    from redceci.store.platform.reference import load_regions

    with user_errors():
        try:
            start_date = dt.date.fromisoformat(start) if start else _next_school_year()
        except ValueError as exc:
            raise typer.BadParameter(f"--start {start!r}: not a date (YYYY-MM-DD)") from exc
        settings = settings_from(data, country=country)
        pack = country_pack(settings.country)
        activate(pack)
        state = (state or pack.demo_region).zfill(2)
        db = database_of(settings)
        try:
            upgrade(db)
            load_regions(db, pack.data.read_regions(settings.data))
            err_console.print(f"Leyendo censo / reading census ({state})…")
            units = census_units(settings, state)
            loaded = load_synthetic_state(
                db,
                demo_administrator(db, pack),
                units,
                state=state,
                n_families=families,
                seed=seed,
                start=start_date,
                centres=centres,
                names=(pack.words.programme, pack.words.institution, pack.words.direct_scheme),
                rooms=pack.rooms,
            )
        finally:
            db.dispose()
    console.print(
        f"{pack.name}, {pack.words.region} / {pack.words.region_en} {loaded.state}: {loaded.families:,} familias SINTÉTICAS / SYNTHETIC "
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


def demo_on_serve(db: Any, settings: Any, pack: Any, families: int) -> None:
    """``serve``'s enrolment demo: the SYNTHETIC families of the pack's demo region, loaded
    once (seed 1)."""
    import datetime as dt

    from redceci.countries import activate
    from redceci.store.enrolment.demo import (
        census_units,
        demo_administrator,
        has_synthetic_families,
        load_synthetic_state,
    )

    region = pack.demo_region
    if has_synthetic_families(db, region, 1):
        return
    activate(pack)
    err_console.print(
        f"Familias SINTÉTICAS / SYNTHETIC families: {families:,} ({pack.words.region} {region})…"
    )
    today = dt.date.today()
    september = dt.date(today.year, 9, 1)
    loaded = load_synthetic_state(
        db,
        demo_administrator(db, pack),
        census_units(settings, region),
        state=region,
        n_families=families,
        seed=1,
        start=september if september > today else dt.date(today.year + 1, 9, 1),
        names=(pack.words.programme, pack.words.institution, pack.words.direct_scheme),
        rooms=pack.rooms,
    )
    console.print(
        f"{loaded.families:,} familias SINTÉTICAS / SYNTHETIC families, "
        f"{loaded.children:,} niñas y niños / children, {loaded.centres} centros / centres "
        f"({pack.words.region} {region})",
        soft_wrap=True,
    )
