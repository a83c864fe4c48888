"""Families and their applications, and what a family sees of its places, ranks and offers.

Parents act for their own family only (``Permission.ENROLMENT_APPLY``, scoped to the family id of
their role); administrators for any. A family outside the caller's scope is not found. Identifiers
are checked by the enrolment domain (CURP and NSS check digits); bad input raises ``InputError``
and nothing is stored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session, lazyload

from redceci import enrolment as en
from redceci.errors import ConflictError, InputError, NotFoundError
from redceci.platform.access import Permission, Principal, Scope
from redceci.store.db import Database
from redceci.store.enrolment import waitlist
from redceci.store.enrolment.models import (
    Application,
    ApplicationChoice,
    ApplicationStatus,
    AssignmentRound,
    AuthorisedPerson,
    Child,
    ClaimStatus,
    CurpClaim,
    Enrolment,
    EnrolmentRoom,
    EntryStatus,
    Family,
    Guardian,
    Offer,
    Placement,
    RoundStatus,
    WaitlistEntry,
)
from redceci.store.enrolment.rules import get_rules_row, room_scheme
from redceci.store.fields import BirthDate, Phone, PlausibleDate, Text80, Text200
from redceci.store.platform import audit
from redceci.store.platform.models import Centre


class GuardianData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Text200
    nss: str | None = Field(None, max_length=20)
    works: bool = True
    employer: str | None = Field(None, max_length=40)
    phone: Phone | None = None


class ChildData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Text200
    curp: str = Field(max_length=30)
    birth_date: BirthDate
    disability: bool = False


class AuthorisedData(BaseModel):
    """Someone the family authorises to pick its children up, and the identity document they
    will show: its kind (``enrolment.IdDocument``) and its number. The centre's photo reference
    is not the family's to set (``store/operations/setup.set_photo_ref``); it is kept while the
    person's name, document kind and number stay the same."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Text200
    relationship: Text80
    document_type: en.IdDocument = Field(
        description="The identity document the person will show: " + ", ".join(en.IdDocument)
    )
    identification: Text80 = Field(description="The identity document's number")


class FamilyData(BaseModel):
    """A family's guardians (one with an NSS), children and authorised persons."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    guardians: list[GuardianData] = Field(min_length=1, max_length=4)
    children: list[ChildData] = Field(min_length=1, max_length=8)
    authorised: list[AuthorisedData] = Field(default_factory=list, max_length=10)


class ApplicationData(BaseModel):
    """Desired start date, centres ranked best first (registry ids), siblings together."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start_date: PlausibleDate
    centres: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(min_length=1, max_length=20)
    together: bool = True
    transfer: bool = Field(
        False,
        description="Children already holding a place ask to move to a centre ranked above "
        "theirs; they keep their place unless they get a preferred one",
    )


# -- families ---------------------------------------------------------------------------------


def _family_scope(actor: Principal) -> Scope:
    return actor.require(Permission.ENROLMENT_APPLY)


def _in_scope(scope: Scope, ref: str) -> bool:
    return scope.national or ref in scope.families


def get_family_row(session: Session, scope: Scope, ref: str) -> Family:
    family = session.scalar(sa.select(Family).where(Family.ref == ref))
    if family is None or not _in_scope(scope, ref):
        raise NotFoundError(f"no family {ref!r}")
    return family


def domain_family(family: Family, *, children: list[Child] | None = None) -> en.Family:
    """The enrolment domain's view of a stored family (validates CURP and NSS)."""
    return en.Family(
        family_id=family.ref,
        guardians=tuple(
            en.Guardian(g.name, nss=g.nss, works=g.works, employer=g.employer)
            for g in family.guardians
        ),
        children=tuple(
            en.Child(c.name, c.curp, c.birth_date, c.disability)
            for c in (family.children if children is None else children)
        ),
        authorised=tuple(
            en.AuthorisedPerson(
                a.name,
                a.relation,
                a.identification,
                en.IdDocument(a.document_type) if a.document_type else None,
                a.photo_ref,
            )
            for a in family.authorised
        ),
    )


def _validated(ref: str, data: FamilyData) -> en.Family:
    return en.Family(
        family_id=ref,
        guardians=tuple(
            en.Guardian(g.name, nss=g.nss, works=g.works, employer=g.employer)
            for g in data.guardians
        ),
        children=tuple(en.Child(c.name, c.curp, c.birth_date, c.disability) for c in data.children),
        authorised=tuple(
            en.AuthorisedPerson(a.name, a.relationship, a.identification, a.document_type)
            for a in data.authorised
        ),
    )


def _person_key(person: AuthorisedPerson | en.AuthorisedPerson) -> tuple[str, str, str]:
    """Who an authorised person is for the centre's photo: name, document kind and number
    (a new document, or a new person, needs a new photo)."""
    return (
        " ".join(person.name.casefold().split()),
        str(person.document_type or ""),
        "".join(person.identification.casefold().split()),
    )


def family_snapshot(family: Family) -> dict[str, Any]:
    return audit.snapshot(
        family,
        guardians=[audit.snapshot(g) for g in family.guardians],
        children=[audit.snapshot(c) for c in family.children],
        authorised=[audit.snapshot(a) for a in family.authorised],
    )


def register_family(db: Database, actor: Principal, ref: str, data: FamilyData) -> Family:
    """Create or update a family: guardians and authorised persons are replaced, children are
    matched by CURP (added, updated, or removed unless they hold a place).

    A child whose CURP another family already holds is not refused (a refusal would tell anyone
    that the CURP is registered): the answer is the same, and the child waits as a pending
    ``CurpClaim`` until the centre or the network checks identity documents
    (``store/enrolment/claims``), which may move the child to this family."""
    scope = _family_scope(actor)
    if not _in_scope(scope, ref):
        raise NotFoundError(f"no family {ref!r}")
    checked = _validated(ref, data)  # CURP, NSS, duplicates: InputError before any write
    with db.transaction() as session:
        family = session.scalar(sa.select(Family).where(Family.ref == ref))
        before = None if family is None else family_snapshot(family)
        if family is None:
            family = Family(ref=ref, guardians=[], children=[], authorised=[])
            session.add(family)
            session.flush()
        held = set(
            session.scalars(
                sa.select(Child.curp).where(
                    Child.curp.in_([c.curp for c in checked.children]),
                    Child.family_id != family.id,
                )
            )
        )
        for c in checked.children:
            if c.curp in held:
                _claim(session, actor, family, c)
        checked = replace(
            checked, children=tuple(c for c in checked.children if c.curp not in held)
        )
        family.guardians = [
            Guardian(name=g.name, nss=g.nss, works=g.works, employer=g.employer, phone=d.phone)
            for g, d in zip(checked.guardians, data.guardians, strict=True)
        ]
        photos = {_person_key(a): a.photo_ref for a in family.authorised if a.photo_ref}
        family.authorised = [
            AuthorisedPerson(
                name=a.name,
                relation=a.relationship,
                identification=a.identification,
                document_type=a.document_type,
                photo_ref=photos.get(_person_key(a)),
            )
            for a in checked.authorised
        ]
        by_curp = {c.curp: c for c in family.children}
        kept: list[Child] = []
        for c in checked.children:
            row = by_curp.pop(c.curp, None) or Child(curp=c.curp)
            row.name, row.birth_date, row.disability = c.name, c.birth_date, c.disability
            kept.append(row)
        gone = [c.id for c in by_curp.values() if c.id is not None]
        if gone and session.scalar(sa.select(sa.func.count()).where(Enrolment.child_id.in_(gone))):
            raise ConflictError("a child holding a place cannot be removed from the family")
        family.children = kept
        session.flush()
        audit.record(
            session,
            actor,
            "create" if before is None else "update",
            "family",
            ref,
            before=before,
            after=family_snapshot(family),
        )
        return family


def _claim(session: Session, actor: Principal, family: Family, child: en.Child) -> None:
    """Set aside a child whose CURP another family holds (once per family and CURP)."""
    pending = session.scalar(
        sa.select(CurpClaim.id).where(
            CurpClaim.family_id == family.id,
            CurpClaim.curp == child.curp,
            CurpClaim.status == ClaimStatus.PENDING,
        )
    )
    if pending is not None:
        return
    claim = CurpClaim(
        family_id=family.id,
        curp=child.curp,
        name=child.name,
        birth_date=child.birth_date,
        disability=child.disability,
        status=ClaimStatus.PENDING,
    )
    session.add(claim)
    session.flush()
    audit.record(session, actor, "claim", "curp_claim", claim.id, after={"family": family.ref})


def apply(db: Database, actor: Principal, ref: str, data: ApplicationData) -> Application:
    """A family applies; an earlier open application of the family is withdrawn. Applications
    take the waitlist's lock, so concurrent ones and a round being published run one after the
    other (the database also allows one open application per family)."""
    scope = _family_scope(actor)
    with db.transaction() as session:
        waitlist.lock(session)
        family = get_family_row(session, scope, ref)
        rules = get_rules_row(session)
        if len(data.centres) > rules.max_choices:
            raise InputError(
                f"{len(data.centres)} centres ranked; at most {rules.max_choices} are allowed"
            )
        if len(set(data.centres)) != len(data.centres):
            raise InputError("a centre is ranked twice")
        known = set(session.scalars(sa.select(Centre.id).where(Centre.id.in_(data.centres))))
        rooms: dict[int, list[EnrolmentRoom]] = {}
        for room in session.scalars(
            sa.select(EnrolmentRoom)
            .where(EnrolmentRoom.centre_id.in_(data.centres))
            .order_by(EnrolmentRoom.position)
        ):
            rooms.setdefault(room.centre_id, []).append(room)
        for centre_id in data.centres:
            if centre_id not in known:
                raise InputError(f"unknown centre {centre_id}")
            if centre_id not in rooms:
                raise InputError(f"centre {centre_id} takes no applications (no rooms)")
        schemes = [room_scheme(rs) for rs in rooms.values()]
        holding = set(
            session.scalars(
                sa.select(Enrolment.child_id).where(
                    Enrolment.child_id.in_([c.id for c in family.children])
                )
            )
        )
        for child in family.children:
            if child.id in holding:
                continue
            if not any(
                sc.room_for(child.birth_date, data.start_date) is not None for sc in schemes
            ):
                raise InputError(
                    f"child {child.curp} is outside the age range of every room of the ranked "
                    f"centres on {data.start_date}"
                )
        open_apps = session.scalars(
            sa.select(Application)
            .options(lazyload(Application.choices))
            .where(
                Application.family_id == family.id,
                Application.status.in_([ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED]),
            )
        ).all()
        for old in open_apps:
            old.status = ApplicationStatus.WITHDRAWN
            audit.record(session, actor, "withdraw", "application", old.id)
        session.flush()  # the old one is closed before the new one opens (one open per family)
        app = Application(
            family_id=family.id,
            start_date=data.start_date,
            together=data.together,
            transfer=data.transfer,
            status=ApplicationStatus.SUBMITTED,
            choices=[
                ApplicationChoice(rank=i + 1, centre_id=c) for i, c in enumerate(data.centres)
            ],
        )
        session.add(app)
        session.flush()
        audit.record(
            session,
            actor,
            "create",
            "application",
            app.id,
            after=audit.snapshot(app, family=ref, centres=list(data.centres)),
        )
        return app


# -- what a family sees ------------------------------------------------------------------------


def family_status(db: Database, actor: Principal, ref: str) -> dict[str, Any]:
    """The family, its applications, each child's place, the last published round's outcome
    with its explanation (for every centre ranked higher: the room's cut-off and the child's own
    priority and position), waitlist ranks and offers."""
    scope = _family_scope(actor)
    with db.reading() as session:
        family = get_family_row(session, scope, ref)
        kids = {c.id: c for c in family.children}
        rooms = {
            r.id: (r, code)
            for r, code in session.execute(
                sa.select(EnrolmentRoom, Centre.code).join(
                    Centre, Centre.id == EnrolmentRoom.centre_id
                )
            ).all()
        }

        def where(room_id: int) -> dict[str, Any]:
            room, code = rooms[room_id]
            return {
                "room_id": room_id,
                "centre_id": room.centre_id,
                "centre": code,
                "room": room.name,
            }

        places = {
            e.child_id: where(e.room_id)
            for e in session.scalars(sa.select(Enrolment).where(Enrolment.child_id.in_(kids)))
        }
        entries = session.scalars(
            sa.select(WaitlistEntry)
            .where(WaitlistEntry.child_id.in_(kids), WaitlistEntry.status == EntryStatus.WAITING)
            .order_by(WaitlistEntry.child_id, WaitlistEntry.preference)
        ).all()
        waiting = []
        for entry in entries:
            ahead = session.scalar(
                sa.select(sa.func.count()).where(
                    WaitlistEntry.room_id == entry.room_id,
                    WaitlistEntry.status == EntryStatus.WAITING,
                    WaitlistEntry.key < entry.key,
                )
            )
            waiting.append(
                {"child_id": entry.child_id, **where(entry.room_id), "rank": (ahead or 0) + 1}
            )
        offers = [
            {
                "offer_id": o.id,
                "child_id": o.child_id,
                **where(o.room_id),
                "made_at": o.made_at.isoformat(),
                "deadline": o.deadline.isoformat(),
                "status": o.status.value,
            }
            for o in session.scalars(
                sa.select(Offer).where(Offer.child_id.in_(kids)).order_by(Offer.id)
            )
        ]
        latest = session.scalar(
            sa.select(sa.func.max(AssignmentRound.id)).where(
                AssignmentRound.status == RoundStatus.PUBLISHED
            )
        )
        outcome = [
            {
                "child_id": p.child_id,
                "round_id": p.round_id,
                "seed": seed,
                "placed": None if p.room_id is None else where(p.room_id),
                "choice_rank": p.choice_rank,
                "reserved": p.reserved,
                "explanation": p.explanation,
            }
            for p, seed in session.execute(
                sa.select(Placement, AssignmentRound.seed)
                .join(AssignmentRound, AssignmentRound.id == Placement.round_id)
                .where(Placement.round_id == latest, Placement.child_id.in_(kids))
                .order_by(Placement.child_id)
            ).all()
        ]
        apps = session.scalars(
            sa.select(Application)
            .where(Application.family_id == family.id)
            .order_by(Application.id)
        ).all()
        return {
            "family": ref,
            "guardians": [
                {"name": g.name, "nss": g.nss, "works": g.works, "phone": g.phone}
                for g in family.guardians
            ],
            "children": [
                {
                    "child_id": c.id,
                    "name": c.name,
                    "curp": c.curp,
                    "birth_date": c.birth_date.isoformat(),
                    "place": places.get(c.id),
                }
                for c in family.children
            ],
            "authorised": [{"name": a.name, "relationship": a.relation} for a in family.authorised],
            "identity_checks": [
                {"name": c.name, "curp": c.curp, "status": c.status.value}
                for c in session.scalars(
                    sa.select(CurpClaim)
                    .where(CurpClaim.family_id == family.id)
                    .order_by(CurpClaim.id)
                )
            ],
            "applications": [
                {
                    "application_id": a.id,
                    "status": a.status.value,
                    "start_date": a.start_date.isoformat(),
                    "together": a.together,
                    "transfer": a.transfer,
                    "centres": [ch.centre_id for ch in a.choices],
                }
                for a in apps
            ],
            "round": outcome,
            "waitlist": waiting,
            "offers": offers,
        }
