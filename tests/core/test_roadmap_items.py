"""Roadmap items are tasks: creating and moving them, their fields through UpdateTask, item kinds
behaving like summaries with children, promoting ideas, and deleting/recycling items."""

from datetime import date

import pytest
from sqlalchemy import select

from ipmp_desktop.core.commands import (
    AddRelease,
    AddTheme,
    CaptureIdea,
    CreateProduct,
    CreateRoadmapItem,
    CreateTask,
    DeleteTasks,
    DeleteTheme,
    MoveRoadmapItem,
    PromoteIdea,
    RecycleTasks,
    RestoreRecycled,
    UpdateTask,
    apply,
    revert,
)
from ipmp_desktop.core.errors import NotFoundError, ValidationError
from ipmp_desktop.core.model import Idea, RecycledTasks, Task
from ipmp_desktop.core.services.roadmap import load_roadmap
from tests.support import assert_do_undo_redo, dump

MONDAY = date(2026, 1, 5)


@pytest.fixture
def lanes(workspace):
    """A product with two themes and a release, and a second product with one theme."""
    ids = {}
    for key, name in (("product", "Shop app"), ("other", "Backoffice")):
        command = CreateProduct(name=name)
        apply(workspace, command)
        ids[key] = command.product_id
    for key, product, name in (("growth", "product", "Growth"), ("speed", "product", "Speed")):
        command = AddTheme(product_id=ids[product], name=name)
        apply(workspace, command)
        ids[key] = command.theme_id
    foreign = AddTheme(product_id=ids["other"], name="Ops")
    apply(workspace, foreign)
    ids["foreign"] = foreign.theme_id
    release = AddRelease(product_id=ids["product"], name="1.0", day=date(2026, 4, 1))
    apply(workspace, release)
    ids["release"] = release.release_id
    return ids


def item(workspace, project_id, theme_id, title="Checkout", **kw) -> int:
    command = CreateRoadmapItem(project_id=project_id, theme_id=theme_id, title=title, **kw)
    apply(workspace, command)
    return command.task_id


def task_row(workspace, task_id):
    with workspace.reading() as session:
        return session.execute(select(Task.__table__).where(Task.id == task_id)).one()


def test_create_roadmap_item_round_trip(workspace, project_id, lanes):
    command = CreateRoadmapItem(
        project_id=project_id,
        theme_id=lanes["growth"],
        kind="epic",
        title="One-page checkout",
        horizon="next",
        start=MONDAY,
        target_date=date(2026, 2, 27),
    )
    assert_do_undo_redo(workspace, command)
    row = task_row(workspace, command.task_id)
    assert (row.kind, row.theme_id, row.horizon, row.target_date) == (
        "epic",
        lanes["growth"],
        "next",
        date(2026, 2, 27),
    )
    # without children it is planned like a task: two weeks from its typed start
    assert (row.start, row.finish, row.duration_days, row.constraint_type) == (
        MONDAY,
        date(2026, 1, 16),
        10,
        "snet",
    )


@pytest.mark.parametrize(
    ("kw", "error", "message"),
    [
        ({"kind": "task"}, ValidationError, "roadmap item is one of epic, feature, initiative"),
        ({"kind": "saga"}, ValidationError, "kind must be one of"),
        ({"horizon": "soon"}, ValidationError, "horizon must be one of now, next, later"),
        ({"theme_id": 999}, NotFoundError, "theme #999"),
        ({"title": ""}, ValidationError, "title cannot be empty"),
    ],
)
def test_create_roadmap_item_refusals(workspace, project_id, lanes, kw, error, message):
    values = {"project_id": project_id, "theme_id": lanes["growth"], "title": "X", **kw}
    before = dump(workspace)
    with pytest.raises(error, match=message):
        apply(workspace, CreateRoadmapItem(**values))
    assert dump(workspace) == before


def test_a_child_item_cannot_join_another_products_parent(workspace, project_id, lanes):
    parent = item(workspace, project_id, lanes["growth"], "Epic", kind="epic")
    with pytest.raises(ValidationError, match="roadmap of another product"):
        item(workspace, project_id, lanes["foreign"], "Feature", parent_id=parent)
    child = item(workspace, project_id, lanes["speed"], "Feature", parent_id=parent)
    assert task_row(workspace, child).parent_id == parent


def test_item_with_children_keeps_its_kind_and_spans_them(workspace, project_id, lanes):
    epic = item(workspace, project_id, lanes["growth"], "Epic", kind="epic", start=MONDAY)
    kids = []
    for title, days, start in (("Design", 3, MONDAY), ("Build", 5, date(2026, 1, 12))):
        command = CreateTask(
            project_id=project_id, title=title, parent_id=epic, duration_days=days, start=start
        )
        apply(workspace, command)
        kids.append(command.task_id)
    apply(workspace, UpdateTask(task_id=kids[1], percent_complete=60))
    row = task_row(workspace, epic)
    assert (row.kind, row.start, row.finish) == ("epic", MONDAY, date(2026, 1, 16))
    assert row.percent_complete == 38  # (3 x 0 + 5 x 60) / 8, rolled up by the reschedule
    for kid in kids:
        apply(workspace, DeleteTasks(task_ids=[kid]))
    assert task_row(workspace, epic).kind == "epic"  # childless again: still an epic


def test_update_task_edits_roadmap_fields(workspace, project_id, lanes):
    task_id = item(workspace, project_id, lanes["growth"])
    values = {
        "horizon": "now",
        "problem": "Carts are abandoned",
        "outcome": "More orders",
        "customer_impact": "Fewer steps",
        "business_value": "+3 % revenue",
        "target_date": date(2026, 3, 31),
        "reach": 5000,
        "impact": 2,
        "confidence": 80,
        "effort": 1.5,
        "value": 8,
        "time_criticality": 5,
        "risk_reduction": 3,
        "job_size": 5,
        "rank_override": 1,
    }
    changes = assert_do_undo_redo(workspace, UpdateTask(task_id=task_id, **values))
    assert not changes.reschedule  # none of these moves a date
    row = task_row(workspace, task_id)
    assert {name: getattr(row, name) for name in values} == {**values, "impact": 2.0}
    assert_do_undo_redo(workspace, UpdateTask(task_id=task_id, kind="initiative"))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"confidence": 101}, "confidence must be between 0 and 100"),
        ({"confidence": 50.5}, "confidence must be a whole number"),
        ({"reach": -1}, "reach must be between 0"),
        ({"effort": 0}, "effort must be a number more than 0"),
        ({"effort": float("nan")}, "effort must be a number"),
        ({"impact": -0.5}, "impact must be a number 0 or more"),
        ({"job_size": 0}, "job size must be between 1"),
        ({"value": True}, "value must be a whole number"),
        ({"rank_override": 0}, "manual rank must be between 1"),
        ({"horizon": "someday"}, "horizon must be one of"),
        ({"target_date": "2026-01-01"}, "target date must be a date"),
        ({"problem": None}, "problem must be text"),
        ({"theme_id": 1}, "no editable field 'theme_id'"),
    ],
)
def test_update_task_refuses_bad_roadmap_values(workspace, project_id, lanes, values, message):
    task_id = item(workspace, project_id, lanes["growth"])
    with pytest.raises(ValidationError, match=message):
        apply(workspace, UpdateTask(task_id=task_id, **values))


def test_move_roadmap_item_between_lanes_horizons_and_releases(workspace, project_id, lanes):
    task_id = item(workspace, project_id, lanes["growth"], horizon="later")
    move = MoveRoadmapItem(task_id=task_id, theme_id=lanes["speed"], horizon="now")
    changes = assert_do_undo_redo(workspace, move)
    assert changes.tasks == {task_id} and not changes.reschedule
    assert_do_undo_redo(workspace, MoveRoadmapItem(task_id=task_id, release_id=lanes["release"]))
    assert_do_undo_redo(workspace, MoveRoadmapItem(task_id=task_id, horizon=None))
    row = task_row(workspace, task_id)
    assert (row.theme_id, row.horizon, row.release_id) == (lanes["speed"], None, lanes["release"])


def test_move_roadmap_item_refusals(workspace, project_id, lanes):
    task_id = item(workspace, project_id, lanes["growth"])
    plain = CreateTask(project_id=project_id, title="Plain")
    apply(workspace, plain)
    apply(workspace, MoveRoadmapItem(task_id=task_id, release_id=lanes["release"]))
    cases = [
        ({"task_id": plain.task_id, "horizon": "now"}, ValidationError, "not a roadmap item"),
        ({"task_id": task_id, "theme_id": None}, ValidationError, "moves to a theme"),
        ({"task_id": task_id, "theme_id": lanes["foreign"]}, ValidationError, "another product"),
        ({"task_id": task_id, "release_id": 999}, NotFoundError, "release #999"),
        ({"task_id": task_id, "start": MONDAY}, ValidationError, "cannot be moved by 'start'"),
    ]
    for kw, error, message in cases:
        with pytest.raises(error, match=message):
            apply(workspace, MoveRoadmapItem(**kw))


def test_promote_idea_round_trip(workspace, project_id, lanes):
    idea = CaptureIdea(
        product_id=lanes["product"], title="Pay by QR code", description="Asked twice"
    )
    apply(workspace, idea)
    promote = PromoteIdea(idea_id=idea.idea_id, project_id=project_id, theme_id=lanes["speed"])
    assert_do_undo_redo(workspace, promote)
    row = task_row(workspace, promote.task_id)
    assert (row.title, row.description, row.kind, row.horizon, row.theme_id) == (
        "Pay by QR code",
        "Asked twice",
        "feature",
        "later",
        lanes["speed"],
    )
    with workspace.reading() as session:
        data = load_roadmap(session, lanes["product"])
    assert data.ideas[0].promoted_task_id == promote.task_id
    assert [i.id for i in data.items] == [promote.task_id]
    with pytest.raises(ValidationError, match="promoted already to “Pay by QR code”"):
        apply(workspace, PromoteIdea(idea_id=idea.idea_id, project_id=project_id, theme_id=1))
    revert(workspace, promote)
    with pytest.raises(ValidationError, match="not a theme of “Shop app”"):
        apply(
            workspace,
            PromoteIdea(idea_id=idea.idea_id, project_id=project_id, theme_id=lanes["foreign"]),
        )


def test_deleting_a_promoted_item_clears_the_mark(workspace, project_id, lanes):
    idea = CaptureIdea(product_id=lanes["product"], title="Wishlist")
    apply(workspace, idea)
    promote = PromoteIdea(idea_id=idea.idea_id, project_id=project_id, theme_id=lanes["growth"])
    apply(workspace, promote)
    apply(workspace, DeleteTasks(task_ids=[promote.task_id]))
    with workspace.reading() as session:
        assert session.get(Idea, idea.idea_id).promoted_task_id is None


def test_delete_and_recycle_keep_the_roadmap_fields(workspace, project_id, lanes):
    epic = item(workspace, project_id, lanes["growth"], "Epic", kind="epic", horizon="now")
    apply(workspace, UpdateTask(task_id=epic, reach=10, effort=2.0, problem="Slow"))
    apply(workspace, MoveRoadmapItem(task_id=epic, release_id=lanes["release"]))
    child = item(workspace, project_id, lanes["speed"], "Feature", parent_id=epic)
    delete = DeleteTasks(task_ids=[epic])
    assert_do_undo_redo(workspace, delete)
    revert(workspace, delete)
    before = dump(workspace)
    recycle = RecycleTasks(task_ids=[epic])
    assert_do_undo_redo(workspace, recycle)
    with workspace.reading() as session:
        entry = session.scalars(select(RecycledTasks.id)).one()
    apply(workspace, RestoreRecycled(recycled_id=entry))
    assert dump(workspace)["task"] == before["task"]
    assert task_row(workspace, child).theme_id == lanes["speed"]


def test_restore_from_bin_after_the_theme_was_deleted(workspace, project_id, lanes):
    task_id = item(workspace, project_id, lanes["growth"], "Epic")
    apply(workspace, RecycleTasks(task_ids=[task_id]))
    apply(workspace, DeleteTheme(theme_id=lanes["growth"]))
    with workspace.reading() as session:
        entry = session.scalars(select(RecycledTasks.id)).one()
    apply(workspace, RestoreRecycled(recycled_id=entry))
    assert task_row(workspace, task_id).theme_id is None
