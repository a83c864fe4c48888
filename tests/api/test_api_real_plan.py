"""End to end on the real data: a planner queues a small state plan through the API and the
platform runs the real planning engine (``redceci.workflow``) in the background."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from redceci.api import create_app
from redceci.api.jobs import InProcessRunner
from redceci.settings import Settings
from redceci.store.access import Grant
from redceci.store.accounts import issue_token
from redceci.store.enums import Role
from redceci.store.reference import load_states
from redceci.store.testing import add_user, temporary_database


@pytest.mark.slow
def test_a_real_state_plan_runs_in_the_background(settings: Settings, tmp_path: Path) -> None:
    with temporary_database("sqlite", tmp_path) as db:
        load_states(db, settings.data)
        planner = add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
        headers = {"Authorization": f"Bearer {issue_token(db, planner, name='t').secret}"}
        app = create_app(
            settings.model_copy(update={"output": tmp_path / "out"}), database=db, migrate=False
        )
        with TestClient(app, base_url="https://testserver") as client:
            created = client.post(
                "/api/scenarios",
                json={"name": "Aguascalientes", "parameters": {"states": ["01"], "centres": 10}},
                headers=headers,
            )
            assert created.status_code == 202
            runner = app.state.runner
            assert isinstance(runner, InProcessRunner)
            runner.wait(timeout=300)
            scenario = client.get(f"/api/scenarios/{created.json()['id']}", headers=headers)
            body = scenario.json()
            assert body["status"] == "succeeded", body["error"]
            result = body["result"]
            assert 1 <= result["centres"] <= 10
            assert result["places"] > 0 and 0 <= result["gap"] < 1
            geojson = client.get(f"/api/scenarios/{body['id']}/files/plan.geojson", headers=headers)
            features = json.loads(geojson.text)["features"]
            assert len(features) == result["sites"]
            assert all(f["properties"]["CVE_ENT"] == "01" for f in features)
