"""The scheduled sweep of the waitlist: children due up a room move, overdue offers lapse, and
the places go to the next children, every ``REDCECI_OFFER_SWEEP_SECONDS`` (0: never).

Where jobs run in the server (SQLite, or PostgreSQL without workers) a daemon thread started by
the app's lifespan does it; with the PostgreSQL queue the workers run a procrastinate periodic
task instead (:mod:`redceci.api.worker`). Both call :func:`sweep_offers`.
"""

from __future__ import annotations

import logging
import threading
import time

from redceci.settings import Retention
from redceci.store.db import Database
from redceci.store.enrolment import privacy, rounds, waitlist

log = logging.getLogger(__name__)


def sweep_offers(db: Database) -> int:
    """As the system: move up the children whose age reached the next room (their places
    offered on), then lapse the overdue offers (audited when any); how many lapsed."""
    moved = rounds.apply_due_moves(db, None)
    lapsed = waitlist.expire_offers(db, None)
    if moved or lapsed:
        log.info("offer sweep: %d children moved on, %d offers lapsed", moved, lapsed)
    return lapsed


def apply_retention(db: Database, retention: Retention) -> dict[str, int]:
    """As the system: the retention rules of the settings (``store/enrolment/privacy``)."""
    rules = privacy.RetentionRules(
        unplaced_family_days=retention.unplaced_family_days,
        expired_token_days=retention.expired_token_days,
    )
    return privacy.apply_retention(db, rules)


def sweep_cron(seconds: float) -> str:
    """A cron schedule near ``seconds`` apart: whole minutes from a minute up, else seconds
    (procrastinate's sixth column)."""
    if seconds >= 60:
        return f"*/{max(1, round(seconds / 60))} * * * *"
    return f"* * * * * */{max(1, round(seconds))}"


class OfferSweeper:
    """A daemon thread sweeping every ``seconds`` until closed."""

    def __init__(self, db: Database, seconds: float, retention: Retention | None = None) -> None:
        self.db, self.seconds, self.retention = db, seconds, retention
        self._retained_at = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="offer-sweep", daemon=True)

    @classmethod
    def start(
        cls, db: Database, seconds: float, retention: Retention | None = None
    ) -> OfferSweeper | None:
        """A running sweeper (offers, and the retention rules every ``retention.every_hours``),
        or None when ``seconds`` is 0 (disabled)."""
        if seconds <= 0:
            return None
        sweeper = cls(db, seconds, retention)
        sweeper._thread.start()
        return sweeper

    def _run(self) -> None:
        while not self._stop.wait(self.seconds):
            try:
                sweep_offers(self.db)
                self._retain()
            except Exception:  # a failed sweep must not end the thread; the next one retries
                log.exception("offer sweep failed")

    def _retain(self) -> None:
        """Apply the retention rules when ``every_hours`` have passed since the last time."""
        rules = self.retention
        if rules is None or rules.every_hours <= 0:
            return
        if time.monotonic() - self._retained_at >= rules.every_hours * 3600:
            self._retained_at = time.monotonic()
            apply_retention(self.db, rules)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
