"""The platform's API shapes: accounts, tokens, organisations, states, centres, imports, the
audit log and the health check (named by purpose, separate from tables)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.fields import DbId
from redceci.store.platform.accounts import MAX_TOKEN_DAYS
from redceci.store.platform.centres import CentreChanges, CentreData, RoomData

# Accounts


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, examples=["admin@demo.redceci.mx"])
    password: str = Field(max_length=1000)


class TokenRequest(LoginRequest):
    name: str = Field("api", min_length=1, max_length=100, description="What the token is for")
    expires_in_days: int = Field(90, ge=1, le=MAX_TOKEN_DAYS, description="At most a year")


class RoleGrant(BaseModel):
    """A role and the scope it needs: state_code (state coordinator), organisation_id
    (partner), centre_id (director, staff), family_id (parent); none for national roles."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    role: Role
    state_code: str | None = Field(None, pattern=r"^\d{2}$")
    organisation_id: DbId | None = None
    centre_id: DbId | None = None
    family_id: str | None = Field(None, min_length=1, max_length=64)

    def to_grant(self) -> Grant:
        return Grant(
            self.role, self.state_code, self.organisation_id, self.centre_id, self.family_id
        )


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    is_active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    roles: list[RoleGrant]


class SessionPublic(BaseModel):
    """Signed in: the user, and the CSRF token to send as ``X-CSRF-Token`` on every change."""

    user: UserPublic
    csrf_token: str
    expires_at: dt.datetime


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=1000)
    roles: list[RoleGrant] = Field(default_factory=list, max_length=50)


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    is_active: bool | None = None
    password: str | None = Field(None, min_length=10, max_length=1000)
    roles: list[RoleGrant] | None = Field(None, max_length=50)


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int = Field(90, ge=1, le=MAX_TOKEN_DAYS, description="At most a year")


class TokenPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIssued(TokenPublic):
    token: str = Field(description="The bearer token; shown this once, never stored")


class OrganisationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    tax_id: str | None = Field(None, max_length=20)


class OrganisationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    tax_id: str | None


# Registry


class StatePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str


class CentreCreate(CentreData):
    """A centre to register; ``rooms`` give its capacity by age group."""


class CentreUpdate(CentreChanges):
    """Fields to change; status changes go through ``/transitions``."""


class RoomPublic(RoomData):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class TransitionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_status: CentreStatus | None
    to_status: CentreStatus
    effective_on: dt.date
    note: str | None
    recorded_at: dt.datetime


class CentrePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    scheme: str
    operator: str
    operator_organisation_id: int | None
    state_code: str
    municipality: str | None
    address: str | None
    phone: str | None = None
    hours: str | None = None
    lat: float
    lon: float
    status: CentreStatus
    status_since: dt.date
    capacity: int
    rooms: list[RoomPublic]
    transitions: list[TransitionPublic]
    created_at: dt.datetime
    updated_at: dt.datetime


class CentrePage(BaseModel):
    total: int
    items: list[CentrePublic]


class TransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_status: CentreStatus
    effective_on: dt.date
    note: str | None = Field(None, max_length=500)


class ImportResult(BaseModel):
    created: int
    codes: list[str]


# Audit


class AuditEntryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: dt.datetime
    actor_id: int | None
    actor_email: str | None
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditPage(BaseModel):
    total: int
    items: list[AuditEntryPublic]


class Health(BaseModel):
    status: str
    database: str
    revision: str | None
    version: str


# Self-registration and mailed links


class RegisterRequest(BaseModel):
    """A parent opens an account; a verification link goes to the address."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, examples=["ana@example.mx"])
    name: str = Field(min_length=1, max_length=200, examples=["Ana Pérez"])
    phone: str = Field(max_length=30, examples=["442 123 4567"])
    password: str = Field(max_length=1000)


class Registered(BaseModel):
    """The new account: its address, its family folio, and that a link was sent."""

    email: str
    folio: str
    verification_sent: bool = True


class LinkToken(BaseModel):
    """The secret of a mailed link."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200)


class ResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)


class ResetConfirm(LinkToken):
    password: str = Field(max_length=1000)


class Verified(BaseModel):
    email: str
    verified: bool = True
