"""Mail the platform sends to people (verification and password-reset links): the message, the
``Mailer`` protocol its adapters implement (``api/platform/mailers``: SMTP, a file outbox), and
the texts, Spanish first with the English below."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

#: A verification link works this long (the brief of issue 14: 48 h, so a parent who registers
#: on a Friday evening can still verify on Sunday). ASSUMPTION, overridable per call.
VERIFY_TTL = dt.timedelta(hours=48)
#: A password-reset link works this long (OWASP Forgot Password Cheat Sheet: short-lived
#: tokens; one hour). ASSUMPTION, overridable per call.
RESET_TTL = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Message:
    """One plain-text message to one address."""

    to: str
    subject: str
    body: str


class Mailer(Protocol):
    """Sends a message, or raises ``OSError`` (nothing is then committed by the caller)."""

    def send(self, message: Message) -> None: ...


def _hours(ttl: dt.timedelta) -> int:
    return round(ttl.total_seconds() / 3600)


def verification_message(
    to: str, name: str, link: str, folio: str, *, programme: str, ttl: dt.timedelta = VERIFY_TTL
) -> Message:
    """The link that confirms a new account's e-mail address, from the network of the country
    pack's ``programme`` ("CECI", "CADI")."""
    hours = _hours(ttl)
    body = (
        f"Hola, {name}:\n\n"
        f"Recibimos su registro en la Red {programme} (folio {folio}). Para activar su cuenta abra "
        f"este enlace en las próximas {hours} horas:\n\n{link}\n\n"
        "Después podrá entrar, registrar a su familia y solicitar un lugar.\n"
        "Si usted no se registró, ignore este mensaje.\n\n"
        "---\n"
        f"Hello {name},\n\nWe received your registration with the {programme} network "
        f"(folio {folio}). "
        f"Open this link within {hours} hours to activate your account:\n\n{link}\n\n"
        "If you did not register, ignore this message.\n"
    )
    return Message(to, f"Confirme su correo · Confirm your e-mail (folio {folio})", body)


def reset_message(to: str, name: str, link: str, *, ttl: dt.timedelta = RESET_TTL) -> Message:
    """The link that sets a new password."""
    hours = _hours(ttl)
    plural = "hora" if hours == 1 else "horas"
    body = (
        f"Hola, {name}:\n\n"
        f"Para elegir una contraseña nueva abra este enlace en la próxima {hours} {plural}:\n\n"
        f"{link}\n\n"
        "Si usted no lo pidió, ignore este mensaje: su contraseña no cambia.\n\n"
        "---\n"
        f"Hello {name},\n\nOpen this link within {hours} hour(s) to choose a new password:\n\n"
        f"{link}\n\nIf you did not ask for it, ignore this message: your password stays.\n"
    )
    return Message(to, "Contraseña nueva · New password", body)
