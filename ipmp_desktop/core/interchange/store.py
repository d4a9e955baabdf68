"""A :class:`Plan` into the workspace as a new project, and a project back out as a Plan.

:class:`ImportPlan` is an ordinary command: one transaction, rescheduled by the runner in the same
step, undone by removing what it inserted. Rows are inserted in bulk: every task in one insert, then
every parent link in one update, so an import is a few statements however large or deep it is.

Dates are kept, not silently moved. A source file's start dates were computed by its own tool; our
scheduler would recompute them from the project start and the links, under its own calendar and
lag rules. So a task with a start and no constraint of its own keeps that start as a *start no
earlier than* date, the way a start typed in our task table is kept. What still moves after the
reschedule (a link that is tighter here, a date on a non-working day, a constraint) is listed in
the report with its reason: :func:`date_shifts`.

A large import takes seconds, so the GUI runs :func:`write_plan` in a worker thread. Its
``progress`` callable is asked between the steps (the checks, the task rows a thousand at a time,
the details, the undo snapshot, the reschedule); a False answer rolls the one transaction back,
so a cancelled import writes nothing. The command that wrote is returned, applied, for the undo
stack: it is not run again.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from ipmp_desktop.core.commands import apply, validate
from ipmp_desktop.core.commands.patterns import CreateRowsCommand
from ipmp_desktop.core.commands.projects import DEFAULT_COLUMNS, DeleteProject
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.db.workspace import Workspace
from ipmp_desktop.core.interchange.link_check import keep_valid_links
from ipmp_desktop.core.interchange.plan import (
    CONSTRAINTS,
    DateShift,
    ImportReport,
    InterchangeError,
    Plan,
    PlanCalendar,
    PlanColumn,
    PlanTask,
)
from ipmp_desktop.core.interchange.text_limits import fit_texts
from ipmp_desktop.core.model import (
    Assignment,
    Baseline,
    BaselineTask,
    BoardColumn,
    Calendar,
    ChecklistItem,
    Comment,
    Dependency,
    Holiday,
    Label,
    Person,
    Project,
    Task,
    task_labels,
)
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.progress import Progress, report
from ipmp_desktop.core.ranking import rank_sequence
from ipmp_desktop.core.services.changes import TASK_AREAS, Area, Changes

ROADMAP_KINDS = ("initiative", "epic", "feature")
_KINDS = ("task", "milestone", "summary", *ROADMAP_KINDS)
ROWS_PER_INSERT = 1000
"""Task rows per insert: between two inserts the import looks at its Cancel button."""
STEPS = 100
"""The import's progress is reported in hundredths of the whole write."""


@dataclass
class ImportResult:
    """The new project and the report of what the import did.

    ``command`` (applied, with what it wrote) and ``changes`` are what the GUI puts on its undo
    stack and publishes; the command is not run again for that.
    """

    project_id: int
    report: ImportReport
    command: "ImportPlan | None" = None
    changes: Changes = field(default_factory=Changes)


def weekday_bits(weekdays: tuple[bool, ...]) -> int:
    """Monday-first flags to the calendar's bit mask (bit 0 Monday)."""
    return sum(1 << day for day, works in enumerate(weekdays) if works)


class ImportPlan(CreateRowsCommand):
    """A plan read from a file becomes a new project of the workspace (one undo step).

    Args:
        plan: what to import.
        name: the project's name (default: the plan's).
        progress: asked between the steps of the first ``do`` with hundredths of the write
            done (see :data:`STEPS`); False stops it with :class:`Cancelled`. Not used by
            undo or redo, which are quick.
    """

    label = "Import project"

    def __init__(
        self, *, plan: Plan, name: str | None = None, progress: Progress | None = None
    ) -> None:
        super().__init__()
        self.plan = plan
        self.name = name
        self.progress = progress
        self.project_id: int | None = None
        self.task_ids: dict[str, int] = {}
        self.people: list[int] = []

    def step(self, done: int) -> None:
        """Report ``done`` hundredths of the write; raises ``Cancelled`` when told to stop."""
        report(self.progress, done, STEPS)

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        plan = self.plan
        self.step(0)
        keep_valid_links(plan)  # a cycle or a self-link is dropped and reported, not refused
        fit_texts(plan)  # an over-long text is cut and reported, not refused
        name = validate.title(
            self.name or plan.name or "Imported project",
            what="project name",
            limit=validate.MAX_NAME,
        )
        _check(plan)
        self.step(10)
        calendar = plan.calendar or PlanCalendar()
        start = plan.start or _first_day(plan) or date.today()
        calendar_id = _insert_one(
            session,
            Calendar.__table__,
            {
                "name": f"{name} calendar",
                "working_weekdays": weekday_bits(calendar.weekdays) or 0b0011111,
                "hours_per_day": max(1, min(int(calendar.hours_per_day or 8), 24)),
            },
        )
        if calendar.holidays:
            session.execute(
                insert(Holiday.__table__),
                [
                    {
                        "calendar_id": calendar_id,
                        "day": h.day,
                        "name": h.name[:200],
                        "yearly": h.yearly,
                    }
                    for h in calendar.holidays
                ],
            )
        self.project_id = project_id = _insert_one(
            session,
            Project.__table__,
            {
                "name": name,
                "description": plan.description,
                "start": start,
                "calendar_id": calendar_id,
                "created_at": utcnow(),
            },
        )
        columns = self._columns(session, project_id)
        labels = self._labels(session, project_id)
        people = self._people(session)
        self._tasks(session, project_id, columns)
        self._links(session)
        self._details(session, labels, people)
        self._baselines(session, project_id)
        self.step(60)
        snapshot = Snapshot()
        snapshot.add(
            Calendar.__table__, rows_where(session, Calendar.__table__, Calendar.id == calendar_id)
        )
        snapshot.add(
            Holiday.__table__,
            rows_where(session, Holiday.__table__, Holiday.calendar_id == calendar_id),
        )
        if self.people:
            snapshot.add(
                Person.__table__, rows_where(session, Person.__table__, Person.id.in_(self.people))
            )
        for table_name, rows in DeleteProject(project_id=project_id).capture(uow).tables:
            snapshot.tables.append((table_name, rows))
        self.step(85)
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        assert self.project_id is not None
        return Changes(
            projects=frozenset({self.project_id}),
            structure=frozenset({self.project_id}),
            reschedule=frozenset({self.project_id}),
            areas=frozenset({Area.PROJECTS} | TASK_AREAS),
        )

    # -- the rows --

    def _columns(self, session: Session, project_id: int) -> dict[str, tuple[int, str]]:
        wanted = self.plan.columns or [
            PlanColumn(name, str(category), limit) for name, category, limit in DEFAULT_COLUMNS
        ]
        found: dict[str, tuple[int, str]] = {}
        for position, column in enumerate(wanted):
            key = column.name.strip()[:100] or f"Column {position + 1}"
            if key.casefold() in found:
                continue
            category = column.category if column.category in ("todo", "doing", "done") else "todo"
            column_id = _insert_one(
                session,
                BoardColumn.__table__,
                {
                    "project_id": project_id,
                    "name": key,
                    "position": position,
                    "wip_limit": column.wip_limit,
                    "category": category,
                    "wip_policy": "ask",
                },
            )
            found[key.casefold()] = (column_id, category)
        return found

    def _labels(self, session: Session, project_id: int) -> dict[str, int]:
        names: dict[str, str] = {}
        for task in self.plan.tasks:
            for label in task.labels:
                names.setdefault(label.strip()[:100].casefold(), label.strip()[:100])
        found = {}
        for key, label in names.items():
            if not label:
                continue
            color = self.plan.label_colors.get(label) or "#808080"
            found[key] = _insert_one(
                session,
                Label.__table__,
                {
                    "project_id": project_id,
                    "name": label,
                    "color": color[:9],
                },
            )
        return found

    def _people(self, session: Session) -> dict[str, int]:
        existing = {
            name.casefold(): person_id
            for person_id, name in session.execute(select(Person.id, Person.name))
        }
        by_key: dict[str, int] = {}
        for resource in self.plan.resources:
            name = resource.name.strip()[:200]
            if not name:
                continue
            person_id = existing.get(name.casefold())
            if person_id is None:
                person_id = _insert_one(
                    session,
                    Person.__table__,
                    {
                        "name": name,
                        "email": resource.email[:320],
                    },
                )
                existing[name.casefold()] = person_id
                self.people.append(person_id)
            by_key[resource.key] = person_id
        return by_key

    def _tasks(
        self, session: Session, project_id: int, columns: dict[str, tuple[int, str]]
    ) -> None:
        plan = self.plan
        children = plan.children()
        has_children = {key for key in children if key is not None}
        wbs_rank: dict[str, str] = {}
        for siblings in children.values():
            for task, rank in zip(siblings, rank_sequence(len(siblings)), strict=True):
                wbs_rank[task.key] = rank
        board_rank = dict(
            zip((t.key for t in plan.tasks), rank_sequence(len(plan.tasks)), strict=True)
        )
        by_category: dict[str, int] = {}
        for column_id, category in columns.values():
            by_category.setdefault(category, column_id)
        first_column = next(iter(columns.values()))[0]
        now = utcnow()
        table = Task.__table__
        # Every row inserted parentless, a chunk at a time (progress between chunks), then
        # every parent in one update: a few statements however deep the outline (one insert
        # per level would be one per task down a deep chain).
        written, total = 0, max(len(plan.tasks), 1)
        for start in range(0, len(plan.tasks), ROWS_PER_INSERT):
            chunk = plan.tasks[start : start + ROWS_PER_INSERT]
            rows = [
                _task_row(
                    task,
                    project_id=project_id,
                    now=now,
                    summary=task.key in has_children,
                    parent_id=None,
                    wbs_rank=wbs_rank[task.key],
                    board_rank=board_rank[task.key],
                    column_id=_column_for(task, columns, by_category, first_column),
                )
                for task in chunk
            ]
            ids = session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            ).scalars()
            for task, task_id in zip(chunk, ids, strict=True):
                self.task_ids[task.key] = task_id
            written += len(chunk)
            self.step(10 + 40 * written // total)
        parents = [
            {"child": self.task_ids[task.key], "parent": self.task_ids[task.parent]}
            for task in plan.tasks
            if task.parent is not None
        ]
        if parents:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("child"))
                .values(parent_id=bindparam("parent")),
                parents,
            )

    def _links(self, session: Session) -> None:
        rows, seen = [], set()
        for link in self.plan.links:
            pred = self.task_ids.get(link.predecessor)
            succ = self.task_ids.get(link.successor)
            if pred is None or succ is None or pred == succ or (pred, succ) in seen:
                continue
            seen.add((pred, succ))
            rows.append(
                {
                    "predecessor_id": pred,
                    "successor_id": succ,
                    "type": link.type,
                    "lag_days": int(link.lag_days),
                }
            )
        if rows:
            session.execute(insert(Dependency.__table__), rows)

    def _details(self, session: Session, labels: dict[str, int], people: dict[str, int]) -> None:
        tagged, assigned, items, notes = [], [], [], []
        for task in self.plan.tasks:
            task_id = self.task_ids[task.key]
            for label_id in {
                labels[n.strip()[:100].casefold()]
                for n in task.labels
                if n.strip()[:100].casefold() in labels
            }:
                tagged.append({"task_id": task_id, "label_id": label_id})
            units_by_person: dict[int, int] = {}
            for resource, units in task.assignments:
                if resource in people:
                    units_by_person[people[resource]] = max(1, min(int(units), 1000))
            assigned += [
                {"task_id": task_id, "person_id": p, "units": u} for p, u in units_by_person.items()
            ]
            for (text, done), rank in zip(
                task.checklist, rank_sequence(len(task.checklist)), strict=True
            ):
                items.append(
                    {
                        "task_id": task_id,
                        "text": text[:500] or "(empty)",
                        "done": bool(done),
                        "rank": rank,
                    }
                )
            for author, body, created in task.comments:
                notes.append(
                    {
                        "task_id": task_id,
                        "author": author[:200],
                        "body": body,
                        "created_at": created or utcnow(),
                    }
                )
        for table, rows in (
            (task_labels, tagged),
            (Assignment.__table__, assigned),
            (ChecklistItem.__table__, items),
            (Comment.__table__, notes),
        ):
            if rows:
                session.execute(insert(table), rows)

    def _baselines(self, session: Session, project_id: int) -> None:
        for baseline in self.plan.baselines:
            rows = [
                {
                    "task_id": self.task_ids[key],
                    "start": start,
                    "finish": finish,
                    "duration_days": max(int(duration), 0),
                    "percent_complete": _percent(percent),
                }
                for key, (start, finish, duration, percent) in baseline.tasks.items()
                if key in self.task_ids
            ]
            if not rows:
                continue
            baseline_id = _insert_one(
                session,
                Baseline.__table__,
                {
                    "project_id": project_id,
                    "name": baseline.name[:200] or "Baseline",
                    "created_at": utcnow(),
                },
            )
            for row in rows:
                row["baseline_id"] = baseline_id
            session.execute(insert(BaselineTask.__table__), rows)


def _insert_one(session: Session, table, values: dict[str, Any]) -> int:
    return session.execute(insert(table).returning(table.c.id), [values]).scalar_one()


def _percent(value: Any) -> int:
    return max(0, min(int(value or 0), 100))


def _task_row(
    task: PlanTask,
    *,
    project_id: int,
    now,
    summary: bool,
    parent_id: int | None,
    wbs_rank: str,
    board_rank: str,
    column_id: int,
) -> dict[str, Any]:
    kind = task.kind if task.kind in _KINDS else "task"
    if summary and kind not in ROADMAP_KINDS:
        kind = "summary"
    elif not summary and kind == "summary":
        kind = "task"
    milestone = kind == "milestone"
    constraint, constraint_date = task.constraint_type, task.constraint_date
    if constraint not in CONSTRAINTS or (constraint != "asap" and constraint_date is None):
        constraint, constraint_date = "asap", None
    if constraint == "asap" and task.start is not None and not summary and not task.manual:
        constraint, constraint_date = "snet", task.start  # keep the file's date (module doc)
    duration = 0 if milestone else max(int(task.duration_days or 0), 1 if not summary else 0)
    percent = _percent(task.percent)
    return {
        "project_id": project_id,
        "parent_id": parent_id,
        "wbs_rank": wbs_rank,
        "column_id": column_id,
        "board_rank": board_rank,
        "title": (task.title.strip() or "(untitled)")[:500],
        "description": task.notes,
        "kind": kind,
        "start": task.start,
        "finish": task.start if milestone else task.finish,
        "duration_days": duration,
        "percent_complete": percent,
        "priority": max(0, min(int(task.priority or 0), 4)),
        "estimate_hours": task.estimate_hours,
        "color": task.color[:9] if task.color else None,
        "archived": bool(task.archived),
        "column_entered_at": now,
        "manual": bool(task.manual),
        "constraint_type": constraint,
        "constraint_date": constraint_date,
        "actual_finish": task.finish if percent == 100 else None,
        "created_at": now,
        "updated_at": now,
    }


def _column_for(task: PlanTask, columns, by_category, first_column: int) -> int:
    if task.column and task.column.strip().casefold() in columns:
        return columns[task.column.strip().casefold()][0]
    if task.percent >= 100 and "done" in by_category:
        return by_category["done"]
    if task.percent > 0 and "doing" in by_category:
        return by_category["doing"]
    return by_category.get("todo", first_column)


def _first_day(plan: Plan) -> date | None:
    days = [t.start for t in plan.tasks if t.start is not None]
    return min(days) if days else None


def _check(plan: Plan) -> None:
    """Refuse a plan the store cannot hold, with one sentence (importers should not make one)."""
    keys: set[str] = set()
    for task in plan.tasks:
        if task.key in keys:
            raise InterchangeError(f"Two tasks share the id {task.key!r}; the file is not valid.")
        if task.parent is not None and task.parent not in keys:
            raise InterchangeError(
                f"Task {task.title!r} comes before its parent {task.parent!r}; "
                "the file's outline is not valid."
            )
        if task.start and task.finish and task.finish < task.start:
            raise InterchangeError(f"Task {task.title!r} finishes before it starts.")
        keys.add(task.key)


def write_plan(
    workspace: Workspace,
    plan: Plan,
    *,
    name: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``plan`` as a new project in one committed step; returns the project, the report
    (its ``shifted`` list filled from the dates after scheduling) and the applied command.

    Safe to run in a worker thread: it uses sessions of its own, and the GUI only reads
    meanwhile (SQLite in WAL mode lets readers go on while one writer writes).

    Args:
        workspace: where the project goes.
        plan: what to import (its links and texts are fitted, and its report filled, here).
        name: the project's name (default: the plan's).
        progress: told how far the write is, in hundredths; answering False cancels it.

    Raises:
        Cancelled: ``progress`` answered False before the commit; nothing was written.
        DomainError: the plan cannot be stored (one sentence); nothing was written.
    """
    command = ImportPlan(plan=plan, name=name, progress=progress)
    try:
        changes = apply(workspace, command, before_commit=lambda: command.step(97))
    finally:
        command.progress = None  # the undo stack keeps the command, not the caller's callable
    assert command.project_id is not None
    with workspace.reading() as session:
        plan.report.shifted = date_shifts(session, command, plan)
        plan.report.counts.setdefault("tasks", len(command.task_ids))
    if progress is not None:
        progress(STEPS, STEPS)  # its answer no longer matters: the import is committed
    return ImportResult(command.project_id, plan.report, command, changes)


def date_shifts(session: Session, command: ImportPlan, plan: Plan) -> list[DateShift]:
    """Tasks whose scheduled dates differ from the file's, with the likeliest reason."""
    ids = command.task_ids
    rows = {
        row.id: row
        for chunk in _chunks(list(ids.values()))
        for row in session.execute(
            select(Task.id, Task.start, Task.finish, Task.kind).where(Task.id.in_(chunk))
        )
    }
    calendar = session.execute(
        select(Calendar)
        .join(Project, Project.calendar_id == Calendar.id)
        .where(Project.id == command.project_id)
    ).scalar_one()
    holidays = {h.day for h in calendar.holidays if not h.yearly}
    yearly = {(h.day.month, h.day.day) for h in calendar.holidays if h.yearly}
    incoming = {link.successor for link in plan.links}
    parents = {task.parent for task in plan.tasks if task.parent is not None}

    def working(day: date) -> bool:
        return (
            (calendar.working_weekdays >> day.weekday()) & 1 == 1
            and day not in holidays
            and (day.month, day.day) not in yearly
        )

    shifts = []
    for task in plan.tasks:
        row = rows.get(ids.get(task.key, -1))
        if row is None or (task.start is None and task.finish is None):
            continue
        before = (task.start, task.start if row.kind == "milestone" else task.finish)
        after = (row.start, row.finish)
        if (before[0] is None or before[0] == after[0]) and (
            before[1] is None or before[1] == after[1]
        ):
            continue
        if row.kind == "summary" or task.key in parents:
            reason = "a summary spans its subtasks as scheduled here"
        elif task.start is not None and not working(task.start):
            reason = f"the calendar: {task.start} is not a working day here"
        elif (
            row.kind == "milestone"
            and task.key in incoming
            and after[0]
            and before[0]
            and after[0] > before[0]
        ):
            reason = "a milestone after a finish-to-start link falls on the next working day here"
        elif task.key in incoming and after[0] and before[0] and after[0] > before[0]:
            reason = "a link: a predecessor finishes later here (lags count working days)"
        elif task.constraint_type in ("mso", "fnlt") and task.constraint_date:
            reason = f"its constraint ({task.constraint_type} {task.constraint_date})"
        elif before[1] is not None and after[1] is not None and before[0] == after[0]:
            reason = "the calendar: its duration counts other working days here"
        else:
            reason = "the scheduler placed it by its links and constraints"
        shifts.append(DateShift(task.title, before, after, reason))
    return shifts


def _chunks(values: list[int], size: int = 900):
    for start in range(0, len(values), size):
        yield values[start : start + size]


from ipmp_desktop.core.interchange.project_read import read_project  # noqa: E402

__all__ = ["ImportPlan", "ImportResult", "date_shifts", "read_project", "write_plan"]
