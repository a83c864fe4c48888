"""Nutrition and health in a real browser (Playwright driving Debian's chromium), on SQLite and
PostgreSQL: the medical staff record a child's peanut allergy and a measurement (the growth
chart gains a point and a stunting flag); the nutritionist starts a 4-week menu from the sample,
tries a sugared drink (refused with the reason), saves the week, and publishes after confirming
the allergy conflict; the kitchen sheet of the day the peanut dish is served gives the child a
substitute; the centre's page lists the overdue vaccines. Screenshots go to
``var/screenshots/<backend>/``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from redceci.app import create_app
from redceci.nutrition_health import sample
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.nutrition_health import catalogue
from redceci.store.nutrition_health.catalogue import RecipeData
from redceci.store.platform.reference import load_states
from redceci.store.testing import temporary_database
from tests.backends import BACKENDS, require_postgres
from tests.store.nutrition_health.factories import Place, centre_with_children
from tests.web.browser import chromium, require_chromium, serving, shots_for, signed_in_page

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Site:
    url: str
    place: Place
    shots: Path
    db: Database


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Site]:
    require_chromium()
    backend = str(request.param)
    if backend == "postgresql":
        require_postgres()
    folder = tmp_path_factory.mktemp("nutrition-browser")
    with temporary_database(backend, folder) as db:
        load_states(db, settings.data)
        place = centre_with_children(db)
        catalogue.save_recipe(
            db,
            place.nutritionist,
            RecipeData(
                code="agua_dulce",
                name_es="Agua de limón con azúcar",
                course="drink",
                texture="family",
                yield_g=1000,
                lines=[
                    {"ingredient": "water", "gross_g": 950, "net_g": 950},
                    {"ingredient": "sugar", "gross_g": 40, "net_g": 40},
                ],
            ),
        )
        app = create_app(
            settings.model_copy(update={"output": folder / "out"}), database=db, migrate=False
        )
        with serving(app) as url:
            yield Site(url, place, shots_for(backend), db)


def test_the_done_criteria_in_a_browser(site: Site) -> None:
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    ana, beto = site.place.children["Ana"], site.place.children["Beto"]
    with chromium() as browser:
        # Medical staff: Ana's peanut allergy with its document; Beto's measurement.
        med = signed_in_page(browser, site.url, "med@col-nh.mx")
        med.goto(f"{site.url}/salud/ninos/{ana}")
        med.select_option("[data-testid=allergen]", "peanut")
        med.fill("[data-testid=document]", "dictamen-alergologia-123.pdf")
        med.click("[data-testid=add-restriction]")
        assert "peanut" in med.inner_text("[data-testid=restrictions]")
        med.goto(f"{site.url}/salud/ninos/{beto}")
        assert med.locator("[data-testid=point]").count() == 0
        med.fill("input[name=measured_on]", (dt.date.today() - dt.timedelta(days=30)).isoformat())
        med.fill("[data-testid=weight]", "11.2")
        med.fill("[data-testid=length]", "83.5")
        med.select_option("select[name=position]", "H")
        med.click("[data-testid=measure]")
        assert med.locator("[data-testid=point]").count() == 2
        assert "talla baja" in med.inner_text("[data-testid=latest]")
        med.screenshot(path=str(site.shots / "nh-growth-chart.png"), full_page=True)

        # Nutritionist: a 4-week menu from the sample; a sugared drink refused with the reason.
        nutri = signed_in_page(browser, site.url, "nutri@col-nh.mx")
        nutri.goto(f"{site.url}/nutricion/menus")
        nutri.fill("input[name=starts_on]", monday.isoformat())
        nutri.click("[data-testid=new-menu] button[type=submit]")
        nutri.wait_for_selector("[data-testid=week-form]")
        assert nutri.locator("[data-testid=no-violations]").count() == 1
        menu_url = nutri.url.split("?")[0]
        nutri.goto(f"{menu_url}?etapa=preescolar_36_59&semana=2")
        slot = next(
            f"d1_lunch_{i}"
            for i in range(4)
            if nutri.input_value(f"[data-testid=d1_lunch_{i}]") in ("agua", "agua_pepino")
        )
        nutri.select_option(f"[data-testid={slot}]", "agua_dulce")
        nutri.click("[data-testid=save-week]")
        refused = nutri.inner_text("[data-testid=refused]")
        assert "lleva azúcar añadida (Azúcar)" in refused and "Agua de limón" in refused
        nutri.screenshot(path=str(site.shots / "nh-menu-refused.png"), full_page=True)
        nutri.select_option(f"[data-testid={slot}]", "agua")
        nutri.click("[data-testid=save-week]")
        nutri.wait_for_selector("[data-testid=saved]")
        nutri.click("[data-testid=to-publish]")
        assert "Ana" in nutri.inner_text("[data-testid=conflicts]")
        nutri.click("[data-testid=publish]")  # without confirming: refused
        assert "alergia" in nutri.inner_text("[data-testid=publish-error]")
        nutri.check("[data-testid=confirm]")
        nutri.click("[data-testid=publish]")
        nutri.wait_for_selector("[data-testid=week-form]")
        assert "Publicado" in nutri.inner_text("h1")

        # Kitchen: the peanut dish's day gives Ana a substitute; the centre's overdue vaccines.
        item = next(
            i
            for i in sample.four_week_menu().items
            if i.recipe == "pollo_cacahuate" and i.stage == "preescolar_36_59"
        )
        day = monday + dt.timedelta(weeks=item.week - 1, days=item.day)
        director = signed_in_page(browser, site.url, "dir@col-nh.mx")
        director.goto(f"{site.url}/nutricion/centros/{site.place.centre_id}/cocina?fecha={day}")
        row = director.inner_text("[data-testid=substitutions]")
        assert "Ana" in row and "Pollo encacahuatado" in row and "Cacahuate" in row
        director.screenshot(path=str(site.shots / "nh-kitchen-sheet.png"), full_page=True)
        director.goto(f"{site.url}/salud/centros/{site.place.centre_id}?fecha={day}")
        assert "Ana" in director.inner_text("[data-testid=alerts]")
        overdue = director.inner_text("[data-testid=overdue]")
        assert "Caro" in overdue and "Hexavalente" in overdue
        director.screenshot(path=str(site.shots / "nh-centre-health.png"), full_page=True)
