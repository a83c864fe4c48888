"""Enrolment: families and eligibility, priorities, fair assignment of places and the waitlist.

Pure domain logic (no HTTP, SQL or files). The flow of a round::

    Centre, Application (family, ranked centres)     or arrays (national rounds)
        └─ compile_round / build_round  → RoundInstance (seats, pairs, bids, priority keys)
             └─ deferred_acceptance     → Assignment (stable without joint sibling bids)
                  or min_blocking_assignment (exact, one municipality)
             └─ explanation_table / explain_family, WaitlistNetwork.from_round
"""

from redceci.enrolment.applications import Application, Centre, CompiledRound, compile_round
from redceci.enrolment.deferred_acceptance import deferred_acceptance
from redceci.enrolment.exact import (
    EXACT_MAX_CHILDREN,
    EXACT_MAX_CHILDREN_SOURCE,
    min_blocking_assignment,
)
from redceci.enrolment.explain import (
    CentreExplanation,
    FamilyExplanation,
    explain_family,
    explanation_table,
    pair_positions,
    seat_cutoffs,
)
from redceci.enrolment.family import (
    PHOTO_REF_MAX,
    AuthorisedPerson,
    Child,
    Family,
    Guardian,
    IdDocument,
)
from redceci.enrolment.identity import (
    active_identity,
    person_birth_date,
    use_identity,
    validate_insurance_id,
    validate_person_id,
)
from redceci.enrolment.insurance import (
    GRACE_PERIOD,
    GRACE_PERIOD_SOURCE,
    Coverage,
    InMemoryInsuranceRegistry,
    InsuranceRegistry,
    family_entitled,
    is_entitled,
)
from redceci.enrolment.priorities import (
    DEFAULT_POLICY,
    ChildDisability,
    PriorityContext,
    PriorityPolicy,
    PriorityRule,
    SiblingEnrolled,
    SingleWorkingParent,
    SponsorEmployee,
    family_lottery,
)
from redceci.enrolment.round import Assignment, RoundInstance, Seats, build_round
from redceci.enrolment.stability import (
    blocking_bids,
    capacity_violations,
    seat_occupancy,
    wasted_seats,
)
from redceci.enrolment.waitlist import (
    OFFER_PERIOD,
    EventKind,
    Offer,
    OfferState,
    WaitlistEvent,
    WaitlistNetwork,
)

__all__ = [
    "DEFAULT_POLICY",
    "EXACT_MAX_CHILDREN",
    "EXACT_MAX_CHILDREN_SOURCE",
    "GRACE_PERIOD",
    "GRACE_PERIOD_SOURCE",
    "OFFER_PERIOD",
    "PHOTO_REF_MAX",
    "Application",
    "Assignment",
    "AuthorisedPerson",
    "Centre",
    "CentreExplanation",
    "Child",
    "ChildDisability",
    "CompiledRound",
    "Coverage",
    "EventKind",
    "Family",
    "FamilyExplanation",
    "Guardian",
    "IdDocument",
    "InMemoryInsuranceRegistry",
    "InsuranceRegistry",
    "Offer",
    "OfferState",
    "PriorityContext",
    "PriorityPolicy",
    "PriorityRule",
    "RoundInstance",
    "Seats",
    "SiblingEnrolled",
    "SingleWorkingParent",
    "SponsorEmployee",
    "WaitlistEvent",
    "WaitlistNetwork",
    "active_identity",
    "blocking_bids",
    "build_round",
    "capacity_violations",
    "compile_round",
    "deferred_acceptance",
    "explain_family",
    "explanation_table",
    "family_entitled",
    "family_lottery",
    "is_entitled",
    "min_blocking_assignment",
    "pair_positions",
    "person_birth_date",
    "seat_cutoffs",
    "seat_occupancy",
    "use_identity",
    "validate_insurance_id",
    "validate_person_id",
    "wasted_seats",
]
