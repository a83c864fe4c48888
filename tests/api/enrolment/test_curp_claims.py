"""A CURP already on record does not leak: registering it answers exactly as a new CURP would,
and the child waits for an identity check; the network grants the rightful family the child."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from redceci.countries.mx.identity import made_up_curp as curp
from redceci.store.enrolment import families
from tests.api.enrolment.world import family_data
from tests.api.world import World

BIRTH = dt.date(2024, 3, 1)


def test_a_curp_held_by_another_family_answers_like_a_new_one(
    world: World, client: TestClient
) -> None:
    admin = world.people["admin"]
    families.register_family(world.db, admin, "SQUATTER", family_data(1))  # claims it first
    taken = client.put(
        "/api/enrolment/families/FAM-1",
        json=family_data(1).model_dump(mode="json"),
        headers=world.headers["parent"],
    )
    fresh = client.put(
        "/api/enrolment/families/FAM-1",
        json=family_data(2).model_dump(mode="json"),
        headers=world.headers["parent"],
    )
    assert taken.status_code == fresh.status_code == 200
    assert set(taken.json()) == set(fresh.json()) == {"ref", "created_at"}
    for text in (taken.text, fresh.text):
        assert "uq_" not in text and "UNIQUE" not in text and "SQUATTER" not in text
    status = client.get("/api/enrolment/families/FAM-1", headers=world.headers["parent"]).json()
    assert [c["status"] for c in status["identity_checks"]] == ["pending"]
    assert "SQUATTER" not in str(status)


def test_the_network_grants_the_rightful_family_its_child(world: World, client: TestClient) -> None:
    admin = world.people["admin"]
    families.register_family(world.db, admin, "SQUATTER", family_data(1))
    client.put(
        "/api/enrolment/families/FAM-1",
        json=family_data(1).model_dump(mode="json"),
        headers=world.headers["parent"],
    )
    claims = client.get("/api/enrolment/curp-claims", headers=world.headers["admin"]).json()
    assert [(c["claimed_by"], c["held_by"]) for c in claims] == [("FAM-1", "SQUATTER")]
    granted = client.post(
        f"/api/enrolment/curp-claims/{claims[0]['id']}/grant",
        json={"note": "acta de nacimiento y CURP certificada vistas"},
        headers=world.headers["admin"],
    )
    assert granted.status_code == 200 and granted.json()["status"] == "granted"
    mine = client.get("/api/enrolment/families/FAM-1", headers=world.headers["parent"]).json()
    assert [c["curp"] for c in mine["children"]] == [curp(1, BIRTH)]
    again = client.post(
        f"/api/enrolment/curp-claims/{claims[0]['id']}/refuse",
        json={},
        headers=world.headers["admin"],
    )
    assert again.status_code == 409
