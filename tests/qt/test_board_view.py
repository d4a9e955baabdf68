"""The board: real drag-and-drop events, keyboard moves, WIP limits, filters, archive, undo."""

from datetime import date

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from ipmp_desktop.core.commands import (
    CreatePerson,
    CreateProject,
    CreateTask,
    DeleteColumn,
    SetAssignees,
    UpdateColumn,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.board import CardFilter, LaneMode, card_matches
from ipmp_desktop.qt.models.task_outline_model import OutlineColumn
from ipmp_desktop.qt.views.board.card_models import encode_ids
from ipmp_desktop.qt.views.board.column_header import COLUMN_MIME
from ipmp_desktop.qt.views.main_window import MainWindow
from tests.support import dump


@pytest.fixture
def board_path(tmp_path):
    """Project "Shop" with cards A..E in To do, and people Ada and Bob (Ada on A and B)."""
    path = tmp_path / "board.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="Shop", start=date(2026, 3, 2))
        apply(workspace, project)
        ids = {}
        for title in "ABCDE":
            task = CreateTask(project_id=project.project_id, title=title, start=date(2026, 3, 2))
            apply(workspace, task)
            ids[title] = task.task_id
        ada, bob = CreatePerson(name="Ada Lovelace"), CreatePerson(name="Bob Byte")
        apply(workspace, ada)
        apply(workspace, bob)
        for title in "AB":
            apply(workspace, SetAssignees(task_id=ids[title], person_ids=[ada.person_id]))
    return path


@pytest.fixture
def main(qtbot, settings, board_path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(board_path))
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def columns(board):
    return {c.name: c.id for c in board.store.data.columns}


def titles(board, column_name, lane=""):
    view = board.cells[(lane, columns(board)[column_name])]
    return [board.store.data.cards[i].title for i in view.cell_model().ids]


def card_id(board, title):
    return next(i for i, c in board.store.data.cards.items() if c.title == title)


def drop_point(view, row):
    """A point in the upper half of ``row`` (drops above it), or below the last row."""
    model = view.cell_model()
    if row < model.rowCount():
        rect = view.visualRect(model.index(row))
        return QPoint(rect.center().x(), rect.top() + rect.height() // 4)
    if model.rowCount():
        rect = view.visualRect(model.index(model.rowCount() - 1))
        return QPoint(rect.center().x(), rect.bottom() - 3)
    return QPoint(20, 20)


def send_drop(view, mime: QMimeData, point: QPoint) -> bool:
    """Send real QDragEnter / QDragMove / QDrop events to the view's viewport."""
    viewport = view.viewport()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(point), Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    return True


def drag(board, names, to_column, row, lane=""):
    view = board.cells[(lane, columns(board)[to_column])]
    return send_drop(view, encode_ids([card_id(board, n) for n in names]), drop_point(view, row))


def test_cell_models_pass_qtmodeltester(qtmodeltester, main):
    for view in main.board_view.cells.values():
        qtmodeltester.check(view.cell_model(), force_py=True)


def test_drop_between_columns_is_one_undo_step_seen_by_outline(main, board_path):
    board = main.board_view
    before = dump(main.session.workspace)
    assert drag(board, ["B"], "In progress", 0)
    assert titles(board, "In progress") == ["B"]
    assert titles(board, "To do") == ["A", "C", "D", "E"]
    status = main.outline_model.index_of(card_id(board, "B"), OutlineColumn.STATUS)
    assert status.data() == "In progress"  # the same task row, seen by the task table
    assert main.session.undo.stack.count() == 1
    main.undo()
    assert dump(main.session.workspace) == before
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]
    assert status.data() == "To do"
    main.redo()
    assert titles(board, "In progress") == ["B"]


def test_drop_within_column_and_several_at_once(main):
    board = main.board_view
    assert drag(board, ["E"], "To do", 1)  # above B
    assert titles(board, "To do") == ["A", "E", "B", "C", "D"]
    assert drag(board, ["A"], "To do", 5)  # below the last
    assert titles(board, "To do") == ["E", "B", "C", "D", "A"]
    before = dump(main.session.workspace)
    assert drag(board, ["C", "A"], "Done", 0)
    assert titles(board, "Done") == ["C", "A"]
    assert main.session.undo.stack.undoText() == "Move 2 cards"
    main.undo()
    assert dump(main.session.workspace) == before
    assert titles(board, "To do") == ["E", "B", "C", "D", "A"]


def test_drop_into_another_lane_changes_the_assignee(main):
    board = main.board_view
    board.filter_bar.apply(LaneMode.ASSIGNEE, CardFilter())
    lanes = {lane.title: lane.key for lane in board.store.lanes()}
    assert set(lanes) == {"Ada Lovelace", "Unassigned"}
    assert titles(board, "To do", lanes["Ada Lovelace"]) == ["A", "B"]
    assert drag(board, ["C"], "To do", 1, lane=lanes["Ada Lovelace"])
    assert titles(board, "To do", lanes["Ada Lovelace"]) == ["A", "C", "B"]
    assert [p.name for p in board.store.data.cards[card_id(board, "C")].assignees] == [
        "Ada Lovelace"
    ]
    main.undo()
    assert titles(board, "To do", lanes["Ada Lovelace"]) == ["A", "B"]
    assert board.store.data.cards[card_id(board, "C")].assignees == ()


def test_wip_limit_prompt_and_refusal(main):
    board = main.board_view
    doing = columns(board)["In progress"]
    main.push(UpdateColumn(column_id=doing, wip_limit=1))
    assert drag(board, ["A"], "In progress", 0)
    asked: list[str] = []
    board.confirm = lambda message: asked.append(message) or False
    before = dump(main.session.workspace)
    drag(board, ["B"], "In progress", 0)
    assert asked and "holds 1 of 1" in asked[0]
    assert dump(main.session.workspace) == before
    board.confirm = lambda message: True
    drag(board, ["B"], "In progress", 0)
    assert titles(board, "In progress") == ["B", "A"]
    assert board.headers[doing].property("wip") == "over"
    main.push(UpdateColumn(column_id=doing, wip_policy="refuse"))
    before = dump(main.session.workspace)
    drag(board, ["C"], "In progress", 0)
    assert dump(main.session.workspace) == before
    assert "takes no more" in main.statusBar().currentMessage()


def test_keyboard_moves(main, qtbot):
    board = main.board_view
    view = board.cells[("", columns(board)["To do"])]
    board._select_ids("", columns(board)["To do"], [card_id(board, "C")])
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(board.cells[("", columns(board)["To do"])], Qt.Key.Key_Up, ctrl)
    assert titles(board, "To do") == ["A", "C", "B", "D", "E"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, ctrl)
    assert titles(board, "In progress") == ["C"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, ctrl)
    assert titles(board, "Done") == ["C"]
    assert board.store.data.cards[card_id(board, "C")].percent_complete == 100
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, ctrl)
    assert titles(board, "In progress") == ["C"]
    assert board.store.data.cards[card_id(board, "C")].percent_complete == 0
    assert view is not None


def test_filters_hide_cards_without_writing(main, qtbot):
    board = main.board_view
    before = dump(main.session.workspace)
    ada = next(p for p in board.store.data.people if p.name == "Ada Lovelace")
    board.filter_bar.apply(LaneMode.NONE, CardFilter(person_ids=frozenset({ada.id})))
    assert titles(board, "To do") == ["A", "B"]
    header = board.headers[columns(board)["To do"]]
    assert header.count_label.text() == "2 shown of 5"
    assert "5 cards in this column" in header.count_label.toolTip()
    # the badge keeps its room; a long name gives way with "…" instead
    qtbot.waitUntil(lambda: header.count_label.width() >= header.count_label.sizeHint().width())
    board.filter_bar.apply(LaneMode.NONE, CardFilter(text="d"))
    assert titles(board, "To do") == ["D"]
    board.filter_bar.apply(LaneMode.NONE, CardFilter())
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]
    assert dump(main.session.workspace) == before


def assert_cells_match_a_fresh_scan(board):
    """Every cell and header shows what testing each card of the board again would show."""
    store = board.store
    data = store.data
    for column in data.columns:
        order = data.order[column.id]
        assert order == sorted(order, key=lambda i: (data.cards[i].board_rank, i))
        assert all(data.cards[i].column_id == column.id for i in order)
        shown = [i for i in order if card_matches(data.cards[i], store.filter, store.today)]
        assert board.cells[("", column.id)].cell_model().ids == shown
        counted = sum(1 for i in order if not data.cards[i].archived)
        text = f"{counted}" if column.wip_limit is None else f"{counted} / {column.wip_limit}"
        if len(shown) != counted:
            text = f"{len(shown)} shown of {counted}"
        assert board.headers[column.id].count_label.text() == text


def test_typing_edits_and_drops_keep_filtered_cells_right(main):
    """What the store remembers per column (shown cards, counts) follows typing that narrows
    the search, edits that make a card match or not, and drops out of and into columns."""
    board = main.board_view
    board.filter_bar.apply(LaneMode.NONE, CardFilter(text="a"))
    assert titles(board, "To do") == ["A"]
    assert main.push(UpdateTask(task_id=card_id(board, "B"), title="Bar"))
    assert titles(board, "To do") == ["A", "Bar"]  # now matches: shown without a reload
    assert_cells_match_a_fresh_scan(board)
    board.filter_bar.apply(LaneMode.NONE, CardFilter(text=" AR"))  # typing on narrows
    assert titles(board, "To do") == ["Bar"]
    assert_cells_match_a_fresh_scan(board)
    assert drag(board, ["Bar"], "In progress", 0)
    assert titles(board, "To do") == []
    assert titles(board, "In progress") == ["Bar"]
    assert_cells_match_a_fresh_scan(board)
    assert main.push(UpdateTask(task_id=card_id(board, "Bar"), title="B"))
    assert titles(board, "In progress") == []  # no longer matches
    board.filter_bar.apply(LaneMode.NONE, CardFilter())  # shorter text: everything again
    assert titles(board, "To do") == ["A", "C", "D", "E"]
    assert titles(board, "In progress") == ["B"]
    assert_cells_match_a_fresh_scan(board)
    assert drag(board, ["B"], "To do", 2)  # back, between C and D
    assert titles(board, "To do") == ["A", "C", "B", "D", "E"]
    main.undo()
    main.undo()
    assert titles(board, "In progress") == ["Bar"]
    assert_cells_match_a_fresh_scan(board)


def test_archive_and_restore(main, qtbot):
    board = main.board_view
    todo = columns(board)["To do"]
    board._select_ids("", todo, [card_id(board, "B")])
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(board.cells[("", todo)], Qt.Key.Key_A, mods)
    assert titles(board, "To do") == ["A", "C", "D", "E"]
    board.filter_bar.apply(LaneMode.NONE, CardFilter(show_archived=True))
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]
    board._select_ids("", todo, [card_id(board, "B")])
    assert board.archive_selected()  # all selected are archived: restore
    board.filter_bar.apply(LaneMode.NONE, CardFilter())
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]


def test_bad_drops_are_refused_cleanly(main):
    board = main.board_view
    view = board.cells[("", columns(board)["In progress"])]
    before = dump(main.session.workspace)
    foreign = QMimeData()
    foreign.setText("A, B")
    assert not send_drop(view, foreign, drop_point(view, 0))
    garbage = QMimeData()
    garbage.setData("application/x-ipmp-task-ids", b"{not json")
    assert not send_drop(view, garbage, drop_point(view, 0))
    assert send_drop(view, encode_ids([987654]), drop_point(view, 0))  # stale id
    assert dump(main.session.workspace) == before
    assert "no longer exists" in main.statusBar().currentMessage()
    pending = view.cell_model()
    apply(main.session.workspace, DeleteColumn(column_id=pending.column_id))  # elsewhere
    assert not pending.handle_drop([card_id(board, "A")], pending.column_id, "", 0)
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]


def test_quick_add_columns_and_collapse(main, qtbot):
    from tests.qt.board_input import picking
    from tests.qt.user_input import answering, type_and_enter

    board = main.board_view
    main.activateWindow()
    qtbot.waitActive(main)
    todo = columns(board)["To do"]
    qtbot.mouseClick(board.quick_adds[todo], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(board.quick_adds[todo], "Fresh idea")
    qtbot.keyClick(board.quick_adds[todo], Qt.Key.Key_Return)
    assert titles(board, "To do")[0] == "Fresh idea"
    with answering(type_and_enter("Review")), picking("Add Column to the Right…"):
        qtbot.mouseClick(board.headers[todo].menu_button, Qt.MouseButton.LeftButton)
    assert [c.name for c in board.store.data.columns] == ["To do", "Review", "In progress", "Done"]
    mime = QMimeData()
    mime.setData(COLUMN_MIME, str(columns(board)["Done"]).encode())
    assert _drop_on(board.headers[todo], mime, QPoint(5, board.headers[todo].height() // 2))
    assert [c.name for c in board.store.data.columns] == ["Done", "To do", "Review", "In progress"]
    qtbot.mouseClick(board.headers[todo].collapse_button, Qt.MouseButton.LeftButton)
    assert ("", todo) not in board.cells
    qtbot.mouseClick(board.headers[todo].collapse_button, Qt.MouseButton.LeftButton)
    assert ("", todo) in board.cells
    main.act_undo.trigger()
    main.act_undo.trigger()
    assert [c.name for c in board.store.data.columns] == ["To do", "In progress", "Done"]


def test_lane_wip_limit_from_the_context_menu(main):
    board = main.board_view
    board.filter_bar.apply(LaneMode.ASSIGNEE, CardFilter())
    ada_lane = next(lane.key for lane in board.store.lanes() if lane.title == "Ada Lovelace")
    todo = columns(board)["To do"]
    board.ask_text = lambda *args: "1"
    view = board.cells[(ada_lane, todo)]
    menu = board.card_menu(view)
    wip = next(a for a in menu.actions() if a.text().startswith("WIP Limit in This Lane"))
    wip.trigger()
    assert board.store.lane_limit(ada_lane, todo) == 1
    assert board.cells[(ada_lane, todo)].property("wip") == "over"  # A and B are there
    main.undo()
    assert board.store.lane_limit(ada_lane, todo) is None
    assert board.cells[(ada_lane, todo)].property("wip") == ""


def test_context_menu_moves_selected_cards(main):
    board = main.board_view
    todo = columns(board)["To do"]
    board._select_ids("", todo, [card_id(board, "D")])
    menu = board.card_menu(board.cells[("", todo)])
    move = next(a for a in menu.actions() if a.text() == "Move to").menu()
    next(a for a in move.actions() if a.text() == "Done").trigger()
    assert titles(board, "Done") == ["D"]


def test_recycle_bin_dialog_restores_and_empties(main):
    from ipmp_desktop.qt.views.dialogs.recycle_bin import RecycleBinDialog

    board = main.board_view
    todo = columns(board)["To do"]
    board._select_ids("", todo, [card_id(board, "C"), card_id(board, "E")])
    assert board.delete_selected()
    assert titles(board, "To do") == ["A", "B", "D"]
    dialog = RecycleBinDialog(
        main.session.workspace, board.store.project_id, main.push, main.session.bus, main
    )
    assert dialog.entries.count() == 1
    assert "(+1 more)" in dialog.entries.item(0).text()
    dialog.entries.item(0).setSelected(True)
    assert dialog.restore_selected() == 1
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]
    assert dialog.entries.count() == 0
    board._select_ids("", todo, [card_id(board, "A")])
    board.delete_selected()
    assert dialog.entries.count() == 1
    dialog.confirm_empty = lambda: True
    assert dialog.empty()
    assert dialog.entries.count() == 0
    main.undo()
    assert dialog.entries.count() == 1


def test_column_header_drag_reorders_columns(main):
    from ipmp_desktop.qt.views.board.column_header import COLUMN_MIME

    board = main.board_view
    ids = columns(board)
    target = board.headers[ids["To do"]]
    mime = QMimeData()
    mime.setData(COLUMN_MIME, str(ids["Done"]).encode())
    left_half = QPoint(5, target.height() // 2)
    assert _drop_on(target, mime, left_half)
    assert [c.name for c in board.store.data.columns] == ["Done", "To do", "In progress"]
    main.undo()
    assert [c.name for c in board.store.data.columns] == ["To do", "In progress", "Done"]


def _drop_on(widget, mime, point) -> bool:
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(
        widget, QDragMoveEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods)
    )
    QApplication.sendEvent(
        widget, QDropEvent(QPointF(point), Qt.DropAction.MoveAction, mime, buttons, mods)
    )
    return True


def test_enter_opens_the_card_editor_and_f2_renames(main, qtbot):
    from ipmp_desktop.qt.views.dialogs.card_editor import CardEditorDialog

    board = main.board_view
    todo = columns(board)["To do"]
    view = board.cells[("", todo)]
    board._select_ids("", todo, [card_id(board, "B")])
    qtbot.keyClick(view, Qt.Key.Key_Return)
    editor = main.card_editor
    assert isinstance(editor, CardEditorDialog) and editor.isVisible()
    editor.close()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    line = view.viewport().findChild(QLineEdit)
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "Bravo")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Bravo" in titles(board, "To do"))
    assert main.session.undo.stack.undoText() == "Rename task"


def test_cells_fill_the_board_without_lanes_and_fit_their_cards_with_lanes(main, qtbot):
    from ipmp_desktop.qt.views.board.card_delegate import CARD_HEIGHT

    board = main.board_view
    todo = columns(board)["To do"]
    qtbot.waitUntil(lambda: board.cells[("", todo)].height() > CARD_HEIGHT * 4)
    board.filter_bar.apply(LaneMode.ASSIGNEE, CardFilter())
    ada = next(lane.key for lane in board.store.lanes() if lane.title == "Ada Lovelace")
    qtbot.waitUntil(lambda: board.cells[(ada, todo)].height() == 2 * CARD_HEIGHT + 8)
    assert board.canvas.height() >= board.grid.minimumSize().height()
