"""Page fixtures: one SQLite database (both backends for the authorisation matrix), emptied
per test; the app with a fake planner and analyser; the people of a small world (planner,
coordinator, two partners, a parent)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from redceci.api.planning.jobs import InProcessRunner
from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.platform import accounts
from redceci.store.testing import (
    add_user,
    empty_tables,
)
from tests.backends import database_on
from tests.web.world import (
    Enrolment,
    People,
    WebClient,
    enrolment_world,
    fake_analyser,
    two_site_planner,
)


@pytest.fixture(scope="session")
def web_database(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Database]:
    """SQLite for the pages; the authorisation matrix overrides it with both backends."""
    yield from database_on("sqlite", tmp_path_factory, settings)


@pytest.fixture
def db(web_database: Database) -> Database:
    empty_tables(web_database)
    return web_database


@pytest.fixture
def people(db: Database) -> People:
    org_a = accounts.create_organisation(db, None, name="Parque A").id
    org_b = accounts.create_organisation(db, None, name="Parque B").id
    add_user(db, "planner@x.mx", Grant(Role.NATIONAL_PLANNER), name="Planeación")
    add_user(db, "coord@x.mx", Grant(Role.STATE_COORDINATOR, state_code="19"), name="Coord NL")
    add_user(db, "a@x.mx", Grant(Role.PARTNER, organisation_id=org_a), name="Socio A")
    add_user(db, "b@x.mx", Grant(Role.PARTNER, organisation_id=org_b), name="Socio B")
    add_user(db, "parent@x.mx", Grant(Role.PARENT, family_id="F-1"), name="Familia")
    return People(org_a, org_b)


@pytest.fixture
def app(db: Database, settings: Settings, tmp_path: Path) -> FastAPI:
    return create_app(
        settings.model_copy(update={"output": tmp_path}),
        database=db,
        runner=lambda d, s: InProcessRunner(d, s, planner=two_site_planner, analyser=fake_analyser),
        migrate=False,
    )


@pytest.fixture
def client(app: FastAPI, db: Database) -> Iterator[WebClient]:
    with WebClient(app, db) as c:
        yield c


@pytest.fixture
def enrolment(db: Database, people: People) -> Enrolment:
    """Two centres with rooms, their directors, an administrator, a registered family F-2."""
    return enrolment_world(db)
