"""Proposals over HTTP: the needs analysis is attached in the background, reviews show up on
the partner's side, approval puts a planned centre in the registry."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner
from tests.api.world import World, proposal_data


def wait(app: FastAPI) -> None:
    runner = app.state.runner
    assert isinstance(runner, InProcessRunner)
    runner.wait(timeout=60)


def test_a_proposal_gets_its_needs_analysis_and_its_review(
    world: World, client: TestClient, app: FastAPI
) -> None:
    partner, reviewer = world.headers["partner_a"], world.headers["planner"]
    body = proposal_data(world, lat=25.70, lon=-100.25).model_dump()
    made = client.post("/api/proposals", json=body, headers=partner)
    assert made.status_code == 201 and made.json()["needs_analysis"] is None
    wait(app)
    path = f"/api/proposals/{made.json()['id']}"
    seen = client.get(path, headers=partner).json()
    assert seen["needs_analysis"] == {
        "lat": 25.70,
        "lon": -100.25,
        "eligible": 321.0,
        "recommended_size": 110,
    }
    asked = client.post(
        f"{path}/reviews",
        json={"comment": "Falta el plano", "to_status": "changes_requested"},
        headers=reviewer,
    )
    assert asked.status_code == 200
    mine = client.get(path, headers=partner).json()
    assert mine["status"] == "changes_requested"
    assert [r["comment"] for r in mine["reviews"]] == ["Falta el plano"]
    revised = client.put(path, json=body | {"plot_m2": 1800}, headers=partner)
    assert revised.status_code == 200 and revised.json()["status"] == "submitted"
    wait(app)
    approved = client.post(
        f"{path}/reviews",
        json={"comment": "Aprobado", "to_status": "approved", "effective_on": "2026-04-01"},
        headers=reviewer,
    ).json()
    centre = client.get(f"/api/centres/{approved['centre_id']}", headers=partner).json()
    assert centre["status"] == "approved" and centre["scheme"] == "CECI Empresa"
    assert centre["status_since"] == "2026-04-01"
    # The centre opens with the analysis' recommended 110 places in age rooms.
    assert centre["capacity"] == 110 == sum(r["capacity"] for r in centre["rooms"])
    assert {r["age_group"] for r in centre["rooms"]} == {"lactantes", "maternales"}


def test_impossible_coordinates_and_unknown_shifts_are_422(
    world: World, client: TestClient
) -> None:
    body = proposal_data(world).model_dump()
    for change in ({"lat": 123.0}, {"shifts": ["siesta"]}, {"plot_m2": 0}, {"state_code": "45"}):
        response = client.post(
            "/api/proposals", json=body | change, headers=world.headers["partner_a"]
        )
        assert response.status_code == 422, (change, response.text)
    listed = client.get("/api/proposals", headers=world.headers["partner_a"]).json()
    assert len(listed) == 1
