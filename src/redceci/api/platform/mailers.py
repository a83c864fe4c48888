"""The mailers: a file outbox (each message an ``.eml`` file, the default and in tests) and SMTP
(production), chosen by the settings (``Settings.mail``); the links they carry start with the
configured public address or the request's own."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

from fastapi import Request

from redceci.platform.mail import Mailer, Message
from redceci.settings import MailSettings, Settings
from redceci.store.base import utcnow
from redceci.store.platform.registration import LinkMaker
from redceci.store.platform.security import new_secret

#: The pages the mailed links open (they work without signing in).
VERIFY_PAGE = "/verificar"
RESET_PAGE = "/contrasena/nueva"


def _email(message: Message, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail.set_content(message.body)
    return mail


class OutboxMailer:
    """Writes each message to ``folder`` as ``<UTC time>-<random>.eml`` (read them with any mail
    program, or in tests)."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self.sender = sender

    def send(self, message: Message) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{new_secret()[:8]}.eml"
        (self.folder / name).write_bytes(bytes(_email(message, self.sender)))


class SmtpMailer:
    """Sends through an SMTP server (STARTTLS and sign-in when configured)."""

    def __init__(self, config: MailSettings) -> None:
        self.config = config

    def send(self, message: Message) -> None:
        c = self.config
        with smtplib.SMTP(c.smtp_host, c.smtp_port, timeout=30) as smtp:
            if c.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if c.smtp_username:
                smtp.login(c.smtp_username, c.smtp_password or "")
            smtp.send_message(_email(message, c.sender))


def outbox_folder(settings: Settings) -> Path:
    """Where the file outbox writes (a relative folder sits under the output directory)."""
    folder = settings.mail.outbox_dir
    return folder if folder.is_absolute() else settings.output / folder


def mailer_from(settings: Settings) -> Mailer:
    """The mailer the settings name."""
    if settings.mail.backend == "smtp":
        return SmtpMailer(settings.mail)
    return OutboxMailer(outbox_folder(settings), settings.mail.sender)


def mailer_of(request: Request) -> Mailer:
    """The app's mailer: one set on ``app.state.mailer`` (tests), else the settings'."""
    found: Mailer | None = getattr(request.app.state, "mailer", None)
    return found if found is not None else mailer_from(request.app.state.settings)


def link_maker(request: Request, path: str) -> LinkMaker:
    """Makes ``<public address><path>?token=<secret>`` links."""
    base = request.app.state.settings.mail.public_url or str(request.base_url)
    root = base.rstrip("/")

    def link(secret: str) -> str:
        return f"{root}{path}?token={quote(secret, safe='')}"

    return link
