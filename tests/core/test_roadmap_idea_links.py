"""An idea keeps pointing at the item it was promoted to across deleting that item and undoing
the delete, recycling and restoring it (under new ids when its ids were taken), and deleting
its whole project."""

import pytest
from sqlalchemy import insert, select

from ipmp_desktop.core.commands import (
    AddTheme,
    CaptureIdea,
    CreateProduct,
    CreateRoadmapItem,
    DeleteIdea,
    DeleteProject,
    DeleteTasks,
    MoveTaskInOutline,
    PromoteIdea,
    RecycleTasks,
    RestoreRecycled,
    apply,
    revert,
)
from ipmp_desktop.core.model import Idea, RecycledTasks, Task, Theme
from tests.support import assert_do_undo_redo


@pytest.fixture
def theme_id(workspace) -> int:
    """A theme of a new product."""
    product = CreateProduct(name="Shop app")
    apply(workspace, product)
    theme = AddTheme(product_id=product.product_id, name="Growth")
    apply(workspace, theme)
    return theme.theme_id


def promoted(workspace, project_id, theme_id, title="Wishlist") -> tuple[int, int]:
    """Capture an idea and promote it; return (idea id, item id)."""
    product_id = _product_of(workspace, theme_id)
    idea = CaptureIdea(product_id=product_id, title=title)
    apply(workspace, idea)
    promote = PromoteIdea(idea_id=idea.idea_id, project_id=project_id, theme_id=theme_id)
    apply(workspace, promote)
    return idea.idea_id, promote.task_id


def _product_of(workspace, theme_id) -> int:
    with workspace.reading() as session:
        return session.get(Theme, theme_id).product_id


def mark(workspace, idea_id) -> int | None:
    with workspace.reading() as session:
        return session.scalar(select(Idea.promoted_task_id).where(Idea.id == idea_id))


def entry_id(recycle: RecycleTasks) -> int:
    return recycle.entry.ids(RecycledTasks.__table__).pop()


def test_undo_of_a_delete_marks_the_idea_again(workspace, project_id, theme_id):
    idea_id, task_id = promoted(workspace, project_id, theme_id)
    other_idea, other_task = promoted(workspace, project_id, theme_id, "Gift cards")
    delete = DeleteTasks(task_ids=[task_id])
    assert_do_undo_redo(workspace, delete)
    assert delete.idea_links == {idea_id: task_id}
    assert mark(workspace, idea_id) is None  # after the redo
    assert mark(workspace, other_idea) == other_task
    revert(workspace, delete)
    assert mark(workspace, idea_id) == task_id
    assert mark(workspace, other_idea) == other_task


def test_deleting_the_parent_of_a_promoted_item(workspace, project_id, theme_id):
    epic = CreateRoadmapItem(project_id=project_id, theme_id=theme_id, kind="epic", title="Epic")
    apply(workspace, epic)
    idea_id, task_id = promoted(workspace, project_id, theme_id)
    apply(workspace, MoveTaskInOutline(task_id=task_id, parent_id=epic.task_id, after_id=None))
    delete = DeleteTasks(task_ids=[epic.task_id])
    apply(workspace, delete)
    assert mark(workspace, idea_id) is None
    revert(workspace, delete)
    assert mark(workspace, idea_id) == task_id


def test_an_idea_deleted_meanwhile_is_not_brought_back(workspace, project_id, theme_id):
    idea_id, task_id = promoted(workspace, project_id, theme_id)
    delete = DeleteTasks(task_ids=[task_id])
    apply(workspace, delete)
    drop = DeleteIdea(idea_id=idea_id)
    apply(workspace, drop)
    revert(workspace, drop)  # the stack undoes the idea's delete first: it comes back unmarked
    assert mark(workspace, idea_id) is None
    revert(workspace, delete)
    assert mark(workspace, idea_id) == task_id


def test_recycle_round_trip_and_restore_relink(workspace, project_id, theme_id):
    idea_id, task_id = promoted(workspace, project_id, theme_id)
    recycle = RecycleTasks(task_ids=[task_id])
    assert_do_undo_redo(workspace, recycle)
    assert mark(workspace, idea_id) is None
    restore = RestoreRecycled(recycled_id=entry_id(recycle))
    assert_do_undo_redo(workspace, restore)
    assert mark(workspace, idea_id) == task_id
    revert(workspace, restore)
    assert mark(workspace, idea_id) is None
    revert(workspace, recycle)
    assert mark(workspace, idea_id) == task_id


def test_restore_under_new_ids_marks_the_new_item(workspace, project_id, theme_id):
    idea_id, task_id = promoted(workspace, project_id, theme_id)
    recycle = RecycleTasks(task_ids=[task_id])
    apply(workspace, recycle)
    (row,) = [r for name, rows in recycle.delete.snapshot.tables if name == "task" for r in rows]
    with workspace.unit_of_work() as uow:  # another task took the id meanwhile (import, sync)
        uow.session.execute(insert(Task.__table__).values(**{**row, "title": "Squatter"}))
    restore = RestoreRecycled(recycled_id=entry_id(recycle))
    assert_do_undo_redo(workspace, restore)
    (new_id,) = [t["id"] for t in restore.restored.tables[0][1]]
    assert new_id != task_id
    assert mark(workspace, idea_id) == new_id
    with workspace.reading() as session:
        assert session.get(Task, new_id).title == "Wishlist"
    revert(workspace, restore)
    assert mark(workspace, idea_id) is None


def test_restore_leaves_an_idea_promoted_again_meanwhile(workspace, project_id, theme_id):
    idea_id, task_id = promoted(workspace, project_id, theme_id)
    recycle = RecycleTasks(task_ids=[task_id])
    apply(workspace, recycle)
    again = PromoteIdea(idea_id=idea_id, project_id=project_id, theme_id=theme_id)
    apply(workspace, again)
    restore = RestoreRecycled(recycled_id=entry_id(recycle))
    assert_do_undo_redo(workspace, restore)
    assert restore.idea_links == {}
    assert mark(workspace, idea_id) == again.task_id


def test_undo_of_a_project_delete_marks_the_idea_again(workspace, project_id, theme_id):
    idea_id, task_id = promoted(workspace, project_id, theme_id)
    delete = DeleteProject(project_id=project_id)
    assert_do_undo_redo(workspace, delete)
    assert mark(workspace, idea_id) is None
    revert(workspace, delete)
    assert mark(workspace, idea_id) == task_id
