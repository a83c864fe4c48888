"""Enrolment in a real browser (Playwright driving Debian's chromium), on SQLite and PostgreSQL:
a parent registers the family and applies ranking two centres by tapping them on the map; an
administrator previews and publishes a round; the parent, on a phone, sees the place and the
waitlist rank; the director records a child leaving; the parent accepts the offered place;
the director sees the child on the roster. Then a round on SYNTHETIC families generated from
Colima's census demand (``redceci.store.enrolment.demo``): statistics, a family's explanation, a
director's roster. Screenshots go to ``var/screenshots/<backend>/``."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from redceci.app import create_app
from redceci.countries.mx.rooms import ROOMS
from redceci.enrolment.synthetic import DEFAULT_PARAMETERS
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.enrolment import families
from redceci.store.enrolment.demo import census_units, load_synthetic_state
from redceci.store.enrolment.families import ApplicationData, FamilyData
from redceci.store.enrolment.models import Child, Family, Placement
from redceci.store.platform.models import Centre
from redceci.store.platform.reference import load_states
from redceci.store.testing import add_user, temporary_database
from tests.backends import BACKENDS, require_postgres
from tests.web.browser import chromium, require_chromium, serving, shots_for, signed_in_page
from tests.web.world import BIRTH, START, enrolment_world, family_of, valid_curp, valid_nss

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class EnrolmentSite:
    url: str
    north: int
    south: int
    shots: Path
    db: Database
    admin: Principal


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[EnrolmentSite]:
    """The platform with two Aguascalientes centres (one place per room), their directors, an
    administrator, the parent of family F-1 (not registered) and family F-2, whose child has a
    disability (a priority) and applies to the north centre."""
    require_chromium()
    backend = str(request.param)
    if backend == "postgresql":
        require_postgres()
    folder = tmp_path_factory.mktemp("enrolment-browser")
    shots = shots_for(backend)
    with temporary_database(backend, folder) as db:
        load_states(db, settings.data)
        world = enrolment_world(db)
        add_user(db, "parent@x.mx", Grant(Role.PARENT, family_id="F-1"), name="Ana Pérez")
        f2 = family_of(2, "Sofía Dos", "DOSA")
        child = f2.children[0].model_copy(update={"disability": True})
        families.register_family(
            db, world.admin, "F-2", FamilyData(guardians=f2.guardians, children=[child])
        )
        families.apply(
            db, world.admin, "F-2", ApplicationData(start_date=START, centres=[world.north])
        )
        app = create_app(
            settings.model_copy(update={"output": folder / "out"}), database=db, migrate=False
        )
        with serving(app) as url:
            yield EnrolmentSite(url, world.north, world.south, shots, db, world.admin)


@pytest.fixture(scope="module")
def browser(site: EnrolmentSite) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def fits_the_screen(page: Any) -> bool:
    """Nothing wider than the viewport (no sideways scrolling on a phone)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_family_applies_on_the_map_is_placed_and_accepts_an_offer(
    browser: object, site: EnrolmentSite
) -> None:
    parent = signed_in_page(browser, site.url, "parent@x.mx")
    parent.click("nav a[href='/familia']")
    assert "aún no está registrada" in parent.inner_text("main")
    parent.click("a[href='/familias/F-1/registro']")
    parent.fill("input[name=g0_name]", "Ana Pérez")
    parent.fill("input[name=g0_nss]", valid_nss(1))
    parent.fill("input[name=g0_phone]", "449 123 4567")
    parent.fill("input[name=c0_name]", "Luis Pérez")
    parent.fill("input[name=c0_curp]", "PELA000000HASRRRA0")  # a typo first
    parent.fill("input[name=c0_birth]", BIRTH.isoformat())
    parent.fill("input[name=a0_name]", "Rosa López")
    parent.fill("input[name=a0_relationship]", "abuela")
    parent.select_option("select[name=a0_document_type]", "voter_id")
    parent.fill("input[name=a0_identification]", "INE 0123")
    parent.click("#family-form button[type=submit]")
    assert "no es válida" in parent.inner_text(".error")
    parent.fill("input[name=c0_curp]", valid_curp("PELA", BIRTH))
    parent.screenshot(path=site.shots / "20-familia-registro.png", full_page=True)
    parent.click("#family-form button[type=submit]")
    parent.wait_for_url(f"{site.url}/familias/F-1")

    parent.click("a[href='/familias/F-1/solicitud']")
    parent.wait_for_selector("#centres-map .mark-point")
    box = parent.locator("#centres-map").bounding_box()
    assert box is not None
    parent.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.06)  # home
    parent.wait_for_selector("#centres-map .mark-home")
    for centre in (site.north, site.south):
        parent.click(f"#centres-map .mark-point[data-id='{centre}']")
        popup = parent.locator("#centres-map .leaflet-popup")
        assert popup.is_visible()  # the centre's rooms and places
        parent.keyboard.press("Escape")
        popup.wait_for(state="detached")
    assert parent.input_value("select[name=choice_1]") == str(site.north)
    assert parent.input_value("select[name=choice_2]") == str(site.south)
    assert parent.locator("#centres-map .mark-point.ranked").count() == 2
    parent.fill("input[name=start_date]", START.isoformat())
    parent.wait_for_selector("#centres-map .place-label")  # town names to find home by
    parent.screenshot(path=site.shots / "21-solicitud-mapa.png", full_page=True)
    parent.click("#apply-form button[type=submit]")
    parent.wait_for_url(f"{site.url}/familias/F-1/solicitud/enviada")  # the confirmation
    assert parent.get_by_test_id("folio").inner_text().startswith("F-1-")
    parent.goto(f"{site.url}/familias/F-1")
    assert parent.get_by_test_id("application-status").first.inner_text() == "Enviada"

    admin = signed_in_page(browser, site.url, "admin@x.mx")
    admin.click("nav a[href='/inscripcion/rondas']")
    admin.fill("#round-form input[name=seed]", "2026")
    admin.click("#round-form button[type=submit]")
    admin.wait_for_url(re.compile(r".*/inscripcion/rondas/\d+$"))
    assert admin.get_by_test_id("seed").inner_text() == "2026"
    assert admin.get_by_test_id("round-status").inner_text() == "Vista previa"
    assert admin.get_by_test_id("placed").inner_text() == "2"
    admin.screenshot(path=site.shots / "22-ronda-vista-previa.png", full_page=True)
    admin.click("#publish-form button[type=submit]")
    assert admin.get_by_test_id("round-status").inner_text() == "Publicada"
    admin.screenshot(path=site.shots / "23-ronda-publicada.png", full_page=True)

    phone = signed_in_page(browser, site.url, "parent@x.mx", phone=True)
    phone.goto(f"{site.url}/familias/F-1")
    children = phone.get_by_test_id("children").inner_text()
    assert "CECI Aguascalientes Sur · lactantes" in children  # the second choice
    waitlist = phone.get_by_test_id("waitlist").inner_text()
    assert "CECI Aguascalientes Norte" in waitlist and waitlist.rstrip().endswith("1")
    assert fits_the_screen(phone)
    phone.screenshot(path=site.shots / "24-familia-resultado-movil.png", full_page=True)

    director = signed_in_page(browser, site.url, "director@x.mx")
    director.click("nav a[href='/inscripcion/centros']")
    director.wait_for_url(f"{site.url}/inscripcion/centros/{site.north}")
    assert "Sofía Dos" in director.get_by_test_id("roster-lactantes").inner_text()
    asked: list[str] = []
    director.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    director.get_by_test_id("leaves").click()  # Sofía leaves: the place is offered to Luis
    assert "Sofía Dos" in asked[0]  # the director is asked first
    assert "Sofía Dos" not in director.get_by_test_id("roster-lactantes").inner_text()

    phone.reload()
    offer = phone.get_by_test_id("offers")
    assert "CECI Aguascalientes Norte" in offer.inner_text()
    assert phone.get_by_test_id("deadline").inner_text() != ""
    phone.screenshot(path=site.shots / "25-familia-oferta-movil.png", full_page=True)
    phone.get_by_test_id("accept").click()  # accepting asks first
    phone.wait_for_url(re.compile(r".*/ofertas/\d+/aceptar$"))
    phone.get_by_test_id("confirm-accept-button").click()
    phone.wait_for_url(re.compile(r".*/ofertas/\d+$"))
    assert "Aceptó el lugar" in phone.inner_text("main")
    phone.goto(f"{site.url}/familias/F-1")
    assert "CECI Aguascalientes Norte · lactantes" in phone.get_by_test_id("children").inner_text()
    assert fits_the_screen(phone)
    phone.screenshot(path=site.shots / "26-familia-aceptada-movil.png", full_page=True)
    phone.goto(f"{site.url}/familias/F-1/solicitud")
    assert fits_the_screen(phone)
    phone.screenshot(path=site.shots / "27-solicitud-movil.png", full_page=True)

    director.reload()
    assert "Luis Pérez" in director.get_by_test_id("roster-lactantes").inner_text()
    director.screenshot(path=site.shots / "28-director-lista.png", full_page=True)
    for page in (parent, admin, phone, director):
        page.context.close()


def test_a_round_on_census_families_shows_statistics_explanations_and_rosters(
    browser: object, site: EnrolmentSite, settings: Settings
) -> None:
    """80 SYNTHETIC Colima families (homes drawn from the census demand units) applying to
    three synthetic centres of 20 to 30 places, loaded as ``redceci enrolment demo`` does."""
    units = census_units(settings, "06")
    scarce = dataclasses.replace(DEFAULT_PARAMETERS, places=(20, 30))  # fewer places than kids
    load = load_synthetic_state(
        site.db,
        site.admin,
        units,
        state="06",
        n_families=80,
        seed=3,
        start=START,
        centres=3,
        params=scarce,
        names=("CECI", "IMSS", "CECI IMSS"),
        rooms=ROOMS,
    )
    with site.db.reading() as session:
        centre = session.scalars(
            sa.select(Centre.id).where(Centre.state_code == "06").order_by(Centre.code)
        ).first()
    assert centre is not None
    add_user(site.db, "dir-col@x.mx", Grant(Role.CENTRE_DIRECTOR, centre_id=centre), name="Dir")

    admin = signed_in_page(browser, site.url, "admin@x.mx")
    admin.goto(f"{site.url}/inscripcion/rondas")
    admin.fill("#round-form input[name=seed]", "150")
    admin.click("#round-form button[type=submit]")
    admin.wait_for_url(re.compile(r".*/inscripcion/rondas/\d+$"))
    placed = int(admin.get_by_test_id("placed").inner_text().replace(",", ""))
    unplaced = int(admin.get_by_test_id("unplaced").inner_text().replace(",", ""))
    assert placed + unplaced >= load.children and placed > 0 and unplaced > 0
    assert "Colima" in admin.get_by_test_id("unplaced-state").inner_text()
    admin.screenshot(path=site.shots / "29-ronda-censo-colima.png", full_page=True)
    admin.click("#publish-form button[type=submit]")
    assert admin.get_by_test_id("round-status").inner_text() == "Publicada"

    with site.db.reading() as session:  # a family not placed at its first choice
        ref = session.scalars(
            sa.select(Family.ref)
            .join(Child, Child.family_id == Family.id)
            .join(Placement, Placement.child_id == Child.id)
            .where(
                Family.ref.startswith("SYN06"),
                sa.or_(Placement.choice_rank > 1, Placement.room_id.is_(None)),
            )
            .order_by(Family.ref)
        ).first()
    assert ref is not None
    add_user(site.db, "colima@x.mx", Grant(Role.PARENT, family_id=ref), name="Familia Colima")
    phone = signed_in_page(browser, site.url, "colima@x.mx", phone=True)
    phone.click("label.menu-button")
    phone.click("nav a[href='/familia']")
    outcome = phone.get_by_test_id("outcome").first
    assert "Número de sorteo de su familia" in outcome.inner_text()
    outcome.locator("summary").first.click()  # how the lottery was drawn: its public number
    assert "número público 150" in outcome.inner_text()
    outcome.locator("summary").last.click()  # why not a higher choice: cut-off and own position
    assert "su posición" in outcome.inner_text() and "Última admisión" in outcome.inner_text()
    assert fits_the_screen(phone)
    phone.screenshot(path=site.shots / "30-familia-censo-movil.png", full_page=True)

    director = signed_in_page(browser, site.url, "dir-col@x.mx")
    director.click("nav a[href='/inscripcion/centros']")
    director.wait_for_url(f"{site.url}/inscripcion/centros/{centre}")
    assert director.locator("[data-testid=leaves]").count() > 0  # children on the rosters
    director.screenshot(path=site.shots / "31-director-censo.png", full_page=True)
    for page in (admin, phone, director):
        page.context.close()
