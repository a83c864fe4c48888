"""A director sets the rooms of their own centre where the enrolment pages send them: no dead
end between "no rooms yet" and the rooms form; another centre's director cannot."""

from __future__ import annotations

import datetime as dt

from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreData
from redceci.store.testing import add_user
from tests.web.world import Enrolment, WebClient


def _new_centre(db: Database, enrolment: Enrolment) -> int:
    made = centres.create_centre(
        db,
        enrolment.admin,
        CentreData(
            code="AGS-O",
            name="CECI Aguascalientes Oriente",
            scheme="CECI IMSS",
            operator="IMSS",
            state_code="01",
            lat=21.88,
            lon=-102.25,
            status=CentreStatus.OPERATING,
            status_since=dt.date(2025, 1, 1),
        ),
    )
    add_user(db, "dir3@x.mx", Grant(Role.CENTRE_DIRECTOR, centre_id=made.id), name="Dir O")
    return made.id


def test_a_director_without_rooms_is_led_to_set_them_and_does(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    centre = _new_centre(db, enrolment)
    csrf = client.login("dir3@x.mx")
    home = client.get("/inscripcion/centros")
    assert home.url.path == f"/inscripcion/centros/{centre}"
    assert 'data-testid="no-rooms"' in home.text
    assert f'href="/inscripcion/centros/{centre}/salas"' in home.text
    form = client.get(f"/inscripcion/centros/{centre}/salas")
    assert form.status_code == 200
    rooms = {
        "csrf_token": csrf,
        "r0_name": "lactantes",
        "r0_min_months": "0",
        "r0_min_days": "43",
        "r0_max_months": "19",
        "r0_max_days": "0",
        "r0_places": "20",
        "r0_reserved": "0",
        "r1_name": "maternales",
        "r1_min_months": "19",
        "r1_min_days": "0",
        "r1_max_months": "48",
        "r1_max_days": "0",
        "r1_places": "30",
        "r1_reserved": "0",
    }
    saved = client.post(f"/inscripcion/centros/{centre}/salas", data=rooms)
    assert saved.status_code == 200 and saved.url.path == f"/inscripcion/centros/{centre}"
    assert 'data-testid="no-rooms"' not in saved.text
    vacancies = saved.text.split('data-testid="vacancies"')[1].split("</table>")[0]
    assert "lactantes" in vacancies and "maternales" in vacancies


def test_a_director_cannot_set_another_centres_rooms(
    client: WebClient, db: Database, enrolment: Enrolment
) -> None:
    _new_centre(db, enrolment)
    csrf = client.login("dir3@x.mx")
    assert client.get(f"/inscripcion/centros/{enrolment.north}/salas").status_code == 404
    refused = client.post(
        f"/inscripcion/centros/{enrolment.north}/salas",
        data={"csrf_token": csrf, "r0_name": "x", "r0_places": "1"},
    )
    assert refused.status_code == 404
