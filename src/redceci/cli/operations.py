"""Operations commands: ``operations demo`` (SYNTHETIC weeks of the demo centres' days) and
``operations notify`` (mail guardians the refusals and new incidents not yet sent)."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from redceci.cli.console import (
    CountryOpt,
    DataOpt,
    ParamsOpt,
    console,
    database_of,
    settings_from,
    user_errors,
)

operations_app = typer.Typer(help="Operación de los centros / centre operations.")


@operations_app.command("demo")
def operations_demo(
    weeks: Annotated[int, typer.Option(min=1, max=26, help="Weeks of days to simulate.")] = 6,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the simulation.")] = 1,
    data: DataOpt = None,
    params: ParamsOpt = None,
    country: CountryOpt = None,
) -> None:
    """Simulate SYNTHETIC weeks of the demo centres' days (attendance, refusals, late pick-ups,
    incidents, drills) for the children enrolled by ``enrolment demo``; nothing loaded
    happened. Run ``redceci enrolment demo`` first."""

    from redceci.api.operations.schemas import operations_rules
    from redceci.countries import country_pack
    from redceci.store.enrolment.demo import demo_administrator
    from redceci.store.migrate import upgrade
    from redceci.store.operations.demo import load_operations_demo

    with user_errors():
        settings = settings_from(data, params, country=country)
        db = database_of(settings)
        try:
            upgrade(db)
            loaded = load_operations_demo(
                db,
                demo_administrator(db, country_pack(settings.country)),
                weeks=weeks,
                seed=seed,
                tz=ZoneInfo(settings.timezone),
                rules=operations_rules(settings),
            )
        finally:
            db.dispose()
    skipped = (
        f"; ya cargados / already loaded: {', '.join(loaded.skipped)}" if loaded.skipped else ""
    )
    console.print(
        f"{loaded.centres} centros / centres, {loaded.days:,} días SINTÉTICOS / SYNTHETIC days, "
        f"{loaded.events:,} eventos / events, {loaded.staff_created} personas de personal / "
        f"staff created"
        + (", ronda publicada / round published" if loaded.round_published else "")
        + skipped,
        soft_wrap=True,
    )


@operations_app.command("notify")
def operations_notify(
    data: DataOpt = None,
    params: ParamsOpt = None,
    country: CountryOpt = None,
) -> None:
    """Mail each guardian account the refusals and new incidents of its children not yet
    mailed (once each, whoever else sends; the mail settings: REDCECI_MAIL__BACKEND=smtp and
    REDCECI_MAIL__SMTP_*). For cron when the server does not send (REDCECI_NOTICE_SECONDS=0)."""

    from redceci.api.operations.notices import send_notices
    from redceci.store.migrate import upgrade

    with user_errors():
        settings = settings_from(data, params, country=country)
        db = database_of(settings)
        try:
            upgrade(db)
            run = send_notices(db, settings)
        finally:
            db.dispose()
    console.print(
        f"Avisos enviados / notices sent: {run.sent}; fallidos, se reintentan / failed, "
        f"retried: {run.failed}",
        soft_wrap=True,
    )
    if run.failed:
        raise typer.Exit(1)
