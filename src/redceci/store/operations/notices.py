"""The guardians' mailed notices: read the operations events stored after the notifier's cursor,
pick those a guardian must hear of (``operations.notices``), and mail each guardian account of
the child's family once.

Once: each (event, account) is claimed in ``ops_notices_sent`` (unique) and committed before the
send, so a re-run or a second process finds it taken and sends nothing, and no lock is held
while the mail goes out (SQLite's writers, the check-ins, never wait on a mail server); a send
that raises ``OSError`` drops its claim and is tried again on the next run (until the event is
``MAX_AGE`` old). A crash between the claim and the send loses that one mail (the family's page
still shows the event). Only the events table is read: the check-in path is untouched.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import ConflictError
from redceci.operations.events import Event, EventKind
from redceci.operations.notices import (
    NOTIFIED_KINDS,
    About,
    Recipient,
    is_notified,
    notice_message,
)
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.platform.mail import Mailer
from redceci.platform.vocabulary import Role
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment.models import Child, Family
from redceci.store.operations.models import EventRow, NoticeCursor, NoticeSent
from redceci.store.operations.roster import as_event, health_filter
from redceci.store.platform.models import Centre, RoleAssignment, User

log = logging.getLogger(__name__)

#: The cursor's name (one notifier; the table could hold others).
CURSOR = "guardians"
#: Events read per run (the rest on the next run).
BATCH = 500
#: The cursor stays this far behind the newest events, so an event whose transaction commits
#: after a later one's is still read. ASSUMPTION: an event batch commits within a minute of
#: being written (ingest commits in milliseconds; 200 events at most per batch).
SETTLE = dt.timedelta(minutes=1)
#: Events stored (or that happened) longer ago are no longer mailed (nor retried): issue 10
#: asks that guardians be told the same day; after a day the family's page says it. ASSUMPTION.
MAX_AGE = dt.timedelta(hours=24)
#: A refusal's reason no rule names (``other``: the note says which).
OTHER_REASON = ("Otro motivo", "Other reason")


@dataclass(frozen=True)
class NoticeRun:
    """What one run did: mails sent, sends that failed (retried next run), the new cursor."""

    sent: int
    failed: int
    cursor: int


def notify_guardians(
    db: Database,
    mailer: Mailer,
    *,
    tz: dt.tzinfo,
    rules: OperationsRules = DEFAULT_RULES,
    batch: int = BATCH,
    now: dt.datetime | None = None,
) -> NoticeRun:
    """Mail each guardian account of the children named by the events stored after the cursor
    (refusals, new incidents) that nobody mailed yet; then move the cursor past the settled
    events that need nothing more."""
    now = now or utcnow()
    with db.reading() as session:
        cursor = _cursor(session)
        rows = session.execute(
            sa.select(EventRow)
            .where(
                EventRow.id > cursor,
                EventRow.kind.in_(NOTIFIED_KINDS),
                EventRow.status == "stored",
                EventRow.server_time >= now - MAX_AGE,
                EventRow.device_time >= now - MAX_AGE,  # a day-old event synced late: no mail
            )
            .order_by(EventRow.id)
            .limit(batch)
        ).scalars()
        read = [(int(r.id), int(r.centre_id), as_event(r)) for r in rows]
        settled = session.scalar(
            sa.select(sa.func.max(EventRow.id)).where(
                EventRow.id > cursor, EventRow.server_time <= now - SETTLE
            )
        )
        wanted = [(centre, e) for _, centre, e in read if is_notified(e)]
        plan = _plan(session, wanted, rules)
    sent = failed = 0
    unfinished: list[int] = []
    for event, about, recipients in plan:
        for user_id, to in recipients:
            message = notice_message(to, event, about, tz=tz)
            if not _claim(db, event.seq, user_id, to.email):
                continue  # taken by another run
            try:
                mailer.send(message)
            except OSError:
                log.warning("notice of event %d to user %d not sent: retried", event.seq, user_id)
                _release(db, event.seq, user_id)
                failed += 1
                unfinished.append(event.seq)
            else:
                sent += 1
    limits = [settled or cursor]
    if len(read) == batch:  # more after this batch
        limits.append(read[-1][0])
    if unfinished:
        limits.append(min(unfinished) - 1)
    return NoticeRun(sent, failed, _advance(db, cursor, max(cursor, min(limits))))


def _claim(db: Database, event_id: int, user_id: int, email: str) -> bool:
    """Record the notice as sent, committed before sending (no lock is held while the mail
    goes out); False when another run recorded it first."""
    try:
        with db.transaction() as session:
            session.add(NoticeSent(event_id=event_id, user_id=user_id, email=email))
    except ConflictError:
        return False
    return True


def _release(db: Database, event_id: int, user_id: int) -> None:
    """Forget a notice whose send failed, so the next run sends it."""
    with db.transaction() as session:
        session.execute(
            sa.delete(NoticeSent).where(
                NoticeSent.event_id == event_id, NoticeSent.user_id == user_id
            )
        )


def _cursor(session: Session) -> int:
    found = session.get(NoticeCursor, CURSOR)
    return int(found.last_id) if found is not None else 0


def _advance(db: Database, old: int, new: int) -> int:
    """Move the cursor forward to ``new`` (never back, whatever another process did)."""
    if new <= old:
        return old
    try:
        with db.transaction() as session:
            row = session.get(NoticeCursor, CURSOR, with_for_update=True)
            if row is None:
                session.add(NoticeCursor(name=CURSOR, last_id=new))
            elif row.last_id < new:
                row.last_id = new
    except ConflictError:  # another process made the row first: its run moves it next time
        pass
    return new


Plan = list[tuple[Event, About, list[tuple[int, Recipient]]]]


def _plan(session: Session, wanted: Sequence[tuple[int, Event]], rules: OperationsRules) -> Plan:
    """Each event with its child and centre, and the guardian accounts not yet mailed of it."""
    if not wanted:
        return []
    child_ids = {e.child_id for _, e in wanted if e.child_id is not None}
    children = {
        int(cid): (str(name), str(ref))
        for cid, name, ref in session.execute(
            sa.select(Child.id, Child.name, Family.ref)
            .join(Family, Family.id == Child.family_id)
            .where(Child.id.in_(child_ids))
        )
    }
    centre_ids = {c for c, _ in wanted}
    centres = {
        int(cid): str(name)
        for cid, name in session.execute(
            sa.select(Centre.id, Centre.name).where(Centre.id.in_(centre_ids))
        )
    }
    reasons = {c: _reasons(session, c, rules) for c, e in wanted if e.kind == EventKind.REFUSAL}
    accounts = _accounts(session, {ref for _, ref in children.values()})
    done = {
        (int(event_id), int(user_id))
        for event_id, user_id in session.execute(
            sa.select(NoticeSent.event_id, NoticeSent.user_id).where(
                NoticeSent.event_id.in_([e.seq for _, e in wanted])
            )
        )
    }
    plan: Plan = []
    for centre_id, e in wanted:
        if e.child_id not in children:
            continue
        child, ref = children[e.child_id]
        es, en = reasons.get(centre_id, {}).get(str(e.data.get("reason") or ""), OTHER_REASON)
        about = About(child, centres.get(centre_id, ""), es, en)
        todo = [(uid, to) for uid, to in accounts.get(ref, []) if (e.seq, uid) not in done]
        if todo:
            plan.append((e, about, todo))
    return plan


def _reasons(
    session: Session, centre_id: int, rules: OperationsRules
) -> dict[str, tuple[str, str]]:
    """The centre's refusal reasons by code: (Spanish, English) labels."""
    return {
        r.code: (r.label_es, r.label_en) for r in health_filter(session, centre_id, rules).rules
    }


def _accounts(session: Session, refs: Iterable[str]) -> dict[str, list[tuple[int, Recipient]]]:
    """The active, verified parent accounts of each family (by its ref)."""
    out: dict[str, list[tuple[int, Recipient]]] = {}
    rows = session.execute(
        sa.select(RoleAssignment.family_id, User.id, User.email, User.name)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.role == Role.PARENT,
            RoleAssignment.family_id.in_(list(refs)),
            User.is_active.is_(True),
            User.email_verified_at.is_not(None),
        )
        .order_by(User.id)
    )
    for ref, uid, email, name in rows:
        out.setdefault(str(ref), []).append((int(uid), Recipient(str(email), str(name))))
    return out
