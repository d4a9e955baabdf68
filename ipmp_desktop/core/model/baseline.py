"""Baselines: a project's plan frozen under a name, so the live schedule can be compared to it."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ipmp_desktop.core.model.base import Base, utcnow


class Baseline(Base):
    """A named copy of a project's task dates, taken at ``created_at`` (UTC)."""

    __tablename__ = "baseline"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BaselineTask(Base):
    """What one task looked like when its baseline was saved.

    A task deleted later takes its rows along (they come back if the task is restored); a task
    created later has no row, so it has no baseline bar.
    """

    __tablename__ = "baseline_task"

    baseline_id: Mapped[int] = mapped_column(
        ForeignKey("baseline.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    start: Mapped[date | None] = mapped_column(Date)
    finish: Mapped[date | None] = mapped_column(Date)
    duration_days: Mapped[int] = mapped_column(Integer)
    percent_complete: Mapped[int] = mapped_column(Integer)
