"""Task commands: each one round-trips do/undo/redo, and refuses bad input without writing."""

from datetime import date

import pytest

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateLabel,
    CreatePerson,
    CreateTask,
    DeleteTasks,
    IndentTask,
    MoveTaskInOutline,
    OutdentTask,
    RemoveDependency,
    ReorderTask,
    SetAssignees,
    SetTaskLabels,
    UpdateDependency,
    UpdateTask,
    apply,
    revert,
)
from ipmp_desktop.core.errors import CycleError, NotFoundError, ValidationError
from ipmp_desktop.core.services.changes import Area
from ipmp_desktop.core.services.outline import OutlineTree
from ipmp_desktop.core.services.queries import project_tasks
from tests.support import assert_do_undo_redo, dump


def add(workspace, project_id, title, **kw) -> int:
    command = CreateTask(project_id=project_id, title=title, **kw)
    apply(workspace, command)
    return command.task_id


def outline(workspace, project_id) -> list[tuple[str, str, str]]:
    with workspace.reading() as session:
        tree = OutlineTree.from_rows(project_tasks(session, project_id))
    return [(tree.wbs(t), tree.rows[t].title, tree.rows[t].kind) for t, _ in tree.depth_first()]


def test_create_task_round_trip_and_outline(workspace, project_id):
    first = add(workspace, project_id, "Design")
    changes = assert_do_undo_redo(
        workspace, CreateTask(project_id=project_id, title="  Build   it ", after_id=None)
    )
    assert project_id in changes.structure and Area.BOARD in changes.areas
    add(workspace, project_id, "Spec", parent_id=first)
    assert outline(workspace, project_id) == [
        ("1", "Design", "summary"),
        ("1.1", "Spec", "task"),
        ("2", "Build it", "task"),
    ]


def test_create_after_sibling_places_it_between(workspace, project_id):
    a = add(workspace, project_id, "A")
    add(workspace, project_id, "C")
    assert_do_undo_redo(workspace, CreateTask(project_id=project_id, title="B", after_id=a))
    assert [t for _, t, _ in outline(workspace, project_id)] == ["A", "B", "C"]


def test_child_makes_parent_summary_and_undo_reverts_kind(workspace, project_id):
    parent = add(workspace, project_id, "Phase")
    assert_do_undo_redo(workspace, CreateTask(project_id=project_id, title="x", parent_id=parent))
    assert outline(workspace, project_id)[0][2] == "summary"


def test_no_duration_makes_a_milestone_and_a_duration_a_task(workspace, project_id):
    task = add(workspace, project_id, "Go live", start=date(2026, 3, 2))
    assert_do_undo_redo(workspace, UpdateTask(task_id=task, duration_days=0))
    with workspace.reading() as session:
        row = next(r for r in project_tasks(session, project_id) if r.id == task)
    assert (row.kind, row.duration_days, row.start, row.finish) == (
        "milestone",
        0,
        date(2026, 3, 2),
        date(2026, 3, 2),
    )
    assert_do_undo_redo(workspace, UpdateTask(task_id=task, duration_days=3))
    assert outline(workspace, project_id)[0][2] == "task"
    phase = add(workspace, project_id, "Phase")
    add(workspace, project_id, "Child", parent_id=phase)
    apply(workspace, UpdateTask(task_id=phase, duration_days=0))  # a summary stays a summary
    assert [k for _, t, k in outline(workspace, project_id) if t == "Phase"] == ["summary"]


def test_update_task_round_trip_and_validation(workspace, project_id):
    task = add(workspace, project_id, "Design")
    assert_do_undo_redo(
        workspace,
        UpdateTask(task_id=task, title="Design v2", percent_complete=40, start=date(2026, 2, 2)),
    )
    before = dump(workspace)
    for bad in (
        {"title": "   "},
        {"percent_complete": 101},
        {"start": date(2026, 3, 1), "finish": date(2026, 2, 1)},
        {"color": "red"},
        {"kind": "epic-ish"},
    ):
        with pytest.raises(ValidationError):
            apply(workspace, UpdateTask(task_id=task, **bad))
    with pytest.raises(ValidationError):
        UpdateTask(task_id=task, project_id=3)
    with pytest.raises(NotFoundError):
        apply(workspace, UpdateTask(task_id=99999, title="x"))
    assert dump(workspace) == before


def test_update_merge_keeps_first_old_values(workspace, project_id):
    task = add(workspace, project_id, "T")
    assert not UpdateTask(task_id=task, title="a").merge_with(UpdateTask(task_id=task, title="b"))
    first = UpdateTask(task_id=task, percent_complete=10, mergeable=True)
    second = UpdateTask(task_id=task, percent_complete=20, mergeable=True)
    apply(workspace, first)
    apply(workspace, second)
    assert first.merge_with(second)
    assert not first.merge_with(UpdateTask(task_id=task, title="other field", mergeable=True))
    from ipmp_desktop.core.commands import revert

    revert(workspace, first)
    with workspace.reading() as session:
        assert project_tasks(session, project_id)[0].percent_complete == 0


def test_delete_subtree_with_links_labels_people_round_trip(workspace, project_id):
    phase = add(workspace, project_id, "Phase")
    child = add(workspace, project_id, "Child", parent_id=phase)
    grandchild = add(workspace, project_id, "Grandchild", parent_id=child)
    other = add(workspace, project_id, "Other")
    apply(workspace, AddDependency(predecessor_id=grandchild, successor_id=other, type="SS"))
    label = CreateLabel(project_id=project_id, name="Risk", color="#ff0000")
    apply(workspace, label)
    person = CreatePerson(name="Ada Lovelace", email="ada@example.org")
    apply(workspace, person)
    apply(workspace, SetTaskLabels(task_id=child, label_ids=[label.label_id]))
    apply(workspace, SetAssignees(task_id=grandchild, person_ids=[person.person_id]))
    changes = assert_do_undo_redo(workspace, DeleteTasks(task_ids=[phase]))
    assert {phase, child, grandchild} <= changes.tasks
    assert [t for _, t, _ in outline(workspace, project_id)] == ["Other"]


def test_delete_last_child_turns_summary_back_into_task(workspace, project_id):
    phase = add(workspace, project_id, "Phase")
    child = add(workspace, project_id, "Child", parent_id=phase)
    assert_do_undo_redo(workspace, DeleteTasks(task_ids=[child]))
    assert outline(workspace, project_id) == [("1", "Phase", "task")]


def test_indent_outdent_reorder_round_trips(workspace, project_id):
    a = add(workspace, project_id, "A")
    b = add(workspace, project_id, "B")
    c = add(workspace, project_id, "C")
    assert_do_undo_redo(workspace, IndentTask(task_id=b))
    assert outline(workspace, project_id) == [
        ("1", "A", "summary"),
        ("1.1", "B", "task"),
        ("2", "C", "task"),
    ]
    assert_do_undo_redo(workspace, OutdentTask(task_id=b))
    assert [w for w, _, _ in outline(workspace, project_id)] == ["1", "2", "3"]
    assert_do_undo_redo(workspace, ReorderTask(task_id=c, offset=-1))
    assert [t for _, t, _ in outline(workspace, project_id)] == ["A", "C", "B"]
    assert_do_undo_redo(workspace, ReorderTask(task_id=a, offset=1))
    assert [t for _, t, _ in outline(workspace, project_id)] == ["C", "A", "B"]
    with pytest.raises(ValidationError):
        apply(workspace, IndentTask(task_id=c))
    with pytest.raises(ValidationError):
        apply(workspace, OutdentTask(task_id=c))
    with pytest.raises(ValidationError):
        apply(workspace, ReorderTask(task_id=b, offset=1))


def test_move_under_own_descendant_is_refused(workspace, project_id):
    a = add(workspace, project_id, "A")
    b = add(workspace, project_id, "B", parent_id=a)
    before = dump(workspace)
    with pytest.raises(CycleError):
        apply(workspace, MoveTaskInOutline(task_id=a, parent_id=b, after_id=None))
    assert dump(workspace) == before
    assert_do_undo_redo(workspace, MoveTaskInOutline(task_id=b, parent_id=None, after_id=None))
    assert [t for _, t, _ in outline(workspace, project_id)] == ["B", "A"]


def test_dependencies_round_trip_and_cycles_named(workspace, project_id):
    a, b, c = (add(workspace, project_id, t) for t in "ABC")
    assert_do_undo_redo(
        workspace, AddDependency(predecessor_id=a, successor_id=b, type="FF", lag_days=-2)
    )
    link = AddDependency(predecessor_id=b, successor_id=c)
    apply(workspace, link)
    assert_do_undo_redo(workspace, UpdateDependency(dependency_id=link.dependency_id, lag_days=3))
    before = dump(workspace)
    with pytest.raises(CycleError, match="“A” → “B” → “C” → “A”"):
        apply(workspace, AddDependency(predecessor_id=c, successor_id=a))
    with pytest.raises(CycleError):
        apply(workspace, AddDependency(predecessor_id=a, successor_id=a))
    with pytest.raises(ValidationError):
        apply(workspace, AddDependency(predecessor_id=b, successor_id=c))
    with pytest.raises(ValidationError):
        apply(workspace, AddDependency(predecessor_id=a, successor_id=c, type="XX"))
    assert dump(workspace) == before
    assert_do_undo_redo(workspace, RemoveDependency(dependency_id=link.dependency_id))


def test_summary_cannot_link_to_own_child(workspace, project_id):
    a = add(workspace, project_id, "A")
    b = add(workspace, project_id, "B", parent_id=a)
    with pytest.raises(CycleError):
        apply(workspace, AddDependency(predecessor_id=a, successor_id=b))


def test_milestone_dates_move_together(workspace, project_id):
    milestone = add(workspace, project_id, "Launch", kind="milestone", start=date(2026, 5, 4))
    assert_do_undo_redo(workspace, UpdateTask(task_id=milestone, start=date(2026, 6, 1)))
    with workspace.reading() as session:
        row = project_tasks(session, project_id)[0]
        assert (row.start, row.finish) == (date(2026, 6, 1), date(2026, 6, 1))
    apply(workspace, UpdateTask(task_id=milestone, finish=date(2026, 7, 1)))
    with workspace.reading() as session:
        row = project_tasks(session, project_id)[0]
        assert (row.start, row.finish) == (date(2026, 7, 1), date(2026, 7, 1))


def test_milestone_that_gets_a_subtask_becomes_a_summary_and_undo_restores_it(
    workspace, project_id
):
    milestone = add(workspace, project_id, "Launch", kind="milestone", start=date(2026, 5, 4))
    subtask = CreateTask(project_id=project_id, title="Checklist", parent_id=milestone)
    assert_do_undo_redo(workspace, subtask)
    with workspace.reading() as session:
        kinds = {row.title: row.kind for row in project_tasks(session, project_id)}
    assert kinds == {"Launch": "summary", "Checklist": "task"}
    revert(workspace, subtask)
    with workspace.reading() as session:
        assert project_tasks(session, project_id)[0].kind == "milestone"


def test_labels_and_people_round_trip(workspace, project_id):
    task = add(workspace, project_id, "T")
    assert_do_undo_redo(workspace, CreateLabel(project_id=project_id, name="UX", color="#00aa00"))
    label = CreateLabel(project_id=project_id, name="Backend")
    apply(workspace, label)
    with pytest.raises(ValidationError):
        apply(workspace, CreateLabel(project_id=project_id, name="Backend"))
    person = CreatePerson(name="Grace Hopper")
    assert_do_undo_redo(workspace, person)
    with pytest.raises(ValidationError):
        apply(workspace, CreatePerson(name="X", email="not an address"))
    assert_do_undo_redo(workspace, SetTaskLabels(task_id=task, label_ids=[label.label_id]))
    assert_do_undo_redo(workspace, SetAssignees(task_id=task, person_ids=[person.person_id]))
