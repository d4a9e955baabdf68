"""Baselines as read models: the list a manager shows, and the dates and variance a Gantt draws.

None of these functions raise for a baseline that is gone (deleted meanwhile): they return
empty results, so a view holding a stale id simply shows no baseline.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipmp_desktop.core.model import Baseline, BaselineTask, Task
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.scheduling.service import project_calendar


@dataclass(frozen=True, slots=True)
class BaselineRow:
    """One saved baseline of a project; ``created_at`` is UTC without tzinfo."""

    id: int
    project_id: int
    name: str
    created_at: datetime
    task_count: int


def list_baselines(session: Session, project_id: int) -> list[BaselineRow]:
    """The baselines of a project, newest first (ties by id, newest first)."""
    counts = (
        select(BaselineTask.baseline_id, func.count().label("tasks"))
        .group_by(BaselineTask.baseline_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Baseline.id,
            Baseline.project_id,
            Baseline.name,
            Baseline.created_at,
            func.coalesce(counts.c.tasks, 0),
        )
        .outerjoin(counts, counts.c.baseline_id == Baseline.id)
        .where(Baseline.project_id == project_id)
        .order_by(Baseline.created_at.desc(), Baseline.id.desc())
    )
    return [BaselineRow(*row) for row in rows]


def baseline_dates(
    session: Session, baseline_id: int
) -> dict[int, tuple[date | None, date | None]]:
    """Task id -> (start, finish) as the baseline saved them.

    Tasks created after the baseline have no entry; deleted tasks have none either.
    """
    rows = session.execute(
        select(BaselineTask.task_id, BaselineTask.start, BaselineTask.finish).where(
            BaselineTask.baseline_id == baseline_id
        )
    )
    return {task_id: (start, finish) for task_id, start, finish in rows}


def variance_days(session: Session, baseline_id: int) -> dict[int, tuple[int, int]]:
    """Task id -> (start variance, finish variance) in working days of the project calendar.

    Positive means the task now starts (or finishes) later than the baseline said, negative
    earlier. Days are counted as the scheduler counts them: a start on a day off counts from the
    next working day, a finish on a day off from the previous one, so moving a bar over a weekend
    adds one day, not three. A task without a start or finish on either side is left out, since
    no honest number can be given for it.
    """
    project_id = session.scalar(select(Baseline.project_id).where(Baseline.id == baseline_id))
    if project_id is None:
        return {}
    calendar = project_calendar(session, project_id)
    rows = session.execute(
        select(
            BaselineTask.task_id,
            BaselineTask.start,
            BaselineTask.finish,
            Task.start,
            Task.finish,
        )
        .join(Task, Task.id == BaselineTask.task_id)
        .where(BaselineTask.baseline_id == baseline_id)
    )
    result: dict[int, tuple[int, int]] = {}
    for task_id, old_start, old_finish, new_start, new_finish in rows:
        days = variance(calendar, (old_start, old_finish), (new_start, new_finish))
        if days is not None:
            result[task_id] = days
    return result


def variance(
    calendar: WorkCalendar,
    baseline: tuple[date | None, date | None],
    current: tuple[date | None, date | None],
) -> tuple[int, int] | None:
    """(start, finish) variance in working days of ``calendar``, counted as
    :func:`variance_days` counts them; None when a date is missing on either side."""
    (old_start, old_finish), (new_start, new_finish) = baseline, current
    if old_start is None or old_finish is None or new_start is None or new_finish is None:
        return None
    return (
        calendar.index(new_start) - calendar.index(old_start),
        calendar.index_before(new_finish) - calendar.index_before(old_finish),
    )
