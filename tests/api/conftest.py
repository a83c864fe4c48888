"""API fixtures: a database per backend, the app on it with a fake planner, and one caller per
role with data in two states (Nuevo León 19, Jalisco 14) and two partner organisations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner, run_scenario
from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning import scenarios
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.store.platform import accounts, centres
from redceci.store.testing import (
    add_user,
    empty_tables,
)
from tests.api.world import (
    ACTORS,
    World,
    centre_data,
    fake_analyser,
    fake_planner,
    fresh_plot,
)
from tests.backends import BACKENDS, database_on


@pytest.fixture(scope="session", params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Database]:
    yield from database_on(request.param, tmp_path_factory, settings)


@pytest.fixture
def db(database: Database) -> Database:
    empty_tables(database)
    return database


@pytest.fixture
def app_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"output": tmp_path})


@pytest.fixture
def app(db: Database, app_settings: Settings) -> FastAPI:
    return create_app(
        app_settings,
        database=db,
        runner=lambda d, s: InProcessRunner(d, s, planner=fake_planner, analyser=fake_analyser),
        migrate=False,
    )


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="https://testserver") as c:
        yield c


@pytest.fixture
def world(db: Database, app_settings: Settings, client: TestClient) -> World:
    org_a = accounts.create_organisation(db, None, name="Parque A").id
    org_b = accounts.create_organisation(db, None, name="Parque B").id
    system = add_user(db, "system@x.mx", Grant(Role.NATIONAL_PLANNER))
    a = centres.create_centre(db, system, centre_data("NL-A", "19", operator_organisation_id=org_a))
    b = centres.create_centre(
        db,
        system,
        centre_data("JAL-B", "14", operator_organisation_id=org_b, status=CentreStatus.OPERATING),
    )
    grants = {
        "admin": Grant(Role.ADMINISTRATOR),
        "planner": Grant(Role.NATIONAL_PLANNER),
        "coord_nl": Grant(Role.STATE_COORDINATOR, state_code="19"),
        "coord_jal": Grant(Role.STATE_COORDINATOR, state_code="14"),
        "partner_a": Grant(Role.PARTNER, organisation_id=org_a),
        "partner_b": Grant(Role.PARTNER, organisation_id=org_b),
        "director_a": Grant(Role.CENTRE_DIRECTOR, centre_id=a.id),
        "staff_b": Grant(Role.CENTRE_STAFF, centre_id=b.id),
        "parent": Grant(Role.PARENT, family_id="FAM-1"),
        "nutritionist": Grant(Role.NUTRITIONIST),
        "medical_a": Grant(Role.MEDICAL_STAFF, centre_id=a.id),
    }
    people = {who: add_user(db, f"{who}@x.mx", grants[who], name=who) for who in ACTORS}
    tokens = {who: accounts.issue_token(db, people[who], name="tests") for who in ACTORS}
    headers = {who: {"Authorization": f"Bearer {tokens[who].secret}"} for who in ACTORS}
    params = {"19": ScenarioParameters(states=["19"]), "14": ScenarioParameters(states=["14"])}
    nl = scenarios.create_scenario(db, system, name="NL", parameters=params["19"])
    jal = scenarios.create_scenario(db, system, name="JAL", parameters=params["14"])
    run_scenario(db, app_settings, nl.id, planner=fake_planner)
    world = World(
        db,
        app_settings,
        people,
        headers,
        org_a,
        org_b,
        a.id,
        b.id,
        nl.id,
        jal.id,
        tokens["admin"].token.id,
        0,
    )
    world.proposal_a = world.fresh_proposal()
    world.plot_a = fresh_plot(world)
    return world
