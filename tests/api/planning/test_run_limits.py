"""Planning runs are bounded and stoppable: a few queued per user and per platform (429 past
that), cancellable while queued or running, and a shutdown leaves a clean, resumable queue."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner
from redceci.app import create_app
from redceci.platform.vocabulary import ScenarioStatus
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning import scenarios
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.workflow import Progress
from tests.api.world import World, fake_analyser

BODY = {"name": "NL", "parameters": {"states": ["19"], "centres": 5}}


class SlowPlanner:
    """Reports progress every 20 ms until released (or stopped through its progress)."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(
        self,
        settings: Settings,
        parameters: ScenarioParameters,
        registry: pd.DataFrame,
        out_dir: Path,
        progress: Progress,
    ) -> dict[str, Any]:
        self.started.set()
        deadline = time.monotonic() + 30
        while not self.release.is_set() and time.monotonic() < deadline:
            progress("planeando / planning", 0.5)
            time.sleep(0.02)
        return {"centres": 1}


def slow_app(db: Database, settings: Settings, planner: SlowPlanner, **limits: int) -> Any:
    runner: list[InProcessRunner] = []

    def make(d: Database, s: Settings) -> InProcessRunner:
        runner.append(InProcessRunner(d, s, planner=planner, analyser=fake_analyser))
        runner[-1].resume = lambda: None  # type: ignore[method-assign]
        return runner[-1]

    app = create_app(settings.model_copy(update=limits), database=db, runner=make, migrate=False)
    return app, runner


def status(db: Database, scenario_id: int) -> ScenarioStatus:
    with db.reading() as session:
        row = session.get(scenarios.Scenario, scenario_id)
        assert row is not None
        return row.status


def test_a_user_queues_a_few_runs_and_the_platform_a_few_more(
    world: World, app_settings: Settings
) -> None:
    planner = SlowPlanner()
    # the world holds one queued run already (JAL): 2 of the planner + 1 of admin fill 4
    app, _ = slow_app(world.db, app_settings, planner, queued_runs_per_user=2, queued_runs=4)
    with TestClient(app, base_url="https://testserver") as client:
        mine = [client.post("/api/scenarios", json=BODY, headers=world.headers["planner"])]
        mine.append(client.post("/api/scenarios", json=BODY, headers=world.headers["planner"]))
        mine.append(client.post("/api/scenarios", json=BODY, headers=world.headers["planner"]))
        assert [r.status_code for r in mine] == [202, 202, 429]
        assert mine[2].headers["retry-after"].isdigit() and "máximo 2" in mine[2].text
        other = client.post("/api/scenarios", json=BODY, headers=world.headers["admin"])
        assert other.status_code == 202
        full = client.post("/api/scenarios", json=BODY, headers=world.headers["coord_nl"])
        assert full.status_code == 429 and "plataforma" in full.text
        planner.release.set()


def test_a_running_plan_is_cancelled_within_seconds(world: World, app_settings: Settings) -> None:
    planner = SlowPlanner()
    app, runner = slow_app(world.db, app_settings, planner)
    with TestClient(app, base_url="https://testserver") as client:
        made = client.post("/api/scenarios", json=BODY, headers=world.headers["planner"]).json()
        queued = client.post("/api/scenarios", json=BODY, headers=world.headers["planner"]).json()
        assert planner.started.wait(10)
        for scenario in (made, queued):
            cancelled = client.post(
                f"/api/scenarios/{scenario['id']}/cancel", headers=world.headers["planner"]
            )
            assert cancelled.status_code == 200, cancelled.text
            assert cancelled.json()["error"].startswith("cancelado")
        runner[0].wait(timeout=10)  # the running one stopped; the queued one never started
        for scenario in (made, queued):
            assert status(world.db, scenario["id"]) is ScenarioStatus.FAILED
        again = client.post(f"/api/scenarios/{made['id']}/cancel", headers=world.headers["planner"])
        assert again.status_code == 409


def test_a_shutdown_stops_a_running_plan_and_queues_it_again(
    world: World, app_settings: Settings
) -> None:
    planner = SlowPlanner()
    app, _runner = slow_app(world.db, app_settings, planner)
    with TestClient(app, base_url="https://testserver") as client:
        made = client.post("/api/scenarios", json=BODY, headers=world.headers["planner"]).json()
        waiting = client.post("/api/scenarios", json=BODY, headers=world.headers["admin"]).json()
        assert planner.started.wait(10)
        started = time.monotonic()
    # leaving the client shut the app down: it did not wait for the plan's 30 s
    assert time.monotonic() - started < 10
    assert status(world.db, made["id"]) is ScenarioStatus.QUEUED
    assert status(world.db, waiting["id"]) is ScenarioStatus.QUEUED
    queued, running = scenarios.pending(world.db)
    assert {made["id"], waiting["id"]} <= set(queued) and running == []
