"""What a printed Gantt chart holds: the outline columns as text, the bars and the links.

The screen's Gantt view and a print of it are built from the same :class:`GanttData` by the same
:func:`gantt_tasks` and :func:`gantt_links`, so a print is what the screen shows. Which rows are
printed is the caller's choice (all of them, the rows the view shows, or the selection); they are
always printed in outline order.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ipmp_desktop.core.layout.gantt import GanttLink, GanttTask, plan_span
from ipmp_desktop.core.model import Project
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.services.baselines import baseline_dates
from ipmp_desktop.core.services.gantt import GanttData, load_gantt
from ipmp_desktop.core.services.outline import OutlineTree
from ipmp_desktop.core.services.predecessors import format_predecessors
from ipmp_desktop.core.services.queries import predecessors_text, project_tasks

PRINT_COLUMNS: dict[str, str] = {
    "wbs": "WBS",
    "name": "Name",
    "start": "Start",
    "finish": "Finish",
    "duration": "Duration",
    "percent": "% Done",
    "predecessors": "Predecessors",
    "float": "Total float",
}
"""Outline columns a print can carry, by key, with their printed titles."""

LEAD_DAYS, TRAIL_DAYS = 2, 4
"""Days printed before the first and after the last bar when no date range is given."""


@dataclass(frozen=True, slots=True)
class PrintRow:
    """One printed row: the task, its outline depth and the text of each chosen column."""

    task_id: int
    depth: int
    summary: bool
    milestone: bool
    cells: tuple[str, ...]


@dataclass
class GanttPrint:
    """Everything a printed Gantt chart needs, with no database behind it."""

    project_name: str
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    rows: list[PrintRow]
    tasks: list[GanttTask]
    links: list[GanttLink]
    first_day: date
    last_day: date
    calendar: WorkCalendar
    today: date

    @property
    def days(self) -> int:
        """Calendar days printed, both ends included."""
        return (self.last_day - self.first_day).days + 1


def shape_kind(kind: str, has_children: bool) -> str:
    """How a task is drawn: anything with subtasks is a summary bracket (roadmap items such as
    epics included), a milestone a diamond, everything else a bar."""
    if has_children or kind == "summary":
        return "summary"
    return "milestone" if kind == "milestone" else "task"


def gantt_tasks(
    data: GanttData,
    ids: Iterable[int],
    children: Mapping[int | None, list[int]],
    baseline: Mapping[int, tuple[date | None, date | None]],
) -> list[GanttTask]:
    """The chart's rows for ``ids`` (in that order), with analysis and baseline applied."""
    tasks = []
    for task_id in ids:
        row = data.tasks.get(task_id)
        if row is None:
            continue
        times = data.times.get(task_id)
        base_start, base_finish = baseline.get(task_id, (None, None))
        tasks.append(
            GanttTask(
                id=task_id,
                kind=shape_kind(row.kind, bool(children.get(task_id))),
                start=row.start,
                finish=row.finish,
                percent=row.percent_complete,
                critical=bool(times and times.critical),
                conflict=bool(times and times.conflict),
                manual=row.manual,
                title=row.title,
                baseline_start=base_start,
                baseline_finish=base_finish,
            )
        )
    return tasks


def gantt_links(data: GanttData) -> list[GanttLink]:
    """The chart's dependency arrows, critical ones marked."""
    critical = data.critical_links()
    return [
        GanttLink(
            id=link.id,
            predecessor=link.predecessor_id,
            successor=link.successor_id,
            type=link.type,
            lag=link.lag_days,
            critical=link.id in critical,
        )
        for link in data.links
    ]


def load_gantt_print(
    session: Session,
    project_id: int,
    *,
    columns: Iterable[str] = ("wbs", "name", "start", "finish"),
    only: Collection[int] | None = None,
    baseline_id: int | None = None,
    date_range: tuple[date, date] | None = None,
    today: date | None = None,
) -> GanttPrint:
    """Read one project for printing.

    Args:
        columns: keys of :data:`PRINT_COLUMNS`; an unknown key is a ValueError.
        only: print just these task ids (still in outline order); None prints every task.
        baseline_id: draw this baseline's ghosts under the bars.
        date_range: first and last day printed; None spans the plan with a little room.
        today: the day the today line marks (default: the real today).
    """
    keys = tuple(columns)
    for key in keys:
        if key not in PRINT_COLUMNS:
            raise ValueError(f"Unknown column {key!r}; choose from {', '.join(PRINT_COLUMNS)}.")
    project = session.get(Project, project_id)
    if project is None:
        raise ValueError("That project no longer exists.")
    data = load_gantt(session, project_id)
    tree = OutlineTree.from_rows(project_tasks(session, project_id))
    order = [
        (task_id, depth) for task_id, depth in tree.depth_first() if only is None or task_id in only
    ]
    baseline = baseline_dates(session, baseline_id) if baseline_id is not None else {}
    tasks = gantt_tasks(data, (task_id for task_id, _ in order), tree.children, baseline)
    incoming = predecessors_text(session, project_id) if "predecessors" in keys else {}
    shown_wbs = {task_id: tree.shown_wbs(task_id) for task_id, _ in order}
    rows = []
    for (task_id, depth), shape in zip(order, tasks, strict=True):
        cells = tuple(_cell(key, data, tree, task_id, shown_wbs, incoming) for key in keys)
        rows.append(
            PrintRow(task_id, depth, shape.kind == "summary", shape.kind == "milestone", cells)
        )
    span = plan_span(tasks)
    if date_range is not None:
        first, last = date_range
    elif span is not None:
        first, last = span[0] - timedelta(days=LEAD_DAYS), span[1] + timedelta(days=TRAIL_DAYS)
    else:
        first = project.start
        last = first + timedelta(days=27)
    return GanttPrint(
        project_name=project.name,
        columns=keys,
        headers=tuple(PRINT_COLUMNS[key] for key in keys),
        rows=rows,
        tasks=tasks,
        links=gantt_links(data),
        first_day=first,
        last_day=last,
        calendar=data.calendar,
        today=today or date.today(),
    )


def _cell(
    key: str,
    data: GanttData,
    tree: OutlineTree,
    task_id: int,
    shown_wbs: Mapping[int, str],
    incoming: Mapping[int, list[tuple[int, str, int]]],
) -> str:
    row = data.tasks[task_id]
    match key:
        case "wbs":
            return shown_wbs[task_id]
        case "name":
            return row.title
        case "start":
            return row.start.isoformat() if row.start else ""
        case "finish":
            return row.finish.isoformat() if row.finish else ""
        case "duration":
            return f"{row.duration_days} d"
        case "percent":
            return f"{row.percent_complete} %"
        case "predecessors":
            return format_predecessors(incoming.get(task_id, []), shown_wbs.get)
        case "float":
            times = data.times.get(task_id)
            return f"{times.total_float} d" if times is not None else ""
    raise ValueError(key)  # pragma: no cover - keys are checked by the caller
