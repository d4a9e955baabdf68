"""Run commands against a workspace without Qt: the CLI, the tests and the Qt adapter use this.

:class:`History` is a plain undo/redo stack for headless use; the GUI uses a QUndoStack through
``qt.undo`` instead, which calls :func:`apply`/:func:`revert` the same way.
"""

from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.db.workspace import Workspace
from ipmp_desktop.core.services.changes import Changes


def apply(workspace: Workspace, command: Command, *, first: bool = True) -> Changes:
    """Run ``command.do`` (or ``redo`` when ``first`` is False) in one committed transaction.

    Raises:
        DomainError: the command refused; nothing was written.
    """
    with workspace.unit_of_work() as uow:
        return command.do(uow) if first else command.redo(uow)


def revert(workspace: Workspace, command: Command) -> Changes:
    """Run ``command.undo`` in one committed transaction."""
    with workspace.unit_of_work() as uow:
        return command.undo(uow)


class History:
    """A minimal undo stack for headless use (tests, scripted jobs)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command) -> Changes:
        """Apply ``command`` and put it on the stack; clears the redo side."""
        changes = apply(self.workspace, command)
        self._done.append(command)
        self._undone.clear()
        return changes

    def undo(self) -> Changes:
        """Undo the newest command; returns empty ``Changes`` when there is none."""
        if not self._done:
            return Changes()
        command = self._done.pop()
        changes = revert(self.workspace, command)
        self._undone.append(command)
        return changes

    def redo(self) -> Changes:
        """Redo the newest undone command."""
        if not self._undone:
            return Changes()
        command = self._undone.pop()
        changes = apply(self.workspace, command, first=False)
        self._done.append(command)
        return changes

    @property
    def can_undo(self) -> bool:
        """Whether there is something to undo."""
        return bool(self._done)
