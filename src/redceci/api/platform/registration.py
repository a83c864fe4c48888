"""Parents open their own account (``/api/auth/register``), confirm the e-mail by the mailed
link, and reset a forgotten password by another; all counted against the sign-in limits."""

from __future__ import annotations

from fastapi import Request, status

from redceci.api.deps import DatabaseDep
from redceci.api.errors import problems
from redceci.api.platform.mailers import RESET_PAGE, VERIFY_PAGE, link_maker, mailer_of
from redceci.api.platform.schemas import (
    LinkToken,
    Registered,
    RegisterRequest,
    ResetConfirm,
    ResetRequest,
    Verified,
)
from redceci.api.ratelimit import client_address, limiter_of
from redceci.api.routing import CapabilityRouter
from redceci.countries import country_pack
from redceci.store.platform import registration

router = CapabilityRouter(prefix="/api/auth", tags=["auth"])


def _count(request: Request, email: str) -> None:
    limiter_of(request).login(client_address(request), email)


@router.post(
    "/register",
    response_model=Registered,
    status_code=status.HTTP_201_CREATED,
    summary="Open a parent's account (a verification link is mailed; valid 48 h)",
    responses=problems(409, 422, 429),
)
def register(body: RegisterRequest, request: Request, db: DatabaseDep) -> object:
    _count(request, body.email)
    made = registration.register_parent(
        db,
        mailer_of(request),
        link_maker(request, VERIFY_PAGE),
        email=body.email,
        name=body.name,
        phone=body.phone,
        password=body.password,
        programme=country_pack(request.app.state.settings.country).words.programme,
    )
    return Registered(email=made.email, folio=made.folio)


@router.post(
    "/verify",
    response_model=Verified,
    summary="Confirm an e-mail address with the mailed link's token",
    responses=problems(422, 429),
)
def verify(body: LinkToken, request: Request, db: DatabaseDep) -> object:
    _count(request, "verify")
    user = registration.verify_email(db, body.token)
    return Verified(email=user.email)


@router.post(
    "/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Mail a password-reset link (valid 1 h) if an account has this address",
    responses=problems(422, 429),
)
def password_reset(body: ResetRequest, request: Request, db: DatabaseDep) -> dict[str, str]:
    _count(request, body.email)
    registration.request_password_reset(
        db, mailer_of(request), link_maker(request, RESET_PAGE), body.email
    )
    return {"detail": "si hay una cuenta con ese correo, le enviamos un enlace"}


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with the mailed link's token",
    responses=problems(422, 429),
)
def password_reset_confirm(body: ResetConfirm, request: Request, db: DatabaseDep) -> None:
    _count(request, "reset")
    registration.reset_password(db, body.token, body.password)
