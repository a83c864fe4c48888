"""FastAPI dependencies as ``Annotated`` aliases, so a route reads as its signature.

``CurrentPrincipal`` accepts a bearer token (API clients) or the session cookie (browsers);
with the cookie, every request that changes something must echo the session's CSRF token in
the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from redceci.api.ratelimit import SAFE_METHODS, limiter_of
from redceci.errors import AuthenticationError, PermissionDeniedError
from redceci.platform.access import Principal
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.platform import accounts
from redceci.store.platform.security import same_secret

SESSION_COOKIE = "redceci_session"
CSRF_COOKIE = "redceci_csrf"
CSRF_HEADER = "X-CSRF-Token"

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token from POST /api/auth/token or /api/auth/tokens",
)
_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="session",
    description=f"Browser session from POST /api/auth/login; changes need the {CSRF_HEADER} header",
)


def get_db(request: Request) -> Database:
    db = request.app.state.db
    assert isinstance(db, Database)
    return db


def get_settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


async def _db(request: Request) -> Database:
    return get_db(request)


async def _settings(request: Request) -> Settings:
    return get_settings(request)


# Async: FastAPI runs a sync dependency in the thread pool, a hop that costs more than the
# attribute it reads (these run on every request).
DatabaseDep = Annotated[Database, Depends(_db)]
SettingsDep = Annotated[Settings, Depends(_settings)]


async def current_principal(
    request: Request,
    db: DatabaseDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session_id: Annotated[str | None, Depends(_cookie)],
) -> Principal:
    """The caller, from a bearer token or a session cookie (CSRF-checked on changes), counted
    against the per-user request limits. Async: a change's caller was found by ``api.bodies``
    before its body was read, so no thread is taken for it; a look-up runs in the thread pool."""
    found: tuple[str, Principal] | None = getattr(request.state, "principal", None)
    principal: Principal  # found by api.bodies before a change's body was read, or now
    if credentials is not None:
        if found is not None and found[0] == credentials.credentials:
            principal = found[1]
        else:
            principal = await run_in_threadpool(
                accounts.principal_from_token, db, credentials.credentials
            )
    elif session_id:
        if found is not None and found[0] == session_id:
            principal = found[1]
        else:
            principal = await run_in_threadpool(accounts.principal_from_session, db, session_id)
        if request.method not in SAFE_METHODS and not same_secret(
            request.headers.get(CSRF_HEADER), principal.csrf_token
        ):
            raise PermissionDeniedError(f"missing or wrong {CSRF_HEADER} header")
    else:
        raise AuthenticationError("sign in (POST /api/auth/login) or send a bearer token")
    limiter_of(request).request(principal, request.method)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
SessionCookie = Annotated[str | None, Depends(_cookie)]
