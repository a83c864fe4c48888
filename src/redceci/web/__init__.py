"""Server-rendered pages (Spanish first, English switchable) over the same services as the API.

One sub-package per capability (``platform``, ``planning``, ``enrolment``,
``nutrition_health``, ``operations``) holds its pages;
templates sit in ``templates/<capability>/``. This level holds what they share: page helpers
(``pages``), the language tables (``i18n``), shared maps (``maps``), the home page (``home``)
and ``mount(app)``, which adds the pages, their static files and HTML error pages to the app.
"""

from __future__ import annotations

import inspect
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from redceci.api.errors import status_of
from redceci.errors import RedceciError
from redceci.web import errors as page_errors
from redceci.web import home
from redceci.web.enrolment import centre, family, register, rounds, service
from redceci.web.nutrition_health import development as development_pages
from redceci.web.nutrition_health import health as health_pages
from redceci.web.nutrition_health import menus as menu_pages
from redceci.web.nutrition_health import network as network_pages
from redceci.web.operations import centre as ops_centre
from redceci.web.operations import family as ops_family
from redceci.web.operations import health_filter as ops_health_filter
from redceci.web.operations import incidents as ops_incidents
from redceci.web.operations import network as ops_network
from redceci.web.operations import pickup as ops_pickup
from redceci.web.operations import rollcall as ops_rollcall
from redceci.web.operations import threads as ops_threads
from redceci.web.operations import worker as ops_worker
from redceci.web.pages import HERE, LoginRequiredError, error_page
from redceci.web.planning import dashboard, plots, proposals, scenarios
from redceci.web.platform import audit, auth, centres, geo, privacy, registration

__all__ = ["PAGE_MODULES", "mount"]

#: The modules whose routers serve the pages.
PAGE_MODULES = (
    home,
    auth,
    scenarios,
    proposals,
    plots,
    centres,
    dashboard,
    audit,
    family,
    register,
    centre,
    rounds,
    menu_pages,
    health_pages,
    network_pages,
    development_pages,
    privacy,
    registration,
    service,
    ops_centre,
    ops_rollcall,
    ops_incidents,
    ops_family,
    ops_network,
    ops_worker,
    geo,
    ops_threads,
    ops_health_filter,
    ops_pickup,
)


def mount(app: FastAPI) -> None:
    """Serve the pages and ``/static``; errors on pages render HTML, on ``/api`` stay JSON."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in PAGE_MODULES:
        app.include_router(module.router)
    api_handler = app.exception_handlers.get(RedceciError)

    async def handle(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api") and api_handler is not None:
            response = api_handler(request, exc)
            return await response if inspect.isawaitable(response) else response
        if isinstance(exc, LoginRequiredError):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/entrar?next={quote(target, safe='/')}", status_code=303)
        assert isinstance(exc, RedceciError)
        return error_page(request, exc, status_of(exc))

    app.add_exception_handler(RedceciError, handle)
    page_errors.install(app)
