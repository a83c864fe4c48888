"""The platform's closed vocabularies: roles, statuses and their allowed transitions, and the
country pack's schemes a centre may be run under."""

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


#: The schemes a centre may be run under: the deployment's country pack's (``Words.schemes``,
#: direct provision first, then with employers), set once by ``countries.activate`` as the
#: identity rules are. None (no pack active, library use): not checked.
_SCHEMES: list[tuple[str, ...] | None] = [None]


def use_schemes(names: tuple[str, ...] | None) -> None:
    """Check centres' schemes against ``names`` from now on (None: no check)."""
    _SCHEMES[0] = names


def active_schemes() -> tuple[str, ...] | None:
    """The schemes in use (None: no pack active, schemes unchecked)."""
    return _SCHEMES[0]


def employer_scheme() -> str | None:
    """The scheme of centres run with an employer: the active pack's last (``Words.schemes``);
    None when no pack is active (library use)."""
    names = _SCHEMES[0]
    return None if names is None else names[-1]


def check_scheme(name: str) -> str:
    """``name`` if it is one of the active pack's schemes (trimmed), else ``ValueError`` naming
    the allowed ones; without an active pack any non-empty name of 32 characters."""
    clean = name.strip()
    names = _SCHEMES[0]
    if names is None:
        if not 0 < len(clean) <= 32:
            raise ValueError("a scheme has 1 to 32 characters")
        return clean
    if clean not in names:
        raise ValueError(
            f"esquema desconocido / unknown scheme {clean[:40]!r}; allowed: {', '.join(names)}"
        )
    return clean


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
