"""Changes of the waitlist take turns: a second change waits until the first one has
committed, so it reads what the first one wrote (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time

from redceci.store.db import Database
from redceci.store.enrolment import waitlist


def test_a_second_change_waits_for_the_first_to_end(db: Database) -> None:
    held = threading.Event()
    order: list[str] = []

    def first() -> None:
        with db.transaction() as session:
            waitlist.lock(session)
            held.set()
            time.sleep(0.4)
            order.append("first ends")

    def second() -> None:
        held.wait(5)
        with db.transaction() as session:
            waitlist.lock(session)
            order.append("second locks")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    assert order == ["first ends", "second locks"]
