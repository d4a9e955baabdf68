"""Product roadmap: products, themes, releases, ideas, and the roadmap fields of a task.

Roadmap items are tasks, so the task table gains their fields (all empty on existing rows: an
upgraded workspace has no roadmap yet). Adding foreign keys makes SQLite recreate the task table;
``migrate.upgrade_to_head`` runs with foreign keys off, so that keeps every child row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXTS = ("problem", "outcome", "customer_impact", "business_value")
_INTS = ("reach", "confidence", "value", "time_criticality", "risk_reduction", "job_size")


def _product_child(name: str, *columns: sa.Column) -> None:
    """Create a table whose rows belong to a product (deleted with it)."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f(f"fk_{name}_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_product_id"), ["product_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("vision", sa.Text(), nullable=False),
        sa.Column("scoring_model", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
    )
    _product_child(
        "theme",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("color", sa.String(length=7), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    _product_child(
        "release",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("theme_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("release_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("horizon", sa.String(length=8), nullable=True))
        for name in _TEXTS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("target_date", sa.Date(), nullable=True))
        for name in _INTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("impact", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("effort", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rank_override", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_task_theme_id"), ["theme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_release_id"), ["release_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_task_theme_id_theme"), "theme", ["theme_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_task_release_id_release"),
            "release",
            ["release_id"],
            ["id"],
            ondelete="SET NULL",
        )
    _product_child(
        "idea",
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("promoted_task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["promoted_task_id"],
            ["task.id"],
            name=op.f("fk_idea_promoted_task_id_task"),
            ondelete="SET NULL",
        ),
    )
    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idea_promoted_task_id"), ["promoted_task_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("idea")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_task_release_id_release"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_task_theme_id_theme"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_task_release_id"))
        batch_op.drop_index(batch_op.f("ix_task_theme_id"))
        for name in (
            "rank_override",
            "effort",
            "impact",
            *reversed(_INTS),
            "target_date",
            *reversed(_TEXTS),
            "horizon",
            "release_id",
            "theme_id",
        ):
            batch_op.drop_column(name)
    op.drop_table("release")
    op.drop_table("theme")
    op.drop_table("product")
