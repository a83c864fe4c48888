"""Who may pick up the centre's children, as the director checks them: each family's authorised
persons with their identity document, and the reference of the photo the centre keeps of each
(recorded by the director once the person has shown the document; staff compare the face at
pick-up). The photo itself is not stored here: only where the centre keeps it."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from redceci.enrolment import PHOTO_REF_MAX
from redceci.errors import NotFoundError
from redceci.platform import validation
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enrolment.models import (
    AuthorisedPerson,
    Child,
    Enrolment,
    EnrolmentRoom,
    Family,
)
from redceci.store.operations.roster import centre_for
from redceci.store.platform import audit


class PhotoRefData(BaseModel):
    """The centre's reference to its photo of an authorised person (an archive number or a
    file's path, as the centre files it); empty clears it (a new photo is needed)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    photo_ref: Annotated[
        str, Field(max_length=PHOTO_REF_MAX), AfterValidator(validation.clean_text)
    ] = ""


def person_view(person: AuthorisedPerson) -> dict[str, Any]:
    """An authorised person as the pick-up sheet and the director see them."""
    return {
        "id": person.id,
        "name": person.name,
        "relation": person.relation,
        "document_type": person.document_type,
        "identification": person.identification,
        "photo_ref": person.photo_ref,
    }


def _centre_families(session: Any, centre_id: int) -> dict[int, list[tuple[int, str]]]:
    """The families with a child enrolled at the centre: family id → [(child id, name)]."""
    rows = session.execute(
        sa.select(Child.family_id, Child.id, Child.name)
        .join(Enrolment, Enrolment.child_id == Child.id)
        .join(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
        .where(EnrolmentRoom.centre_id == centre_id)
        .order_by(Child.name, Child.id)
    ).all()
    families: dict[int, list[tuple[int, str]]] = {}
    for family_id, child_id, name in rows:
        families.setdefault(family_id, []).append((child_id, name))
    return families


def authorised_people(db: Database, actor: Principal, centre_id: int) -> list[dict[str, Any]]:
    """The families of the centre's children (by the first child's name), each with its
    children and its authorised persons (document and photo reference). Directors only
    (``operations:manage``): identity documents are not the whole staff's to browse."""
    with db.reading() as session:
        centre_for(session, actor, centre_id, Permission.OPERATIONS_MANAGE)
        families = _centre_families(session, centre_id)
        people: dict[int, list[dict[str, Any]]] = {f: [] for f in families}
        for person in session.scalars(
            sa.select(AuthorisedPerson)
            .where(AuthorisedPerson.family_id.in_(families))
            .order_by(AuthorisedPerson.name, AuthorisedPerson.id)
        ):
            people[person.family_id].append(person_view(person))
        refs = dict(
            session.execute(sa.select(Family.id, Family.ref).where(Family.id.in_(families))).all()
        )
        return [
            {
                "family": refs[f],
                "children": [{"id": c, "name": n} for c, n in kids],
                "authorised": people[f],
            }
            for f, kids in sorted(families.items(), key=lambda item: (item[1][0][1], item[0]))
        ]


def set_photo_ref(
    db: Database, actor: Principal, centre_id: int, person_id: int, data: PhotoRefData
) -> dict[str, Any]:
    """The director records (or clears) the reference of the centre's photo of an authorised
    person of one of its families. A person of a family with no child at the centre is not
    found. One transaction with its audit entry."""
    with db.transaction() as session:
        centre_for(session, actor, centre_id, Permission.OPERATIONS_MANAGE)
        person = session.get(AuthorisedPerson, person_id)
        if person is None or person.family_id not in _centre_families(session, centre_id):
            raise NotFoundError(f"no authorised person {person_id} at centre {centre_id}")
        before = audit.snapshot(person)
        person.photo_ref = data.photo_ref or None
        session.flush()
        audit.record(
            session,
            actor,
            "update",
            "authorised_persons",
            person.id,
            before=before,
            after=audit.snapshot(person),
        )
        return person_view(person)
