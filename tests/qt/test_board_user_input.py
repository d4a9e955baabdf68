"""The board's columns driven as a user does: the column header's menu opened with a click and
its entries clicked, dialogs answered by typing, the collapse button and a double-click on the
header, the quick-add line reached with Insert. Every edit is undone and redone through the
main window's Undo and Redo actions."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ipmp_desktop.qt.views.main_window import MainWindow
from tests.qt.board_input import picking
from tests.qt.test_board_view import board_path, card_id, columns, titles  # noqa: F401
from tests.qt.user_input import answering, press_escape, type_and_enter
from tests.support import dump


@pytest.fixture
def main(qtbot, settings, board_path):  # noqa: F811
    """The main window on the board of ``board_path``, active, so clicks and keys reach it."""
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(board_path))
    window.resize(1400, 900)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    window.close()


def names(board) -> list[str]:
    return [c.name for c in board.store.data.columns]


def column(board, name):
    return board.store.data.column(columns(board)[name])


def retype(text: str):
    """An answer that replaces what the dialog's field holds with ``text`` and presses Enter."""

    def answer(dialog) -> None:
        field = dialog.focusWidget()
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(field, Qt.Key.Key_Delete)
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)

    return answer


def open_column_menu(qtbot, board, name: str) -> None:
    """Click the "⋯" button of column ``name``'s header (the menu opens)."""
    qtbot.mouseClick(board.headers[columns(board)[name]].menu_button, Qt.MouseButton.LeftButton)


def undo_redo(main, check_undone, check_done) -> None:
    """Edit > Undo, then Edit > Redo, checking the board after each."""
    main.act_undo.trigger()
    check_undone()
    main.act_redo.trigger()
    check_done()


# -- the column menu --


def test_rename_from_the_column_menu_is_typed_into_a_dialog(main, qtbot):
    board = main.board_view
    with answering(retype("Backlog")), picking("Rename…"):
        open_column_menu(qtbot, board, "To do")
    assert names(board) == ["Backlog", "In progress", "Done"]
    assert board.headers[columns(board)["Backlog"]].column.name == "Backlog"
    undo_redo(
        main,
        lambda: names(board) == ["To do", "In progress", "Done"] or pytest.fail("not undone"),
        lambda: names(board)[0] == "Backlog" or pytest.fail("not redone"),
    )


def test_double_click_on_the_header_renames(main, qtbot):
    board = main.board_view
    header = board.headers[columns(board)["Done"]]
    with answering(retype("Shipped")):
        qtbot.mouseDClick(header.name_label, Qt.MouseButton.LeftButton)
    assert names(board) == ["To do", "In progress", "Shipped"]


def test_renaming_a_column_to_blanks_is_refused_with_a_reason(main, qtbot):
    board = main.board_view
    before = dump(main.session.workspace)
    with answering(retype("   ")), picking("Rename…"):
        open_column_menu(qtbot, board, "Done")
    assert dump(main.session.workspace) == before
    assert "name" in main.statusBar().currentMessage().lower()


def test_a_cancelled_rename_writes_nothing(main, qtbot):
    board = main.board_view
    before = dump(main.session.workspace)
    with answering(press_escape), picking("Rename…"):
        open_column_menu(qtbot, board, "Done")
    assert dump(main.session.workspace) == before
    assert not main.statusBar().currentMessage()


def test_wip_limit_from_the_column_menu(main, qtbot):
    board = main.board_view
    todo = columns(board)["To do"]
    with answering(retype("3")), picking("WIP limit…"):
        open_column_menu(qtbot, board, "To do")
    assert column(board, "To do").wip_limit == 3
    assert board.headers[todo].property("wip") == "over"  # five cards in To do
    undo_redo(
        main,
        lambda: column(board, "To do").wip_limit is None or pytest.fail("not undone"),
        lambda: column(board, "To do").wip_limit == 3 or pytest.fail("not redone"),
    )
    with answering(retype("")), picking("WIP limit…"):  # empty: no limit
        open_column_menu(qtbot, board, "To do")
    assert column(board, "To do").wip_limit is None
    assert board.headers[todo].property("wip") == ""


def test_a_wip_limit_that_is_no_whole_number_is_refused(main, qtbot):
    board = main.board_view
    before = dump(main.session.workspace)
    with answering(retype("lots")), picking("WIP limit…"):
        open_column_menu(qtbot, board, "Done")
    assert dump(main.session.workspace) == before
    assert main.statusBar().currentMessage() == "A WIP limit is a whole number."


def test_category_and_policy_from_their_submenus(main, qtbot):
    board = main.board_view
    with picking("Category", "Done"):
        open_column_menu(qtbot, board, "In progress")
    assert column(board, "In progress").category == "done"
    undo_redo(
        main,
        lambda: column(board, "In progress").category == "doing" or pytest.fail("not undone"),
        lambda: column(board, "In progress").category == "done" or pytest.fail("not redone"),
    )
    with picking("Over the WIP limit", "Refuse the drop"):
        open_column_menu(qtbot, board, "In progress")
    assert column(board, "In progress").wip_policy == "refuse"
    undo_redo(
        main,
        lambda: column(board, "In progress").wip_policy == "ask" or pytest.fail("not undone"),
        lambda: column(board, "In progress").wip_policy == "refuse" or pytest.fail("not redone"),
    )
    # the menu built for the new state checks the new choice
    menu = board.headers[columns(board)["In progress"]].menu_button.menu()
    policies = next(a.menu() for a in menu.actions() if a.text() == "Over the WIP limit")
    assert [a.text() for a in policies.actions() if a.isChecked()] == ["Refuse the drop"]


def test_add_columns_left_and_right(main, qtbot):
    board = main.board_view
    with answering(type_and_enter("Review")), picking("Add Column to the Right…"):
        open_column_menu(qtbot, board, "In progress")
    assert names(board) == ["To do", "In progress", "Review", "Done"]
    with answering(type_and_enter("Ideas")), picking("Add Column to the Left…"):
        open_column_menu(qtbot, board, "To do")
    assert names(board) == ["Ideas", "To do", "In progress", "Review", "Done"]
    undo_redo(
        main,
        lambda: (
            names(board) == ["To do", "In progress", "Review", "Done"] or pytest.fail("not undone")
        ),
        lambda: names(board)[0] == "Ideas" or pytest.fail("not redone"),
    )
    assert ("", columns(board)["Ideas"]) in board.cells  # laid out with its cells


def test_a_new_column_without_a_name_is_refused_with_a_reason(main, qtbot):
    board = main.board_view
    before = dump(main.session.workspace)
    with answering(type_and_enter("  ")), picking("Add Column to the Right…"):
        open_column_menu(qtbot, board, "Done")
    assert dump(main.session.workspace) == before
    assert "name" in main.statusBar().currentMessage().lower()


def test_move_columns_left_and_right(main, qtbot):
    board = main.board_view
    with picking("Move Right"):
        open_column_menu(qtbot, board, "To do")
    assert names(board) == ["In progress", "To do", "Done"]
    with picking("Move Left"):
        open_column_menu(qtbot, board, "Done")
    assert names(board) == ["In progress", "Done", "To do"]
    undo_redo(
        main,
        lambda: names(board) == ["In progress", "To do", "Done"] or pytest.fail("not undone"),
        lambda: names(board) == ["In progress", "Done", "To do"] or pytest.fail("not redone"),
    )


def test_the_ends_of_the_board_offer_no_move_past_them(main):
    board = main.board_view

    def enabled(name: str, entry: str) -> bool:
        menu = board.headers[columns(board)[name]].menu_button.menu()
        return next(a for a in menu.actions() if a.text() == entry).isEnabled()

    assert not enabled("To do", "Move Left") and enabled("To do", "Move Right")
    assert enabled("In progress", "Move Left") and enabled("In progress", "Move Right")
    assert enabled("Done", "Move Left") and not enabled("Done", "Move Right")


def test_delete_an_empty_column_and_one_with_cards(main, qtbot):
    board = main.board_view
    with picking("Delete Column…"):
        open_column_menu(qtbot, board, "In progress")
    assert names(board) == ["To do", "Done"]

    def choose_done(dialog) -> None:  # the list of columns has the focus: Down to Done, Enter
        field = dialog.focusWidget()
        QTest.keyClick(field, Qt.Key.Key_End)
        QTest.keyClick(field, Qt.Key.Key_Return)

    with answering(choose_done), picking("Delete Column…"):
        open_column_menu(qtbot, board, "To do")
    assert names(board) == ["Done"]
    assert titles(board, "Done") == ["A", "B", "C", "D", "E"]
    undo_redo(
        main,
        lambda: titles(board, "To do") == ["A", "B", "C", "D", "E"] or pytest.fail("not undone"),
        lambda: names(board) == ["Done"] or pytest.fail("not redone"),
    )
    main.act_undo.trigger()
    main.act_undo.trigger()
    assert names(board) == ["To do", "In progress", "Done"]


def test_the_last_column_cannot_be_deleted(main, qtbot):
    board = main.board_view
    for name in ("In progress", "Done"):
        with picking("Delete Column…"):
            open_column_menu(qtbot, board, name)
    before = dump(main.session.workspace)
    with picking("Delete Column…"):
        open_column_menu(qtbot, board, "To do")
    assert dump(main.session.workspace) == before
    assert "at least one column" in main.statusBar().currentMessage()


def test_cancelling_where_the_cards_go_deletes_nothing(main, qtbot):
    board = main.board_view
    before = dump(main.session.workspace)
    with answering(press_escape), picking("Delete Column…"):
        open_column_menu(qtbot, board, "To do")
    assert dump(main.session.workspace) == before


# -- collapse --


def test_the_collapse_button_collapses_and_expands(main, qtbot):
    board = main.board_view
    todo = columns(board)["To do"]
    stack = main.session.undo.stack.count()
    qtbot.mouseClick(board.headers[todo].collapse_button, Qt.MouseButton.LeftButton)
    assert ("", todo) not in board.cells and todo not in board.quick_adds
    assert board.headers[todo].collapsed
    assert board.headers[todo].collapse_button.toolTip() == "Expand column"
    assert main.session.undo.stack.count() == stack  # a view setting, not an edit
    qtbot.mouseClick(board.headers[todo].collapse_button, Qt.MouseButton.LeftButton)
    assert ("", todo) in board.cells
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]


# -- quick add --


def test_insert_puts_the_cursor_in_the_quick_add_line_of_the_current_column(main, qtbot):
    from tests.qt.board_input import click_card

    board = main.board_view
    doing, done = columns(board)["In progress"], columns(board)["Done"]
    click_card(board.cells[("", columns(board)["To do"])], 0)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # focus to In progress
    assert QApplication.focusWidget() is board.cells[("", doing)]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Insert)
    assert QApplication.focusWidget() is board.quick_adds[doing]
    QTest.keyClicks(QApplication.focusWidget(), "Call the printer")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert titles(board, "In progress") == ["Call the printer"]
    assert titles(board, "Done") == []
    undo_redo(
        main,
        lambda: titles(board, "In progress") == [] or pytest.fail("not undone"),
        lambda: titles(board, "In progress") == ["Call the printer"] or pytest.fail("not redone"),
    )
    assert done in board.quick_adds


# -- the filter bar above the board --


def test_the_filter_bar_filters_the_board_and_saves_views_undoably(main, qtbot):
    board = main.board_view
    bar = board.filter_bar
    before = dump(main.session.workspace)
    qtbot.mouseClick(bar.search_edit, Qt.MouseButton.LeftButton)
    QTest.keyClicks(bar.search_edit, "d")
    qtbot.waitUntil(lambda: titles(board, "To do") == ["D"])  # after typing pauses
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]
    with picking("Ada Lovelace"):
        qtbot.mouseClick(bar.people_button, Qt.MouseButton.LeftButton)
    assert titles(board, "To do") == ["A", "B"]
    assert board.headers[columns(board)["To do"]].count_label.text() == "2 shown of 5"
    assert dump(main.session.workspace) == before  # filters never write
    with answering(type_and_enter("Ada's cards")):
        qtbot.mouseClick(bar.save_button, Qt.MouseButton.LeftButton)
    assert [v.name for v in bar.saved_views()] == ["Ada's cards"]
    undo_redo(
        main,
        lambda: bar.saved_views() == [] or pytest.fail("not undone"),
        lambda: [v.name for v in bar.saved_views()] == ["Ada's cards"] or pytest.fail("not redone"),
    )
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert titles(board, "To do") == ["A", "B", "C", "D", "E"]
    bar.views_combo.setFocus()
    QTest.keyClick(bar.views_combo, Qt.Key.Key_Down)  # the saved view, chosen by key
    assert titles(board, "To do") == ["A", "B"]
    qtbot.mouseClick(bar.delete_button, Qt.MouseButton.LeftButton)
    assert bar.saved_views() == []
    main.act_undo.trigger()
    assert [v.name for v in bar.saved_views()] == ["Ada's cards"]
