"""Baselines: a project's plan saved under a name, to compare the live schedule against.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "baseline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_baseline_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline")),
    )
    with op.batch_alter_table("baseline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_baseline_project_id"), ["project_id"], unique=False)

    op.create_table(
        "baseline_task",
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("finish", sa.Date(), nullable=True),
        sa.Column("duration_days", sa.Integer(), nullable=False),
        sa.Column("percent_complete", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baseline.id"],
            name=op.f("fk_baseline_task_baseline_id_baseline"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_baseline_task_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("baseline_id", "task_id", name=op.f("pk_baseline_task")),
    )
    with op.batch_alter_table("baseline_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_baseline_task_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("baseline_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_baseline_task_task_id"))

    op.drop_table("baseline_task")
    with op.batch_alter_table("baseline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_baseline_project_id"))

    op.drop_table("baseline")
