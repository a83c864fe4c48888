"""Nutrition and health tables: recipes and menus (with their items), children's diet
restrictions, measurements with their z-scores, vaccinations, milestone screenings and
referrals, medication authorisations and the doses given."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from redceci.nutrition_health.allergies import RestrictionKind
from redceci.nutrition_health.development import ReferralStatus
from redceci.nutrition_health.menus import MenuStatus
from redceci.nutrition_health.stages import Course, Meal, Texture
from redceci.store.base import Base, enum_column, utcnow


class RecipeRow(Base):
    """A dish of the recipe book; ``lines`` are [ingredient code, gross g, net g] triples."""

    __tablename__ = "recipes"
    __table_args__ = (sa.CheckConstraint("yield_g > 0", name="yield"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name_es: Mapped[str] = mapped_column(sa.String(200))
    course: Mapped[Course] = mapped_column(enum_column(Course, "course"))
    texture: Mapped[Texture] = mapped_column(enum_column(Texture, "texture"))
    yield_g: Mapped[float]
    lines: Mapped[list[Any]] = mapped_column(sa.JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MenuRow(Base):
    """A menu cycle: national (``state_code`` None) or for one state; one published per scope."""

    __tablename__ = "menus"
    __table_args__ = (sa.CheckConstraint("weeks BETWEEN 1 AND 8", name="weeks"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    weeks: Mapped[int]
    state_code: Mapped[str | None] = mapped_column(sa.ForeignKey("states.code"), index=True)
    starts_on: Mapped[dt.date]  # a Monday: week 1 of the cycle
    status: Mapped[MenuStatus] = mapped_column(enum_column(MenuStatus, "menu_status"))
    published_at: Mapped[dt.datetime | None] = mapped_column()
    published_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    items: Mapped[list[MenuItemRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="MenuItemRow.id"
    )


class MenuItemRow(Base):
    __tablename__ = "menu_items"
    __table_args__ = (
        sa.UniqueConstraint(
            "menu_id", "week", "day", "meal", "stage", "recipe_code", name="uq_menu_items_dish"
        ),
        sa.CheckConstraint("day BETWEEN 0 AND 4", name="day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    menu_id: Mapped[int] = mapped_column(sa.ForeignKey("menus.id", ondelete="CASCADE"), index=True)
    week: Mapped[int]
    day: Mapped[int]
    meal: Mapped[Meal] = mapped_column(enum_column(Meal, "meal"))
    stage: Mapped[str] = mapped_column(sa.String(40))
    recipe_code: Mapped[str] = mapped_column(sa.String(64))


class DietRestriction(Base):
    """An allergy, intolerance or diet recorded by medical staff with its supporting document."""

    __tablename__ = "diet_restrictions"
    __table_args__ = (
        sa.CheckConstraint("(allergen IS NULL) <> (ingredient IS NULL)", name="what"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RestrictionKind] = mapped_column(enum_column(RestrictionKind, "restriction"))
    allergen: Mapped[str | None] = mapped_column(sa.String(32))
    ingredient: Mapped[str | None] = mapped_column(sa.String(64))
    document: Mapped[str] = mapped_column(sa.String(300))
    notes: Mapped[str | None] = mapped_column(sa.String(500))
    active: Mapped[bool] = mapped_column(default=True)
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Measurement(Base):
    """Weight and length/height on a day, with the WHO z-scores (None: not computed or
    implausible) and their implausibility flags."""

    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    measured_on: Mapped[dt.date]
    weight_kg: Mapped[float | None]
    length_cm: Mapped[float | None]
    position: Mapped[str] = mapped_column(sa.String(1))
    zwei: Mapped[float | None]
    zlen: Mapped[float | None]
    zwfl: Mapped[float | None]
    zbmi: Mapped[float | None]
    flags: Mapped[list[str]] = mapped_column(sa.JSON)
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Vaccination(Base):
    """A dose copied from the child's health card (Cartilla)."""

    __tablename__ = "vaccinations"
    __table_args__ = (
        sa.UniqueConstraint("child_id", "vaccine", "dose_number", name="uq_vaccinations_dose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    vaccine: Mapped[str] = mapped_column(sa.String(32))
    dose_number: Mapped[int]
    given_on: Mapped[dt.date]
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MilestoneScreening(Base):
    """One milestone checklist answered by an educator; ``flagged`` the domains it flags."""

    __tablename__ = "milestone_screenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    checkpoint_months: Mapped[int]
    screened_on: Mapped[dt.date]
    answers: Mapped[dict[str, str]] = mapped_column(sa.JSON)
    flagged: Mapped[list[str]] = mapped_column(sa.JSON)
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Referral(Base):
    """A flagged domain followed up by the medical staff."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    screening_id: Mapped[int] = mapped_column(
        sa.ForeignKey("milestone_screenings.id", ondelete="CASCADE"), index=True
    )
    domain: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[ReferralStatus] = mapped_column(enum_column(ReferralStatus, "referral"))
    notes: Mapped[str | None] = mapped_column(sa.String(1000))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MedicationAuthorisation(Base):
    """A guardian's written authorisation: medicine, dose, times (HH:MM list), dates, document."""

    __tablename__ = "medication_authorisations"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    medicine: Mapped[str] = mapped_column(sa.String(200))
    dose: Mapped[str] = mapped_column(sa.String(100))
    times: Mapped[list[str]] = mapped_column(sa.JSON)
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    guardian: Mapped[str] = mapped_column(sa.String(200))
    document: Mapped[str] = mapped_column(sa.String(300))
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MedicationDose(Base):
    """One administration, logged against its authorisation's time slot."""

    __tablename__ = "medication_doses"

    id: Mapped[int] = mapped_column(primary_key=True)
    authorisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("medication_authorisations.id", ondelete="CASCADE"), index=True
    )
    given_at: Mapped[dt.datetime] = mapped_column()
    slot: Mapped[str] = mapped_column(sa.String(5))
    dose: Mapped[str] = mapped_column(sa.String(100))
    given_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
