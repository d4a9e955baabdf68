"""Dependency commands: link two tasks, change type or lag, unlink."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from ipmp_desktop.core.commands import placement, validate
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
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
