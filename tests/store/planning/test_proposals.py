"""Partner proposals: own organisation only, reviewed along a fixed path, approval registers
an approved CECI Empresa centre; every refused step leaves the database as it was."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from redceci.countries import country_pack
from redceci.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, ProposalStatus, Role
from redceci.store.db import Database
from redceci.store.planning import proposals
from redceci.store.planning.models import PartnerProposal, ProposalReview
from redceci.store.planning.proposals import ProposalData
from redceci.store.platform import accounts, audit, centres
from redceci.store.platform.models import Centre
from redceci.store.testing import add_user

#: The deployment's pack: an approved centre's rooms and scheme are Mexico's.
PACK = country_pack("mx")

#: A needs analysis as the engine attaches it (only the fields approval reads).
ANALYSIS = {"recommended_size": 250, "eligible_under_3": 300.0, "eligible_3_plus": 150.0}


def site(org: int, state: str = "19", **changes: object) -> ProposalData:
    base = ProposalData(
        organisation_id=org,
        site_name="Planta Norte",
        state_code=state,
        lat=25.78,
        lon=-100.19,
        plot_m2=1500,
        employees=3200,
        shifts=["vespertino", "matutino", "matutino"],
    )
    return base.model_copy(update=changes)


def stored(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(sa.select(sa.func.count()).select_from(m)) or 0
            for m in (PartnerProposal, ProposalReview, Centre)
        )


@pytest.fixture
def orgs(db: Database) -> tuple[int, int]:
    a = accounts.create_organisation(db, None, name="Parque A").id
    b = accounts.create_organisation(db, None, name="Parque B").id
    return a, b


@pytest.fixture
def partner(db: Database, orgs: tuple[int, int]) -> Principal:
    return add_user(db, "a@x.mx", Grant(Role.PARTNER, organisation_id=orgs[0]))


@pytest.fixture
def reviewer(db: Database) -> Principal:
    return add_user(db, "r@x.mx", Grant(Role.NATIONAL_PLANNER))


def test_shifts_are_checked_and_kept_in_day_order() -> None:
    assert site(1).shifts == ["matutino", "vespertino"]
    with pytest.raises(ValidationError, match="unknown shift"):
        ProposalData.model_validate(site(1).model_dump() | {"shifts": ["siesta"]})


def test_a_partner_proposes_only_for_their_own_organisation(
    db: Database, orgs: tuple[int, int], partner: Principal
) -> None:
    mine = proposals.submit_proposal(db, partner, site(orgs[0]))
    assert mine.status == ProposalStatus.SUBMITTED
    before = stored(db)
    with pytest.raises(PermissionDeniedError):
        proposals.submit_proposal(db, partner, site(orgs[1]))
    with pytest.raises(InputError, match="unknown state"):
        proposals.submit_proposal(db, partner, site(orgs[0], state="40"))
    assert stored(db) == before
    other = add_user(db, "b@x.mx", Grant(Role.PARTNER, organisation_id=orgs[1]))
    assert proposals.list_proposals(db, other) == []
    with pytest.raises(NotFoundError):
        proposals.get_proposal(db, other, mine.id)


def test_coordinators_see_and_review_their_states_proposals_only(
    db: Database, orgs: tuple[int, int], partner: Principal
) -> None:
    """Issue 14: a state coordinator reviews the proposals of their own state."""
    made = proposals.submit_proposal(db, partner, site(orgs[0]))
    nl = add_user(db, "nl@x.mx", Grant(Role.STATE_COORDINATOR, state_code="19"))
    jal = add_user(db, "jal@x.mx", Grant(Role.STATE_COORDINATOR, state_code="14"))
    assert [p.id for p in proposals.list_proposals(db, nl)] == [made.id]
    assert proposals.list_proposals(db, jal) == []
    with pytest.raises(NotFoundError):
        proposals.review_proposal(
            db,
            jal,
            made.id,
            comment="ok",
            to_status=ProposalStatus.IN_REVIEW,
            pack=PACK,
        )
    reviewed = proposals.review_proposal(
        db,
        nl,
        made.id,
        comment="revisando",
        to_status=ProposalStatus.IN_REVIEW,
        pack=PACK,
    )
    assert reviewed.status is ProposalStatus.IN_REVIEW


def test_changes_requested_then_revised_then_approved_registers_a_centre(
    db: Database, orgs: tuple[int, int], partner: Principal, reviewer: Principal
) -> None:
    made = proposals.submit_proposal(db, partner, site(orgs[0]))
    proposals.review_proposal(
        db,
        reviewer,
        made.id,
        comment="¿plano?",
        to_status=ProposalStatus.CHANGES_REQUESTED,
        pack=PACK,
    )
    with pytest.raises(ConflictError):  # cannot approve what awaits the partner's changes
        proposals.review_proposal(
            db,
            reviewer,
            made.id,
            comment="ok",
            to_status=ProposalStatus.APPROVED,
            pack=PACK,
        )
    revised = proposals.revise_proposal(db, partner, made.id, site(orgs[0], plot_m2=2000))
    assert revised.status == ProposalStatus.SUBMITTED and revised.plot_m2 == 2000
    proposals.attach_needs_analysis(db, made.id, ANALYSIS)
    proposals.review_proposal(db, reviewer, made.id, comment="nota sin cambio de estado", pack=PACK)
    approved = proposals.review_proposal(
        db,
        reviewer,
        made.id,
        comment="aprobado",
        to_status=ProposalStatus.APPROVED,
        effective_on=dt.date(2026, 3, 2),
        pack=PACK,
    )
    assert approved.status == ProposalStatus.APPROVED and approved.centre_id is not None
    assert [(r.from_status, r.to_status) for r in approved.reviews] == [
        (ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED),
        (ProposalStatus.SUBMITTED, None),
        (ProposalStatus.SUBMITTED, ProposalStatus.APPROVED),
    ]
    centre = centres.get_centre(db, partner, approved.centre_id)  # the partner sees it
    assert centre.scheme == "CECI Empresa" and centre.status == CentreStatus.APPROVED
    assert centre.status_since == dt.date(2026, 3, 2) and centre.operator == "Parque A"
    # It opens with the recommended 250 places in the engine's default rooms, split by the
    # catchment's eligible children by age: lactantes (43 d-19 m) take 535/1053 of the
    # under-3s, maternales the rest of them and every 3-year-old.
    rooms = {r.age_group: r.capacity for r in centre.rooms}
    under_3, three_plus = ANALYSIS["eligible_under_3"], ANALYSIS["eligible_3_plus"]
    lactantes = under_3 * (19 * 365.25 / 12 - 43) / (36 * 365.25 / 12 - 43)
    share = lactantes / (under_3 + three_plus)
    assert set(rooms) == {"lactantes", "maternales"}
    assert sum(rooms.values()) == centre.capacity == 250
    assert abs(rooms["lactantes"] - 250 * share) <= 0.5
    with pytest.raises(ConflictError):
        proposals.review_proposal(
            db,
            reviewer,
            made.id,
            comment="otra vez",
            to_status=ProposalStatus.REJECTED,
            pack=PACK,
        )
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    actions = [e.action for e in audit.list_entries(db, admin, entity="proposal")[0]]
    assert actions == ["review", "review", "analyse", "update", "review", "create"]


def test_an_empty_comment_is_refused(
    db: Database, orgs: tuple[int, int], partner: Principal, reviewer: Principal
) -> None:
    made = proposals.submit_proposal(db, partner, site(orgs[0]))
    before = stored(db)
    with pytest.raises(InputError, match="comment"):
        proposals.review_proposal(db, reviewer, made.id, comment="  ", pack=PACK)
    assert stored(db) == before


def test_approval_needs_a_size_from_the_analysis_or_the_reviewer(
    db: Database, orgs: tuple[int, int], partner: Principal, reviewer: Principal
) -> None:
    made = proposals.submit_proposal(db, partner, site(orgs[0]))
    before = stored(db)
    with pytest.raises(InputError, match="places"):  # no analysis yet, no size given
        proposals.review_proposal(
            db,
            reviewer,
            made.id,
            comment="ok",
            to_status=ProposalStatus.APPROVED,
            pack=PACK,
        )
    assert stored(db) == before
    approved = proposals.review_proposal(
        db,
        reviewer,
        made.id,
        comment="ok",
        to_status=ProposalStatus.APPROVED,
        places=110,
        pack=PACK,
    )
    assert approved.centre_id is not None
    centre = centres.get_centre(db, reviewer, approved.centre_id)
    # Without the analysis' age split, places follow each room's age span (43 d-19 m of
    # 43 d-48 m for lactantes).
    rooms = {r.age_group: r.capacity for r in centre.rooms}
    span = (19 * 365.25 / 12 - 43) / (48 * 365.25 / 12 - 43)
    assert centre.capacity == 110 and abs(rooms["lactantes"] - 110 * span) <= 0.5
