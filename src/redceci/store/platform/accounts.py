"""Accounts: users and their roles, password sign-in, browser sessions and API tokens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from redceci.errors import AuthenticationError, ConflictError, InputError, NotFoundError
from redceci.platform import validation
from redceci.platform.access import Grant, Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.platform import audit
from redceci.store.platform.models import (
    ApiToken,
    Centre,
    Organisation,
    RoleAssignment,
    State,
    User,
    WebSession,
)
from redceci.store.platform.security import (
    WeakPasswordError,
    check_password,
    digest,
    hash_password,
    needs_rehash,
    new_api_token,
    new_secret,
    verify_password,
)

SESSION_TTL = dt.timedelta(hours=12)


class UnverifiedEmailError(AuthenticationError):
    """The password is right but the account's e-mail address is not confirmed yet."""


#: The longest an API token lives (NIST SP 800-63B asks for bounded authenticator lifetimes;
#: a year covers an integration's renewal cycle). ASSUMPTION. Tokens stored without an expiry
#: (before this rule) end a year after they were made.
MAX_TOKEN_DAYS = 365


def normalise_email(email: str) -> str:
    """E-mails are compared lower-case and trimmed; ``InputError`` if it is not one (no quotes,
    angle brackets, spaces or control characters: ``platform.validation.email``)."""
    try:
        return validation.email(email)
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def _check_password(password: str, *, email: str = "", name: str = "") -> None:
    try:
        check_password(password, email=email, name=name)
    except WeakPasswordError as exc:
        raise InputError(str(exc)) from exc


def _grants(user: User) -> tuple[Grant, ...]:
    return tuple(
        Grant(r.role, r.state_code, r.organisation_id, r.centre_id, r.family_id) for r in user.roles
    )


def principal_of(user: User, *, csrf_token: str | None = None) -> Principal:
    """The services' view of a user."""
    return Principal(user.id, user.email, user.name, _grants(user), csrf_token)


def _assign(session: Session, user: User, grants: Sequence[Grant]) -> None:
    """Replace the user's roles, checking each scope exists."""
    for grant in grants:
        try:
            grant.check()
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        missing = (
            (grant.state_code is not None and session.get(State, grant.state_code) is None)
            or (
                grant.organisation_id is not None
                and session.get(Organisation, grant.organisation_id) is None
            )
            or (grant.centre_id is not None and session.get(Centre, grant.centre_id) is None)
        )
        if missing:
            raise InputError(f"role {grant.role}: its scope does not exist")
    user.roles = [
        RoleAssignment(
            role=g.role,
            state_code=g.state_code,
            organisation_id=g.organisation_id,
            centre_id=g.centre_id,
            family_id=g.family_id,
        )
        for g in dict.fromkeys(grants)
    ]


def _roles_snapshot(user: User) -> list[dict[str, object]]:
    return [
        {k: v for k, v in vars(g).items() if v is not None} | {"role": g.role.value}
        for g in _grants(user)
    ]


def create_user(
    db: Database,
    actor: Principal | None,
    *,
    email: str,
    name: str,
    password: str,
    grants: Sequence[Grant] = (),
) -> User:
    """A new user with these roles; ``actor`` None is the system (bootstrap, demo accounts)."""
    if actor is not None:
        actor.require(Permission.USERS_MANAGE)
    email = normalise_email(email)
    _check_password(password, email=email, name=name)
    if not name.strip():
        raise InputError("name must not be empty")
    with db.transaction() as session:
        if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
            raise ConflictError(f"a user with e-mail {email} already exists")
        user = User(
            email=email,
            name=name.strip(),
            password_hash=hash_password(password),
            email_verified_at=utcnow(),  # made by an administrator or the system
        )
        session.add(user)
        _assign(session, user, grants)
        session.flush()
        audit.record(
            session,
            actor,
            "create",
            "user",
            user.id,
            after=audit.snapshot(user, roles=_roles_snapshot(user)),
        )
        return user


def list_users(db: Database, actor: Principal) -> list[User]:
    """Every user (administrators only)."""
    actor.require(Permission.USERS_MANAGE)
    with db.reading() as session:
        return list(session.scalars(sa.select(User).order_by(User.id)).all())


def get_user(db: Database, actor: Principal, user_id: int) -> User:
    actor.require(Permission.USERS_MANAGE)
    with db.reading() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFoundError(f"no user {user_id}")
        return user


def update_user(
    db: Database,
    actor: Principal,
    user_id: int,
    *,
    name: str | None = None,
    is_active: bool | None = None,
    password: str | None = None,
    grants: Sequence[Grant] | None = None,
) -> User:
    """Change a user's name, activity, password or roles (administrators only)."""
    actor.require(Permission.USERS_MANAGE)
    with db.transaction() as session:
        user = session.get(User, user_id, with_for_update=True)
        if user is None:
            raise NotFoundError(f"no user {user_id}")
        if password is not None:
            _check_password(password, email=user.email, name=name or user.name)
        before = audit.snapshot(user, roles=_roles_snapshot(user))
        if name is not None:
            if not name.strip():
                raise InputError("name must not be empty")
            user.name = name.strip()
        if is_active is not None:
            if not is_active and user.id == actor.user_id:
                raise InputError("you cannot deactivate yourself")
            if not is_active:
                _end_sessions(session, user.id)
            if is_active != user.is_active:  # deactivated or reactivated: tokens stop working
                _revoke_tokens(session, user.id)
            user.is_active = is_active
        if password is not None:
            user.password_hash = hash_password(password)
            _end_sessions(session, user.id)
            _revoke_tokens(session, user.id)
        if grants is not None:
            _assign(session, user, grants)
        session.flush()
        audit.record(
            session,
            actor,
            "update",
            "user",
            user.id,
            before=before,
            after=audit.snapshot(user, roles=_roles_snapshot(user)),
        )
        return user


def _end_sessions(session: Session, user_id: int) -> None:
    session.execute(sa.delete(WebSession).where(WebSession.user_id == user_id))


def _revoke_tokens(session: Session, user_id: int) -> None:
    """Every API token of the user stops working (a password change, a (de)activation)."""
    session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def authenticate(db: Database, email: str, password: str) -> User:
    """The active user with this e-mail and password, else ``AuthenticationError``."""
    try:
        email = normalise_email(email)
    except InputError:
        email = ""
    with db.transaction() as session:
        user = session.scalar(sa.select(User).where(User.email == email)) if email else None
        ok = verify_password(user.password_hash if user else None, password)
        if user is None or not ok or not user.is_active:
            raise AuthenticationError("wrong e-mail or password")
        if user.email_verified_at is None:
            raise UnverifiedEmailError(
                "confirme primero su correo con el enlace que le enviamos / "
                "confirm your e-mail first with the link we sent you"
            )
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_login_at = utcnow()
        audit.record(session, principal_of(user), "login", "user", user.id)
        return user


@dataclass(frozen=True)
class OpenedSession:
    """What the browser gets after signing in: the cookie's secret and the CSRF token."""

    secret: str
    csrf_token: str
    expires_at: dt.datetime
    user: User


def open_session(db: Database, user: User, *, ttl: dt.timedelta = SESSION_TTL) -> OpenedSession:
    """A new browser session for ``user``."""
    secret, csrf = new_secret(), new_secret()
    expires = utcnow() + ttl
    with db.transaction() as session:
        session.add(
            WebSession(id_hash=digest(secret), user_id=user.id, csrf_token=csrf, expires_at=expires)
        )
    return OpenedSession(secret, csrf, expires, user)


#: A session's "last seen" and a token's "last used" are written at most this often: writing
#: them on every request would make every read a write transaction.
SEEN_EVERY = dt.timedelta(minutes=1)


#: Every request resolves its caller: the roles come in the same query (one round trip).
_ROLES_JOINED = joinedload(User.roles)


def _stale(seen: dt.datetime | None, now: dt.datetime) -> bool:
    return seen is None or now - seen >= SEEN_EVERY


@cache
def _credential_with_user(table: sa.Table) -> Any:
    """One statement (built once, Core: every request authenticates, so no ORM object is
    built): the session or token with ``hash``, its user and the user's roles, one row per
    role (a user without roles: one row, role NULL)."""
    u, r = User.__table__.c, RoleAssignment.__table__.c
    hashed = table.c.id_hash if "id_hash" in table.c else table.c.token_hash
    return (
        sa.select(
            table,
            u.email.label("user_email"),
            u.name.label("user_name"),  # a token has a name too
            u.is_active.label("user_active"),
            r.role,
            r.state_code,
            r.organisation_id,
            r.centre_id,
            r.family_id,
        )
        .select_from(
            table.join(User.__table__, u.id == table.c.user_id).outerjoin(
                RoleAssignment.__table__, r.user_id == u.id
            )
        )
        .where(hashed == sa.bindparam("hash", type_=sa.String))
        .order_by(r.id)
    )


def _principal_of_rows(rows: Sequence[Any], csrf_token: str | None = None) -> Principal:
    """``principal_of`` from ``_credential_with_user``'s rows."""
    first = rows[0]
    grants = tuple(
        Grant(r.role, r.state_code, r.organisation_id, r.centre_id, r.family_id)
        for r in rows
        if r.role is not None
    )
    return Principal(first.user_id, first.user_email, first.user_name, grants, csrf_token)


def principal_from_session(db: Database, secret: str) -> Principal:
    """The principal behind a session cookie, else ``AuthenticationError``."""
    # one query for the session, its user and the user's roles
    rows = db.read_rows(_credential_with_user(WebSession.__table__), {"hash": digest(secret)})
    now = utcnow()
    if not rows or rows[0].expires_at <= now:
        raise AuthenticationError("not signed in, or the session expired")
    row = rows[0]
    if not row.user_active:
        raise AuthenticationError("not signed in, or the session expired")
    if _stale(row.last_seen_at, now):
        db.stamp(sa.update(WebSession).where(WebSession.id_hash == row.id_hash), last_seen_at=now)
    return _principal_of_rows(rows, csrf_token=row.csrf_token)


def close_session(db: Database, secret: str) -> None:
    """Sign out: the session id stops working at once."""
    with db.transaction() as session:
        session.execute(sa.delete(WebSession).where(WebSession.id_hash == digest(secret)))


@dataclass(frozen=True)
class IssuedToken:
    """A new API token; ``secret`` is shown once and never stored."""

    token: ApiToken
    secret: str


def issue_token(
    db: Database, actor: Principal, *, name: str, expires_in_days: int = 90
) -> IssuedToken:
    """A bearer token acting as ``actor`` (with the same roles), for at most
    ``MAX_TOKEN_DAYS``."""
    if not name.strip():
        raise InputError("token name must not be empty")
    if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise InputError(
            f"expires_in_days debe estar entre 1 y {MAX_TOKEN_DAYS} / "
            f"expires_in_days must be between 1 and {MAX_TOKEN_DAYS}"
        )
    secret = new_api_token()
    expires = utcnow() + dt.timedelta(days=expires_in_days)
    with db.transaction() as session:
        token = ApiToken(
            user_id=actor.user_id,
            name=name.strip(),
            token_hash=digest(secret),
            prefix=secret[:10],
            expires_at=expires,
        )
        session.add(token)
        session.flush()
        audit.record(session, actor, "create", "api_token", token.id, after=audit.snapshot(token))
        return IssuedToken(token, secret)


def principal_from_token(db: Database, secret: str) -> Principal:
    """The principal behind a bearer token, else ``AuthenticationError``."""
    # one query for the token, its user and the user's roles
    rows = db.read_rows(_credential_with_user(ApiToken.__table__), {"hash": digest(secret)})
    now = utcnow()
    token = rows[0] if rows else None
    if token is None or token.revoked_at is not None or token_expiry(token) <= now:
        raise AuthenticationError("invalid, expired or revoked token")
    if not token.user_active:
        raise AuthenticationError("invalid, expired or revoked token")
    if _stale(token.last_used_at, now):
        db.stamp(sa.update(ApiToken).where(ApiToken.id == token.id), last_used_at=now)
    return _principal_of_rows(rows)


def token_expiry(token: ApiToken | Any) -> dt.datetime:
    """When a token stops working: its expiry, and at most ``MAX_TOKEN_DAYS`` after it was
    made (tokens stored without an expiry included)."""
    cap = token.created_at + dt.timedelta(days=MAX_TOKEN_DAYS)
    return cap if token.expires_at is None else min(token.expires_at, cap)


def list_tokens(db: Database, actor: Principal) -> list[ApiToken]:
    """The caller's own tokens."""
    with db.reading() as session:
        return list(
            session.scalars(
                sa.select(ApiToken).where(ApiToken.user_id == actor.user_id).order_by(ApiToken.id)
            ).all()
        )


def revoke_token(db: Database, actor: Principal, token_id: int) -> None:
    """Revoke one of the caller's own tokens (another's is not found)."""
    with db.transaction() as session:
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != actor.user_id:
            raise NotFoundError(f"no token {token_id}")
        before = audit.snapshot(token)
        token.revoked_at = token.revoked_at or utcnow()
        audit.record(
            session,
            actor,
            "revoke",
            "api_token",
            token.id,
            before=before,
            after=audit.snapshot(token),
        )


def create_organisation(
    db: Database, actor: Principal | None, *, name: str, tax_id: str | None = None
) -> Organisation:
    """A partner organisation (administrators; ``None`` is the system)."""
    if actor is not None:
        actor.require(Permission.USERS_MANAGE)
    if not name.strip():
        raise InputError("organisation name must not be empty")
    with db.transaction() as session:
        org = Organisation(name=name.strip(), tax_id=tax_id)
        session.add(org)
        session.flush()
        audit.record(session, actor, "create", "organisation", org.id, after=audit.snapshot(org))
        return org


def list_organisations(db: Database, actor: Principal) -> list[Organisation]:
    """Administrators see all; a partner sees its own organisation(s)."""
    with db.reading() as session:
        query = sa.select(Organisation).order_by(Organisation.id)
        if not actor.can(Permission.USERS_MANAGE):
            own = actor.require(Permission.PROPOSALS_SUBMIT).organisations
            query = query.where(Organisation.id.in_(own))
        return list(session.scalars(query).all())


def reset_account(db: Database, user_id: int, *, password: str, grants: Sequence[Grant]) -> None:
    """The system resets an account (demo accounts at each start): password, roles, active;
    its sessions and tokens end."""
    _check_password(password)
    with db.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFoundError(f"no user {user_id}")
        user.password_hash = hash_password(password)
        user.is_active = True
        _assign(session, user, grants)
        _end_sessions(session, user.id)
        _revoke_tokens(session, user.id)
        audit.record(session, None, "reset", "user", user.id)


def own_user(db: Database, actor: Principal) -> User:
    """The caller's own account."""
    with db.reading() as session:
        user = session.get(User, actor.user_id, options=[_ROLES_JOINED])
        if user is None:
            raise NotFoundError("your account no longer exists")
        return user
