"""Guardians' ARCO rights over their family's data (LGPDPPSO arts. 43-52) and the retention
rules applied on schedule.

* **Access**: ``export_family`` gathers everything held on a family (people, applications,
  round outcomes, places, waitlist, offers, identity checks, ARCO requests and the audit entries
  about it); each export is itself audited.
* **Rectification, cancellation, opposition**: ``request_arco`` records the request; the
  network answers it (``resolve_arco``) within the law's 20 working days. Accepting a
  cancellation runs ``anonymise_family``.
* **Cancellation** (``anonymise_family``) removes or anonymises what no legal duty requires
  keeping, and keeps (anonymised) what one does:

  - removed: authorised pick-up persons, pending identity checks, waitlist entries and open
    offers of the children, and open applications (withdrawn);
  - anonymised: guardians' names, NSS and employers; children's names and CURPs (birth dates
    kept to the month: published rounds are explained and audited by age);
  - kept: the rows of published rounds (placements) and closed applications, because a
    published assignment must stay reproducible and contestable (its seed and rules are
    public), and the audit log's entries (who did what, when: LGPDPPSO art. 31 security and
    accountability duties), whose copies of the family's data are redacted.

  A family with a child holding a place cannot be cancelled: the centre must first record the
  child's leaving (the place's records are needed while the child is in care).
* **Retention** (``apply_retention``, ``RetentionRules``): families that applied and never
  held a place are anonymised after ``unplaced_family_days`` without activity; expired sessions
  and tokens long past their end are deleted. Each run is logged and audited with its counts.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import ConflictError, NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment.families import get_family_row
from redceci.store.enrolment.models import (
    OPEN_STATUSES,
    Application,
    ApplicationStatus,
    ArcoKind,
    ArcoRequest,
    ArcoStatus,
    Child,
    CurpClaim,
    Enrolment,
    Family,
    Guardian,
    Offer,
    OfferStatus,
    Placement,
    WaitlistEntry,
)
from redceci.store.platform import audit
from redceci.store.platform.models import ApiToken, AuditEntry, WebSession

log = logging.getLogger(__name__)

ANONYMOUS = "(anonimizado / anonymised)"
#: Audit entities whose snapshots hold a family's personal data (redacted on cancellation).
FAMILY_ENTITIES = ("family", "application", "curp_claim", "arco_request")


@dataclass(frozen=True)
class RetentionRules:
    """How long data is kept when nothing requires it. ASSUMPTION pending IMSS's records
    schedule (catálogo de disposición documental): two years covers two enrolment cycles for a
    family waiting; a year past a token's end covers any audit question about its use."""

    unplaced_family_days: int = 730
    expired_token_days: int = 365


def _row(obj: Any, *fields: str) -> dict[str, Any]:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = (
            value.isoformat()
            if isinstance(value, dt.date | dt.datetime)
            else (value.value if hasattr(value, "value") else value)
        )
    return out


def export_family(db: Database, actor: Principal, ref: str) -> dict[str, Any]:
    """Every record held on the family (the right of access), as plain JSON; audited."""
    scope = actor.require(Permission.ENROLMENT_APPLY)
    with db.transaction() as session:
        family = get_family_row(session, scope, ref)
        kids = [c.id for c in family.children]
        apps = session.scalars(
            sa.select(Application)
            .where(Application.family_id == family.id)
            .order_by(Application.id)
        ).all()
        app_ids = [a.id for a in apps]
        entity_ids = [ref, *map(str, app_ids)]
        data = {
            "family": {"ref": family.ref, "created_at": family.created_at.isoformat()},
            "guardians": [_row(g, "name", "nss", "works", "employer") for g in family.guardians],
            "children": [
                _row(c, "name", "curp", "birth_date", "disability") for c in family.children
            ],
            "authorised": [
                _row(a, "name", "relation", "document_type", "identification", "photo_ref")
                for a in family.authorised
            ],
            "applications": [
                _row(a, "id", "status", "start_date", "together", "transfer", "created_at")
                | {"centres": [ch.centre_id for ch in a.choices]}
                for a in apps
            ],
            "placements": [
                _row(p, "round_id", "child_id", "room_id", "choice_rank", "reserved")
                for p in session.scalars(sa.select(Placement).where(Placement.child_id.in_(kids)))
            ],
            "enrolments": [
                _row(e, "child_id", "room_id", "since")
                for e in session.scalars(sa.select(Enrolment).where(Enrolment.child_id.in_(kids)))
            ],
            "waitlist": [
                _row(w, "child_id", "room_id", "preference", "status")
                for w in session.scalars(
                    sa.select(WaitlistEntry).where(WaitlistEntry.child_id.in_(kids))
                )
            ],
            "offers": [
                _row(o, "child_id", "room_id", "made_at", "deadline", "status")
                for o in session.scalars(sa.select(Offer).where(Offer.child_id.in_(kids)))
            ],
            "identity_checks": [
                _row(c, "curp", "name", "status", "created_at")
                for c in session.scalars(
                    sa.select(CurpClaim).where(CurpClaim.family_id == family.id)
                )
            ],
            "arco_requests": [
                _row(r, "id", "kind", "status", "detail", "answer", "created_at", "resolved_at")
                for r in session.scalars(
                    sa.select(ArcoRequest).where(ArcoRequest.family_ref == ref)
                )
            ],
            "audit": [
                _row(e, "at", "actor_email", "action", "entity", "entity_id")
                for e in session.scalars(
                    sa.select(AuditEntry)
                    .where(
                        AuditEntry.entity.in_(("family", "application")),
                        AuditEntry.entity_id.in_(entity_ids),
                    )
                    .order_by(AuditEntry.id)
                )
            ],
        }
        audit.record(session, actor, "export", "family", ref)
        return data


def request_arco(
    db: Database, actor: Principal, ref: str, kind: ArcoKind, detail: str
) -> ArcoRequest:
    """Record a guardian's rectification, cancellation or opposition request (access is
    answered at once by ``export_family``)."""
    scope = actor.require(Permission.ENROLMENT_APPLY)
    with db.transaction() as session:
        get_family_row(session, scope, ref)
        request = ArcoRequest(
            family_ref=ref,
            kind=kind,
            status=ArcoStatus.RECEIVED,
            detail=detail[:2000],
            requested_by=actor.user_id,
        )
        session.add(request)
        session.flush()
        audit.record(
            session, actor, "request", "arco_request", request.id, after={"kind": kind.value}
        )
        return request


def list_arco(db: Database, actor: Principal) -> list[ArcoRequest]:
    """Requests awaiting an answer, oldest first (the network)."""
    actor.require(Permission.ENROLMENT_MANAGE)
    with db.reading() as session:
        return list(
            session.scalars(
                sa.select(ArcoRequest)
                .where(ArcoRequest.status == ArcoStatus.RECEIVED)
                .order_by(ArcoRequest.id)
            )
        )


def resolve_arco(
    db: Database, actor: Principal, request_id: int, *, accept: bool, answer: str
) -> ArcoRequest:
    """Answer a request; accepting a cancellation anonymises the family (``anonymise_family``)
    in the same transaction. Rectifications are made through the family's own form."""
    actor.require(Permission.ENROLMENT_MANAGE)
    with db.transaction() as session:
        request = session.get(ArcoRequest, request_id, with_for_update=True)
        if request is None:
            raise NotFoundError(f"no ARCO request {request_id}")
        if request.status is not ArcoStatus.RECEIVED:
            raise ConflictError(f"ARCO request {request_id} was already answered")
        if accept and request.kind is ArcoKind.CANCELLATION:
            family = session.scalar(sa.select(Family).where(Family.ref == request.family_ref))
            if family is not None:
                _anonymise(session, actor, family)
        request.status = ArcoStatus.DONE if accept else ArcoStatus.REFUSED
        request.answer, request.resolved_at = answer[:2000], utcnow()
        audit.record(
            session,
            actor,
            "resolve",
            "arco_request",
            request.id,
            after={"status": request.status.value, "kind": request.kind.value},
        )
        return request


def _anonymise(session: Session, actor: Principal | None, family: Family) -> dict[str, int]:
    """Remove or anonymise the family's personal data (module docstring: what and why)."""
    kids = [c.id for c in family.children]
    if kids and session.scalar(
        sa.select(sa.func.count()).select_from(Enrolment).where(Enrolment.child_id.in_(kids))
    ):
        raise ConflictError(
            "un niño o niña de la familia ocupa un lugar: registre primero su baja / a child of "
            "the family holds a place: record the child's leaving first"
        )
    for g in family.guardians:
        g.name, g.nss, g.employer = ANONYMOUS, None, None
    for c in family.children:
        c.name = ANONYMOUS
        c.curp = f"X{c.id:017d}"[:18]  # unique, and no CURP of anybody (no check digit)
        c.birth_date = c.birth_date.replace(day=1)
    family.authorised = []
    session.execute(sa.delete(CurpClaim).where(CurpClaim.family_id == family.id))
    if kids:
        session.execute(sa.delete(WaitlistEntry).where(WaitlistEntry.child_id.in_(kids)))
        session.execute(
            sa.update(Offer)
            .where(Offer.child_id.in_(kids), Offer.status == OfferStatus.PENDING)
            .values(status=OfferStatus.DECLINED, answered_at=utcnow())
        )
    closed = session.execute(
        sa.update(Application)
        .where(Application.family_id == family.id, Application.status.in_(OPEN_STATUSES))
        .values(status=ApplicationStatus.WITHDRAWN)
    )
    app_ids = [
        str(i)
        for i in session.scalars(
            sa.select(Application.id).where(Application.family_id == family.id)
        )
    ]
    redacted = session.execute(
        sa.update(AuditEntry)
        .where(
            AuditEntry.entity.in_(FAMILY_ENTITIES),
            AuditEntry.entity_id.in_([family.ref, *app_ids]),
        )
        .values(before=None, after={"redacted": ANONYMOUS})
    )
    counts = {
        "children": len(kids),
        "guardians": len(family.guardians),
        "applications_closed": int(getattr(closed, "rowcount", 0) or 0),
        "audit_entries_redacted": int(getattr(redacted, "rowcount", 0) or 0),
    }
    session.flush()
    audit.record(session, actor, "anonymise", "family", family.ref, after=counts)
    return counts


def anonymise_family(db: Database, actor: Principal, ref: str) -> dict[str, int]:
    """Cancel a family's data at once (the network, e.g. a court order): what was done."""
    actor.require(Permission.ENROLMENT_MANAGE)
    with db.transaction() as session:
        family = session.scalar(sa.select(Family).where(Family.ref == ref))
        if family is None:
            raise NotFoundError(f"no family {ref!r}")
        return _anonymise(session, actor, family)


def apply_retention(
    db: Database, rules: RetentionRules = RetentionRules(), *, now: dt.datetime | None = None
) -> dict[str, int]:
    """As the system: anonymise families idle past ``unplaced_family_days`` whose children
    never held a place nor were placed by a round; delete expired sessions and tokens ended
    ``expired_token_days`` ago. Logged, and audited with the counts."""
    now = now or utcnow()
    idle_since = now - dt.timedelta(days=rules.unplaced_family_days)
    with db.transaction() as session:
        placed = (
            sa.select(Child.family_id)
            .join(Placement, Placement.child_id == Child.id)
            .where(Placement.room_id.is_not(None))
            .union(sa.select(Child.family_id).join(Enrolment, Enrolment.child_id == Child.id))
        )
        last_activity = (
            sa.select(sa.func.max(Application.updated_at))
            .where(Application.family_id == Family.id)
            .scalar_subquery()
        )
        idle = session.scalars(
            sa.select(Family).where(
                Family.id.not_in(placed),
                sa.func.coalesce(last_activity, Family.created_at) < idle_since,
                ~sa.exists().where(Guardian.family_id == Family.id, Guardian.name == ANONYMOUS),
            )
        ).all()
        for family in idle:
            _anonymise(session, None, family)
        sessions = session.execute(sa.delete(WebSession).where(WebSession.expires_at < now))
        ended = now - dt.timedelta(days=rules.expired_token_days)
        tokens = session.execute(
            sa.delete(ApiToken).where(
                sa.or_(ApiToken.expires_at < ended, ApiToken.revoked_at < ended)
            )
        )
        counts = {
            "families_anonymised": len(idle),
            "sessions_deleted": int(getattr(sessions, "rowcount", 0) or 0),
            "tokens_deleted": int(getattr(tokens, "rowcount", 0) or 0),
        }
        if any(counts.values()):
            audit.record(session, None, "retention", "platform", None, after=counts)
        log.info("retention: %s", counts)
        return counts


__all__ = [
    "ANONYMOUS",
    "RetentionRules",
    "anonymise_family",
    "apply_retention",
    "export_family",
    "list_arco",
    "request_arco",
    "resolve_arco",
]
