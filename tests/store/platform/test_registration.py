"""Parents' own accounts: registered unverified with a family folio, confirmed by a one-use
link within its lifetime, a new password by another; a mail that cannot be sent leaves nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from redceci.errors import AuthenticationError, ConflictError, InputError
from redceci.platform.mail import Message
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.platform import accounts, registration
from redceci.store.platform.models import AccountToken, User

PASSWORD = "Cielo-azul-de-Tlaxcala-7"


class Recorder:
    """A mailer that keeps what it is given."""

    def __init__(self, *, fail: bool = False) -> None:
        self.sent: list[Message] = []
        self.fail = fail

    def send(self, message: Message) -> None:
        if self.fail:
            raise OSError("the mail server did not answer")
        self.sent.append(message)


def link(secret: str) -> str:
    return f"https://ceci.test/verificar?token={secret}"


def secret_of(message: Message) -> str:
    found = re.search(r"token=(\S+)", message.body)
    assert found is not None, message.body
    return found.group(1)


def register(db: Database, mailer: Recorder, email: str = "ana@ejemplo.mx") -> str:
    made = registration.register_parent(
        db,
        mailer,
        link,
        email=email,
        name="Ana Pérez",
        phone="442 123 4567",
        password=PASSWORD,
        programme="CECI",
    )
    return made.folio


def test_a_registered_parent_gets_a_folio_and_cannot_sign_in_before_confirming(
    db: Database,
) -> None:
    mailer = Recorder()
    folio = register(db, mailer)
    assert re.fullmatch(r"CECI-[2-9A-HJKMNP-Z]{8}", folio)
    assert len(mailer.sent) == 1 and mailer.sent[0].to == "ana@ejemplo.mx"
    assert folio in mailer.sent[0].body and "48 horas" in mailer.sent[0].body
    with pytest.raises(accounts.UnverifiedEmailError):
        accounts.authenticate(db, "ana@ejemplo.mx", PASSWORD)
    user = registration.verify_email(db, secret_of(mailer.sent[0]))
    assert user.email_verified_at is not None
    signed = accounts.authenticate(db, "ana@ejemplo.mx", PASSWORD)
    grants = accounts.principal_of(signed).grants
    assert [(g.role, g.family_id) for g in grants] == [(Role.PARENT, folio)]
    with db.reading() as session:
        assert session.scalar(sa.select(User.phone)) == "442 123 4567"


def test_a_verification_link_works_once(db: Database) -> None:
    mailer = Recorder()
    register(db, mailer)
    secret = secret_of(mailer.sent[0])
    registration.verify_email(db, secret)
    with pytest.raises(InputError, match="ya se usó"):
        registration.verify_email(db, secret)


def test_an_expired_verification_link_is_refused(db: Database) -> None:
    mailer = Recorder()
    register(db, mailer)
    with db.transaction() as session:
        session.execute(
            sa.update(AccountToken).values(
                expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            )
        )
    with pytest.raises(InputError):
        registration.verify_email(db, secret_of(mailer.sent[0]))
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, "ana@ejemplo.mx", PASSWORD)


def test_the_verification_link_lives_48_hours_and_the_reset_link_one(db: Database) -> None:
    mailer = Recorder()
    register(db, mailer)
    registration.request_password_reset(db, mailer, link, "ana@ejemplo.mx")
    with db.reading() as session:
        life = {
            t.purpose: t.expires_at - t.created_at for t in session.scalars(sa.select(AccountToken))
        }
    assert abs(life["verify"] - dt.timedelta(hours=48)) < dt.timedelta(seconds=5)
    assert abs(life["reset"] - dt.timedelta(hours=1)) < dt.timedelta(seconds=5)


def test_a_second_account_with_the_same_address_is_a_conflict(db: Database) -> None:
    mailer = Recorder()
    register(db, mailer)
    with pytest.raises(ConflictError, match="ya existe una cuenta"):
        register(db, mailer, "ANA@ejemplo.mx ")
    assert len(mailer.sent) == 1


def test_a_mail_that_cannot_be_sent_leaves_no_account(db: Database) -> None:
    with pytest.raises(OSError):
        register(db, Recorder(fail=True))
    with db.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "123", "teléfono"),
        ("email", "ana@", "correo"),
        ("password", "123456", "contraseña"),
        ("name", "  ", "nombre"),
    ],
)
def test_bad_registration_fields_are_refused_in_spanish(
    db: Database, field: str, value: str, message: str
) -> None:
    values = {
        "email": "ana@ejemplo.mx",
        "name": "Ana Pérez",
        "phone": "4421234567",
        "password": PASSWORD,
    }
    values[field] = value
    with pytest.raises(InputError, match=message):
        registration.register_parent(db, Recorder(), link, programme="CECI", **values)


def test_a_password_reset_sets_the_password_ends_sessions_and_confirms_the_address(
    db: Database,
) -> None:
    mailer = Recorder()
    register(db, mailer)
    assert registration.request_password_reset(db, mailer, link, "ana@ejemplo.mx")
    assert not registration.request_password_reset(db, mailer, link, "nadie@ejemplo.mx")
    assert len(mailer.sent) == 2
    new = "Volcanes-de-Puebla-2031"
    registration.reset_password(db, secret_of(mailer.sent[1]), new)
    assert accounts.authenticate(db, "ana@ejemplo.mx", new).email_verified_at is not None
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, "ana@ejemplo.mx", PASSWORD)
    with pytest.raises(InputError):
        registration.reset_password(db, secret_of(mailer.sent[1]), "Otra-clave-larga-2032")


def test_a_weak_new_password_keeps_the_link_usable(db: Database) -> None:
    mailer = Recorder()
    register(db, mailer)
    registration.request_password_reset(db, mailer, link, "ana@ejemplo.mx")
    secret = secret_of(mailer.sent[1])
    with pytest.raises(InputError, match="contraseña"):
        registration.reset_password(db, secret, "password")
    registration.reset_password(db, secret, "Volcanes-de-Puebla-2031")


def test_accounts_made_by_an_administrator_are_verified(db: Database) -> None:
    user = accounts.create_user(db, None, email="dir@x.mx", name="Dirección", password=PASSWORD)
    assert user.email_verified_at is not None
