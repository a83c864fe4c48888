"""Nutrition with operations: absence notices take children off the kitchen's count, and what
each child ate (recorded per meal) shows in the guardians' daily report and the kitchen's
consumption, once however often it is sent."""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi.testclient import TestClient

from redceci.store.nutrition_health import kitchen
from tests.api.operations.world import TZ, ops_bits
from tests.api.world import World


def test_an_absence_notice_takes_the_child_off_the_kitchen_count(
    world: World, client: TestClient
) -> None:
    bits = ops_bits(world)
    today = dt.datetime.now(TZ).date()
    before = kitchen.kitchen_sheet(world.db, world.people["director_a"], world.centre_a, today)
    assert sum(before["absent"].values()) == 0
    r = client.post(
        f"/api/operations/children/{bits['child']}/absences",
        json={"first_day": today.isoformat(), "note": "cita médica"},
        headers=world.headers["parent"],
    )
    assert r.status_code == 201, r.text
    after = kitchen.kitchen_sheet(world.db, world.people["director_a"], world.centre_a, today)
    assert sum(after["absent"].values()) == 1
    assert sum(after["expected"].values()) == sum(before["expected"].values()) - 1


def test_what_a_child_ate_reaches_the_report_and_the_kitchen_once(
    world: World, client: TestClient
) -> None:
    bits = ops_bits(world)
    served = dt.datetime.now(dt.UTC).isoformat()
    body = {
        "idempotency_key": uuid.uuid4().hex,
        "meal": "lunch",
        "served_at": served,
        "lines": [{"child_id": bits["child"], "amount": "half", "dish": "Sopa de verduras"}],
    }
    url = f"/api/nutrition/centres/{world.centre_a}/intake"
    first = client.post(url, json=body, headers=world.headers["director_a"])
    assert first.status_code == 201, first.text
    assert [r["status"] for r in first.json()] == ["stored"]
    again = client.post(url, json=body, headers=world.headers["director_a"])
    assert [r["status"] for r in again.json()] == ["duplicate"]
    report = client.get(
        f"/api/operations/children/{bits['child']}/report", headers=world.headers["parent"]
    ).json()
    assert report["eaten"] == {"lunch": 0.5}
    assert [m["dish"] for m in report["meals"]] == ["Sopa de verduras"]
    day = client.get(url, headers=world.headers["director_a"]).json()
    assert day["meals"]["lunch"] == {"children": 1, "mean_share_eaten": 0.5}
    bad = client.post(
        url,
        json=body | {"meal": "supper", "idempotency_key": uuid.uuid4().hex},
        headers=world.headers["director_a"],
    )
    assert bad.status_code == 422
