"""The command protocol: every user-visible mutation is one ``Command``.

A command is built with keyword-only arguments, validated and applied by :meth:`Command.do` inside
one unit of work (one transaction: the commit is the save), and reverted by :meth:`Command.undo`.
Both return :class:`Changes`. A command keeps the old and new values it needs to go both ways, so
``do -> undo -> redo`` leaves the database exactly as ``do`` did, with the same ids.

Contract for subclasses:
    * ``do`` is called first, once; then ``undo`` and ``redo`` alternate. ``redo`` defaults to
      ``do`` -- override it when the first ``do`` computes something (new ids, ranks) that a redo
      must reuse rather than recompute.
    * Raise a :class:`DomainError` for anything the user did wrong; never return None for failure.
    * Never commit or roll back: the caller owns the transaction.
"""

from abc import ABC, abstractmethod
from typing import ClassVar

from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.services.changes import Changes


class Command(ABC):
    """Base of all commands. ``label`` is the undo text ("Undo Rename task")."""

    label: ClassVar[str] = "Edit"
    schedule_steps: tuple = ()
    """The reschedules the runner ran after this command (set per instance by the runner)."""
    merge_key: ClassVar[str | None] = None
    """Commands with the same non-None key may fold into one undo step (see ``merge_with``)."""

    @property
    def text(self) -> str:
        """Undo/redo text for menus; ``label`` unless a command says more."""
        return self.label

    @abstractmethod
    def do(self, uow: UnitOfWork) -> Changes:
        """Apply the change for the first time."""

    @abstractmethod
    def undo(self, uow: UnitOfWork) -> Changes:
        """Revert exactly what ``do``/``redo`` applied."""

    def redo(self, uow: UnitOfWork) -> Changes:
        """Apply again after an undo."""
        return self.do(uow)

    def merge_with(self, other: "Command") -> bool:
        """Fold ``other`` (already applied after self) into self; True if it was folded."""
        return False


class Macro(Command):
    """Several commands applied as one step (a multi-selection drag, a paste).

    Args:
        commands: applied in order; undone in reverse.
        label: the undo text.
    """

    def __init__(self, *, commands: list[Command], label: str) -> None:
        self.commands = list(commands)
        self._label = label

    @property
    def text(self) -> str:
        return self._label

    def do(self, uow: UnitOfWork) -> Changes:
        changes = Changes()
        for command in self.commands:
            changes |= command.do(uow)
        return changes

    def undo(self, uow: UnitOfWork) -> Changes:
        changes = Changes()
        for command in reversed(self.commands):
            changes |= command.undo(uow)
        return changes

    def redo(self, uow: UnitOfWork) -> Changes:
        changes = Changes()
        for command in self.commands:
            changes |= command.redo(uow)
        return changes
