"""Edits reschedule what depends on them, in the same transaction and undo step."""

from datetime import date

import pytest
from sqlalchemy import insert

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateTask,
    RemoveDependency,
    UpdateTask,
    apply,
    revert,
)
from ipmp_desktop.core.errors import CycleError
from ipmp_desktop.core.model import Holiday, Project, Task
from tests.support import dump

MONDAY = date(2026, 1, 5)


def add(workspace, project_id, title, **kw):
    command = CreateTask(project_id=project_id, title=title, **kw)
    apply(workspace, command)
    return command.task_id


def dates(workspace, task_id):
    with workspace.reading() as session:
        task = session.get(Task, task_id)
        return task.start, task.finish, task.duration_days


def test_successor_follows_and_undo_is_one_step(workspace, project_id):
    a = add(workspace, project_id, "A", start=MONDAY, duration_days=3)
    b = add(workspace, project_id, "B", duration_days=2)
    c = add(workspace, project_id, "C", start=MONDAY, duration_days=1)
    assert dates(workspace, a) == (MONDAY, date(2026, 1, 7), 3)
    link = AddDependency(predecessor_id=a, successor_id=b)
    changes = apply(workspace, link)
    assert b in changes.tasks
    assert dates(workspace, b) == (date(2026, 1, 8), date(2026, 1, 9), 2)
    before = dump(workspace)
    longer = UpdateTask(task_id=a, duration_days=5)
    changes = apply(workspace, longer)
    assert {a, b} <= changes.tasks and c not in changes.tasks  # only what depends on A
    assert dates(workspace, b) == (date(2026, 1, 12), date(2026, 1, 13), 2)  # over the weekend
    assert dates(workspace, c) == (MONDAY, MONDAY, 1)
    after = dump(workspace)
    revert(workspace, longer)
    assert dump(workspace) == before
    apply(workspace, longer, first=False)
    assert dump(workspace) == after
    apply(workspace, RemoveDependency(dependency_id=link.dependency_id))
    assert dates(workspace, b)[0] == MONDAY  # no predecessor: the project start


def test_holidays_and_typed_finish(workspace, project_id):
    with workspace.unit_of_work() as uow:
        calendar_id = uow.session.get(Project, project_id).calendar_id
        uow.session.execute(
            insert(Holiday).values(
                calendar_id=calendar_id, day=date(2026, 1, 7), name="", yearly=False
            )
        )
    a = add(workspace, project_id, "A", start=MONDAY, duration_days=3)
    assert dates(workspace, a)[1] == date(2026, 1, 8)  # Wednesday is a holiday
    apply(workspace, UpdateTask(task_id=a, finish=date(2026, 1, 13)))
    assert dates(workspace, a) == (MONDAY, date(2026, 1, 13), 6)


def test_summary_spans_children_and_start_edit_moves_the_finish(workspace, project_id):
    phase = add(workspace, project_id, "Phase")
    first = add(workspace, project_id, "First", parent_id=phase, start=MONDAY, duration_days=2)
    second = add(workspace, project_id, "Second", parent_id=phase, duration_days=3)
    apply(workspace, AddDependency(predecessor_id=first, successor_id=second))
    assert dates(workspace, phase) == (MONDAY, date(2026, 1, 9), 5)
    apply(workspace, UpdateTask(task_id=first, start=date(2026, 1, 12)))
    assert dates(workspace, first) == (date(2026, 1, 12), date(2026, 1, 13), 2)
    assert dates(workspace, phase) == (date(2026, 1, 12), date(2026, 1, 16), 5)


def test_a_link_that_closes_a_cycle_through_a_summary_is_refused(workspace, project_id):
    phase = add(workspace, project_id, "Phase")
    inner = add(workspace, project_id, "Inner", parent_id=phase)
    outer = add(workspace, project_id, "Outer")
    apply(workspace, AddDependency(predecessor_id=inner, successor_id=outer))
    before = dump(workspace)
    with pytest.raises(CycleError, match="cycle"):
        apply(workspace, AddDependency(predecessor_id=outer, successor_id=phase))
    assert dump(workspace) == before


def test_manual_tasks_keep_their_dates(workspace, project_id):
    a = add(workspace, project_id, "A", start=MONDAY, duration_days=3)
    b = add(workspace, project_id, "B", start=MONDAY, duration_days=2)
    apply(workspace, UpdateTask(task_id=b, manual=True))
    apply(workspace, AddDependency(predecessor_id=a, successor_id=b))
    assert dates(workspace, b) == (MONDAY, date(2026, 1, 6), 2)
    apply(workspace, UpdateTask(task_id=b, start=date(2026, 1, 19)))
    assert dates(workspace, b) == (date(2026, 1, 19), date(2026, 1, 20), 2)
