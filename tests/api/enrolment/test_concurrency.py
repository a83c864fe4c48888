"""Fifty applications of one family at once leave exactly one open (a database constraint and
one lock), and a round published meanwhile never leaves a second one open."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from fastapi.testclient import TestClient

from redceci.store.enrolment import families, rules
from redceci.store.enrolment.models import OPEN_STATUSES, Application, ApplicationStatus, Family
from tests.api.enrolment.world import PARENT_FAMILY, START, bands, family_data
from tests.api.world import World


def open_applications(world: World) -> int:
    with world.db.reading() as session:
        return int(
            session.scalar(
                sa.select(sa.func.count())
                .select_from(Application)
                .join(Family, Family.id == Application.family_id)
                .where(Family.ref == PARENT_FAMILY, Application.status.in_(OPEN_STATUSES))
            )
            or 0
        )


def test_fifty_concurrent_applications_leave_one_open(world: World, client: TestClient) -> None:
    admin = world.people["admin"]
    rules.set_rooms(world.db, admin, world.centre_a, bands())
    families.register_family(world.db, admin, PARENT_FAMILY, family_data(1))
    body = {"start_date": START.isoformat(), "centres": [world.centre_a]}
    parent = world.headers["parent"]

    def applying(_: int) -> int:
        url = f"/api/enrolment/families/{PARENT_FAMILY}/applications"
        return client.post(url, json=body, headers=parent).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(applying, range(50)))
    assert all(code < 500 for code in codes), codes
    assert codes.count(201) >= 1
    assert open_applications(world) == 1


def test_publishing_while_families_apply_leaves_at_most_one_open_each(
    world: World, client: TestClient
) -> None:
    admin = world.people["admin"]
    rules.set_rooms(world.db, admin, world.centre_a, bands())
    families.register_family(world.db, admin, PARENT_FAMILY, family_data(1))
    body = {"start_date": START.isoformat(), "centres": [world.centre_a]}
    url = f"/api/enrolment/families/{PARENT_FAMILY}/applications"
    assert client.post(url, json=body, headers=world.headers["parent"]).status_code == 201
    preview = client.post("/api/enrolment/rounds", json={"seed": 3}, headers=world.headers["admin"])
    assert preview.status_code == 201, preview.text
    round_id = preview.json()["id"]

    def publishing() -> int:
        publish = f"/api/enrolment/rounds/{round_id}/publish"
        return client.post(publish, headers=world.headers["admin"]).status_code

    def applying(_: int) -> int:
        return client.post(url, json=body, headers=world.headers["parent"]).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        published = pool.submit(publishing)
        codes = list(pool.map(applying, range(10)))
    assert published.result() in (200, 409)  # 409: the applications changed since the preview
    assert all(code < 500 for code in codes), codes
    assert open_applications(world) <= 1
    with world.db.reading() as session:
        statuses = set(session.scalars(sa.select(Application.status)))
    assert statuses <= set(ApplicationStatus)
