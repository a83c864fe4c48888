"""Nutrition and health: recipes, menus and their items, diet restrictions, measurements,
vaccinations, milestone screenings, referrals, medication authorisations and doses.

Revision ID: 0004
Revises: 0002 (0003, operations, once it lands: the lead sets down_revision at merge)
Create Date: 2026-12-04 17:08:53.855671
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


#: The roles before and after this revision (nutritionist: national; medical_staff: a centre).
_ROLES_BEFORE = (
    "administrator",
    "national_planner",
    "state_coordinator",
    "partner",
    "centre_director",
    "centre_staff",
    "parent",
)
_ROLES_AFTER = (*_ROLES_BEFORE, "nutritionist", "medical_staff")


def _scope_check(national: str, centre: str) -> str:
    return (
        f"(role IN ({national}) AND state_code IS NULL AND organisation_id IS NULL"
        " AND centre_id IS NULL AND family_id IS NULL)"
        " OR (role = 'state_coordinator' AND state_code IS NOT NULL"
        " AND organisation_id IS NULL AND centre_id IS NULL AND family_id IS NULL)"
        " OR (role = 'partner' AND organisation_id IS NOT NULL"
        " AND state_code IS NULL AND centre_id IS NULL AND family_id IS NULL)"
        f" OR (role IN ({centre}) AND centre_id IS NOT NULL"
        " AND state_code IS NULL AND organisation_id IS NULL AND family_id IS NULL)"
        " OR (role = 'parent' AND family_id IS NOT NULL"
        " AND state_code IS NULL AND organisation_id IS NULL AND centre_id IS NULL)"
    )


def _roles(roles: tuple[str, ...], national: str, centre: str) -> None:
    """Replace the role value list and the role/scope check of ``role_assignments``."""
    values = ", ".join(f"'{r}'" for r in roles)
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_role_assignments_scope_matches_role"), type_="check")
        batch_op.drop_constraint(op.f("ck_role_assignments_role"), type_="check")
        batch_op.create_check_constraint("role", f"role IN ({values})")
        batch_op.create_check_constraint("scope_matches_role", _scope_check(national, centre))


def upgrade() -> None:
    _roles(
        _ROLES_AFTER,
        "'administrator', 'national_planner', 'nutritionist'",
        "'centre_director', 'centre_staff', 'medical_staff'",
    )
    op.create_table(
        "recipes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name_es", sa.String(length=200), nullable=False),
        sa.Column(
            "course",
            sa.Enum(
                "milk",
                "cereal",
                "main",
                "soup",
                "side",
                "fruit",
                "drink",
                name="course",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "texture",
            sa.Enum(
                "milk",
                "puree",
                "mashed",
                "minced",
                "pieces",
                "family",
                name="texture",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("yield_g", sa.Double(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("yield_g > 0", name=op.f("ck_recipes_yield")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipes")),
        sa.UniqueConstraint("code", name=op.f("uq_recipes_code")),
    )
    op.create_table(
        "menus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=2), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "retired",
                name="menu_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("weeks BETWEEN 1 AND 8", name=op.f("ck_menus_weeks")),
        sa.ForeignKeyConstraint(
            ["published_by"],
            ["users.id"],
            name=op.f("fk_menus_published_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["state_code"], ["states.code"], name=op.f("fk_menus_state_code_states")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_menus")),
    )
    with op.batch_alter_table("menus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_menus_state_code"), ["state_code"], unique=False)

    op.create_table(
        "diet_restrictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "allergy",
                "intolerance",
                "diet",
                name="restriction",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("allergen", sa.String(length=32), nullable=True),
        sa.Column("ingredient", sa.String(length=64), nullable=True),
        sa.Column("document", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.String(length=500), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(allergen IS NULL) <> (ingredient IS NULL)", name=op.f("ck_diet_restrictions_what")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_diet_restrictions_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_diet_restrictions_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diet_restrictions")),
    )
    with op.batch_alter_table("diet_restrictions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_diet_restrictions_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("weight_kg", sa.Double(), nullable=True),
        sa.Column("length_cm", sa.Double(), nullable=True),
        sa.Column("position", sa.String(length=1), nullable=False),
        sa.Column("zwei", sa.Double(), nullable=True),
        sa.Column("zlen", sa.Double(), nullable=True),
        sa.Column("zwfl", sa.Double(), nullable=True),
        sa.Column("zbmi", sa.Double(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_measurements_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_measurements_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
    )
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measurements_child_id"), ["child_id"], unique=False)

    op.create_table(
        "medication_authorisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("medicine", sa.String(length=200), nullable=False),
        sa.Column("dose", sa.String(length=100), nullable=False),
        sa.Column("times", sa.JSON(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("guardian", sa.String(length=200), nullable=False),
        sa.Column("document", sa.String(length=300), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_medication_authorisations_dates")),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_medication_authorisations_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_medication_authorisations_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medication_authorisations")),
    )
    with op.batch_alter_table("medication_authorisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_medication_authorisations_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "menu_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("menu_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column(
            "meal",
            sa.Enum(
                "breakfast",
                "morning_snack",
                "lunch",
                "afternoon_snack",
                name="meal",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("recipe_code", sa.String(length=64), nullable=False),
        sa.CheckConstraint("day BETWEEN 0 AND 4", name=op.f("ck_menu_items_day")),
        sa.ForeignKeyConstraint(
            ["menu_id"], ["menus.id"], name=op.f("fk_menu_items_menu_id_menus"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_menu_items")),
        sa.UniqueConstraint(
            "menu_id", "week", "day", "meal", "stage", "recipe_code", name="uq_menu_items_dish"
        ),
    )
    with op.batch_alter_table("menu_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_menu_items_menu_id"), ["menu_id"], unique=False)

    op.create_table(
        "milestone_screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("checkpoint_months", sa.Integer(), nullable=False),
        sa.Column("screened_on", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("flagged", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_milestone_screenings_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_milestone_screenings_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_screenings")),
    )
    with op.batch_alter_table("milestone_screenings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_screenings_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "vaccinations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("vaccine", sa.String(length=32), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_vaccinations_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_vaccinations_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaccinations")),
        sa.UniqueConstraint("child_id", "vaccine", "dose_number", name="uq_vaccinations_dose"),
    )
    with op.batch_alter_table("vaccinations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vaccinations_child_id"), ["child_id"], unique=False)

    op.create_table(
        "medication_doses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authorisation_id", sa.Integer(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("slot", sa.String(length=5), nullable=False),
        sa.Column("dose", sa.String(length=100), nullable=False),
        sa.Column("given_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["authorisation_id"],
            ["medication_authorisations.id"],
            name=op.f("fk_medication_doses_authorisation_id_medication_authorisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["given_by"],
            ["users.id"],
            name=op.f("fk_medication_doses_given_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medication_doses")),
    )
    with op.batch_alter_table("medication_doses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_medication_doses_authorisation_id"), ["authorisation_id"], unique=False
        )

    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "flagged",
                "referred",
                "evaluated",
                "closed",
                name="referral",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.String(length=1000), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_referrals_child_id_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["milestone_screenings.id"],
            name=op.f("fk_referrals_screening_id_milestone_screenings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_child_id"), ["child_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referrals_screening_id"), ["screening_id"], unique=False
        )


def downgrade() -> None:
    _roles(
        _ROLES_BEFORE,
        "'administrator', 'national_planner'",
        "'centre_director', 'centre_staff'",
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_screening_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_child_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("medication_doses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medication_doses_authorisation_id"))

    op.drop_table("medication_doses")
    with op.batch_alter_table("vaccinations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vaccinations_child_id"))

    op.drop_table("vaccinations")
    with op.batch_alter_table("milestone_screenings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_screenings_child_id"))

    op.drop_table("milestone_screenings")
    with op.batch_alter_table("menu_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_menu_items_menu_id"))

    op.drop_table("menu_items")
    with op.batch_alter_table("medication_authorisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medication_authorisations_child_id"))

    op.drop_table("medication_authorisations")
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurements_child_id"))

    op.drop_table("measurements")
    with op.batch_alter_table("diet_restrictions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diet_restrictions_child_id"))

    op.drop_table("diet_restrictions")
    with op.batch_alter_table("menus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_menus_state_code"))

    op.drop_table("menus")
    op.drop_table("recipes")
