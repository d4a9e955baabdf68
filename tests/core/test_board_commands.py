"""Board commands: moves with rank keys, done semantics, WIP limits, lanes, columns, bin."""

from datetime import date

import pytest

from ipmp_desktop.core.commands import (
    AddChecklistItem,
    AddColumn,
    AddComment,
    ArchiveTasks,
    CreateLabel,
    CreatePerson,
    CreateTask,
    DeleteColumn,
    DeleteComment,
    DeleteView,
    EmptyRecycleBin,
    MoveCards,
    MoveColumn,
    MoveTaskInOutline,
    RecycleTasks,
    RemoveChecklistItem,
    RestoreRecycled,
    SaveView,
    SetAssignees,
    SetLaneWipLimit,
    SetTaskLabels,
    UpdateChecklistItem,
    UpdateColumn,
    UpdateTask,
    apply,
    revert,
)
from ipmp_desktop.core.errors import (
    ConfirmationNeeded,
    NotFoundError,
    ValidationError,
    WipLimitError,
)
from ipmp_desktop.core.services.board import LaneMode, lane_of, lanes, load_board
from tests.support import assert_do_undo_redo, dump

TODAY = date(2026, 3, 2)


@pytest.fixture
def board(workspace, project_id):
    """Columns To do / In progress (WIP 5) / Done and cards A..E in To do."""
    with workspace.reading() as session:
        data = load_board(session, project_id)
    todo, doing, done = (c.id for c in data.columns)
    ids = {}
    for title in "ABCDE":
        command = CreateTask(project_id=project_id, title=title, start=date(2026, 3, 2))
        apply(workspace, command)
        ids[title] = command.task_id
    return {"todo": todo, "doing": doing, "done": done, **ids}


def column_titles(workspace, project_id, column_id):
    with workspace.reading() as session:
        data = load_board(session, project_id)
    return [data.cards[i].title for i in data.order[column_id]]


def card(workspace, project_id, task_id):
    with workspace.reading() as session:
        return load_board(session, project_id).cards[task_id]


def test_reorder_within_column_writes_one_row(workspace, project_id, board):
    before = dump(workspace)
    assert_do_undo_redo(
        workspace, MoveCards(task_ids=[board["E"]], column_id=board["todo"], after_id=board["A"])
    )
    assert column_titles(workspace, project_id, board["todo"]) == ["A", "E", "B", "C", "D"]
    changed = [
        (old, new)
        for old, new in zip(before["task"], dump(workspace)["task"], strict=True)
        if old != new
    ]
    assert len(changed) == 1
    apply(workspace, MoveCards(task_ids=[board["C"]], column_id=board["todo"], after_id=None))
    assert column_titles(workspace, project_id, board["todo"]) == ["C", "A", "E", "B", "D"]


def test_several_cards_keep_given_order_one_step(workspace, project_id, board):
    move = MoveCards(task_ids=[board["D"], board["B"]], column_id=board["doing"])
    changes = assert_do_undo_redo(workspace, move)
    assert column_titles(workspace, project_id, board["doing"]) == ["D", "B"]
    assert column_titles(workspace, project_id, board["todo"]) == ["A", "C", "E"]
    assert {board["todo"], board["doing"]} <= changes.columns
    assert move.text == "Move 2 cards"


def test_done_column_sets_and_clears_progress_and_finish(workspace, project_id, board):
    apply(workspace, UpdateTask(task_id=board["A"], percent_complete=40))
    entered = card(workspace, project_id, board["A"]).column_entered_at
    apply(workspace, MoveCards(task_ids=[board["A"]], column_id=board["todo"], after_id=board["C"]))
    assert card(workspace, project_id, board["A"]).column_entered_at == entered  # reorder: no reset
    to_done = MoveCards(task_ids=[board["A"]], column_id=board["done"], today=TODAY)
    assert_do_undo_redo(workspace, to_done)
    with workspace.reading() as session:
        from ipmp_desktop.core.model import Task

        task = session.get(Task, board["A"])
        assert (task.percent_complete, task.actual_finish) == (100, TODAY)
    back = MoveCards(task_ids=[board["A"]], column_id=board["doing"], today=TODAY)
    assert_do_undo_redo(workspace, back)
    with workspace.reading() as session:
        task = session.get(Task, board["A"])
        assert (task.percent_complete, task.actual_finish) == (0, None)


def test_a_card_done_rolls_its_summary_progress_up(workspace, project_id, board):
    phase = CreateTask(project_id=project_id, title="Phase")
    apply(workspace, phase)
    for title in ("A", "B"):
        apply(
            workspace,
            MoveTaskInOutline(task_id=board[title], parent_id=phase.task_id, after_id=None),
        )
        apply(workspace, UpdateTask(task_id=board[title], duration_days=2))
    to_done = MoveCards(task_ids=[board["A"]], column_id=board["done"], today=TODAY)
    assert_do_undo_redo(workspace, to_done)
    with workspace.reading() as session:
        from ipmp_desktop.core.model import Task

        assert session.get(Task, phase.task_id).percent_complete == 50
    revert(workspace, to_done)
    with workspace.reading() as session:
        assert session.get(Task, phase.task_id).percent_complete == 0


def test_wip_limit_asks_then_refuses_by_policy(workspace, project_id, board):
    apply(workspace, UpdateColumn(column_id=board["doing"], wip_limit=2))
    apply(workspace, MoveCards(task_ids=[board["A"], board["B"]], column_id=board["doing"]))
    before = dump(workspace)
    with pytest.raises(ConfirmationNeeded) as asked:
        apply(workspace, MoveCards(task_ids=[board["C"]], column_id=board["doing"]))
    assert "holds 2 of 2" in str(asked.value)
    assert dump(workspace) == before
    apply(workspace, asked.value.retry)
    assert column_titles(workspace, project_id, board["doing"]) == ["C", "A", "B"]
    apply(workspace, UpdateColumn(column_id=board["doing"], wip_policy="refuse"))
    before = dump(workspace)
    with pytest.raises(WipLimitError, match="takes no more"):
        apply(workspace, MoveCards(task_ids=[board["D"]], column_id=board["doing"]))
    assert dump(workspace) == before
    apply(
        workspace, MoveCards(task_ids=[board["A"]], column_id=board["doing"], after_id=board["B"])
    )


def test_lane_drops_change_the_grouped_field(workspace, project_id, board):
    ada, bob = CreatePerson(name="Ada Lovelace"), CreatePerson(name="Bob Byte")
    apply(workspace, ada)
    apply(workspace, bob)
    apply(workspace, SetAssignees(task_id=board["A"], person_ids=[ada.person_id]))
    move = MoveCards(
        task_ids=[board["A"], board["B"]],
        column_id=board["doing"],
        lane_mode=LaneMode.ASSIGNEE,
        lane_key=f"person:{bob.person_id}",
    )
    assert_do_undo_redo(workspace, move)
    assert [p.name for p in card(workspace, project_id, board["A"]).assignees] == ["Bob Byte"]
    assert [p.name for p in card(workspace, project_id, board["B"]).assignees] == ["Bob Byte"]
    urgent = MoveCards(
        task_ids=[board["C"]],
        column_id=board["todo"],
        after_id=board["D"],
        lane_mode=LaneMode.PRIORITY,
        lane_key="priority:4",
    )
    assert_do_undo_redo(workspace, urgent)
    assert card(workspace, project_id, board["C"]).priority == 4
    risk = CreateLabel(project_id=project_id, name="Risk")
    apply(workspace, risk)
    apply(workspace, SetTaskLabels(task_id=board["D"], label_ids=[risk.label_id]))
    unlabel = MoveCards(
        task_ids=[board["D"]], column_id=board["todo"], lane_mode=LaneMode.LABEL, lane_key="label:"
    )
    assert_do_undo_redo(workspace, unlabel)
    assert card(workspace, project_id, board["D"]).labels == ()


def test_parent_lane_moves_in_outline(workspace, project_id, board):
    epic = CreateTask(project_id=project_id, title="Epic")
    apply(workspace, epic)
    move = MoveCards(
        task_ids=[board["E"]],
        column_id=board["todo"],
        lane_mode=LaneMode.PARENT,
        lane_key=f"parent:{epic.task_id}",
    )
    changes = assert_do_undo_redo(workspace, move)
    assert project_id in changes.structure
    with workspace.reading() as session:
        data = load_board(session, project_id)
        assert lane_of(data.cards[board["E"]], LaneMode.PARENT) == f"parent:{epic.task_id}"
        assert [lane.title for lane in lanes(data, LaneMode.PARENT)] == ["Epic", "No parent"]


def test_lane_wip_limit(workspace, project_id, board):
    ada = CreatePerson(name="Ada")
    apply(workspace, ada)
    key = f"person:{ada.person_id}"
    assert_do_undo_redo(
        workspace,
        SetLaneWipLimit(column_id=board["doing"], lane_mode="assignee", lane_key=key, wip_limit=1),
    )
    apply(
        workspace,
        MoveCards(
            task_ids=[board["A"]], column_id=board["doing"], lane_mode="assignee", lane_key=key
        ),
    )
    with pytest.raises(ConfirmationNeeded, match="in this lane holds 1 of 1"):
        apply(
            workspace,
            MoveCards(
                task_ids=[board["B"]], column_id=board["doing"], lane_mode="assignee", lane_key=key
            ),
        )
    apply(
        workspace,
        MoveCards(
            task_ids=[board["B"]],
            column_id=board["doing"],
            lane_mode="assignee",
            lane_key="person:",
        ),
    )


def test_bad_moves_write_nothing(workspace, project_id, board):
    before = dump(workspace)
    with pytest.raises(NotFoundError):
        apply(workspace, MoveCards(task_ids=[99999], column_id=board["doing"]))
    with pytest.raises(NotFoundError):
        apply(workspace, MoveCards(task_ids=[board["A"]], column_id=99999))
    with pytest.raises(ValidationError):
        apply(
            workspace,
            MoveCards(task_ids=[board["A"]], column_id=board["doing"], after_id=board["B"]),
        )
    with pytest.raises(ValidationError):
        MoveCards(task_ids=[], column_id=board["doing"])
    assert dump(workspace) == before


def test_archive_and_restore(workspace, project_id, board):
    command = ArchiveTasks(task_ids=[board["A"], board["B"]])
    assert_do_undo_redo(workspace, command)
    assert card(workspace, project_id, board["A"]).archived
    assert_do_undo_redo(workspace, ArchiveTasks(task_ids=[board["A"]], archived=False))
    assert not card(workspace, project_id, board["A"]).archived


def test_columns_add_move_edit_delete(workspace, project_id, board):
    add = AddColumn(project_id=project_id, name="Review", category="doing", wip_limit=3, index=2)
    assert_do_undo_redo(workspace, add)
    with workspace.reading() as session:
        assert [c.name for c in load_board(session, project_id).columns] == [
            "To do",
            "In progress",
            "Review",
            "Done",
        ]
    assert_do_undo_redo(workspace, MoveColumn(column_id=add.column_id, index=0))
    assert_do_undo_redo(workspace, UpdateColumn(column_id=add.column_id, name="QA", wip_limit=None))
    with pytest.raises(ValidationError, match="Choose where the 5 cards"):
        apply(workspace, DeleteColumn(column_id=board["todo"]))
    delete = DeleteColumn(column_id=board["todo"], move_cards_to=board["done"])
    assert_do_undo_redo(workspace, delete)
    with workspace.reading() as session:
        data = load_board(session, project_id)
    assert [c.name for c in data.columns] == ["QA", "In progress", "Done"]
    assert all(data.cards[board[t]].percent_complete == 100 for t in "ABCDE")


def test_checklist_and_comments(workspace, project_id, board):
    add = AddChecklistItem(task_id=board["A"], text="Write tests")
    assert_do_undo_redo(workspace, add)
    apply(workspace, AddChecklistItem(task_id=board["A"], text="Review"))
    assert_do_undo_redo(workspace, UpdateChecklistItem(item_id=add.item_id, done=True))
    shown = card(workspace, project_id, board["A"])
    assert (shown.checklist_done, shown.checklist_total) == (1, 2)
    assert_do_undo_redo(workspace, RemoveChecklistItem(item_id=add.item_id))
    note = AddComment(task_id=board["A"], body="Looks good", author="Ada")
    assert_do_undo_redo(workspace, note)
    assert card(workspace, project_id, board["A"]).comment_count == 1
    assert_do_undo_redo(workspace, DeleteComment(comment_id=note.comment_id))
    with pytest.raises(ValidationError):
        apply(workspace, AddComment(task_id=board["A"], body="  "))


def test_recycle_restore_and_empty(workspace, project_id, board):
    parent = CreateTask(project_id=project_id, title="Phase")
    apply(workspace, parent)
    child = CreateTask(project_id=project_id, title="Child", parent_id=parent.task_id)
    apply(workspace, child)
    apply(workspace, AddChecklistItem(task_id=child.task_id, text="item"))
    recycle = RecycleTasks(task_ids=[parent.task_id])
    assert_do_undo_redo(workspace, recycle)
    entry_id = recycle.entry.ids(
        __import__("ipmp_desktop.core.model", fromlist=["RecycledTasks"]).RecycledTasks.__table__
    ).pop()
    restore = RestoreRecycled(recycled_id=entry_id)
    assert_do_undo_redo(workspace, restore)
    with workspace.reading() as session:
        from ipmp_desktop.core.model import ChecklistItem, Task

        assert session.get(Task, child.task_id).parent_id == parent.task_id
        assert session.query(ChecklistItem).count() == 1
    apply(workspace, RecycleTasks(task_ids=[board["A"]]))
    assert_do_undo_redo(workspace, EmptyRecycleBin(project_id=project_id))


def test_restore_after_ids_were_reused(workspace, project_id, board):
    recycle = RecycleTasks(task_ids=[board["E"]])
    apply(workspace, recycle)
    reuse = CreateTask(project_id=project_id, title="Newcomer")
    apply(workspace, reuse)  # SQLite may hand out E's id again
    from ipmp_desktop.core.model import RecycledTasks

    entry_id = recycle.entry.ids(RecycledTasks.__table__).pop()
    assert_do_undo_redo(workspace, RestoreRecycled(recycled_id=entry_id))
    assert "E" in column_titles(workspace, project_id, board["todo"])
    assert "Newcomer" in column_titles(workspace, project_id, board["todo"])


def test_saved_views(workspace, project_id):
    save = SaveView(project_id=project_id, name="Mine", settings={"lanes": "assignee"})
    assert_do_undo_redo(workspace, save)
    assert_do_undo_redo(
        workspace, SaveView(project_id=project_id, name="Mine", settings={"lanes": "label"})
    )
    assert_do_undo_redo(workspace, DeleteView(view_id=save.view_id))
