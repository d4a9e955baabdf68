"""Predecessors as text (format and parse) and the command that sets a task's incoming links."""

from datetime import date

import pytest
from sqlalchemy import select

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateTask,
    SetPredecessors,
    apply,
    revert,
)
from ipmp_desktop.core.errors import CycleError, NotFoundError, ValidationError
from ipmp_desktop.core.model import Dependency, Task
from ipmp_desktop.core.services.predecessors import format_predecessors, parse_predecessors
from tests.support import assert_do_undo_redo, dump

WBS = {"1": 10, "2": 20, "2.1": 21, "2.1.3": 213, "3": 30, "4": 40, "5": 50}
WBS_OF = {task_id: wbs for wbs, task_id in WBS.items()}

# -- text ------------------------------------------------------------------------------------


def test_format_prints_ms_project_style():
    links = [(30, "FS", 2), (50, "SS", 0), (21, "FF", -1), (40, "FS", 0), (10, "sf", 3)]
    assert format_predecessors(links, WBS_OF.get) == "3FS+2d;5SS;2.1FF-1d;4;1SF+3d"


def test_format_skips_predecessors_that_are_not_shown():
    assert format_predecessors([(99, "FS", 0), (30, "FS", 0)], WBS_OF.get) == "3"
    assert format_predecessors([], WBS_OF.get) == ""


def test_parse_reads_types_lags_separators_and_spaces():
    text = " 3FS+2d; 5ss , 2.1 ff - 1 d;4;2.1.3SF+4 ;"
    assert parse_predecessors(text, WBS.get) == [
        (30, "FS", 2),
        (50, "SS", 0),
        (21, "FF", -1),
        (40, "FS", 0),
        (213, "SF", 4),
    ]
    assert parse_predecessors("", WBS.get) == []
    assert parse_predecessors(" ; ", WBS.get) == []
    assert parse_predecessors("03+1", WBS.get) == [(30, "FS", 1)]  # lag without a type: FS


@pytest.mark.parametrize(
    "links",
    [
        [],
        [(30, "FS", 0)],
        [(30, "FS", 2), (50, "SS", 0), (21, "FF", -1), (40, "FS", 0)],
        [(213, "SF", -7), (10, "FF", 0), (20, "FS", 10_000)],
    ],
)
def test_round_trip(links):
    text = format_predecessors(links, WBS_OF.get)
    assert parse_predecessors(text, WBS.get) == links
    assert format_predecessors(parse_predecessors(text, WBS.get), WBS_OF.get) == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("3;9", ["“9”", "no task 9"]),
        ("2.2FS", ["“2.2FS”", "no task 2.2"]),
        ("FS3", ["“FS3”", "WBS number"]),
        ("3XY+2d", ["“3XY+2d”", "XY is not a link type"]),
        ("3FSS", ["FSS is not a link type"]),
        ("3FS+x", ["“3FS+x”", "lag"]),
        ("3FS2d", ["“3FS2d”", "lag"]),
        ("3FS+2w", ["“3FS+2w”", "lag"]),
        ("3 4", ["“3 4”", "lag"]),
        ("3FS+20000d", ["“3FS+20000d”", "between -10000 and 10000"]),
        ("3;5SS;03FF", ["“03FF”", "already listed as “3”"]),
    ],
)
def test_parse_names_the_bad_item(text, words):
    with pytest.raises(ValidationError) as caught:
        parse_predecessors(text, WBS.get)
    message = str(caught.value)
    for word in words:
        assert word in message
    assert message.endswith(".") and ". " not in message and "\n" not in message  # one sentence


# -- the command -----------------------------------------------------------------------------


def add(workspace, project_id, title, **kw):
    command = CreateTask(project_id=project_id, title=title, **kw)
    apply(workspace, command)
    return command.task_id


def link(workspace, pred, succ, **kw):
    command = AddDependency(predecessor_id=pred, successor_id=succ, **kw)
    apply(workspace, command)
    return command.dependency_id


def incoming(workspace, task_id):
    with workspace.reading() as session:
        rows = session.execute(
            select(Dependency.id, Dependency.predecessor_id, Dependency.type, Dependency.lag_days)
            .where(Dependency.successor_id == task_id)
            .order_by(Dependency.id)
        )
        return [tuple(row) for row in rows]


@pytest.fixture
def tasks(workspace, project_id):
    """Tasks a..e in a row starting on a Monday, one day each, and a phase with a child."""
    ids = {name: add(workspace, project_id, name, start=date(2026, 1, 5)) for name in "abcde"}
    ids["phase"] = add(workspace, project_id, "Phase")
    ids["child"] = add(workspace, project_id, "Child", parent_id=ids["phase"])
    return ids


def test_set_predecessors_adds_removes_updates_and_keeps_ids(workspace, project_id, tasks):
    a, b, c, d, e = (tasks[n] for n in "abcde")
    kept = link(workspace, a, e)
    edited = link(workspace, b, e, type="SS", lag_days=1)
    dropped = link(workspace, c, e)
    command = SetPredecessors(task_id=e, links=[(a, "FS", 0), (b, "FF", -2), (d, "SS", 3)])
    changes = assert_do_undo_redo(workspace, command)
    rows = incoming(workspace, e)
    assert rows[:2] == [(kept, a, "FS", 0), (edited, b, "FF", -2)]
    assert rows[2][1:] == (d, "SS", 3)  # a new row (SQLite may reuse the dropped row's id)
    assert changes.dependencies == {kept, edited, dropped, rows[2][0]}
    assert {a, b, c, d, e} <= changes.tasks
    assert changes.reschedule == {project_id}
    with workspace.reading() as session:  # rescheduled in the same step: SS+3 from Monday
        assert session.get(Task, e).start == date(2026, 1, 8)
    revert(workspace, command)
    assert incoming(workspace, e) == [
        (kept, a, "FS", 0),
        (edited, b, "SS", 1),
        (dropped, c, "FS", 0),
    ]


def test_set_predecessors_to_nothing_and_from_nothing(workspace, tasks):
    a, b, c = tasks["a"], tasks["b"], tasks["c"]
    assert_do_undo_redo(workspace, SetPredecessors(task_id=c, links=[(a, "FS", 0), (b, "SF", 1)]))
    assert [row[1:] for row in incoming(workspace, c)] == [(a, "FS", 0), (b, "SF", 1)]
    assert_do_undo_redo(workspace, SetPredecessors(task_id=c, links=[]))
    assert incoming(workspace, c) == []


def test_a_summary_may_have_predecessors(workspace, tasks):
    assert_do_undo_redo(
        workspace, SetPredecessors(task_id=tasks["phase"], links=[(tasks["a"], "FS", 0)])
    )


@pytest.mark.parametrize(
    ("case", "error", "words"),
    [
        ("itself", CycleError, "cannot depend on itself"),
        ("ancestor", CycleError, "in one branch of the outline"),
        ("descendant", CycleError, "in one branch of the outline"),
        ("cycle", CycleError, "That link would close a cycle: “b” → “a” → “b”."),
        ("twice", ValidationError, "“a” is listed twice as a predecessor of “b”"),
        ("type", ValidationError, "link type"),
        ("lag", ValidationError, "lag"),
        ("stale", NotFoundError, "no longer exists"),
    ],
)
def test_refusals_write_nothing(workspace, tasks, case, error, words):
    a, b = tasks["a"], tasks["b"]
    link(workspace, b, a)  # b -> a already
    link(workspace, tasks["c"], b)  # an existing link that a refused edit must not remove
    task, links = {
        "itself": (b, [(b, "FS", 0)]),
        "ancestor": (tasks["child"], [(tasks["phase"], "FS", 0)]),
        "descendant": (tasks["phase"], [(tasks["child"], "FS", 0)]),
        "cycle": (b, [(a, "FS", 0)]),
        "twice": (b, [(a, "FS", 0), (a, "SS", 1)]),
        "type": (b, [(tasks["d"], "XX", 0)]),
        "lag": (b, [(tasks["d"], "FS", 10_001)]),
        "stale": (b, [(999_999, "FS", 0)]),
    }[case]
    before = dump(workspace)
    with pytest.raises(error) as caught:
        apply(workspace, SetPredecessors(task_id=task, links=links))
    assert words in str(caught.value)
    assert dump(workspace) == before


def test_cycle_message_matches_add_dependency(workspace, tasks):
    a, b, c = tasks["a"], tasks["b"], tasks["c"]
    link(workspace, a, b)
    link(workspace, b, c)
    with pytest.raises(CycleError) as by_add:
        apply(workspace, AddDependency(predecessor_id=c, successor_id=a))
    before = dump(workspace)
    with pytest.raises(CycleError) as by_set:
        apply(workspace, SetPredecessors(task_id=a, links=[(tasks["d"], "FS", 0), (c, "FS", 0)]))
    assert str(by_set.value) == str(by_add.value)
    assert dump(workspace) == before


def test_a_cycle_through_a_summary_is_refused_by_the_reschedule(workspace, tasks):
    a = tasks["a"]
    link(workspace, tasks["child"], a)
    before = dump(workspace)
    with pytest.raises(CycleError):  # a -> phase binds a -> child, and child -> a exists
        apply(workspace, SetPredecessors(task_id=tasks["phase"], links=[(a, "FS", 0)]))
    assert dump(workspace) == before
