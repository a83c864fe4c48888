"""The event model: every fact of a centre's day is an append-only event with who and when
(device time, and server time once stored); a correction is a new event with a reason that voids
an earlier one, never an edit. Live state and reports are derived by replaying events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    """What happened. Child events name ``child_id``, staff events ``staff_id``."""

    CHECK_IN = "check_in"  # after the health filter (observation in data)
    CHECK_OUT = "check_out"  # to a guardian, an authorised person or a one-time code's person
    REFUSAL = "refusal"  # the health filter refused entry (reason: an exclusion rule)
    PICKUP_REFUSED = "pickup_refused"  # someone not authorised tried to take the child: logged
    ABSENCE_NOTICE = "absence_notice"  # a guardian says the child will not come (data: dates)
    STAFF_IN = "staff_in"  # clock-in into a room
    STAFF_OUT = "staff_out"  # clock-out
    STAFF_MOVE = "staff_move"  # to another room during the day
    ROLL_CALL_START = "roll_call_start"  # a drill or a real evacuation (data: drill, hypothesis)
    ROLL_CALL_MARK = "roll_call_mark"  # a child or adult safe at the meeting point
    ROLL_CALL_END = "roll_call_end"
    INCIDENT = "incident"  # an incident or accident, or a new version of one (data)
    INCIDENT_ACK = "incident_ack"  # a guardian acknowledges an incident's latest version
    DAILY_ENTRY = "daily_entry"  # meal eaten, nap, nappy, activity, educator's note
    MESSAGE = "message"  # between a guardian and the centre, about a child
    CORRECTION = "correction"  # voids an earlier event (data: corrects, reason)


#: Kinds about one child (they need ``child_id``).
CHILD_KINDS = frozenset(
    {
        EventKind.CHECK_IN,
        EventKind.CHECK_OUT,
        EventKind.REFUSAL,
        EventKind.PICKUP_REFUSED,
        EventKind.ABSENCE_NOTICE,
        EventKind.INCIDENT_ACK,
        EventKind.DAILY_ENTRY,
        EventKind.MESSAGE,
    }
)
#: Kinds about one adult (they need ``staff_id``).
STAFF_KINDS = frozenset({EventKind.STAFF_IN, EventKind.STAFF_OUT, EventKind.STAFF_MOVE})
#: Kinds a parent may send (about their own children).
GUARDIAN_KINDS = frozenset({EventKind.ABSENCE_NOTICE, EventKind.INCIDENT_ACK, EventKind.MESSAGE})


class Status(StrEnum):
    """What became of an event sent to the centre."""

    STORED = "stored"  # applied and kept
    DUPLICATE = "duplicate"  # its idempotency key was already stored: nothing changed
    CONFLICT = "conflict"  # clashes with what another device recorded: kept for the director
    REJECTED = "rejected"  # bad input: nothing stored (but a refused pick-up is logged)


@dataclass(frozen=True)
class Event:
    """One fact. ``seq`` is the stored id (0 before storing), ``key`` the client's UUID."""

    kind: EventKind
    device_time: dt.datetime
    key: str = ""
    seq: int = 0
    child_id: int | None = None
    staff_id: int | None = None
    room_id: int | None = None
    actor_id: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.device_time.tzinfo is None:
            raise ValueError("an event's device time must carry its zone")

    @property
    def order(self) -> tuple[dt.datetime, int]:
        """Replay order: device time, then arrival (stored id; unstored last)."""
        return (self.device_time, self.seq or 2**62)


@dataclass(frozen=True)
class Verdict:
    """Why an event cannot apply: a conflict with other devices' events, or bad input."""

    status: Status
    reason: str


def voided(events: Iterable[Event]) -> frozenset[int]:
    """Stored ids voided by corrections (a correction itself can be voided: then it is not)."""
    corrections = {e.seq: int(e.data.get("corrects", 0)) for e in events if e.kind == "correction"}
    out: set[int] = set()
    # A correction voided by a later correction does not void its target.
    for seq, target in corrections.items():
        if seq not in corrections.values():
            out.add(target)
    return frozenset(out)


def in_order(events: Iterable[Event]) -> list[Event]:
    """The events in replay order (device time, then arrival)."""
    return sorted(events, key=lambda e: e.order)
