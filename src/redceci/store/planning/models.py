"""Planning's tables: scenarios (planning runs and their results), partners' site proposals with
their reviews, and the plot registry (plots offered for centres, with their dated history)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from redceci.planning.land import OwnerKind, PlotStatus
from redceci.platform.vocabulary import ProposalStatus, ScenarioStatus
from redceci.store.base import Base, enum_column, utcnow


class Scenario(Base):
    """A planning run: its parameters, progress and the summary of its result."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    state_code: Mapped[str | None] = mapped_column(sa.ForeignKey("states.code"), index=True)
    parameters: Mapped[dict[str, Any]]
    status: Mapped[ScenarioStatus] = mapped_column(enum_column(ScenarioStatus, "scenario_status"))
    progress: Mapped[float] = mapped_column(default=0.0)
    message: Mapped[str] = mapped_column(sa.String(300), default="")
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]


class PartnerProposal(Base):
    """A partner's proposed CECI Empresa site and its review."""

    __tablename__ = "partner_proposals"
    __table_args__ = (
        sa.CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="coords"),
        sa.CheckConstraint("plot_m2 > 0 AND employees >= 0", name="sizes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    site_name: Mapped[str] = mapped_column(sa.String(200))
    state_code: Mapped[str | None] = mapped_column(sa.ForeignKey("states.code"))
    lat: Mapped[float]
    lon: Mapped[float]
    plot_m2: Mapped[float]
    employees: Mapped[int]
    shifts: Mapped[list[str]] = mapped_column(sa.JSON)
    status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus, "proposal_status"))
    needs_analysis: Mapped[dict[str, Any] | None]
    centre_id: Mapped[int | None] = mapped_column(sa.ForeignKey("centres.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    reviews: Mapped[list[ProposalReview]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProposalReview.id"
    )


class ProposalReview(Base):
    """A reviewer's comment on a proposal, with the status change it made if any."""

    __tablename__ = "proposal_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("partner_proposals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    from_status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus, "review_from_status")
    )
    to_status: Mapped[ProposalStatus | None] = mapped_column(
        enum_column(ProposalStatus, "review_to_status")
    )
    comment: Mapped[str] = mapped_column(sa.Text)


class Plot(Base):
    """A plot offered for a centre: where, how big, whose, its documents and status, and the
    automatic site report of its catchment."""

    __tablename__ = "plots"
    __table_args__ = (
        sa.CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="coords"),
        sa.CheckConstraint("area_m2 > 0", name="area"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    state_code: Mapped[str] = mapped_column(sa.ForeignKey("states.code"), index=True)
    municipality: Mapped[str] = mapped_column(sa.String(200), default="")
    lat: Mapped[float]
    lon: Mapped[float]
    area_m2: Mapped[float]
    owner_kind: Mapped[OwnerKind] = mapped_column(enum_column(OwnerKind, "plot_owner_kind"))
    owner_name: Mapped[str] = mapped_column(sa.String(200))
    documents: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[PlotStatus] = mapped_column(enum_column(PlotStatus, "plot_status"))
    status_since: Mapped[dt.date]
    site_report: Mapped[dict[str, Any] | None]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    registered_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    events: Mapped[list[PlotEvent]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="PlotEvent.id"
    )


class PlotEvent(Base):
    """A plot's status change (or a reviewer's comment), dated and signed."""

    __tablename__ = "plot_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    plot_id: Mapped[int] = mapped_column(sa.ForeignKey("plots.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    effective_on: Mapped[dt.date]
    from_status: Mapped[PlotStatus | None] = mapped_column(
        enum_column(PlotStatus, "plot_event_from_status")
    )
    to_status: Mapped[PlotStatus | None] = mapped_column(
        enum_column(PlotStatus, "plot_event_to_status")
    )
    comment: Mapped[str] = mapped_column(sa.Text, default="")
