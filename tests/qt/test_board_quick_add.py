"""Quick add on the board, typed as a person does: click the line, type, Enter."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.qt.test_board_view import board_path, columns, main, titles  # noqa: F401


def test_enter_adds_the_card_and_leaves_the_cursor_in_the_line_for_the_next(main, qtbot):  # noqa: F811
    board = main.board_view
    todo = columns(board)["To do"]
    main.activateWindow()
    qtbot.waitActive(main)
    qtbot.mouseClick(board.quick_adds[todo], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(QApplication.focusWidget(), "Print the flyers")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert titles(board, "To do")[0] == "Print the flyers"
    # the board was laid out again for the new card: the cursor is in the new line, empty
    assert QApplication.focusWidget() is board.quick_adds[todo]
    assert board.quick_adds[todo].text() == ""
    qtbot.keyClicks(QApplication.focusWidget(), "Book the hall")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert titles(board, "To do")[:2] == ["Book the hall", "Print the flyers"]
