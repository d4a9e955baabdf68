"""Edge cases the command property and crash tests found, one test each (all fixed)."""

import math
from datetime import date, datetime

import pytest

from ipmp_desktop.core.commands import (
    AddDependency,
    CreatePerson,
    CreateTask,
    IndentTask,
    MoveTaskInOutline,
    UpdateProject,
    UpdateTask,
    apply,
    revert,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import CycleError, DomainError, NotFoundError, ValidationError
from ipmp_desktop.core.model import Person
from tests.support import dump


def add(workspace: Workspace, project_id: int, title: str, **kw: object) -> int:
    command = CreateTask(project_id=project_id, title=title, **kw)
    apply(workspace, command)
    assert command.task_id is not None
    return command.task_id


def refused_without_writing(workspace: Workspace, make: object, error: type = DomainError) -> None:
    before = dump(workspace)
    with pytest.raises(error):
        apply(workspace, make())  # type: ignore[operator]
    assert dump(workspace) == before


def test_outline_moves_refuse_what_add_dependency_refuses(workspace, project_id):
    """AddDependency refuses a link between a summary and its own subtasks; a move must not
    create that state either (A -> B linked, then B indented under A)."""
    a = add(workspace, project_id, "A")
    b = add(workspace, project_id, "B")
    c = add(workspace, project_id, "C")
    d = add(workspace, project_id, "D", parent_id=c)
    apply(workspace, AddDependency(predecessor_id=a, successor_id=b))
    apply(workspace, AddDependency(predecessor_id=d, successor_id=a))
    refused_without_writing(workspace, lambda: IndentTask(task_id=b), CycleError)
    # the link is two levels down: D (under C) precedes A; putting C under A nests D under A
    refused_without_writing(
        workspace, lambda: MoveTaskInOutline(task_id=c, parent_id=a, after_id=None), CycleError
    )


def test_undo_of_merged_task_edits_restores_every_field(workspace, project_id):
    """Kind -> summary then kind -> milestone merge into one step; the milestone edit also set
    duration_days to 0, and undoing the merged step must bring the duration back."""
    task = add(workspace, project_id, "T", duration_days=5)
    before = dump(workspace)
    first = UpdateTask(task_id=task, kind="summary", mergeable=True)
    second = UpdateTask(task_id=task, kind="milestone", mergeable=True)
    apply(workspace, first)
    apply(workspace, second)
    after = dump(workspace)
    assert first.merge_with(second)
    revert(workspace, first)
    assert dump(workspace) == before
    apply(workspace, first, first=False)
    assert dump(workspace) == after


def test_text_with_nul_is_refused_or_cleaned_on_every_backend(workspace, project_id):
    """SQLite stores NUL, PostgreSQL raises psycopg.DataError (not a DomainError); the same text
    must behave the same on both, or a file could not be moved to a team server."""
    for make in (
        lambda: CreateTask(project_id=project_id, title="a\x00b"),
        lambda: UpdateProject(project_id=project_id, name="P\x00"),
    ):
        try:
            apply(workspace, make())
        except ValidationError:
            continue
        stored = [v for rows in dump(workspace).values() for row in rows for v in row]
        assert not any(isinstance(v, str) and "\x00" in v for v in stored)


@pytest.mark.parametrize("email", ["a@" + "b" * 400, None])
def test_bad_email_is_refused(workspace, email):
    """person.email is VARCHAR(320): PostgreSQL raises DataError, SQLite stores it; None raises
    AttributeError on both."""
    refused_without_writing(workspace, lambda: CreatePerson(name="X", email=email), ValidationError)
    with workspace.reading() as session:
        assert session.query(Person).count() == 0


def test_datetime_for_a_date_field_is_refused(workspace, project_id):
    """A datetime is a date subclass, passes optional_date, then date_order raises TypeError."""
    task = add(workspace, project_id, "T")
    refused_without_writing(
        workspace,
        lambda: UpdateTask(task_id=task, start=datetime(2026, 1, 1, 12), finish=date(2026, 2, 1)),
        ValidationError,
    )


def test_non_finite_estimate_is_refused(workspace, project_id):
    task = add(workspace, project_id, "T")
    for value in (math.nan, math.inf):
        refused_without_writing(
            workspace, lambda v=value: UpdateTask(task_id=task, estimate_hours=v), ValidationError
        )


def test_ids_no_row_can_have_raise_not_found(workspace, project_id):
    """SQLite raises OverflowError past 2**63; PostgreSQL raises DataError past 2**31 - 1 (the
    column is INTEGER) and for text."""
    for bad in (2**31, 2**63, 2**70, "12x"):
        refused_without_writing(
            workspace, lambda b=bad: UpdateTask(task_id=b, title="x"), NotFoundError
        )
