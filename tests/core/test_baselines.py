"""Baselines: save, rename and delete round trips, the read models, variance after a move, and
baseline rows surviving task deletion through undo and the recycle bin."""

from datetime import date

import pytest
from sqlalchemy import func, insert, select

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateProject,
    CreateTask,
    DeleteBaseline,
    DeleteProject,
    DeleteTasks,
    RecycleTasks,
    RenameBaseline,
    RestoreRecycled,
    SaveBaseline,
    UpdateTask,
    apply,
    revert,
)
from ipmp_desktop.core.errors import NotFoundError, ValidationError
from ipmp_desktop.core.model import BaselineTask, Holiday, Project, RecycledTasks
from ipmp_desktop.core.services.baselines import (
    BaselineRow,
    baseline_dates,
    list_baselines,
    variance_days,
)
from ipmp_desktop.core.services.changes import Area, Changes
from tests.support import assert_do_undo_redo

MONDAY = date(2026, 1, 5)


@pytest.fixture
def plan(workspace, project_id):
    """A (Mon-Wed, 3 days, started 40 %) then B (Thu-Fri, 2 days), linked finish-to-start."""
    ids = {}
    for title, kw in (("A", {"start": MONDAY, "duration_days": 3}), ("B", {"duration_days": 2})):
        command = CreateTask(project_id=project_id, title=title, **kw)
        apply(workspace, command)
        ids[title] = command.task_id
    apply(workspace, AddDependency(predecessor_id=ids["A"], successor_id=ids["B"]))
    apply(workspace, UpdateTask(task_id=ids["A"], percent_complete=40))
    return ids


def saved(workspace, project_id, name="Plan of record"):
    command = SaveBaseline(project_id=project_id, name=name)
    apply(workspace, command)
    assert command.baseline_id is not None
    return command.baseline_id


def listed(workspace, project_id):
    with workspace.reading() as session:
        return list_baselines(session, project_id)


def rows_of(workspace, baseline_id):
    with workspace.reading() as session:
        found = session.scalars(
            select(BaselineTask).where(BaselineTask.baseline_id == baseline_id)
        ).all()
        return {
            row.task_id: (row.start, row.finish, row.duration_days, row.percent_complete)
            for row in found
        }


def variance(workspace, baseline_id):
    with workspace.reading() as session:
        return variance_days(session, baseline_id)


def test_save_copies_every_task_and_round_trips(workspace, project_id, plan):
    save = SaveBaseline(project_id=project_id, name="  Plan   of record ")
    changes = assert_do_undo_redo(workspace, save)
    assert changes == Changes.of(projects=[project_id], areas=[Area.SCHEDULE])
    assert rows_of(workspace, save.baseline_id) == {
        plan["A"]: (MONDAY, date(2026, 1, 7), 3, 40),
        plan["B"]: (date(2026, 1, 8), date(2026, 1, 9), 2, 0),
    }
    (row,) = listed(workspace, project_id)
    assert (row.id, row.name, row.task_count) == (save.baseline_id, "Plan of record", 2)


def test_blank_names_count_up_past_names_taken(workspace, project_id, plan):
    saved(workspace, project_id, "Baseline 2")
    saved(workspace, project_id, "")
    saved(workspace, project_id, "   ")
    assert [row.name for row in listed(workspace, project_id)] == [
        "Baseline 4",
        "Baseline 3",
        "Baseline 2",
    ]


def test_save_refuses_what_cannot_be_saved(workspace, project_id, plan):
    empty = CreateProject(name="Empty", start=MONDAY)
    apply(workspace, empty)
    with pytest.raises(ValidationError, match="no tasks yet"):
        apply(workspace, SaveBaseline(project_id=empty.project_id, name=""))
    with pytest.raises(NotFoundError):
        apply(workspace, SaveBaseline(project_id=999_999, name="X"))
    with pytest.raises(ValidationError, match="longer than 200"):
        apply(workspace, SaveBaseline(project_id=project_id, name="x" * 201))
    with pytest.raises(ValidationError, match="NUL"):
        apply(workspace, SaveBaseline(project_id=project_id, name="a\x00b"))
    assert listed(workspace, project_id) == []


def test_rename_round_trip_and_refusals(workspace, project_id, plan):
    baseline_id = saved(workspace, project_id)
    changes = assert_do_undo_redo(workspace, RenameBaseline(baseline_id=baseline_id, name="Q1"))
    assert changes == Changes.of(projects=[project_id], areas=[Area.SCHEDULE])
    assert listed(workspace, project_id)[0].name == "Q1"
    with pytest.raises(ValidationError, match="cannot be empty"):
        apply(workspace, RenameBaseline(baseline_id=baseline_id, name="  "))
    with pytest.raises(NotFoundError):
        apply(workspace, RenameBaseline(baseline_id=999_999, name="Q2"))


def test_delete_round_trip_restores_the_rows(workspace, project_id, plan):
    baseline_id = saved(workspace, project_id)
    rows = rows_of(workspace, baseline_id)
    delete = DeleteBaseline(baseline_id=baseline_id)
    changes = assert_do_undo_redo(workspace, delete)
    assert changes == Changes.of(projects=[project_id], areas=[Area.SCHEDULE])
    assert listed(workspace, project_id) == [] and rows_of(workspace, baseline_id) == {}
    revert(workspace, delete)
    assert rows_of(workspace, baseline_id) == rows
    with pytest.raises(NotFoundError):
        apply(workspace, DeleteBaseline(baseline_id=999_999))


def test_list_is_newest_first_with_counts(workspace, project_id, plan):
    first = saved(workspace, project_id, "First")
    apply(workspace, CreateTask(project_id=project_id, title="C"))
    second = saved(workspace, project_id, "Second")
    rows = listed(workspace, project_id)
    assert [(r.id, r.name, r.task_count) for r in rows] == [
        (second, "Second", 3),
        (first, "First", 2),
    ]
    assert all(isinstance(r, BaselineRow) and r.project_id == project_id for r in rows)
    assert listed(workspace, 999_999) == []


def test_dates_and_variance_after_a_task_moves(workspace, project_id, plan):
    baseline_id = saved(workspace, project_id)
    assert variance(workspace, baseline_id) == {plan["A"]: (0, 0), plan["B"]: (0, 0)}
    apply(workspace, UpdateTask(task_id=plan["A"], duration_days=5))  # B slips over a weekend
    late = CreateTask(project_id=project_id, title="Later", start=MONDAY)
    apply(workspace, late)
    with workspace.reading() as session:
        assert baseline_dates(session, baseline_id) == {
            plan["A"]: (MONDAY, date(2026, 1, 7)),
            plan["B"]: (date(2026, 1, 8), date(2026, 1, 9)),
        }
    # B moved Thu 8 -> Mon 12 and Fri 9 -> Tue 13: two working days each, not four.
    assert variance(workspace, baseline_id) == {plan["A"]: (0, 2), plan["B"]: (2, 2)}
    apply(workspace, UpdateTask(task_id=plan["A"], duration_days=1))
    assert variance(workspace, baseline_id) == {plan["A"]: (0, -2), plan["B"]: (-2, -2)}
    assert variance(workspace, 999_999) == {}


def test_variance_skips_holidays_and_undated_tasks(workspace, project_id, plan):
    undated = CreateTask(project_id=project_id, title="Someday", duration_days=1)
    apply(workspace, undated)
    apply(workspace, UpdateTask(task_id=undated.task_id, manual=True, start=None, finish=None))
    baseline_id = saved(workspace, project_id)
    with workspace.unit_of_work() as uow:
        calendar_id = uow.session.get(Project, project_id).calendar_id
        uow.session.execute(
            insert(Holiday).values(
                calendar_id=calendar_id, day=date(2026, 1, 8), name="", yearly=False
            )
        )
    apply(workspace, UpdateTask(task_id=plan["A"], duration_days=4))  # Mon, Tue, Wed, Fri
    found = variance(workspace, baseline_id)
    assert found[plan["A"]] == (0, 1)  # Wed 7 -> Fri 9 is one working day now
    assert undated.task_id not in found


def test_delete_task_undo_brings_baseline_rows_back(workspace, project_id, plan):
    baseline_id = saved(workspace, project_id)
    assert_do_undo_redo(workspace, DeleteTasks(task_ids=[plan["B"]]))
    assert set(rows_of(workspace, baseline_id)) == {plan["A"]}


def test_recycle_and_restore_keep_baseline_rows(workspace, project_id, plan):
    baseline_id = saved(workspace, project_id)
    rows = rows_of(workspace, baseline_id)
    recycle = RecycleTasks(task_ids=[plan["B"]])
    assert_do_undo_redo(workspace, recycle)
    assert set(rows_of(workspace, baseline_id)) == {plan["A"]}
    entry_id = recycle.entry.ids(RecycledTasks.__table__).pop()
    assert_do_undo_redo(workspace, RestoreRecycled(recycled_id=entry_id))
    assert rows_of(workspace, baseline_id) == rows
    assert listed(workspace, project_id)[0].task_count == 2


def test_restore_after_the_baseline_was_deleted_drops_its_rows(workspace, project_id, plan):
    baseline_id = saved(workspace, project_id)
    kept = saved(workspace, project_id, "Kept")
    recycle = RecycleTasks(task_ids=[plan["B"]])
    apply(workspace, recycle)
    apply(workspace, DeleteBaseline(baseline_id=baseline_id))
    entry_id = recycle.entry.ids(RecycledTasks.__table__).pop()
    assert_do_undo_redo(workspace, RestoreRecycled(recycled_id=entry_id))
    assert set(rows_of(workspace, kept)) == {plan["A"], plan["B"]}
    with workspace.reading() as session:
        assert (
            session.scalar(select(func.count()).select_from(BaselineTask)) == 2
        )  # only "Kept" left


def test_delete_project_undo_restores_baselines(workspace, project_id, plan):
    baseline_id = saved(workspace, project_id)
    delete = DeleteProject(project_id=project_id)
    assert_do_undo_redo(workspace, delete)
    revert(workspace, delete)
    (row,) = listed(workspace, project_id)
    assert (row.id, row.task_count) == (baseline_id, 2)
