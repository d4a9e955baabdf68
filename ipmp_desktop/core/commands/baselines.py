"""Baseline commands: save the current plan under a name, rename it, delete it.

A baseline copies every task's start, finish, duration and progress at the moment it is saved;
later edits to the tasks leave it alone, so the Gantt chart can show how far the plan drifted.
"""

from typing import Any

from sqlalchemy import func, insert, literal, select

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import Baseline, BaselineTask, Project, Task
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.services.changes import Area, Changes

_COPIED = ("start", "finish", "duration_days", "percent_complete")
"""Task fields a baseline keeps (the ``baseline_task`` columns of the same names)."""


def _changes(project_id: int) -> Changes:
    # Baselines change only what the Gantt chart draws next to the bars, never the tasks.
    return Changes.of(projects=[project_id], areas=[Area.SCHEDULE])


def _snapshot(uow: UnitOfWork, baseline_id: int) -> Snapshot:
    """The baseline row and its task rows, parent first."""
    snapshot = Snapshot()
    snapshot.add(
        Baseline.__table__, rows_where(uow.session, Baseline.__table__, Baseline.id == baseline_id)
    )
    snapshot.add(
        BaselineTask.__table__,
        rows_where(uow.session, BaselineTask.__table__, BaselineTask.baseline_id == baseline_id),
    )
    return snapshot


def _baseline_name(value: Any) -> str:
    return validate.title(value, what="baseline name", limit=validate.MAX_NAME)


class SaveBaseline(CreateRowsCommand):
    """Save every task's current dates, duration and progress as a new baseline of a project.

    A blank ``name`` becomes "Baseline N", N one more than the project's baselines so far (or
    the next number not yet used by a baseline so named). Undo deletes the baseline; redo brings
    it back with the same ids. After ``do``, ``baseline_id`` names the new baseline.

    Raises:
        NotFoundError: the project is gone.
        ValidationError: the name is too long or holds a NUL, or the project has no tasks.
    """

    label = "Save baseline"

    def __init__(self, *, project_id: int, name: str) -> None:
        super().__init__()
        self.project_id = project_id
        self.name = name
        self.baseline_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        uow.get(Project, self.project_id, "project")
        has_tasks = session.scalar(
            select(func.count()).select_from(Task).where(Task.project_id == self.project_id)
        )
        if not has_tasks:
            raise ValidationError(
                "The project has no tasks yet; add some before saving a baseline."
            )
        if not isinstance(self.name, str):
            raise ValidationError("The baseline name must be text.")
        name = _baseline_name(self.name) if self.name.strip() else self._next_default_name(uow)
        baseline = Baseline(project_id=self.project_id, name=name, created_at=utcnow())
        session.add(baseline)
        session.flush()
        self.baseline_id = baseline.id
        copied = select(
            literal(baseline.id), Task.id, *(getattr(Task, field) for field in _COPIED)
        ).where(Task.project_id == self.project_id)
        session.execute(
            insert(BaselineTask.__table__).from_select(["baseline_id", "task_id", *_COPIED], copied)
        )
        return _snapshot(uow, baseline.id)

    def _next_default_name(self, uow: UnitOfWork) -> str:
        taken = set(
            uow.session.scalars(select(Baseline.name).where(Baseline.project_id == self.project_id))
        )
        number = len(taken) + 1
        while f"Baseline {number}" in taken:
            number += 1
        return f"Baseline {number}"

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return _changes(self.project_id)


class RenameBaseline(EditFieldsCommand):
    """Give a baseline another name.

    Raises:
        NotFoundError: the baseline is gone.
        ValidationError: the name is blank, too long or holds a NUL.
    """

    label = "Rename baseline"
    entity = Baseline
    noun = "baseline"

    def __init__(self, *, baseline_id: int, name: str) -> None:
        super().__init__(baseline_id, {"name": name})

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        return {"name": _baseline_name(values["name"])}

    def changes_for(self, row: Any) -> Changes:
        return _changes(row.project_id)


class DeleteBaseline(DeleteRowsCommand):
    """Delete a baseline with its task rows; undo restores both with the same ids.

    Raises:
        NotFoundError: the baseline is gone.
    """

    label = "Delete baseline"

    def __init__(self, *, baseline_id: int) -> None:
        super().__init__()
        self.baseline_id = baseline_id
        self.project_id: int | None = None

    def capture(self, uow: UnitOfWork) -> Snapshot:
        self.project_id = uow.get(Baseline, self.baseline_id, "baseline").project_id
        return _snapshot(uow, self.baseline_id)

    def changes_for(self, uow: UnitOfWork) -> Changes:
        assert self.project_id is not None
        return _changes(self.project_id)
