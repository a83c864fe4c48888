"""The operations pages' scripts in chromium. The director's board redraws a conflict that
arrives after the page loaded with its reason in the page's language (the script's table of
the store's reasons). The staff room page's script, where the rest of the platform answers for it:
the allergy alerts at serving time come from the nutrition capability's API (here played by
Playwright's request routing, so that a known day's substitutions are answered whatever the
date), and only the room's children are shown, each with the dish not to serve and its
substitute."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from redceci.app import create_app
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.operations import events
from redceci.store.operations.inputs import EventIn
from redceci.store.platform.reference import load_states
from redceci.store.testing import temporary_database
from tests.web.browser import chromium, require_chromium, serving, signed_in_page
from tests.web.operations.world import OpsWorld, operations_world

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Site:
    url: str
    world: OpsWorld
    db: Database


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Site]:
    require_chromium()
    folder: Path = tmp_path_factory.mktemp("staff-script")
    with temporary_database("sqlite", folder) as db:
        load_states(db, settings.data)
        world = operations_world(db)
        app = create_app(
            settings.model_copy(update={"output": folder / "out"}), database=db, migrate=False
        )
        with serving(app) as url:
            yield Site(url, world, db)


def test_the_rooms_children_get_their_allergy_alerts_at_serving_time(site: Site) -> None:
    w = site.world
    ana, dani = w.children["Ana"], w.children["Dani"]  # Dani is in the maternales room
    alerts = [
        {
            "child_id": ana,
            "child": "Ana Ruiz",
            "meal": "lunch",
            "dish_name": "Pollo encacahuatado",
            "substitute_name": "Pollo en salsa de jitomate",
        },
        {
            "child_id": dani,
            "child": "Dani Sol",
            "meal": "lunch",
            "dish_name": "Pescado empanizado",
            "substitute_name": None,
        },
    ]
    asked: list[str] = []

    def answer(route: Any) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(alerts))

    with chromium() as browser:
        page = signed_in_page(browser, site.url, "edu@ops.mx")
        page.route("**/api/nutrition/centres/*/allergy-alerts", answer)
        page.goto(f"{site.url}/operaciones/centros/{w.centre}/salas/{w.lactantes}")
        page.wait_for_selector("[data-testid=allergy-alerts]:visible")
        shown = page.inner_text("[data-testid=allergy-alerts]")
        assert "Ana Ruiz" in shown and "Pollo encacahuatado" in shown
        assert "Pollo en salsa de jitomate" in shown and "Comida" in shown
        assert "Dani Sol" not in shown  # another room's child
        page.goto(f"{site.url}/operaciones/centros/{w.centre}/salas/{w.maternales}")
        page.wait_for_selector("[data-testid=allergy-alerts]:visible")
        shown = page.inner_text("[data-testid=allergy-alerts]")
        assert "Dani Sol" in shown and "sin sustituto" in shown and "Ana Ruiz" not in shown
    assert all(f"/api/nutrition/centres/{w.centre}/allergy-alerts" in u for u in asked)


def test_the_board_redraws_a_new_conflict_in_the_pages_language(site: Site) -> None:
    from zoneinfo import ZoneInfo

    w = site.world
    beto = w.children["Beto"]

    def check_in() -> str:
        event = EventIn(
            idempotency_key=uuid.uuid4().hex,
            kind="check_in",  # type: ignore[arg-type]
            device_time=dt.datetime.now(dt.UTC),
            child_id=beto,
        )
        [result] = events.ingest(
            site.db, w.director, w.centre, [event], tz=ZoneInfo("America/Mexico_City")
        )
        return str(result.status)

    with chromium() as browser:
        board = signed_in_page(browser, site.url, "dir@ops.mx")
        board.goto(f"{site.url}/operaciones/centros/{w.centre}")
        english = signed_in_page(browser, site.url, "dir@ops.mx")
        english.goto(f"{site.url}/operaciones/centros/{w.centre}?lang=en")
        assert "Beto Gil" not in board.inner_text("[data-testid=conflicts]")
        assert [check_in(), check_in()] == ["stored", "conflict"]  # after the pages loaded
        board.wait_for_function(
            "() => document.querySelector('[data-testid=conflicts]').innerText.includes('Beto')"
        )
        shown = board.inner_text("[data-testid=conflicts]")
        assert "Beto Gil: ya tenía entrada a las" in shown and "(¿otro dispositivo?)" in shown
        english.wait_for_function(
            "() => document.querySelector('[data-testid=conflicts]').innerText.includes('Beto')"
        )
        assert "Beto Gil: already checked in at" in english.inner_text("[data-testid=conflicts]")
