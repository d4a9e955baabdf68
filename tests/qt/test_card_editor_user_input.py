"""The card editor as the user drives it from the main window: opened with Return on a card,
fields typed into, boxes ticked with Space, buttons clicked, shortcuts pressed; every change
undone and redone with the main window's Undo and Redo."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from ipmp_desktop.core.services.card_details import CardDetails, load_card_details
from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.dialogs.card_editor import CardEditorDialog


def _stored(window, dialog: CardEditorDialog) -> CardDetails:
    with window.session.workspace.reading() as session:
        return load_card_details(session, dialog.task_id)


@pytest.fixture
def editor(window, qtbot) -> Iterator[CardEditorDialog]:
    """The card editor of the board's first card, opened with Return as the user does."""
    window.show_tab(0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.board_view.focus_first_card()
    view = QApplication.focusWidget()
    assert view is not None and view.currentIndex().isValid()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window, "card_editor", None) is not None)
    dialog = window.card_editor
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    yield dialog
    refusal_bubble.close_current()


def _focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def _assert_bubble_beside(widget: QWidget, words: str) -> None:
    bubble = refusal_bubble.current()
    assert bubble is not None, "the refusal was not shown where the user looks"
    assert words in bubble.text().lower()
    under = widget.mapToGlobal(QPoint(0, widget.height()))
    assert abs(bubble.pos().y() - under.y()) < 30, (bubble.pos(), under)
    assert abs(bubble.pos().x() - under.x()) < 30, (bubble.pos(), under)


def _clear_title(qtbot, dialog: CardEditorDialog) -> None:
    _focus(qtbot, dialog.title_edit)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Delete)


def test_a_cleared_title_is_refused_beside_the_title_field(window, editor, qtbot):
    title = editor.title_edit.text()
    steps = window.session.undo.stack.count()
    _clear_title(qtbot, editor)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    _assert_bubble_beside(editor.title_edit, "title")
    assert editor.title_edit.text() == title
    assert _stored(window, editor).title == title
    assert window.session.undo.stack.count() == steps


def test_closing_with_an_empty_title_keeps_the_editor_open_and_says_why(window, editor, qtbot):
    title = editor.title_edit.text()
    steps = window.session.undo.stack.count()
    _clear_title(qtbot, editor)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    assert editor.isVisible()
    _assert_bubble_beside(editor.title_edit, "title")
    assert editor.title_edit.hasFocus()
    assert editor.title_edit.text() == title
    assert window.session.undo.stack.count() == steps
    # the stored title is back in the field: a second Escape closes the editor
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert _stored(window, editor).title == title
