"""The platform's closed vocabularies: roles, schemes, statuses and their allowed transitions."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from redceci.errors import ConflictError

S = TypeVar("S", bound=StrEnum)


class Role(StrEnum):
    """A user's role; each assignment carries the scope the role needs."""

    ADMINISTRATOR = "administrator"
    NATIONAL_PLANNER = "national_planner"
    STATE_COORDINATOR = "state_coordinator"  # scope: state code
    PARTNER = "partner"  # scope: organisation id
    CENTRE_DIRECTOR = "centre_director"  # scope: centre id
    CENTRE_STAFF = "centre_staff"  # scope: centre id
    PARENT = "parent"  # scope: family id
    # nutrition_health: a nutritionist builds and publishes the network's menus (national: the
    # menus are set centrally and may be given per state); medical staff keep a centre's health
    # records (allergies, measurements, vaccines, medication).
    NUTRITIONIST = "nutritionist"
    MEDICAL_STAFF = "medical_staff"  # scope: centre id


#: Which scope column each role requires (None: national, no scope).
ROLE_SCOPE: dict[Role, str | None] = {
    Role.ADMINISTRATOR: None,
    Role.NATIONAL_PLANNER: None,
    Role.STATE_COORDINATOR: "state_code",
    Role.PARTNER: "organisation_id",
    Role.CENTRE_DIRECTOR: "centre_id",
    Role.CENTRE_STAFF: "centre_id",
    Role.PARENT: "family_id",
    Role.NUTRITIONIST: None,
    Role.MEDICAL_STAFF: "centre_id",
}


class Scheme(StrEnum):
    """How a centre is run: by IMSS itself, or by a company under the CECI Empresa scheme."""

    CECI_IMSS = "CECI IMSS"
    CECI_EMPRESA = "CECI Empresa"


class CentreStatus(StrEnum):
    """Where a centre is in its life."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    UNDER_CONSTRUCTION = "under_construction"
    OPERATING = "operating"
    CLOSED = "closed"


CENTRE_TRANSITIONS: dict[CentreStatus, frozenset[CentreStatus]] = {
    CentreStatus.PROPOSED: frozenset({CentreStatus.APPROVED, CentreStatus.CLOSED}),
    CentreStatus.APPROVED: frozenset({CentreStatus.UNDER_CONSTRUCTION, CentreStatus.CLOSED}),
    CentreStatus.UNDER_CONSTRUCTION: frozenset({CentreStatus.OPERATING, CentreStatus.CLOSED}),
    CentreStatus.OPERATING: frozenset({CentreStatus.CLOSED}),
    CentreStatus.CLOSED: frozenset(),
}


class ScenarioStatus(StrEnum):
    """A planning run's state."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ProposalStatus(StrEnum):
    """A partner's proposal under review."""

    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"


PROPOSAL_TRANSITIONS: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    ProposalStatus.SUBMITTED: frozenset(
        {
            ProposalStatus.IN_REVIEW,
            ProposalStatus.CHANGES_REQUESTED,
            ProposalStatus.APPROVED,
            ProposalStatus.REJECTED,
        }
    ),
    ProposalStatus.IN_REVIEW: frozenset(
        {ProposalStatus.CHANGES_REQUESTED, ProposalStatus.APPROVED, ProposalStatus.REJECTED}
    ),
    ProposalStatus.CHANGES_REQUESTED: frozenset({ProposalStatus.SUBMITTED}),
    ProposalStatus.APPROVED: frozenset(),
    ProposalStatus.REJECTED: frozenset(),
}


def check_transition(table: dict[S, frozenset[S]], current: S, target: S, *, what: str) -> None:
    """Raise ``ConflictError`` unless ``current`` -> ``target`` is in the table."""
    if target not in table[current]:
        allowed = ", ".join(sorted(table[current])) or "none (final)"
        raise ConflictError(f"{what} cannot go from {current} to {target}; allowed: {allowed}")
