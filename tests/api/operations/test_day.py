"""A centre's full day through the API, on SQLite and PostgreSQL: check-ins with a refusal at
the health filter, an offline batch resent (stored exactly once), a ratio alert when an adult
leaves, a drill whose roll-call goes to zero unaccounted, an incident the guardian
acknowledges, check-outs to an authorised person, a refused stranger and a one-time code, a
conflict from a second device, and bad input refused with its reason and nothing stored."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from redceci.countries.mx.identity import made_up_curp, made_up_nss
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.enrolment import families
from redceci.store.enrolment.families import (
    AuthorisedData,
    ChildData,
    FamilyData,
    GuardianData,
)
from redceci.store.enrolment.models import Child, Enrolment, Family, Guardian
from redceci.store.operations.models import EventRow, PickupCode
from redceci.store.operations.roster import absent_children, rooms_of
from redceci.store.platform import accounts
from redceci.store.testing import add_user
from tests.api.enrolment.world import START, matrix_bits
from tests.api.operations.world import TZ
from tests.api.world import World

BIRTH = dt.date(2024, 2, 1)  # maternal


def _family(w: World, k: int) -> int:
    ref = f"OPS-{k}"
    families.register_family(
        w.db,
        w.people["admin"],
        ref,
        FamilyData(
            guardians=[GuardianData(name=f"Madre {k}", nss=made_up_nss(800 + k))],
            children=[
                ChildData(
                    name=f"Niña {k}", curp=made_up_curp(800 + k, BIRTH, sex="M"), birth_date=BIRTH
                )
            ],
            authorised=[
                AuthorisedData(
                    name=f"Abuelo {k}",
                    relationship="abuelo",
                    document_type="voter_id",
                    identification=f"INE {k}",
                )
            ],
        ),
    )
    with w.db.transaction() as session:
        child = session.scalar(sa.select(Child.id).join(Family).where(Family.ref == ref))
        assert child is not None
        session.add(Enrolment(child_id=child, room_id=matrix_bits(w)["maternales"], since=START))
        return int(child)


def _now(minutes: float = 0) -> str:
    """Now plus ``minutes``; earlier times (down to -90) are squeezed into today's local day,
    so the test keeps one centre day whenever it runs (past midnight too)."""
    now = dt.datetime.now(dt.UTC)
    if minutes >= 0:
        return (now + dt.timedelta(minutes=minutes)).isoformat()
    local = now.astimezone(TZ)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    span = min(local - midnight, dt.timedelta(minutes=90))
    return (now + span * (minutes / 90)).isoformat()


def _e(kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "idempotency_key": str(uuid.uuid4()),
        "kind": kind,
        "device_time": fields.pop("device_time", _now()),
        **fields,
    }


def _post(client: TestClient, w: World, who: str, *events: dict[str, Any]) -> dict[str, Any]:
    r = client.post(
        f"/api/operations/centres/{w.centre_a}/events",
        json={"events": list(events)},
        headers=w.headers[who],
    )
    assert r.status_code == 200, r.text
    return r.json()


def _stored(w: World) -> int:
    with w.db.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(EventRow)) or 0


def _parent(w: World, client: TestClient, k: int) -> dict[str, str]:
    user = add_user(w.db, f"ops-parent-{k}@x.mx", Grant(Role.PARENT, family_id=f"OPS-{k}"))
    token = accounts.issue_token(w.db, user, name="t")
    return {"Authorization": f"Bearer {token.secret}"}


def test_a_full_day_at_a_centre(world: World, client: TestClient) -> None:
    w = world
    kids = [_family(w, k) for k in range(6)]
    room = matrix_bits(w)["maternales"]
    staff = [
        client.post(
            f"/api/operations/centres/{w.centre_a}/staff",
            json={"name": name, "role": role},
            headers=w.headers["director_a"],
        ).json()
        for name, role in (("Lupita", "lead"), ("Carmen", "assistant"), ("Rosa", "assistant"))
    ]
    sid = [s["staff_id"] for s in staff]
    # the morning: adults clock in, five children arrive offline, one is refused (fever)
    batch = [_e("staff_in", staff_id=s, room_id=room, device_time=_now(-60)) for s in sid]
    batch += [
        _e("check_in", child_id=c, device_time=_now(-50 + i), observation={"temperature_c": 36.6})
        for i, c in enumerate(kids[:5])
    ]
    fever = _e("check_in", child_id=kids[5], observation={"temperature_c": 38.4})
    answer = _post(client, w, "director_a", *batch, fever)
    assert answer["stored"] == 8 and answer["rejected"] == 1
    assert "health filter" in answer["results"][-1]["reason"]
    refusal = _e("refusal", child_id=kids[5], reason="fever", observation={"temperature_c": 38.4})
    assert _post(client, w, "director_a", refusal)["stored"] == 1
    before = _stored(w)
    again = _post(client, w, "director_a", *batch, refusal)  # the offline queue resends
    assert again["duplicates"] == 9 and again["stored"] == 0 and _stored(w) == before
    board = client.get(
        f"/api/operations/centres/{w.centre_a}/board", headers=w.headers["director_a"]
    ).json()
    mat = next(r for r in board["rooms"] if r["room_id"] == room)
    assert mat["children_present"] == 5 and mat["staff_present"] == 3
    assert mat["staff_needed"] == 2 and mat["colour"] == "green"
    assert board["counts"]["present"] == 5 and board["counts"]["refused"] == 1
    # two adults leave the room: the board turns red and alerts
    _post(client, w, "director_a", _e("staff_out", staff_id=sid[1]))
    mid = client.get(
        f"/api/operations/centres/{w.centre_a}/board", headers=w.headers["director_a"]
    ).json()
    assert next(r for r in mid["rooms"] if r["room_id"] == room)["colour"] == "amber"
    _post(
        client,
        w,
        "director_a",
        _e("staff_move", staff_id=sid[2], room_id=_lactantes(w)),
    )
    _post(client, w, "director_a", _e("staff_out", staff_id=sid[2]))
    red = client.get(
        f"/api/operations/centres/{w.centre_a}/board", headers=w.headers["director_a"]
    ).json()
    assert next(r for r in red["rooms"] if r["room_id"] == room)["colour"] == "red"
    assert any(a["kind"] == "ratio" and a["level"] == "red" for a in red["alerts"])
    _post(client, w, "director_a", _e("staff_in", staff_id=sid[1], room_id=room))
    # a drill: the roll-call lists exactly who is present, and goes to zero unaccounted
    start = _post(client, w, "director_a", _e("roll_call_start", drill=True, hypothesis="sismo"))
    rc_id = start["results"][0]["event_id"]
    rc = client.get(
        f"/api/operations/centres/{w.centre_a}/roll-call", headers=w.headers["director_a"]
    ).json()
    listed = {(p["kind"], p["id"]) for p in rc["people"]}
    assert listed == {("child", c) for c in kids[:5]} | {("staff", sid[0]), ("staff", sid[1])}
    assert rc["unaccounted"] == 7 and rc["all_safe_at"] is None
    marks = [
        _e("roll_call_mark", roll_call_id=rc_id, **{f"{k}_id": i})
        for k, i in sorted(listed, key=lambda p: p[0] == "staff")
    ]
    _post(client, w, "director_a", *marks[:-1])
    rc = client.get(
        f"/api/operations/centres/{w.centre_a}/roll-call", headers=w.headers["director_a"]
    ).json()
    assert rc["unaccounted"] == 1 and not rc["people"][0]["safe"]  # the unaccounted first
    _post(
        client,
        w,
        "director_a",
        marks[-1],
        _e("roll_call_end", roll_call_id=rc_id, device_time=_now(0.1)),
    )
    rc = client.get(
        f"/api/operations/centres/{w.centre_a}/roll-call", headers=w.headers["director_a"]
    ).json()
    assert rc["unaccounted"] == 0 and rc["all_safe_at"] and rc["ended_at"]
    # an incident, acknowledged by the guardian in the app
    inc = _post(
        client,
        w,
        "director_a",
        _e(
            "incident",
            child_id=kids[0],
            incident={
                "severity": "minor",
                "what": "Se raspó la rodilla",
                "where": "patio",
                "first_aid": "lavado y curita",
            },
        ),
    )["results"][0]["event_id"]
    parent = _parent(w, client, 0)
    assert (
        client.get(f"/api/operations/children/{kids[0]}/incidents", headers=parent).json()[0][
            "acknowledged"
        ]
        is False
    )
    r = client.post(
        f"/api/operations/children/{kids[0]}/incidents/{inc}/acknowledgement", headers=parent
    )
    assert r.status_code == 201, r.text
    assert (
        client.get(f"/api/operations/children/{kids[0]}/incidents", headers=parent).json()[0][
            "acknowledged"
        ]
        is True
    )
    other_parent = _parent(w, client, 1)
    assert (
        client.get(
            f"/api/operations/children/{kids[0]}/incidents", headers=other_parent
        ).status_code
        == 404
    )
    # meals, and the guardian's daily report
    _post(
        client,
        w,
        "director_a",
        _e(
            "daily_entry",
            child_id=kids[0],
            entry={"entry": "meal", "meal": "lunch", "amount": "most"},
        ),
    )
    # check-outs: an authorised person; a stranger refused and logged; a one-time code
    pickup = client.get(f"/api/operations/children/{kids[0]}/pickup", headers=parent).json()
    grandpa = pickup["authorised"][0]["id"]
    out = _post(client, w, "director_a", _e("check_out", child_id=kids[0], person_id=grandpa))
    assert out["stored"] == 1
    stranger = _post(
        client, w, "director_a", _e("check_out", child_id=kids[1], person_name="Juan Desconocido")
    )
    assert stranger["rejected"] == 1 and stranger["results"][0]["logged"]
    assert "not an authorised person" in stranger["results"][0]["reason"]
    wrong_family = _post(
        client, w, "director_a", _e("check_out", child_id=kids[1], person_id=grandpa)
    )
    assert "not authorised" in wrong_family["results"][0]["reason"]
    code = client.post(
        f"/api/operations/children/{kids[1]}/pickup-codes",
        json={"person_name": "Tía Rosa", "identification": "INE 9"},
        headers=other_parent,
    )
    assert code.status_code == 201, code.text
    digits = code.json()["code"]
    with w.db.reading() as session:
        stored_hash = session.scalar(sa.select(PickupCode.code_hash))
    assert stored_hash and digits not in stored_hash
    wrong_name = _post(
        client,
        w,
        "director_a",
        _e("check_out", child_id=kids[1], pickup_code=digits, person_name="Pedro"),
    )
    assert "issued for Tía Rosa" in wrong_name["results"][0]["reason"]
    by_code = _post(
        client,
        w,
        "director_a",
        _e("check_out", child_id=kids[1], pickup_code=digits, person_name="Tía Rosa"),
    )
    assert by_code["stored"] == 1
    reuse = _post(client, w, "director_a", _e("check_out", child_id=kids[2], pickup_code=digits))
    assert reuse["rejected"] == 1  # bound to its child, and used
    # a second tablet checks the same child out: a conflict, shown to the director
    conflict = _post(
        client,
        w,
        "medical_a",
        _e("check_out", child_id=kids[0], guardian_id=_guardian(w, kids[0])),
    )
    assert conflict["conflicts"] == 1 and "already checked out" in conflict["results"][0]["reason"]
    report = client.get(f"/api/operations/children/{kids[0]}/report", headers=parent).json()
    assert report["arrived_at"] and report["left_at"] and report["picked_up_by"] == "Abuelo 0"
    assert report["eaten"] == {"lunch": 0.75} and report["incidents"][0]["acknowledged"]
    end = client.get(
        f"/api/operations/centres/{w.centre_a}/board", headers=w.headers["director_a"]
    ).json()
    assert [c["kind"] for c in end["conflicts"]] == ["check_out"]
    assert {p["person_name"] for p in end["pickup_refusals"]} >= {"Juan Desconocido", "Pedro"}
    assert end["counts"]["left"] == 2 and end["counts"]["present"] == 3


def _lactantes(w: World) -> int:
    with w.db.reading() as session:
        return next(r.id for r in rooms_of(session, w.centre_a) if r.name == "lactantes")


def _guardian(w: World, child: int) -> int:
    with w.db.reading() as session:
        g = session.scalar(
            sa.select(Guardian.id)
            .join(Child, Child.family_id == Guardian.family_id)
            .where(Child.id == child)
        )
        assert g is not None
        return int(g)


def test_bad_events_are_refused_with_their_reason_and_change_nothing(
    world: World, client: TestClient
) -> None:
    w = world
    kid = _family(w, 20)
    before = _stored(w)
    answer = _post(
        client,
        w,
        "director_a",
        _e("check_out", child_id=kid, person_name="Madre 20"),
        _e("check_in", child_id=kid, device_time=_now(60)),
        _e("check_in", child_id=matrix_bits(w)["child"] + 10_000),
        _e("refusal", child_id=kid, reason="sunburn"),
        _e("staff_out", staff_id=123456),
    )
    reasons = [r["reason"] for r in answer["results"]]
    assert answer["rejected"] == 5, reasons
    assert "future" in reasons[1] and "not enrolled" in reasons[2]
    assert "not in the list" in reasons[3]
    # only the refused pick-up is logged (the stranger named at the door)
    assert _stored(w) == before + 1
    r = client.post(
        f"/api/operations/centres/{w.centre_a}/events",
        json={"events": [{"kind": "check_in", "child_id": kid}]},
        headers=w.headers["director_a"],
    )
    assert r.status_code == 422 and _stored(w) == before + 1
    r = client.post(
        f"/api/operations/centres/{w.centre_b}/events",
        json={"events": [_e("check_in", child_id=kid)]},
        headers=w.headers["director_a"],
    )
    assert r.status_code == 404


def test_an_absence_notice_takes_the_child_off_the_days_expected(
    world: World, client: TestClient
) -> None:
    w = world
    kid = _family(w, 30)
    parent = _parent(w, client, 30)
    today = dt.datetime.now(TZ).date()
    r = client.post(
        f"/api/operations/children/{kid}/absences",
        json={"first_day": today.isoformat()},
        headers=parent,
    )
    assert r.status_code == 201, r.text
    r = client.post(
        f"/api/operations/children/{kid}/absences",
        json={"first_day": (today - dt.timedelta(days=2)).isoformat()},
        headers=parent,
    )
    assert r.status_code == 422
    board = client.get(
        f"/api/operations/centres/{w.centre_a}/board", headers=w.headers["director_a"]
    ).json()
    assert board["counts"]["notified"] == 1
    with w.db.reading() as session:
        assert absent_children(session, w.centre_a, today) == {kid}
