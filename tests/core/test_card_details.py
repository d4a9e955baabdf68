"""The card editor's read model: one task with its labels, people, checklist, comments, blockers."""

from datetime import date

import pytest

from ipmp_desktop.core.commands import (
    AddChecklistItem,
    AddComment,
    AddDependency,
    CreateLabel,
    CreatePerson,
    CreateTask,
    DeleteTasks,
    SetAssignees,
    SetTaskLabels,
    UpdateChecklistItem,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.model import Priority
from ipmp_desktop.core.services.card_details import load_card_details


def _task(workspace: Workspace, project_id: int, title: str, **values: object) -> int:
    command = CreateTask(project_id=project_id, title=title, **values)  # type: ignore[arg-type]
    apply(workspace, command)
    assert command.task_id is not None
    return command.task_id


def _load(workspace: Workspace, task_id: int):
    with workspace.reading() as session:
        return load_card_details(session, task_id)


def test_bare_task(workspace: Workspace, project_id: int):
    task_id = _task(workspace, project_id, "Design", start=date(2026, 1, 5), description="Why")
    details = _load(workspace, task_id)
    assert (details.id, details.project_id, details.title) == (task_id, project_id, "Design")
    assert details.description == "Why"
    assert details.kind == "task"
    assert details.start == date(2026, 1, 5)
    assert details.finish == date(2026, 1, 5)  # scheduled: one working day
    assert details.priority == Priority.NONE
    assert details.percent_complete == 0
    assert details.column_name == "To do"
    assert details.label_ids == frozenset() and details.labels == ()
    assert details.person_ids == frozenset()
    assert details.checklist == () and details.comments == () and details.blockers == ()
    assert details.checklist_done == 0


def test_labels_and_people_with_all_choices(workspace: Workspace, project_id: int):
    task_id = _task(workspace, project_id, "Design")
    made = {}
    for name, color in (("urgent", "#ff0000"), ("Backend", "#00ff00"), ("docs", "#0000ff")):
        command = CreateLabel(project_id=project_id, name=name, color=color)
        apply(workspace, command)
        made[name] = command.label_id
    people = {}
    for name in ("Zoe", "ada"):
        command = CreatePerson(name=name)
        apply(workspace, command)
        people[name] = command.person_id
    apply(workspace, SetTaskLabels(task_id=task_id, label_ids=[made["urgent"], made["docs"]]))
    apply(workspace, SetAssignees(task_id=task_id, person_ids=[people["Zoe"]]))

    details = _load(workspace, task_id)
    assert details.label_ids == {made["urgent"], made["docs"]}
    assert [(label.name, label.color) for label in details.labels] == [
        ("Backend", "#00ff00"),
        ("docs", "#0000ff"),
        ("urgent", "#ff0000"),
    ]
    assert details.person_ids == {people["Zoe"]}
    assert [person.name for person in details.people] == ["ada", "Zoe"]


def test_checklist_in_rank_order_and_comments_oldest_first(workspace: Workspace, project_id: int):
    task_id = _task(workspace, project_id, "Design")
    items = []
    for text in ("Sketch", "Review", "Sign off"):
        command = AddChecklistItem(task_id=task_id, text=text)
        apply(workspace, command)
        items.append(command.item_id)
    apply(workspace, UpdateChecklistItem(item_id=items[1], done=True))
    for body in ("First", "Second"):
        apply(workspace, AddComment(task_id=task_id, body=body, author="ada"))

    details = _load(workspace, task_id)
    assert [(line.id, line.text, line.done) for line in details.checklist] == [
        (items[0], "Sketch", False),
        (items[1], "Review", True),
        (items[2], "Sign off", False),
    ]
    assert details.checklist_done == 1
    assert [(c.author, c.body) for c in details.comments] == [("ada", "First"), ("ada", "Second")]
    assert details.comments[0].created_at <= details.comments[1].created_at


def test_blockers_are_unfinished_predecessors(workspace: Workspace, project_id: int):
    task_id = _task(workspace, project_id, "Build")
    open_one = _task(workspace, project_id, "Design")
    finished = _task(workspace, project_id, "Research")
    for predecessor in (open_one, finished):
        apply(workspace, AddDependency(predecessor_id=predecessor, successor_id=task_id))
    apply(workspace, UpdateTask(task_id=finished, percent_complete=100))

    details = _load(workspace, task_id)
    assert details.blockers == ("Design",)
    assert details.predecessor_ids == {open_one, finished}
    assert _load(workspace, open_one).blockers == ()


def test_gone_task_raises_not_found(workspace: Workspace, project_id: int):
    task_id = _task(workspace, project_id, "Design")
    apply(workspace, DeleteTasks(task_ids=[task_id]))
    with pytest.raises(NotFoundError):
        _load(workspace, task_id)
