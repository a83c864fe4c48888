"""Rooms by age group: which room a child belongs in on a date, and when it moves up.

A room is a half-open age band ``[min_age, max_age)``; the bands of a scheme are contiguous.
Ages are calendar ages (months and days after the birth date), so "19 months" is the same
day-of-month 19 months later (clamped to the month's last day).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from redceci.errors import InputError

__all__ = [
    "AgeLimit",
    "Room",
    "RoomMove",
    "RoomScheme",
    "active_room_groups",
    "add_months",
    "check_room_group",
    "use_room_groups",
]


def add_months(d: date, months: int) -> date:
    """``d`` plus a number of calendar months, the day clamped to the target month's length."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, order=True)
class AgeLimit:
    """An age as whole months plus days (43 days = ``AgeLimit(days=43)``)."""

    months: int = 0
    days: int = 0

    def reached_on(self, birth: date) -> date:
        """The date on which a child born on ``birth`` reaches this age."""
        return add_months(birth, self.months) + timedelta(days=self.days)


@dataclass(frozen=True)
class Room:
    """An age group with its bounds, e.g. lactantes: 43 days to 19 months (exclusive)."""

    name: str
    min_age: AgeLimit
    max_age: AgeLimit


@dataclass(frozen=True)
class RoomMove:
    """A child changes room (``to_room`` -1 means it leaves, having aged out) on ``on``."""

    child: int
    on: date
    from_room: int
    to_room: int


@dataclass(frozen=True)
class RoomScheme:
    """The rooms of a centre, youngest first, contiguous age bands."""

    rooms: tuple[Room, ...]
    source: str = ""

    def __post_init__(self) -> None:
        if not self.rooms:
            raise InputError("a room scheme needs at least one room")
        for r in self.rooms:
            if not r.min_age < r.max_age:
                raise InputError(f"room {r.name!r}: minimum age must be below maximum age")
        for a, b in zip(self.rooms, self.rooms[1:], strict=False):
            if a.max_age != b.min_age:
                raise InputError(f"rooms {a.name!r} and {b.name!r} are not contiguous")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rooms)

    def __len__(self) -> int:
        return len(self.rooms)

    def room_for(self, birth: date, on: date) -> int | None:
        """Index of the child's room on ``on``, or None if too young or too old."""
        for i, r in enumerate(self.rooms):
            if r.min_age.reached_on(birth) <= on < r.max_age.reached_on(birth):
                return i
        return None

    def rooms_for(self, births: Sequence[date], on: date) -> NDArray[np.int64]:
        """Vectorised :meth:`room_for`: room index per child, -1 if outside every band."""
        out = np.full(len(births), -1, dtype=np.int64)
        for k, b in enumerate(births):
            r = self.room_for(b, on)
            if r is not None:
                out[k] = r
        return out

    def moves(self, births: Iterable[date], start: date, until: date) -> list[RoomMove]:
        """Every room change of the given children strictly after ``start`` up to ``until``,
        in date order: moving up (to the next room) or leaving (``to_room`` = -1)."""
        out: list[RoomMove] = []
        for k, birth in enumerate(births):
            room = self.room_for(birth, start)
            if room is None:
                continue
            while True:
                when = self.rooms[room].max_age.reached_on(birth)
                if when > until:
                    break
                nxt = room + 1 if room + 1 < len(self.rooms) else -1
                out.append(RoomMove(child=k, on=when, from_room=room, to_room=nxt))
                if nxt < 0:
                    break
                room = nxt
        out.sort(key=lambda m: (m.on, m.child))
        return out

    def due_moves(self, held: Sequence[int], births: Sequence[date], on: date) -> list[RoomMove]:
        """The room changes due by ``on`` of children holding rooms ``held`` (indices): to the
        room of their age on ``on`` when it is a later one, dated the day they reached its
        minimum age, or out (``to_room`` -1) on the day they passed the last room's maximum."""
        out: list[RoomMove] = []
        last = self.rooms[-1].max_age
        for k, (room, birth) in enumerate(zip(held, births, strict=True)):
            now = self.room_for(birth, on)
            if now is None and on >= last.reached_on(birth):
                out.append(RoomMove(child=k, on=last.reached_on(birth), from_room=room, to_room=-1))
            elif now is not None and now > room:
                when = self.rooms[now].min_age.reached_on(birth)
                out.append(RoomMove(child=k, on=when, from_room=room, to_room=now))
        return out

    def occupancy_on(self, held: Sequence[int], births: Sequence[date], on: date) -> list[int]:
        """Children per room on ``on`` once the moves due by then are made: a child moving up
        frees its seat in its room and takes one in the next; a child ageing out frees its own."""
        rooms = list(held)
        for m in self.due_moves(held, births, on):
            rooms[m.child] = m.to_room
        count = [0] * len(self)
        for r in rooms:
            if r >= 0:
                count[r] += 1
        return count

    def net_flows(
        self, births: Iterable[date], start: date, until: date
    ) -> dict[str, tuple[int, int]]:
        """Per room, (places freed, places needed) by the moves in ``(start, until]``."""
        freed = dict.fromkeys(self.names, 0)
        needed = dict.fromkeys(self.names, 0)
        for m in self.moves(births, start, until):
            freed[self.rooms[m.from_room].name] += 1
            if m.to_room >= 0:
                needed[self.rooms[m.to_room].name] += 1
        return {n: (freed[n], needed[n]) for n in self.names}


#: The room groups of the deployment's country pack (``CountryPack.room_groups``, set once by
#: the composition roots with ``countries.activate``, as the identity rules are): the age group
#: a registered centre's room may have. None (no pack active, library use): not checked.
_GROUPS: list[RoomScheme | None] = [None]


def use_room_groups(groups: RoomScheme | None) -> None:
    """Check rooms' age groups against ``groups`` from now on (None: no check)."""
    _GROUPS[0] = groups


def active_room_groups() -> RoomScheme | None:
    """The room groups in use (None: no pack active, groups unchecked)."""
    return _GROUPS[0]


def check_room_group(name: str) -> str:
    """``name`` if it is one of the active pack's room groups (trimmed), else ``ValueError``
    naming the allowed ones; without an active pack any non-empty name of 32 characters."""
    clean = name.strip()
    groups = _GROUPS[0]
    if groups is None:
        if not 0 < len(clean) <= 32:
            raise ValueError("a room's age group has 1 to 32 characters")
        return clean
    if clean not in groups.names:
        raise ValueError(
            f"grupo de edad desconocido / unknown age group {clean[:40]!r}; "
            f"allowed: {', '.join(groups.names)}"
        )
    return clean
