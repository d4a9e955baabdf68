"""Reusable command shapes: edit fields of one row, create rows, delete rows.

Each keeps exactly what it needs to go both ways: old and new field values, or a snapshot of the
rows it created or removed (restored with their original ids).
"""

from abc import abstractmethod
from typing import Any, ClassVar

from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.db.snapshot import Snapshot, remove, restore
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.services.changes import Changes


class EditFieldsCommand(Command):
    """Set some fields of one row; undo puts the old values back.

    Subclasses set ``entity`` and ``noun`` and implement :meth:`clean` and :meth:`changes_for`.
    """

    entity: ClassVar[type]
    noun: ClassVar[str]

    def __init__(self, entity_id: int, values: dict[str, Any]) -> None:
        if not values:
            raise ValidationError(f"Nothing to change on the {self.noun}.")
        self.entity_id = entity_id
        self.requested = dict(values)
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}

    @abstractmethod
    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        """Validate ``values`` against ``row``; return what to store (may add derived fields)."""

    @abstractmethod
    def changes_for(self, row: Any) -> Changes:
        """What refreshes after this edit."""

    def do(self, uow: UnitOfWork) -> Changes:
        row = uow.get(self.entity, self.entity_id, self.noun)
        self.new = self.clean(uow, row, self.requested)
        self.old = {name: getattr(row, name) for name in self.new}
        return self._apply(uow, self.new)

    def undo(self, uow: UnitOfWork) -> Changes:
        return self._apply(uow, self.old)

    def redo(self, uow: UnitOfWork) -> Changes:
        return self._apply(uow, self.new)

    def _apply(self, uow: UnitOfWork, values: dict[str, Any]) -> Changes:
        row = uow.get(self.entity, self.entity_id, self.noun)
        for name, value in values.items():
            setattr(row, name, value)
        uow.session.flush()
        return self.changes_for(row)


class CreateRowsCommand(Command):
    """Insert rows once in ``create``; undo deletes them, redo re-inserts the same rows."""

    def __init__(self) -> None:
        self.snapshot = Snapshot()

    @abstractmethod
    def create(self, uow: UnitOfWork) -> Snapshot:
        """Insert the rows and return a snapshot of them, parents first."""

    @abstractmethod
    def changes_for(self, uow: UnitOfWork) -> Changes:
        """What refreshes after the rows appear or vanish."""

    def do(self, uow: UnitOfWork) -> Changes:
        self.snapshot = self.create(uow)
        return self.changes_for(uow)

    def undo(self, uow: UnitOfWork) -> Changes:
        changes = self.changes_for(uow)
        remove(uow.session, self.snapshot)
        return changes

    def redo(self, uow: UnitOfWork) -> Changes:
        restore(uow.session, self.snapshot)
        return self.changes_for(uow)


class DeleteRowsCommand(Command):
    """Capture rows (and everything that hangs on them) then delete; undo restores them."""

    def __init__(self) -> None:
        self.snapshot = Snapshot()

    @abstractmethod
    def capture(self, uow: UnitOfWork) -> Snapshot:
        """Snapshot the rows to delete, parents first; raise if the delete is not allowed."""

    @abstractmethod
    def changes_for(self, uow: UnitOfWork) -> Changes:
        """What refreshes after the rows vanish or come back."""

    def do(self, uow: UnitOfWork) -> Changes:
        self.snapshot = self.capture(uow)
        changes = self.changes_for(uow)
        remove(uow.session, self.snapshot)
        return changes

    def undo(self, uow: UnitOfWork) -> Changes:
        restore(uow.session, self.snapshot)
        return self.changes_for(uow)
