"""refresh_tasks: reading changed rows into a loaded chart gives what loading it again gives."""

from datetime import date
from itertools import pairwise

import pytest

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateProject,
    CreateTask,
    DeleteTasks,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.gantt import GanttData, load_gantt, refresh_tasks

MONDAY = date(2026, 1, 5)


@pytest.fixture
def chain(workspace: Workspace, project_id: int) -> list[int]:
    """Six tasks: a chain of five (each waits for the one before) and one on its own."""
    tasks = [
        CreateTask(project_id=project_id, title=f"Step {n}", duration_days=2) for n in range(6)
    ]
    for task in tasks:
        apply(workspace, task)
    ids = [task.task_id for task in tasks]
    for before, after in pairwise(ids[:5]):
        apply(workspace, AddDependency(predecessor_id=before, successor_id=after))  # type: ignore[arg-type]
    return ids  # type: ignore[return-value]


def load(workspace: Workspace, project_id: int) -> GanttData:
    with workspace.reading() as session:
        return load_gantt(session, project_id)


def refresh(workspace: Workspace, data: GanttData, ids) -> bool:
    with workspace.reading() as session:
        return refresh_tasks(session, data, ids)


def assert_same(data: GanttData, fresh: GanttData) -> None:
    assert data.tasks == fresh.tasks
    assert list(data.tasks) == list(fresh.tasks)  # rows keep their order
    assert data.times == fresh.times
    assert data.problem == fresh.problem


def test_a_push_refreshes_rows_and_analysis(
    workspace: Workspace, project_id: int, chain: list[int]
) -> None:
    data = load(workspace, project_id)
    changes = apply(workspace, UpdateTask(task_id=chain[0], start=date(2026, 1, 8)))
    assert set(changes.tasks) >= set(chain[:5])  # the step and the reschedule it caused
    before = data.times
    assert refresh(workspace, data, changes.tasks)  # most of the chart: read in one pass
    assert data.times is not before  # a constraint moved: analysed again
    assert_same(data, load(workspace, project_id))
    assert data.tasks[chain[4]].start > data.tasks[chain[0]].start


def test_a_few_rows_are_read_by_id(workspace: Workspace, project_id: int, chain: list[int]) -> None:
    data = load(workspace, project_id)
    changes = apply(workspace, UpdateTask(task_id=chain[5], duration_days=9))
    assert set(changes.tasks) == {chain[5]}
    assert refresh(workspace, data, changes.tasks)
    assert data.tasks[chain[5]].duration_days == 9
    assert_same(data, load(workspace, project_id))


def test_new_dates_of_automatic_tasks_keep_the_analysis(
    workspace: Workspace, project_id: int, chain: list[int]
) -> None:
    data = load(workspace, project_id)
    apply(workspace, UpdateTask(task_id=chain[0], start=date(2026, 1, 8)))
    before = data.times
    assert refresh(workspace, data, chain[1:5])  # only their dates moved: nothing to analyse
    assert data.times is before
    assert data.tasks[chain[1]] == load(workspace, project_id).tasks[chain[1]]
    assert refresh(workspace, data, [chain[0]])  # its constraint did change
    assert data.times is not before
    assert_same(data, load(workspace, project_id))


def test_progress_and_title_keep_the_analysis(
    workspace: Workspace, project_id: int, chain: list[int]
) -> None:
    data = load(workspace, project_id)
    apply(workspace, UpdateTask(task_id=chain[2], percent_complete=40, title="Halfway"))
    before = data.times
    assert refresh(workspace, data, [chain[2]])
    assert data.times is before
    assert data.tasks[chain[2]].percent_complete == 40
    assert data.tasks[chain[2]].title == "Halfway"
    assert_same(data, load(workspace, project_id))


def test_manual_mode_and_manual_start_are_analysed(
    workspace: Workspace, project_id: int, chain: list[int]
) -> None:
    data = load(workspace, project_id)
    changes = apply(workspace, UpdateTask(task_id=chain[1], manual=True))
    assert refresh(workspace, data, changes.tasks)
    assert_same(data, load(workspace, project_id))
    before = data.times
    # before its predecessor ends: a conflict, and what follows it moves earlier
    changes = apply(workspace, UpdateTask(task_id=chain[1], start=MONDAY))
    assert refresh(workspace, data, changes.tasks)
    assert data.times is not before
    assert data.times[chain[1]].conflict
    assert_same(data, load(workspace, project_id))


def test_a_vanished_or_foreign_task_asks_for_a_reload(
    workspace: Workspace, project_id: int, chain: list[int]
) -> None:
    data = load(workspace, project_id)
    other = CreateProject(name="Other", start=MONDAY)
    apply(workspace, other)
    stranger = CreateTask(project_id=other.project_id, title="Elsewhere")  # type: ignore[arg-type]
    apply(workspace, stranger)
    assert not refresh(workspace, data, [stranger.task_id])
    assert not refresh(workspace, data, [*chain, stranger.task_id])
    apply(workspace, DeleteTasks(task_ids=[chain[5]]))
    assert not refresh(workspace, data, [chain[5]])  # looked up by id
    assert not refresh(workspace, data, chain)  # read in one pass
