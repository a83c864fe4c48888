"""A reviewer's form keeps what was written when a figure is missing, and says so beside the
field; a state coordinator reviews their own state's proposals."""

from __future__ import annotations

import sqlalchemy as sa

from redceci.platform.access import Grant
from redceci.platform.vocabulary import ProposalStatus, Role
from redceci.store.db import Database
from redceci.store.planning import proposals
from redceci.store.planning.models import PartnerProposal
from redceci.store.planning.proposals import ProposalData
from redceci.store.testing import add_user
from tests.web.world import People, WebClient


def _proposal(db: Database, people: People) -> int:
    partner = add_user(db, "a2@x.mx", Grant(Role.PARTNER, organisation_id=people.org_a))
    data = ProposalData(
        organisation_id=people.org_a,
        site_name="Planta Norte",
        state_code="19",
        lat=25.78,
        lon=-100.19,
        plot_m2=1500,
        employees=3200,
        shifts=["matutino"],
    )
    return proposals.submit_proposal(db, partner, data).id


def test_approving_without_places_keeps_the_comment_and_says_why_beside_the_field(
    client: WebClient, db: Database, people: People
) -> None:
    made = _proposal(db, people)  # no needs analysis yet: no recommended size
    csrf = client.login("planner@x.mx")
    comment = "Buen predio, cerca del parque industrial"
    page = client.post(
        f"/propuestas/{made}/revision",
        data={"csrf_token": csrf, "comment": comment, "to_status": "approved", "places": ""},
    )
    assert page.status_code == 422
    assert comment in page.text  # what the reviewer wrote is still there
    assert 'id="review-places-error"' in page.text and "número de lugares" in page.text
    assert 'value="approved" selected' in page.text
    with db.reading() as session:
        proposal = session.get(PartnerProposal, made)
        assert proposal is not None and proposal.status is ProposalStatus.SUBMITTED
        assert proposal.reviews == []  # nothing half-written
    bad = client.post(
        f"/propuestas/{made}/revision",
        data={"csrf_token": csrf, "comment": comment, "to_status": "approved", "places": "abc"},
    )
    assert bad.status_code == 422 and "un entero de 1 a 1000" in bad.text and comment in bad.text


def test_a_state_coordinator_reviews_their_own_states_proposal(
    client: WebClient, db: Database, people: People
) -> None:
    made = _proposal(db, people)
    csrf = client.login("coord@x.mx")  # Nuevo León, like the proposal
    page = client.get(f"/propuestas/{made}").text
    assert 'id="review-form"' in page
    done = client.post(
        f"/propuestas/{made}/revision",
        data={"csrf_token": csrf, "comment": "revisando", "to_status": "in_review"},
    )
    assert done.status_code == 200
    with db.reading() as session:
        status = session.scalar(sa.select(PartnerProposal.status))
    assert status is ProposalStatus.IN_REVIEW
    csrf = client.login("planner@x.mx")
    assert client.get(f"/propuestas/{made}").status_code == 200


def test_a_coordinator_of_another_state_cannot_see_or_review_it(
    client: WebClient, db: Database, people: People
) -> None:
    made = _proposal(db, people)
    add_user(db, "jal@x.mx", Grant(Role.STATE_COORDINATOR, state_code="14"), name="Coord Jal")
    csrf = client.login("jal@x.mx")
    assert client.get(f"/propuestas/{made}").status_code == 404
    refused = client.post(
        f"/propuestas/{made}/revision",
        data={"csrf_token": csrf, "comment": "x", "to_status": "in_review"},
    )
    assert refused.status_code == 404
