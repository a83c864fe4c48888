"""In a real browser (Playwright driving Debian's chromium): the centres registry's map, with
SYNTHETIC centres placed at the 40 largest real localities of Nuevo León (INEGI points), on
SQLite and on PostgreSQL: clusters open when clicked, a centre's popup leads to its page, the
place search zooms, and nothing is asked of any server but the platform's.
Screenshots go to ``var/screenshots/<backend>/``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from redceci.app import create_app
from redceci.data.places import read_locality_points
from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.settings import Settings
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreData
from redceci.store.platform.reference import load_states
from redceci.store.testing import add_user, temporary_database
from tests.backends import BACKENDS, require_postgres
from tests.web.browser import (
    chromium,
    offline,
    require_chromium,
    serving,
    shots_for,
    signed_in_page,
)

pytestmark = pytest.mark.browser

#: Centres registered for the map (SYNTHETIC: real locality points, made-up centres).
CENTRES = 40


@dataclass(frozen=True)
class Site:
    url: str
    shots: Path


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Site]:
    require_chromium()
    backend = str(request.param)
    if backend == "postgresql":
        require_postgres()
    folder = tmp_path_factory.mktemp("registry-map")
    with temporary_database(backend, folder) as db:
        load_states(db, settings.data)
        planner = add_user(db, "planner@x.mx", Grant(Role.NATIONAL_PLANNER), name="Planeación")
        places = read_locality_points(settings.data)
        nl = places[places["CVEGEO"].str.startswith("19")].copy()
        nl["people"] = pd.to_numeric(nl["POBTOT"], errors="coerce").fillna(0)
        for i, row in enumerate(nl.nlargest(CENTRES, "people").itertuples()):
            centres.create_centre(
                db,
                planner,
                CentreData(
                    code=f"SYN-{i:03d}",
                    name=f"SYNTHETIC CECI {row.NOM_LOC}",
                    scheme="CECI IMSS",
                    operator="SYNTHETIC",
                    state_code="19",
                    lat=float(row.LAT),
                    lon=float(row.LON),
                    status=CentreStatus.OPERATING if i % 2 else CentreStatus.APPROVED,
                    status_since=dt.date(2025, 1, 1),
                ),
            )
        app = create_app(
            settings.model_copy(update={"output": folder / "out"}), database=db, migrate=False
        )
        with serving(app) as url:
            yield Site(url, shots_for(backend))


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def test_the_registry_map_clusters_centres_that_open_when_clicked(
    browser: object, site: Site
) -> None:
    page = signed_in_page(browser, site.url, "planner@x.mx")
    outside = offline(page)
    page.goto(f"{site.url}/centros")
    page.wait_for_selector("#centres-map.map-ready .marker-cluster")
    clusters = page.locator("#centres-map .marker-cluster")
    singles = page.locator("#centres-map .mark-centres")
    # Every centre, grouped where they crowd (counted in one go: the clusters are redrawn
    # while the map settles, so a count is retried until two agree).
    count = (
        "() => [...document.querySelectorAll('#centres-map .marker-cluster')]"
        ".reduce((n, c) => n + Number(c.innerText), 0)"
        " + document.querySelectorAll('#centres-map .mark-centres').length"
    )
    seen = [page.evaluate(count)]
    while len(seen) < 20 and not (len(seen) > 1 and seen[-1] == seen[-2] == CENTRES):
        page.wait_for_timeout(250)
        seen.append(page.evaluate(count))
    assert seen[-1] == CENTRES, seen
    page.wait_for_selector("#centres-map .place-label")
    page.screenshot(path=site.shots / "30-registro-mapa.png", full_page=True)
    zoom = float(page.get_attribute("#centres-map", "data-zoom") or 0)
    biggest = max(clusters.all(), key=lambda c: int(c.inner_text()))
    biggest.click()
    page.wait_for_selector(
        f"#centres-map:not([data-zoom='{page.get_attribute('#centres-map', 'data-zoom')}'])"
    )
    assert float(page.get_attribute("#centres-map", "data-zoom") or 0) > zoom  # it opened
    page.screenshot(path=site.shots / "31-registro-grupo-abierto.png")
    # A centre's popup says what it is and leads to its page.
    while singles.count() == 0:
        page.locator("#centres-map .marker-cluster").first.click()
        page.wait_for_timeout(400)
    box = page.locator("#centres-map").bounding_box()
    assert box is not None

    def inside(mark: object) -> bool:
        at = mark.bounding_box()  # type: ignore[attr-defined]
        return (
            bool(at)
            and box["x"] < at["x"] < box["x"] + box["width"] - 20
            and (box["y"] < at["y"] < box["y"] + box["height"] - 20)
        )

    next(m for m in singles.all() if inside(m)).click()
    popup = page.locator("#centres-map .leaflet-popup")
    assert "SYNTHETIC CECI" in popup.inner_text() and "Lugares" in popup.inner_text()
    assert popup.get_by_role("button", name="Cerrar").count() == 1  # Spanish, not Leaflet's
    popup.get_by_role("link", name="Abrir la ficha").click()
    page.wait_for_url(f"{site.url}/centros/*")
    assert "SYNTHETIC CECI" in page.inner_text("h1")
    assert outside == [], outside
    page.context.close()


def test_the_registry_map_finds_a_place_by_name_on_a_phone(browser: object, site: Site) -> None:
    page = signed_in_page(browser, site.url, "planner@x.mx", phone=True)
    outside = offline(page)
    page.goto(f"{site.url}/centros?status=operating")
    page.wait_for_selector("#centres-map.map-ready")
    page.fill("#centres-map-q", "guadalupe, nuevo leon")
    page.press("#centres-map-q", "Enter")
    page.wait_for_selector("#centres-map-search .map-results button")
    first = page.locator("#centres-map-search .map-results button").first.inner_text()
    assert first.startswith("Guadalupe") and "Nuevo León" in first
    page.wait_for_selector("#centres-map .place-label >> text=Guadalupe")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, width  # the map and its search fit the phone
    page.screenshot(path=site.shots / "32-registro-busqueda-movil.png", full_page=True)
    assert outside == [], outside
    page.context.close()
