"""Page fixtures: one database per backend (SQLite, PostgreSQL), emptied per test; the app
with a fake planner and analyser; the people of a small world (planner, coordinator, two
partners, a parent)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from webworld import People, WebClient, fake_analyser, two_site_planner

from redceci.api import create_app
from redceci.api.jobs import InProcessRunner
from redceci.settings import Settings
from redceci.store import accounts
from redceci.store.access import Grant
from redceci.store.db import Database
from redceci.store.enums import Role
from redceci.store.reference import load_states
from redceci.store.testing import (
    add_user,
    empty_tables,
    postgres_admin_url,
    postgres_unreachable,
    temporary_database,
)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _require_postgres() -> None:
    reason = postgres_unreachable()
    if reason is None:
        return
    message = (
        f"PostgreSQL tests need a server at {postgres_admin_url()} "
        f"(set REDCECI_TEST_POSTGRES_URL); it is unreachable: {reason}"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session", params=BACKENDS)
def web_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Database]:
    if request.param == "postgresql":
        _require_postgres()
    with temporary_database(request.param, tmp_path_factory.mktemp("web-db")) as db:
        load_states(db, settings.data)
        yield db


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
