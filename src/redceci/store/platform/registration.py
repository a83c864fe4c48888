"""Parents open their own account: register (e-mail, name, phone, password) with a new family
folio, confirm the address by a one-use link (``mail.VERIFY_TTL``), and choose a new password by
another (``mail.RESET_TTL``). Links are sent through a ``Mailer`` inside the transaction, so a
message that cannot be sent leaves nothing written."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import ConflictError, InputError
from redceci.platform import validation
from redceci.platform.access import Grant
from redceci.platform.mail import (
    RESET_TTL,
    VERIFY_TTL,
    Mailer,
    reset_message,
    verification_message,
)
from redceci.platform.vocabulary import Role
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.platform import audit
from redceci.store.platform.accounts import (
    _assign,
    _check_password,
    _end_sessions,
    _revoke_tokens,
    normalise_email,
    principal_of,
)
from redceci.store.platform.models import AccountToken, User
from redceci.store.platform.security import digest, hash_password, new_secret

#: Purposes of a mailed link.
VERIFY, RESET = "verify", "reset"
#: A family folio: a prefix and letters and digits no one misreads (no 0/O, 1/I/L).
FOLIO_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
FOLIO_PREFIX = "CECI-"
FOLIO_LENGTH = 8
#: What a link's page says when the link is unknown, used or too old (never which).
BAD_LINK = (
    "el enlace no es válido, ya se usó o caducó; pida otro / "
    "the link is not valid, was already used or has expired; ask for another"
)

#: Makes the address a link opens from its secret (``https://…/verificar?token=…``).
LinkMaker = Callable[[str], str]


@dataclass(frozen=True)
class Registration:
    """A new parent's account: its id, address and family folio."""

    user_id: int
    email: str
    folio: str


def new_folio() -> str:
    """A random family folio such as ``CECI-7K3M9Q2P`` (31⁸ ≈ 8.5 × 10¹¹ values)."""
    return FOLIO_PREFIX + "".join(secrets.choice(FOLIO_ALPHABET) for _ in range(FOLIO_LENGTH))


def _issue(session: Session, user: User, purpose: str, ttl: dt.timedelta) -> str:
    secret = new_secret()
    session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=digest(secret),
            expires_at=utcnow() + ttl,
        )
    )
    return secret


def _clean_name(name: str) -> str:
    try:
        clean = validation.clean_text(name).strip()
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    if not clean or len(clean) > 200:
        raise InputError(
            "escriba su nombre (hasta 200 caracteres) / write your name (up to 200 characters)"
        )
    return clean


def _clean_phone(phone: str) -> str:
    try:
        return validation.phone(phone)
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def register_parent(
    db: Database,
    mailer: Mailer,
    link: LinkMaker,
    *,
    email: str,
    name: str,
    phone: str,
    password: str,
    programme: str,
    ttl: dt.timedelta = VERIFY_TTL,
) -> Registration:
    """A parent's account with a new family folio, not yet verified; the verification link
    goes to ``email``, from the network of the country pack's ``programme``. ``ConflictError``
    if an account has this address."""
    email = normalise_email(email)
    name, phone = _clean_name(name), _clean_phone(phone)
    _check_password(password, email=email, name=name)
    with db.transaction() as session:
        if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
            raise ConflictError(
                f"ya existe una cuenta con el correo {email}: entre o pida una contraseña "
                f"nueva / an account with e-mail {email} exists: sign in or ask for a new password"
            )
        folio = new_folio()
        user = User(
            email=email,
            name=name,
            phone=phone,
            password_hash=hash_password(password),
        )
        session.add(user)
        _assign(session, user, [Grant(Role.PARENT, family_id=folio)])
        session.flush()
        user.email_verified_at = None  # not verified until the mailed link is opened
        session.flush()
        secret = _issue(session, user, VERIFY, ttl)
        audit.record(
            session,
            principal_of(user),
            "register",
            "user",
            user.id,
            after=audit.snapshot(user, folio=folio),
        )
        mailer.send(
            verification_message(email, name, link(secret), folio, programme=programme, ttl=ttl)
        )
        return Registration(user.id, email, folio)


def _redeem(session: Session, secret: str, purpose: str) -> User:
    """The user of an unused, unexpired link of this purpose (the link is spent)."""
    token = session.scalar(
        sa.select(AccountToken)
        .where(AccountToken.token_hash == digest(secret), AccountToken.purpose == purpose)
        .with_for_update()
    )
    now = utcnow()
    if token is None or token.used_at is not None or token.expires_at <= now:
        raise InputError(BAD_LINK)
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        raise InputError(BAD_LINK)
    token.used_at = now
    return user


def verify_email(db: Database, secret: str) -> User:
    """Confirm the address the link was sent to; the account may then sign in."""
    with db.transaction() as session:
        user = _redeem(session, secret, VERIFY)
        user.email_verified_at = user.email_verified_at or utcnow()
        audit.record(session, principal_of(user), "verify_email", "user", user.id)
        return user


def request_password_reset(
    db: Database, mailer: Mailer, link: LinkMaker, email: str, *, ttl: dt.timedelta = RESET_TTL
) -> bool:
    """Mail a reset link to an active account with this address. Says nothing to the caller
    about whether it exists (the page answers the same); returns whether a link was sent."""
    try:
        email = normalise_email(email)
    except InputError:
        return False
    with db.transaction() as session:
        user = session.scalar(sa.select(User).where(User.email == email))
        if user is None or not user.is_active:
            return False
        secret = _issue(session, user, RESET, ttl)
        audit.record(session, principal_of(user), "request_reset", "user", user.id)
        mailer.send(reset_message(email, user.name, link(secret), ttl=ttl))
        return True


def reset_password(db: Database, secret: str, password: str) -> User:
    """Set a new password from a reset link: the account's sessions and tokens end, and its
    address counts as confirmed (the link reached it)."""
    with db.transaction() as session:
        user = _redeem(session, secret, RESET)
        _check_password(password, email=user.email, name=user.name)
        user.password_hash = hash_password(password)
        user.email_verified_at = user.email_verified_at or utcnow()
        _end_sessions(session, user.id)
        _revoke_tokens(session, user.id)
        audit.record(session, principal_of(user), "reset_password", "user", user.id)
        return user
