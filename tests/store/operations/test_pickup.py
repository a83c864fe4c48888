"""Who may pick up, as the centre checks them (SQLite and PostgreSQL): each authorised person's
identity document and the reference of the centre's photo, recorded by the director and shown
on the staff's pick-up sheet; kept while the family's form names the same person with the same
document, dropped when the document changes; nobody else records it, and a bad reference
changes nothing."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from redceci import enrolment as en
from redceci.countries import country_pack
from redceci.countries.mx.identity import made_up_nss
from redceci.errors import InputError, NotFoundError, PermissionDeniedError
from redceci.operations.parameters import rules_for
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.enrolment import families
from redceci.store.enrolment.families import AuthorisedData, ChildData, FamilyData, GuardianData
from redceci.store.enrolment.models import AuthorisedPerson, Child
from redceci.store.operations import live, pickup
from redceci.store.operations.pickup import PhotoRefData
from redceci.store.platform.models import AuditEntry
from redceci.store.testing import add_user
from tests.web.operations.world import OpsWorld, operations_world

TZ = ZoneInfo("America/Mexico_City")
#: Mexico's operations rules (the pack's ratios; the core has none of its own).
RULES = rules_for(country_pack("mx"))


@pytest.fixture
def ops(db: Database) -> OpsWorld:
    return operations_world(db)


def _sheet(db: Database, ops: OpsWorld, first: str) -> list[dict[str, object]]:
    """Who the lactantes tablet offers for one child at check-out."""
    room = live.room_view(db, ops.educator, ops.centre, ops.lactantes, tz=TZ, rules=RULES)
    [child] = [c for c in room["children"] if c["child_id"] == ops.children[first]]
    return list(child["pickup"])


def _photos(db: Database) -> dict[str, str | None]:
    with db.reading() as session:
        rows = session.execute(sa.select(AuthorisedPerson.name, AuthorisedPerson.photo_ref))
        return {str(name): ref for name, ref in rows}


def test_the_director_records_a_photo_reference_that_the_pick_up_sheet_shows_with_the_id(
    db: Database, ops: OpsWorld
) -> None:
    grandma = ops.authorised["Ana"]
    before = _sheet(db, ops, "Ana")
    assert [p for p in before if p["kind"] == "authorised"] == [
        {
            "kind": "authorised",
            "id": grandma,
            "name": "Abuela de Ana",
            "relation": "abuela",
            "document_type": "voter_id",
            "identification": "INE-0000",
            "photo_ref": None,
        }
    ]
    saved = pickup.set_photo_ref(
        db, ops.director, ops.centre, grandma, PhotoRefData(photo_ref="Expediente 12, foto 3")
    )
    assert saved["photo_ref"] == "Expediente 12, foto 3"
    [shown] = [p for p in _sheet(db, ops, "Ana") if p["kind"] == "authorised"]
    assert (shown["document_type"], shown["identification"], shown["photo_ref"]) == (
        "voter_id",
        "INE-0000",
        "Expediente 12, foto 3",
    )
    with db.reading() as session:
        entry = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity == "authorised_persons")
        ).one()
    assert entry.entity_id == str(grandma)
    assert entry.after is not None and entry.after["photo_ref"] == "Expediente 12, foto 3"
    # an empty reference clears it: the centre needs a new photo
    pickup.set_photo_ref(db, ops.director, ops.centre, grandma, PhotoRefData(photo_ref=" "))
    assert _photos(db)["Abuela de Ana"] is None


def test_the_directors_list_holds_the_centres_families_only(db: Database, ops: OpsWorld) -> None:
    listed = pickup.authorised_people(db, ops.director, ops.centre)
    names = [p["name"] for f in listed for p in f["authorised"]]
    assert len(listed) == 9
    assert "Abuela de Ana" in names and "Abuela de Zoe" not in names
    assert listed[0]["children"] == [{"id": ops.children["Ana"], "name": "Ana Ruiz"}]


def _ana_family(db: Database, authorised: list[AuthorisedData]) -> FamilyData:
    with db.reading() as session:
        ana = session.scalars(sa.select(Child).where(Child.name == "Ana Ruiz")).one()
        curp, birth = ana.curp, ana.birth_date
    return FamilyData(
        guardians=[GuardianData(name="Mamá de Ana", nss=made_up_nss(5))],
        children=[ChildData(name="Ana Ruiz", curp=curp, birth_date=birth)],
        authorised=authorised,
    )


def test_the_photo_stays_while_the_family_names_the_same_person_and_document(
    db: Database, ops: OpsWorld
) -> None:
    pickup.set_photo_ref(
        db, ops.director, ops.centre, ops.authorised["Ana"], PhotoRefData(photo_ref="Foto 7")
    )
    same = AuthorisedData(
        name="abuela de  Ana",
        relationship="abuela",
        document_type="voter_id",
        identification="ine-0000",
    )
    uncle = AuthorisedData(
        name="Tío Luis", relationship="tío", document_type="passport", identification="G1234567"
    )
    families.register_family(db, ops.admin, "OPS-0", _ana_family(db, [same, uncle]))
    assert _photos(db)["abuela de  Ana"] == "Foto 7"
    assert _photos(db)["Tío Luis"] is None
    renewed = same.model_copy(update={"identification": "INE-9999"})
    families.register_family(db, ops.admin, "OPS-0", _ana_family(db, [renewed, uncle]))
    assert _photos(db)["abuela de  Ana"] is None  # a new document: the centre takes a new photo


def test_an_unknown_document_kind_is_refused(db: Database, ops: OpsWorld) -> None:
    with pytest.raises(ValidationError, match="document_type"):
        AuthorisedData(
            name="Tía",
            relationship="tía",
            document_type="library_card",  # type: ignore[arg-type]
            identification="1",
        )
    with pytest.raises(InputError, match="unknown identity document"):
        en.AuthorisedPerson("Tía", "tía", "1", "library_card")  # type: ignore[arg-type]


def test_only_the_centres_director_records_a_photo_and_a_bad_reference_changes_nothing(
    db: Database, ops: OpsWorld
) -> None:
    grandma = ops.authorised["Ana"]
    coordinator = add_user(db, "coord@x.mx", Grant(Role.STATE_COORDINATOR, state_code="22"))
    for who in (ops.educator, coordinator):
        with pytest.raises(PermissionDeniedError):
            pickup.set_photo_ref(db, who, ops.centre, grandma, PhotoRefData(photo_ref="x"))
        with pytest.raises(PermissionDeniedError):
            pickup.authorised_people(db, who, ops.centre)
    with db.reading() as session:
        other = session.scalar(
            sa.select(AuthorisedPerson.id).where(AuthorisedPerson.name == "Abuela de Zoe")
        )
    assert other is not None
    with pytest.raises(NotFoundError):  # a family of another centre
        pickup.set_photo_ref(db, ops.director, ops.centre, other, PhotoRefData(photo_ref="x"))
    with pytest.raises(NotFoundError):  # the director's centre only
        pickup.set_photo_ref(db, ops.director, ops.other_centre, other, PhotoRefData(photo_ref="x"))
    for bad in ("x" * 121, "foto\x00"):
        with pytest.raises(ValidationError):
            PhotoRefData(photo_ref=bad)
    assert set(_photos(db).values()) == {None}
