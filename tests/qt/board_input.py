"""Helpers that drive the board as its user does: click a card, right-click for the menu and
pick an entry with the mouse, open a column header's menu, choose in a combo box by keys.

A popup menu runs its own event loop, so an entry is picked by a timer started before the
menu opens (like ``answering`` does for dialogs); the block fails if the menu never opened or
the entry was not in it.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMenu, QWidget


def _plain(text: str) -> str:
    return text.replace("&", "")


@contextmanager
def picking(*path: str, timeout_ms: int = 3000) -> Iterator[list[str]]:
    """Within the block, the next popup menu that opens gets ``path`` clicked with the mouse:
    each entry but the last opens a submenu, the last is chosen.

    Yields the list of entry texts clicked; the block fails unless all of ``path`` was.
    """
    clicked: list[str] = []
    waited = [0]
    menus_seen: list[QMenu] = []

    def poll() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu) and popup.isVisible() and popup not in menus_seen:
            menus_seen.append(popup)
            wanted = path[len(clicked)]
            action = next((a for a in popup.actions() if _plain(a.text()) == wanted), None)
            if action is None:
                names = [_plain(a.text()) for a in popup.actions() if a.text()]
                clicked.append(f"missing {wanted!r} among {names}")
                popup.close()
                return
            clicked.append(wanted)
            point = popup.actionGeometry(action).center()
            QTest.mouseMove(popup, point)
            QTest.mouseClick(
                popup, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
            )
            if len(clicked) < len(path):
                waited[0] = 0
                QTimer.singleShot(20, poll)
            elif popup.isVisible():  # a menu that stays open to pick several: Escape closes it
                QTest.keyClick(popup, Qt.Key.Key_Escape)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)
        elif popup is not None:
            popup.close()  # never hang on a menu left open

    QTimer.singleShot(0, poll)
    yield clicked
    # a menu bar's menu does not block the block: wait for the entries to be clicked
    for _ in range(timeout_ms // 20):
        if len(clicked) >= len(path) or any(c.startswith("missing") for c in clicked):
            break
        QTest.qWait(20)
    assert clicked == list(path), f"picked {clicked}, wanted {list(path)}"


@contextmanager
def dismissing(timeout_ms: int = 3000) -> Iterator[list[dict[str, bool]]]:
    """Within the block, the next popup menu that opens is closed with Escape, as a user
    does who changed their mind. Yields a list that gets the menu's entries (text: enabled).
    """
    seen: list[dict[str, bool]] = []
    waited = [0]

    def poll() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu) and popup.isVisible():
            seen.append({_plain(a.text()): a.isEnabled() for a in popup.actions() if a.text()})
            owner = popup.parentWidget().window() if popup.parentWidget() else None
            QTest.keyClick(popup, Qt.Key.Key_Escape)
            if owner is not None:  # the window system hands activation back; offscreen does not
                owner.activateWindow()
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    yield seen
    for _ in range(timeout_ms // 20):
        if seen:
            break
        QTest.qWait(20)
    assert seen, "no menu opened"


def click_menu_bar(window, title: str) -> None:
    """Click ``title`` (e.g. "Card") on the window's menu bar; its menu opens."""
    bar = window.menuBar()
    action = next(a for a in bar.actions() if _plain(a.text()) == title)
    point = bar.actionGeometry(action).center()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def laid_out(board) -> None:
    """Let the board lay out its cells after a rebuild (swimlanes, collapse), as the event loop
    does before the user can click what they see."""
    for _ in range(100):
        QApplication.processEvents()
        cells = list(board.cells.values())
        if cells and all(v.isVisible() and v.geometry().height() > 0 for v in cells):
            return
        QTest.qWait(10)
    raise AssertionError("the board's cells were never laid out")


def card_point(view, row: int) -> QPoint:
    """The middle of the card at ``row`` of a board cell, in its viewport."""
    return view.visualRect(view.cell_model().index(row)).center()


def click_card(view, row: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Click the card at ``row`` with the left button (Ctrl adds it to the selection)."""
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, card_point(view, row))


def right_click(widget: QWidget, point: QPoint) -> None:
    """Press and release the right button at ``point``, then the context-menu event the
    window system sends for a right click (QTest's mouse events do not make one)."""
    QTest.mouseClick(widget, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)


def choose_in_combo(combo: QComboBox, text: str) -> None:
    """Give ``combo`` the focus and step to ``text`` with the arrow keys, as a user does."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, f"{text!r} is not offered"
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        before = combo.currentIndex()
        QTest.keyClick(combo, key)
        assert combo.currentIndex() != before, f"the arrow keys do not reach {text!r}"
