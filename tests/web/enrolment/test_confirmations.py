"""What comes next, on the parents' pages: applying ends on a confirmation with a folio, the
steps to come and the documents; accepting an offer asks first, warns when siblings would be
at different centres, and ends on a confirmation with the centre's address, phone and hours;
the guardian's phone is asked for; the family page shows the centre's contacts."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from redceci.countries.mx.documents import DOCUMENTS
from redceci.store.db import Database
from redceci.store.enrolment import families
from redceci.store.enrolment.families import ChildData, FamilyData, GuardianData
from redceci.store.enrolment.models import (
    Child,
    Enrolment,
    EnrolmentRoom,
    Offer,
    OfferStatus,
)
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreChanges
from tests.web.enrolment.test_pages import apply_form, register_form
from tests.web.world import BIRTH, WebClient, valid_curp, valid_nss
from tests.web.world import Enrolment as World


def test_applying_ends_on_a_confirmation_with_folio_steps_and_documents(
    client: WebClient, enrolment: World
) -> None:
    csrf = client.login("parent@x.mx")
    client.post("/familias/F-1/registro", data=register_form(csrf))
    done = client.post("/familias/F-1/solicitud", data=apply_form(csrf, enrolment.north))
    assert done.url.path == "/familias/F-1/solicitud/enviada"
    assert "Recibimos su solicitud" in done.text
    folio = re.search(r'data-testid="folio">([^<]+)<', done.text)
    assert folio is not None and re.fullmatch(r"F-1-\d+", folio.group(1))
    assert "CECI Aguascalientes Norte" in done.text
    assert "5 días para aceptarlo" in done.text  # the offer period in force
    for es, _ in DOCUMENTS:
        assert es in done.text


def test_the_first_guardians_phone_is_asked_for(client: WebClient, enrolment: World) -> None:
    csrf = client.login("parent@x.mx")
    form = register_form(csrf)
    del form["g0_phone"]
    page = client.post("/familias/F-1/registro", data=form)
    assert page.status_code == 422 and "Tutor 1: escriba un teléfono de 10 dígitos" in page.text
    done = client.post("/familias/F-1/registro", data=register_form(csrf))
    assert done.status_code == 200
    again = client.get("/familias/F-1/registro").text
    assert 'value="449 123 4567"' in again  # stored and shown back


def _room(db: Database, centre_id: int, name: str) -> int:
    with db.reading() as session:
        room = session.scalar(
            sa.select(EnrolmentRoom.id).where(
                EnrolmentRoom.centre_id == centre_id, EnrolmentRoom.name == name
            )
        )
    assert room is not None
    return room


def _twins(db: Database, enrolment: World) -> tuple[int, int]:
    """F-1 with two children: the first holds the south centre's lactantes place, the second
    is offered the north centre's (rows written as the waitlist would leave them)."""
    data = FamilyData(
        guardians=[GuardianData(name="Ana Pérez", nss=valid_nss(1), phone="4491234567")],
        children=[
            ChildData(name="Luis Pérez", curp=valid_curp("PELA", BIRTH), birth_date=BIRTH),
            ChildData(name="Eva Pérez", curp=valid_curp("PEEA", BIRTH, sex="M"), birth_date=BIRTH),
        ],
    )
    families.register_family(db, enrolment.admin, "F-1", data)
    now = dt.datetime.now(dt.UTC)
    with db.transaction() as session:
        kids = dict(session.execute(sa.select(Child.name, Child.id)).all())
        session.add(
            Enrolment(
                child_id=kids["Luis Pérez"],
                room_id=_room(db, enrolment.south, "lactantes"),
                since=now.date(),
            )
        )
        offer = Offer(
            child_id=kids["Eva Pérez"],
            room_id=_room(db, enrolment.north, "lactantes"),
            made_at=now,
            deadline=now + dt.timedelta(days=5),
            status=OfferStatus.PENDING,
        )
        session.add(offer)
        session.flush()
        return offer.id, kids["Eva Pérez"]


def test_accepting_asks_first_and_warns_that_siblings_would_be_split(
    client: WebClient, db: Database, enrolment: World
) -> None:
    offer_id, _ = _twins(db, enrolment)
    centres.update_centre(
        db,
        enrolment.admin,
        enrolment.north,
        CentreChanges(
            address="Av. Universidad 100, Aguascalientes",
            phone="449 910 0000",
            hours="lunes a viernes, 7:00 a 19:00",
        ),
    )
    client.login("parent@x.mx")
    family = client.get("/familias/F-1").text
    assert f'href="/ofertas/{offer_id}/aceptar"' in family  # a link to the question, not a post
    asked = client.get(f"/ofertas/{offer_id}/aceptar").text
    assert 'data-testid="confirm-accept"' in asked
    warning = re.search(r'data-testid="siblings-split">(.*?)</p>', asked, re.S)
    assert warning is not None
    assert "centros distintos" in warning.group(1) and "CECI Aguascalientes Sur" in warning.group(1)
    assert "Luis Pérez" in warning.group(1)
    assert "449 910 0000" in asked and "lunes a viernes, 7:00 a 19:00" in asked
    assert "Av. Universidad 100" in asked
    # the pending offer's own page invites to accept and lists the documents
    page = client.get(f"/ofertas/{offer_id}").text
    assert f'href="/ofertas/{offer_id}/aceptar"' in page and 'data-testid="documents"' in page
    # the family page shows the contacts of the centre holding a child
    assert "CECI Aguascalientes Sur" in family.split('data-testid="centre-contact"')[1]


def test_an_offer_without_siblings_elsewhere_has_no_warning(
    client: WebClient, db: Database, enrolment: World
) -> None:
    offer_id, _ = _twins(db, enrolment)
    with db.transaction() as session:
        session.execute(sa.delete(Enrolment))  # Luis holds no place
    client.login("parent@x.mx")
    asked = client.get(f"/ofertas/{offer_id}/aceptar").text
    assert 'data-testid="siblings-split"' not in asked
    assert "sin dato" in asked  # the north centre has not given its phone yet


def test_another_familys_offer_page_is_not_found(
    client: WebClient, db: Database, enrolment: World
) -> None:
    offer_id, _ = _twins(db, enrolment)
    client.login("parent2@x.mx")
    for path in (f"/ofertas/{offer_id}", f"/ofertas/{offer_id}/aceptar"):
        page = client.get(path)
        assert page.status_code == 404 and "Eva" not in page.text
        assert "No existe la oferta" in page.text
