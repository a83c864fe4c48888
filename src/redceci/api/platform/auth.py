"""Sign in and out (browser sessions), API tokens, and who am I."""

from __future__ import annotations

from fastapi import Request, Response, status

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SessionCookie
from redceci.api.errors import problems
from redceci.api.params import Id
from redceci.api.platform.schemas import (
    LoginRequest,
    SessionPublic,
    TokenCreate,
    TokenIssued,
    TokenPublic,
    TokenRequest,
    UserPublic,
)
from redceci.api.platform.sessions import checked_user, sign_in, sign_out
from redceci.api.routing import CapabilityRouter
from redceci.store.platform import accounts

router = CapabilityRouter(prefix="/api/auth", tags=["auth"])


def _issued(issued: accounts.IssuedToken) -> TokenIssued:
    public = TokenPublic.model_validate(issued.token).model_dump()
    return TokenIssued.model_validate({**public, "token": issued.secret})


@router.post(
    "/login",
    response_model=SessionPublic,
    summary="Sign in with e-mail and password (sets the session cookie)",
    responses=problems(401, 422, 429),
)
def login(body: LoginRequest, request: Request, response: Response, db: DatabaseDep) -> object:
    opened = sign_in(request, response, db, body.email, body.password)
    return SessionPublic(
        user=UserPublic.model_validate(opened.user),
        csrf_token=opened.csrf_token,
        expires_at=opened.expires_at,
    )


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sign out (ends the session at once)",
    responses=problems(401, 403),
)
def logout(
    _principal: CurrentPrincipal, session_id: SessionCookie, db: DatabaseDep, response: Response
) -> None:
    sign_out(response, db, session_id)


@router.post(
    "/token",
    response_model=TokenIssued,
    status_code=status.HTTP_201_CREATED,
    summary="Exchange e-mail and password for a bearer token",
    responses=problems(401, 422, 429),
)
def token(body: TokenRequest, request: Request, db: DatabaseDep) -> object:
    user = checked_user(request, db, body.email, body.password)
    issued = accounts.issue_token(
        db,
        accounts.principal_of(user),
        name=body.name,
        expires_in_days=body.expires_in_days,
    )
    return _issued(issued)


@router.get("/me", response_model=UserPublic, summary="Who am I", responses=problems(401))
def me(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return accounts.own_user(db, principal)


@router.get(
    "/tokens",
    response_model=list[TokenPublic],
    summary="My API tokens",
    responses=problems(401),
)
def my_tokens(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return accounts.list_tokens(db, principal)


@router.post(
    "/tokens",
    response_model=TokenIssued,
    status_code=status.HTTP_201_CREATED,
    summary="Create an API token acting as me",
    responses=problems(401, 403, 422),
)
def create_token(body: TokenCreate, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    issued = accounts.issue_token(
        db, principal, name=body.name, expires_in_days=body.expires_in_days
    )
    return _issued(issued)


@router.delete(
    "/tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke one of my API tokens",
    responses=problems(401, 403, 404),
)
def revoke_token(token_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> None:
    accounts.revoke_token(db, principal, token_id)
