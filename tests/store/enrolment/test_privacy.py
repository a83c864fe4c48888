"""ARCO rights and retention: a family downloads everything held on it; a cancellation removes
or anonymises what no duty requires keeping (audit entries kept, redacted); idle families never
placed are anonymised on schedule, and each run is audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from redceci.errors import ConflictError
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.enrolment import families, privacy
from redceci.store.enrolment.families import AuthorisedData, FamilyData
from redceci.store.enrolment.models import (
    ArcoKind,
    ArcoStatus,
    AuthorisedPerson,
    Child,
    Enrolment,
    Family,
    Guardian,
)
from redceci.store.platform.models import AuditEntry
from redceci.store.testing import add_user
from tests.store.enrolment.test_records import curp, family, nss


@pytest.fixture
def admin(db: Database) -> Principal:
    return add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))


def with_pickup(serial: int) -> FamilyData:
    base = family(serial)
    pickup = AuthorisedData(
        name="Abuela Rosa",
        relationship="abuela",
        document_type="voter_id",
        identification="INE 123",
    )
    return base.model_copy(update={"authorised": [pickup]})


def test_a_family_downloads_everything_held_on_it_and_the_download_is_audited(
    db: Database, admin: Principal
) -> None:
    families.register_family(db, admin, "F-1", with_pickup(1))
    parent = add_user(db, "p@x.mx", Grant(Role.PARENT, family_id="F-1"))
    data = privacy.export_family(db, parent, "F-1")
    json.dumps(data)  # plain JSON
    assert data["children"][0]["curp"] == curp(1)
    assert data["guardians"][0]["nss"] == nss(1)
    assert data["authorised"][0]["name"] == "Abuela Rosa"
    assert {"applications", "placements", "waitlist", "offers", "audit"} <= set(data)
    with db.reading() as session:
        exports = session.scalar(
            sa.select(sa.func.count()).where(
                AuditEntry.action == "export", AuditEntry.entity_id == "F-1"
            )
        )
    assert exports == 1


def test_an_accepted_cancellation_anonymises_the_family_and_keeps_redacted_audit_entries(
    db: Database, admin: Principal
) -> None:
    families.register_family(db, admin, "F-1", with_pickup(1))
    parent = add_user(db, "p@x.mx", Grant(Role.PARENT, family_id="F-1"))
    request = privacy.request_arco(db, parent, "F-1", ArcoKind.CANCELLATION, "ya no aplicamos")
    done = privacy.resolve_arco(db, admin, request.id, accept=True, answer="procede")
    assert done.status is ArcoStatus.DONE
    with db.reading() as session:
        fam = session.scalar(sa.select(Family).where(Family.ref == "F-1"))
        assert fam is not None
        people = session.scalars(sa.select(Guardian).where(Guardian.family_id == fam.id)).all()
        kids = session.scalars(sa.select(Child).where(Child.family_id == fam.id)).all()
        assert all(g.name == privacy.ANONYMOUS and g.nss is None for g in people)
        assert all(k.name == privacy.ANONYMOUS and k.curp != curp(1) for k in kids)
        assert session.scalar(sa.select(sa.func.count()).select_from(AuthorisedPerson)) == 0
        entries = session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.entity == "family", AuditEntry.entity_id == "F-1"
            )
        ).all()
    stored = json.dumps([[e.before, e.after] for e in entries])
    assert curp(1) not in stored and nss(1) not in stored and "Abuela" not in stored
    assert {"create", "anonymise"} <= {e.action for e in entries}  # the entries are kept


def test_a_family_whose_child_holds_a_place_cannot_be_cancelled(
    db: Database, admin: Principal
) -> None:
    from tests.store.enrolment.test_records import colima_centre

    families.register_family(db, admin, "F-1", family(1))
    _, rooms = colima_centre(db, admin, "COL-1", lactantes=2, maternales=2)
    with db.transaction() as session:
        child = session.scalar(sa.select(Child.id).where(Child.curp == curp(1)))
        session.add(Enrolment(child_id=child, room_id=rooms[1].id, since=dt.date(2026, 9, 1)))
    with pytest.raises(ConflictError):
        privacy.anonymise_family(db, admin, "F-1")


def test_retention_anonymises_idle_families_never_placed_and_is_audited(
    db: Database, admin: Principal
) -> None:
    families.register_family(db, admin, "OLD", family(1))
    families.register_family(db, admin, "NEW", family(2))
    with db.transaction() as session:
        old = session.scalar(sa.select(Family).where(Family.ref == "OLD"))
        assert old is not None
        old.created_at = old.created_at - dt.timedelta(days=800)
    counts = privacy.apply_retention(db, privacy.RetentionRules(unplaced_family_days=730))
    assert counts["families_anonymised"] == 1
    with db.reading() as session:
        names = dict(
            session.execute(
                sa.select(Family.ref, Guardian.name).join(Guardian, Guardian.family_id == Family.id)
            ).all()
        )
        logged = session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "retention"))
    assert names == {"OLD": privacy.ANONYMOUS, "NEW": "Madre"}
    assert logged == 1
    again = privacy.apply_retention(db, privacy.RetentionRules(unplaced_family_days=730))
    assert again["families_anonymised"] == 0  # already done
