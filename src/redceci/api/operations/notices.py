"""The guardians' mailed notices on a timer: a daemon thread started by the app's lifespan
sends them every ``REDCECI_NOTICE_SECONDS`` (0: never; ``redceci operations notify`` from cron
instead), through the app's mailer; both call :func:`send_notices`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from zoneinfo import ZoneInfo

from redceci.api.operations.schemas import operations_rules
from redceci.api.platform.mailers import mailer_from
from redceci.platform.mail import Mailer
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.operations.notices import NoticeRun, notify_guardians

log = logging.getLogger(__name__)


def send_notices(db: Database, settings: Settings, mailer: Mailer | None = None) -> NoticeRun:
    """One run: the refusals and new incidents not yet mailed, through ``mailer`` (default: the
    settings' outbox or SMTP), in the deployment's time zone and rules."""
    run = notify_guardians(
        db,
        mailer or mailer_from(settings),
        tz=ZoneInfo(settings.timezone),
        rules=operations_rules(settings),
    )
    if run.sent or run.failed:
        log.info("guardian notices: %d sent, %d failed (retried)", run.sent, run.failed)
    return run


class NoticeSender:
    """A daemon thread sending the notices every ``seconds`` until closed; ``mailer`` gives the
    mailer of each run (the app's, which tests may replace)."""

    def __init__(
        self, db: Database, settings: Settings, mailer: Callable[[], Mailer | None]
    ) -> None:
        self.db, self.settings, self.mailer = db, settings, mailer
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="guardian-notices", daemon=True)

    @classmethod
    def start(
        cls, db: Database, settings: Settings, mailer: Callable[[], Mailer | None]
    ) -> NoticeSender | None:
        """A running sender, or None when ``settings.notice_seconds`` is 0 (disabled)."""
        if settings.notice_seconds <= 0:
            return None
        sender = cls(db, settings, mailer)
        sender._thread.start()
        return sender

    def _run(self) -> None:
        while not self._stop.wait(self.settings.notice_seconds):
            try:
                send_notices(self.db, self.settings, self.mailer())
            except Exception:  # a failed run must not end the thread; the next one retries
                log.exception("guardian notices failed")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
