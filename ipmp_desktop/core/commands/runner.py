"""Run commands against a workspace without Qt: the CLI, the tests and the Qt adapter use this.

:class:`History` is a plain undo/redo stack for headless use; the GUI uses a QUndoStack through
``qt.undo`` instead, which calls :func:`apply`/:func:`revert` the same way.
"""

from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.db.workspace import Workspace
from ipmp_desktop.core.scheduling.service import RescheduleStep
from ipmp_desktop.core.services.changes import TASK_AREAS, Changes


def apply(workspace: Workspace, command: Command, *, first: bool = True) -> Changes:
    """Run ``command.do`` (or ``redo`` when ``first`` is False) in one committed transaction.

    When the command's ``Changes`` name projects to reschedule, their dates are recomputed in
    the same transaction; the rescheduled tasks join the returned ``Changes`` and the step is
    kept on the command so undo and redo treat both as one.

    Raises:
        DomainError: the command refused (or its reschedule found a cycle); nothing was written.
    """
    with workspace.unit_of_work() as uow:
        if first:
            changes = command.do(uow)
            steps = [RescheduleStep(project) for project in sorted(changes.reschedule)]
            moved = set().union(*(step.run(uow.session) for step in steps))
            command.schedule_steps = steps
        else:
            changes = command.redo(uow)
            for step in command.schedule_steps:
                step.redo(uow.session)
            moved = {task for step in command.schedule_steps for task in step.new}
        return changes | _moved(moved)


def revert(workspace: Workspace, command: Command) -> Changes:
    """Run ``command.undo`` (after undoing its reschedule) in one committed transaction."""
    with workspace.unit_of_work() as uow:
        for step in reversed(command.schedule_steps):
            step.undo(uow.session)
        moved = {task for step in command.schedule_steps for task in step.old}
        return command.undo(uow) | _moved(moved)


def _moved(task_ids: set[int]) -> Changes:
    return Changes(tasks=frozenset(task_ids), areas=TASK_AREAS) if task_ids else Changes()


def merge_schedule_steps(first: Command, second: Command) -> None:
    """Fold ``second``'s reschedule into ``first``'s after the commands merged."""
    first.schedule_steps = list(first.schedule_steps)
    by_project = {step.project_id: step for step in first.schedule_steps}
    for step in second.schedule_steps:
        mine = by_project.get(step.project_id)
        if mine is None:
            first.schedule_steps.append(step)
            continue
        for task_id, values in step.old.items():
            mine.old.setdefault(task_id, values)
        mine.new.update(step.new)


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
