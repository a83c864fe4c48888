"""Guardians hear by mail of their child's refusal at the health filter and of a new incident
(SQLite and PostgreSQL): each guardian account of the child's family once, whatever the number
of runs; a send that fails is tried again on the next run; other families hear nothing."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email.message import Message as Email
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from redceci.api.platform.mailers import OutboxMailer
from redceci.platform.access import Grant
from redceci.platform.mail import Message
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.operations import events
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.models import NoticeSent
from redceci.store.operations.notices import MAX_AGE, SETTLE, notify_guardians
from redceci.store.testing import add_user
from tests.web.operations.world import OpsWorld, operations_world

TZ = ZoneInfo("America/Mexico_City")


@pytest.fixture
def ops(db: Database) -> OpsWorld:
    world = operations_world(db)  # mama@ops.mx is a guardian account of Ana's family (OPS-0)
    add_user(db, "papa@ops.mx", Grant(Role.PARENT, family_id="OPS-0"), name="Papá de Ana")
    add_user(db, "mama-beto@ops.mx", Grant(Role.PARENT, family_id="OPS-1"))
    return world


class FakeMailer:
    """Keeps what it sends; raises ``OSError`` for the first ``failures`` sends."""

    def __init__(self, failures: int = 0) -> None:
        self.sent: list[Message] = []
        self.failures = failures

    def send(self, message: Message) -> None:
        if self.failures:
            self.failures -= 1
            raise OSError("SMTP server unreachable")
        self.sent.append(message)


def _e(kind: str, minutes_ago: float, **fields: Any) -> EventIn:
    return EventIn(
        idempotency_key=uuid.uuid4().hex,
        kind=kind,  # type: ignore[arg-type]
        device_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago),
        **fields,
    )


def _send(db: Database, ops: OpsWorld, *batch: EventIn) -> None:
    results = events.ingest(db, ops.educator, ops.centre, list(batch), tz=TZ)
    assert [str(r.status) for r in results] == ["stored"] * len(batch)


def _outbox(folder: Path) -> list[Email]:
    return [message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def test_a_refused_check_in_mails_each_guardian_of_the_child_once(
    db: Database, ops: OpsWorld, tmp_path: Path
) -> None:
    refusal = _e(
        "refusal",
        5,
        child_id=ops.children["Ana"],
        reason="fever",
        observation={"temperature_c": 38.4},
    )
    _send(db, ops, refusal, _e("check_in", 4, child_id=ops.children["Beto"]))
    mailer = OutboxMailer(tmp_path, "centro@ops.mx")
    first = notify_guardians(db, mailer, tz=TZ)
    mails = _outbox(tmp_path)
    assert sorted(str(m["To"]) for m in mails) == ["mama@ops.mx", "papa@ops.mx"]
    body = str(mails[0].get_payload(decode=True), "utf-8")
    assert "Ana Ruiz" in body and "Fiebre (38.0 °C o más)" in body  # Spanish first
    assert body.index("Motivo:") < body.index("Reason: Fever (38.0 °C or more)")
    assert (first.sent, first.failed) == (2, 0)
    again = notify_guardians(db, mailer, tz=TZ)
    later = notify_guardians(db, mailer, tz=TZ, now=dt.datetime.now(dt.UTC) + 2 * SETTLE)
    assert (again.sent, later.sent) == (0, 0)
    assert len(_outbox(tmp_path)) == 2
    assert later.cursor > first.cursor  # settled: not read again


def test_a_send_that_fails_is_left_for_the_next_run(db: Database, ops: OpsWorld) -> None:
    _send(db, ops, _e("refusal", 5, child_id=ops.children["Ana"], reason="vomiting"))
    failing = FakeMailer(failures=1)
    now = dt.datetime.now(dt.UTC) + 2 * SETTLE  # settled: only the failure holds the cursor
    run = notify_guardians(db, failing, tz=TZ, now=now)
    assert (run.sent, run.failed) == (1, 1)
    with db.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(NoticeSent)) == 1
    retry = FakeMailer()
    assert notify_guardians(db, retry, tz=TZ, now=now).sent == 1
    everyone = {m.to for m in failing.sent} | {m.to for m in retry.sent}
    assert everyone == {"mama@ops.mx", "papa@ops.mx"}
    assert notify_guardians(db, FakeMailer(), tz=TZ, now=now).sent == 0


def test_a_guardian_of_another_family_hears_nothing(db: Database, ops: OpsWorld) -> None:
    _send(db, ops, _e("refusal", 5, child_id=ops.children["Beto"], reason="diarrhoea"))
    mailer = FakeMailer()
    notify_guardians(db, mailer, tz=TZ)
    assert [m.to for m in mailer.sent] == ["mama-beto@ops.mx"]
    assert "Beto Gil" in mailer.sent[0].subject


def test_an_incident_mail_names_its_severity_what_happened_and_the_first_aid(
    db: Database, ops: OpsWorld
) -> None:
    incident = {
        "severity": "moderate",
        "what": "Caída del columpio",
        "where": "patio",
        "body_part": "rodilla",
        "first_aid": "limpieza y compresa fría",
    }
    _send(db, ops, _e("incident", 5, child_id=ops.children["Ana"], incident=incident))
    mailer = FakeMailer()
    notify_guardians(db, mailer, tz=TZ)
    assert len(mailer.sent) == 2
    mail = mailer.sent[0]
    assert "moderada" in mail.subject and "moderate" in mail.subject
    for text in ("Gravedad: moderada", "Caída del columpio", "rodilla", "compresa fría"):
        assert text in mail.body
    assert "Severity: moderate" in mail.body and "First aid: limpieza" in mail.body


def test_events_a_guardian_needs_not_hear_of_send_nothing(db: Database, ops: OpsWorld) -> None:
    _send(db, ops, _e("check_in", 5, child_id=ops.children["Ana"]))
    mailer = FakeMailer()
    assert notify_guardians(db, mailer, tz=TZ).sent == 0
    assert mailer.sent == []


def test_two_processes_sending_at_once_mail_each_guardian_once(db: Database, ops: OpsWorld) -> None:
    _send(db, ops, _e("refusal", 5, child_id=ops.children["Ana"], reason="respiratory"))

    class SlowMailer(FakeMailer):
        def send(self, message: Message) -> None:
            time.sleep(0.2)  # the other process reads and tries meanwhile
            super().send(message)

    mailers = [SlowMailer(), SlowMailer()]
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda m: notify_guardians(db, m, tz=TZ), mailers))
    assert sum(r.sent for r in runs) == 2
    assert sorted(m.to for mailer in mailers for m in mailer.sent) == [
        "mama@ops.mx",
        "papa@ops.mx",
    ]


def test_an_event_stored_more_than_a_day_ago_is_no_longer_mailed(
    db: Database, ops: OpsWorld
) -> None:
    _send(db, ops, _e("refusal", 5, child_id=ops.children["Ana"], reason="fever"))
    tomorrow = dt.datetime.now(dt.UTC) + MAX_AGE + dt.timedelta(minutes=1)
    mailer = FakeMailer()
    run = notify_guardians(db, mailer, tz=TZ, now=tomorrow)
    assert (run.sent, mailer.sent) == (0, [])
    assert run.cursor > 0  # passed for good


def test_a_check_in_while_a_mail_goes_out_is_not_held_up(db: Database, ops: OpsWorld) -> None:
    _send(db, ops, _e("refusal", 5, child_id=ops.children["Beto"], reason="fever"))
    checked_in: list[float] = []

    class CheckInMeanwhile(FakeMailer):
        def send(self, message: Message) -> None:
            start = time.perf_counter()
            _send(db, ops, _e("check_in", 1, child_id=ops.children["Caro"]))
            checked_in.append(time.perf_counter() - start)
            super().send(message)

    assert notify_guardians(db, CheckInMeanwhile(), tz=TZ).sent == 1
    assert len(checked_in) == 1 and checked_in[0] < 5  # no lock held while sending
