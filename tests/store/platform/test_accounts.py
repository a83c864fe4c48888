"""Accounts: argon2 passwords, sessions, tokens, roles with scope; failures change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from redceci.errors import (
    AuthenticationError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.platform import accounts, audit
from redceci.store.platform.models import ApiToken, AuditEntry, RoleAssignment, User, WebSession
from redceci.store.platform.security import digest
from redceci.store.testing import TEST_PASSWORD, add_user

ADMIN = Grant(Role.ADMINISTRATOR)


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_passwords_are_stored_as_argon2id_hashes_and_checked(db: Database) -> None:
    user = accounts.create_user(
        db, None, email=" Ana@Example.MX ", name="Ana", password="a long password"
    )
    assert user.email == "ana@example.mx"
    assert user.password_hash.startswith("$argon2id$")
    assert "a long password" not in user.password_hash
    assert accounts.authenticate(db, "ANA@example.mx", "a long password").id == user.id
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, "ana@example.mx", "wrong password")
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, "nobody@example.mx", "a long password")


def test_hashes_use_owasp_s_argon2id_cost_and_older_ones_are_rehashed_at_sign_in(
    db: Database,
) -> None:
    user = accounts.create_user(
        db, None, email="ana@example.mx", name="Ana", password="a long password"
    )
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    older = PasswordHasher().hash("a long password")  # argon2-cffi's default (RFC 9106)
    assert older.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    with db.transaction() as session:
        session.execute(sa.update(User).where(User.id == user.id).values(password_hash=older))
    assert accounts.authenticate(db, "ana@example.mx", "a long password").id == user.id
    with db.reading() as session:
        rehashed = session.scalar(sa.select(User.password_hash).where(User.id == user.id))
    assert rehashed is not None and rehashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert accounts.authenticate(db, "ana@example.mx", "a long password").id == user.id


def test_a_deactivated_user_cannot_sign_in_and_loses_sessions(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", ADMIN)
    user = add_user(db, "u@x.mx", Grant(Role.NATIONAL_PLANNER))
    opened = accounts.open_session(db, accounts.get_user(db, admin, user.user_id))
    accounts.update_user(db, admin, user.user_id, is_active=False)
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, "u@x.mx", TEST_PASSWORD)
    with pytest.raises(AuthenticationError):
        accounts.principal_from_session(db, opened.secret)


def test_a_duplicate_email_is_a_conflict_and_stores_nothing(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", ADMIN)
    before = (count(db, User), count(db, AuditEntry))
    with pytest.raises(ConflictError):
        accounts.create_user(
            db, admin, email="ADMIN@x.mx", name="Again", password="tamal-de-elote-7"
        )
    assert (count(db, User), count(db, AuditEntry)) == before


def test_a_role_with_a_missing_scope_is_refused_and_nothing_is_stored(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", ADMIN)
    before = (count(db, User), count(db, RoleAssignment), count(db, AuditEntry))
    for grant in (
        Grant(Role.STATE_COORDINATOR),
        Grant(Role.STATE_COORDINATOR, state_code="99"),
        Grant(Role.PARTNER, organisation_id=12345),
    ):
        with pytest.raises(InputError):
            accounts.create_user(
                db, admin, email="c@x.mx", name="C", password="tamal-de-elote-7", grants=[grant]
            )
    assert (count(db, User), count(db, RoleAssignment), count(db, AuditEntry)) == before


def test_the_database_itself_refuses_a_role_without_its_scope(db: Database) -> None:
    user = add_user(db, "u@x.mx")
    with pytest.raises(ConflictError), db.transaction() as session:
        session.add(RoleAssignment(user_id=user.user_id, role=Role.STATE_COORDINATOR))
    assert count(db, RoleAssignment) == 0


def test_only_administrators_manage_users(db: Database) -> None:
    planner = add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
    with pytest.raises(PermissionDeniedError):
        accounts.list_users(db, planner)
    with pytest.raises(PermissionDeniedError):
        accounts.create_user(db, planner, email="n@x.mx", name="N", password="tamal-de-elote-7")
    with pytest.raises(PermissionDeniedError):
        accounts.update_user(db, planner, planner.user_id, grants=[ADMIN])
    assert count(db, User) == 1


def test_role_changes_are_audited_without_secrets(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", ADMIN)
    user = add_user(db, "u@x.mx", Grant(Role.NATIONAL_PLANNER))
    accounts.update_user(
        db, admin, user.user_id, grants=[Grant(Role.STATE_COORDINATOR, state_code="19")]
    )
    entries, total = audit.list_entries(db, admin, entity="user")
    assert total == 1
    entry = entries[0]
    assert entry.actor_email == "admin@x.mx" and entry.action == "update"
    assert entry.before is not None and entry.after is not None
    assert entry.before["roles"] == [{"role": "national_planner"}]
    assert entry.after["roles"] == [{"role": "state_coordinator", "state_code": "19"}]
    assert "password_hash" not in entry.before and "password_hash" not in entry.after


def test_sessions_resolve_to_their_user_until_closed_or_expired(db: Database) -> None:
    add_user(db, "u@x.mx", Grant(Role.NATIONAL_PLANNER))
    user = accounts.authenticate(db, "u@x.mx", TEST_PASSWORD)
    opened = accounts.open_session(db, user)
    principal = accounts.principal_from_session(db, opened.secret)
    assert principal.user_id == user.id and principal.csrf_token == opened.csrf_token
    assert principal.email == "u@x.mx" and principal.name == user.name
    assert principal.grants == (Grant(Role.NATIONAL_PLANNER),)
    with db.reading() as session:
        assert session.get(WebSession, opened.secret) is None  # only the digest is stored
        assert session.get(WebSession, digest(opened.secret)) is not None
    accounts.close_session(db, opened.secret)
    with pytest.raises(AuthenticationError):
        accounts.principal_from_session(db, opened.secret)
    expired = accounts.open_session(db, user, ttl=dt.timedelta(seconds=-1))
    with pytest.raises(AuthenticationError):
        accounts.principal_from_session(db, expired.secret)


def test_tokens_work_until_revoked_and_only_their_owner_can_revoke(db: Database) -> None:
    owner = add_user(db, "o@x.mx", Grant(Role.NATIONAL_PLANNER))
    other = add_user(db, "x@x.mx", ADMIN)
    issued = accounts.issue_token(db, owner, name="script")
    assert issued.secret.startswith("rc_")
    assert accounts.principal_from_token(db, issued.secret) == owner  # the user's, not the token's
    with db.reading() as session:
        stored = session.scalars(sa.select(ApiToken.token_hash)).all()
    assert issued.secret not in stored
    with pytest.raises(NotFoundError):
        accounts.revoke_token(db, other, issued.token.id)
    assert accounts.principal_from_token(db, issued.secret).user_id == owner.user_id
    accounts.revoke_token(db, owner, issued.token.id)
    with pytest.raises(AuthenticationError):
        accounts.principal_from_token(db, issued.secret)
    with pytest.raises(AuthenticationError):
        accounts.principal_from_token(db, "rc_made-up")


def test_an_expired_token_is_refused(db: Database) -> None:
    owner = add_user(db, "o@x.mx", Grant(Role.NATIONAL_PLANNER))
    issued = accounts.issue_token(db, owner, name="short", expires_in_days=1)
    with db.transaction() as session:
        token = session.get(ApiToken, issued.token.id)
        assert token is not None
        token.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    with pytest.raises(AuthenticationError):
        accounts.principal_from_token(db, issued.secret)


def test_timestamps_come_back_timezone_aware_in_utc(db: Database) -> None:
    user = add_user(db, "u@x.mx")
    fetched = accounts.own_user(db, user)
    assert fetched.created_at.tzinfo is not None
    assert fetched.created_at.utcoffset() == dt.timedelta(0)


def test_last_use_is_written_at_most_once_a_minute(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
    monkeypatch.setattr(accounts, "utcnow", lambda: start - dt.timedelta(minutes=5))
    user = add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
    issued = accounts.issue_token(db, user, name="t")
    opened = accounts.open_session(db, accounts.authenticate(db, "p@x.mx", TEST_PASSWORD))
    with db.transaction() as s:  # opened five minutes before
        web = s.get(WebSession, digest(opened.secret))
        assert web is not None
        web.last_seen_at = start - dt.timedelta(minutes=5)

    def seen() -> tuple[dt.datetime | None, dt.datetime | None]:
        with db.reading() as s:
            token = s.get(ApiToken, issued.token.id)
            web = s.get(WebSession, digest(opened.secret))
            assert token is not None and web is not None
            return token.last_used_at, web.last_seen_at

    for later, expected in ((0, 0), (59, 0), (61, 61)):
        monkeypatch.setattr(accounts, "utcnow", lambda s=later: start + dt.timedelta(seconds=s))
        accounts.principal_from_token(db, issued.secret)
        accounts.principal_from_session(db, opened.secret)
        assert seen() == (start + dt.timedelta(seconds=expected),) * 2


# Hardening (issue 15): tokens, password policy, e-mails


def test_a_password_change_or_a_deactivation_revokes_every_api_token(db: Database) -> None:
    admin = add_user(db, "root@x.mx", Grant(Role.ADMINISTRATOR))
    user = add_user(db, "tok@x.mx", Grant(Role.NATIONAL_PLANNER))
    first = accounts.issue_token(db, user, name="a").secret
    accounts.update_user(db, admin, user.user_id, password="otra-clave-larga-9")
    with pytest.raises(AuthenticationError):
        accounts.principal_from_token(db, first)
    second = accounts.issue_token(db, user, name="b").secret
    accounts.update_user(db, admin, user.user_id, is_active=False)
    accounts.update_user(db, admin, user.user_id, is_active=True)
    with pytest.raises(AuthenticationError):
        accounts.principal_from_token(db, second)


def test_tokens_live_a_year_at_most(db: Database) -> None:
    user = add_user(db, "life@x.mx", Grant(Role.NATIONAL_PLANNER))
    with pytest.raises(InputError):
        accounts.issue_token(db, user, name="forever", expires_in_days=accounts.MAX_TOKEN_DAYS + 1)
    issued = accounts.issue_token(db, user, name="old")
    with db.transaction() as session:  # a token stored without expiry, made 400 days ago
        token = session.get(ApiToken, issued.token.id)
        assert token is not None
        token.expires_at = None
        token.created_at = token.created_at - dt.timedelta(days=400)
    with pytest.raises(AuthenticationError):
        accounts.principal_from_token(db, issued.secret)


@pytest.mark.parametrize(
    "password",
    [
        "1111111111",
        "password123",
        "qwertyuiop",
        "abcdefghij",
        "9876543210",
        "redceci2026!",
        "imss123456",
        "anaguadalupe",
        "aaaaaaaaaaaaaa",
    ],
)
def test_common_breached_repetitive_or_personal_passwords_are_refused(
    db: Database, password: str
) -> None:
    with pytest.raises(InputError):
        accounts.create_user(
            db, None, email="anaguadalupe@x.mx", name="Ana Guadalupe", password=password
        )


def test_a_passphrase_of_ten_characters_or_more_is_accepted(db: Database) -> None:
    user = accounts.create_user(
        db, None, email="ok@x.mx", name="Ok", password="tamal de elote con canela"
    )
    assert user.id > 0


@pytest.mark.parametrize(
    "email", ["<script>@x.mx", "a@<script>.mx", "a b@x.mx", 'a"b@x.mx', "a@x", "a@x.mx\x00"]
)
def test_an_email_with_markup_spaces_or_quotes_is_refused(db: Database, email: str) -> None:
    with pytest.raises(InputError):
        accounts.create_user(db, None, email=email, name="X", password="tamal de elote")
