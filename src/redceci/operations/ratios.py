"""Live ratios: for every room, the children present against the adults present under the
platform's ratio rules (``platform.ratios``: one rule per age group; a room holding several
groups uses the policy's mixing rule, by default the strictest), coloured:

* **red**: fewer adults than the rule needs now (a breach);
* **amber**: one adult leaving would breach, or the next hour's projection breaches (adults
  whose shift ends and children whose expected departure falls within the hour leave; arrivals
  count only once they clock in);
* **green** otherwise (an empty room is green).

``RatioTimeline`` integrates the colours over a replayed day: room-minutes with children and
breach episodes per room (the network indicator "breaches per 1,000 room-hours").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from redceci.operations.events import Event, EventKind
from redceci.operations.state import DayState, Roster
from redceci.platform.ratios import RatioPolicy

#: Events that change who is in a room (the others leave the ratios as they were).
PRESENCE_KINDS = frozenset(
    {
        EventKind.CHECK_IN,
        EventKind.CHECK_OUT,
        EventKind.STAFF_IN,
        EventKind.STAFF_OUT,
        EventKind.STAFF_MOVE,
    }
)
#: How far ahead the board projects (minutes): the issue's "next hour".
PROJECTION_MINUTES = 60


class Colour(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class Projection:
    colour: Colour
    at: dt.datetime | None = None  # when the projected breach starts


@dataclass(frozen=True)
class RoomRatio:
    room_id: int
    name: str
    children: tuple[int, ...]
    staff: tuple[int, ...]  # adults counted in the ratio
    needed: int
    colour: Colour
    reason: str
    projection: Projection


@lru_cache(maxsize=65536)
def group_of(birth: dt.date | None, on: dt.date, policy: RatioPolicy) -> str:
    """A child's ratio group on ``on``; out-of-band ages take the nearest group, an unknown
    birth date the strictest one (never fewer adults than the rule asks)."""
    if birth is None:
        return min(policy.rules, key=lambda r: r.children_per_assistant).group
    rule = policy.rule_for(birth, on)
    if rule is not None:
        return rule.group
    first = policy.rules[0]
    return first.group if on < first.min_age.reached_on(birth) else policy.rules[-1].group


def needed(children: Sequence[int], roster: Roster, on: dt.date, policy: RatioPolicy) -> int:
    return policy.staff_needed([group_of(roster.births.get(c), on, policy) for c in children])


def _projection(
    state: DayState,
    roster: Roster,
    children: list[int],
    staff: list[int],
    now: dt.datetime,
    policy: RatioPolicy,
    minutes: int,
) -> Projection:
    horizon = now + dt.timedelta(minutes=minutes)
    steps: list[tuple[dt.datetime, str, int]] = []
    for c in children:
        out = state.children[c].expected_out
        if out is not None and now < out <= horizon:
            steps.append((out, "child", c))
    for s in staff:
        end = roster.shift_ends.get(s)
        if end is not None and now < end <= horizon:
            steps.append((end, "staff", s))
    kids, adults = set(children), set(staff)
    for when, what, who in sorted(steps):
        (kids if what == "child" else adults).discard(who)
        if len(adults) < needed(sorted(kids), roster, now.date(), policy):
            return Projection(Colour.RED, when)
    return Projection(Colour.GREEN)


def room_ratios(
    state: DayState,
    roster: Roster,
    now: dt.datetime,
    policy: RatioPolicy,
    *,
    minutes: int = PROJECTION_MINUTES,
    project: bool = True,
) -> list[RoomRatio]:
    """Every room's ratio and colour at ``now``."""
    out = []
    for room_id, name in roster.rooms.items():
        children = state.present_children(room_id)
        staff = [s for s in state.present_staff(room_id) if roster.staff.get(s, True)]
        need = needed(children, roster, now.date(), policy)
        proj = (
            _projection(state, roster, children, staff, now, policy, minutes)
            if project and children
            else Projection(Colour.GREEN)
        )
        if len(staff) < need:
            colour, reason = Colour.RED, f"{len(staff)} adults for {need} needed"
        elif children and len(staff) - 1 < need:
            colour, reason = Colour.AMBER, "one adult leaving would breach the ratio"
        elif proj.colour is Colour.RED:
            colour, reason = Colour.AMBER, "the next hour's departures breach the ratio"
        else:
            colour, reason = Colour.GREEN, ""
        out.append(
            RoomRatio(room_id, name, tuple(children), tuple(staff), need, colour, reason, proj)
        )
    return out


@dataclass
class RatioTimeline:
    """Per room, minutes with children present, minutes in breach and breach episodes, over
    a replay (pass ``observe`` to ``state.replay``, then ``close`` at the end of the day)."""

    roster: Roster
    policy: RatioPolicy  # the country pack's
    room_minutes: dict[int, float] = field(default_factory=dict)
    breach_minutes: dict[int, float] = field(default_factory=dict)
    episodes: dict[int, int] = field(default_factory=dict)
    _last: dt.datetime | None = None
    _status: Mapping[int, tuple[int, bool]] = field(default_factory=dict)

    def _accumulate(self, until: dt.datetime) -> None:
        if self._last is None:
            return
        span = max((until - self._last).total_seconds() / 60.0, 0.0)
        for room, (children, breach) in self._status.items():
            if children:
                self.room_minutes[room] = self.room_minutes.get(room, 0.0) + span
            if breach:
                self.breach_minutes[room] = self.breach_minutes.get(room, 0.0) + span

    def __call__(self, state: DayState, e: Event) -> None:
        if e.kind not in PRESENCE_KINDS:
            return
        self._accumulate(e.device_time)
        status = {}
        for r in room_ratios(state, self.roster, e.device_time, self.policy, project=False):
            breach = r.colour is Colour.RED
            if breach and not self._status.get(r.room_id, (0, False))[1]:
                self.episodes[r.room_id] = self.episodes.get(r.room_id, 0) + 1
            status[r.room_id] = (len(r.children), breach)
        self._status = status
        self._last = e.device_time

    def close(self, at: dt.datetime) -> None:
        self._accumulate(at)
        self._last = at
