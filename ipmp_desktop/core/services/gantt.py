"""What the Gantt chart shows of one project: task dates, links, the schedule analysis.

The chart needs more than the stored dates: which tasks are critical, how much float each has,
which ones could not honour a link or a constraint. Those are not stored (they follow from the
plan), so :func:`load_gantt` runs the critical path method over the same inputs the reschedule
step uses. It reads; it never writes.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import CycleError
from ipmp_desktop.core.model import Dependency, Project, Task
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.scheduling.cpm import Constraint, PlanLink, PlanTask, TaskTimes, schedule
from ipmp_desktop.core.scheduling.service import project_calendar


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


def load_gantt(session: Session, project_id: int) -> GanttData:
    """Read the project's tasks and links and analyse its schedule.

    Raises:
        NotFoundError: the project does not exist (via ``Session.get`` returning None is
            reported as an empty chart instead, so a vanished project just shows nothing).
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
    for row in session.execute(
        select(
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
        ).where(Task.project_id == project_id)
    ):
        data.tasks[row.id] = GanttTaskRow(*row)
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
    try:
        data.times = schedule(
            _plan(data, calendar), _links(data), calendar.index(data.project_start)
        ).times
    except CycleError as error:  # stored plans never hold a cycle; say so rather than crash
        data.problem = str(error)
    return data


def _plan(data: GanttData, calendar: WorkCalendar) -> list[PlanTask]:
    """The engine's view of the tasks, as the reschedule step builds it."""
    plan = []
    for row in data.tasks.values():
        duration = 0 if row.kind == "milestone" else max(row.duration_days, 0)
        constraint, index = Constraint.ASAP, None
        if row.constraint_date is not None and row.constraint_type in {c.value for c in Constraint}:
            constraint = Constraint(row.constraint_type)
            if constraint == Constraint.FINISH_NO_LATER_THAN:
                index = calendar.index_before(row.constraint_date) + 1
            else:
                index = calendar.index(row.constraint_date)
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
    return plan


def _links(data: GanttData) -> list[PlanLink]:
    return [
        PlanLink(link.predecessor_id, link.successor_id, link.type, link.lag_days)
        for link in data.links
    ]
