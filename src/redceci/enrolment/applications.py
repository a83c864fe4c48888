"""From domain objects to a compiled round: centres with rooms, and families' applications.

This is the small-scale, object-level entry (a municipality, a test, the web pages); national
rounds can call :func:`redceci.enrolment.round.build_round` with arrays directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from redceci.enrolment.family import Family
from redceci.enrolment.insurance import InsuranceRegistry, family_entitled
from redceci.enrolment.priorities import DEFAULT_POLICY, PriorityPolicy
from redceci.enrolment.round import RoundInstance, Seats, build_round
from redceci.errors import InputError
from redceci.platform.rooms import RoomScheme

__all__ = ["Application", "Centre", "CompiledRound", "compile_round"]


@dataclass(frozen=True)
class Centre:
    """A centre with its room scheme, places per room and, for a CECI Empresa centre, its
    sponsoring company and the places per room reserved for that company's employees."""

    centre_id: str
    places: tuple[int, ...]
    rooms: RoomScheme  # the country pack's (or the centre's own)
    sponsor: str | None = None
    reserved: tuple[int, ...] | None = None
    municipality: str | None = None

    def __post_init__(self) -> None:
        if len(self.places) != len(self.rooms):
            raise InputError(f"centre {self.centre_id!r}: one place count per room is needed")
        if self.reserved is not None:
            if len(self.reserved) != len(self.rooms):
                raise InputError(f"centre {self.centre_id!r}: one reserved count per room")
            if self.sponsor is None and any(self.reserved):
                raise InputError(f"centre {self.centre_id!r}: reserved places need a sponsor")


@dataclass(frozen=True)
class Application:
    """A family's application: centres ranked best first, whether its children must be placed
    together, the centres where a sibling is already enrolled and, for transfer applicants, each
    child's current centre (by CURP)."""

    family: Family
    centres: tuple[str, ...]
    start: date
    together: bool = True
    siblings_enrolled_at: frozenset[str] = frozenset()
    current_centre: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CompiledRound:
    """The arrays of a round plus the names behind the indices."""

    instance: RoundInstance
    centre_ids: tuple[str, ...]
    room_names: tuple[str, ...]
    family_ids: tuple[str, ...]
    child_curps: tuple[str, ...]
    ineligible: tuple[str, ...]  # family ids refused for lack of insurance

    def seat_label(self, seat: int) -> tuple[str, str]:
        s = self.instance.seats
        return self.centre_ids[int(s.centre[seat])], self.room_names[int(s.room[seat])]


def compile_round(
    centres: Sequence[Centre],
    applications: Sequence[Application],
    *,
    seed: int,
    policy: PriorityPolicy = DEFAULT_POLICY,
    registry: InsuranceRegistry | None = None,
    max_choices: int = 5,
) -> CompiledRound:
    """Check applications (insurance on the start date if a registry is given, at most
    ``max_choices`` centres, known centres) and compile them into a round."""
    centre_index = {c.centre_id: i for i, c in enumerate(centres)}
    if len(centre_index) != len(centres):
        raise InputError("two centres share an id")
    room_names: list[str] = []
    for c in centres:
        for name in c.rooms.names:
            if name not in room_names:
                room_names.append(name)
    room_index = {n: i for i, n in enumerate(room_names)}
    s_centre, s_room, s_cap, s_res = [], [], [], []
    for i, c in enumerate(centres):
        for r, name in enumerate(c.rooms.names):
            s_centre.append(i)
            s_room.append(room_index[name])
            s_cap.append(c.places[r])
            s_res.append(c.reserved[r] if c.reserved else 0)
    seats = Seats(
        np.asarray(s_centre, dtype=np.int64),
        np.asarray(s_room, dtype=np.int64),
        np.asarray(s_cap, dtype=np.int64),
        np.asarray(s_res, dtype=np.int64),
        n_centres=len(centres),
        n_rooms=max(len(room_names), 1),
    )
    table = seats.lookup()
    employer_codes: dict[str, int] = {}
    for c in centres:
        if c.sponsor:
            employer_codes.setdefault(c.sponsor, len(employer_codes))
    sponsor = np.asarray(
        [employer_codes[c.sponsor] if c.sponsor else -1 for c in centres], dtype=np.int64
    )

    families, ineligible = [], []
    for app in applications:
        if len(app.centres) > max_choices:
            raise InputError(f"family {app.family.family_id!r}: more than {max_choices} centres")
        unknown = [c for c in app.centres if c not in centre_index]
        if unknown:
            raise InputError(f"family {app.family.family_id!r}: unknown centre {unknown[0]!r}")
        if len(set(app.centres)) != len(app.centres):
            raise InputError(f"family {app.family.family_id!r}: a centre is ranked twice")
        if registry is not None and not family_entitled(
            registry, app.family.insured_nss, app.start
        ):
            ineligible.append(app.family.family_id)
            continue
        families.append(app)

    child_family, child_room, child_dis, child_cur, curps = [], [], [], [], []
    ptr: list[int] = [0]
    choices: list[int] = []
    single: list[bool] = []
    together: list[bool] = []
    employers: list[list[int]] = []
    sibling_codes: list[int] = []
    n_emp = max((len(a.family.employers) for a in families), default=1) or 1
    for f, app in enumerate(families):
        choices.extend(centre_index[c] for c in app.centres)
        ptr.append(len(choices))
        single.append(app.family.single_working_parent)
        together.append(app.together)
        codes = [employer_codes.get(e, -1) for e in sorted(app.family.employers)]
        employers.append(codes + [-1] * (n_emp - len(codes)))
        sibling_codes.extend(
            f * len(centres) + centre_index[c]
            for c in app.siblings_enrolled_at
            if c in centre_index
        )
        for child in app.family.children:
            # room index in the shared room-name space: by the first centre's scheme that
            # knows the child's age (schemes may differ between centres)
            room = -1
            for c in centres:
                found = c.rooms.room_for(child.birth_date, app.start)
                if found is not None:
                    room = room_index[c.rooms.names[found]]
                    break
            child_family.append(f)
            child_room.append(room)
            child_dis.append(child.disability)
            curps.append(child.curp)
            cur = app.current_centre.get(child.curp)
            seat = -1
            if cur is not None:
                if cur not in centre_index or room < 0:
                    raise InputError(f"child {child.curp}: unknown current centre {cur!r}")
                seat = int(table[centre_index[cur], room])
            child_cur.append(seat)

    inst = build_round(
        seats,
        child_family=np.asarray(child_family, dtype=np.int64),
        child_room=np.asarray(child_room, dtype=np.int64),
        family_choice_ptr=np.asarray(ptr, dtype=np.int64),
        family_choice_centre=np.asarray(choices, dtype=np.int64),
        family_together=np.asarray(together, dtype=bool),
        child_current_seat=np.asarray(child_cur, dtype=np.int64),
        child_disability=np.asarray(child_dis, dtype=bool),
        family_single_parent=np.asarray(single, dtype=bool),
        family_employers=np.asarray(employers, dtype=np.int64).reshape(len(families), n_emp),
        centre_sponsor=sponsor,
        sibling_codes=np.asarray(sibling_codes, dtype=np.int64),
        policy=policy,
        seed=seed,
    )
    return CompiledRound(
        instance=inst,
        centre_ids=tuple(c.centre_id for c in centres),
        room_names=tuple(room_names),
        family_ids=tuple(a.family.family_id for a in families),
        child_curps=tuple(curps),
        ineligible=tuple(ineligible),
    )
