"""The enrolment pages through the HTTP client: a parent registers the family, applies ranking
centres shown on a map, sees the round's outcome, waitlist rank and offers and answers them;
a director reads rosters, moves and vacancies; an administrator sets the rules and previews
and publishes a round. Bad input re-renders the form with a Spanish message and stores
nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import sqlalchemy as sa

from redceci.store.db import Database
from redceci.store.enrolment import families, rounds, rules, waitlist
from redceci.store.enrolment.families import ApplicationData
from redceci.store.enrolment.models import Application, AssignmentRound, Family, Offer, OfferStatus
from redceci.store.enrolment.models import Enrolment as Place
from redceci.store.enrolment.pages import centre_bands
from redceci.store.enrolment.rules import RoomBand
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreData
from redceci.web.enrolment import map as map_page
from tests.web.world import BIRTH, START, Enrolment, WebClient, family_of, valid_curp, valid_nss


def register_form(csrf: str, **overrides: str) -> dict[str, str]:
    """A valid registration: one insured mother, one child, one authorised grandmother."""
    form = {
        "csrf_token": csrf,
        "g0_name": "Ana Pérez",
        "g0_nss": valid_nss(1),
        "g0_works": "on",
        "g0_phone": "449 123 4567",
        "c0_name": "Luis Pérez",
        "c0_curp": valid_curp("PELA", BIRTH),
        "c0_birth": BIRTH.isoformat(),
        "a0_name": "Rosa López",
        "a0_relationship": "abuela",
        "a0_document_type": "voter_id",
        "a0_identification": "INE 123",
    }
    return form | overrides


def apply_form(csrf: str, *centres: int, **overrides: str) -> dict[str, str]:
    form = {"csrf_token": csrf, "start_date": START.isoformat(), "together": "on"}
    form |= {f"choice_{i}": str(c) for i, c in enumerate(centres, 1)}
    return form | overrides


def stored(db: Database, table: Any) -> int:
    with db.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(table)) or 0


def register_and_apply(client: WebClient, *centres: int) -> str:
    """Family F-1 registered and applying through the pages; returns the CSRF token."""
    csrf = client.login("parent@x.mx")
    assert client.post("/familias/F-1/registro", data=register_form(csrf)).status_code == 200
    response = client.post("/familias/F-1/solicitud", data=apply_form(csrf, *centres))
    assert response.status_code == 200, response.text
    return csrf


# -- parents ------------------------------------------------------------------------------------


def test_a_parent_is_taken_to_their_family_and_asked_to_register_it(
    client: WebClient, enrolment: Enrolment
) -> None:
    client.login("parent@x.mx")
    page = client.get("/familia")
    assert page.url.path == "/familias/F-1"
    assert "aún no está registrada" in page.text
    assert 'href="/familias/F-1/registro"' in page.text


def test_a_parent_applying_before_registering_is_sent_to_the_registration_form(
    client: WebClient, enrolment: Enrolment
) -> None:
    client.login("parent@x.mx")
    assert client.get("/familias/F-1/solicitud").url.path == "/familias/F-1/registro"


def test_a_parent_registers_guardians_children_and_authorised_persons(
    client: WebClient, enrolment: Enrolment
) -> None:
    csrf = client.login("parent@x.mx")
    response = client.post("/familias/F-1/registro", data=register_form(csrf))
    assert response.url.path == "/familias/F-1"
    assert "Luis Pérez" in response.text and BIRTH.isoformat() in response.text
    form = client.get("/familias/F-1/registro").text
    assert 'value="Rosa López"' in form and 'value="INE 123"' in form
    assert '<option value="voter_id" selected>Credencial para votar (INE)</option>' in form
    assert f'value="{valid_nss(1)}"' in form


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"c0_curp": "PELA250301HASRRRA0"}, "la CURP «PELA250301HASRRRA0» no es válida"),
        ({"c0_birth": "2020-03-02"}, f"no coincide con la de la CURP ({BIRTH})"),
        ({"g0_nss": "12345678901"}, "el NSS «12345678901» no es válido"),
        ({"g0_nss": ""}, "Al menos una madre, padre o tutor necesita NSS"),
        ({"c0_name": "", "c0_curp": "", "c0_birth": ""}, "Registre al menos a una niña o niño"),
        ({"a0_identification": ""}, "Persona autorizada 1: se necesitan nombre"),
        ({"a0_document_type": ""}, "Persona autorizada 1: se necesitan nombre, parentesco, tipo"),
        ({"a0_document_type": "library_card"}, "Persona autorizada 1: elija el tipo"),
        ({"c0_birth": "ayer"}, "la fecha de nacimiento falta o no es válida"),
    ],
)
def test_bad_registration_input_is_shown_in_spanish_and_nothing_is_stored(
    client: WebClient, db: Database, enrolment: Enrolment, overrides: dict[str, str], message: str
) -> None:
    csrf = client.login("parent@x.mx")
    before = stored(db, Family)
    response = client.post("/familias/F-1/registro", data=register_form(csrf, **overrides))
    assert response.status_code == 422
    assert message in response.text
    assert 'value="Ana Pérez"' in response.text  # the form keeps what was typed
    assert stored(db, Family) == before


def test_the_apply_page_shows_the_centres_on_a_map_with_their_rooms_and_places(
    client: WebClient, enrolment: Enrolment
) -> None:
    client.login("parent@x.mx")
    client.post("/familias/F-1/registro", data=register_form(client.login("parent@x.mx")))
    page = client.get("/familias/F-1/solicitud").text
    # The map draws the list's rows (static/maps.js): each with its place and its rooms.
    marks = re.findall(
        r'<tr data-centre-row="\d+" data-id="(\d+)" data-lat="[-.\d]+" data-lon', page
    )
    assert sorted(map(int, marks)) == sorted([enrolment.north, enrolment.south])
    assert 'data-points="#centre-list"' in page
    assert "lactantes: 1 lugares, 1 libres" in page
    assert page.count('name="choice_') == 5  # the rules' default number of ranks


def test_marking_home_sorts_the_centres_by_distance(
    client: WebClient, enrolment: Enrolment
) -> None:
    csrf = client.login("parent@x.mx")
    client.post("/familias/F-1/registro", data=register_form(csrf))
    page = client.get("/familias/F-1/solicitud?home_lat=21.83&home_lon=-102.29").text
    rows = re.findall(r'data-centre-row="(\d+)"', page)
    assert rows == [str(enrolment.south), str(enrolment.north)]
    assert 'data-map-mark="home" data-lat="21.83" data-lon="-102.29"' in page


def test_the_ranking_so_far_is_kept_when_home_is_marked_and_the_last_one_offered_first(
    client: WebClient, enrolment: Enrolment
) -> None:
    register_and_apply(client, enrolment.north)
    selected = r'<select name="choice_1"(?:(?!</select>).)*?<option value="(\d+)" selected'
    last = client.get("/familias/F-1/solicitud").text
    assert re.search(selected, last, re.S)[1] == str(enrolment.north)  # type: ignore[index]
    query = f"ranked=1&choice_1={enrolment.south}&home_lat=21.9&home_lon=-102.3"
    marked = client.get(f"/familias/F-1/solicitud?{query}").text
    assert re.search(selected, marked, re.S)[1] == str(enrolment.south)  # type: ignore[index]


def test_a_centre_ranked_beyond_those_the_map_draws_stays_in_the_ranking_when_sent_again(
    client: WebClient, db: Database, enrolment: Enrolment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(map_page, "MAX_CENTRES", 1)  # draws Norte, the first by name
    csrf = register_and_apply(client, enrolment.south, enrolment.north)
    page = client.get("/familias/F-1/solicitud").text
    marks = re.findall(r'<tr data-centre-row="\d+" data-id="(\d+)" data-lat', page)
    assert marks == [str(enrolment.north)]
    choice = r'<select name="(choice_\d)"[^>]*>(?:(?!</select>).)*?<option value="(\d+)" selected'
    selected = dict(re.findall(choice, page, re.S))
    assert selected == {"choice_1": str(enrolment.south), "choice_2": str(enrolment.north)}
    again = client.post("/familias/F-1/solicitud", data=apply_form(csrf) | selected)
    assert again.status_code == 200
    with db.reading() as session:
        apps = sa.select(Application).join(Family).where(Family.ref == "F-1")
        last = session.scalars(apps.order_by(Application.id.desc())).first()
        assert last is not None
        assert [c.centre_id for c in last.choices] == [enrolment.south, enrolment.north]


def test_a_parent_applies_ranking_centres_and_sees_the_application(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    register_and_apply(client, enrolment.south, enrolment.north)
    page = client.get("/familias/F-1").text
    table = page.split('data-testid="applications"')[1].split("</table>")[0]
    assert table.index("Sur") < table.index("Norte")
    assert "Enviada" in table
    with db.reading() as session:
        app = session.scalar(sa.select(Application).join(Family).where(Family.ref == "F-1"))
        assert app is not None
        assert [c.centre_id for c in app.choices] == [enrolment.south, enrolment.north]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_date": str(START + dt.timedelta(days=5 * 365))}, "no tiene edad para ninguna"),
        ({"start_date": ""}, "Indique la fecha de ingreso deseada"),
        (
            {"start_date": str(dt.date.today() - dt.timedelta(days=2))},
            "no puede ser anterior a hoy",
        ),
        ({"choice_1": "", "choice_2": ""}, "Elija al menos un centro"),
        ({"choice_2": "{north}"}, "Eligió un centro dos veces"),
        ({"choice_1": "999999"}, "El centro 999999 no existe"),
    ],
)
def test_a_bad_application_is_refused_in_spanish_and_nothing_is_stored(
    client: WebClient,
    db: Database,
    enrolment: Enrolment,
    overrides: dict[str, str],
    message: str,
) -> None:
    csrf = client.login("parent@x.mx")
    client.post("/familias/F-1/registro", data=register_form(csrf))
    before = stored(db, Application)
    values = {k: v.format(north=enrolment.north) for k, v in overrides.items()}
    form = apply_form(csrf, enrolment.north, enrolment.south) | values
    response = client.post("/familias/F-1/solicitud", data=form)
    assert response.status_code == 422
    assert message in response.text
    assert stored(db, Application) == before


def test_a_family_with_two_children_chooses_whether_they_go_together(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    csrf = client.login("parent@x.mx")
    twins = {"c1_name": "Eva Pérez", "c1_curp": valid_curp("PEEA", BIRTH, sex="M")}
    registered = client.post(
        "/familias/F-1/registro", data=register_form(csrf, **twins, c1_birth=BIRTH.isoformat())
    )
    assert "Eva Pérez" in registered.text
    page = client.get("/familias/F-1/solicitud").text
    assert 'type="checkbox" name="together" checked' in page  # together unless unticked
    form = apply_form(csrf, enrolment.north)
    del form["together"]
    assert client.post("/familias/F-1/solicitud", data=form).status_code == 200
    with db.reading() as session:
        app = session.scalar(sa.select(Application).join(Family).where(Family.ref == "F-1"))
        assert app is not None and app.together is False


def test_ranking_more_centres_than_the_rules_allow_is_refused(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    rules.set_rules(db, enrolment.admin, rules.RulesData(rules=[], max_choices=1))
    csrf = client.login("parent@x.mx")
    client.post("/familias/F-1/registro", data=register_form(csrf))
    page = client.get("/familias/F-1/solicitud").text
    assert page.count('name="choice_') == 1
    form = apply_form(csrf, enrolment.north, enrolment.south)  # a page from before the change
    refused = client.post("/familias/F-1/solicitud", data=form)
    assert refused.status_code == 422 and "Puede elegir como máximo 1 centro(s)" in refused.text
    assert stored(db, Application) == 0
    form = apply_form(csrf, enrolment.north)
    assert client.post("/familias/F-1/solicitud", data=form).status_code == 200


def published_round(db: Database, enrolment: Enrolment) -> int:
    rnd = rounds.run_round(db, enrolment.admin, seed=11)
    rounds.publish_round(db, enrolment.admin, rnd.id)
    return rnd.id


def test_after_a_round_a_parent_sees_the_outcome_rank_and_an_offer_and_accepts_it(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    """F-1 and F-2 both want the one lactantes place of the north centre; the lottery gives it
    to one; when that child leaves, the other is offered the place and accepts."""
    csrf = register_and_apply(client, enrolment.north)
    families.apply(
        db, enrolment.admin, "F-2", ApplicationData(start_date=START, centres=[enrolment.north])
    )
    published_round(db, enrolment)
    with db.reading() as session:
        placed = session.scalars(sa.select(Place)).all()
        winner = session.scalar(
            sa.select(Family.ref)
            .join(Family.children)
            .where(Family.children.any(id=placed[0].child_id))
        )
    assert len(placed) == 1
    loser = "F-2" if winner == "F-1" else "F-1"
    loser_email = "parent@x.mx" if loser == "F-1" else "parent2@x.mx"
    csrf = client.login(loser_email)
    page = client.get(f"/familias/{loser}").text
    waiting = page.split('data-testid="waitlist"')[1].split("</table>")[0]
    assert "CECI Aguascalientes Norte" in waiting and '<td class="num">1</td>' in waiting
    assert "sin lugar en esta asignación" in page and "número público 11" in page
    assert "Número de sorteo de su familia" in page  # the lottery in plain words
    assert "su posición: 2" in page

    waitlist.withdraw(db, enrolment.admin, placed[0].id)
    page = client.get(f"/familias/{loser}").text
    offers = page.split('data-testid="offers"')[1]
    assert "CECI Aguascalientes Norte" in offers and "Responda antes del" in offers
    offer_id = re.search(r'href="/ofertas/(\d+)/aceptar"', offers)
    assert offer_id
    asked = client.get(f"/ofertas/{offer_id.group(1)}/aceptar")  # accepting asks first
    assert 'data-testid="confirm-accept"' in asked.text
    accepted = client.post(
        f"/ofertas/{offer_id.group(1)}/aceptar", data={"csrf_token": csrf, "ref": loser}
    )
    assert accepted.url.path == f"/ofertas/{offer_id.group(1)}"
    assert "Aceptó el lugar" in accepted.text and 'data-testid="documents"' in accepted.text
    family = client.get(f"/familias/{loser}")
    children = family.text.split('data-testid="children"')[1].split("</table>")[0]
    assert "CECI Aguascalientes Norte · lactantes" in children
    again = client.post(
        f"/ofertas/{offer_id.group(1)}/rechazar", data={"csrf_token": csrf, "ref": loser}
    )
    assert again.status_code == 409
    assert "ya no está abierta" in again.text


def test_a_parent_cannot_see_or_answer_another_familys_offer(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    families.apply(
        db, enrolment.admin, "F-2", ApplicationData(start_date=START, centres=[enrolment.north])
    )
    families.register_family(db, enrolment.admin, "F-3", family_of(3, "Tomás Tres", "TOMA"))
    families.apply(
        db, enrolment.admin, "F-3", ApplicationData(start_date=START, centres=[enrolment.north])
    )
    published_round(db, enrolment)
    with db.reading() as session:
        place = session.scalars(sa.select(Place)).one()
    waitlist.withdraw(db, enrolment.admin, place.id)
    with db.reading() as session:
        offer = session.scalars(sa.select(Offer).where(Offer.status == OfferStatus.PENDING)).one()
    csrf = client.login("parent@x.mx")
    response = client.post(f"/ofertas/{offer.id}/aceptar", data={"csrf_token": csrf, "ref": "F-1"})
    assert response.status_code == 404
    assert "Sofía" not in response.text and "Tomás" not in response.text
    with db.reading() as session:
        assert session.get(Offer, offer.id).status is OfferStatus.PENDING  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "path", ["/familias/F-2", "/familias/F-2/registro", "/familias/F-2/solicitud"]
)
def test_another_familys_pages_are_not_found_and_show_nothing_of_it(
    client: WebClient, enrolment: Enrolment, path: str
) -> None:
    client.login("parent@x.mx")
    response = client.get(path)
    assert response.status_code == 404
    assert "Sofía" not in response.text


def test_a_parent_cannot_register_or_apply_for_another_family(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    csrf = client.login("parent@x.mx")
    before = (stored(db, Family), stored(db, Application))
    assert client.post("/familias/F-2/registro", data=register_form(csrf)).status_code == 404
    form = apply_form(csrf, enrolment.north)
    assert client.post("/familias/F-2/solicitud", data=form).status_code == 404
    assert client.post("/familias/F-9/registro", data=register_form(csrf)).status_code == 404
    assert (stored(db, Family), stored(db, Application)) == before


def test_a_form_without_its_csrf_token_is_refused_and_nothing_is_stored(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    client.login("parent@x.mx")
    response = client.post("/familias/F-1/registro", data=register_form("wrong"))
    assert response.status_code == 403
    assert stored(db, Family) == 1  # F-2 only


def test_an_administrator_opens_a_family_by_its_reference(
    client: WebClient, enrolment: Enrolment
) -> None:
    client.login("admin@x.mx")
    assert 'name="ref"' in client.get("/familia").text
    page = client.get("/familia?ref=F-2")
    assert page.url.path == "/familias/F-2" and "Sofía Dos" in page.text


def test_the_pages_switch_to_english(client: WebClient, enrolment: Enrolment) -> None:
    client.login("parent@x.mx")
    page = client.get("/familias/F-1?lang=en").text
    assert "My family" in page and "not registered yet" in page


# -- directors ----------------------------------------------------------------------------------


def test_a_director_reads_rosters_moves_and_vacancies_of_their_centre(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    families.apply(
        db, enrolment.admin, "F-2", ApplicationData(start_date=START, centres=[enrolment.north])
    )
    published_round(db, enrolment)
    client.login("director@x.mx")
    landing = client.get("/inscripcion/centros")
    assert landing.url.path == f"/inscripcion/centros/{enrolment.north}"
    page = landing.text
    roster = page.split('data-testid="roster-lactantes"')[1].split("</table>")[0]
    assert "Sofía Dos" in roster and valid_curp("DOSA", BIRTH) in roster
    vacancies = page.split('data-testid="vacancies"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\w+)</td>.*?</tr>", vacancies)
    assert rows == ["lactantes", "maternales"]
    assert "<strong>0</strong>" in vacancies and "<strong>1</strong>" in vacancies
    moves = page.split('data-testid="moves"')[1].split("</table>")[0]
    assert "Sofía Dos" in moves and "maternales" in moves  # 19 months within 180 days


def test_a_director_records_a_child_leaving_and_the_next_child_is_offered_the_place(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    register_and_apply(client, enrolment.north)
    families.apply(
        db, enrolment.admin, "F-2", ApplicationData(start_date=START, centres=[enrolment.north])
    )
    published_round(db, enrolment)
    with db.reading() as session:
        place = session.scalars(sa.select(Place)).one()
    csrf = client.login("director2@x.mx")
    form = {"csrf_token": csrf, "centre": str(enrolment.north)}
    refused = client.post(f"/inscripcion/inscritos/{place.id}/baja", data=form)
    assert refused.status_code == 404 and stored(db, Place) == 1
    csrf = client.login("director@x.mx")
    left = client.post(f"/inscripcion/inscritos/{place.id}/baja", data=form | {"csrf_token": csrf})
    assert left.url.path == f"/inscripcion/centros/{enrolment.north}"
    assert 'data-testid="leaves"' not in left.text  # nobody holds a place now
    lactantes = re.search(r"<tr><td>lactantes</td>.*?</tr>", left.text)
    assert lactantes  # free 1, one offer pending, nobody else waiting:
    assert '<strong>1</strong></td><td class="num">1</td><td class="num">0</td>' in lactantes[0]
    with db.reading() as session:
        assert session.scalars(sa.select(Offer.status)).all() == [OfferStatus.PENDING]


def test_a_director_cannot_open_another_centre(client: WebClient, enrolment: Enrolment) -> None:
    client.login("director@x.mx")
    response = client.get(f"/inscripcion/centros/{enrolment.south}")
    assert response.status_code == 404
    assert "Aguascalientes Sur" not in response.text.split("<main>")[1]


# -- administrators -----------------------------------------------------------------------------


def rooms_form(csrf: str, *rows: tuple[str, int, int, int, int, int]) -> dict[str, str]:
    """Rows of (name, min months, min days, max months, max days, places)."""
    form = {"csrf_token": csrf}
    keys = ("name", "min_months", "min_days", "max_months", "max_days", "places")
    for i, row in enumerate(rows):
        form |= {f"r{i}_{k}": str(v) for k, v in zip(keys, row, strict=True)}
    return form


def test_an_administrator_gives_a_registry_centre_its_enrolment_rooms(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    centre = centres.create_centre(
        db,
        enrolment.admin,
        CentreData(
            code="AGS-C",
            name="CECI Aguascalientes Centro",
            scheme="CECI IMSS",
            operator="IMSS",
            state_code="01",
            lat=21.88,
            lon=-102.29,
            status_since=START,
        ),
    )
    csrf = client.login("admin@x.mx")
    listed = client.get("/inscripcion/centros").text
    assert f'<option value="{centre.id}">CECI Aguascalientes Centro (AGS-C)</option>' in listed
    form = client.get(f"/inscripcion/salas?centre_id={centre.id}")
    assert form.url.path == f"/inscripcion/centros/{centre.id}/salas"
    assert 'name="r0_name" maxlength="80" value="lactantes"' in form.text  # IMSS's default bands
    assert 'name="r0_min_days" inputmode="numeric" value="43"' in form.text
    rows = (("lactantes", 0, 43, 19, 0, 20), ("maternales", 19, 0, 48, 0, 30))
    saved = client.post(f"/inscripcion/centros/{centre.id}/salas", data=rooms_form(csrf, *rows))
    assert saved.url.path == f"/inscripcion/centros/{centre.id}"
    assert [(r.name, r.places) for r in centre_bands(db, enrolment.admin, centre.id).rooms] == [
        ("lactantes", 20),
        ("maternales", 30),
    ]
    client.login("parent2@x.mx")
    assert f'data-centre-row="{centre.id}"' in client.get("/familias/F-2/solicitud").text


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((("lactantes", 0, 43, 19, 0, 5), ("maternales", 20, 0, 48, 0, 5)), "No se guardaron"),
        ((("lactantes", 0, 43, 19, 0, 5), ("lactantes", 19, 0, 48, 0, 5)), "No se guardaron"),
        ((("lactantes", 0, 43, 19, 0, 2000),), "Sala 1: meses de 0 a 120"),
        ((("", 0, 0, 0, 0, 0),), "Registre al menos una sala"),
    ],
)
def test_bad_rooms_are_refused_in_spanish_and_the_rooms_stay(
    client: WebClient,
    db: Database,
    enrolment: Enrolment,
    rows: tuple[tuple[str, int, int, int, int, int], ...],
    message: str,
) -> None:
    csrf = client.login("admin@x.mx")
    before = centre_bands(db, enrolment.admin, enrolment.north).rooms
    path = f"/inscripcion/centros/{enrolment.north}/salas"
    response = client.post(path, data=rooms_form(csrf, *rows))
    assert response.status_code == 422 and message in response.text
    assert centre_bands(db, enrolment.admin, enrolment.north).rooms == before


def test_a_centre_with_more_rooms_than_a_short_form_keeps_them_all_when_saved_unchanged(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    bands = [  # nine rooms of five months each
        RoomBand(name=f"sala {m}", min_months=m, max_months=m + 5, places=3)
        for m in range(0, 45, 5)
    ]
    rules.set_rooms(db, enrolment.admin, enrolment.north, bands)
    csrf = client.login("admin@x.mx")
    path = f"/inscripcion/centros/{enrolment.north}/salas"
    page = client.get(path).text
    shown = dict(re.findall(r'<input name="(r\d+_\w+)"[^>]*value="([^"]*)"', page))
    assert [shown[f"r{i}_name"] for i in range(10)] == [b.name for b in bands] + [""]
    saved = client.post(path, data={"csrf_token": csrf, **shown})
    assert saved.url.path == f"/inscripcion/centros/{enrolment.north}"
    assert centre_bands(db, enrolment.admin, enrolment.north).rooms == bands


def test_a_centre_with_the_most_rooms_allowed_gets_no_blank_row_for_one_more(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    bands = [
        RoomBand(name=f"sala {m}", min_months=m, max_months=m + 1, places=1)
        for m in range(rules.MAX_ROOMS)
    ]
    rules.set_rooms(db, enrolment.admin, enrolment.north, bands)
    client.login("admin@x.mx")
    page = client.get(f"/inscripcion/centros/{enrolment.north}/salas").text
    rows = re.findall(r'<input name="r(\d+)_name"', page)
    assert rows == [str(i) for i in range(rules.MAX_ROOMS)]


def test_a_room_holding_children_cannot_be_removed(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    families.apply(
        db, enrolment.admin, "F-2", ApplicationData(start_date=START, centres=[enrolment.north])
    )
    published_round(db, enrolment)
    csrf = client.login("admin@x.mx")
    only = rooms_form(csrf, ("maternales", 0, 43, 48, 0, 5))
    response = client.post(f"/inscripcion/centros/{enrolment.north}/salas", data=only)
    assert response.status_code == 409 and "lactantes" in response.text
    assert len(centre_bands(db, enrolment.admin, enrolment.north).rooms) == 2


def test_an_administrator_orders_the_priority_rules(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    csrf = client.login("admin@x.mx")
    form = {
        "csrf_token": csrf,
        "pos_child_disability": "1",
        "pos_sibling_enrolled": "2",
        "max_choices": "3",
        "offer_days": "7",
    }
    response = client.post("/inscripcion/reglas", data=form)
    assert response.url.path == "/inscripcion/reglas" and "Reglas guardadas" in response.text
    saved = rules.get_rules(db, enrolment.admin)
    assert (saved.rules, saved.max_choices, saved.offer_days) == (
        ["child_disability", "sibling_enrolled"],
        3,
        7,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pos_sibling_enrolled": "1"}, "Cada regla usada necesita un número de orden distinto"),
        ({"max_choices": "11"}, "de 1 a 10"),
        ({"offer_days": "cero"}, "de 1 a 60"),
    ],
)
def test_bad_rules_are_refused_in_spanish_and_the_rules_stay(
    client: WebClient,
    db: Database,
    enrolment: Enrolment,
    overrides: dict[str, str],
    message: str,
) -> None:
    csrf = client.login("admin@x.mx")
    before = rules.get_rules(db, enrolment.admin)
    form = {
        "csrf_token": csrf,
        "pos_child_disability": "1",
        "max_choices": "5",
        "offer_days": "5",
    }
    response = client.post("/inscripcion/reglas", data=form | overrides)
    assert response.status_code == 422 and message in response.text
    after = rules.get_rules(db, enrolment.admin)
    assert (after.rules, after.max_choices) == (before.rules, before.max_choices)


def test_an_administrator_previews_then_publishes_a_round_with_its_seed(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    register_and_apply(client, enrolment.north)
    families.apply(
        db, enrolment.admin, "F-2", ApplicationData(start_date=START, centres=[enrolment.north])
    )
    csrf = client.login("admin@x.mx")
    preview = client.post("/inscripcion/rondas", data={"csrf_token": csrf, "seed": "4242"})
    assert re.fullmatch(r"/inscripcion/rondas/\d+", preview.url.path)
    page = preview.text
    assert "Vista previa" in page and "<strong>4242</strong>" in page
    assert re.search(r'data-testid="placed">1<', page) and re.search(
        r'data-testid="unplaced">1<', page
    )
    assert "Aguascalientes" in page.split('data-testid="unplaced-state"')[1]
    assert stored(db, Place) == 0  # a preview changes nothing for families
    csv = client.get(
        re.search(r'href="(/api/enrolment/rounds/\d+/placements\.csv)"', page).group(1)
    )  # type: ignore[union-attr]
    assert csv.status_code == 200 and csv.text.startswith("round,seed,family,curp")
    publish = preview.url.path + "/publicar"
    published = client.post(publish, data={"csrf_token": csrf})
    assert "Publicada" in published.text and 'id="publish-form"' not in published.text
    assert stored(db, Place) == 1
    again = client.post(publish, data={"csrf_token": csrf})
    assert again.status_code == 409 and "No se publicó" in again.text
    listed = client.get("/inscripcion/rondas").text
    assert "4242" in listed.split('data-testid="rounds"')[1]


def test_a_bad_seed_is_refused_and_no_round_is_run(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    csrf = client.login("admin@x.mx")
    response = client.post("/inscripcion/rondas", data={"csrf_token": csrf, "seed": "-3"})
    assert response.status_code == 422 and "La semilla debe ser" in response.text
    assert stored(db, AssignmentRound) == 0


@pytest.mark.parametrize(
    ("email", "shown", "hidden"),
    [
        ("parent@x.mx", ["/familia"], ["/inscripcion/centros", "/inscripcion/rondas"]),
        ("director@x.mx", ["/inscripcion/centros"], ["/familia", "/inscripcion/rondas"]),
        ("admin@x.mx", ["/familia", "/inscripcion/centros", "/inscripcion/rondas"], []),
        ("planner@x.mx", [], ["/familia", "/inscripcion/centros", "/inscripcion/rondas"]),
    ],
)
def test_the_menu_links_the_enrolment_pages_each_role_opens(
    client: WebClient, enrolment: Enrolment, email: str, shown: list[str], hidden: list[str]
) -> None:
    client.login(email)
    menu = client.get("/").text.split("<main>")[0]
    for href in shown:
        assert f'href="{href}"' in menu
    for href in hidden:
        assert f'href="{href}"' not in menu
