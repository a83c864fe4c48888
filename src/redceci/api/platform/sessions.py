"""Browser sessions: signing in (rate-limited; session and CSRF cookies set on the response)
and out (session closed, cookies cleared), shared by the auth routes and the sign-in page."""

from __future__ import annotations

from fastapi import Request, Response

from redceci.api.deps import CSRF_COOKIE, SESSION_COOKIE
from redceci.api.ratelimit import client_address, limiter_of
from redceci.store.db import Database
from redceci.store.platform import accounts


def sign_in(
    request: Request, response: Response, db: Database, email: str, password: str
) -> accounts.OpenedSession:
    """Check the password (counted against the sign-in limits) and open a session whose
    cookies go on ``response``: the session id HTTP-only, the CSRF token readable by pages."""
    limiter_of(request).login(client_address(request), email)
    user = accounts.authenticate(db, email, password)
    opened = accounts.open_session(db, user)
    max_age = int(accounts.SESSION_TTL.total_seconds())
    secure = bool(request.app.state.secure_cookies)
    response.set_cookie(
        SESSION_COOKIE,
        opened.secret,
        max_age=max_age,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        opened.csrf_token,
        max_age=max_age,
        httponly=False,
        secure=secure,
        samesite="strict",
        path="/",
    )
    return opened


def sign_out(response: Response, db: Database, session_id: str | None) -> None:
    """End the session at once and clear its cookies."""
    if session_id:
        accounts.close_session(db, session_id)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
