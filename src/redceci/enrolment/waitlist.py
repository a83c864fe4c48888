"""The network-wide waitlist: one ordered list per (centre, room), offers with deadlines.

Time is passed in explicitly (``now``); nothing here reads a clock, a database or a file.
A list is ordered by the same keys as the round (priority tier, then lottery), so a family's
rank on a list is what it would be in the next round. When a place frees, the first child
waiting gets an offer with a deadline; accepting moves the child (freeing its previous place,
which is offered in turn, and taking it off the lists of centres it ranked lower), declining
takes it off that list, and an offer not answered in time lapses like a decline. Every change is
appended to the event log.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np

from redceci.enrolment.round import Assignment, RoundInstance
from redceci.errors import InputError

__all__ = [
    "OFFER_PERIOD",
    "EventKind",
    "Offer",
    "OfferState",
    "WaitlistEvent",
    "WaitlistNetwork",
]

OFFER_PERIOD = timedelta(days=5)  # ASSUMPTION: IMSS deadline to take up a place NOT FOUND


class OfferState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"


#: Allowed transitions of an offer; anything else is refused.
TRANSITIONS: dict[OfferState, frozenset[OfferState]] = {
    OfferState.PENDING: frozenset({OfferState.ACCEPTED, OfferState.DECLINED, OfferState.LAPSED}),
    OfferState.ACCEPTED: frozenset(),
    OfferState.DECLINED: frozenset(),
    OfferState.LAPSED: frozenset(),
}


class EventKind(StrEnum):
    LISTED = "listed"
    PLACE_FREED = "place_freed"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"
    REMOVED = "removed"
    MOVED_UP = "moved_up"  # an enrolled child moved up a room (its seat freed, one taken)
    AGED_OUT = "aged_out"  # an enrolled child passed the last room's age and left


@dataclass(frozen=True)
class WaitlistEvent:
    at: datetime
    kind: EventKind
    seat: int
    child: int | None = None
    detail: str = ""


@dataclass
class Offer:
    child: int
    seat: int
    made_at: datetime
    deadline: datetime
    state: OfferState = OfferState.PENDING

    def move(self, to: OfferState) -> None:
        if to not in TRANSITIONS[self.state]:
            raise InputError(
                f"offer of seat {self.seat} to child {self.child}: {self.state} -> {to}"
            )
        self.state = to


@dataclass
class _List:
    keys: list[int] = field(default_factory=list)  # sorted
    children: list[int] = field(default_factory=list)  # aligned with keys
    vacancies: int = 0


class WaitlistNetwork:
    """All the waitlists of a network, with the children's current places and their rankings."""

    def __init__(
        self,
        *,
        capacity: dict[int, int],
        placement: dict[int, int],
        preferences: dict[int, list[int]],
        keys: dict[tuple[int, int], int],
        now: datetime,
        offer_period: timedelta = OFFER_PERIOD,
    ) -> None:
        self.offer_period = offer_period
        self.placement = dict(placement)  # child -> seat
        self.preferences = preferences  # child -> seats, best first
        self.keys = keys  # (child, seat) -> key
        self.offers: list[Offer] = []
        self.events: list[WaitlistEvent] = []
        self.lists: dict[int, _List] = {s: _List() for s in capacity}
        occupied: dict[int, int] = {}
        for s in self.placement.values():
            occupied[s] = occupied.get(s, 0) + 1
        for child, seats in preferences.items():
            here = self.placement.get(child)
            for s in seats:
                if s == here:
                    break
                self._insert(s, child, now)
        for s, cap in capacity.items():
            free = cap - occupied.get(s, 0)
            if free < 0:
                raise InputError(f"seat {s} holds more children than places")
            if free:
                self.free_place(s, now, count=free, reason="unfilled after the round")

    @classmethod
    def from_round(
        cls,
        inst: RoundInstance,
        a: Assignment,
        now: datetime,
        *,
        offer_period: timedelta = OFFER_PERIOD,
    ) -> WaitlistNetwork:
        """Lists after a round: each child waits at every seat it ranked above its placement."""
        prefs: dict[int, list[int]] = {}
        keys: dict[tuple[int, int], int] = {}
        for p in range(inst.n_pairs):
            c, s = int(inst.pair_child[p]), int(inst.pair_seat[p])
            prefs.setdefault(c, []).append(s)
            keys[c, s] = int(inst.pair_key[p])
        for c, seats in prefs.items():  # pairs are in bid order; keep each child's order
            prefs[c] = list(dict.fromkeys(seats))
        placed = np.flatnonzero(a.child_seat >= 0)
        return cls(
            capacity={s: int(x) for s, x in enumerate(inst.seats.capacity)},
            placement={int(c): int(a.child_seat[c]) for c in placed},
            preferences=prefs,
            keys=keys,
            now=now,
            offer_period=offer_period,
        )

    # -- queries -------------------------------------------------------------------------

    def rank(self, child: int, seat: int) -> int | None:
        """1-based position of ``child`` on the list of ``seat`` (None if not on it)."""
        lst = self.lists[seat]
        key = self.keys.get((child, seat))
        if key is None:
            return None
        i = bisect.bisect_left(lst.keys, key)
        return i + 1 if i < len(lst.keys) and lst.children[i] == child else None

    def waiting(self, seat: int) -> list[int]:
        return list(self.lists[seat].children)

    def pending(self, child: int | None = None) -> list[Offer]:
        return [
            o
            for o in self.offers
            if o.state is OfferState.PENDING and (child is None or o.child == child)
        ]

    # -- changes -------------------------------------------------------------------------

    def free_place(self, seat: int, now: datetime, *, count: int = 1, reason: str = "") -> None:
        """``count`` places of ``seat`` become free (a child left or moved up a room)."""
        self.lists[seat].vacancies += count
        self._log(now, EventKind.PLACE_FREED, seat, None, reason or f"{count} place(s)")
        self._offer(seat, now)

    def accept(self, child: int, seat: int, now: datetime) -> None:
        offer = self._pending(child, seat)
        if now > offer.deadline:
            self.expire(now)
            raise InputError(
                f"the offer of seat {seat} to child {child} lapsed at {offer.deadline}"
            )
        offer.move(OfferState.ACCEPTED)
        self.lists[seat].vacancies -= 1
        self._log(now, EventKind.ACCEPTED, seat, child)
        old = self.placement.get(child)
        self.placement[child] = seat
        # off this list and the lists of seats it ranked lower; its old place is freed
        prefs = self.preferences.get(child, [])
        below = prefs[prefs.index(seat) :] if seat in prefs else [seat]
        for s in below:
            if self.rank(child, s) is not None:
                self._remove(s, child, now, "placed at a preferred centre")
            for o in self.pending(child):
                if o.seat == s and o is not offer:
                    o.move(OfferState.DECLINED)
                    self._log(now, EventKind.DECLINED, s, child, "placed at a preferred centre")
                    self._offer(s, now)
        if old is not None:
            self.free_place(old, now, reason=f"child {child} moved")

    def decline(self, child: int, seat: int, now: datetime) -> None:
        offer = self._pending(child, seat)
        offer.move(OfferState.DECLINED)
        self._log(now, EventKind.DECLINED, seat, child)
        self._offer(seat, now)

    def expire(self, now: datetime) -> list[Offer]:
        """Lapse every pending offer whose deadline has passed, and offer the places again."""
        lapsed = [o for o in self.pending() if now > o.deadline]
        for o in lapsed:
            o.move(OfferState.LAPSED)
            self._log(now, EventKind.LAPSED, o.seat, o.child, f"deadline {o.deadline}")
        for s in sorted({o.seat for o in lapsed}):
            self._offer(s, now)
        return lapsed

    # -- internals -----------------------------------------------------------------------

    def _pending(self, child: int, seat: int) -> Offer:
        for o in self.pending(child):
            if o.seat == seat:
                return o
        raise InputError(f"child {child} has no pending offer for seat {seat}")

    def _offer(self, seat: int, now: datetime) -> None:
        lst = self.lists[seat]
        held = sum(1 for o in self.pending() if o.seat == seat)
        while lst.vacancies - held > 0 and lst.children:
            child = lst.children[0]
            self._remove(seat, child, now, "offered")
            self.offers.append(Offer(child, seat, now, now + self.offer_period))
            self._log(now, EventKind.OFFERED, seat, child, f"deadline {now + self.offer_period}")
            held += 1

    def _insert(self, seat: int, child: int, now: datetime) -> None:
        lst = self.lists[seat]
        key = self.keys[child, seat]
        i = bisect.bisect_left(lst.keys, key)
        lst.keys.insert(i, key)
        lst.children.insert(i, child)
        self._log(now, EventKind.LISTED, seat, child, f"key {key}")

    def _remove(self, seat: int, child: int, now: datetime, why: str) -> None:
        lst = self.lists[seat]
        i = lst.children.index(child)
        del lst.keys[i], lst.children[i]
        if why != "offered":
            self._log(now, EventKind.REMOVED, seat, child, why)

    def _log(
        self, now: datetime, kind: EventKind, seat: int, child: int | None, detail: str = ""
    ) -> None:
        self.events.append(WaitlistEvent(now, kind, seat, child, detail))
