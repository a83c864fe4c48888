"""The platform's tables: states, organisations, users with their roles, tokens and sessions, the
audit log, and the centres registry (centres, their rooms and their status pipeline)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.base import Base, enum_column, utcnow


class State(Base):
    """A first-level area (Mexico: the 32 entidades), loaded from the reference data."""

    __tablename__ = "states"

    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))


class DataVersion(Base):
    """A counter that every write to a group of tables bumps, by trigger, in the writer's own
    transaction (``store.versions``: answers kept by a server process are checked against it)."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger)


class Organisation(Base):
    """A partner organisation (a company or industrial park proposing CECI Empresa sites)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    tax_id: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(Base):
    """A person who signs in; what they may do comes from their role assignments."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None]
    #: When the person proved the address (a link sent to it); None: not yet, no sign-in.
    #: Accounts made by administrators or the system count as verified when made; only
    #: self-registration (``store/platform/registration``) stores None.
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(default=utcnow)
    phone: Mapped[str | None] = mapped_column(sa.String(30))

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )


class RoleAssignment(Base):
    """One role of one user, with exactly the scope that role needs (see ``ROLE_SCOPE``)."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        sa.CheckConstraint(
            "(role IN ('administrator', 'national_planner', 'nutritionist') AND state_code IS NULL"
            " AND organisation_id IS NULL AND centre_id IS NULL AND family_id IS NULL)"
            " OR (role = 'state_coordinator' AND state_code IS NOT NULL"
            " AND organisation_id IS NULL AND centre_id IS NULL AND family_id IS NULL)"
            " OR (role = 'partner' AND organisation_id IS NOT NULL"
            " AND state_code IS NULL AND centre_id IS NULL AND family_id IS NULL)"
            " OR (role IN ('centre_director', 'centre_staff', 'medical_staff')"
            " AND centre_id IS NOT NULL"
            " AND state_code IS NULL AND organisation_id IS NULL AND family_id IS NULL)"
            " OR (role = 'parent' AND family_id IS NOT NULL"
            " AND state_code IS NULL AND organisation_id IS NULL AND centre_id IS NULL)",
            name="scope_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    state_code: Mapped[str | None] = mapped_column(sa.ForeignKey("states.code"))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    centre_id: Mapped[int | None] = mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"))
    family_id: Mapped[str | None] = mapped_column(sa.String(64))

    user: Mapped[User] = relationship(back_populates="roles")


class ApiToken(Base):
    """A bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class WebSession(Base):
    """A browser session: the cookie holds a random id, the table its SHA-256 and CSRF token."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AccountToken(Base):
    """A one-use link sent by mail (verify the e-mail, reset the password); only its SHA-256
    is stored."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class AuditEntry(Base):
    """Who changed what and when, with the record before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_email: Mapped[str | None] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(40))
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str | None] = mapped_column(sa.String(64))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


class Centre(Base):
    """A CECI in the registry, existing or planned, with its rooms and status history."""

    __tablename__ = "centres"
    __table_args__ = (
        sa.CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="coords"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    #: One of the country pack's schemes (``Words.schemes``), as text.
    scheme: Mapped[str] = mapped_column(sa.String(32))
    operator: Mapped[str] = mapped_column(sa.String(200))
    operator_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    state_code: Mapped[str] = mapped_column(sa.ForeignKey("states.code"), index=True)
    municipality: Mapped[str | None] = mapped_column(sa.String(5))
    address: Mapped[str | None] = mapped_column(sa.String(300))
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    #: Opening hours as families read them ("lunes a viernes, 7:00 a 19:00").
    hours: Mapped[str | None] = mapped_column(sa.String(120))
    lat: Mapped[float]
    lon: Mapped[float]
    status: Mapped[CentreStatus] = mapped_column(enum_column(CentreStatus, "centre_status"))
    status_since: Mapped[dt.date]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    rooms: Mapped[list[CentreRoom]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CentreRoom.id"
    )
    transitions: Mapped[list[CentreTransition]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CentreTransition.id"
    )

    @property
    def capacity(self) -> int:
        return sum(room.capacity for room in self.rooms)


class CentreRoom(Base):
    """A room of a centre: its age group and its places."""

    __tablename__ = "centre_rooms"
    __table_args__ = (
        sa.UniqueConstraint("centre_id", "name", name="uq_centre_rooms_centre_name"),
        sa.CheckConstraint("capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(80))
    #: One of the country pack's room groups (``CountryPack.room_groups``), as text.
    age_group: Mapped[str] = mapped_column(sa.String(32))
    capacity: Mapped[int]


class CentreTransition(Base):
    """One dated step of a centre's status pipeline."""

    __tablename__ = "centre_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(
        sa.ForeignKey("centres.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[CentreStatus | None] = mapped_column(
        enum_column(CentreStatus, "from_status")
    )
    to_status: Mapped[CentreStatus] = mapped_column(enum_column(CentreStatus, "to_status"))
    effective_on: Mapped[dt.date]
    note: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
