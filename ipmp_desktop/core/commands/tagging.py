"""Labels and people: create them, attach them to tasks."""

from typing import Any

from sqlalchemy import delete, insert, select

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.patterns import CreateRowsCommand
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import Assignment, Label, Person, Project, Task, task_labels
from ipmp_desktop.core.services.changes import TASK_AREAS, Area, Changes


class CreateLabel(CreateRowsCommand):
    """A new label of a project, optionally put on a task at once (``attach_to``): one step."""

    label = "New label"

    def __init__(
        self, *, project_id: int, name: str, color: str = "#808080", attach_to: int | None = None
    ) -> None:
        super().__init__()
        self.project_id, self.name, self.color = project_id, name, color
        self.attach_to = attach_to
        self.label_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        uow.get(Project, self.project_id, "project")
        name = validate.title(self.name, what="label name", limit=100)
        taken = uow.session.execute(
            select(Label.id).where(Label.project_id == self.project_id, Label.name == name)
        ).scalar()
        if taken is not None:
            raise ValidationError(f"The project already has a label “{name}”.")
        row = Label(
            project_id=self.project_id, name=name, color=validate.color(self.color) or "#808080"
        )
        uow.session.add(row)
        uow.session.flush()
        self.label_id = row.id
        snapshot = Snapshot()
        snapshot.add(Label.__table__, rows_where(uow.session, Label.__table__, Label.id == row.id))
        if self.attach_to is not None:
            task = uow.get(Task, self.attach_to, "task")
            if task.project_id != self.project_id:
                raise ValidationError("That task belongs to another project.")
            link = {"task_id": task.id, "label_id": row.id}
            uow.session.execute(insert(task_labels), [link])
            snapshot.add(task_labels, [link])
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        tasks = frozenset({self.attach_to}) if self.attach_to is not None else frozenset()
        return Changes(
            labels=frozenset({self.label_id or 0}), tasks=tasks, areas=frozenset({Area.BOARD})
        )


class CreatePerson(CreateRowsCommand):
    """A new person of the workspace."""

    label = "New person"

    def __init__(self, *, name: str, email: str = "") -> None:
        super().__init__()
        self.name, self.email = name, email
        self.person_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        name = validate.title(self.name, what="name", limit=validate.MAX_NAME)
        email = validate.email(self.email)
        row = Person(name=name, email=email)
        uow.session.add(row)
        uow.session.flush()
        self.person_id = row.id
        snapshot = Snapshot()
        snapshot.add(
            Person.__table__, rows_where(uow.session, Person.__table__, Person.id == row.id)
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return Changes(people=frozenset({self.person_id or 0}), areas=frozenset({Area.BOARD}))


class _SetLinks(Command):
    """Replace the set of rows linking one task to labels or people."""

    table: Any
    column: str
    owner: type
    noun: str

    def __init__(self, task_id: int, ids: list[int]) -> None:
        self.task_id = task_id
        self.ids = list(dict.fromkeys(ids))
        self.old: list[dict[str, Any]] = []
        self.new: list[dict[str, Any]] = []
        self.project_id: int | None = None

    def do(self, uow: UnitOfWork) -> Changes:
        task = uow.get(Task, self.task_id, "task")
        self.project_id = task.project_id
        for linked in self.ids:
            row = uow.get(self.owner, linked, self.noun)
            if getattr(row, "project_id", task.project_id) != task.project_id:
                raise ValidationError(f"That {self.noun} belongs to another project.")
        self.old = rows_where(uow.session, self.table, self.table.c.task_id == self.task_id)
        kept = {row[self.column]: row for row in self.old}
        self.new = [kept.get(i, {"task_id": self.task_id, self.column: i}) for i in self.ids]
        self.new = [self._complete(row) for row in self.new]
        return self._write(uow, self.new)

    def undo(self, uow: UnitOfWork) -> Changes:
        return self._write(uow, self.old)

    def redo(self, uow: UnitOfWork) -> Changes:
        return self._write(uow, self.new)

    def _complete(self, row: dict[str, Any]) -> dict[str, Any]:
        return row

    def _write(self, uow: UnitOfWork, rows: list[dict[str, Any]]) -> Changes:
        uow.session.execute(delete(self.table).where(self.table.c.task_id == self.task_id))
        if rows:
            uow.session.execute(insert(self.table), rows)
        assert self.project_id is not None
        return Changes(
            tasks=frozenset({self.task_id}), projects=frozenset({self.project_id}), areas=TASK_AREAS
        )


class SetTaskLabels(_SetLinks):
    """Give a task exactly these labels."""

    label = "Set labels"
    table = task_labels
    column = "label_id"
    owner = Label
    noun = "label"

    def __init__(self, *, task_id: int, label_ids: list[int]) -> None:
        super().__init__(task_id, label_ids)


class SetAssignees(_SetLinks):
    """Assign exactly these people to a task (100 % each unless already assigned)."""

    label = "Assign people"
    table = Assignment.__table__
    column = "person_id"
    owner = Person
    noun = "person"

    def __init__(self, *, task_id: int, person_ids: list[int]) -> None:
        super().__init__(task_id, person_ids)

    def _complete(self, row: dict[str, Any]) -> dict[str, Any]:
        return {"units": 100, **row}
