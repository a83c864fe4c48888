"""Guatemala's platform in a browser, as a new user tries it: a planner signs in to *Red
CADI*, opens a scenario of a departamento with its map, and a parent registers a family with a
CUI (a mistyped one refused first). Screenshots go to ``var/screenshots/gt/``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from redceci.app import create_app
from redceci.countries import country_pack
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import get_settings
from redceci.store.platform.accounts import issue_token
from redceci.store.platform.reference import load_regions
from redceci.store.testing import add_user, temporary_database
from tests.countries.folders import data_dir_of
from tests.web.browser import chromium, require_chromium, serving, shots_for, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    with chromium() as launched:
        yield launched


def test_guatemala_s_platform_plans_and_registers_a_family_with_a_cui(
    browser: Any, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    pack = country_pack("gt")
    settings = get_settings(country="gt", data=data_dir_of("gt")).model_copy(
        update={"output": tmp_path / "out"}
    )
    shots = shots_for("gt")
    with temporary_database("sqlite", tmp_path) as db:
        load_regions(db, pack.data.read_regions(settings.data))
        planner = add_user(db, "planeacion@demo.redceci.gt", Grant(Role.NATIONAL_PLANNER))
        add_user(db, "familia@demo.redceci.gt", Grant(Role.PARENT, family_id="F-1"))
        app = create_app(settings, database=db)
        headers = {"Authorization": f"Bearer {issue_token(db, planner, name='t').secret}"}
        with TestClient(app, base_url="https://testserver") as client:
            created = client.post(
                "/api/scenarios",
                json={"name": "Quetzaltenango", "parameters": {"states": ["09"], "centres": 8}},
                headers=headers,
            )
            assert created.status_code == 202, created.text
            app.state.runner.wait(timeout=600)
            scenario = created.json()["id"]
        with serving(app) as url:
            page = signed_in_page(browser, url, "planeacion@demo.redceci.gt")
            assert page.inner_text("a.brand") == "Red CADI"
            page.goto(f"{url}/escenarios/{scenario}")
            page.wait_for_selector("#result-map.map-ready .mark-sites", timeout=120_000)
            assert page.locator("#result-map .mark-sites").count() >= 1
            assert "Quetzaltenango" in page.inner_text("main")
            page.screenshot(path=shots / "10-escenario.png", full_page=True)

            parent = signed_in_page(browser, url, "familia@demo.redceci.gt")
            parent.goto(f"{url}/familias/F-1/registro")
            assert "CUI" in parent.inner_text("main")
            birth = dt.date.today() - dt.timedelta(days=400)
            cui = pack.identity.made_up_person_id(3, birth, "09", True)
            parent.fill("input[name=g0_name]", "Ana López")
            parent.fill("input[name=g0_nss]", pack.identity.made_up_insurance_id(3))
            if parent.locator("input[name=g0_phone]").count():
                parent.fill("input[name=g0_phone]", "5512345678")
            parent.fill("input[name=c0_name]", "Luis López")
            parent.fill("input[name=c0_curp]", cui[:8] + str((int(cui[8]) + 1) % 10) + cui[9:])
            parent.fill("input[name=c0_birth]", birth.isoformat())
            parent.click("#family-form button[type=submit]")
            assert "el CUI" in parent.inner_text(".error")
            parent.fill("input[name=c0_curp]", cui)
            parent.screenshot(path=shots / "20-familia-registro.png", full_page=True)
            parent.click("#family-form button[type=submit]")
            parent.wait_for_url(f"{url}/familias/F-1")
            assert "Luis López" in parent.inner_text("main")
            parent.screenshot(path=shots / "30-familia.png", full_page=True)
