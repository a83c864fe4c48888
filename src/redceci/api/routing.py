"""The API's routers: FastAPI's ``APIRouter`` that a request for another capability passes at a
glance instead of trying each of its routes.

FastAPI matches an included router route by route (a regular expression each, with its scope
bookkeeping): a check-in, served by the 14th router, was tried against ~90 routes (0.6 ms of
CPU, a fifth of the request) before its own. A ``CapabilityRouter`` knows the first two path
segments of its routes (``/api/operations/...``: ``("api", "operations")``) and answers "no
match" at once to a path outside them. Include it at the application's root, with no extra
prefix (``app.create_app``); ``tests/api/test_routing.py`` checks every route is still reached.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

Head = tuple[str, ...]


def path_head(path: str) -> Head:
    """The first two segments of a path (``/api/health`` and ``/api/health/x``: api, health)."""
    return tuple(path.split("/", 3)[1:3])


class CapabilityRouter(APIRouter):
    """An ``APIRouter`` refusing at once a request whose path does not begin like one of its
    routes' (only when every route is a plain API route with a literal start; else it matches
    as FastAPI does)."""

    _heads: tuple[int, frozenset[Head] | None] = (-1, None)

    def heads(self) -> frozenset[Head] | None:
        """The path heads of the routes (None: not known, every request is tried)."""
        count, heads = self._heads
        if count != len(self.routes):
            heads = None
            routes = [route for route in self.routes if isinstance(route, APIRoute)]
            if len(routes) == len(self.routes):
                found = frozenset(path_head(route.path) for route in routes)
                heads = None if any("{" in part for head in found for part in head) else found
            self._heads = (len(self.routes), heads)
        return heads

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        heads = self.heads()
        if heads is not None and path_head(get_route_path(scope)) not in heads:
            return Match.NONE, {}
        return super().matches(scope)


__all__ = ["CapabilityRouter", "path_head"]
