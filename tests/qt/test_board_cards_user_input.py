"""Cards on the board driven as a user does: clicked and right-clicked with the mouse, their
context menu's entries clicked, the main window's Card menu opened from the menu bar, keys
pressed in the focused card list. Edits are undone and redone with Edit > Undo / Redo."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.qt.board_input import (
    card_point,
    choose_in_combo,
    click_card,
    click_menu_bar,
    dismissing,
    laid_out,
    picking,
    right_click,
)
from tests.qt.test_board_user_input import main  # noqa: F401
from tests.qt.test_board_view import board_path, card_id, columns, titles  # noqa: F401
from tests.qt.user_input import answering, press_escape
from tests.support import dump


@pytest.fixture(autouse=True)
def _close_card_editors():
    """Card editors are windows of their own: close those a test opened, so the next test's
    main window is the active one."""
    yield
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == "CardEditorDialog" and widget.isVisible():
            widget.close()


CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def cell(board, column_name, lane=""):
    return board.cells[(lane, columns(board)[column_name])]


def row_of(board, column_name, title, lane=""):
    return titles(board, column_name, lane).index(title)


def click(board, column_name, title, lane="", modifiers=Qt.KeyboardModifier.NoModifier):
    """Click the card ``title`` in a cell (Ctrl: add it to the selection)."""
    laid_out(board)
    view = cell(board, column_name, lane)
    click_card(view, row_of(board, column_name, title, lane), modifiers)
    return view


def right_click_card(board, column_name, title, lane=""):
    laid_out(board)
    view = cell(board, column_name, lane)
    right_click(view.viewport(), card_point(view, row_of(board, column_name, title, lane)))


def key(sequence_key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key in the widget that has the keyboard focus."""
    QTest.keyClick(QApplication.focusWidget(), sequence_key, modifiers)


def editor_shown(main) -> bool:  # noqa: F811
    editor = getattr(main, "card_editor", None)
    return editor is not None and editor.isVisible()


def back_to(main, qtbot) -> None:  # noqa: F811
    """Click back into the main window after a card editor (activation returns to it)."""
    main.activateWindow()
    qtbot.waitActive(main)


def assignee_lanes(board) -> dict[str, str]:
    choose_in_combo(board.filter_bar.lanes_combo, "Assignee")
    laid_out(board)
    return {lane.title: lane.key for lane in board.store.lanes()}


def assert_undo_redo(main, undone, done) -> None:  # noqa: F811
    main.act_undo.trigger()
    assert undone(), "Undo did not take the edit back"
    main.act_redo.trigger()
    assert done(), "Redo did not make the edit again"


# -- the card's context menu --


def test_right_click_move_to_moves_the_card_under_the_mouse(main):  # noqa: F811
    board = main.board_view
    click(board, "To do", "A")
    with picking("Move to", "Done"):
        right_click_card(board, "To do", "D")
    assert titles(board, "Done") == ["D"]
    assert titles(board, "To do") == ["A", "B", "C", "E"]
    assert_undo_redo(
        main, lambda: titles(board, "Done") == [], lambda: titles(board, "Done") == ["D"]
    )


def test_right_click_archive_delete_and_open(main, qtbot):  # noqa: F811
    board = main.board_view
    with picking("Archive Card"):
        right_click_card(board, "To do", "B")
    assert titles(board, "To do") == ["A", "C", "D", "E"]
    assert_undo_redo(
        main,
        lambda: titles(board, "To do") == ["A", "B", "C", "D", "E"],
        lambda: titles(board, "To do") == ["A", "C", "D", "E"],
    )
    with picking("Delete Card"):
        right_click_card(board, "To do", "C")
    assert titles(board, "To do") == ["A", "D", "E"]
    assert_undo_redo(
        main,
        lambda: titles(board, "To do") == ["A", "C", "D", "E"],
        lambda: titles(board, "To do") == ["A", "D", "E"],
    )
    with picking("Open Card"):
        right_click_card(board, "To do", "E")
    qtbot.waitUntil(lambda: editor_shown(main))
    assert main.card_editor.windowTitle().endswith("E") or "E" in main.card_editor.windowTitle()


def test_right_click_rename_edits_the_title_in_place(main, qtbot):  # noqa: F811
    board = main.board_view
    with picking("Rename"):
        right_click_card(board, "To do", "C")
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    QTest.keyClick(line, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(line, "Charlie")
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Charlie" in titles(board, "To do"))
    assert_undo_redo(
        main, lambda: "C" in titles(board, "To do"), lambda: "Charlie" in titles(board, "To do")
    )


def test_card_actions_still_work_after_right_clicking_an_empty_cell(main):  # noqa: F811
    board = main.board_view
    empty = cell(board, "Done")
    with dismissing() as menus:  # the menu of an empty cell, closed with Escape
        right_click(empty.viewport(), QPoint(30, 30))
    assert not menus[0]["Archive Card"] and not menus[0]["Move to"]
    view = click(board, "To do", "B")
    assert QApplication.focusWidget() is view
    key(Qt.Key.Key_Delete)
    assert titles(board, "To do") == ["A", "C", "D", "E"]
    click(board, "To do", "C")
    key(Qt.Key.Key_A, CTRL_SHIFT)
    assert titles(board, "To do") == ["A", "D", "E"]


def test_a_lane_wip_limit_in_words_or_cancelled_writes_nothing(main, qtbot):  # noqa: F811
    board = main.board_view
    ada = assignee_lanes(board)["Ada Lovelace"]
    before = dump(main.session.workspace)

    def type_words(dialog) -> None:
        field = dialog.focusWidget()
        QTest.keyClicks(field, "x")
        QTest.keyClick(field, Qt.Key.Key_Return)

    with answering(type_words), picking("WIP Limit in This Lane…"):
        right_click_card(board, "To do", "A", lane=ada)
    assert dump(main.session.workspace) == before
    assert main.statusBar().currentMessage() == "A WIP limit is a whole number."
    back_to(main, qtbot)
    with answering(press_escape), picking("WIP Limit in This Lane…"):
        right_click_card(board, "To do", "A", lane=ada)
    assert dump(main.session.workspace) == before


# -- the Card menu of the main window --


def test_card_menu_moves_archives_and_deletes_the_clicked_card(main):  # noqa: F811
    board = main.board_view
    click(board, "To do", "C")
    with picking("Move Card Right"):
        click_menu_bar(main, "Card")
    assert titles(board, "In progress") == ["C"]
    with picking("Move Card Left"):
        click_menu_bar(main, "Card")
    assert titles(board, "To do")[0] == "C"
    with picking("Move Card Down"):
        click_menu_bar(main, "Card")
    assert titles(board, "To do")[:2] == ["A", "C"]
    with picking("Move Card Up"):
        click_menu_bar(main, "Card")
    assert titles(board, "To do")[:2] == ["C", "A"]
    assert_undo_redo(
        main,
        lambda: titles(board, "To do")[:2] == ["A", "C"],
        lambda: titles(board, "To do")[:2] == ["C", "A"],
    )
    click(board, "To do", "D")
    with picking("Archive Card"):
        click_menu_bar(main, "Card")
    assert "D" not in titles(board, "To do")
    click(board, "To do", "E")
    with picking("Delete Card"):
        click_menu_bar(main, "Card")
    assert "E" not in titles(board, "To do")
    assert_undo_redo(
        main, lambda: "E" in titles(board, "To do"), lambda: "E" not in titles(board, "To do")
    )


def test_card_menu_moves_between_lanes(main):  # noqa: F811
    board = main.board_view
    lanes = assignee_lanes(board)
    ada, nobody = lanes["Ada Lovelace"], lanes["Unassigned"]
    click(board, "To do", "C", lane=nobody)
    with picking("Move Card to Lane Above"):
        click_menu_bar(main, "Card")
    assert titles(board, "To do", ada) == ["C", "A", "B"]
    assert [p.name for p in board.store.data.cards[card_id(board, "C")].assignees] == [
        "Ada Lovelace"
    ]
    with picking("Move Card to Lane Below"):
        click_menu_bar(main, "Card")
    assert "C" in titles(board, "To do", nobody)
    assert board.store.data.cards[card_id(board, "C")].assignees == ()
    assert_undo_redo(
        main,
        lambda: "C" in titles(board, "To do", ada),
        lambda: "C" in titles(board, "To do", nobody),
    )


def test_card_menu_opens_the_card_new_card_and_filter(main, qtbot):  # noqa: F811
    board = main.board_view
    click(board, "To do", "B")
    with picking("Open Card"):
        click_menu_bar(main, "Card")
    qtbot.waitUntil(lambda: editor_shown(main))
    main.card_editor.close()
    back_to(main, qtbot)
    click(board, "To do", "B")
    key(Qt.Key.Key_Right)  # focus to the In progress cell
    with picking("New Card"):
        click_menu_bar(main, "Card")
    assert QApplication.focusWidget() is board.quick_adds[columns(board)["In progress"]]
    with picking("Filter Cards"):
        click_menu_bar(main, "Card")
    assert QApplication.focusWidget() is board.filter_bar.search_edit


def test_card_menu_acts_only_while_the_board_is_shown(main, qtbot):  # noqa: F811
    board = main.board_view
    click(board, "To do", "C")
    key(Qt.Key.Key_Up, CTRL)  # the board now remembers C's cell as its last
    assert titles(board, "To do")[:2] == ["A", "C"] or titles(board, "To do")[:2] == ["C", "A"]
    before = dump(main.session.workspace)
    main.show_tab(1)  # the Gantt chart
    menu = main.card_menu
    assert all(not a.isEnabled() for a in menu.actions() if not a.isSeparator())
    for action in menu.actions():
        action.trigger()  # a disabled action does nothing, even triggered
    assert dump(main.session.workspace) == before
    main.show_tab(0)
    assert all(a.isEnabled() for a in menu.actions() if not a.isSeparator())


# -- keys in the focused card list --


def test_delete_key_recycles_the_selected_cards(main):  # noqa: F811
    board = main.board_view
    click(board, "To do", "B")
    click(board, "To do", "D", modifiers=CTRL)
    key(Qt.Key.Key_Delete)
    assert titles(board, "To do") == ["A", "C", "E"]
    assert main.session.undo.stack.count() == 1
    # the keyboard stays in the cell, on the card that took the place of the current one (D)
    todo = cell(board, "To do")
    assert QApplication.focusWidget() is todo
    assert todo.selected_ids() == [card_id(board, "E")]
    key(Qt.Key.Key_Delete)
    assert titles(board, "To do") == ["A", "C"]
    main.act_undo.trigger()
    assert_undo_redo(
        main,
        lambda: titles(board, "To do") == ["A", "B", "C", "D", "E"],
        lambda: titles(board, "To do") == ["A", "C", "E"],
    )


def test_ctrl_shift_a_archives_and_restores(main):  # noqa: F811
    board = main.board_view
    click(board, "To do", "B")
    key(Qt.Key.Key_A, CTRL_SHIFT)
    assert titles(board, "To do") == ["A", "C", "D", "E"]
    main.board_view.filter_bar.archived_button.click()
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]
    click(board, "To do", "B")
    key(Qt.Key.Key_A, CTRL_SHIFT)  # all selected are archived: restore
    assert not board.store.data.cards[card_id(board, "B")].archived
    assert_undo_redo(
        main,
        lambda: board.store.data.cards[card_id(board, "B")].archived,
        lambda: not board.store.data.cards[card_id(board, "B")].archived,
    )


def test_enter_and_double_click_open_the_card_editor(main, qtbot):  # noqa: F811
    board = main.board_view
    click(board, "To do", "B")
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor_shown(main))
    first = main.card_editor
    first.close()
    back_to(main, qtbot)
    laid_out(board)
    view = cell(board, "To do")
    point = card_point(view, row_of(board, "To do", "D"))
    # a double-click is a click, then the second press that comes as a double-click
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(view.viewport(), left, plain, point)
    QTest.mouseDClick(view.viewport(), left, plain, point)
    qtbot.waitUntil(lambda: main.card_editor is not first and main.card_editor.isVisible())


def test_f2_renames_in_place_undoably(main, qtbot):  # noqa: F811
    board = main.board_view
    click(board, "To do", "B")
    key(Qt.Key.Key_F2)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    QTest.keyClick(line, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(line, "Bravo")
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Bravo" in titles(board, "To do"))
    assert_undo_redo(
        main, lambda: "B" in titles(board, "To do"), lambda: "Bravo" in titles(board, "To do")
    )


def test_ctrl_arrows_move_cards_and_plain_arrows_move_the_focus(main):  # noqa: F811
    board = main.board_view
    click(board, "To do", "A")
    click(board, "To do", "C", modifiers=CTRL)
    key(Qt.Key.Key_Right, CTRL)
    assert titles(board, "In progress") == ["A", "C"]
    key(Qt.Key.Key_Down, CTRL)  # both one place down: nothing below, nothing moves
    key(Qt.Key.Key_Right, CTRL)
    assert titles(board, "Done") == ["A", "C"]
    assert main.session.undo.stack.count() == 2
    assert_undo_redo(
        main,
        lambda: titles(board, "In progress") == ["A", "C"],
        lambda: titles(board, "Done") == ["A", "C"],
    )
    key(Qt.Key.Key_Left)  # plain Left: the focus goes to the In progress cell
    assert QApplication.focusWidget() is cell(board, "In progress")
    key(Qt.Key.Key_Left)
    assert QApplication.focusWidget() is cell(board, "To do")
    assert cell(board, "To do").currentIndex().isValid()


def test_ctrl_shift_arrows_move_cards_between_lanes(main):  # noqa: F811
    board = main.board_view
    lanes = assignee_lanes(board)
    ada, nobody = lanes["Ada Lovelace"], lanes["Unassigned"]
    click(board, "To do", "B", lane=ada)
    key(Qt.Key.Key_Down, CTRL_SHIFT)
    assert titles(board, "To do", nobody)[0] == "B"
    assert board.store.data.cards[card_id(board, "B")].assignees == ()
    key(Qt.Key.Key_Up, CTRL_SHIFT)
    assert "B" in titles(board, "To do", ada)
    assert_undo_redo(
        main,
        lambda: "B" in titles(board, "To do", nobody),
        lambda: "B" in titles(board, "To do", ada),
    )


def test_insert_from_the_filter_field_goes_to_the_first_column(main):  # noqa: F811
    board = main.board_view
    QTest.mouseClick(board.filter_bar.search_edit, Qt.MouseButton.LeftButton)
    key(Qt.Key.Key_Insert)
    assert QApplication.focusWidget() is board.quick_adds[columns(board)["To do"]]
