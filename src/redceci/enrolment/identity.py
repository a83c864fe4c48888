"""The identity documents in use: the deployment's country pack's rules (``IdentityRules``:
a child's identifier and an insured parent's number, each with its check), set once by the
composition roots; no country's documents are assumed without them.
"""

from __future__ import annotations

from datetime import date

from redceci.errors import InputError
from redceci.platform.country import IdentityRules

__all__ = [
    "active_identity",
    "person_birth_date",
    "person_id_name",
    "use_identity",
    "validate_insurance_id",
    "validate_person_id",
]


#: The identity rules of the deployment's country pack (a deployment serves one country). The
#: composition roots (``create_app``, the commands) set them once from the settings' country;
#: until then (None) no identifier is valid: no country's documents are assumed.
_ACTIVE: list[IdentityRules | None] = [None]


def use_identity(rules: IdentityRules | None) -> None:
    """Validate identifiers by ``rules`` from now on (None: by none, every one refused)."""
    _ACTIVE[0] = rules


def active_identity() -> IdentityRules:
    """The identity rules in use (the country pack's), or an ``InputError`` when none are."""
    rules = _ACTIVE[0]
    if rules is None:
        raise InputError(
            "no identity rules: a country pack's must be active (countries.activate, "
            "enrolment.identity.use_identity)"
        )
    return rules


def person_id_name() -> str:
    """The name of the child's identifier under the rules in use ("CURP", "CUI" ...)."""
    return active_identity().person_id


def validate_person_id(value: str) -> str:
    """A child's identifier, validated by the rules in use, in its clean form."""
    return active_identity().validate_person_id(value)


def person_birth_date(value: str) -> date | None:
    """The birth date a valid identifier encodes under the rules in use (None if it encodes
    none)."""
    rules = active_identity()
    return rules.birth_date_of(value) if rules.birth_date_of is not None else None


def validate_insurance_id(value: str) -> str:
    """An insured parent's number, validated by the rules in use, in its clean form."""
    return active_identity().validate_insurance_id(value)
