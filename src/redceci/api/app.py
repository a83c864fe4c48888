"""The application factory: wires settings, database, job runner and routers together.

``create_app()`` builds everything at call time (never at import); on startup it migrates the
database to the newest schema and resumes queued scenarios.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

import redceci
from redceci.api import errors
from redceci.api.jobs import InProcessRunner, ScenarioRunner
from redceci.api.offer_sweep import OfferSweeper
from redceci.api.ratelimit import Limiter
from redceci.api.routes import (
    audit,
    auth,
    centres,
    enrolment,
    health,
    proposals,
    scenarios,
    users,
)
from redceci.data.insurance import read_insurance_registry
from redceci.settings import Settings, get_settings
from redceci.store.db import Database, database_url
from redceci.store.migrate import upgrade

DESCRIPTION = """
Plataforma redceci: registro de CECI, escenarios de planeación y cuentas con roles.
*The redceci platform: the CECI registry, planning scenarios and role-scoped accounts.*

Authenticate with a **bearer token** (`POST /api/auth/token`) or, in a browser, the **session
cookie** from `POST /api/auth/login`; with the cookie every change must carry the
`X-CSRF-Token` header returned at login. Everything is denied unless a role grants it, and
objects outside your scope answer 404.
"""


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    runner: Callable[[Database, Settings], ScenarioRunner] | None = None,
    migrate: bool = True,
    secure_cookies: bool = True,
) -> FastAPI:
    """The FastAPI application.

    Parameters
    ----------
    settings
        Defaults to ``get_settings()`` (environment, ``REDCECI_DATABASE_URL``).
    database
        An open database to use (tests); by default one is made from the settings and
        disposed of at shutdown.
    runner
        Builds the scenario runner from the database and settings; default: in-process.
    migrate
        Bring the schema to the newest revision at startup.
    secure_cookies
        Mark cookies ``Secure`` (HTTPS only; browsers also accept them on localhost).
    """
    settings = settings or get_settings()
    own_db = database is None
    db = database or Database(database_url(settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            upgrade(db)
        active = (runner or _in_process)(db, settings)
        app.state.runner = active
        sweeper = None
        if isinstance(active, InProcessRunner):  # no workers: the server lapses offers
            active.resume()
            sweeper = OfferSweeper.start(db, settings.offer_sweep_seconds)
        try:
            yield
        finally:
            if sweeper is not None:
                sweeper.close()
            active.close()
            if own_db:
                db.dispose()

    app = FastAPI(
        title="redceci",
        version=redceci.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "auth", "description": "Sessions, tokens, who am I"},
            {"name": "users", "description": "Accounts, roles and organisations (admin)"},
            {"name": "centres", "description": "The CECI registry and its status pipeline"},
            {"name": "proposals", "description": "Partner site proposals and their review"},
            {"name": "scenarios", "description": "Planning runs as background jobs"},
            {"name": "enrolment", "description": "Families, applications, rounds and waitlist"},
            {"name": "audit", "description": "Who changed what and when (admin)"},
            {"name": "health", "description": "Liveness"},
        ],
    )
    app.state.db = db
    app.state.settings = settings
    if settings.insurance_file is not None:  # read now: a bad file stops the start-up
        app.state.insurance = read_insurance_registry(settings.insurance_file)
    app.state.secure_cookies = secure_cookies
    app.state.limiter = Limiter(settings.limits)
    errors.install(app)
    # Pages and JSON shrink 5-10x for phones on slow networks (the dashboard is ~155 KB).
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    for module in (health, auth, users, centres, proposals, scenarios, enrolment, audit):
        app.include_router(module.router)
    from redceci.web import mount as mount_pages  # the pages import the API's pieces

    mount_pages(app)
    return app


def queued_app() -> FastAPI:
    """The app for several server processes (``uvicorn --factory --workers N``): settings from
    the environment, scenarios sent to the PostgreSQL queue, no migration at start-up (run
    ``redceci db upgrade`` once first)."""
    from redceci.api.worker import QueueRunner

    return create_app(runner=QueueRunner, migrate=False)


def _in_process(db: Database, settings: Settings) -> ScenarioRunner:
    return InProcessRunner(db, settings)
