"""First use in a real browser, one journey per role, with axe-core's WCAG 2.2 AA checks on
every page reached (no serious or critical violation) and a screenshot of each step in
``var/screenshots/journey/``.

The parent, on a 390 px phone: the public service page → register → the mailed link (read from
the file outbox) → confirm → sign in → register the family → apply → the confirmation → an offer
(a place freed by another family) → accept after the question → the confirmation with the
documents and the centre's address, phone and hours. Every other role signs in and opens each
page its menu offers."""

from __future__ import annotations

import datetime as dt
import email
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from redceci.api.platform.mailers import outbox_folder
from redceci.app import create_app
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.enrolment import families, rounds, waitlist
from redceci.store.enrolment.families import ApplicationData, FamilyData
from redceci.store.enrolment.models import Enrolment as Place
from redceci.store.platform import accounts, centres
from redceci.store.platform.centres import CentreChanges
from redceci.store.platform.reference import load_states
from redceci.store.testing import add_user, temporary_database
from tests.backends import BACKENDS, require_postgres
from tests.web.accessibility import assert_accessible
from tests.web.browser import SHOTS, chromium, require_chromium, serving, signed_in_page
from tests.web.world import BIRTH, START, enrolment_world, family_of, valid_curp, valid_nss

pytestmark = pytest.mark.browser

PASSWORD = "Cielo-azul-de-Tlaxcala-7"
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Site:
    url: str
    db: Database
    admin: Principal
    north: int
    south: int
    outbox: Path
    shots: Path


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Site]:
    """Two Aguascalientes centres (one place per room; the north one with its contacts), a
    family F-2 whose child has a disability (a priority) applying to the north centre, and one
    account per role."""
    require_chromium()
    backend = str(request.param)
    if backend == "postgresql":
        require_postgres()
    folder = tmp_path_factory.mktemp("journeys")
    shots = SHOTS / "journey" / backend
    shots.mkdir(parents=True, exist_ok=True)
    with temporary_database(backend, folder) as db:
        load_states(db, settings.data)
        world = enrolment_world(db)
        centres.update_centre(
            db,
            world.admin,
            world.north,
            CentreChanges(
                address="Av. Universidad 100, Aguascalientes",
                phone="449 910 0000",
                hours="lunes a viernes, 7:00 a 19:00",
            ),
        )
        f2 = family_of(2, "Sofía Dos", "DOSA")
        child = f2.children[0].model_copy(update={"disability": True})
        families.register_family(
            db, world.admin, "F-2", FamilyData(guardians=f2.guardians, children=[child])
        )
        families.apply(
            db, world.admin, "F-2", ApplicationData(start_date=START, centres=[world.north])
        )
        org = accounts.create_organisation(db, None, name="Parque Industrial A").id
        add_user(db, "planner@x.mx", Grant(Role.NATIONAL_PLANNER), name="Planeación")
        add_user(db, "coord@x.mx", Grant(Role.STATE_COORDINATOR, state_code="01"), name="Coord")
        add_user(db, "partner@x.mx", Grant(Role.PARTNER, organisation_id=org), name="Socio")
        add_user(db, "staff@x.mx", Grant(Role.CENTRE_STAFF, centre_id=world.north), name="Ed")
        add_user(db, "nutri@x.mx", Grant(Role.NUTRITIONIST), name="Nutrición")
        add_user(db, "med@x.mx", Grant(Role.MEDICAL_STAFF, centre_id=world.north), name="Med")
        app_settings = settings.model_copy(update={"output": folder / "out"})
        app = create_app(app_settings, database=db, migrate=False)
        with serving(app) as url:
            yield Site(
                url,
                db,
                world.admin,
                world.north,
                world.south,
                outbox_folder(app_settings),
                shots,
            )


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def step(page: Any, site: Site, name: str) -> None:
    """One step of a journey: axe finds nothing serious, the page fits, a screenshot."""
    page.wait_for_load_state("load")
    assert_accessible(page, name)
    page.screenshot(path=site.shots / f"{name}.png", full_page=True)


def mailed_link(site: Site, path: str) -> str:
    files = sorted(site.outbox.glob("*.eml"))
    assert files, "nothing in the outbox"
    mail = email.message_from_bytes(files[-1].read_bytes())
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    found = re.search(r"https?://\S+", payload.decode("utf-8"))
    assert found is not None and path in found.group(0)
    return found.group(0)


@pytest.mark.parametrize(
    "who",
    [
        "admin@x.mx",
        "planner@x.mx",
        "coord@x.mx",
        "partner@x.mx",
        "director@x.mx",
        "staff@x.mx",
        "nutri@x.mx",
        "med@x.mx",
        "parent2@x.mx",
    ],
)
def test_every_role_opens_each_page_of_its_menu_without_serious_accessibility_problems(
    browser: Any, site: Site, who: str
) -> None:
    page = signed_in_page(browser, site.url, who, phone=who.startswith("parent"))
    role = who.split("@")[0]
    step(page, site, f"role-{role}-00-inicio")
    links = page.eval_on_selector_all(
        "nav.menu a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    opened = 0
    for href in dict.fromkeys(links):
        if href.startswith("/idioma"):
            continue
        response = page.goto(f"{site.url}{href}")
        assert response is not None and response.status < 400, (href, response and response.status)
        opened += 1
        step(page, site, f"role-{role}-{opened:02d}{href.replace('/', '-')}")
    assert opened >= 1
    page.context.close()


def test_a_parent_on_a_phone_gets_from_the_first_visit_to_a_confirmed_place(
    browser: Any, site: Site
) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{site.url}/servicio")
    assert "43 días" in page.inner_text("main") and "sorteo" in page.inner_text("main")
    assert fits_the_screen(page)
    step(page, site, "01-servicio")

    page.get_by_test_id("start").click()
    page.wait_for_url(f"{site.url}/registrarse")
    page.fill("#f-name", "Ana Pérez")
    page.fill("#f-email", "ana.perez@ejemplo.mx")
    page.fill("#f-phone", "449 123 4567")
    page.fill("#f-password", PASSWORD)
    page.fill("#f-password2", "otra-cosa")  # a mistake first: said beside the field
    page.get_by_test_id("register").click()
    assert "no coinciden" in page.get_by_test_id("error-password2").inner_text()
    assert page.get_attribute("#f-password2", "aria-invalid") == "true"
    step(page, site, "02-registro-error")
    page.fill("#f-password", PASSWORD)
    page.fill("#f-password2", PASSWORD)
    page.get_by_test_id("register").click()
    folio = page.get_by_test_id("folio").inner_text()
    assert folio.startswith("CECI-")
    step(page, site, "03-registro-folio")

    page.goto(mailed_link(site, "/verificar?token="))
    step(page, site, "04-verificar")
    page.get_by_test_id("verify").click()
    assert "ana.perez@ejemplo.mx" in page.get_by_test_id("verified").inner_text()
    step(page, site, "05-verificado")
    page.click("main a.button")
    page.fill("input[name=email]", "ana.perez@ejemplo.mx")
    page.fill("input[name=password]", PASSWORD)
    step(page, site, "06-entrar")
    page.click("form[action='/entrar'] button[type=submit]")
    page.wait_for_url(f"{site.url}/familias/{folio}")
    step(page, site, "07-familia-nueva")

    page.click(f"a[href='/familias/{folio}/registro']")
    assert page.input_value("input[name=g0_name]") == "Ana Pérez"  # from the account
    assert page.input_value("input[name=g0_phone]") == "449 123 4567"
    page.fill("input[name=g0_nss]", valid_nss(7))
    page.fill("input[name=c0_name]", "Luis Pérez")
    page.fill("input[name=c0_curp]", valid_curp("PELU", BIRTH))
    page.fill("input[name=c0_birth]", BIRTH.isoformat())
    step(page, site, "08-familia-registro")
    page.click("#family-form button[type=submit]")
    page.wait_for_url(f"{site.url}/familias/{folio}")

    page.click(f"a[href='/familias/{folio}/solicitud']")
    page.select_option("select[name=choice_1]", str(site.north))
    page.fill("input[name=start_date]", START.isoformat())
    step(page, site, "09-solicitud")
    page.click("#apply-form button[type=submit]")
    page.wait_for_url(f"{site.url}/familias/{folio}/solicitud/enviada")
    assert page.get_by_test_id("folio").inner_text().startswith(f"{folio}-")
    assert "Acta de nacimiento" in page.get_by_test_id("documents").inner_text()
    assert fits_the_screen(page)
    step(page, site, "10-solicitud-enviada")

    # the round: Sofía (a priority) takes the one place; Luis waits; Sofía leaves
    published = rounds.run_round(site.db, site.admin, seed=3)
    rounds.publish_round(site.db, site.admin, published.id)
    with site.db.reading() as session:
        place = session.scalars(sa.select(Place)).one()
    waitlist.withdraw(site.db, site.admin, place.id)

    page.goto(f"{site.url}/familias/{folio}")
    assert "CECI Aguascalientes Norte" in page.get_by_test_id("offers").inner_text()
    assert "Número de sorteo de su familia" in page.inner_text("main")
    assert fits_the_screen(page)
    step(page, site, "11-familia-oferta")
    page.get_by_test_id("accept").click()
    page.wait_for_url(re.compile(r".*/ofertas/\d+/aceptar$"))
    step(page, site, "12-aceptar-pregunta")
    page.get_by_test_id("confirm-accept-button").click()
    page.wait_for_url(re.compile(r".*/ofertas/\d+$"))
    main = page.inner_text("main")
    assert "Aceptó el lugar" in main
    assert "449 910 0000" in main and "lunes a viernes, 7:00 a 19:00" in main
    assert "Av. Universidad 100" in main
    assert "Cartilla Nacional de Vacunación" in page.get_by_test_id("documents").inner_text()
    assert fits_the_screen(page)
    step(page, site, "13-aceptado-confirmacion")

    page.goto(f"{site.url}/familias/{folio}")
    children = page.get_by_test_id("children").inner_text()
    assert "CECI Aguascalientes Norte · lactantes" in children
    assert page.get_by_test_id("offers").count() == 0  # nothing left pending
    step(page, site, "14-familia-final")
    page.context.close()


def test_the_sign_in_and_error_pages_are_accessible(browser: Any, site: Site) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    for n, path in enumerate(("/entrar", "/contrasena", "/no-existe", "/aviso-de-privacidad")):
        page.goto(f"{site.url}{path}")
        step(page, site, f"public-{n:02d}{path.replace('/', '-')}")
    page.context.close()


def test_the_skip_link_is_first_and_moves_the_focus_to_the_content(
    browser: Any, site: Site
) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{site.url}/servicio")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.context.close()


_ = dt  # dates come from tests.web.world
