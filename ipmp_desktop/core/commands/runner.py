"""Run commands against a workspace without Qt: the CLI, the tests and the Qt adapter use this.

:class:`History` is a plain undo/redo stack for headless use; the GUI uses a QUndoStack through
``qt.undo`` instead, which calls :func:`apply`/:func:`revert` the same way.

**Settled projects.** A reschedule may run incrementally (only over what the edited tasks can
move) when the stored dates were settled before the edit, that is, what a full pass gives them.
Files written without commands (a demo, an older version, an import tool) need not be, so the
runner remembers per open workspace which projects it has seen settled: after a reschedule
(full or incremental) a project is settled; undo returns it to what it was before the step;
redo settles it again. The first reschedule of a project after opening is always a full pass.
"""

import weakref
from collections.abc import Callable, Iterable

from ipmp_desktop.core.commands.base import Command, Macro
from ipmp_desktop.core.commands.tasks import UpdateTask
from ipmp_desktop.core.db.workspace import Workspace
from ipmp_desktop.core.scheduling.service import RescheduleStep
from ipmp_desktop.core.services.changes import TASK_AREAS, Changes

_SETTLED: "weakref.WeakKeyDictionary[Workspace, set[int]]" = weakref.WeakKeyDictionary()
"""Per open workspace, the projects whose stored dates are known to be settled."""


def apply(
    workspace: Workspace,
    command: Command,
    *,
    first: bool = True,
    before_commit: Callable[[], None] | None = None,
) -> Changes:
    """Run ``command.do`` (or ``redo`` when ``first`` is False) in one committed transaction.

    When the command's ``Changes`` name projects to reschedule, their dates are recomputed in
    the same transaction; the rescheduled tasks join the returned ``Changes`` and the step is
    kept on the command so undo and redo treat both as one.

    Args:
        workspace: where the command runs.
        command: the edit.
        first: True for ``do``, False for ``redo``.
        before_commit: called after the reschedule, inside the transaction; raising there
            rolls everything back (a background job's last look at its Cancel button).

    Raises:
        DomainError: the command refused (or its reschedule found a cycle); nothing was written.
    """
    settled = _SETTLED.setdefault(workspace, set())
    with workspace.unit_of_work() as uow:
        if first:
            changes = command.do(uow)
            edited = edited_tasks(command, changes)
            steps = []
            for project in sorted(changes.reschedule):
                step = RescheduleStep(project, settled_before=project in settled)
                step.run(uow.session, edited if step.settled_before else None)
                steps.append(step)
            command.schedule_steps = steps
        else:
            changes = command.redo(uow)
            for step in command.schedule_steps:
                step.redo(uow.session)
        if before_commit is not None:
            before_commit()
    settled.update(step.project_id for step in command.schedule_steps)  # committed
    moved = {task for step in command.schedule_steps for task in step.new}
    return changes | _moved(moved)


def revert(workspace: Workspace, command: Command) -> Changes:
    """Run ``command.undo`` (after undoing its reschedule) in one committed transaction."""
    with workspace.unit_of_work() as uow:
        for step in reversed(command.schedule_steps):
            step.undo(uow.session)
        moved = {task for step in command.schedule_steps for task in step.old}
        changes = command.undo(uow) | _moved(moved)
    settled = _SETTLED.setdefault(workspace, set())
    for step in command.schedule_steps:  # back to what the plan was before the step
        if step.settled_before:
            settled.add(step.project_id)
        else:
            settled.discard(step.project_id)
    return changes


def forget_settled(workspace: Workspace, project_ids: Iterable[int] | None = None) -> None:
    """Stop trusting the stored dates of these projects (all when None): their next reschedule
    is a full pass. For when rows may have changed behind the commands' back (another program
    wrote the file, a remote client without this bookkeeping) and for measuring the full pass.
    """
    settled = _SETTLED.get(workspace)
    if settled is not None:
        if project_ids is None:
            settled.clear()
        else:
            settled.difference_update(project_ids)


def edited_tasks(command: Command, changes: Changes) -> set[int] | None:
    """The tasks whose own fields are all a command changed of the plan, or None when it may
    have changed more (links, hierarchy, calendars, projects): then a full pass must run.

    Only :class:`UpdateTask` edits (alone or in a :class:`Macro` of them) qualify: an edit of
    one task's dates, duration, constraint, mode or progress moves only what depends on it.
    """
    if changes.structure or changes.dependencies or changes.calendars:
        return None
    pending = [command]
    while pending:
        current = pending.pop()
        if isinstance(current, Macro):
            pending.extend(current.commands)
        elif type(current) is not UpdateTask:
            return None
    return set(changes.tasks)


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
        for task_id, values in step.old.items():  # field by field: the first old value wins
            kept = mine.old.setdefault(task_id, {})
            for name, value in values.items():
                kept.setdefault(name, value)
        for task_id, values in step.new.items():
            mine.new[task_id] = {**mine.new.get(task_id, {}), **values}


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
