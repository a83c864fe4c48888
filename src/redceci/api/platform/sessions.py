"""Browser sessions: signing in (rate-limited; session and CSRF cookies set on the response)
and out (session closed, cookies cleared), shared by the auth routes and the sign-in page."""

from __future__ import annotations

from fastapi import Request, Response

from redceci.api.deps import CSRF_COOKIE, SESSION_COOKIE
from redceci.api.ratelimit import client_address, limiter_of
from redceci.errors import AuthenticationError
from redceci.store.db import Database
from redceci.store.platform import accounts
from redceci.store.platform.models import User


def checked_user(request: Request, db: Database, email: str, password: str) -> User:
    """The user with this e-mail and password, counted against the sign-in limits: wrong
    passwords make the next tries from that address wait longer and longer."""
    limiter, address = limiter_of(request), client_address(request)
    limiter.login(address, email)
    try:
        user = accounts.authenticate(db, email, password)
    except AuthenticationError:
        limiter.login_failed(address, email)
        raise
    limiter.login_succeeded(address, email)
    return user


def sign_in(
    request: Request, response: Response, db: Database, email: str, password: str
) -> accounts.OpenedSession:
    """Check the password (counted against the sign-in limits) and open a session whose
    cookies go on ``response``: the session id HTTP-only, the CSRF token readable by pages."""
    user = checked_user(request, db, email, password)
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
