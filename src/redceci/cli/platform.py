"""Platform commands: ``data check|sources``, ``db upgrade|current`` and ``serve``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from redceci.cli.console import (
    CountryOpt,
    DataOpt,
    Lang,
    LangOpt,
    ParamsOpt,
    console,
    database_of,
    err_console,
    fmt,
    say,
    settings_from,
    user_errors,
)
from redceci.settings import get_settings

data_app = typer.Typer(help="Datos: revisar y fuentes / data: check and sources.")


@data_app.command("check")
def data_check(data: DataOpt = None, lang: LangOpt = Lang.ES, country: CountryOpt = None) -> None:
    """Presence, row count, SHA-256 and contents of every data file of the country pack."""
    from redceci.countries import country_pack

    with user_errors():
        settings = settings_from(data, country=country)
        pack = country_pack(settings.country)
    console.print(
        say(lang, f"Datos ({pack.name}): {settings.data}", f"Data ({pack.name}): {settings.data}"),
        soft_wrap=True,
    )
    if not settings.data.is_dir():
        err_console.print(
            say(lang, "[bold red]No existe la carpeta[/]", "[bold red]Folder not found[/]")
            + " (REDCECI_DATA, --data)"
        )
    checks = pack.data.check(settings.data)
    width = max(len(c.filename) for c in checks)
    problems: list[str] = []
    for check in checks:
        rows = fmt(check.rows) if check.rows is not None else "—"
        mark = "[green]ok   [/]" if check.ok else "[bold red]ERROR[/]"
        console.print(
            f"{mark}  {check.filename:<{width}}  {rows:>7} {say(lang, 'filas', 'rows')}",
            soft_wrap=True,
        )
        console.print(f"       sha256 {check.sha256 or '—'}", soft_wrap=True)
        if not check.ok:
            console.print(f"       {escape(check.message)}", soft_wrap=True)
            problems.append(check.filename)
    if problems:
        n = len(problems)
        err_console.print(
            say(
                lang,
                f"[bold red]{n} archivo(s) con problemas:[/] ",
                f"[bold red]{n} file(s) with problems:[/] ",
            )
            + ", ".join(problems),
            soft_wrap=True,
        )
        raise typer.Exit(1)
    n = len(checks)
    console.print(say(lang, f"[green]{n} archivos correctos[/]", f"[green]{n} files ok[/]"))


@data_app.command("sources")
def data_sources(country: CountryOpt = None) -> None:
    """Official download addresses of every data file (for users elsewhere)."""
    from redceci.countries import country_pack

    with user_errors():
        pack = country_pack(settings_from(None, country=country).country)
    for filename, description, source in pack.data.sources():
        console.print(f"[bold]{filename}[/]", soft_wrap=True)
        console.print(f"  {escape(description)}", soft_wrap=True)
        console.print(f"  {escape(source)}", soft_wrap=True, highlight=False)


db_app = typer.Typer(help="Base de datos de la plataforma / platform database.")


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply the migrations (REDCECI_DATABASE_URL, else the SQLite file var/redceci.sqlite3)."""
    from redceci.store.migrate import upgrade

    with user_errors():
        db = database_of(get_settings())
        try:
            reached = upgrade(db, revision)
        finally:
            db.dispose()
    console.print(f"Base de datos / database: {db.engine.url!r} → revisión / revision {reached}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's revision and the newest one the code knows."""
    from redceci.store.migrate import current_revision, head_revision

    with user_errors():
        db = database_of(get_settings())
        try:
            current = current_revision(db)
        finally:
            db.dispose()
    console.print(
        f"{db.engine.url!r}: {current or 'vacía / empty'} (código / code: {head_revision()})"
    )


@db_app.command("backup")
def db_backup(
    path: Annotated[Path, typer.Argument(help="File to write (SQLite copy or pg_dump archive).")],
) -> None:
    """Save a consistent copy of the platform database while it runs (SQLite online backup,
    PostgreSQL pg_dump --format=custom)."""
    from redceci.store.platform.backup import backup

    with user_errors():
        db = database_of(get_settings())
        try:
            info = backup(db, path)
        finally:
            db.dispose()
    console.print(
        f"Respaldo / backup: {info.path} ({info.bytes:,} bytes, {sum(info.rows.values()):,} "
        f"filas / rows in {len(info.rows)} tablas / tables)",
        soft_wrap=True,
    )


@db_app.command("restore")
def db_restore(
    path: Annotated[Path, typer.Argument(help="A file written by `redceci db backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm: the database is replaced by the backup.")
    ] = False,
) -> None:
    """Replace the platform database by a backup (stop the servers and workers first)."""
    from redceci.store.platform.backup import fingerprint, restore

    if not yes:
        raise typer.BadParameter(
            "restoring replaces every row of the database; add --yes to confirm",
            param_hint="--yes",
        )
    with user_errors():
        db = database_of(get_settings())
        try:
            restore(db, path)
            rows = fingerprint(db).rows
        finally:
            db.dispose()
    console.print(
        f"Restaurado / restored {path}: {sum(rows.values()):,} filas / rows", soft_wrap=True
    )


#: What ``serve`` loads after the demo accounts: ``(db, settings, pack, families)`` callables
#: the composition (``cli/__init__``) registers (the enrolment demo), so platform's commands
#: use no other capability.
SERVE_DEMOS: list[Callable[[Any, Any, Any, int], None]] = []


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
    params: ParamsOpt = None,
    country: CountryOpt = None,
    demo_families: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=200_000,
            help="SYNTHETIC families of the country's demo region loaded on first start "
            "(default: the pack's; none for Mexico, whose `make demo` loads them; 1,000 for "
            "Guatemala).",
        ),
    ] = None,
) -> None:
    """Start the web platform: migrate, load the states, create demo accounts (and the
    SYNTHETIC enrolment demo from its census the pack asks for, if any), serve."""
    if workers > 1 and not queue:
        raise typer.BadParameter(
            "--workers above 1 needs --queue: each in-process server would resume and run the "
            "others' scenarios",
            param_hint="--workers",
        )
    import uvicorn

    from redceci.app import create_app, ready
    from redceci.countries import activate, country_pack
    from redceci.store.migrate import upgrade
    from redceci.store.platform.demo import ensure_demo_accounts
    from redceci.store.platform.reference import load_regions

    with user_errors():
        settings = settings_from(data, params, country=country)
        pack = country_pack(settings.country)
        activate(pack)  # its rules for the demo (room groups), as create_app does
        db = database_of(settings)
        upgrade(db)
        states = load_regions(db, pack.data.read_regions(settings.data))
        demo = ensure_demo_accounts(db, pack, password=demo_password)
        wanted = demo_families if demo_families is not None else pack.demo_site.serve_families
        if wanted:
            for load_demo in SERVE_DEMOS:
                load_demo(db, settings, pack, wanted)
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
        f"{pack.words.programme} — {pack.name}; base de datos / database: {db.engine.url!r} "
        f"({states} {pack.words.regions} / {pack.words.region_en}s)\n"
        f"Plataforma / platform: [bold]http://{host}:{port}/[/] "
        f"(API: http://{host}:{port}/docs)",
        soft_wrap=True,
    )
    if workers > 1:  # each process builds its app from the environment
        os.environ["REDCECI_DATA"] = str(settings.data)
        os.environ["REDCECI_COUNTRY"] = settings.country
        db.dispose()
        if settings.operations:  # the worker processes build their settings from the environment
            os.environ["REDCECI_OPERATIONS"] = json.dumps(settings.operations)
        uvicorn.run(
            "redceci.app:queued_app",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            proxy_headers=False,  # the app believes X-Forwarded-For from trusted_proxies only
        )
        return
    uvicorn.run(
        ready(create_app(settings, database=db, runner=runner, migrate=False)),
        host=host,
        port=port,
        proxy_headers=False,
    )
