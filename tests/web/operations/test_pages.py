"""The operations pages: who opens which (the page matrix; ``tests/web/test_access.py`` runs it
on both databases and checks every page is in one), and what each page shows and does: the
staff room page with the filter's reasons, a drill's roll-call of exactly who is present, an
incident acknowledged by the guardian, a one-time pick-up code shown once, an absence notice,
the network dashboard within the coordinator's state, and the centre's people landing on it."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from redceci.operations.events import EventKind
from redceci.store.db import Database
from redceci.store.operations import events, setup
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.models import EventRow, PickupCode
from tests.web.operations.world import OpsWorld, add_people, operations_world
from tests.web.world import open_session

TZ_NAME = "America/Mexico_City"

#: Who opens the pages, in the order of the expected statuses below.
OPS_WHO = (
    "dir@ops.mx",  # director of the Querétaro centre
    "edu@ops.mx",  # educator there
    "edu-col@ops.mx",  # educator of the Colima centre
    "mama@ops.mx",  # guardian of Ana (Querétaro)
    "papa-col@ops.mx",  # guardian of Zoe (Colima)
    "coord-qro@ops.mx",
    "coord-col@ops.mx",
    "planner@ops.mx",
    "med@ops.mx",  # medical staff of the Querétaro centre
    "admin@ops.mx",
)
#: What no refused page may show: the Querétaro children.
OPS_SECRETS = ("Ana Ruiz", "Dani Sol")

Path = Callable[[OpsWorld], str]
OPS_CASES: dict[tuple[str, str], tuple[Path, tuple[int, ...]]] = {
    ("GET", "/operaciones"): (
        lambda w: "/operaciones",
        (303, 303, 303, 403, 403, 200, 200, 200, 303, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}"): (
        lambda w: f"/operaciones/centros/{w.centre}",
        (200, 200, 404, 403, 403, 200, 404, 200, 200, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/salas/{room_id}"): (
        lambda w: f"/operaciones/centros/{w.centre}/salas/{w.lactantes}",
        (200, 200, 404, 403, 403, 403, 403, 403, 200, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/pase-de-lista"): (
        lambda w: f"/operaciones/centros/{w.centre}/pase-de-lista",
        (200, 200, 404, 403, 403, 200, 404, 200, 200, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/incidentes/nuevo"): (
        lambda w: f"/operaciones/centros/{w.centre}/incidentes/nuevo",
        (200, 200, 404, 403, 403, 403, 403, 403, 200, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/mensajes"): (
        lambda w: f"/operaciones/centros/{w.centre}/mensajes",
        (200, 200, 404, 403, 403, 200, 404, 200, 200, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/filtro"): (
        lambda w: f"/operaciones/centros/{w.centre}/filtro",
        (200, 200, 404, 403, 403, 200, 404, 200, 200, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/personas-autorizadas"): (
        lambda w: f"/operaciones/centros/{w.centre}/personas-autorizadas",
        (200, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/personal"): (
        lambda w: f"/operaciones/centros/{w.centre}/personal",
        (200, 200, 404, 403, 403, 200, 404, 200, 200, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/personal/{staff_id}"): (
        lambda w: f"/operaciones/centros/{w.centre}/personal/{w.staff['Luisa']}",
        (200, 200, 404, 403, 403, 200, 404, 200, 200, 200),
    ),
    ("GET", "/operaciones/centros/{centre_id}/calendario"): (
        lambda w: f"/operaciones/centros/{w.centre}/calendario",
        (200, 200, 404, 403, 403, 200, 404, 200, 200, 200),
    ),
    ("GET", "/operaciones/familia"): (
        lambda w: "/operaciones/familia",
        (403, 403, 403, 200, 200, 403, 403, 403, 403, 200),
    ),
    ("GET", "/operaciones/red"): (
        lambda w: "/operaciones/red",
        (403, 403, 403, 403, 403, 200, 200, 200, 403, 200),
    ),
}
#: The service worker's script: public (it holds no data; the pages it keeps need a session).
OPS_PUBLIC = {("GET", "/operaciones/sw.js")}
OPS_POSTS = {
    ("POST", "/operaciones/centros/{centre_id}/simulacros"),
    ("POST", "/operaciones/centros/{centre_id}/pase-de-lista/{roll_call_id}/fin"),
    ("POST", "/operaciones/centros/{centre_id}/incidentes"),
    ("POST", "/operaciones/centros/{centre_id}/mensajes"),
    ("POST", "/operaciones/centros/{centre_id}/filtro"),
    ("POST", "/operaciones/centros/{centre_id}/personas-autorizadas/{person_id}/foto"),
    ("POST", "/operaciones/centros/{centre_id}/personal"),
    ("POST", "/operaciones/centros/{centre_id}/personal/{staff_id}/turnos"),
    ("POST", "/operaciones/centros/{centre_id}/personal/{staff_id}/estado"),
    ("POST", "/operaciones/centros/{centre_id}/calendario"),
    ("POST", "/operaciones/centros/{centre_id}/calendario/cierres"),
    ("POST", "/operaciones/centros/{centre_id}/calendario/cierres/{day}/quitar"),
    ("POST", "/operaciones/familia/ausencias"),
    ("POST", "/operaciones/familia/mensajes"),
    ("POST", "/operaciones/familia/incidentes/{incident_id}/enterado"),
    ("POST", "/operaciones/familia/codigos"),
}


@pytest.fixture
def ops(db: Database) -> OpsWorld:
    world = operations_world(db)
    add_people(db, world)
    return world


def send(db: Database, world: OpsWorld, *items: dict[str, Any]) -> list[str]:
    """Record events as the director's tablet would (now, one key each); their statuses."""
    batch = [
        EventIn(
            idempotency_key=str(uuid.uuid4()),
            device_time=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=len(items) - i),
            **item,
        )
        for i, item in enumerate(items)
    ]
    from zoneinfo import ZoneInfo

    results = events.ingest(db, world.director, world.centre, batch, tz=ZoneInfo(TZ_NAME))
    return [str(r.status) for r in results]


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_the_staff_page_shows_the_rooms_children_the_ratio_and_the_filters_reasons(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    assert send(
        db,
        ops,
        {"kind": EventKind.STAFF_IN, "staff_id": ops.staff["Luisa"], "room_id": ops.lactantes},
        {"kind": EventKind.STAFF_IN, "staff_id": ops.staff["Marta"], "room_id": ops.lactantes},
        {"kind": EventKind.CHECK_IN, "child_id": ops.children["Ana"]},
    ) == ["stored", "stored", "stored"]
    open_session(client, db, "edu@ops.mx")
    page = client.get(f"/operaciones/centros/{ops.centre}/salas/{ops.lactantes}").text
    ana = page.split(f'data-testid="child-{ops.children["Ana"]}"')[0].rsplit("<li", 1)[1]
    assert 'data-state="present"' in ana
    beto = page.split(f'data-testid="child-{ops.children["Beto"]}"')[0].rsplit("<li", 1)[1]
    assert 'data-state="absent"' in beto and "Dani Sol" not in page  # another room
    assert "Abuela de Ana" in page  # who may pick Ana up
    ratio = page.split('data-testid="ratio"')[1].split("</div>")[0]
    # A lactante needs a lead and an assistant: with both present, one leaving would breach.
    assert 'data-colour="amber"' in ratio and '"needed">2<' in ratio
    reasons = page.split('data-testid="refusal-reason"')[1].split("</select>")[0]
    assert 'value="fever"' in reasons and "Fiebre" in reasons and 'value="other"' in reasons
    assert 'data-worker="/operaciones/sw.js"' in page
    english = client.get(f"/operaciones/centros/{ops.centre}/salas/{ops.lactantes}?lang=en")
    assert "Health filter" in english.text and "Fever" in english.text


def test_a_drill_lists_exactly_the_people_present_unaccounted_first(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    send(
        db,
        ops,
        {"kind": EventKind.STAFF_IN, "staff_id": ops.staff["Luisa"], "room_id": ops.lactantes},
        {"kind": EventKind.CHECK_IN, "child_id": ops.children["Ana"]},
        {"kind": EventKind.CHECK_IN, "child_id": ops.children["Dani"]},
    )
    token = open_session(client, db, "dir@ops.mx")
    board = client.get(f"/operaciones/centros/{ops.centre}").text
    assert 'data-testid="start-drill"' in board
    started = client.post(
        f"/operaciones/centros/{ops.centre}/simulacros",
        data={"csrf_token": token, "kind": "drill"},
    )
    assert started.status_code == 200 and started.url.path.endswith("/pase-de-lista")
    page = started.text
    assert page.split('data-testid="unaccounted">')[1].startswith("3<")
    listed = re.findall(r'data-testid="mark-(child|staff)-(\d+)"', page)
    assert sorted(listed) == sorted(
        [
            ("child", str(ops.children["Ana"])),
            ("child", str(ops.children["Dani"])),
            ("staff", str(ops.staff["Luisa"])),
        ]
    )
    assert "Beto Gil" not in page  # not arrived: not on the roll-call


def test_with_no_roll_call_open_the_page_offers_a_start_with_the_centres_presence(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    send(
        db,
        ops,
        {"kind": EventKind.STAFF_IN, "staff_id": ops.staff["Nora"], "room_id": ops.maternales},
        {"kind": EventKind.CHECK_IN, "child_id": ops.children["Dani"]},
    )
    path = f"/operaciones/centros/{ops.centre}/pase-de-lista"
    open_session(client, db, "edu@ops.mx")
    page = client.get(path).text
    assert 'data-testid="no-rollcall"' in page and 'data-testid="start-drill"' in page
    found = re.search(r"data-presence='([^']+)'", page)
    assert found is not None
    presence = json.loads(html.unescape(found.group(1)))
    present = {(c["id"], c["room_id"]) for c in presence["children"] if c["present"]}
    assert present == {(ops.children["Dani"], ops.maternales)}
    assert len(presence["children"]) == 9  # every child of the roster, to place offline check-ins
    adults = {s["id"]: s["room_id"] for s in presence["staff"]}
    assert adults[ops.staff["Nora"]] == ops.maternales and adults[ops.staff["Luisa"]] is None
    open_session(client, db, "coord-qro@ops.mx")  # reads roll-calls, never starts one
    page = client.get(path).text
    assert "data-presence" not in page and 'data-testid="start-drill"' not in page


def test_a_coordinator_cannot_start_a_drill_and_another_centres_staff_cannot_either(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    for who, status in (("coord-qro@ops.mx", 403), ("edu-col@ops.mx", 404), ("mama@ops.mx", 403)):
        token = open_session(client, db, who)
        response = client.post(
            f"/operaciones/centros/{ops.centre}/simulacros",
            data={"csrf_token": token, "kind": "drill"},
        )
        assert response.status_code == status, who
    with db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(EventRow)) == 0


def test_an_incident_reaches_the_board_and_the_guardian_acknowledges_it(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    send(db, ops, {"kind": EventKind.CHECK_IN, "child_id": ops.children["Ana"]})
    token = open_session(client, db, "edu@ops.mx")
    when = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=-6)))
    form = {
        "csrf_token": token,
        "child_id": str(ops.children["Ana"]),
        "occurred_at": (when - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "severity": "minor",
        "location": "Patio",
        "description": "Se cayó del columpio",
        "body_part": "rodilla",
        "first_aid": "Agua y gasa",
        "witnesses": "Luisa, Marta",
    }
    bad = client.post(
        f"/operaciones/centros/{ops.centre}/incidentes", data={**form, "severity": "x"}
    )
    assert bad.status_code == 422 and "severity" in bad.text
    bad = client.post(
        f"/operaciones/centros/{ops.centre}/incidentes", data={**form, "category": "x"}
    )
    assert bad.status_code == 422 and "category" in bad.text
    saved = client.post(f"/operaciones/centros/{ops.centre}/incidentes", data=form)
    assert saved.status_code == 200
    open_session(client, db, "dir@ops.mx")
    incidents = client.get(f"/operaciones/centros/{ops.centre}").text.split(
        'data-testid="incidents"'
    )[1]
    assert "Se cayó del columpio" in incidents.split("</section>")[0]
    open_session(client, db, "papa-col@ops.mx")  # another family: nothing of Ana
    assert "columpio" not in client.get("/operaciones/familia").text
    open_session(client, db, "mama@ops.mx")
    family = client.get("/operaciones/familia").text
    found = re.search(r'data-testid="acknowledge-(\d+)"', family)
    assert found and "Se cayó del columpio" in family
    open_session(client, db, "papa-col@ops.mx")
    other = csrf(client.get("/operaciones/familia").text)
    refused = client.post(
        f"/operaciones/familia/incidentes/{found.group(1)}/enterado", data={"csrf_token": other}
    )
    assert refused.status_code == 422
    token = open_session(client, db, "mama@ops.mx")
    done = client.post(
        f"/operaciones/familia/incidentes/{found.group(1)}/enterado", data={"csrf_token": token}
    )
    assert done.status_code == 200 and f'data-testid="acknowledged-{found.group(1)}"' in done.text
    with db.reading() as s:
        acks = s.scalars(sa.select(EventRow).where(EventRow.kind == EventKind.INCIDENT_ACK)).all()
    assert len(acks) == 1 and acks[0].actor_id == ops.parent.user_id


def test_a_one_time_code_is_shown_once_and_only_its_hash_is_kept(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    token = open_session(client, db, "mama@ops.mx")
    issued = client.post(
        "/operaciones/familia/codigos",
        data={"csrf_token": token, "child_id": str(ops.children["Ana"]), "person_name": "Tía Rosa"},
    )
    assert issued.status_code == 200 and issued.headers["cache-control"] == "no-store"
    code = issued.text.split('data-testid="code">')[1].split("<")[0]
    assert re.fullmatch(r"\d{4,12}", code) and "Tía Rosa" in issued.text
    assert code not in client.get("/operaciones/familia").text
    with db.reading() as s:
        row = s.scalars(sa.select(PickupCode)).one()
    assert row.person_name == "Tía Rosa" and code not in row.code_hash
    open_session(client, db, "papa-col@ops.mx")  # not their child: nothing issued
    other = csrf(client.get("/operaciones/familia").text)
    response = client.post(
        "/operaciones/familia/codigos",
        data={"csrf_token": other, "child_id": str(ops.children["Ana"]), "person_name": "X"},
    )
    assert response.status_code == 404
    with db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(PickupCode)) == 1


def test_the_deployments_operations_rules_reach_the_pages_and_the_api(
    client: TestClient, ops: OpsWorld, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = client.app.state  # type: ignore[attr-defined]
    overridden = state.settings.model_copy(update={"operations": {"code_digits": 9}})
    monkeypatch.setattr(state, "settings", overridden)
    token = open_session(client, db, "mama@ops.mx")
    issued = client.post(
        "/operaciones/familia/codigos",
        data={"csrf_token": token, "child_id": str(ops.children["Ana"]), "person_name": "Tía Rosa"},
    )
    assert re.fullmatch(r"\d{9}", issued.text.split('data-testid="code">')[1].split("<")[0])
    api = client.post(
        f"/api/operations/children/{ops.children['Ana']}/pickup-codes",
        json={"person_name": "Tío Luis"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 201, api.text
    assert re.fullmatch(r"\d{9}", api.json()["code"])


def test_an_absence_notice_shows_on_the_staff_page_and_a_past_day_is_refused(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    token = open_session(client, db, "mama@ops.mx")
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=-6))).date()
    past = client.post(
        "/operaciones/familia/ausencias",
        data={
            "csrf_token": token,
            "child_id": str(ops.children["Ana"]),
            "day": (today - dt.timedelta(days=2)).isoformat(),
        },
    )
    assert past.status_code == 422 and 'data-testid="error"' in past.text
    sent = client.post(
        "/operaciones/familia/ausencias",
        data={"csrf_token": token, "child_id": str(ops.children["Ana"]), "day": today.isoformat()},
    )
    assert sent.status_code == 200 and 'data-testid="notice"' in sent.text
    open_session(client, db, "edu@ops.mx")
    page = client.get(f"/operaciones/centros/{ops.centre}/salas/{ops.lactantes}").text
    ana = page.split(f'data-testid="child-{ops.children["Ana"]}"')[0].rsplit("<li", 1)[1]
    assert 'data-state="notified"' in ana


def test_the_network_page_shows_the_coordinators_state_only(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    send(db, ops, {"kind": EventKind.CHECK_IN, "child_id": ops.children["Ana"]})
    open_session(client, db, "coord-qro@ops.mx")
    page = client.get("/operaciones/red").text
    assert "CECI QRO-OPS" in page and "CECI COL-OPS" not in page
    assert 'class="map' in page and 'data-testid="chart-attendance_rate"' in page
    open_session(client, db, "coord-col@ops.mx")
    page = client.get("/operaciones/red").text
    assert "CECI QRO-OPS" not in page and "CECI COL-OPS" in page
    open_session(client, db, "planner@ops.mx")
    page = client.get("/operaciones/red").text
    assert "CECI QRO-OPS" in page and "CECI COL-OPS" in page


def test_the_people_of_one_centre_land_on_its_operations_page(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    for who in ("dir@ops.mx", "edu@ops.mx"):
        open_session(client, db, who)
        response = client.get("/", follow_redirects=False)
        assert response.headers["location"] == f"/operaciones/centros/{ops.centre}", who
    board = client.get(f"/operaciones/centros/{ops.centre}").text  # the educator: rooms
    assert f"/operaciones/centros/{ops.centre}/salas/{ops.lactantes}" in board
    open_session(client, db, "coord-qro@ops.mx")
    assert client.get("/", follow_redirects=False).status_code == 200


def test_the_service_worker_is_served_for_the_operations_scope(client: TestClient) -> None:
    response = client.get("/operaciones/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/operaciones/"
    assert "pase-de-lista" in response.text and "caches.match" in response.text


def test_a_guardians_message_joins_the_childs_thread_and_an_empty_one_is_refused(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    token = open_session(client, db, "mama@ops.mx")
    child = str(ops.children["Ana"])
    empty = client.post(
        "/operaciones/familia/mensajes", data={"csrf_token": token, "child_id": child, "text": ""}
    )
    assert empty.status_code == 422
    sent = client.post(
        "/operaciones/familia/mensajes",
        data={"csrf_token": token, "child_id": child, "text": "Hoy la recoge su abuela"},
    )
    assert sent.status_code == 200
    thread = sent.text.split('data-testid="messages"')[1]
    assert "Hoy la recoge su abuela" in thread and "Familia" in thread
    with db.reading() as s:
        [row] = s.scalars(sa.select(EventRow).where(EventRow.kind == EventKind.MESSAGE)).all()
    assert row.child_id == ops.children["Ana"] and row.data["from"] == "guardian"


def test_a_check_out_already_made_on_another_device_is_reported_on_the_board(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    ana, grandma = ops.children["Ana"], ops.authorised["Ana"]
    assert send(
        db,
        ops,
        {"kind": EventKind.CHECK_IN, "child_id": ana},
        {"kind": EventKind.CHECK_OUT, "child_id": ana, "person_id": grandma},
        {"kind": EventKind.CHECK_OUT, "child_id": ana, "person_id": grandma},
    ) == ["stored", "stored", "conflict"]
    assert send(
        db, ops, {"kind": EventKind.CHECK_OUT, "child_id": ana, "person_name": "Juan Nadie"}
    ) == ["rejected"]  # refused, and logged for the director
    open_session(client, db, "dir@ops.mx")
    board = client.get(f"/operaciones/centros/{ops.centre}").text
    conflicts = board.split('data-testid="conflicts"')[1].split("</section>")[0]
    assert re.search(
        r"Ana Ruiz: ya había salido a las \d\d:\d\d \(¿otro dispositivo\?\)", conflicts
    )
    assert "Juan Nadie no es persona autorizada para esta niña o niño" in conflicts
    english = client.get(f"/operaciones/centros/{ops.centre}?lang=en").text
    conflicts = english.split('data-testid="conflicts"')[1].split("</section>")[0]
    assert re.search(r"Ana Ruiz: already checked out at \d\d:\d\d \(another device\?\)", conflicts)
    assert "Juan Nadie is not an authorised person for this child" in conflicts


#: One example of each reason the store gives, in its words (``operations/state.py``,
#: ``store/operations/events.py``, ``operations/pickup.py``), and what the page says.
STORE_REASONS = {
    "child 3 was already checked in at 08:05 (another device?)": "ya tenía entrada a las 08:05",
    "child 3 was already checked out at 16:10 (another device?)": "ya había salido a las 16:10",
    "child 3 was already checked in at 08:05: cannot be refused at the door": "no se puede rechazar",
    "child 3 has no check-in today: cannot check out": "no tiene entrada hoy",
    "staff member 2 already clocked in at 07:00": "ya había registrado su entrada a las 07:00",
    "staff member 2 already clocked out at 15:00": "ya había registrado su salida a las 15:00",
    "staff member 2 has not clocked in today": "no ha registrado su entrada hoy",
    "roll-call 9 started at 10:00 is still open": "el pase de lista iniciado a las 10:00",
    "roll-call 9 ended at 10:30": "el pase de lista terminó a las 10:30",
    "staff 2 already marked safe at 10:02": "ya estaba a salvo desde las 10:02",
    "only people present when the roll-call started are marked": "solo se marca a quien",
    "recorded for 10:00, it contradicts check_out recorded at 16:00 on another device": (
        "contradice la salida de las 16:00"
    ),
    "Juan is not an authorised person for this child": "Juan no es persona autorizada",
    "person 4 is not authorised to pick up this child": "esa persona no está autorizada",
    "guardian 4 is not this child's guardian": "no es madre, padre o tutor",
    "this code was issued for Tía Rosa, not Pedro": "se emitió para Tía Rosa, no para Pedro",
    "unknown pick-up code for this child": "código de recogida desconocido",
    "this pick-up code was already used": "ya se usó",
    "this pick-up code has expired": "venció",
}


@pytest.mark.parametrize("reason", list(STORE_REASONS))
def test_each_reason_of_the_store_is_said_in_spanish_first(reason: str) -> None:
    from redceci.web.i18n import translator
    from redceci.web.operations.common import reason_text

    assert STORE_REASONS[reason] in reason_text(reason, translator("es"))
    english = reason_text(reason, translator("en"))
    assert english != reason_text(reason, translator("es")) and "{" not in english


def test_the_centre_answers_a_guardian_and_the_guardian_reads_the_answer(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    child = str(ops.children["Ana"])
    token = open_session(client, db, "mama@ops.mx")
    client.post(
        "/operaciones/familia/mensajes",
        data={"csrf_token": token, "child_id": child, "text": "¿Comió bien hoy?"},
    )
    token = open_session(client, db, "edu@ops.mx")
    page = client.get(f"/operaciones/centros/{ops.centre}/mensajes").text
    assert "¿Comió bien hoy?" in page.split(f'data-testid="thread-{child}"')[1]
    answered = client.post(
        f"/operaciones/centros/{ops.centre}/mensajes",
        data={"csrf_token": token, "child_id": child, "text": "Sí, casi todo"},
    )
    assert answered.status_code == 200 and "Sí, casi todo" in answered.text
    other = client.post(
        f"/operaciones/centros/{ops.centre}/mensajes",
        data={"csrf_token": token, "child_id": str(ops.other_child), "text": "hola"},
    )
    assert other.status_code == 422  # a child of another centre: refused, nothing stored
    open_session(client, db, "mama@ops.mx")
    thread = client.get("/operaciones/familia").text.split('data-testid="messages"')[1]
    assert thread.index("¿Comió bien hoy?") < thread.index("Sí, casi todo")
    assert "Centro" in thread
    with db.reading() as s:
        texts = s.scalars(sa.select(EventRow.data).where(EventRow.kind == EventKind.MESSAGE)).all()
    assert sorted(t["text"] for t in texts) == ["Sí, casi todo", "¿Comió bien hoy?"]


def test_correcting_an_incident_makes_a_new_version_the_guardian_acknowledges_again(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    ana = ops.children["Ana"]
    send(db, ops, {"kind": EventKind.CHECK_IN, "child_id": ana})
    send(
        db,
        ops,
        {
            "kind": EventKind.INCIDENT,
            "child_id": ana,
            "incident": {"severity": "minor", "what": "Raspón", "where": "Patio"},
        },
    )
    [first] = events_of_kind(db, EventKind.INCIDENT)
    token = open_session(client, db, "mama@ops.mx")
    client.post(f"/operaciones/familia/incidentes/{first.id}/enterado", data={"csrf_token": token})
    token = open_session(client, db, "dir@ops.mx")
    listed = client.get(f"/operaciones/centros/{ops.centre}/incidentes/nuevo").text
    assert f'data-testid="correct-{first.id}"' in listed and "(v1)" in listed
    form_page = client.get(
        f"/operaciones/centros/{ops.centre}/incidentes/nuevo?nino={ana}&incidente={first.id}"
    ).text
    assert f'name="incident_id" value="{first.id}"' in form_page and "Raspón" in form_page
    when = re.search(r'name="occurred_at" required value="([^"]+)"', form_page)
    assert when is not None
    form = {
        "csrf_token": token,
        "incident_id": str(first.id),
        "child_id": str(ana),
        "occurred_at": when.group(1),
        "severity": "moderate",
        "location": "Patio",
        "description": "Raspón y ronchas después del almuerzo",
        "body_part": "frente",
        "category": "allergic_reaction",
        "allergen": "cacahuate",
    }
    assert (
        client.post(f"/operaciones/centros/{ops.centre}/incidentes", data=form).status_code == 200
    )
    versions = events_of_kind(db, EventKind.INCIDENT)
    assert len(versions) == 2 and versions[0].data["what"] == "Raspón"  # the first is kept
    assert versions[1].data["incident_id"] == first.id
    assert versions[1].data["category"] == "allergic_reaction"
    assert versions[1].data["allergen"] == "cacahuate"
    again = client.get(
        f"/operaciones/centros/{ops.centre}/incidentes/nuevo?nino={ana}&incidente={first.id}"
    ).text
    assert '<option value="allergic_reaction" selected>' in again and "cacahuate" in again
    open_session(client, db, "mama@ops.mx")
    family_page = client.get("/operaciones/familia").text
    assert "Raspón y ronchas después del almuerzo" in family_page
    assert f'data-testid="acknowledge-{first.id}"' in family_page  # the new version: again


def events_of_kind(db: Database, kind: EventKind) -> list[EventRow]:
    with db.reading() as s:
        return list(
            s.scalars(
                sa.select(EventRow)
                .where(EventRow.kind == kind, EventRow.status == "stored")
                .order_by(EventRow.id)
            )
        )


def test_the_medical_staff_set_the_filters_exclusion_list_and_the_staff_page_offers_it(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    rows = {
        "r0_code": "fever",
        "r0_temperature": "37,8",
        "r0_label_es": "Fiebre (37.8 °C o más)",
        "r0_label_en": "Fever (37.8 °C or more)",
        "r0_source": "Servicio médico del centro",
        "r1_code": "rash",
        "r1_sign": "rash",
        "r1_label_es": "Erupción en la piel",
        "r1_label_en": "Skin rash",
    }
    token = open_session(client, db, "edu@ops.mx")  # staff read the list, never change it
    path = f"/operaciones/centros/{ops.centre}/filtro"
    assert 'data-testid="rules-form"' not in client.get(path).text
    assert client.post(path, data={"csrf_token": token, **rows}).status_code == 403
    token = open_session(client, db, "med@ops.mx")
    both = {**rows, "r1_temperature": "38"}  # a temperature and a sign in one rule
    refused = client.post(path, data={"csrf_token": token, **both})
    assert refused.status_code == 422 and 'data-testid="error"' in refused.text
    assert (
        "Erupción en la piel"
        not in refused.text.split('data-testid="rules"')[1].split("</table>")[0]
    )
    saved = client.post(path, data={"csrf_token": token, **rows})
    assert saved.status_code == 200
    listed = saved.text.split('data-testid="rules"')[1].split("</table>")[0]
    assert "≥ 37.8 °C" in listed and "Erupción en la piel" in listed
    open_session(client, db, "edu@ops.mx")
    room = client.get(f"/operaciones/centros/{ops.centre}/salas/{ops.lactantes}").text
    reasons = room.split('data-testid="refusal-reason"')[1].split("</select>")[0]
    assert "Fiebre (37.8 °C o más)" in reasons and 'value="rash"' in reasons
    assert "respiratory" not in reasons  # the default list is replaced whole


def test_the_director_records_the_photo_reference_the_pick_up_sheet_shows_with_the_id(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    grandma = ops.authorised["Ana"]
    path = f"/operaciones/centros/{ops.centre}/personas-autorizadas"
    action = f"{path}/{grandma}/foto"
    token = open_session(client, db, "edu@ops.mx")  # staff see the sheet, never set the photo
    assert client.post(action, data={"csrf_token": token, "photo_ref": "x"}).status_code == 403
    token = open_session(client, db, "dir@ops.mx")
    board = client.get(f"/operaciones/centros/{ops.centre}").text
    assert f'href="{path}"' in board
    listed = client.get(path).text
    row = listed.split(f'data-testid="person-{grandma}"')[1].split("</tr>")[0]
    assert "Abuela de Ana" in row and "Credencial para votar (INE) INE-0000" in row
    assert "Abuela de Zoe" not in listed  # another centre's family
    too_long = client.post(action, data={"csrf_token": token, "photo_ref": "F" * 121})
    assert too_long.status_code == 422
    row = too_long.text.split(f'data-testid="person-{grandma}"')[1].split("</tr>")[0]
    assert f'data-testid="photo-error-{grandma}"' in row and 'aria-invalid="true"' in row
    saved = client.post(action, data={"csrf_token": token, "photo_ref": "Expediente 12, foto 3"})
    assert saved.status_code == 200 and 'data-testid="notice"' in saved.text
    assert 'value="Expediente 12, foto 3"' in saved.text
    open_session(client, db, "edu@ops.mx")
    room = client.get(f"/operaciones/centros/{ops.centre}/salas/{ops.lactantes}").text
    ana = room.split(f'data-testid="child-{ops.children["Ana"]}"')[0].rsplit("<li", 1)[1]
    assert '"document_type": "voter_id"' in ana and '"identification": "INE-0000"' in ana
    assert '"photo_ref": "Expediente 12, foto 3"' in ana
    assert "Antes de entregar, compare la identificación y la foto" in room
    open_session(client, db, "mama@ops.mx")  # the guardian sees the centre has the photo
    family_page = client.get("/operaciones/familia").text
    mine = family_page.split(f'data-testid="authorised-{ops.children["Ana"]}"')[1].split("</ul>")[0]
    assert "Credencial para votar (INE) INE-0000" in mine and "foto registrada en el centro" in mine


def test_the_director_registers_staff_with_their_week_and_bad_fields_come_back_beside_them(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    path = f"/operaciones/centros/{ops.centre}/personal"
    token = open_session(client, db, "edu@ops.mx")  # staff read the list, never change it
    listed = client.get(path).text
    assert "Luisa Educadora" in listed and 'data-testid="add-staff"' not in listed
    week = {f"w{d}_starts": "07:00" for d in range(5)} | {f"w{d}_ends": "15:00" for d in range(5)}
    form = {"csrf_token": token, "name": "Olga Ríos", "role": "assistant", **week}
    assert client.post(path, data=form).status_code == 403
    token = open_session(client, db, "dir@ops.mx")
    home = client.get(f"/operaciones/centros/{ops.centre}").text
    assert f'href="{path}"' in home  # in the director's menu and on the board
    bad = form | {"csrf_token": token, "name": "", "w2_ends": "06:00", "w3_room": "999999"}
    refused = client.post(path, data=bad)
    assert refused.status_code == 422
    for field, message in (
        ("name", "Dato obligatorio."),
        ("w2_ends", "La entrada debe ser antes de la salida."),
        ("w3_room", "Elija una sala del centro."),
    ):
        assert f'data-testid="{field}-error">{message}<' in refused.text, field
    assert 'value="07:00"' in refused.text  # what was typed stays
    assert len(setup.list_staff(db, ops.director, ops.centre)) == 3  # nothing written
    english = client.post(f"{path}?lang=en", data=bad)
    assert 'data-testid="name-error">Required.<' in english.text
    saved = client.post(path, data=form | {"csrf_token": token, "w0_room": str(ops.lactantes)})
    assert saved.status_code == 200 and 'data-testid="notice"' in saved.text
    [olga] = [s for s in setup.list_staff(db, ops.director, ops.centre) if s["name"] == "Olga Ríos"]
    assert olga["role"] == "assistant" and not olga["counts_in_ratio"]
    assert [(s["weekday"], s["starts"], s["ends"]) for s in olga["shifts"]] == [
        (d, "07:00", "15:00") for d in range(5)
    ]
    assert olga["shifts"][0]["room_id"] == ops.lactantes


def test_the_director_changes_a_week_and_deactivates_someone_not_on_shift(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    luisa, nora = ops.staff["Luisa"], ops.staff["Nora"]
    send(db, ops, {"kind": EventKind.STAFF_IN, "staff_id": nora, "room_id": ops.maternales})
    token = open_session(client, db, "dir@ops.mx")
    base = f"/operaciones/centros/{ops.centre}/personal"
    shifts = client.post(
        f"{base}/{luisa}/turnos",
        data={"csrf_token": token, "w0_starts": "08:00", "w0_ends": "16:00", "w1_starts": "08:00"},
    )
    assert shifts.status_code == 422
    assert "Indique entrada y salida" in shifts.text.split('data-testid="w1_ends-error"')[1]
    assert setup.list_staff(db, ops.director, ops.centre)[0]["shifts"] == []
    shifts = client.post(
        f"{base}/{luisa}/turnos",
        data={"csrf_token": token, "w4_starts": "08:00", "w4_ends": "12:30"},
    )
    assert shifts.status_code == 200 and 'value="12:30"' in shifts.text
    on_shift = client.post(f"{base}/{nora}/estado", data={"csrf_token": token, "active": "0"})
    assert on_shift.status_code == 422 and "Está en turno ahora" in on_shift.text
    gone = client.post(f"{base}/{luisa}/estado", data={"csrf_token": token, "active": "0"})
    assert gone.status_code == 200 and 'data-testid="member-status">Dada de baja<' in gone.text
    open_session(client, db, "edu@ops.mx")
    room = client.get(f"/operaciones/centros/{ops.centre}/salas/{ops.lactantes}").text
    assert f'data-testid="staff-{luisa}"' not in room and f'data-testid="staff-{nora}"' in room


def test_the_director_sets_the_hours_and_the_closures_of_the_centre(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    path = f"/operaciones/centros/{ops.centre}/calendario"
    token = open_session(client, db, "coord-qro@ops.mx")  # reads it
    page = client.get(path).text
    assert "07:00–16:00" in page and 'data-testid="hours-form"' not in page
    assert "-12-25</li>" in page.split('data-testid="holidays"')[1]  # Christmas, by law
    token = open_session(client, db, "dir@ops.mx")
    bad = client.post(
        path, data={"csrf_token": token, "opens": "18:00", "closes": "08:00", "weekdays": []}
    )
    assert bad.status_code == 422
    assert 'data-testid="closes-error">La entrada debe ser antes de la salida.<' in bad.text
    assert 'data-testid="weekdays-error">Elija al menos un día.<' in bad.text
    ok = client.post(
        path,
        data={
            "csrf_token": token,
            "opens": "07:30",
            "closes": "15:30",
            "weekdays": ["0", "1", "2"],
        },
    )
    assert ok.status_code == 200 and "07:30–15:30 · Lunes, Martes, Miércoles" in ok.text
    closure = {"csrf_token": token, "day": "2027-03-08", "reason": "Fumigación"}
    assert client.post(f"{path}/cierres", data=closure).status_code == 200
    again = client.post(f"{path}/cierres", data=closure)
    assert again.status_code == 422 and 'data-testid="day-error"' in again.text
    empty = client.post(f"{path}/cierres", data=closure | {"day": "mañana", "reason": ""})
    assert 'data-testid="day-error">Fecha no válida.<' in empty.text
    assert 'data-testid="reason-error">Dato obligatorio.<' in empty.text
    calendar = setup.calendar(db, ops.director, ops.centre)
    assert calendar["closures"] == [{"day": "2027-03-08", "reason": "Fumigación"}]
    assert calendar["weekdays"] == [0, 1, 2] and calendar["opens"] == "07:30"
    removed = client.post(f"{path}/cierres/2027-03-08/quitar", data={"csrf_token": token})
    assert removed.status_code == 200 and 'data-testid="closure-2027-03-08"' not in removed.text
    token = open_session(client, db, "edu@ops.mx")
    refused = client.post(f"{path}/cierres", data=closure | {"csrf_token": token})
    assert refused.status_code == 403
    assert setup.calendar(db, ops.director, ops.centre)["closures"] == []


def test_synthetic_weeks_fill_the_network_page_and_are_marked_synthetic(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    from zoneinfo import ZoneInfo

    from redceci.countries import country_pack
    from redceci.operations.parameters import rules_for
    from redceci.store.operations.demo import load_operations_demo

    open_session(client, db, "dir@ops.mx")
    assert 'data-testid="synthetic"' not in client.get(f"/operaciones/centros/{ops.centre}").text
    mexico = rules_for(country_pack("mx"))  # the demo staffs rooms by the pack's ratios
    load_operations_demo(db, ops.admin, weeks=2, seed=3, tz=ZoneInfo(TZ_NAME), rules=mexico)
    open_session(client, db, "planner@ops.mx")
    page = client.get("/operaciones/red").text
    assert 'data-testid="synthetic"' in page and "SINTÉTICOS" in page
    states = page.split('data-testid="states"')[1].split("</table>")[0]
    rates = re.findall(r'<td class="num">\d+</td><td class="num">([\d.]+) %</td>', states)
    assert rates and all(0 < float(r) <= 100 for r in rates)  # attendance of real-looking days
    open_session(client, db, "dir@ops.mx")
    board = client.get(f"/operaciones/centros/{ops.centre}").text
    assert 'data-testid="synthetic"' in board


def test_the_boards_alerts_speak_the_pages_language(
    client: TestClient, ops: OpsWorld, db: Database
) -> None:
    send(
        db,
        ops,
        {"kind": EventKind.STAFF_IN, "staff_id": ops.staff["Luisa"], "room_id": ops.lactantes},
        {"kind": EventKind.CHECK_IN, "child_id": ops.children["Ana"]},
    )
    open_session(client, db, "dir@ops.mx")
    path = f"/operaciones/centros/{ops.centre}"
    alerts = client.get(path).text.split('data-testid="alerts"')[1].split("</section>")[0]
    assert "Lactantes: razón rota: 1 adultos de 2 necesarios" in alerts
    english = client.get(f"{path}?lang=en").text.split('data-testid="alerts"')[1]
    assert "Lactantes: ratio broken: 1 adults of 2 needed" in english.split("</section>")[0]
