"""Helpers that act as the user does: answer a modal dialog by typing into it, press a
toolbar button with the mouse, press a shortcut in the focused widget.

A test of a user action goes through these (or ``QAction.trigger``, as the menu does), never
through the handler the action calls: a handler called directly hides a wrongly wired action.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QListView, QToolBar, QWidget


@contextmanager
def answering(
    answer: Callable[[QWidget], None], *, timeout_ms: int = 5000
) -> Iterator[list[QWidget]]:
    """Within the block, the next modal dialog that opens is handed to ``answer`` (which types
    into it and presses its buttons); the block fails if no dialog opened.

    Yields the list the dialog is appended to.
    """
    seen: list[QWidget] = []
    waited = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        # the user types once the dialog has come up with the keyboard focus in it
        if dialog is not None and dialog.isVisible() and dialog.focusWidget() is not None:
            seen.append(dialog)
            answer(dialog)
            # a dialog the answer left open would block the test forever: close it, and fail
            QTimer.singleShot(timeout_ms, lambda: _close_left_open(dialog, seen))
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)
        elif dialog is not None:
            dialog.close()  # a dialog that never took the focus: fail, do not hang

    QTimer.singleShot(0, poll)
    yield seen
    assert seen, "no dialog opened"
    assert "left open" not in seen, "the dialog was still open after the answer"


def _close_left_open(dialog: QWidget, seen: list) -> None:
    try:
        still_open = dialog.isVisible()
    except RuntimeError:  # deleted: it closed
        return
    if still_open:
        seen.append("left open")
        dialog.close()


def type_and_enter(text: str) -> Callable[[QWidget], None]:
    """An answer that types ``text`` into the dialog's focused field and presses Enter."""

    def answer(dialog: QWidget) -> None:
        field = dialog.focusWidget() or dialog
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)

    return answer


def type_path_and_enter(path: str) -> Callable[[QWidget], None]:
    """An answer for a file dialog: replace the file name with ``path`` and press Enter (twice
    if the first Enter only took the name completer's suggestion, as a user would)."""

    def answer(dialog: QWidget) -> None:
        _wait_for_listing(dialog, path)
        field = dialog.focusWidget()
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(field, path)
        # the name of an existing file pops up the completer, which holds the keyboard on a
        # desktop (offscreen nothing grabs it, so the key is sent to the popup as it would go)
        popup = QApplication.activePopupWidget()
        QTest.keyClick(popup or field, Qt.Key.Key_Return)
        if dialog.isVisible():
            QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    return answer


def _wait_for_listing(dialog: QWidget, path: str, timeout_ms: int = 5000) -> None:
    """Wait until a file dialog lists ``path`` if it is an existing file of the folder shown,
    as a user sees it before typing its name: typed earlier, into a folder still being read in
    the background, the name is lost on Enter."""
    if not isinstance(dialog, QFileDialog) or not os.path.isfile(path):
        return
    if os.path.dirname(os.path.abspath(path)) != dialog.directory().absolutePath():
        return
    listing = dialog.findChild(QListView, "listView")
    name = os.path.basename(path)

    def listed() -> bool:
        model, root = listing.model(), listing.rootIndex()
        return any(model.index(row, 0, root).data() == name for row in range(model.rowCount(root)))

    waited = 0
    while not listed() and waited < timeout_ms:
        QTest.qWait(10)
        waited += 10


def press_escape(dialog: QWidget) -> None:
    """An answer that closes the dialog with Escape."""
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)


def click_toolbar_button(toolbar: QToolBar, action: QAction) -> None:
    """Click the toolbar's button for ``action`` with the left mouse button."""
    button = toolbar.widgetForAction(action)
    assert button is not None and button.isVisible(), f"{action.text()} is not on the toolbar"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def press_keys(widget: QWidget, sequence: str | QKeySequence) -> None:
    """Press a key sequence such as ``"Ctrl+N"`` in ``widget`` (which should have the focus)."""
    combo = QKeySequence(sequence)[0]
    QTest.keyClick(widget, combo.key(), combo.keyboardModifiers())


def project_names(path) -> list[str]:
    """The names of the projects stored in the workspace file ``path``, sorted."""
    from ipmp_desktop.core.db import Workspace
    from ipmp_desktop.core.services.queries import list_projects

    with Workspace.open(path) as workspace, workspace.reading() as session:
        return sorted(p.name for p in list_projects(session))


def focus_outline(window, qtbot) -> QWidget:
    """Put the keyboard focus in the task outline (the Gantt tab), as a click there would."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_tab(1)
    tree = window.outline_view.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    return tree
