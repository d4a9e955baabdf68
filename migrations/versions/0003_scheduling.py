"""Scheduling: manual or automatic tasks, constraints.

A task that already has a start date keeps it as a "start no earlier than" constraint, so plans
made before automatic scheduling keep their dates.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("manual", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("constraint_type", sa.String(length=8), nullable=False, server_default="asap")
        )
        batch_op.add_column(sa.Column("constraint_date", sa.Date(), nullable=True))
    op.execute(
        "UPDATE task SET constraint_type = 'snet', constraint_date = start "
        "WHERE start IS NOT NULL AND kind <> 'summary'"
    )


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("constraint_date")
        batch_op.drop_column("constraint_type")
        batch_op.drop_column("manual")
