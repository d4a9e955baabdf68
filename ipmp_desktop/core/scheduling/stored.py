"""Reading what a reschedule needs of a stored project, with as little work as possible.

Rows are read with Core statements on the session's connection (no ORM objects, one query per
table) and turned into the engine's values here. :class:`StoredPlan` reads every task with its
dates, for the full pass; :class:`Outline` reads only the undated outline and the links, which
is all the incremental pass needs of the tasks an edit cannot move.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.model import Calendar, Dependency, Holiday, Project, Task, TaskKind
from ipmp_desktop.core.model.calendar import MONDAY_TO_FRIDAY
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.scheduling.cpm import Constraint, PlanLink, PlanTask, early_times
from ipmp_desktop.core.scheduling.progress import roll_up_progress

TASK = Task.__table__.c
"""The task table's columns, for Core statements."""
DATED_COLUMNS = (
    TASK.id,
    TASK.parent_id,
    TASK.kind,
    TASK.start,
    TASK.finish,
    TASK.duration_days,
    TASK.manual,
    TASK.constraint_type,
    TASK.constraint_date,
)
"""What the engine and the write-back need of a task, in the order :func:`plan_tasks` unpacks."""

_LINK = Dependency.__table__.c
_CONSTRAINTS = {c.value: c for c in Constraint}
# Enum members looked up once: class attribute access on an enum is slow, and these run per row.
_ASAP, _FNLT = Constraint.ASAP, Constraint.FINISH_NO_LATER_THAN
_MILESTONE, _SUMMARY = TaskKind.MILESTONE, TaskKind.SUMMARY


def project_calendar(session: Session, project_id: int) -> WorkCalendar:
    """The working calendar of a project (Monday to Friday when it has none)."""
    project = session.get(Project, project_id)
    origin = project.start if project is not None else date.today()
    mask, rows = MONDAY_TO_FRIDAY, []
    if project is not None and project.calendar_id is not None:
        calendar = session.get(Calendar, project.calendar_id)
        if calendar is not None:
            mask = calendar.working_weekdays
            rows = session.execute(
                select(Holiday.day, Holiday.yearly).where(Holiday.calendar_id == calendar.id)
            ).all()
    span = (origin - timedelta(days=366), origin + timedelta(days=3 * 366))
    return WorkCalendar.from_rows(mask, [(day, yearly) for day, yearly in rows], span)


def project_start(session: Session, project_id: int, calendar: WorkCalendar) -> int:
    """The working-day index the project starts on (0 when the project is gone)."""
    project = session.get(Project, project_id)
    return calendar.index(project.start) if project is not None else 0


def load_links(session: Session, project_id: int) -> list[PlanLink]:
    """Every link into a task of the project, as ``(predecessor, successor, type, lag)`` rows.

    The rows are used as they come: they unpack like a :class:`PlanLink`, and building one
    per link would cost more than reading them.
    """
    found = session.connection().execute(
        select(_LINK.predecessor_id, _LINK.successor_id, _LINK.type, _LINK.lag_days)
        .join(Task.__table__, TASK.id == _LINK.successor_id)
        .where(TASK.project_id == project_id)
    )
    return found.all()  # type: ignore[return-value]


def plan_tasks(rows: Iterable[Any], calendar: WorkCalendar) -> list[PlanTask]:
    """The engine's view of dated rows (:data:`DATED_COLUMNS`, in that order); a manual task
    keeps its start.

    This runs once per task on every full reschedule, so it unpacks rows by position and
    converts each distinct date once (plans repeat their dates a lot).
    """
    starts: dict[date, int] = {}  # date -> index of it, or of the next working day
    plan = []
    for task_id, parent_id, kind, start, _f, days, manual, kind_of_constraint, on in rows:
        constraint, at = _ASAP, None
        if on is not None:
            constraint = _CONSTRAINTS.get(kind_of_constraint, _ASAP)
            if constraint == _FNLT:  # bounds the exclusive finish
                at = calendar.index_before(on) + 1
            elif constraint != _ASAP:
                at = starts.get(on)
                if at is None:
                    at = starts[on] = calendar.index(on)
        manual_start = None
        if manual and start is not None:
            manual_start = starts.get(start)
            if manual_start is None:
                manual_start = starts[start] = calendar.index(start)
        duration = 0 if kind == _MILESTONE or days < 0 else days
        plan.append(
            PlanTask(
                task_id,
                duration,
                parent_id,
                manual_start is not None,
                manual_start,
                constraint,
                at,
            )
        )
    return plan


def keeps_dates(row: Any, has_children: bool = False) -> bool:
    """Whether the reschedule leaves this row's dates alone: a manual task without subtasks
    (a summary, or a roadmap item with subtasks, always spans its children)."""
    return bool(row.manual) and row.kind != _SUMMARY and not has_children


def written_dates(calendar: WorkCalendar, start: int, finish: int) -> tuple[date, date, int]:
    """``(start, finish, duration_days)`` as stored for the indices ``[start, finish)``: the
    finish is the last working day, or the start for a milestone."""
    first = calendar.day(start)
    return first, calendar.day(finish - 1) if finish > start else first, finish - start


@dataclass
class StoredPlan:
    """Every task of a project with its dates, its links and its calendar.

    ``rows`` have the :data:`DATED_COLUMNS` and then ``percent_complete``.
    """

    calendar: WorkCalendar
    start: int
    rows: list[Any]
    links: list[PlanLink]

    @classmethod
    def load(cls, session: Session, project_id: int) -> "StoredPlan":
        """Read the project (one query for the tasks, one for the links)."""
        calendar = project_calendar(session, project_id)
        rows = (
            session.connection()
            .execute(
                select(*DATED_COLUMNS, TASK.percent_complete).where(TASK.project_id == project_id)
            )
            .all()
        )
        start = project_start(session, project_id, calendar)
        return cls(calendar, start, rows, load_links(session, project_id))

    def dates(
        self, times: Mapping[int, tuple[int, int]] | None = None
    ) -> dict[int, tuple[date, date, int]]:
        """``{id: (start, finish, duration_days)}`` a full pass gives every automatic task and
        summary (manual tasks keep theirs).

        Args:
            times: the early start and finish indices of every task when the caller ran the
                forward pass already (on these rows); None runs it here.

        Raises:
            CycleError: the project's links form a cycle.
        """
        if times is None:
            plan = plan_tasks((row[:9] for row in self.rows), self.calendar)
            times = early_times(plan, self.links, self.start)
        day, dates = self.calendar.day, {}
        parents = {row[1] for row in self.rows}
        for task_id, _p, kind, _s, _f, _d, manual, *_rest in self.rows:
            if manual and kind != _SUMMARY and task_id not in parents:
                continue
            start, finish = times[task_id]
            first = day(start)
            dates[task_id] = (first, day(finish - 1) if finish > start else first, finish - start)
        return dates

    def progress(self) -> dict[int, int]:
        """The rolled-up percent complete of every summary."""
        return roll_up_progress(
            (task_id, parent_id, 0 if kind == _MILESTONE or days < 0 else days, percent)
            for task_id, parent_id, kind, _s, _f, days, _m, _t, _o, percent in self.rows
        )


@dataclass
class Outline:
    """The undated side of a project, column by column (position ``i`` is one task): ids,
    parent ids, durations as the engine counts them, percents complete; and the links."""

    ids: list[int]
    parents: list[int | None]
    durations: list[int]
    percents: list[int]
    links: list[PlanLink]

    @classmethod
    def load(cls, session: Session, project_id: int) -> "Outline":
        """Read the project's outline and links (integers and short strings: cheap)."""
        rows = (
            session.connection()
            .execute(
                select(
                    TASK.id, TASK.parent_id, TASK.kind, TASK.duration_days, TASK.percent_complete
                ).where(TASK.project_id == project_id)
            )
            .all()
        )
        ids, parents, kinds, days, percents = (
            (list(c) for c in zip(*rows, strict=True)) if rows else ([], [], [], [], [])
        )
        durations = [
            0 if kind == _MILESTONE or d < 0 else d for kind, d in zip(kinds, days, strict=True)
        ]
        return cls(ids, parents, durations, percents, load_links(session, project_id))

    def progress(self) -> dict[int, int]:
        """The rolled-up percent complete of every summary."""
        return roll_up_progress(
            zip(self.ids, self.parents, self.durations, self.percents, strict=True)
        )
