"""User and organisation administration (administrators only)."""

from __future__ import annotations

from fastapi import status

from redceci.api.deps import CurrentPrincipal, DatabaseDep
from redceci.api.errors import problems
from redceci.api.params import Id
from redceci.api.platform.schemas import (
    OrganisationCreate,
    OrganisationPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from redceci.api.routing import CapabilityRouter
from redceci.store.platform import accounts

router = CapabilityRouter(prefix="/api", tags=["users"])


@router.get(
    "/users",
    response_model=list[UserPublic],
    summary="All users",
    responses=problems(401, 403),
)
def list_users(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return accounts.list_users(db, principal)


@router.post(
    "/users",
    response_model=UserPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Create a user with roles",
    responses=problems(401, 403, 409, 422),
)
def create_user(body: UserCreate, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return accounts.create_user(
        db,
        principal,
        email=body.email,
        name=body.name,
        password=body.password,
        grants=[r.to_grant() for r in body.roles],
    )


@router.get(
    "/users/{user_id}",
    response_model=UserPublic,
    summary="One user",
    responses=problems(401, 403, 404),
)
def get_user(user_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return accounts.get_user(db, principal, user_id)


@router.patch(
    "/users/{user_id}",
    response_model=UserPublic,
    summary="Change a user's name, password, activity or roles",
    responses=problems(401, 403, 404, 409, 422),
)
def update_user(
    user_id: Id, body: UserUpdate, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return accounts.update_user(
        db,
        principal,
        user_id,
        name=body.name,
        is_active=body.is_active,
        password=body.password,
        grants=None if body.roles is None else [r.to_grant() for r in body.roles],
    )


@router.get(
    "/organisations",
    response_model=list[OrganisationPublic],
    summary="Partner organisations (a partner sees its own)",
    responses=problems(401, 403),
)
def list_organisations(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return accounts.list_organisations(db, principal)


@router.post(
    "/organisations",
    response_model=OrganisationPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Register a partner organisation",
    responses=problems(401, 403, 409, 422),
)
def create_organisation(
    body: OrganisationCreate, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return accounts.create_organisation(db, principal, name=body.name, tax_id=body.tax_id)
