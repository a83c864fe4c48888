"""Scenarios as background jobs: queued, run, progress and result recorded, files served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner, run_scenario
from redceci.errors import InfeasibleError
from redceci.platform.vocabulary import ScenarioStatus
from redceci.settings import Settings
from redceci.store.planning import scenarios
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.workflow import Progress
from tests.api.world import World


def wait(app: FastAPI) -> None:
    runner = app.state.runner
    assert isinstance(runner, InProcessRunner)
    runner.wait(timeout=60)


def test_a_queued_scenario_runs_and_offers_its_files(
    world: World, client: TestClient, app: FastAPI
) -> None:
    headers = world.headers["coord_nl"]
    created = client.post(
        "/api/scenarios",
        json={"name": "Nuevo León 2030", "parameters": {"states": ["19"], "centres": 25}},
        headers=headers,
    )
    assert created.status_code == 202
    assert created.json()["status"] == "queued"
    wait(app)
    done = client.get(f"/api/scenarios/{created.json()['id']}", headers=headers).json()
    assert done["status"] == "succeeded" and done["progress"] == 1.0
    assert done["result"] == {"centres": 25, "registered": 1}  # JAL-B is operating
    assert done["started_at"] <= done["finished_at"]
    files = f"/api/scenarios/{done['id']}/files"
    csv = client.get(f"{files}/plan.csv", headers=headers)
    assert csv.status_code == 200 and csv.text == "plan.csv 19"
    assert csv.headers["content-type"].startswith("text/csv")
    assert client.get(f"{files}/secrets.txt", headers=headers).status_code == 422


def test_a_failing_run_is_recorded_with_its_reason(world: World) -> None:
    def infeasible(
        settings: Settings,
        parameters: ScenarioParameters,
        registry: pd.DataFrame,
        out_dir: Path,
        progress: Progress,
    ) -> dict[str, Any]:
        raise InfeasibleError("must-keep sites exceed the budget")

    scenario = scenarios.create_scenario(
        world.db, world.people["planner"], name="x", parameters=ScenarioParameters()
    )
    run_scenario(world.db, world.settings, scenario.id, planner=infeasible)
    failed = scenarios.get_scenario(world.db, world.people["planner"], scenario.id)
    assert failed.status == ScenarioStatus.FAILED
    assert failed.error == "must-keep sites exceed the budget"


def test_a_request_with_the_former_peso_names_still_queues_with_the_new_names(
    world: World, client: TestClient
) -> None:
    with pytest.warns(FutureWarning, match="budget_mxn is deprecated: name it budget"):
        created = client.post(
            "/api/scenarios",
            json={"name": "old client", "parameters": {"states": ["19"], "budget_mxn": 7e8}},
            headers=world.headers["coord_nl"],
        )
    assert created.status_code == 202, created.text
    assert created.json()["parameters"]["budget"] == 7e8
    assert "budget_mxn" not in created.json()["parameters"]


def test_unfinished_scenarios_have_no_files(world: World, client: TestClient) -> None:
    response = client.get(
        f"/api/scenarios/{world.scenario_jal}/files/report.html", headers=world.headers["planner"]
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "parameters",
    [{"states": ["99"]}, {"centres": 0}, {"state_min": {"19": -1}}, {"budget": "lots"}],
)
def test_bad_parameters_are_422_and_queue_nothing(
    world: World, client: TestClient, parameters: dict[str, Any]
) -> None:
    response = client.post(
        "/api/scenarios",
        json={"name": "x", "parameters": parameters},
        headers=world.headers["planner"],
    )
    assert response.status_code == 422, response.text
    listed = client.get("/api/scenarios", headers=world.headers["planner"]).json()
    assert listed["total"] == 2


# The only routes anyone may call without signing in: the health probe, signing in, and a
# parent's own registration, e-mail confirmation and password reset.
PUBLIC_PATHS = {
    "/api/health",
    "/api/auth/login",
    "/api/auth/token",
    "/api/auth/register",
    "/api/auth/verify",
    "/api/auth/password-reset",
    "/api/auth/password-reset/confirm",
}


def test_the_openapi_description_documents_every_route(app: FastAPI) -> None:
    schema = app.openapi()
    assert {"token", "session"} <= set(schema["components"]["securitySchemes"])
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), (method, path)
            assert operation.get("tags"), (method, path)
            if operation.get("security"):
                assert "401" in operation["responses"], (method, path)
            else:
                assert path in PUBLIC_PATHS, (method, path)
