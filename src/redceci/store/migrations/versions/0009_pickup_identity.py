"""Authorised persons' identity document type and the centre's photo reference (issue 10).

Authorised persons registered before this revision keep their document number
(``identification``) with no type (``NULL``: shown as "type not recorded" until the family
saves its form again) and no photo reference.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("authorised_persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_type", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("photo_ref", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("authorised_persons", schema=None) as batch_op:
        batch_op.drop_column("photo_ref")
        batch_op.drop_column("document_type")
