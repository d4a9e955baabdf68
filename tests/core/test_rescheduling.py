"""Edits reschedule what depends on them, in the same transaction and undo step."""

from datetime import date, timedelta

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
from ipmp_desktop.core.commands.runner import merge_schedule_steps
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import CycleError
from ipmp_desktop.core.model import Holiday, Project, Task
from ipmp_desktop.core.scheduling.progress import roll_up_progress
from tests.support import assert_do_undo_redo, dump

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


# -- progress roll-up -----------------------------------------------------------------------------


def percent(workspace, task_id):
    with workspace.reading() as session:
        return session.get(Task, task_id).percent_complete


def test_roll_up_weighs_leaves_by_duration_and_milestones_by_nothing():
    rows = [
        (1, None, 0, 0),  # summary
        (2, 1, 10, 50),
        (3, 1, 2, 100),
        (4, 1, 0, 0),  # milestone: no weight
        (5, None, 0, 0),  # summary of milestones only: plain average
        (6, 5, 0, 100),
        (7, 5, 0, 0),
        (8, 1, 0, 0),  # nested summary under 1
        (9, 8, 3, 0),
    ]
    # 1: (10*50 + 2*100 + 3*0) / 15 = 46.67 -> 47; 5: (100 + 0) / 2 = 50; 8: 0
    assert roll_up_progress(rows) == {1: 47, 5: 50, 8: 0}
    assert roll_up_progress([(1, None, 0, 0), (2, 1, 1, 25), (3, 1, 1, 50)]) == {1: 38}  # half up


def test_progress_edit_rolls_up_in_the_same_undo_step(workspace, project_id):
    phase = add(workspace, project_id, "Phase")
    package = add(workspace, project_id, "Package", parent_id=phase)
    long = add(workspace, project_id, "Long", parent_id=package, duration_days=6)
    short = add(workspace, project_id, "Short", parent_id=package, duration_days=2)
    other = add(workspace, project_id, "Other", parent_id=phase, duration_days=2)
    gate = add(workspace, project_id, "Gate", parent_id=phase, kind="milestone")
    edit = UpdateTask(task_id=long, percent_complete=50)
    changes = assert_do_undo_redo(workspace, edit)
    assert {long, package, phase} <= changes.tasks and other not in changes.tasks
    assert percent(workspace, package) == 38  # 6 x 50 / 8 = 37.5, rounded half up
    assert percent(workspace, phase) == 30  # 6 x 50 / 10, the milestone weighs nothing
    apply(workspace, UpdateTask(task_id=gate, percent_complete=100))
    assert percent(workspace, phase) == 30
    with workspace.reading() as session:
        row = session.get(Task, long)
        assert (row.constraint_type, row.constraint_date) == ("asap", None)  # no SNET from it
    assert dates(workspace, short) == (MONDAY, MONDAY + timedelta(days=1), 2)


def test_merged_nudges_undo_every_field_the_reschedules_wrote(workspace, project_id):
    """The first nudge moves only the summary's percent, the second also its dates: the merged
    step must remember the old value of each field, not only of the first nudge's fields."""
    phase = add(workspace, project_id, "Phase")
    short = add(workspace, project_id, "Short", parent_id=phase, start=MONDAY, duration_days=2)
    long = add(workspace, project_id, "Long", parent_id=phase, start=MONDAY, duration_days=10)
    apply(workspace, UpdateTask(task_id=long, percent_complete=100))
    before = dump(workspace)
    first = UpdateTask(task_id=short, duration_days=3, mergeable=True)
    second = UpdateTask(task_id=short, duration_days=20, mergeable=True)
    apply(workspace, first)
    assert set(first.schedule_steps[0].new[phase]) == {"percent_complete"}
    apply(workspace, second)
    assert "finish" in second.schedule_steps[0].new[phase]
    assert first.merge_with(second)
    merge_schedule_steps(first, second)
    revert(workspace, first)
    assert dump(workspace) == before


# -- incremental rescheduling --------------------------------------------------------------------


def test_first_reschedule_is_full_then_incremental_and_undo_remembers(workspace, project_id):
    a = add(workspace, project_id, "A", start=MONDAY, duration_days=3)  # settles the project
    b = add(workspace, project_id, "B", duration_days=2)
    apply(workspace, AddDependency(predecessor_id=a, successor_id=b))
    nudge = UpdateTask(task_id=a, duration_days=4)
    apply(workspace, nudge)
    assert nudge.schedule_steps[0].incremental and nudge.schedule_steps[0].settled_before
    assert dates(workspace, b) == (date(2026, 1, 9), date(2026, 1, 12), 2)
    link = AddDependency(predecessor_id=b, successor_id=add(workspace, project_id, "C"))
    apply(workspace, link)
    assert not link.schedule_steps[0].incremental  # links changed: the full pass
    if workspace.path is None:
        return  # the rest needs a second session on the same file
    fresh = Workspace.open(workspace.path)  # the first edit of a session is a full pass
    try:
        edit = UpdateTask(task_id=a, duration_days=5)
        apply(fresh, edit)
        assert not edit.schedule_steps[0].incremental
        revert(fresh, edit)  # back before the full pass: not known to be settled any more
        again = UpdateTask(task_id=a, duration_days=6)
        apply(fresh, again)
        assert not again.schedule_steps[0].incremental
        nudge = UpdateTask(task_id=a, duration_days=7)
        apply(fresh, nudge)
        assert nudge.schedule_steps[0].incremental
        revert(fresh, nudge)  # back to the state ``again`` settled
        revert(fresh, again)  # back before that full pass: unknown again...
        later = UpdateTask(task_id=a, duration_days=8)
        apply(fresh, later)
        assert not later.schedule_steps[0].incremental  # ...so the next pass is full
    finally:
        fresh.close()
