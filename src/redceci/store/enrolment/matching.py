"""A round computed from the store: centres, rooms counted on a date (after the moves due by
then), applications and families as the enrolment engine takes them, the engine's outcome, and
the placements and summary a round keeps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci import enrolment as en
from redceci.errors import InputError
from redceci.platform.vocabulary import employer_scheme
from redceci.store.enrolment.families import domain_family
from redceci.store.enrolment.models import (
    Application,
    ApplicationStatus,
    Child,
    Enrolment,
    EnrolmentRoom,
    Family,
)
from redceci.store.enrolment.rules import policy_of, room_scheme
from redceci.store.platform.models import Centre, Organisation

OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED)

#: How a round assigns: child-proposing deferred acceptance (sibling-aware), or the exact
#: minimum-blocking assignment for one municipality.
Mode = Literal["deferred_acceptance", "exact"]


@dataclass(frozen=True)
class RoomChange:
    """An enrolled child due to move up a room (``to_room`` its id) or to age out (None) by
    the round's date ``on``."""

    enrolment_id: int
    child_id: int
    from_room: int
    to_room: int | None
    on: dt.date


@dataclass(frozen=True)
class Computed:
    """A compiled round, its assignment, and the store's ids behind the engine's indices."""

    compiled: en.CompiledRound
    assignment: en.Assignment
    seat_room: list[int]  # seat -> enrolment room id
    child_ids: list[int]  # engine child -> child id
    child_application: list[int]  # engine child -> application id
    start: dict[int, dt.date]  # application id -> start date
    on: dt.date | None = None  # the date the rooms are counted on
    room_changes: tuple[RoomChange, ...] = ()


def centres_on(
    session: Session,
    *,
    movers: frozenset[int] = frozenset(),
    on: dt.date | None = None,
    municipality: str | None = None,
) -> tuple[list[en.Centre], dict[tuple[str, str], int], list[RoomChange]]:
    """The centres with rooms and their places open in the round: places minus children
    holding one, except ``movers`` (transfer applicants, whose place is in the round). With a
    date ``on``, children are counted in the room of their age on that date
    (``RoomScheme.occupancy_on``): one moving up by then frees its seat and needs one in the
    next room; one ageing out frees its seat. These changes are returned too. With a
    ``municipality``, only its centres."""
    query = sa.select(EnrolmentRoom).order_by(EnrolmentRoom.centre_id, EnrolmentRoom.position)
    if municipality is not None:
        query = query.join(Centre, Centre.id == EnrolmentRoom.centre_id).where(
            Centre.municipality == municipality
        )
    rooms = session.scalars(query).all()
    holders: dict[int, list[tuple[int, int, dt.date]]] = {}  # room -> (enrolment, child, birth)
    for enrolment_id, child_id, room_id, birth in session.execute(
        sa.select(Enrolment.id, Enrolment.child_id, Enrolment.room_id, Child.birth_date)
        .join(Child, Child.id == Enrolment.child_id)
        .order_by(Enrolment.id)
    ):
        if child_id not in movers:
            holders.setdefault(room_id, []).append((enrolment_id, child_id, birth))
    by_centre: dict[int, list[EnrolmentRoom]] = {}
    for r in rooms:
        by_centre.setdefault(r.centre_id, []).append(r)
    out: list[en.Centre] = []
    room_ids: dict[tuple[str, str], int] = {}
    changes: list[RoomChange] = []
    for centre_id, rs in sorted(by_centre.items()):
        centre = session.get(Centre, centre_id)
        assert centre is not None
        sponsor = None
        # Run with an employer: the pack's employer scheme (no pack active: any operator's)
        employer = employer_scheme()
        if centre.operator_organisation_id is not None and employer in (None, centre.scheme):
            org = session.get(Organisation, centre.operator_organisation_id)
            sponsor = (org.tax_id or org.name) if org else None
        scheme = room_scheme(list(rs))
        kids = [(i, h) for i, r in enumerate(rs) for h in holders.get(r.id, [])]
        held = [i for i, _ in kids]
        if on is None:
            occupied = [held.count(i) for i in range(len(rs))]
        else:
            births = [h[2] for _, h in kids]
            occupied = scheme.occupancy_on(held, births, on)
            for m in scheme.due_moves(held, births, on):
                enrolment_id, child_id, _ = kids[m.child][1]
                to_room = rs[m.to_room].id if m.to_room >= 0 else None
                changes.append(
                    RoomChange(enrolment_id, child_id, rs[m.from_room].id, to_room, m.on)
                )
        open_places = tuple(max(r.places - n, 0) for r, n in zip(rs, occupied, strict=True))
        reserved = tuple(min(r.reserved, p) for r, p in zip(rs, open_places, strict=True))
        out.append(
            en.Centre(
                centre_id=centre.code,
                places=open_places,
                rooms=scheme,
                sponsor=sponsor,
                reserved=reserved if sponsor else None,
                municipality=centre.municipality,
            )
        )
        for r in rs:
            room_ids[centre.code, r.name] = r.id
    return out, room_ids, changes


def _in_municipality(
    session: Session, newest: dict[int, Application], municipality: str
) -> dict[int, Application]:
    """The applications ranking a centre of ``municipality``; ``InputError`` for one that also
    ranks a centre elsewhere (the round would span more than one municipality)."""
    where = dict(session.execute(sa.select(Centre.id, Centre.municipality)).all())
    out: dict[int, Application] = {}
    for family_id, app in newest.items():
        ranked = [choice.centre_id for choice in app.choices]
        inside = [c for c in ranked if where.get(c) == municipality]
        if not inside:
            continue
        outside = [c for c in ranked if where.get(c) != municipality]
        if outside:
            raise InputError(
                f"the round spans more than one municipality: application {app.id} ranks "
                f"centre {outside[0]} outside {municipality}"
            )
        out[family_id] = app
    return out


def compute(
    session: Session,
    *,
    seed: int,
    rules: list[str],
    max_choices: int,
    registry: en.InsuranceRegistry | None = None,
    on: dt.date | None = None,
    mode: Mode = "deferred_acceptance",
    municipality: str | None = None,
    exact_max_children: int = en.EXACT_MAX_CHILDREN,
) -> Computed:
    """Run the engine on the stored centres and open applications (the newest per family).

    With a ``municipality``, the round is that municipality's: its centres and the
    applications ranking them; an application ranking centres inside and outside it is
    refused (``InputError``). ``mode`` "exact" (one municipality only, at most
    ``exact_max_children`` children) assigns with the fewest blocking bids
    (``min_blocking_assignment``, HiGHS) instead of deferred acceptance.

    Rooms are counted on ``on`` (by default the earliest start date applied for): children
    enrolled who move up a room or age out by then free their seat, and take one in the next
    room (see :func:`centres_on`).

    Children holding a place are left out (their centres count for the sibling rule), unless
    the application asks for a transfer: then they keep their place as their last choice, with
    the guaranteed priority, and apply to the centres ranked above it. With an insurance
    ``registry``, a family none of whose guardians is entitled on the start date (coverage or
    the 4-week grace after it) is left out and reported as ineligible."""
    enrolled = dict(
        session.execute(
            sa.select(Enrolment.child_id, Centre.code)
            .join(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
            .join(Centre, Centre.id == EnrolmentRoom.centre_id)
        ).all()
    )
    apps = session.scalars(
        sa.select(Application).where(Application.status.in_(OPEN)).order_by(Application.id)
    ).all()
    newest: dict[int, Application] = {}
    for app in apps:
        newest[app.family_id] = app
    if mode == "exact" and municipality is None:
        raise InputError("the exact mode runs for one municipality: give its code")
    if municipality is not None:
        newest = _in_municipality(session, newest, municipality)
    if on is None and newest:
        on = min(app.start_date for app in newest.values())
    code_of: dict[int, str] = dict(session.execute(sa.select(Centre.id, Centre.code)).all())
    family_rows = {
        f.id: f for f in session.scalars(sa.select(Family).where(Family.id.in_(list(newest))))
    }
    candidates = frozenset(
        c.id
        for family_id, app in newest.items()
        if app.transfer
        for c in family_rows[family_id].children
        if c.id in enrolled
    )
    centres, room_ids, changes = centres_on(
        session, movers=candidates, on=on, municipality=municipality
    )
    scheme_of = {c.centre_id: c.rooms for c in centres}
    movers = frozenset(
        c.id
        for family_id, app in newest.items()
        if app.transfer
        for c in family_rows[family_id].children
        if c.id in candidates
        and scheme_of[enrolled[c.id]].room_for(c.birth_date, app.start_date) is not None
    )
    if movers != candidates:  # a child ageing out of its centre cannot transfer
        centres, room_ids, changes = centres_on(
            session, movers=movers, on=on, municipality=municipality
        )
    applications: list[en.Application] = []
    app_ids: list[int] = []
    curp_ids: dict[str, int] = {}
    for family_id, app in sorted(newest.items()):
        family = family_rows[family_id]
        applying = [c for c in family.children if c.id not in enrolled or c.id in movers]
        if not applying:
            continue
        applications.append(
            en.Application(
                family=domain_family(family, children=applying),
                centres=tuple(code_of[choice.centre_id] for choice in app.choices),
                start=app.start_date,
                together=app.together,
                siblings_enrolled_at=frozenset(
                    enrolled[c.id]
                    for c in family.children
                    if c.id in enrolled and c.id not in movers
                ),
                current_centre={c.curp: enrolled[c.id] for c in applying if c.id in movers},
            )
        )
        app_ids.append(app.id)
        curp_ids.update({c.curp: c.id for c in applying})
    compiled = en.compile_round(
        centres,
        applications,
        seed=seed,
        policy=policy_of(rules),
        max_choices=max_choices,
        registry=registry,
    )
    if mode == "exact":
        if compiled.instance.n_children > exact_max_children:
            raise InputError(
                f"the exact mode takes at most {exact_max_children} children; "
                f"this round has {compiled.instance.n_children}"
            )
        assignment = en.min_blocking_assignment(compiled.instance)
    else:
        assignment = en.deferred_acceptance(compiled.instance)
    seats = compiled.instance.seats
    seat_room = [room_ids[compiled.seat_label(s)] for s in range(len(seats))]
    app_of_family = {a.family.family_id: i for i, a in zip(app_ids, applications, strict=True)}
    inst = compiled.instance
    child_app = [
        app_of_family[compiled.family_ids[int(inst.child_family[c])]]
        for c in range(inst.n_children)
    ]
    return Computed(
        compiled,
        assignment,
        seat_room,
        [curp_ids[curp] for curp in compiled.child_curps],
        child_app,
        {i: a.start for i, a in zip(app_ids, applications, strict=True)},
        on,
        tuple(changes),
    )


def placements(c: Computed) -> list[dict[str, Any]]:
    """Per child: its place, the rank of its centre, and its explanation. The engine's
    explanation table is computed once for the round (``explain_family`` would recompute it per
    family) and read the way ``explain_family`` reads it: rows by child, by rank."""
    inst, a = c.compiled.instance, c.assignment
    policy = inst.policy
    table = en.explanation_table(inst, a).sort_values(["child", "rank"], kind="stable")
    higher: dict[int, list[dict[str, Any]]] = {}
    names = "child centre room rank tier cutoff_tier cutoff_lottery position applicants capacity"
    cols: dict[str, list[int]] = {
        n: table[n].to_numpy(dtype=np.int64).tolist() for n in names.split()
    }
    for i, child in enumerate(cols["child"]):
        has_cut = cols["cutoff_tier"][i] >= 0
        higher.setdefault(child, []).append(
            {
                "centre": c.compiled.centre_ids[cols["centre"][i]],
                "room": c.compiled.room_names[cols["room"][i]],
                "rank": cols["rank"][i] + 1,
                "own_rules": list(policy.describe(cols["tier"][i])),
                "cutoff_rules": list(policy.describe(cols["cutoff_tier"][i])) if has_cut else None,
                "cutoff_lottery": cols["cutoff_lottery"][i] if has_cut else None,
                "position": cols["position"][i],
                "applicants": cols["applicants"][i],
                "capacity": cols["capacity"][i],
            }
        )
    out = []
    for k in range(inst.n_children):
        seat = int(a.child_seat[k])
        pair = int(a.child_pair[k])
        family = int(inst.child_family[k])
        out.append(
            {
                "child_id": c.child_ids[k],
                "application_id": c.child_application[k],
                "room_id": c.seat_room[seat] if seat >= 0 else None,
                "choice_rank": int(inst.pair_rank[pair]) + 1 if seat >= 0 else None,
                "reserved": bool(a.child_reserved[k]),
                "explanation": {
                    "lottery": int(inst.lottery[family]),
                    "seed": int(inst.seed),
                    "higher": higher.get(k, []),
                },
            }
        )
    return out


def summary(c: Computed) -> dict[str, Any]:
    a = c.assignment
    placed = a.child_seat >= 0
    inst = c.compiled.instance
    rank = np.where(placed, inst.pair_rank[np.maximum(a.child_pair, 0)], -1)
    return {
        "children": int(inst.n_children),
        "families": int(inst.n_families),
        "placed": int(placed.sum()),
        "first_choice": int((rank == 0).sum()),
        "top_three": int(((rank >= 0) & (rank < 3)).sum()),
        "unplaced": int((~placed).sum()),
        "blocking_bids": int(a.n_blocking),
        "method": a.method,
        "proven_optimal": a.optimal,
        "ineligible_families": list(c.compiled.ineligible),
        "rooms_on": c.on.isoformat() if c.on else None,
        "moving_up": sum(1 for m in c.room_changes if m.to_room is not None),
        "ageing_out": sum(1 for m in c.room_changes if m.to_room is None),
    }
