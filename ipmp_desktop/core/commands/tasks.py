"""Task commands: add, edit, delete, and place in the outline (indent, outdent, reorder)."""

from datetime import date
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from ipmp_desktop.core.commands import placement, validate
from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.commands.task_rows import (
    capture_tasks,
    idea_links,
    relink_ideas,
    unlink_ideas,
)
from ipmp_desktop.core.db.snapshot import Snapshot, remove, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import CycleError, ValidationError
from ipmp_desktop.core.model import (
    BoardColumn,
    Dependency,
    Project,
    Task,
    TaskKind,
)
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.scheduling.service import project_calendar
from ipmp_desktop.core.services.changes import TASK_AREAS, Changes

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "kind",
        "start",
        "finish",
        "duration_days",
        "percent_complete",
        "priority",
        "estimate_hours",
        "color",
        "archived",
        "manual",
        "constraint_type",
        "constraint_date",
    }
    # roadmap fields (validate.roadmap_field); theme and release move with MoveRoadmapItem
    | {"horizon", "problem", "outcome", "customer_impact", "business_value", "target_date"}
    | {"reach", "impact", "confidence", "effort", "value", "time_criticality"}
    | {"risk_reduction", "job_size", "rank_override"}
)
SCHEDULE_FIELDS = frozenset(
    {"start", "finish", "duration_days", "kind", "manual", "constraint_type", "constraint_date"}
    | {"percent_complete"}  # the reschedule also rolls progress up to the summaries
)


def sync_summary_kinds(session: Session, task_ids: set[int | None]) -> dict[int, str]:
    """Make parents summaries and childless summaries plain tasks; return the old kinds changed.

    A task or milestone that gains its first child becomes a summary (its dates will roll up
    from the children); a summary that loses its last child becomes a plain task again.
    """
    old: dict[int, str] = {}
    for task_id in sorted(t for t in task_ids if t is not None):
        found = session.execute(
            select(Task.kind, Task.project_id).where(Task.id == task_id)
        ).first()
        if found is None:
            continue
        kind, project_id = found
        has_children = session.execute(  # project_id first: the outline index answers it
            select(exists().where(Task.project_id == project_id, Task.parent_id == task_id))
        ).scalar()
        wanted = kind
        if has_children and kind in (TaskKind.TASK, TaskKind.MILESTONE):
            wanted = TaskKind.SUMMARY
        elif not has_children and kind == TaskKind.SUMMARY:
            wanted = TaskKind.TASK
        if wanted != kind:
            old[task_id] = kind
            session.execute(update(Task).where(Task.id == task_id).values(kind=wanted))
    return old


def restore_kinds(session: Session, old: dict[int, str]) -> None:
    """Put back kinds recorded by :func:`sync_summary_kinds`."""
    for task_id, kind in old.items():
        session.execute(update(Task).where(Task.id == task_id).values(kind=kind))


def _task_changes(
    project_id: int, task_ids: set[int], *, structure: bool, reschedule: bool = True
) -> Changes:
    return Changes(
        tasks=frozenset(task_ids),
        structure=frozenset({project_id}) if structure else frozenset(),
        projects=frozenset({project_id}),
        reschedule=frozenset({project_id}) if reschedule else frozenset(),
        areas=TASK_AREAS,
    )


class CreateTask(CreateRowsCommand):
    """Add a task to a project, in the outline after ``after_id`` (or last under ``parent_id``).

    The card goes to the bottom of ``column_id`` (the top with ``board_top``), or of the
    project's first column.
    """

    label = "Add task"

    def __init__(
        self,
        *,
        project_id: int,
        title: str,
        parent_id: int | None = None,
        after_id: int | None = None,
        kind: str = TaskKind.TASK,
        start: date | None = None,
        finish: date | None = None,
        duration_days: int = 1,
        column_id: int | None = None,
        description: str = "",
        priority: int = 0,
        board_top: bool = False,
    ) -> None:
        super().__init__()
        self.board_top = board_top
        self.project_id = project_id
        self.parent_id = parent_id
        self.after_id = after_id
        self.column_id = column_id
        self.values: dict[str, Any] = {
            "title": title,
            "kind": kind,
            "start": start,
            "finish": finish,
            "duration_days": duration_days,
            "description": description,
            "priority": priority,
        }
        self.task_id: int | None = None
        self.old_kinds: dict[int, str] = {}

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        uow.get(Project, self.project_id, "project")
        values = {name: validate.task_field(name, v) for name, v in self.values.items()}
        if values["kind"] == TaskKind.MILESTONE:
            values["duration_days"] = 0
            values["finish"] = values["start"]
        validate.date_order(values["start"], values["finish"])
        if values["kind"] == TaskKind.TASK and values["start"] and values["finish"]:
            calendar = project_calendar(session, self.project_id)  # a typed span: its duration
            span = calendar.working_days(values["start"], values["finish"])
            values["duration_days"] = max(1, span)
        if self.parent_id is not None:
            placement.require_same_project(session, self.parent_id, self.project_id, "parent task")
        if self.after_id is not None:
            rank = placement.outline_rank_after(
                session, self.project_id, self.parent_id, self.after_id
            )
        else:
            rank = placement.outline_rank_last(session, self.project_id, self.parent_id)
        column_id = self.column_id
        if column_id is None:
            column_id = session.execute(
                select(BoardColumn.id)
                .where(BoardColumn.project_id == self.project_id)
                .order_by(BoardColumn.position)
                .limit(1)
            ).scalar()
        else:
            column = uow.get(BoardColumn, column_id, "column")
            if column.project_id != self.project_id:
                raise ValidationError("That column belongs to another project.")
        now = utcnow()
        if values["start"] is not None:
            values["constraint_type"], values["constraint_date"] = "snet", values["start"]
        task = Task(
            project_id=self.project_id,
            parent_id=self.parent_id,
            wbs_rank=rank,
            column_id=column_id,
            board_rank=(
                placement.board_rank_first(session, self.project_id, column_id)
                if self.board_top
                else placement.board_rank_last(session, self.project_id, column_id)
            ),
            percent_complete=0,
            estimate_hours=None,
            color=None,
            archived=False,
            created_at=now,
            updated_at=now,
            **values,
        )
        session.add(task)
        session.flush()
        self.task_id = task.id
        self.old_kinds = sync_summary_kinds(session, {self.parent_id})
        snapshot = Snapshot()
        snapshot.add(Task.__table__, rows_where(session, Task.__table__, Task.id == task.id))
        return snapshot

    def undo(self, uow: UnitOfWork) -> Changes:
        changes = super().undo(uow)
        restore_kinds(uow.session, self.old_kinds)
        return changes

    def redo(self, uow: UnitOfWork) -> Changes:
        changes = super().redo(uow)
        sync_summary_kinds(uow.session, {self.parent_id})
        return changes

    def changes_for(self, uow: UnitOfWork) -> Changes:
        touched = {self.task_id} | ({self.parent_id} if self.parent_id else set())
        return _task_changes(self.project_id, touched - {None}, structure=True)  # type: ignore[arg-type]


def _milestone_by_duration(session: Session, row: Any, cleaned: dict[str, Any]) -> None:
    """A task without subtasks given no duration becomes a milestone, and a milestone given a
    duration becomes a task, as planners do (a 0-day task was drawn as a one-day bar, and
    nothing else made a milestone)."""
    if "duration_days" not in cleaned or "kind" in cleaned:
        return
    days = cleaned["duration_days"]
    if days == 0 and row.kind == TaskKind.TASK:
        if not session.scalar(select(exists().where(Task.parent_id == row.id))):
            cleaned["kind"] = TaskKind.MILESTONE
    elif days > 0 and row.kind == TaskKind.MILESTONE:
        cleaned["kind"] = TaskKind.TASK


class UpdateTask(EditFieldsCommand):
    """Change fields of one task: ``UpdateTask(task_id=5, title="Design", percent_complete=40)``.

    With ``mergeable=True`` (keyboard nudges), consecutive mergeable edits of the same fields of
    the same task fold into one undo step; ordinary edits are one step each.
    """

    label = "Edit task"
    entity = Task
    noun = "task"

    def __init__(self, *, task_id: int, mergeable: bool = False, **values: Any) -> None:
        unknown = set(values) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError(f"A task has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(task_id, values)
        self.project_id: int | None = None
        self.mergeable = mergeable

    @property
    def merge_key(self) -> str | None:  # type: ignore[override]
        """Only nudges merge."""
        return "update-task" if self.mergeable else None

    @property
    def text(self) -> str:
        if set(self.requested) == {"title"}:
            return "Rename task"
        return self.label

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        cleaned = {name: validate.task_field(name, value) for name, value in values.items()}
        _milestone_by_duration(uow.session, row, cleaned)
        kind = cleaned.get("kind", row.kind)
        if kind == TaskKind.MILESTONE:  # a milestone is one date: start and finish move together
            if "kind" in cleaned:
                cleaned.setdefault("duration_days", 0)
            if "start" in cleaned and "finish" not in cleaned:
                cleaned["finish"] = cleaned["start"]
            elif "finish" in cleaned and "start" not in cleaned:
                cleaned["start"] = cleaned["finish"]
            elif "kind" in cleaned:
                cleaned.setdefault("finish", cleaned.get("start", row.start))
        if "finish" in cleaned:  # a new start alone moves the finish with it (scheduling)
            validate.date_order(cleaned.get("start", row.start), cleaned["finish"])
        _schedule_intent(uow, row, cleaned)
        cleaned["updated_at"] = utcnow()
        self.project_id = row.project_id
        return cleaned

    def changes_for(self, row: Any) -> Changes:
        dated = bool(SCHEDULE_FIELDS & set(self.new))
        return _task_changes(row.project_id, {row.id}, structure=False, reschedule=dated)

    def merge_with(self, other: Command) -> bool:
        if not (
            isinstance(other, UpdateTask)
            and self.mergeable
            and other.mergeable
            and other.entity_id == self.entity_id
            and set(other.requested) == set(self.requested)
        ):
            return False
        for name, value in other.old.items():  # fields only the later edit derived
            self.old.setdefault(name, value)
        self.new = {**self.new, **other.new}
        self.requested = dict(other.requested)
        return True


class DeleteTasks(DeleteRowsCommand):
    """Delete tasks with their subtasks, links, labels and assignments; undo restores all.

    Ideas promoted to a deleted task lose that mark (the ideas stay); undo marks them again.
    ``idea_links`` (idea id -> task id) is what the delete cleared.
    """

    label = "Delete tasks"

    def __init__(self, *, task_ids: list[int]) -> None:
        super().__init__()
        if not task_ids:
            raise ValidationError("Select at least one task to delete.")
        self.task_ids = list(dict.fromkeys(task_ids))
        self.project_id: int | None = None
        self.all_ids: list[int] = []
        self.dependency_ids: set[int] = set()
        self.parents: set[int | None] = set()
        self.old_kinds: dict[int, str] = {}
        self.idea_links: dict[int, int] = {}

    @property
    def text(self) -> str:
        return "Delete task" if len(self.task_ids) == 1 else f"Delete {len(self.task_ids)} tasks"

    def capture(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        projects = set()
        for task_id in self.task_ids:
            task = uow.get(Task, task_id, "task")
            projects.add(task.project_id)
        if len(projects) != 1:
            raise ValidationError("Delete tasks of one project at a time.")
        self.project_id = projects.pop()
        ids = placement.descendants(session, self.task_ids)
        self.all_ids = ids
        snapshot = capture_tasks(session, ids)
        id_set = set(ids)
        tasks = next(rows for name, rows in snapshot.tables if name == Task.__tablename__)
        self.parents = {t["parent_id"] for t in tasks if t["parent_id"] not in id_set}
        self.dependency_ids = snapshot.ids(Dependency.__table__)
        self.idea_links = idea_links(session, ids)
        return snapshot

    def do(self, uow: UnitOfWork) -> Changes:
        self.snapshot = self.capture(uow)
        changes = self.changes_for(uow)
        unlink_ideas(uow.session, self.idea_links)
        remove(uow.session, self.snapshot)
        self.old_kinds = sync_summary_kinds(uow.session, self.parents)
        return changes

    def undo(self, uow: UnitOfWork) -> Changes:
        restore_kinds(uow.session, self.old_kinds)
        changes = super().undo(uow)
        relink_ideas(uow.session, self.idea_links)
        return changes

    def changes_for(self, uow: UnitOfWork) -> Changes:
        assert self.project_id is not None
        touched = set(self.all_ids) | {p for p in self.parents if p is not None}
        return _task_changes(self.project_id, touched, structure=True) | Changes(
            dependencies=frozenset(self.dependency_ids)
        )


class MoveTaskInOutline(Command):
    """Put a task (with its subtree) under ``parent_id``, right after sibling ``after_id``.

    ``after_id=None`` places it first among the new siblings; ``parent_id=None`` is top level.
    """

    label = "Move task"

    def __init__(self, *, task_id: int, parent_id: int | None, after_id: int | None) -> None:
        self.task_id = task_id
        self.parent_id = parent_id
        self.after_id = after_id
        self.project_id: int | None = None
        self.old: tuple[int | None, str] | None = None
        self.new: tuple[int | None, str] | None = None
        self.old_kinds: dict[int, str] = {}

    def resolve(self, uow: UnitOfWork, task: Task) -> None:
        """Hook for commands that compute the target from the current outline on first do."""

    def do(self, uow: UnitOfWork) -> Changes:
        session = uow.session
        task = uow.get(Task, self.task_id, "task")
        self.project_id = task.project_id
        self.resolve(uow, task)
        if self.parent_id is not None:
            placement.require_same_project(session, self.parent_id, task.project_id, "parent task")
            if self.task_id in placement.ancestors(session, self.parent_id):
                raise CycleError(f"“{task.title}” cannot be moved under itself or its subtasks.")
        if self.after_id == self.task_id:
            raise ValidationError("A task cannot be placed after itself.")
        if self.parent_id is not None:
            _refuse_links_into_branch(session, task, self.parent_id)
        rank = placement.outline_rank_after(
            session, task.project_id, self.parent_id, self.after_id, moving_id=self.task_id
        )
        self.old = (task.parent_id, task.wbs_rank)
        self.new = (self.parent_id, rank)
        return self._place(uow, self.new, sync_from=self.old[0])

    def undo(self, uow: UnitOfWork) -> Changes:
        assert self.old is not None and self.new is not None
        restore_kinds(uow.session, self.old_kinds)
        self._set(uow, self.old)
        return self._changes({self.old[0], self.new[0]})

    def redo(self, uow: UnitOfWork) -> Changes:
        assert self.old is not None and self.new is not None
        return self._place(uow, self.new, sync_from=self.old[0])

    def _set(self, uow: UnitOfWork, where: tuple[int | None, str]) -> None:
        uow.session.execute(
            update(Task)
            .where(Task.id == self.task_id)
            .values(parent_id=where[0], wbs_rank=where[1])
        )

    def _place(
        self, uow: UnitOfWork, where: tuple[int | None, str], sync_from: int | None
    ) -> Changes:
        self._set(uow, where)
        self.old_kinds = sync_summary_kinds(uow.session, {sync_from, where[0]})
        return self._changes({sync_from, where[0]})

    def _changes(self, parents: set[int | None]) -> Changes:
        assert self.project_id is not None
        touched = {self.task_id} | {p for p in parents if p is not None}
        return _task_changes(self.project_id, touched, structure=True)


def _schedule_intent(uow: UnitOfWork, row: Any, cleaned: dict[str, Any]) -> None:
    """Turn date edits into what the scheduler keeps: a typed start becomes a "start no
    earlier than" constraint; a typed finish becomes a duration in working days."""
    manual = cleaned.get("manual", row.manual)
    if "start" in cleaned and not manual and "constraint_type" not in cleaned:
        start = cleaned["start"]
        cleaned["constraint_type"] = "snet" if start is not None else "asap"
        cleaned["constraint_date"] = start
    kind = cleaned.get("kind", row.kind)
    dated_work = kind not in (TaskKind.MILESTONE, TaskKind.SUMMARY)  # tasks and roadmap items
    if "finish" in cleaned and "duration_days" not in cleaned and dated_work:
        start = cleaned.get("start", row.start)
        if start is not None and cleaned["finish"] is not None:
            calendar = project_calendar(uow.session, row.project_id)
            cleaned["duration_days"] = max(1, calendar.working_days(start, cleaned["finish"]))
    if manual and "start" in cleaned and "finish" not in cleaned and cleaned["start"] is not None:
        calendar = project_calendar(uow.session, row.project_id)
        duration = cleaned.get("duration_days", row.duration_days)
        cleaned["finish"] = calendar.finish_for(cleaned["start"], duration)
    if "constraint_type" in cleaned:
        cleaned["constraint_type"] = validate.constraint_type(cleaned["constraint_type"])


def _refuse_links_into_branch(session: Session, task: Task, parent_id: int) -> None:
    """Refuse a move that would put a task under a summary it (or a subtask) is linked with:
    the same state ``AddDependency`` refuses, reached the other way round."""
    moving = placement.descendants(session, [task.id])
    above = placement.ancestors(session, parent_id)
    link = session.execute(
        select(Dependency.predecessor_id, Dependency.successor_id).where(
            (Dependency.predecessor_id.in_(moving) & Dependency.successor_id.in_(above))
            | (Dependency.predecessor_id.in_(above) & Dependency.successor_id.in_(moving))
        )
    ).first()
    if link is not None:
        names = dict(session.execute(select(Task.id, Task.title).where(Task.id.in_(link))).all())
        raise CycleError(
            f"“{task.title}” cannot go there: “{names[link[0]]}” and “{names[link[1]]}” are "
            "linked, and a summary cannot be linked to its own subtasks. Remove the link first."
        )


class IndentTask(MoveTaskInOutline):
    """Make a task the last child of the sibling above it."""

    label = "Indent task"

    def __init__(self, *, task_id: int) -> None:
        super().__init__(task_id=task_id, parent_id=None, after_id=None)

    def resolve(self, uow: UnitOfWork, task: Task) -> None:
        siblings = placement.sibling_ranks(uow.session, task.project_id, task.parent_id)
        ids = [s[0] for s in siblings]
        index = ids.index(task.id)
        if index == 0:
            raise ValidationError(
                f"“{task.title}” has no task above it at the same level to indent under."
            )
        self.parent_id = ids[index - 1]
        children = placement.sibling_ranks(uow.session, task.project_id, self.parent_id)
        self.after_id = children[-1][0] if children else None


class OutdentTask(MoveTaskInOutline):
    """Move a task one level up, right after its former parent."""

    label = "Outdent task"

    def __init__(self, *, task_id: int) -> None:
        super().__init__(task_id=task_id, parent_id=None, after_id=None)

    def resolve(self, uow: UnitOfWork, task: Task) -> None:
        if task.parent_id is None:
            raise ValidationError(f"“{task.title}” is already at the top level.")
        parent = uow.get(Task, task.parent_id, "task")
        self.parent_id = parent.parent_id
        self.after_id = parent.id


class ReorderTask(MoveTaskInOutline):
    """Move a task up (``offset=-1``) or down (``offset=1``) among its siblings."""

    def __init__(self, *, task_id: int, offset: int) -> None:
        if offset not in (-1, 1):
            raise ValidationError("A task moves one place up or down at a time.")
        super().__init__(task_id=task_id, parent_id=None, after_id=None)
        self.offset = offset

    @property
    def text(self) -> str:
        return "Move task up" if self.offset < 0 else "Move task down"

    def resolve(self, uow: UnitOfWork, task: Task) -> None:
        siblings = [
            s[0] for s in placement.sibling_ranks(uow.session, task.project_id, task.parent_id)
        ]
        index = siblings.index(task.id)
        target = index + self.offset
        if not 0 <= target < len(siblings):
            where = "first" if self.offset < 0 else "last"
            raise ValidationError(f"“{task.title}” is already the {where} at its level.")
        others = siblings[:index] + siblings[index + 1 :]
        self.parent_id = task.parent_id
        self.after_id = others[target - 1] if target > 0 else None
