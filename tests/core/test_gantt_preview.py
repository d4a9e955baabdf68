"""The push preview of a Gantt drag: the scheduler run on a proposed date edit, in memory, must
name exactly the tasks (and dates) that storing the edit then moves, and write nothing."""

from datetime import date, timedelta

import pytest

from ipmp_desktop.core.commands import AddDependency, CreateTask, UpdateTask, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.gantt import load_gantt
from ipmp_desktop.core.services.gantt_preview import DateEdit, PushPreview
from tests.support import dump

MONDAY = date(2026, 1, 5)


def add(workspace: Workspace, project_id: int, title: str, days: int, **fields) -> int:
    command = CreateTask(project_id=project_id, title=title, duration_days=days, **fields)
    apply(workspace, command)
    assert command.task_id is not None
    return command.task_id


def link(workspace: Workspace, before: int, after: int, kind: str = "FS") -> None:
    apply(workspace, AddDependency(predecessor_id=before, successor_id=after, type=kind))


@pytest.fixture
def plan(workspace: Workspace, project_id: int) -> dict[str, int]:
    """A (3 d) -> B (2 d) -> C (2 d); B -> E1 inside summary S (with E2, unlinked);
    A -> M, a manual task; D on its own; B and F finish together (FF)."""
    ids = {name: add(workspace, project_id, name, days) for name, days in (
        ("A", 3), ("B", 2), ("C", 2), ("D", 2), ("M", 1), ("S", 1), ("F", 1),
    )}  # fmt: skip
    for child in ("E1", "E2"):
        ids[child] = add(workspace, project_id, child, 2, parent_id=ids["S"])
    apply(workspace, UpdateTask(task_id=ids["M"], manual=True, start=MONDAY + timedelta(days=1)))
    link(workspace, ids["A"], ids["B"])
    link(workspace, ids["B"], ids["C"])
    link(workspace, ids["B"], ids["E1"])
    link(workspace, ids["A"], ids["M"])
    link(workspace, ids["B"], ids["F"], "FF")
    return ids


def stored_dates(workspace: Workspace, project_id: int) -> dict[int, tuple[date, date]]:
    with workspace.reading() as session:
        data = load_gantt(session, project_id)
    return {t.id: (t.start, t.finish) for t in data.tasks.values()}


def preview(workspace: Workspace, project_id: int, edits) -> dict[int, tuple[date, date]]:
    with workspace.reading() as session:
        data = load_gantt(session, project_id)
    return PushPreview(data).moves(edits)


@pytest.mark.parametrize(
    ("task", "edit", "command"),
    [
        ("A", DateEdit(start=MONDAY + timedelta(days=2)), {"start": MONDAY + timedelta(days=2)}),
        ("A", DateEdit(finish=MONDAY + timedelta(days=8)), {"finish": MONDAY + timedelta(days=8)}),
        ("B", DateEdit(start=MONDAY + timedelta(days=14)), {"start": MONDAY + timedelta(days=14)}),
        (
            "B",
            DateEdit(start=MONDAY + timedelta(days=10), finish=MONDAY + timedelta(days=11)),
            {"start": MONDAY + timedelta(days=10), "finish": MONDAY + timedelta(days=11)},
        ),
    ],
)
def test_the_preview_names_what_storing_the_edit_moves(
    workspace, project_id, plan, task, edit, command
):
    before = dump(workspace)
    edited = plan[task]
    predicted = preview(workspace, project_id, {edited: edit})
    assert dump(workspace) == before  # nothing written
    old = stored_dates(workspace, project_id)
    apply(workspace, UpdateTask(task_id=edited, **command))
    new = stored_dates(workspace, project_id)
    moved = {
        task_id: dates
        for task_id, dates in new.items()
        if dates != old[task_id] and task_id not in (edited, plan["S"])
    }
    assert moved, "the case must push something"
    assert predicted == moved
    assert plan["M"] not in predicted  # manual: keeps its dates
    assert plan["D"] not in predicted and plan["E2"] not in predicted


def test_a_move_that_pushes_nothing_previews_nothing(workspace, project_id, plan):
    # D has no successors; C is last in its chain.
    edits = {plan["D"]: DateEdit(start=MONDAY + timedelta(days=7))}
    assert preview(workspace, project_id, edits) == {}
    assert preview(workspace, project_id, {}) == {}
    assert preview(workspace, project_id, {10_000: DateEdit(start=MONDAY)}) == {}
