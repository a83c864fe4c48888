"""The API's routers pass a request for another capability at a glance, and every route the
OpenAPI document publishes is still reached by its own router."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Match

from redceci.api.routers import ROUTERS
from redceci.api.routing import CapabilityRouter, path_head


def _app_of(*routers: CapabilityRouter) -> FastAPI:
    app = FastAPI()
    for router in routers:
        app.include_router(router)
    return app


def test_a_path_head_is_its_first_two_segments() -> None:
    assert path_head("/api/operations/centres/5/events") == ("api", "operations")
    assert path_head("/api/health") == ("api", "health")
    assert path_head("/api") == ("api",)


def test_a_request_for_another_capability_never_tries_this_routers_routes() -> None:
    tried: list[str] = []
    first, second = CapabilityRouter(prefix="/api/first"), CapabilityRouter(prefix="/api/second")

    @first.get("/things/{thing}")
    def thing(thing: int) -> dict[str, int]:
        return {"thing": thing}

    @second.get("/others/{other}")
    def other(other: int) -> dict[str, int]:
        return {"other": other}

    route = first.routes[0]
    assert isinstance(route, APIRoute)
    original = route.matches

    def spy(scope: Any) -> tuple[Match, Any]:
        tried.append(scope["path"])
        return original(scope)

    route.matches = spy  # type: ignore[method-assign]
    client = TestClient(_app_of(first, second))
    assert client.get("/api/second/others/3").json() == {"other": 3}
    assert tried == []
    assert client.get("/api/first/things/4").json() == {"thing": 4}
    assert set(tried) == {"/api/first/things/4"}  # matched, then matched again to serve
    assert client.get("/api/third").status_code == 404


def test_a_router_with_a_parameter_in_its_first_segments_tries_every_request() -> None:
    router = CapabilityRouter(prefix="/api")

    @router.get("/{anything}/x")
    def anything(anything: str) -> str:
        return anything

    assert router.heads() is None
    assert TestClient(_app_of(router)).get("/api/y/x").json() == "y"


def test_every_published_route_is_reached_by_its_own_router(client: TestClient) -> None:
    app = client.app
    assert isinstance(app, FastAPI)
    owners = {
        (route.path, method): router
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    for path, item in app.openapi()["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method in item:
            scope = {"type": "http", "path": concrete, "root_path": "", "method": method.upper()}
            matched = next(
                (r for r in app.router.routes if r.matches(dict(scope))[0] is Match.FULL), None
            )
            assert matched is not None, (method, path)
            assert getattr(matched, "original_router", None) is owners[(path, method.upper())]
