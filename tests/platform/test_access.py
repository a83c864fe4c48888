"""Deny by default: permissions come only from the grants table, scopes from assignments."""

from __future__ import annotations

import pytest

from redceci.errors import PermissionDeniedError
from redceci.platform.access import GRANTS, Grant, Permission, Principal
from redceci.platform.vocabulary import ROLE_SCOPE, Role


def principal(*grants: Grant) -> Principal:
    return Principal(1, "a@b.mx", "A", grants)


def test_a_user_without_roles_may_do_nothing() -> None:
    nobody = principal()
    for permission in Permission:
        assert not nobody.can(permission)
        with pytest.raises(PermissionDeniedError):
            nobody.require(permission)


def test_parents_may_only_apply_and_read_menus_and_their_childrens_health_and_day() -> None:
    assert GRANTS[Role.PARENT] == frozenset(
        {
            Permission.ENROLMENT_APPLY,
            Permission.MENUS_READ,
            Permission.HEALTH_READ,
            Permission.OPERATIONS_FAMILY,
        }
    )
    assert not principal(Grant(Role.PARENT, family_id="F1")).can(Permission.CENTRES_READ)


def test_every_role_has_an_entry_in_the_grants_and_scope_tables() -> None:
    assert set(GRANTS) == set(Role) == set(ROLE_SCOPE)


def test_only_administrators_manage_users_and_read_the_audit_log() -> None:
    for role in Role:
        allowed = role is Role.ADMINISTRATOR
        assert (Permission.USERS_MANAGE in GRANTS[role]) is allowed
        assert (Permission.AUDIT_READ in GRANTS[role]) is allowed


def test_a_state_coordinators_scope_is_their_states_only() -> None:
    coordinator = principal(
        Grant(Role.STATE_COORDINATOR, state_code="19"),
        Grant(Role.STATE_COORDINATOR, state_code="14"),
    )
    scope = coordinator.require(Permission.CENTRES_WRITE)
    assert not scope.national
    assert scope.states == {"19", "14"}
    assert scope.covers_state("19") and not scope.covers_state("09")


def test_scopes_are_united_only_over_grants_that_give_the_permission() -> None:
    user = principal(
        Grant(Role.CENTRE_DIRECTOR, centre_id=7),
        Grant(Role.PARTNER, organisation_id=3),
    )
    assert user.scope(Permission.CENTRES_READ).centres == {7}
    assert user.scope(Permission.CENTRES_READ).organisations == {3}
    submit = user.scope(Permission.PROPOSALS_SUBMIT)
    assert submit.organisations == {3} and submit.centres == frozenset()
    assert not user.can(Permission.CENTRES_WRITE)


def test_national_roles_cover_every_state() -> None:
    planner = principal(Grant(Role.NATIONAL_PLANNER))
    assert planner.require(Permission.CENTRES_WRITE).covers_state("32")
    assert not planner.can(Permission.USERS_MANAGE)


@pytest.mark.parametrize(
    "grant",
    [
        Grant(Role.STATE_COORDINATOR),
        Grant(Role.ADMINISTRATOR, state_code="19"),
        Grant(Role.PARTNER, centre_id=1),
        Grant(Role.PARENT, family_id="F", centre_id=2),
    ],
)
def test_a_grant_must_carry_exactly_its_roles_scope(grant: Grant) -> None:
    with pytest.raises(ValueError, match="role"):
        grant.check()


def test_only_guardians_medical_staff_and_directors_read_health_records() -> None:
    readers = {role for role in Role if Permission.HEALTH_READ in GRANTS[role]}
    assert readers == {Role.PARENT, Role.MEDICAL_STAFF, Role.CENTRE_DIRECTOR}
    writers = {role for role in Role if Permission.HEALTH_WRITE in GRANTS[role]}
    assert writers == {Role.MEDICAL_STAFF}


def test_only_nutritionists_and_administrators_write_menus() -> None:
    writers = {role for role in Role if Permission.MENUS_WRITE in GRANTS[role]}
    assert writers == {Role.NUTRITIONIST, Role.ADMINISTRATOR}


def test_only_the_centres_people_record_its_day_and_only_medical_staff_set_the_filter() -> None:
    recorders = {r for r in Role if Permission.OPERATIONS_RECORD in GRANTS[r]}
    assert recorders == {
        Role.ADMINISTRATOR,
        Role.CENTRE_DIRECTOR,
        Role.CENTRE_STAFF,
        Role.MEDICAL_STAFF,
    }
    health = {r for r in Role if Permission.OPERATIONS_HEALTH in GRANTS[r]}
    assert health == {Role.ADMINISTRATOR, Role.MEDICAL_STAFF}
    coordinator = principal(Grant(Role.STATE_COORDINATOR, state_code="19"))
    assert coordinator.scope(Permission.OPERATIONS_NETWORK).states == {"19"}
    assert not coordinator.can(Permission.OPERATIONS_RECORD)
