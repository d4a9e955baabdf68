"""QUndoStack adapter around core commands: one stack per open workspace.

:meth:`UndoController.push` applies a command in its own transaction *before* it reaches the
stack, so a refused command (a ``DomainError``) never becomes an undo step; the error is emitted
as one sentence on :attr:`UndoController.refused` for the window to show.

A long write (an import of 10,000 tasks) runs in a worker thread instead, through
:meth:`UndoController.run_in_background`: the job applies its command there in one transaction
and returns it; back on the GUI thread the applied command goes on the stack as one step
(:meth:`UndoController.adopt`), so Undo and Redo work on it like on any other. While such a job
runs, other edits are refused with a sentence: SQLite has one writer at a time, and the stack
must get the job's step in the order the database did.
"""

import logging
import zlib
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ipmp_desktop.core.commands import Command, apply, revert
from ipmp_desktop.core.commands.runner import merge_schedule_steps
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import ConfirmationNeeded, DomainError
from ipmp_desktop.core.services.changes import Changes
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.heap import no_collector_pauses
from ipmp_desktop.qt.operations import BackgroundOperation, Job

log = logging.getLogger(__name__)


class CommandAdapter(QUndoCommand):
    """One core command on the QUndoStack. The first ``redo`` (from ``push``) does nothing:
    the command was applied already."""

    def __init__(self, controller: "UndoController", command: Command) -> None:
        super().__init__(command.text)
        self.controller = controller
        self.command = command
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.controller.run(lambda: apply(self.controller.workspace, self.command, first=False))

    def undo(self) -> None:
        self.controller.run(lambda: revert(self.controller.workspace, self.command))

    def id(self) -> int:
        key = self.command.merge_key
        return -1 if key is None else zlib.crc32(key.encode()) & 0x7FFFFFFF

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, CommandAdapter):
            return False
        merged = self.command.merge_with(other.command)
        if merged:
            merge_schedule_steps(self.command, other.command)
            self.setText(self.command.text)
        return merged


class Applied(Protocol):
    """What a background write returns: its command, applied and committed, and its changes."""

    command: Command | None
    changes: Changes


class UndoController(QObject):
    """Owns the undo stack of one workspace and publishes every change on the bus."""

    refused = Signal(str)

    def __init__(self, workspace: Workspace, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.bus = bus
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(1000)
        self.operation: BackgroundOperation | None = None

    @property
    def busy(self) -> bool:
        """Whether a background write is running (edits are refused until it ends)."""
        return self.operation is not None and self.operation.running

    def run_in_background(self, job: Job, *, what: str) -> BackgroundOperation | None:
        """Prepare ``job`` to write in a worker thread; None (and ``refused``) when another
        one is running.

        Args:
            job: a core job that applies one command in its own transaction (with the
                ``progress`` it is given) and returns an :class:`Applied`.
            what: the job in a few words ("the import"), for messages.

        The caller connects to the operation's signals and calls ``start()``. On success the
        applied command is put on the stack (:meth:`adopt`) before the caller's slots run.
        """
        if self.busy:
            self.refused.emit(self._wait_sentence())
            return None
        operation = BackgroundOperation(job, what=what, parent=self)
        operation.succeeded.connect(self._adopt_result)  # first: slots run in connect order
        self.operation = operation
        return operation

    def stop_background(self, timeout_s: float = 30.0) -> None:
        """Cancel a running background write and wait for it (for closing the workspace);
        whatever it still answers is dropped."""
        operation, self.operation = self.operation, None
        if operation is not None and operation.running:
            operation.detach()
            operation.cancel()
            if not operation.wait(timeout_s):
                log.error("%s did not stop within %s s", operation.what, timeout_s)

    def adopt(self, command: Command, changes: Changes) -> None:
        """Put ``command``, already applied and committed (by a background job), on the stack
        as one step and publish its ``changes``; it is not run again."""
        with no_collector_pauses():
            self.stack.push(CommandAdapter(self, command))
            self.bus.publish(changes)

    def _adopt_result(self, result: Any) -> None:
        if result.command is not None:
            self.adopt(result.command, result.changes)

    def _wait_sentence(self) -> str:
        assert self.operation is not None
        return f"Wait until {self.operation.what} is done; nothing was changed."

    def push(self, command: Command, confirm: Callable[[str], bool] | None = None) -> bool:
        """Apply ``command`` and add it to the stack; False (and ``refused``) if it failed.

        Args:
            command: the edit.
            confirm: asked when the command needs the user's agreement (``ConfirmationNeeded``,
                e.g. a drop past a WIP limit); if it returns True the command's ``retry`` is
                pushed instead. Without it such a command is refused.
        """
        with no_collector_pauses():
            return self._push(command, confirm)

    def _push(self, command: Command, confirm: Callable[[str], bool] | None) -> bool:
        if self.busy:
            self.refused.emit(self._wait_sentence())
            return False
        try:
            changes = apply(self.workspace, command)
        except ConfirmationNeeded as question:
            if confirm is not None and confirm(str(question)):
                return self._push(question.retry, confirm)  # type: ignore[arg-type]
            self.refused.emit(str(question).replace(" anyway?", "; not moved."))
            return False
        except DomainError as error:
            self.refused.emit(str(error))
            return False
        self.stack.push(CommandAdapter(self, command))
        self.bus.publish(changes)
        return True

    def run(self, step: Callable[[], Changes]) -> None:
        """Run an undo/redo step; on failure clear the stack (it no longer matches the data)."""
        with no_collector_pauses():
            self._run(step)

    def _run(self, step: Callable[[], Changes]) -> None:
        try:
            changes = step()
        except DomainError as error:
            log.warning("undo/redo refused: %s", error)
            self.refused.emit(f"{error} The undo history was cleared.")
            QTimer.singleShot(0, self.stack.clear)
            return
        self.bus.publish(changes)
