"""Dependency commands: link two tasks, change type or lag, unlink."""

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import object_session

from ipmp_desktop.core.commands import placement, validate
from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.db.snapshot import Snapshot, remove, restore, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import CycleError, ValidationError
from ipmp_desktop.core.model import Dependency, DependencyType, Task
from ipmp_desktop.core.services.changes import Area, Changes

_LINK_AREAS = frozenset({Area.SCHEDULE, Area.OUTLINE, Area.BOARD})


def find_path(session: Any, start: int, goal: int) -> list[int] | None:
    """Task ids of a dependency path from ``start`` to ``goal`` (successor direction), or None."""
    came_from: dict[int, int | None] = {start: None}
    frontier = [start]
    while frontier:
        rows = session.execute(
            select(Dependency.predecessor_id, Dependency.successor_id).where(
                Dependency.predecessor_id.in_(frontier)
            )
        ).all()
        frontier = []
        for pred, succ in rows:
            if succ in came_from:
                continue
            came_from[succ] = pred
            if succ == goal:
                path = [succ]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])  # type: ignore[arg-type]
                return path[::-1]
            frontier.append(succ)
    return None


def _project_of(task_id: int, session: Any) -> int:
    return session.execute(select(Task.project_id).where(Task.id == task_id)).scalar_one()


def _titles(session: Any, ids: list[int]) -> dict[int, str]:
    return dict(session.execute(select(Task.id, Task.title).where(Task.id.in_(ids))).all())


class AddDependency(CreateRowsCommand):
    """Make ``successor_id`` depend on ``predecessor_id``; refuses a link that closes a cycle."""

    label = "Link tasks"

    def __init__(
        self,
        *,
        predecessor_id: int,
        successor_id: int,
        type: str = DependencyType.FS,
        lag_days: int = 0,
    ) -> None:
        super().__init__()
        self.predecessor_id = predecessor_id
        self.successor_id = successor_id
        self.type = type
        self.lag_days = lag_days
        self.dependency_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        link_type = validate.dependency_type(self.type)
        lag = validate.lag(self.lag_days)
        pred = uow.get(Task, self.predecessor_id, "task")
        succ = uow.get(Task, self.successor_id, "task")
        if pred.id == succ.id:
            raise CycleError(f"“{pred.title}” cannot depend on itself.")
        if pred.project_id != succ.project_id:
            raise ValidationError("Tasks of different projects cannot be linked.")
        if pred.id in placement.ancestors(session, succ.id) or succ.id in placement.ancestors(
            session, pred.id
        ):
            raise CycleError(
                f"“{pred.title}” and “{succ.title}” are in one branch of the outline; "
                "a summary cannot be linked to its own subtasks."
            )
        existing = session.execute(
            select(Dependency.id).where(
                Dependency.predecessor_id == pred.id, Dependency.successor_id == succ.id
            )
        ).scalar()
        if existing is not None:
            raise ValidationError(f"“{succ.title}” already depends on “{pred.title}”.")
        path = find_path(session, succ.id, pred.id)
        if path is not None:
            names = _titles(session, path)
            chain = " → ".join(f"“{names[i]}”" for i in [*path, succ.id])
            raise CycleError(f"That link would close a cycle: {chain}.")
        dependency = Dependency(
            predecessor_id=pred.id, successor_id=succ.id, type=link_type, lag_days=lag
        )
        session.add(dependency)
        session.flush()
        self.dependency_id = dependency.id
        snapshot = Snapshot()
        snapshot.add(
            Dependency.__table__,
            rows_where(session, Dependency.__table__, Dependency.id == dependency.id),
        )
        self.project_id = pred.project_id
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        assert self.dependency_id is not None
        return Changes(
            tasks=frozenset({self.predecessor_id, self.successor_id}),
            dependencies=frozenset({self.dependency_id}),
            reschedule=frozenset({self.project_id}),
            areas=_LINK_AREAS,
        )


class UpdateDependency(EditFieldsCommand):
    """Change the type or lag of a link."""

    label = "Edit link"
    entity = Dependency
    noun = "link"

    def __init__(self, *, dependency_id: int, **values: Any) -> None:
        unknown = set(values) - {"type", "lag_days"}
        if unknown:
            raise ValidationError(f"A link has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(dependency_id, values)

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        cleaned: dict[str, Any] = {}
        if "type" in values:
            cleaned["type"] = validate.dependency_type(values["type"])
        if "lag_days" in values:
            cleaned["lag_days"] = validate.lag(values["lag_days"])
        return cleaned

    def changes_for(self, row: Any) -> Changes:
        return Changes(
            tasks=frozenset({row.predecessor_id, row.successor_id}),
            dependencies=frozenset({row.id}),
            reschedule=frozenset({_project_of(row.successor_id, object_session(row))}),
            areas=_LINK_AREAS,
        )


class RemoveDependency(DeleteRowsCommand):
    """Delete a link between two tasks."""

    label = "Unlink tasks"

    def __init__(self, *, dependency_id: int) -> None:
        super().__init__()
        self.dependency_id = dependency_id
        self.task_ids: frozenset[int] = frozenset()
        self.project_id: int | None = None

    def capture(self, uow: UnitOfWork) -> Snapshot:
        dependency = uow.get(Dependency, self.dependency_id, "link")
        self.task_ids = frozenset({dependency.predecessor_id, dependency.successor_id})
        self.project_id = _project_of(dependency.successor_id, uow.session)
        snapshot = Snapshot()
        snapshot.add(
            Dependency.__table__,
            rows_where(uow.session, Dependency.__table__, Dependency.id == self.dependency_id),
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return Changes(
            tasks=self.task_ids,
            dependencies=frozenset({self.dependency_id}),
            reschedule=frozenset({self.project_id}),
            areas=_LINK_AREAS,
        )


class SetPredecessors(Command):
    """Give a task exactly these incoming links, in one undo step.

    Links to keep stay the same rows (same ids), with their type and lag updated when those
    differ; links not listed are removed; new ones are added with the checks of
    :class:`AddDependency` (no link to itself or within one branch of the outline, no cycle),
    so a refusal reads the same whichever way the link was made.

    Args:
        task_id: the successor.
        links: ``(predecessor_id, type, lag_days)`` per wanted link; each predecessor once.

    Raises:
        ValidationError: (from ``do``, which then writes nothing) a predecessor listed twice,
            a bad type or lag, a task of another project.
        CycleError: a link to itself, within one branch, or closing a cycle.
        NotFoundError: the task or a predecessor no longer exists.
    """

    label = "Set predecessors"

    def __init__(self, *, task_id: int, links: list[tuple[int, str, int]]) -> None:
        self.task_id = task_id
        self.links = list(links)
        self.project_id: int | None = None
        self.removed = Snapshot()
        self.added = Snapshot()
        self.edits: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self.task_ids: frozenset[int] = frozenset()
        self.dependency_ids: frozenset[int] = frozenset()

    def do(self, uow: UnitOfWork) -> Changes:
        session = uow.session
        task = uow.get(Task, self.task_id, "task")
        self.project_id = task.project_id
        wanted = self._wanted(uow, task)
        table = Dependency.__table__
        old = rows_where(session, table, Dependency.successor_id == task.id)
        kept = {row["predecessor_id"]: row for row in old if row["predecessor_id"] in wanted}
        self.removed = Snapshot()
        self.removed.add(table, [row for row in old if row["predecessor_id"] not in wanted])
        self.edits = {}
        for pred, row in kept.items():
            before = {"type": row["type"], "lag_days": row["lag_days"]}
            if before != wanted[pred]:
                self.edits[row["id"]] = (before, wanted[pred])
        remove(session, self.removed)
        self._write_edits(session, new=True)
        added: list[dict[str, Any]] = []
        for pred, values in wanted.items():
            if pred not in kept:  # AddDependency's own checks, messages and row
                link = AddDependency(predecessor_id=pred, successor_id=task.id, **values)
                added += [row for _name, rows in link.create(uow).tables for row in rows]
        self.added = Snapshot()
        self.added.add(table, added)
        self.task_ids = frozenset({task.id, *(row["predecessor_id"] for row in old), *wanted})
        self.dependency_ids = frozenset(row["id"] for row in old + added)
        return self._changes()

    def undo(self, uow: UnitOfWork) -> Changes:
        remove(uow.session, self.added)
        self._write_edits(uow.session, new=False)
        restore(uow.session, self.removed)
        return self._changes()

    def redo(self, uow: UnitOfWork) -> Changes:
        remove(uow.session, self.removed)
        self._write_edits(uow.session, new=True)
        restore(uow.session, self.added)
        return self._changes()

    def _wanted(self, uow: UnitOfWork, task: Task) -> dict[int, dict[str, Any]]:
        """Type and lag per predecessor id, checked; refuses a predecessor listed twice."""
        wanted: dict[int, dict[str, Any]] = {}
        for pred, link_type, lag_days in self.links:
            if pred in wanted:
                other = uow.get(Task, pred, "task")
                raise ValidationError(
                    f"“{other.title}” is listed twice as a predecessor of “{task.title}”."
                )
            wanted[pred] = {
                "type": validate.dependency_type(link_type),
                "lag_days": validate.lag(lag_days),
            }
        return wanted

    def _write_edits(self, session: Any, *, new: bool) -> None:
        for dependency_id, (before, after) in self.edits.items():
            session.execute(
                update(Dependency)
                .where(Dependency.id == dependency_id)
                .values(**(after if new else before))
            )
        session.expire_all()

    def _changes(self) -> Changes:
        assert self.project_id is not None
        return Changes(
            tasks=self.task_ids,
            dependencies=self.dependency_ids,
            reschedule=frozenset({self.project_id}),
            areas=_LINK_AREAS,
        )
