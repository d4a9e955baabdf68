"""Read models for the views: plain frozen rows loaded in one query each.

Views never hold ORM objects; they hold these rows and reload the ones ``Changes`` names.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, exists, func, select, update
from sqlalchemy.orm import Session, aliased

from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.frozen import positional_constructor
from ipmp_desktop.core.model import BoardColumn, Dependency, Project, Task
from ipmp_desktop.core.model.base import utcnow


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """A project as the project switcher shows it."""

    id: int
    name: str
    start: date
    task_count: int
    opened_at: datetime | None


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A task as the outline table shows it."""

    id: int
    project_id: int
    parent_id: int | None
    wbs_rank: str
    title: str
    kind: str
    start: date | None
    finish: date | None
    duration_days: int
    percent_complete: int
    priority: int
    column_id: int | None
    archived: bool
    updated_at: datetime


_new_task_row = positional_constructor(TaskRow)
"""``TaskRow(*row)`` in half the time: the table reads thousands of them."""

_TASK_COLUMNS = (
    Task.id,
    Task.project_id,
    Task.parent_id,
    Task.wbs_rank,
    Task.title,
    Task.kind,
    Task.start,
    Task.finish,
    Task.duration_days,
    Task.percent_complete,
    Task.priority,
    Task.column_id,
    Task.archived,
    Task.updated_at,
)


def has_subtasks() -> ColumnElement[bool]:
    """SQL: the task row has subtasks (a summary, or a roadmap item with delivery work under it).

    Such a task is not a card and its dates roll up; test this rather than ``kind == summary``,
    since epics, features and initiatives keep their kind when they get children.
    """
    child = aliased(Task)
    # project_id first: the (project_id, parent_id, wbs_rank) index answers it, rather than a
    # scan of every task per row
    return exists().where(child.project_id == Task.project_id, child.parent_id == Task.id)


def list_projects(session: Session) -> list[ProjectRow]:
    """All projects, by name, with their task counts."""
    counts = (
        select(Task.project_id, func.count(Task.id).label("n")).group_by(Task.project_id).subquery()
    )
    rows = session.execute(
        select(Project.id, Project.name, Project.start, Project.opened_at, counts.c.n)
        .outerjoin(counts, counts.c.project_id == Project.id)
        .order_by(func.lower(Project.name), Project.id)
    )
    return [
        ProjectRow(id=r.id, name=r.name, start=r.start, task_count=r.n or 0, opened_at=r.opened_at)
        for r in rows
    ]


def project_tasks(session: Session, project_id: int) -> list[TaskRow]:
    """Every task of a project, ordered by parent then outline rank (see ``OutlineTree``)."""
    rows = session.execute(
        select(*_TASK_COLUMNS).where(Task.project_id == project_id).order_by(Task.wbs_rank, Task.id)
    )
    return [_new_task_row(*row) for row in rows]


def tasks_by_id(session: Session, task_ids: list[int]) -> dict[int, TaskRow]:
    """Fresh rows for the given ids; ids that no longer exist are absent."""
    found: dict[int, TaskRow] = {}
    for start in range(0, len(task_ids), 500):
        chunk = task_ids[start : start + 500]
        for row in session.execute(select(*_TASK_COLUMNS).where(Task.id.in_(chunk))):
            found[row.id] = _new_task_row(*row)
    return found


def column_names(session: Session, project_id: int) -> dict[int, str]:
    """Board column names of a project, by id."""
    rows = session.execute(
        select(BoardColumn.id, BoardColumn.name)
        .where(BoardColumn.project_id == project_id)
        .order_by(BoardColumn.position)
    )
    return dict(rows.all())


def predecessors_text(session: Session, project_id: int) -> dict[int, list[tuple[int, str, int]]]:
    """Per successor id: ``(predecessor_id, type, lag_days)`` of its links."""
    rows = session.execute(
        select(
            Dependency.successor_id, Dependency.predecessor_id, Dependency.type, Dependency.lag_days
        )
        .join(Task, Task.id == Dependency.successor_id)
        .where(Task.project_id == project_id)
        .order_by(Dependency.id)
    )
    links: dict[int, list[tuple[int, str, int]]] = {}
    for succ, pred, kind, lag in rows:
        links.setdefault(succ, []).append((pred, kind, lag))
    return links


def most_recent_project(session: Session) -> int | None:
    """The only project, else the most recently opened one, else the newest; None if empty."""
    row = session.execute(
        select(Project.id)
        .order_by(Project.opened_at.is_(None), Project.opened_at.desc(), Project.id.desc())
        .limit(1)
    ).scalar()
    return row


def mark_project_opened(session: Session, project_id: int) -> None:
    """Remember that the user opened ``project_id`` now (not an edit: no undo step)."""
    session.execute(update(Project).where(Project.id == project_id).values(opened_at=utcnow()))


def find_project(session: Session, name: str | None) -> int:
    """The project named ``name`` (any case), else the only or most recently opened one.

    Raises:
        NotFoundError: no project has that name, or the workspace has none.
    """
    projects = list_projects(session)
    if name is None:
        found = most_recent_project(session)
        if found is None:
            raise NotFoundError("The workspace has no project.")
        return found
    wanted = name.strip().casefold()
    for project in projects:
        if project.name.casefold() == wanted:
            return project.id
    known = ", ".join(sorted(p.name for p in projects)) or "none"
    raise NotFoundError(f"No project is named '{name}'; the workspace has: {known}.")
