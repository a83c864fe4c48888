"""Authorisation: who may do what, and where. Deny by default.

A ``Principal`` is a signed-in user with their role grants. ``GRANTS`` lists, per role, the only
permissions it has; ``Principal.scope(permission)`` unions the scopes of the grants that give
the permission (national, states, organisations, centres, families). Services ask
``principal.require(permission)``: no grant means ``PermissionDeniedError`` (403); an object
outside the scope is reported as not found (404), so nobody learns of another's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from redceci.errors import PermissionDeniedError
from redceci.platform.vocabulary import ROLE_SCOPE, Role


class Permission(StrEnum):
    """Every action the platform checks."""

    USERS_MANAGE = "users:manage"
    AUDIT_READ = "audit:read"
    CENTRES_READ = "centres:read"
    CENTRES_WRITE = "centres:write"
    SCENARIOS_READ = "scenarios:read"
    SCENARIOS_RUN = "scenarios:run"
    PROPOSALS_READ = "proposals:read"
    PROPOSALS_SUBMIT = "proposals:submit"
    PROPOSALS_REVIEW = "proposals:review"
    ENROLMENT_APPLY = "enrolment:apply"  # a parent, for their own family
    ENROLMENT_CENTRE = "enrolment:centre"  # a director: rosters, moves, vacancies
    ENROLMENT_MANAGE = "enrolment:manage"  # rules, rounds, statistics (administrators)
    # nutrition_health
    MENUS_READ = "menus:read"  # menus, recipes, rule checks
    MENUS_WRITE = "menus:write"  # build recipes and draft menus, publish them (nutritionists)
    KITCHEN = "kitchen:read"  # a centre's kitchen sheet, purchase list and allergy alerts
    HEALTH_READ = "health:read"  # a child's health record (every read audited)
    HEALTH_WRITE = "health:write"  # allergies, measurements, vaccines, medication, referrals
    DEVELOPMENT_RECORD = "development:record"  # educators record milestone checklists
    HEALTH_NETWORK = "health:network"  # aggregated network dashboard (small cells suppressed)
    # planning: the plot registry
    PLOTS_READ = "plots:read"
    PLOTS_REGISTER = "plots:register"  # state coordinators (their state), partners (their org)
    PLOTS_REVIEW = "plots:review"  # planners: validate, reject, record donation and works
    # operations: the centre's day
    OPERATIONS_RECORD = "operations:record"  # staff: check-in/out, filter, roll-call, entries
    OPERATIONS_BOARD = "operations:board"  # the live board, conflicts, incidents, reports
    OPERATIONS_MANAGE = "operations:manage"  # a centre's staff, shifts, calendar (directors)
    OPERATIONS_HEALTH = "operations:health"  # the health filter's exclusion rules (medical)
    OPERATIONS_FAMILY = "operations:family"  # guardians: report, messages, codes, absences
    OPERATIONS_NETWORK = "operations:network"  # indicators by state and centre (coordinators)


#: Health records are seen only by a child's guardians, the centre's medical staff and its
#: director (issue 11): not even an administrator holds these.
HEALTH_RECORDS = frozenset({Permission.HEALTH_READ, Permission.HEALTH_WRITE})

#: The only permissions each role has (anything not listed is denied).
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission) - HEALTH_RECORDS,
    Role.NATIONAL_PLANNER: frozenset(
        {
            Permission.CENTRES_READ,
            Permission.CENTRES_WRITE,
            Permission.SCENARIOS_READ,
            Permission.SCENARIOS_RUN,
            Permission.PROPOSALS_READ,
            Permission.PROPOSALS_REVIEW,
            Permission.PLOTS_READ,
            Permission.PLOTS_REGISTER,
            Permission.PLOTS_REVIEW,
        }
    ),
    Role.STATE_COORDINATOR: frozenset(
        {
            Permission.CENTRES_READ,
            Permission.CENTRES_WRITE,
            Permission.SCENARIOS_READ,
            Permission.SCENARIOS_RUN,
            Permission.PROPOSALS_READ,
            Permission.PROPOSALS_REVIEW,  # their own state's (issue 14)
            Permission.PLOTS_READ,
            Permission.PLOTS_REGISTER,
        }
    ),
    Role.PARTNER: frozenset(
        {
            Permission.CENTRES_READ,
            Permission.PROPOSALS_READ,
            Permission.PROPOSALS_SUBMIT,
            Permission.PLOTS_READ,
            Permission.PLOTS_REGISTER,
        }
    ),
    Role.CENTRE_DIRECTOR: frozenset({Permission.CENTRES_READ, Permission.ENROLMENT_CENTRE}),
    Role.CENTRE_STAFF: frozenset({Permission.CENTRES_READ}),
    Role.PARENT: frozenset({Permission.ENROLMENT_APPLY}),
    Role.NUTRITIONIST: frozenset(
        {
            Permission.CENTRES_READ,
            Permission.MENUS_READ,
            Permission.MENUS_WRITE,
            Permission.HEALTH_NETWORK,
        }
    ),
    Role.MEDICAL_STAFF: frozenset(
        {
            Permission.CENTRES_READ,
            Permission.MENUS_READ,
            Permission.KITCHEN,
            Permission.HEALTH_READ,
            Permission.HEALTH_WRITE,
            Permission.DEVELOPMENT_RECORD,
        }
    ),
}
# nutrition_health grants to the existing roles: the director reads the centre's health records
# and kitchen; educators see menus and the kitchen sheet and record milestones; parents read
# their own children's records; planners see the network's aggregates.
GRANTS[Role.CENTRE_DIRECTOR] |= {
    Permission.MENUS_READ,
    Permission.KITCHEN,
    Permission.HEALTH_READ,
    Permission.DEVELOPMENT_RECORD,
}
GRANTS[Role.CENTRE_STAFF] |= {
    Permission.MENUS_READ,
    Permission.KITCHEN,
    Permission.DEVELOPMENT_RECORD,
}
GRANTS[Role.PARENT] |= {Permission.MENUS_READ, Permission.HEALTH_READ}
GRANTS[Role.NATIONAL_PLANNER] |= {Permission.MENUS_READ, Permission.HEALTH_NETWORK}
GRANTS[Role.STATE_COORDINATOR] |= {Permission.MENUS_READ, Permission.HEALTH_NETWORK}
# operations grants (issue 10): staff record their centre's day, directors also run the board
# and the centre's staff and calendar, medical staff set the filter's exclusion rules, guardians
# see and act for their own children, coordinators (their state) and planners (all) see the
# boards and the network's indicators.
GRANTS[Role.CENTRE_STAFF] |= {Permission.OPERATIONS_RECORD}
GRANTS[Role.CENTRE_DIRECTOR] |= {
    Permission.OPERATIONS_RECORD,
    Permission.OPERATIONS_BOARD,
    Permission.OPERATIONS_MANAGE,
}
GRANTS[Role.MEDICAL_STAFF] |= {Permission.OPERATIONS_RECORD, Permission.OPERATIONS_HEALTH}
GRANTS[Role.PARENT] |= {Permission.OPERATIONS_FAMILY}
GRANTS[Role.STATE_COORDINATOR] |= {Permission.OPERATIONS_BOARD, Permission.OPERATIONS_NETWORK}
GRANTS[Role.NATIONAL_PLANNER] |= {Permission.OPERATIONS_BOARD, Permission.OPERATIONS_NETWORK}


@dataclass(frozen=True)
class Grant:
    """One role with its scope (only the field ``ROLE_SCOPE`` names for the role is set)."""

    role: Role
    state_code: str | None = None
    organisation_id: int | None = None
    centre_id: int | None = None
    family_id: str | None = None

    def check(self) -> None:
        """Raise ``ValueError`` unless exactly the role's scope field is set."""
        wanted = ROLE_SCOPE[self.role]
        for name in ("state_code", "organisation_id", "centre_id", "family_id"):
            present = getattr(self, name) is not None
            if present != (name == wanted):
                need = f"needs {wanted}" if wanted else "takes no scope"
                raise ValueError(f"role {self.role} {need}")


@dataclass(frozen=True)
class Scope:
    """Where a permission applies: everywhere, or in these states, organisations, centres."""

    national: bool = False
    states: frozenset[str] = frozenset()
    organisations: frozenset[int] = frozenset()
    centres: frozenset[int] = frozenset()
    families: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (
            self.national or self.states or self.organisations or self.centres or self.families
        )

    def covers_state(self, code: str | None) -> bool:
        return self.national or (code is not None and code in self.states)

    def covers_organisation(self, organisation_id: int | None) -> bool:
        return self.national or (
            organisation_id is not None and organisation_id in self.organisations
        )


@dataclass(frozen=True)
class Principal:
    """A signed-in user and their grants, as seen by the services."""

    user_id: int
    email: str
    name: str
    grants: tuple[Grant, ...]
    csrf_token: str | None = field(default=None, repr=False)  # set for cookie sessions only

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(g.role for g in self.grants)

    def scope(self, permission: Permission) -> Scope:
        """Union of the scopes of every grant whose role has ``permission``."""
        national = False
        states: set[str] = set()
        organisations: set[int] = set()
        centres: set[int] = set()
        families: set[str] = set()
        for grant in self.grants:
            if permission not in GRANTS[grant.role]:
                continue
            if ROLE_SCOPE[grant.role] is None:
                national = True
            if grant.state_code is not None:
                states.add(grant.state_code)
            if grant.organisation_id is not None:
                organisations.add(grant.organisation_id)
            if grant.centre_id is not None:
                centres.add(grant.centre_id)
            if grant.family_id is not None:
                families.add(grant.family_id)
        return Scope(
            national,
            frozenset(states),
            frozenset(organisations),
            frozenset(centres),
            frozenset(families),
        )

    def can(self, permission: Permission) -> bool:
        return not self.scope(permission).empty

    def require(self, permission: Permission) -> Scope:
        """The scope of ``permission``; ``PermissionDeniedError`` if no role grants it."""
        scope = self.scope(permission)
        if scope.empty:
            raise PermissionDeniedError(f"your roles do not allow {permission}")
        return scope
