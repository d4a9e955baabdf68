"""Project commands round-trip and validate."""

from datetime import date

import pytest

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateLabel,
    CreateProject,
    CreateTask,
    DeleteProject,
    SetTaskLabels,
    UpdateProject,
    apply,
)
from ipmp_desktop.core.errors import NotFoundError, ValidationError
from ipmp_desktop.core.services.queries import column_names, list_projects, most_recent_project
from tests.support import assert_do_undo_redo, dump


def test_create_project_round_trip_has_default_columns(workspace):
    command = CreateProject(name="Website relaunch", start=date(2026, 3, 2))
    assert_do_undo_redo(workspace, command)
    with workspace.reading() as session:
        assert [p.name for p in list_projects(session)] == ["Website relaunch"]
        assert list(column_names(session, command.project_id).values()) == [
            "To do",
            "In progress",
            "Done",
        ]


def test_update_project_round_trip_and_validation(workspace, project_id):
    assert_do_undo_redo(workspace, UpdateProject(project_id=project_id, name="Renamed"))
    assert_do_undo_redo(
        workspace, UpdateProject(project_id=project_id, start=date(2027, 1, 1), description="d")
    )
    before = dump(workspace)
    with pytest.raises(ValidationError):
        apply(workspace, UpdateProject(project_id=project_id, name=""))
    with pytest.raises(ValidationError):
        apply(workspace, UpdateProject(project_id=project_id, start=None))
    with pytest.raises(NotFoundError):
        apply(workspace, UpdateProject(project_id=project_id, calendar_id=4242))
    with pytest.raises(ValidationError):
        UpdateProject(project_id=project_id, colour="x")
    assert dump(workspace) == before


def test_delete_project_restores_everything(workspace, project_id):
    parent = CreateTask(project_id=project_id, title="Phase")
    apply(workspace, parent)
    tasks = []
    for title in ("a", "b", "c"):
        command = CreateTask(project_id=project_id, title=title, parent_id=parent.task_id)
        apply(workspace, command)
        tasks.append(command.task_id)
    apply(workspace, AddDependency(predecessor_id=tasks[0], successor_id=tasks[1]))
    label = CreateLabel(project_id=project_id, name="L")
    apply(workspace, label)
    apply(workspace, SetTaskLabels(task_id=tasks[2], label_ids=[label.label_id]))
    assert_do_undo_redo(workspace, DeleteProject(project_id=project_id))


def test_most_recent_project_prefers_only_then_opened(workspace):
    with workspace.reading() as session:
        assert most_recent_project(session) is None
    first = CreateProject(name="One", start=date(2026, 1, 1))
    apply(workspace, first)
    second = CreateProject(name="Two", start=date(2026, 1, 1))
    apply(workspace, second)
    from ipmp_desktop.core.services.queries import mark_project_opened

    with workspace.unit_of_work() as uow:
        mark_project_opened(uow.session, first.project_id)
    with workspace.reading() as session:
        assert most_recent_project(session) == first.project_id


def test_bad_project_input(workspace):
    with pytest.raises(ValidationError):
        apply(workspace, CreateProject(name=" ", start=date(2026, 1, 1)))
    with pytest.raises(ValidationError):
        apply(workspace, CreateProject(name="x", start=date(1066, 10, 14)))
    with pytest.raises(NotFoundError):
        apply(workspace, CreateTask(project_id=999, title="orphan"))
