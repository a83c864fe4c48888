"""The server mails guardians on a timer (``REDCECI_NOTICE_SECONDS``) through the app's mailer,
without workers or a command: a refusal stored reaches the child's guardian account once."""

from __future__ import annotations

import datetime as dt
import time
import uuid

from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner
from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.mail import Message
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.operations import events
from redceci.store.operations.inputs import EventIn
from redceci.store.testing import add_user
from tests.api.operations.world import TZ
from tests.api.world import fake_analyser, fake_planner
from tests.web.operations.world import operations_world


class KeptMail:
    def __init__(self) -> None:
        self.sent: list[Message] = []

    def send(self, message: Message) -> None:
        self.sent.append(message)


def test_the_server_mails_a_refusal_to_the_guardian_on_a_timer(
    db: Database, app_settings: Settings
) -> None:
    ops = operations_world(db)
    refusal = EventIn(
        idempotency_key=uuid.uuid4().hex,
        kind="refusal",  # type: ignore[arg-type]
        device_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2),
        child_id=ops.children["Dani"],
        reason="other",
        note="Piojos",
    )
    [stored] = events.ingest(db, ops.educator, ops.centre, [refusal], tz=TZ)
    assert stored.status == "stored"
    app = create_app(
        app_settings.model_copy(update={"notice_seconds": 0.05}),
        database=db,
        runner=lambda d, s: InProcessRunner(d, s, planner=fake_planner, analyser=fake_analyser),
        migrate=False,
    )
    add_user(db, "mama-dani@ops.mx", Grant(Role.PARENT, family_id="OPS-3"))
    mailer = KeptMail()
    app.state.mailer = mailer
    with TestClient(app, base_url="https://testserver"):
        waited = 0.0
        while not mailer.sent and waited < 10:
            time.sleep(0.05)
            waited += 0.05
        time.sleep(0.2)  # a few more runs: nothing more is sent
    [mail] = mailer.sent
    assert mail.to == "mama-dani@ops.mx"
    assert "Otro motivo" in mail.body and "Piojos" in mail.body and "Other reason" in mail.body
