"""Operations tables: the append-only event log of every centre's day (idempotency key unique
per centre, device and server time), the centre's staff and shifts, one-time pick-up codes
(hashed), the exclusion rules its medical staff set, its calendar and closures, and the cached
daily summaries behind the network indicators, and the guardians' mailed notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from redceci.operations.events import EventKind
from redceci.store.base import Base, enum_column, utcnow


class EventRow(Base):
    """One event as received: never updated or deleted (a correction is a new event).

    ``status`` is ``stored`` for events in the day's replay, ``conflict`` for events that
    clashed with another device's (kept for the director, never replayed)."""

    __tablename__ = "ops_events"
    __table_args__ = (
        sa.UniqueConstraint("centre_id", "key", name="uq_ops_events_centre_key"),
        sa.Index("ix_ops_events_centre_day", "centre_id", "day"),
        sa.Index("ix_ops_events_centre_seq", "centre_id", "id"),  # catch-up: id > seen
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "ops_event_kind"))
    status: Mapped[str] = mapped_column(sa.String(16), default="stored")
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    day: Mapped[dt.date]
    device_time: Mapped[dt.datetime]
    server_time: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    child_id: Mapped[int | None] = mapped_column(index=True)
    staff_id: Mapped[int | None]
    room_id: Mapped[int | None]
    data: Mapped[dict[str, Any]]


class StaffMember(Base):
    """An adult working at a centre (``counts_in_ratio``: educators; not the kitchen)."""

    __tablename__ = "ops_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(
        sa.ForeignKey("centres.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(40))
    counts_in_ratio: Mapped[bool] = mapped_column(default=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)


class Shift(Base):
    """A staff member's usual hours on a weekday (0 = Monday) and room."""

    __tablename__ = "ops_shifts"
    __table_args__ = (sa.UniqueConstraint("staff_id", "weekday", name="uq_ops_shifts_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("ops_staff.id", ondelete="CASCADE"))
    weekday: Mapped[int]
    starts: Mapped[dt.time]
    ends: Mapped[dt.time]
    room_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("enrolment_rooms.id", ondelete="SET NULL")
    )


class PickupCode(Base):
    """A one-time pick-up code for one named person: only its hash is kept."""

    __tablename__ = "ops_pickup_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    person_name: Mapped[str] = mapped_column(sa.String(200))
    identification: Mapped[str] = mapped_column(sa.String(80), default="")
    issued_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_event_id: Mapped[int | None]


class ExclusionRuleRow(Base):
    """A health-filter exclusion rule of a centre, set by its medical staff."""

    __tablename__ = "ops_exclusion_rules"
    __table_args__ = (sa.UniqueConstraint("centre_id", "code", name="uq_ops_exclusion_rules_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(sa.String(40))
    label_es: Mapped[str] = mapped_column(sa.String(200))
    label_en: Mapped[str] = mapped_column(sa.String(200))
    min_temperature_c: Mapped[float | None]
    sign: Mapped[str | None] = mapped_column(sa.String(40))
    source: Mapped[str] = mapped_column(sa.String(300), default="")
    set_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CalendarRow(Base):
    """A centre's opening hours and weekdays (``weekdays``: digits, 0 = Monday)."""

    __tablename__ = "ops_calendars"

    centre_id: Mapped[int] = mapped_column(
        sa.ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True
    )
    opens: Mapped[dt.time]
    closes: Mapped[dt.time]
    weekdays: Mapped[str] = mapped_column(sa.String(7), default="01234")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Closure(Base):
    """A day a centre is closed beyond the holidays."""

    __tablename__ = "ops_closures"
    __table_args__ = (sa.UniqueConstraint("centre_id", "day", name="uq_ops_closures_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"))
    day: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(sa.String(200), default="")


class DaySummaryRow(Base):
    """A centre's past day summarised for the indicators; deleted when a late event for that
    day arrives, and recomputed from the events on the next read."""

    __tablename__ = "ops_day_summaries"

    centre_id: Mapped[int] = mapped_column(
        sa.ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    enrolled: Mapped[int]
    present: Mapped[int]
    refused: Mapped[int]
    notified: Mapped[int]
    room_minutes: Mapped[float]
    breach_minutes: Mapped[float]
    breaches: Mapped[int]
    incidents: Mapped[int]
    drills: Mapped[int]
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class NoticeSent(Base):
    """A mail sent to a guardian about an event: at most one per event and account, so a
    re-run or a second server process never sends it twice (``store/operations/notices``)."""

    __tablename__ = "ops_notices_sent"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_ops_notices_sent_event_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("ops_events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class NoticeCursor(Base):
    """The last event id the notifier has finished with (events after it are read next)."""

    __tablename__ = "ops_notice_cursor"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    last_id: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
