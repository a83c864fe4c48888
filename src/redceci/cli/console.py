"""What every command shares: the two consoles (results to standard output, progress and errors
to standard error), the common options, settings from options, the database, and errors as exit 2."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
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

from redceci.errors import RedceciError
from redceci.settings import Settings, get_settings

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


CountryOpt = Annotated[
    str | None,
    typer.Option(
        "--country",
        help="País / country pack: mx (México, default) or gt (Guatemala) (REDCECI_COUNTRY).",
    ),
]
CountsFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--counts-file",
        help="Real municipal counts replacing the country pack's estimates (gt), CSV: "
        "cod_muni and any of children_0_4, employed_women, insured, care_places.",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
]


class Lang(StrEnum):
    """The language a command speaks (Spanish by default, as the pages)."""

    ES = "es"
    EN = "en"


LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang", help="Idioma de la salida / output language: es, en.", case_sensitive=False
    ),
]


def say(lang: str, es: str, en: str) -> str:
    """The Spanish or the English of a message."""
    return en if lang == Lang.EN else es


#: The solver's stage names, in Spanish.
STAGES_ES = {
    "greedy": "búsqueda voraz",
    "local_search": "búsqueda local",
    "polish": "asignación óptima",
    "bound": "cota certificada",
    "programme": "programa por año",
}


def one_language(message: str, lang: str) -> str:
    """A progress message in one language: ``"es / en"`` messages split, stage names
    translated."""
    if " / " in message:
        es, _, en = message.partition(" / ")
        return say(lang, es, en)
    if lang == Lang.ES:
        return STAGES_ES.get(message, message)
    return message


def settings_from(
    data: Path | None,
    params: Path | None = None,
    *,
    country: str | None = None,
    counts_file: Path | None = None,
    **model: Any,
) -> Settings:
    """Settings from the common options: data folder, parameters file, country pack (checked
    against the registry), counts file, and model parameters as ``group.name`` keywords."""
    from redceci.countries import country_pack

    overrides: dict[str, Any] = {}
    if data is not None:
        overrides["data"] = data
    if country is not None:
        overrides["country"] = country_pack(country).code
    if counts_file is not None:
        overrides["counts_file"] = counts_file
    settings = get_settings(params, **overrides)
    country_pack(settings.country)
    if model:
        merged = settings.model.model_dump()
        for dotted, value in model.items():
            if value is None:
                continue
            group, name = dotted.split(".")
            merged[group][name] = value
            merged["sources"].pop(dotted, None)  # the user's value: the field's own source
        settings = settings.model_copy(
            update={"model": type(settings.model).model_validate(merged)}
        )
    return settings


def fail(message: str) -> typer.Exit:
    err_console.print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(2)


@contextmanager
def user_errors() -> Iterator[None]:
    """Map the errors a user can cause to exit code 2 with the reason."""
    try:
        yield
    except RedceciError as exc:
        raise fail(str(exc)) from exc
    except ValidationError as exc:  # model parameters given as options
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise fail(f"parámetro inválido / invalid parameter: {problems}") from exc
    except OSError as exc:  # output folder not writable, and the like
        raise fail(f"{exc.filename or ''}: {exc.strerror or exc}") from exc


@contextmanager
def progress_bar(lang: str = "es") -> Iterator[Callable[[str, float], None]]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=1.0)

        def update(message: str, fraction: float) -> None:
            bar.update(task, description=one_language(message, lang), completed=fraction)

        yield update


def fmt(value: object, lang: str = "es") -> str:
    if isinstance(value, bool):
        return say(lang, "sí" if value else "no", "yes" if value else "no")
    if isinstance(value, int | float):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return "—"
        if abs(value) >= 100 or float(value).is_integer():
            return f"{value:,.0f}"
        return f"{value:,.2f}"
    return str(value)


def pct(value: object) -> str:
    if isinstance(value, int | float) and math.isfinite(value):
        return f"{100 * value:.0f} %"
    return "—"


def print_frame(
    frame: pd.DataFrame,
    title: str,
    columns: dict[str, tuple[str, Callable[[object], str]]],
    limit: int = 40,
    *,
    lang: str = "es",
) -> None:
    """Print the first ``limit`` rows. Numbers are never cut: headings and names wrap, and a
    table that cannot fit the terminal is printed wider rather than truncated."""
    shown = [c for c in columns if c in frame.columns]
    rows = [
        [str(key), *(columns[c][1](row[c]) for c in shown)]
        for key, row in frame.head(limit).iterrows()
    ]
    headings = [say(lang, "clave", "key"), *(columns[c][0] for c in shown)]
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
        more = len(frame) - limit
        console.print(
            say(lang, f"… {more} filas más (use --out)", f"… {more} more rows (use --out)")
        )


def database_of(settings: Settings) -> Any:
    from redceci.store.db import Database, database_url

    return Database(database_url(settings))
