"""Board: card aging, done date, checklists, comments, recycle bin, saved views, lane WIP.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recycled_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("task_count", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_recycled_tasks_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recycled_tasks")),
    )
    with op.batch_alter_table("recycled_tasks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recycled_tasks_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "saved_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_saved_view_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_view")),
        sa.UniqueConstraint("project_id", "name", name="uq_saved_view_name"),
    )
    with op.batch_alter_table("saved_view", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_view_project_id"), ["project_id"], unique=False)

    op.create_table(
        "lane_wip_limit",
        sa.Column("column_id", sa.Integer(), nullable=False),
        sa.Column("lane_mode", sa.String(length=16), nullable=False),
        sa.Column("lane_key", sa.String(length=64), nullable=False),
        sa.Column("wip_limit", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["board_column.id"],
            name=op.f("fk_lane_wip_limit_column_id_board_column"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "column_id", "lane_mode", "lane_key", name=op.f("pk_lane_wip_limit")
        ),
    )
    op.create_table(
        "checklist_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column(
            "rank", sa.String().with_variant(sa.String(collation="C"), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["task.id"],
            name=op.f("fk_checklist_item_task_id_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_item")),
    )
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_item_task_id"), ["task_id"], unique=False)

    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_comment_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment")),
    )
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_task_id"), ["task_id"], unique=False)

    with op.batch_alter_table("board_column", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("wip_policy", sa.String(length=8), nullable=False, server_default="ask")
        )
    # Existing cards entered their column when they were last updated: the best we know.
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("column_entered_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("actual_finish", sa.Date(), nullable=True))
    op.execute("UPDATE task SET column_entered_at = updated_at")
    op.execute(
        "UPDATE task SET actual_finish = finish WHERE percent_complete = 100 "
        "AND column_id IN (SELECT id FROM board_column WHERE category = 'done')"
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.alter_column("column_entered_at", existing_type=sa.DateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("actual_finish")
        batch_op.drop_column("column_entered_at")

    with op.batch_alter_table("board_column", schema=None) as batch_op:
        batch_op.drop_column("wip_policy")

    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_task_id"))

    op.drop_table("comment")
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_item_task_id"))

    op.drop_table("checklist_item")
    op.drop_table("lane_wip_limit")
    with op.batch_alter_table("saved_view", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_view_project_id"))

    op.drop_table("saved_view")
    with op.batch_alter_table("recycled_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recycled_tasks_project_id"))

    op.drop_table("recycled_tasks")
