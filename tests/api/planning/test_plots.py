"""The plot registry over HTTP: a plot gets its site report in the background (with whether its
area holds the best size), planners move it along its life with dates, every change is
audited, and the land gaps name planned sites without a plot nearby."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner, scenario_dir
from redceci.planning.land import OwnerKind
from redceci.store.planning import plots
from redceci.store.planning.models import Plot
from redceci.store.platform.models import AuditEntry
from tests.api.world import World, plot_data


def wait(app: FastAPI) -> None:
    runner = app.state.runner
    assert isinstance(runner, InProcessRunner)
    runner.wait(timeout=60)


def test_a_registered_plot_gets_its_site_report_with_the_land_check(
    world: World, client: TestClient, app: FastAPI
) -> None:
    coord = world.headers["coord_nl"]
    body = plot_data(world, organisation_id=None, area_m2=3_000, owner_kind=OwnerKind.MUNICIPALITY)
    made = client.post("/api/plots", json=body.model_dump(mode="json"), headers=coord)
    assert made.status_code == 201, made.text
    plot = made.json()
    assert plot["status"] == "offered" and plot["site_report"] is None
    assert plot["documents"] == [{"name": "escritura", "reference": "folio 123"}]
    assert [e["to_status"] for e in plot["events"]] == ["offered"]
    wait(app)
    report = client.get(f"/api/plots/{plot['id']}", headers=coord).json()["site_report"]
    # The fake analyser recommends 110 places; 110 need 3,500 m², the plot has 3,000.
    assert report["eligible"] == 321.0
    assert report["land"] == {
        "area_m2": 3000.0,
        "best_size": 110,
        "min_area_m2": 3500.0,
        "area_enough": False,
        "largest_size_fitting": None,
        "in_desert": False,
        "places_filled": 0,
    }


def test_planners_move_a_plot_along_its_life_with_dates_and_audit(
    world: World, client: TestClient
) -> None:
    planner = world.headers["planner"]
    offered = plot_data(world, offered_on=dt.date(2026, 1, 10))
    made = plots.register_plot(world.db, world.people["partner_a"], offered)
    path = f"/api/plots/{made.id}"
    for status, day in (
        ("validated", "2026-02-01"),
        ("donated", "2026-03-15"),
        ("under_construction", "2026-04-01"),
    ):
        moved = client.post(
            f"{path}/status",
            json={"comment": f"{status}", "to_status": status, "effective_on": day},
            headers=planner,
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["status"] == status and moved.json()["status_since"] == day
    # Backwards, or skipping a step, is a conflict; dating before the last change is refused.
    assert (
        client.post(
            f"{path}/status", json={"comment": "x", "to_status": "offered"}, headers=planner
        ).status_code
        == 409
    )
    early = client.post(
        f"{path}/status",
        json={"comment": "x", "to_status": "operating", "effective_on": "2026-03-01"},
        headers=planner,
    )
    assert early.status_code == 422
    # A plot past "offered" cannot be edited any more.
    changed = client.put(
        path, json=plot_data(world).model_dump(mode="json"), headers=world.headers["partner_a"]
    )
    assert changed.status_code == 409
    history = client.get(path, headers=world.headers["partner_a"]).json()["events"]
    assert [e["to_status"] for e in history] == [
        "offered",
        "validated",
        "donated",
        "under_construction",
    ]
    with world.db.reading() as session:
        actions = session.scalars(
            sa.select(AuditEntry.action).where(
                AuditEntry.entity == "plot", AuditEntry.entity_id == path.rsplit("/", 1)[1]
            )
        ).all()
    assert actions.count("review") == 3 and "create" in actions


def test_bad_plots_are_refused_and_nothing_is_stored(world: World, client: TestClient) -> None:
    coord = world.headers["coord_nl"]
    before = _count(world)
    good = plot_data(world, organisation_id=None).model_dump(mode="json")
    for bad in (
        good | {"area_m2": 0},
        good | {"lat": 95},
        good | {"owner_kind": "bank"},
        good | {"documents": [{"name": ""}]},
    ):
        response = client.post("/api/plots", json=bad, headers=coord)
        assert response.status_code == 422, (bad, response.text)
    unknown = client.post(
        "/api/plots", json=good | {"state_code": "99"}, headers=world.headers["planner"]
    )
    assert unknown.status_code == 422 and "unknown state" in unknown.text
    # A coordinator registers only in their state.
    other = client.post("/api/plots", json=good | {"state_code": "14"}, headers=coord)
    assert other.status_code == 403
    assert _count(world) == before


def _count(world: World) -> int:
    with world.db.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Plot)) or 0


def test_land_gaps_name_planned_sites_without_a_plot_nearby(
    world: World, client: TestClient
) -> None:
    out = scenario_dir(world.settings, world.scenario_nl)
    (out / "plan.csv").write_text(
        "site_id,name,CVE_ENT,lat,lon,centres\n"
        "ageb:1900600010011,Apodaca norte,19,25.785,-100.195,2\n"  # 0.8 km from the plot
        "ageb:1903900010022,Monterrey sur,19,25.60,-100.30,1\n",
        encoding="utf-8",
    )
    gaps = client.get("/api/plots/gaps", headers=world.headers["planner"])
    assert gaps.status_code == 200, gaps.text
    body = gaps.json()
    assert body["scenario_id"] == world.scenario_nl and body["sites_with_land"] == 1
    assert [s["site_id"] for s in body["sites_without_land"]] == ["ageb:1903900010022"]
    # Partners see plots only, never the plans.
    partner = client.get("/api/plots/gaps", headers=world.headers["partner_a"]).json()
    assert partner["scenario_id"] is None and partner["sites_without_land"] == []
