"""Tasks (the rows every view shows), their dependencies and labels."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ipmp_desktop.core.model.base import Base, utcnow

RANK_KEY = String().with_variant(String(collation="C"), "postgresql")
"""Rank keys compare bytewise: SQLite's default, and COLLATE "C" on PostgreSQL, where some
locale collations (Danish, Czech, Welsh, ...) treat letter pairs as one letter."""


class TaskKind(enum.StrEnum):
    """What a task row is in the plan."""

    TASK = "task"
    MILESTONE = "milestone"
    SUMMARY = "summary"
    INITIATIVE = "initiative"
    EPIC = "epic"
    FEATURE = "feature"


ROADMAP_KINDS = frozenset({TaskKind.INITIATIVE, TaskKind.EPIC, TaskKind.FEATURE})
"""Kinds of roadmap items. Such a task keeps its kind whatever its children: with children it
spans them like a summary (dates and progress roll up), without it is planned like a task."""


class Priority(enum.IntEnum):
    """Priority of a task; higher is more urgent."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


class DependencyType(enum.StrEnum):
    """Link types: finish-to-start, start-to-start, finish-to-finish, start-to-finish."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class Task(Base):
    """A unit of work, a milestone, a summary or a roadmap item, in one project.

    ``parent_id`` and ``wbs_rank`` place the task in the outline (WBS); ``column_id`` and
    ``board_rank`` place it on the board; ``theme_id``, ``release_id`` and ``horizon`` place a
    roadmap item (kinds in :data:`ROADMAP_KINDS`) on its product's roadmap. Ranks are fractional
    keys (``core.ranking``), so moving a row rewrites that row only.
    """

    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_range"),
        CheckConstraint("duration_days >= 0", name="duration_non_negative"),
        Index("ix_task_outline_order", "project_id", "parent_id", "wbs_rank"),
        Index("ix_task_board_order", "column_id", "board_rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), index=True
    )
    wbs_rank: Mapped[str] = mapped_column(RANK_KEY)
    column_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_column.id", ondelete="SET NULL"), index=True
    )
    board_rank: Mapped[str] = mapped_column(RANK_KEY)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default=TaskKind.TASK)
    start: Mapped[date | None] = mapped_column(Date)
    finish: Mapped[date | None] = mapped_column(Date)
    duration_days: Mapped[int] = mapped_column(Integer, default=1)
    percent_complete: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[int] = mapped_column(Integer, default=Priority.NONE)
    estimate_hours: Mapped[float | None] = mapped_column(Float)
    color: Mapped[str | None] = mapped_column(String(9))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    column_entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    constraint_type: Mapped[str] = mapped_column(String(8), default="asap")
    constraint_date: Mapped[date | None] = mapped_column(Date)
    actual_finish: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Roadmap fields (see core.model.roadmap): meant for ROADMAP_KINDS, harmless on any task.
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="SET NULL"), index=True
    )
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("release.id", ondelete="SET NULL"), index=True
    )
    horizon: Mapped[str | None] = mapped_column(String(8))
    problem: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    customer_impact: Mapped[str] = mapped_column(Text, default="")
    business_value: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None] = mapped_column(Date)
    reach: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[int | None] = mapped_column(Integer)
    """Percent, 0 to 100."""
    effort: Mapped[float | None] = mapped_column(Float)
    """Person-months."""
    value: Mapped[int | None] = mapped_column(Integer)
    time_criticality: Mapped[int | None] = mapped_column(Integer)
    risk_reduction: Mapped[int | None] = mapped_column(Integer)
    job_size: Mapped[int | None] = mapped_column(Integer)
    rank_override: Mapped[int | None] = mapped_column(Integer)
    """A manual rank (1 is first); ranks items ahead of the score order."""


class Dependency(Base):
    """``successor`` depends on ``predecessor`` by ``type``, shifted by ``lag_days`` (<0: lead)."""

    __tablename__ = "dependency"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id", name="uq_dependency_pair"),
        CheckConstraint("predecessor_id <> successor_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), index=True
    )
    successor_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(2), default=DependencyType.FS)
    lag_days: Mapped[int] = mapped_column(Integer, default=0)


class Label(Base):
    """A colored tag of a project, attached to tasks."""

    __tablename__ = "label"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_label_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    color: Mapped[str] = mapped_column(String(9), default="#808080")


task_labels = Table(
    "task_label",
    Base.metadata,
    Column("task_id", ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    Column("label_id", ForeignKey("label.id", ondelete="CASCADE"), primary_key=True, index=True),
)
"""Which labels a task carries (association table, no ORM class of its own)."""
