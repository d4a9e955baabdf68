"""A tool button that picks several items from a menu of checkable actions."""

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QMenu, QToolButton, QWidget


def color_dot(color: str, size: int = 14) -> QIcon:
    """A round swatch of ``color`` (grey when unreadable) with a tick in its checked state."""
    fill = QColor(color)
    if not fill.isValid():
        fill = QColor("#808080")
    tick = QColor("#000000" if fill.lightnessF() > 0.6 else "#ffffff")
    icon = QIcon()
    for state in (QIcon.State.Off, QIcon.State.On):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(fill.darker(130))
        painter.setBrush(fill)
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
        if state == QIcon.State.On:
            painter.setPen(QPen(tick, size / 7))
            painter.drawPolyline(
                [
                    QPointF(size * 0.28, size * 0.52),
                    QPointF(size * 0.44, size * 0.68),
                    QPointF(size * 0.72, size * 0.34),
                ]
            )
        painter.end()
        icon.addPixmap(pixmap, QIcon.Mode.Normal, state)
    return icon


class StickyMenu(QMenu):
    """A menu that stays open when a checkable action is clicked, for picking several."""

    def mouseReleaseEvent(self, event):
        action = self.activeAction()
        if action is not None and action.isEnabled() and action.isCheckable():
            action.trigger()
            return
        super().mouseReleaseEvent(event)


class MultiPickButton(QToolButton):
    """A tool button whose menu picks several ids; its text counts them ("Labels (2)").

    Args:
        title: the button text with nothing picked.
        empty_text: the disabled menu entry shown when there is nothing to pick.
    """

    picked_changed = Signal()

    def __init__(self, title: str, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._empty_text = empty_text
        self._picked: set[int] = set()
        self._actions: dict[int, QAction] = {}
        self.setMenu(StickyMenu(self))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.set_choices([])

    def set_choices(self, choices: Iterable[tuple[int, str, QIcon | None]]) -> None:
        """Offer ``choices`` (id, text, icon); picked ids that are no longer offered drop out.

        Does not emit ``picked_changed``; the caller compares :meth:`picked` itself.
        """
        menu = self.menu()
        menu.clear()
        self._actions = {}
        for item_id, text, icon in choices:
            action = menu.addAction(text)
            if icon is not None:
                action.setIcon(icon)
            action.setCheckable(True)
            action.setChecked(item_id in self._picked)
            action.toggled.connect(lambda on, item_id=item_id: self._toggle(item_id, on))
            self._actions[item_id] = action
        if not self._actions:
            menu.addAction(self._empty_text).setEnabled(False)
        self._picked &= self._actions.keys()
        self._show_count()

    def offered(self) -> set[int]:
        """The ids the menu offers."""
        return set(self._actions)

    def picked(self) -> frozenset[int]:
        """The picked ids."""
        return frozenset(self._picked)

    def set_picked(self, ids: Iterable[int]) -> None:
        """Pick exactly ``ids`` (without emitting ``picked_changed``)."""
        self._picked = set(ids)
        for item_id, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(item_id in self._picked)
            action.blockSignals(False)
        self._show_count()

    def action_for(self, item_id: int) -> QAction:
        """The menu action of ``item_id`` (for tests and keyboard wiring)."""
        return self._actions[item_id]

    def _toggle(self, item_id: int, on: bool) -> None:
        if on:
            self._picked.add(item_id)
        else:
            self._picked.discard(item_id)
        self._show_count()
        self.picked_changed.emit()

    def _show_count(self) -> None:
        count = len(self._picked)
        self.setText(f"{self._title} ({count})" if count else self._title)
