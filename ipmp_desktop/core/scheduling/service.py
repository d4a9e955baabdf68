"""Schedule a stored project: load its tasks, links and calendar, run the CPM, write the dates.

Commands whose ``Changes`` name a project in ``reschedule`` get this run after them, in the same
transaction and the same undo step (see ``core.commands.runner``). Only tasks whose dates come
out different are written, so an edit moves exactly what depends on it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ipmp_desktop.core.model import Calendar, Dependency, Holiday, Project, Task, TaskKind
from ipmp_desktop.core.model.calendar import MONDAY_TO_FRIDAY
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.scheduling.cpm import Constraint, PlanLink, PlanTask, schedule

DATE_FIELDS = ("start", "finish", "duration_days")


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


def _constraint(row: Any, calendar: WorkCalendar) -> tuple[Constraint, int | None]:
    kind = row.constraint_type
    if row.constraint_date is None or kind not in {c.value for c in Constraint}:
        return Constraint.ASAP, None
    constraint = Constraint(kind)
    if constraint == Constraint.FINISH_NO_LATER_THAN:
        return constraint, calendar.index_before(row.constraint_date) + 1
    return constraint, calendar.index(row.constraint_date)


def compute_dates(session: Session, project_id: int) -> dict[int, dict[str, Any]]:
    """The dates every task of the project should have: ``{id: {start, finish, duration_days}}``.

    Manually scheduled tasks keep what they have.

    Raises:
        CycleError: the project's links form a cycle.
    """
    calendar = project_calendar(session, project_id)
    project = session.get(Project, project_id)
    rows = session.execute(
        select(
            Task.id,
            Task.parent_id,
            Task.kind,
            Task.start,
            Task.finish,
            Task.duration_days,
            Task.manual,
            Task.constraint_type,
            Task.constraint_date,
        ).where(Task.project_id == project_id)
    ).all()
    plan = []
    for row in rows:
        duration = 0 if row.kind == TaskKind.MILESTONE else max(row.duration_days, 0)
        constraint, index = _constraint(row, calendar)
        manual_start = calendar.index(row.start) if row.manual and row.start else None
        plan.append(
            PlanTask(
                row.id,
                duration,
                parent_id=row.parent_id,
                manual=manual_start is not None,
                manual_start=manual_start,
                constraint=constraint,
                constraint_index=index,
            )
        )
    links = [
        PlanLink(*link)
        for link in session.execute(
            select(
                Dependency.predecessor_id,
                Dependency.successor_id,
                Dependency.type,
                Dependency.lag_days,
            )
            .join(Task, Task.id == Dependency.successor_id)
            .where(Task.project_id == project_id)
        )
    ]
    result = schedule(plan, links, calendar.index(project.start) if project else 0)
    by_id = {row.id: row for row in rows}
    dates: dict[int, dict[str, Any]] = {}
    for task_id, times in result.times.items():
        row = by_id[task_id]
        if row.manual and row.kind != TaskKind.SUMMARY:
            continue
        start = calendar.day(times.early_start)
        length = times.early_finish - times.early_start
        finish = calendar.day(times.early_finish - 1) if length > 0 else start
        dates[task_id] = {"start": start, "finish": finish, "duration_days": length}
    return dates


@dataclass
class RescheduleStep:
    """The dates one reschedule changed, to undo and redo exactly."""

    project_id: int
    old: dict[int, dict[str, Any]] = field(default_factory=dict)
    new: dict[int, dict[str, Any]] = field(default_factory=dict)

    def run(self, session: Session) -> set[int]:
        """Compute and write the project's dates; return the ids that changed."""
        wanted = compute_dates(session, self.project_id)
        current = {
            row.id: {"start": row.start, "finish": row.finish, "duration_days": row.duration_days}
            for row in session.execute(
                select(Task.id, Task.start, Task.finish, Task.duration_days).where(
                    Task.project_id == self.project_id
                )
            )
        }
        self.old = {i: current[i] for i, v in wanted.items() if current.get(i) != v}
        self.new = {i: wanted[i] for i in self.old}
        self._write(session, self.new)
        return set(self.new)

    def undo(self, session: Session) -> None:
        """Put the dates back as they were before :meth:`run`."""
        self._write(session, self.old)

    def redo(self, session: Session) -> None:
        """Write again what :meth:`run` wrote."""
        self._write(session, self.new)

    @staticmethod
    def _write(session: Session, values: dict[int, dict[str, Any]]) -> None:
        for task_id, fields in values.items():
            session.execute(update(Task).where(Task.id == task_id).values(**fields))
        session.expire_all()
