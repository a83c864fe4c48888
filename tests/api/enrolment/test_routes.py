"""Enrolment through the API on SQLite and PostgreSQL: a round on SYNTHETIC families generated
from Colima's census demand (``redceci.enrolment.synthetic``), previewed, re-run from its
published seed and published; offers moving the waitlist; bad input refused with its reason and
nothing stored."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner
from redceci.app import create_app
from redceci.countries import country_pack
from redceci.enrolment.synthetic import (
    SyntheticParameters,
    centre_sites,
    draw_families,
    synthetic_applications,
)
from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.settings import Settings
from redceci.store.enrolment import families, rules
from redceci.store.enrolment.demo import as_family_data, census_units
from redceci.store.enrolment.models import (
    Application,
    ApplicationChoice,
    AuthorisedPerson,
    Child,
    Enrolment,
    EnrolmentRoom,
    EntryStatus,
    Family,
    Guardian,
    Offer,
    Placement,
    WaitlistEntry,
    WaitlistEvent,
)
from redceci.store.platform import accounts, centres
from redceci.store.platform.centres import CentreData
from redceci.store.platform.models import AuditEntry
from redceci.store.testing import add_user
from tests.api.enrolment.world import (
    PARENT_FAMILY,
    START,
    bands,
    curp,
    family_data,
    matrix_bits,
    nss,
    overdue_offer,
)
from tests.api.world import World, centre_data, fake_analyser, fake_planner

STATE = "06"  # Colima: a real state, small enough for a test


@pytest.fixture(scope="session")
def colima(settings: Settings) -> pd.DataFrame:
    return census_units(settings, STATE)


def counts(w: World) -> dict[str, int]:
    tables = (
        Family,
        Guardian,
        Child,
        AuthorisedPerson,
        Application,
        ApplicationChoice,
        EnrolmentRoom,
        Enrolment,
        Placement,
        WaitlistEntry,
        Offer,
        WaitlistEvent,
        AuditEntry,
    )
    with w.db.reading() as session:
        return {
            t.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(t)) or 0
            for t in tables
        }


def parent_headers(w: World, ref: str) -> dict[str, str]:
    user = add_user(w.db, f"{ref.lower()}@x.mx", Grant(Role.PARENT, family_id=ref), name=ref)
    return {"Authorization": f"Bearer {accounts.issue_token(w.db, user, name='t').secret}"}


def test_a_round_on_census_families_is_previewed_rerun_from_its_seed_and_published(
    world: World, client: TestClient, colima: pd.DataFrame
) -> None:
    admin, h = world.people["admin"], world.headers["admin"]
    sites = centre_sites(colima, 3, seed=3)
    ids = []
    for i, (lat, lon, mun) in enumerate(sites):
        centre = centres.create_centre(
            world.db,
            admin,
            CentreData(
                code=f"COL-{i}",
                name=f"CECI Colima {i}",
                scheme="CECI IMSS",
                operator="IMSS",
                state_code=STATE,
                municipality=mun,
                lat=lat,
                lon=lon,
                status=CentreStatus.OPERATING,
                status_since=dt.date(2025, 1, 1),
            ),
        )
        response = client.put(
            f"/api/enrolment/centres/{centre.id}/rooms",
            json=[b.model_dump() for b in bands(15, 25)],
            headers=h,
        )
        assert response.status_code == 200, response.text
        ids.append(centre.id)
    draw = draw_families(
        colima, sites, seed=3, n_children=150, params=SyntheticParameters(choices=3)
    )
    fams = synthetic_applications(
        draw, start=START, serial=3000, identity=country_pack("mx").identity
    )
    for f in fams:
        ref = f.family.family_id
        families.register_family(world.db, admin, ref, as_family_data(f.family))
        families.apply(
            world.db,
            admin,
            ref,
            families.ApplicationData(start_date=START, centres=[ids[i] for i in f.ranked]),
        )
    n_children = sum(len(f.family.children) for f in fams)

    preview = client.post("/api/enrolment/rounds", json={"seed": 2026}, headers=h).json()
    summary = preview["summary"]
    assert preview["status"] == "preview" and preview["seed"] == 2026
    assert summary["children"] == n_children
    assert 0.95 * 3 * 40 <= summary["placed"] <= 3 * 40  # more children than places
    assert summary["first_choice"] <= summary["top_three"] == summary["placed"]
    assert summary["blocking_bids"] == 0
    assert counts(world)["enrolments"] == 0  # a preview gives no place

    # Anyone with the seed and the data gets the same round.
    again = client.post("/api/enrolment/rounds", json={"seed": 2026}, headers=h).json()
    csv_1 = client.get(f"/api/enrolment/rounds/{preview['id']}/placements.csv", headers=h).text
    csv_2 = client.get(f"/api/enrolment/rounds/{again['id']}/placements.csv", headers=h).text
    rows = list(csv.DictReader(io.StringIO(csv_1)))
    rows_2 = list(csv.DictReader(io.StringIO(csv_2)))
    assert [r | {"round": ""} for r in rows] == [r | {"round": ""} for r in rows_2]
    assert len(rows) == n_children and {r["seed"] for r in rows} == {"2026"}

    stats = client.get(f"/api/enrolment/rounds/{preview['id']}/statistics", headers=h).json()
    assert stats["placed"] == summary["placed"]
    assert stats["unplaced"] == n_children - summary["placed"]
    assert sum(stats["unplaced_by_state"].values()) == stats["unplaced"]
    assert set(stats["unplaced_by_state"]) == {STATE}
    assert sum(stats["unplaced_by_age"].values()) == stats["unplaced"]

    published = client.post(f"/api/enrolment/rounds/{preview['id']}/publish", headers=h)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    assert (
        client.post(f"/api/enrolment/rounds/{preview['id']}/publish", headers=h).status_code == 409
    )
    # the other preview was computed on the same data, but places are now taken
    assert client.post(f"/api/enrolment/rounds/{again['id']}/publish", headers=h).status_code == 409
    assert counts(world)["enrolments"] == summary["placed"]

    # Rosters never exceed the places, and agree with the vacancies.
    held = 0
    for cid in ids:
        roster = client.get(f"/api/enrolment/centres/{cid}/roster", headers=h).json()
        sizes = [len(r["children"]) for r in roster["rooms"]]
        assert sizes[0] <= 15 and sizes[1] <= 25
        held += sum(sizes)
        vac = client.get(
            f"/api/enrolment/centres/{cid}/vacancies", params={"on": START.isoformat()}, headers=h
        ).json()
        assert [v["free"] for v in vac] == [15 - sizes[0], 25 - sizes[1]]
    assert held == summary["placed"]

    # A family left out sees its ranks, best first, at the centres it ranked.
    placed_refs = {r["family"] for r in rows if r["centre"]}
    waiting = next(f for f in fams if f.family.family_id not in placed_refs)
    ref = waiting.family.family_id
    status = client.get(f"/api/enrolment/families/{ref}", headers=parent_headers(world, ref)).json()
    assert status["applications"][-1]["status"] == "waitlisted"
    assert status["waitlist"] and all(e["rank"] >= 1 for e in status["waitlist"])
    assert [e["centre_id"] for e in status["waitlist"]][:1] == [ids[waiting.ranked[0]]]
    # ... and why: at each centre it ranked, the room's cut-off and its own position.
    outcome = status["round"][0]
    assert outcome["placed"] is None and outcome["seed"] == 2026
    higher = outcome["explanation"]["higher"]
    assert [h["centre"] for h in higher] == [f"COL-{i}" for i in waiting.ranked]
    assert all(h["cutoff_rules"] is not None and h["position"] > h["capacity"] for h in higher)


def _two_family_world(world: World) -> dict[str, Any]:
    """Centre A with one maternales place; three families want it (lottery decides)."""
    admin = world.people["admin"]
    rules.set_rooms(world.db, admin, world.centre_a, bands(0, 1))
    refs = ["W-1", "W-2", "W-3"]
    for i, ref in enumerate(refs):
        families.register_family(world.db, admin, ref, family_data(100 + i))
        families.apply(
            world.db,
            admin,
            ref,
            families.ApplicationData(start_date=START, centres=[world.centre_a]),
        )
    return {"refs": refs, "headers": {ref: parent_headers(world, ref) for ref in refs}}


def test_offers_move_the_waitlist(world: World, client: TestClient) -> None:
    setup = _two_family_world(world)
    h = world.headers["admin"]
    rnd = client.post("/api/enrolment/rounds", json={"seed": 5}, headers=h).json()
    client.post(f"/api/enrolment/rounds/{rnd['id']}/publish", headers=h)

    def status(ref: str) -> dict[str, Any]:
        return client.get(f"/api/enrolment/families/{ref}", headers=setup["headers"][ref]).json()

    by_ref = {ref: status(ref) for ref in setup["refs"]}
    holder = next(r for r, s in by_ref.items() if s["children"][0]["place"])
    queue = sorted(
        (r for r in setup["refs"] if r != holder), key=lambda r: by_ref[r]["waitlist"][0]["rank"]
    )
    assert [by_ref[r]["waitlist"][0]["rank"] for r in queue] == [1, 2]

    # The director records that the child leaves: the first waiting gets an offer.
    roster = client.get(
        f"/api/enrolment/centres/{world.centre_a}/roster", headers=world.headers["director_a"]
    ).json()
    enrolment_id = roster["rooms"][1]["children"][0]["enrolment_id"]
    gone = client.post(
        f"/api/enrolment/enrolments/{enrolment_id}/withdraw", headers=world.headers["director_a"]
    )
    assert gone.status_code == 204, gone.text
    first, second = queue
    offer = status(first)["offers"][-1]
    assert offer["status"] == "pending" and status(second)["offers"] == []
    # Another family cannot answer it, nor see it.
    other = client.post(
        f"/api/enrolment/offers/{offer['offer_id']}/accept", headers=setup["headers"][second]
    )
    assert other.status_code == 404
    assert (
        client.get(f"/api/enrolment/families/{first}", headers=setup["headers"][second]).status_code
        == 404
    )

    declined = client.post(
        f"/api/enrolment/offers/{offer['offer_id']}/decline", headers=setup["headers"][first]
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    again = client.post(
        f"/api/enrolment/offers/{offer['offer_id']}/accept", headers=setup["headers"][first]
    )
    assert again.status_code == 409
    offer_2 = status(second)["offers"][-1]
    accepted = client.post(
        f"/api/enrolment/offers/{offer_2['offer_id']}/accept", headers=setup["headers"][second]
    )
    assert accepted.status_code == 200, accepted.text
    final = status(second)
    assert final["children"][0]["place"]["centre_id"] == world.centre_a
    assert final["applications"][-1]["status"] == "placed"
    with world.db.reading() as session:
        kinds = session.scalars(sa.select(WaitlistEvent.kind).order_by(WaitlistEvent.id)).all()
    assert kinds[-5:] == ["place_freed", "offered", "declined", "offered", "accepted"]


def test_a_director_sees_only_their_own_centre(world: World, client: TestClient) -> None:
    matrix_bits(world)
    director_b = add_user(
        world.db, "db@x.mx", Grant(Role.CENTRE_DIRECTOR, centre_id=world.centre_b)
    )
    headers = {
        "Authorization": f"Bearer {accounts.issue_token(world.db, director_b, name='t').secret}"
    }
    for view in ("roster", "moves", "vacancies"):
        response = client.get(f"/api/enrolment/centres/{world.centre_a}/{view}", headers=headers)
        assert response.status_code == 404, response.text


BAD = [
    (
        "PUT",
        "",
        lambda w: {
            "guardians": [{"name": "M", "nss": "10000000009"}],
            "children": [{"name": "N", "curp": "GOMA230312MCMCNDA0", "birth_date": "2023-03-12"}],
        },
        "CURP",
    ),
    (
        "POST",
        "/applications",
        lambda w: {"start_date": "2026-09-01", "centres": [999999]},
        "unknown centre",
    ),
    (
        "POST",
        "/applications",
        lambda w: {"start_date": "2026-09-01", "centres": [w.fresh_centre() for _ in range(6)]},
        "at most 5",
    ),
]


BAD.append(
    (
        "POST",
        "/applications",
        lambda w: {"start_date": "2029-09-01", "centres": [w.centre_a]},
        "outside the age range of every room",
    )
)


@pytest.mark.parametrize(
    "method,suffix,body,reason", BAD, ids=["curp", "centre", "too-many", "too-old"]
)
def test_bad_input_is_refused_with_its_reason_and_nothing_is_stored(
    world: World, client: TestClient, method: str, suffix: str, body: Any, reason: str
) -> None:
    matrix_bits(world)
    payload = body(world)
    before = counts(world)
    response = client.request(
        method,
        f"/api/enrolment/families/{PARENT_FAMILY}{suffix}",
        json=payload,
        headers=world.headers["parent"],
    )
    assert response.status_code == 422, response.text
    assert reason in response.json()["detail"]
    assert counts(world) == before


def test_a_curp_that_contradicts_the_birth_date_is_refused(
    world: World, client: TestClient
) -> None:
    data = family_data(1).model_dump(mode="json")
    data["children"][0]["birth_date"] = "2024-03-02"
    before = counts(world)
    response = client.put(
        f"/api/enrolment/families/{PARENT_FAMILY}", json=data, headers=world.headers["parent"]
    )
    assert response.status_code == 422 and "differs from the CURP" in response.json()["detail"]
    assert counts(world) == before


def test_an_id_beyond_the_database_range_is_bad_input_not_a_server_error(
    world: World, client: TestClient
) -> None:
    h = world.headers["admin"]
    assert client.get("/api/enrolment/rounds/2147483648", headers=h).status_code == 422
    assert client.delete("/api/auth/tokens/2147483648", headers=h).status_code in (404, 422)


MONTERREY, GUADALUPE = "19039", "19026"
BASE = "https://testserver"


def _app(world: World, settings: Settings, **changes: Any) -> FastAPI:
    """Another app on the world's database, with some settings changed."""
    return create_app(
        settings.model_copy(update=changes),
        database=world.db,
        runner=lambda d, s: InProcessRunner(d, s, planner=fake_planner, analyser=fake_analyser),
        migrate=False,
    )


def _municipal_world(world: World) -> dict[str, int]:
    """Two centres in Monterrey (two maternal places each) and one in Guadalupe; in Monterrey
    a family with twins to be placed together and two families of one child, in Guadalupe one
    family."""
    admin = world.people["admin"]
    ids = {}
    for code, mun in (("MTY-1", MONTERREY), ("MTY-2", MONTERREY), ("GPE-1", GUADALUPE)):
        made = centres.create_centre(world.db, admin, centre_data(code, "19", municipality=mun))
        rules.set_rooms(world.db, admin, made.id, bands(0, 2))
        ids[code] = made.id
    birth = dt.date(2024, 3, 1)
    twins = families.FamilyData(
        guardians=[families.GuardianData(name="Madre", nss=nss(900))],
        children=[
            families.ChildData(name=f"Gemela {i}", curp=curp(900 + i, birth), birth_date=birth)
            for i in (1, 2)
        ],
    )
    wanted = {
        "TWINS": (twins, ["MTY-1", "MTY-2"]),
        "ONE-1": (family_data(911), ["MTY-1"]),
        "ONE-2": (family_data(912), ["MTY-1", "MTY-2"]),
        "GPE": (family_data(913), ["GPE-1"]),
    }
    for ref, (data, ranked) in wanted.items():
        families.register_family(world.db, admin, ref, data)
        families.apply(
            world.db,
            admin,
            ref,
            families.ApplicationData(
                start_date=START, centres=[ids[c] for c in ranked], together=True
            ),
        )
    return ids


def test_the_exact_mode_assigns_one_municipality_with_the_fewest_blocking_pairs(
    world: World, client: TestClient
) -> None:
    ids = _municipal_world(world)
    h = world.headers["admin"]
    with world.db.transaction() as session:  # Guadalupe's list, which Monterrey's round keeps
        gpe_child = session.scalar(sa.select(Child.id).join(Family).where(Family.ref == "GPE"))
        gpe_room = session.scalar(
            sa.select(EnrolmentRoom.id).where(EnrolmentRoom.centre_id == ids["GPE-1"])
        )
        assert gpe_child is not None and gpe_room is not None
        session.add(
            WaitlistEntry(
                child_id=gpe_child,
                room_id=gpe_room,
                preference=0,
                key=0,
                status=EntryStatus.WAITING,
            )
        )
    body = {"seed": 11, "mode": "exact", "municipality": MONTERREY}
    response = client.post("/api/enrolment/rounds", json=body, headers=h)
    assert response.status_code == 201, response.text
    rnd = response.json()
    assert rnd["rules"]["mode"] == "exact" and rnd["rules"]["municipality"] == MONTERREY
    summary = rnd["summary"]
    assert summary["method"] == "exact_min_blocking" and summary["proven_optimal"] is True
    # Guadalupe's family is not in Monterrey's round; four places for four children
    assert (summary["children"], summary["placed"], summary["blocking_bids"]) == (4, 4, 0)
    published = client.post(f"/api/enrolment/rounds/{rnd['id']}/publish", headers=h)
    assert published.status_code == 200, published.text
    with world.db.reading() as session:
        status = dict(
            session.execute(
                sa.select(Family.ref, Application.status).join(
                    Application, Application.family_id == Family.id
                )
            ).all()
        )
        rooms = session.execute(
            sa.select(Child.name, EnrolmentRoom.centre_id)
            .join(Enrolment, Enrolment.child_id == Child.id)
            .join(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
            .where(Child.name.like("Gemela%"))
        ).all()
    assert status["GPE"].value == "submitted"  # untouched, and so is its list
    with world.db.reading() as session:
        kept = session.scalars(sa.select(WaitlistEntry.room_id)).all()
    assert gpe_room in kept
    assert {status[r].value for r in ("TWINS", "ONE-1", "ONE-2")} == {"placed"}
    assert len(rooms) == 2 and rooms[0][1] == rooms[1][1]  # the twins together


def test_the_exact_mode_is_refused_beyond_one_municipality_or_its_size_limit(
    world: World, client: TestClient, app_settings: Settings
) -> None:
    ids = _municipal_world(world)
    h = world.headers["admin"]
    before = counts(world)

    def refused(body: dict[str, Any], reason: str, c: TestClient = client) -> None:
        response = c.post("/api/enrolment/rounds", json=body, headers=h)
        assert response.status_code == 422, response.text
        assert reason in str(response.json()["detail"])
        assert counts(world) == before

    refused({"mode": "exact"}, "one municipality")
    # a family ranking a Monterrey centre and a Guadalupe one: the round spans two
    families.apply(
        world.db,
        world.people["admin"],
        "ONE-2",
        families.ApplicationData(start_date=START, centres=[ids["MTY-2"], ids["GPE-1"]]),
    )
    before = counts(world)
    refused({"mode": "exact", "municipality": MONTERREY}, "more than one municipality")
    families.apply(
        world.db,
        world.people["admin"],
        "ONE-2",
        families.ApplicationData(start_date=START, centres=[ids["MTY-2"]]),
    )
    before = counts(world)
    with TestClient(_app(world, app_settings, exact_max_children=3), base_url=BASE) as c:
        refused({"mode": "exact", "municipality": MONTERREY}, "at most 3 children", c)


def test_the_server_lapses_overdue_offers_on_a_timer_without_workers(
    world: World, app_settings: Settings
) -> None:
    offer_id = overdue_offer(world)

    def status() -> str:
        with world.db.reading() as session:
            offer = session.get(Offer, offer_id)
            assert offer is not None
            return offer.status.value

    with TestClient(_app(world, app_settings, offer_sweep_seconds=0.05), base_url=BASE):
        waited = 0.0
        while status() == "pending" and waited < 10:
            time.sleep(0.05)
            waited += 0.05
    assert status() == "lapsed"
    with world.db.reading() as session:
        entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "offers")).one()
    assert entry.actor_id is None and entry.after == {"lapsed": 1}
