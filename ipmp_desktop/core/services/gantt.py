"""What the Gantt chart shows of one project: task dates, links, the schedule analysis.

The chart needs more than the stored dates: which tasks are critical, how much float each has,
which ones could not honour a link or a constraint. Those are not stored (they follow from the
plan), so :func:`load_gantt` runs the critical path method over the same inputs the reschedule
step uses. It reads; it never writes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import CycleError
from ipmp_desktop.core.frozen import positional_constructor
from ipmp_desktop.core.model import Dependency, Project, Task
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.scheduling.cpm import PlanLink, TaskTimes, schedule
from ipmp_desktop.core.scheduling.stored import plan_tasks, project_calendar


@dataclass(frozen=True, slots=True)
class GanttTaskRow:
    """One task as the chart draws it (dates as stored; finish inclusive)."""

    id: int
    parent_id: int | None
    kind: str
    title: str
    start: date | None
    finish: date | None
    duration_days: int
    percent_complete: int
    manual: bool
    constraint_type: str
    constraint_date: date | None


_new_task_row = positional_constructor(GanttTaskRow)
"""``GanttTaskRow(*row)`` in half the time: a chart reads thousands of them."""


@dataclass(frozen=True, slots=True)
class GanttLinkRow:
    """One dependency: ``successor`` waits for ``predecessor`` by ``type`` with ``lag_days``."""

    id: int
    predecessor_id: int
    successor_id: int
    type: str
    lag_days: int


@dataclass
class GanttData:
    """Everything the chart of one project needs, read in one go.

    ``times`` holds the analysis per task id (floats in working days, ``critical``,
    ``conflict``); it is empty when the plan cannot be scheduled (``problem`` says why).
    """

    project_id: int
    project_start: date
    calendar: WorkCalendar
    tasks: dict[int, GanttTaskRow] = field(default_factory=dict)
    links: list[GanttLinkRow] = field(default_factory=list)
    times: dict[int, TaskTimes] = field(default_factory=dict)
    problem: str = ""

    def critical_links(self) -> set[int]:
        """Links between two critical tasks that actually drive the successor (zero slack)."""
        found: set[int] = set()
        for link in self.links:
            pred = self.times.get(link.predecessor_id)
            succ = self.times.get(link.successor_id)
            if pred is not None and succ is not None and pred.critical and succ.critical:
                found.add(link.id)
        return found


_TASK_COLUMNS = (
    Task.id,
    Task.parent_id,
    Task.kind,
    Task.title,
    Task.start,
    Task.finish,
    Task.duration_days,
    Task.percent_complete,
    Task.manual,
    Task.constraint_type,
    Task.constraint_date,
)


def load_gantt(session: Session, project_id: int) -> GanttData:
    """Read the project's tasks and links and analyse its schedule.

    A project that does not exist (deleted meanwhile) gives an empty chart.
    """
    project = session.get(Project, project_id)
    calendar = project_calendar(session, project_id)
    data = GanttData(
        project_id=project_id,
        project_start=project.start if project is not None else date.today(),
        calendar=calendar,
    )
    if project is None:
        return data
    for row in session.execute(select(*_TASK_COLUMNS).where(Task.project_id == project_id)):
        data.tasks[row.id] = _new_task_row(*row)
    data.links = [
        GanttLinkRow(*row)
        for row in session.execute(
            select(
                Dependency.id,
                Dependency.predecessor_id,
                Dependency.successor_id,
                Dependency.type,
                Dependency.lag_days,
            )
            .join(Task, Task.id == Dependency.successor_id)
            .where(Task.project_id == project_id)
            .order_by(Dependency.id)
        )
    ]
    analyse(data)
    return data


def refresh_tasks(session: Session, data: GanttData, task_ids: Iterable[int]) -> bool:
    """Read ``task_ids`` again into ``data`` and redo the analysis; cheaper than
    :func:`load_gantt` when only task fields changed (a drag, a nudge, its reschedule).

    The analysis is redone only when a field it reads changed (a duration, a constraint, the
    mode, a manual start...); new dates of automatic tasks alone, which is what a reschedule
    writes, leave it as it was.

    Returns False when a task vanished or is new to the chart: the caller must reload.
    """
    ids = set(task_ids)
    fresh = _read_tasks(session, data, ids)
    if len(fresh) != len(ids) or any(task_id not in data.tasks for task_id in fresh):
        return False
    tasks = data.tasks
    replans = any(_plan_inputs(row) != _plan_inputs(tasks[row.id]) for row in fresh.values())
    tasks.update(fresh)
    if replans:
        analyse(data)
    return True


def _read_tasks(session: Session, data: GanttData, ids: set[int]) -> dict[int, GanttTaskRow]:
    """The rows of ``ids``: looked up by id, or, when they are most of the chart (a push of a
    long chain), read with the rest of the project in one pass, which is faster."""
    session.flush()  # rows are read on the connection, past the ORM's autoflush
    connection = session.connection()
    fresh: dict[int, GanttTaskRow] = {}
    if ids and 3 * len(ids) >= 2 * len(data.tasks):
        statement = select(*_TASK_COLUMNS).where(Task.project_id == data.project_id)
        for row in connection.execute(statement).all():
            if row[0] in ids:
                fresh[row[0]] = _new_task_row(*row)
        return fresh
    ordered = sorted(ids)
    for begin in range(0, len(ordered), 900):
        chunk = ordered[begin : begin + 900]
        for row in connection.execute(select(*_TASK_COLUMNS).where(Task.id.in_(chunk))).all():
            fresh[row[0]] = _new_task_row(*row)
    return fresh


def _plan_inputs(row: GanttTaskRow) -> tuple[object, ...]:
    """What :func:`analyse` reads of a row (through ``plan_tasks``): a task's stored dates only
    count when it is manually scheduled."""
    return (
        row.parent_id,
        row.kind,
        row.duration_days,
        row.manual,
        row.start if row.manual else None,
        row.constraint_type,
        row.constraint_date,
    )


def plan_rows(data: GanttData) -> list[tuple]:
    """The task rows of ``data`` in the shape ``scheduling.stored.plan_tasks`` reads."""
    return [
        (
            r.id,
            r.parent_id,
            r.kind,
            r.start,
            r.finish,
            r.duration_days,
            r.manual,
            r.constraint_type,
            r.constraint_date,
        )
        for r in data.tasks.values()
    ]


def analyse(data: GanttData) -> None:
    """Run the critical path method over ``data`` (floats, critical, conflicts)."""
    calendar = data.calendar
    rows = plan_rows(data)
    links = [
        PlanLink(link.predecessor_id, link.successor_id, link.type, link.lag_days)
        for link in data.links
    ]
    data.problem = ""
    try:
        data.times = schedule(
            plan_tasks(rows, calendar), links, calendar.index(data.project_start)
        ).times
    except CycleError as error:  # stored plans never hold a cycle; say so rather than crash
        data.times = {}
        data.problem = str(error)
