"""The application factory, the one place that puts the API and the pages together.

``create_app()`` wires settings, database, job runner, the API's routers (``api.routers``) and
the pages (``web.mount``), all at call time (never at import); on startup it migrates the
database to the newest schema and resumes queued scenarios. ``api`` never imports ``web``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

import redceci
from redceci import web
from redceci.api import errors
from redceci.api.bodies import RequestGuard
from redceci.api.enrolment.sweep import OfferSweeper
from redceci.api.operations.notices import NoticeSender
from redceci.api.planning.jobs import InProcessRunner, ScenarioRunner
from redceci.api.ratelimit import Limiter
from redceci.api.routers import ROUTERS, TAGS
from redceci.countries import activate, country_pack
from redceci.data.insurance import read_insurance_registry
from redceci.settings import Settings, get_settings
from redceci.store.db import Database, database_url
from redceci.store.migrate import upgrade
from redceci.web.headers import SecurityHeaders

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
    activate(country_pack(settings.country))  # one country per deployment
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
            sweeper = OfferSweeper.start(db, settings.offer_sweep_seconds, settings.retention)
        # Every process may send: each (event, guardian) is sent once whoever sends it.
        notices = NoticeSender.start(db, settings, lambda: getattr(app.state, "mailer", None))
        try:
            yield
        finally:
            if notices is not None:
                notices.close()
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
        openapi_tags=TAGS,
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
    # Outermost last: the guard checks origin, sign-in and body before any route reads it;
    # the headers go on every response, the guard's refusals included.
    app.add_middleware(RequestGuard)
    app.add_middleware(SecurityHeaders)
    for router in ROUTERS:
        app.include_router(router)
    web.mount(app)
    return app


def ready(app: FastAPI) -> FastAPI:
    """``app`` with what its first requests would otherwise build while the others wait, built
    now: the OpenAPI document, from which the request guard reads the routes open without
    signing in (1.2 s of CPU; built by a process's first change request, it held up every
    request of that process: the check-in bench's first 32 requests took 3.1-3.4 s)."""
    app.openapi()
    return app


def queued_app() -> FastAPI:
    """The app for several server processes (``uvicorn --factory --workers N``): settings from
    the environment, scenarios sent to the PostgreSQL queue, no migration at start-up (run
    ``redceci db upgrade`` once first), ``ready`` before its first request."""
    from redceci.api.worker import QueueRunner  # imports procrastinate: only when queued

    return ready(create_app(runner=QueueRunner, migrate=False))


def _in_process(db: Database, settings: Settings) -> ScenarioRunner:
    return InProcessRunner(db, settings)
