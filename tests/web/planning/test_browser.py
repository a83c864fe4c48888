"""In a real browser (Playwright driving Debian's chromium): sign in, run a small scenario on
the real planning engine and see its sites on the map, propose a site and read its needs
analysis, approve it as a reviewer and see the dashboard change, register a plot and read its
site report, validate it and see the land gaps; on SQLite and on PostgreSQL.
Screenshots go to ``var/screenshots/<backend>/``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.platform import accounts
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


@dataclass(frozen=True)
class Site:
    url: str
    organisation: int
    shots: Path


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Site]:
    """The whole platform (real engine, in-process jobs) on a free port and a new database."""
    require_chromium()
    backend = str(request.param)
    if backend == "postgresql":
        require_postgres()
    folder = tmp_path_factory.mktemp("browser")
    shots = shots_for(backend)
    with temporary_database(backend, folder) as db:
        load_states(db, settings.data)
        org = accounts.create_organisation(db, None, name="Parque Apodaca").id
        add_user(db, "planner@x.mx", Grant(Role.NATIONAL_PLANNER), name="Planeación")
        add_user(db, "partner@x.mx", Grant(Role.PARTNER, organisation_id=org), name="Socio")
        add_user(db, "coord@x.mx", Grant(Role.STATE_COORDINATOR, state_code="19"), name="NL")
        app = create_app(
            settings.model_copy(update={"output": folder / "out"}), database=db, migrate=False
        )
        with serving(app) as url:
            yield Site(url, org, shots)


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def test_a_planner_runs_a_small_scenario_and_sees_its_sites_on_the_map(
    browser: object, site: Site
) -> None:
    page = signed_in_page(browser, site.url, "planner@x.mx")
    outside = offline(page)
    page.screenshot(path=site.shots / "01-inicio.png")
    page.click("nav a.lang")
    assert page.locator("nav a[href='/escenarios']").inner_text() == "Scenarios"
    page.click("nav a.lang")
    assert page.locator("nav a[href='/escenarios']").inner_text() == "Escenarios"
    page.click("nav a[href='/escenarios']")
    page.fill("input[name=name]", "Aguascalientes, 5 centros")
    page.fill("input[name=centres]", "5")
    page.check("input[name=states][value='01']")
    page.screenshot(path=site.shots / "02-escenario-formulario.png", full_page=True)
    page.click("#scenario-form button[type=submit]")
    page.wait_for_selector("#result-map.map-ready .mark-sites", timeout=120_000)
    sites = page.locator("#result-map .mark-sites")
    assert 1 <= sites.count() <= 5
    assert page.get_by_test_id("result-centres").inner_text() in {"1", "2", "3", "4", "5"}
    page.wait_for_selector("#result-map .place-label", timeout=30_000)
    assert page.locator("#result-map .place-label").count() > 5  # town names, from the data
    page.screenshot(path=site.shots / "03-escenario-mapa.png", full_page=True)
    sites.first.click()
    popup = page.locator("#result-map .leaflet-popup")
    assert popup.is_visible() and "Lugares:" in popup.inner_text()
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    page.uncheck("input[data-toggle=sites]")
    assert sites.count() == 0
    page.check("input[data-toggle=sites]")
    assert sites.count() >= 1
    page.check("input[data-toggle=parks]")
    assert "(" in page.locator("[data-count=parks]").inner_text()
    page.screenshot(path=site.shots / "04-escenario-capas-popup.png")
    # Pan and zoom: the buttons, the keyboard (the map is one tab stop) and dragging.
    zoom = page.locator("#result-map")
    before = zoom.get_attribute("data-zoom")
    assert page.get_attribute("#result-map .leaflet-control-zoom-in", "title") == "Acercar"
    page.click("#result-map .leaflet-control-zoom-in")
    page.wait_for_selector(f'#result-map:not([data-zoom="{before}"])')
    page.focus("#result-map")
    page.keyboard.press("Minus")
    page.wait_for_selector(f'#result-map[data-zoom="{before}"]')
    centre = zoom.get_attribute("data-centre")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(f'#result-map:not([data-centre="{centre}"])')
    # The plan's report opens in the browser (not downloaded), in the reader's language, and
    # fits a phone's width (its wide tables scroll inside their own box).
    with page.context.expect_page() as opened:
        page.click("[data-testid=open-report]")
    report = opened.value
    report.wait_for_load_state()
    assert report.locator("html").get_attribute("lang") == "es"
    report.set_viewport_size({"width": 390, "height": 844})
    width = report.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, width
    report.screenshot(path=site.shots / "04c-informe-movil.png")
    report.goto(report.url + "?lang=en")  # one language per file: the English one
    assert report.locator("html").get_attribute("lang") == "en"
    assert "Solution quality" in report.inner_text("body")
    report.close()
    assert outside == [], outside  # offline: nothing asked of any other server
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=site.shots / "04b-escenario-movil.png", full_page=True)
    page.context.close()


def test_a_proposal_is_analysed_approved_and_counted_on_the_dashboard(
    browser: object, site: Site
) -> None:
    planner = signed_in_page(browser, site.url, "planner@x.mx", phone=True)
    planner.goto(f"{site.url}/tablero")
    before = int(planner.get_by_test_id("total-centres").inner_text().replace(",", ""))
    places_before = int(planner.get_by_test_id("total-places").inner_text().replace(",", ""))

    partner = signed_in_page(browser, site.url, "partner@x.mx")
    outside = offline(partner)
    partner.click("nav a[href='/propuestas']")
    partner.wait_for_selector("#pick-map .leaflet-outlines-pane path")  # the states, drawn
    # The partner finds the municipality by name, the map zooms to it, a click picks the site.
    partner.fill("#pick-map-q", "Apodaca")
    partner.press("#pick-map-q", "Enter")
    partner.wait_for_selector("#pick-map-search .map-results button")
    assert "Nuevo León" in partner.locator("#pick-map-search .map-results").inner_text()
    partner.wait_for_selector("#pick-map[data-zoom]:not([data-zoom^='4']):not([data-zoom^='5'])")
    assert float(partner.get_attribute("#pick-map", "data-zoom") or 0) >= 9
    partner.wait_for_selector("#pick-map .place-label >> text=Apodaca")
    box = partner.locator("#pick-map").bounding_box()
    assert box is not None
    partner.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    lat, lon = (
        float(partner.input_value("input[name=lat]")),
        float(partner.input_value("input[name=lon]")),
    )
    assert 25.6 < lat < 26.0 and -100.4 < lon < -99.9, (lat, lon)  # in Apodaca
    assert partner.input_value("select[name=state_code]") == "19"
    assert partner.locator("#pick-map .mark-pick").count() == 1
    partner.screenshot(path=site.shots / "05-propuesta-clic-en-mapa.png", full_page=True)
    partner.fill("input[name=site_name]", "Planta Apodaca")
    partner.select_option("select[name=state_code]", "19")
    partner.fill("input[name=lat]", "25.7818")
    partner.fill("input[name=lon]", "-100.1883")
    partner.fill("input[name=plot_m2]", "1500")
    partner.fill("input[name=employees]", "3000")
    partner.check("input[name=shifts][value=vespertino]")
    partner.click("#proposal-form button[type=submit]")
    partner.wait_for_selector("[data-testid=analysis-table]", timeout=60_000)
    analysis = partner.get_by_test_id("analysis-table").inner_text()
    assert "Elegibles en total" in analysis and "Tamaño recomendado" in analysis
    assert "Hijas e hijos de su personal en edad de CECI" in analysis  # its 3,000 employees'
    size_row = partner.get_by_test_id("analysis-table").locator("tr", has_text="Tamaño recomendado")
    recommended = int(size_row.locator("td").inner_text().replace(",", ""))
    partner.screenshot(path=site.shots / "06-propuesta-analisis.png", full_page=True)
    proposal_url = partner.url

    planner.goto(proposal_url)
    planner.fill("#review-form textarea[name=comment]", "Cumple con el análisis; aprobada.")
    planner.select_option("#review-form select[name=to_status]", "approved")
    planner.click("#review-form button[type=submit]")
    assert planner.get_by_test_id("proposal-status").inner_text() == "Aprobada"
    planner.screenshot(path=site.shots / "07-propuesta-aprobada-movil.png", full_page=True)
    planner.goto(f"{site.url}/tablero")
    after = int(planner.get_by_test_id("total-centres").inner_text().replace(",", ""))
    assert after == before + 1
    # The new centre opens with the recommended size in age rooms, so the places grow by it.
    places_after = int(planner.get_by_test_id("total-places").inner_text().replace(",", ""))
    assert places_after == places_before + recommended
    assert "CECI Empresa" in planner.get_by_test_id("by-scheme").inner_text()
    planner.screenshot(path=site.shots / "08-tablero-movil.png", full_page=True)
    planner.click("label.menu-button")
    assert planner.locator("nav a[href='/centros']").is_visible()
    planner.screenshot(path=site.shots / "09-menu-movil.png")

    partner.reload()
    assert partner.get_by_test_id("proposal-status").inner_text() == "Aprobada"
    partner.wait_for_selector("#site-map .mark-point")  # the proposal's own map shows its site
    assert outside == [], outside
    partner.context.close()
    planner.context.close()


def test_a_plot_gets_its_site_report_is_validated_and_the_land_gaps_show(
    browser: object, site: Site
) -> None:
    coord = signed_in_page(browser, site.url, "coord@x.mx")
    coord.click("nav a[href='/predios']")
    coord.wait_for_selector("#pick-map .leaflet-outlines-pane path")
    box = coord.locator("#pick-map").bounding_box()
    assert box is not None
    coord.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.35)
    assert coord.input_value("#plot-form input[name=lat]") != ""
    assert coord.input_value("#plot-form select[name=state_code]") != ""
    coord.fill("#plot-form input[name=name]", "Predio Las Flores")
    coord.select_option("#plot-form select[name=state_code]", "19")
    coord.fill("#plot-form input[name=lat]", "25.7818")
    coord.fill("#plot-form input[name=lon]", "-100.1883")
    coord.fill("#plot-form input[name=area_m2]", "4000")
    coord.fill("#plot-form input[name=owner_name]", "Municipio de Apodaca")
    coord.fill("#plot-form textarea[name=documents]", "escritura | folio 12")
    coord.screenshot(path=site.shots / "10-predio-formulario.png", full_page=True)
    coord.click("#plot-form button[type=submit]")
    coord.wait_for_selector("[data-testid=land-table]", timeout=120_000)
    land = coord.get_by_test_id("land-table").inner_text()
    assert "Tamaño recomendado" in land and "La superficie alcanza" in land
    assert "Elegibles en total" in coord.get_by_test_id("analysis-table").inner_text()
    coord.screenshot(path=site.shots / "11-predio-reporte.png", full_page=True)
    assert coord.locator("#plot-review").count() == 0  # coordinators do not review
    plot_url = coord.url

    planner = signed_in_page(browser, site.url, "planner@x.mx")
    planner.goto(plot_url)
    planner.fill("#plot-review textarea[name=comment]", "Documentos completos")
    planner.select_option("#plot-review select[name=to_status]", "validated")
    planner.click("#plot-review button[type=submit]")
    assert planner.get_by_test_id("plot-status").inner_text() == "Validado"
    assert "Documentos completos" in planner.get_by_test_id("timeline").inner_text()
    planner.screenshot(path=site.shots / "12-predio-validado.png", full_page=True)
    planner.goto(f"{site.url}/predios/faltantes")
    assert planner.locator("h1").inner_text() == "Terreno faltante"
    planner.screenshot(path=site.shots / "13-terreno-faltante.png", full_page=True)
    coord.reload()
    assert coord.get_by_test_id("plot-status").inner_text() == "Validado"
    coord.context.close()
    planner.context.close()
