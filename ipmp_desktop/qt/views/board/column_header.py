"""A column's header: name, card count against the WIP limit, menu, collapse; drag to reorder."""

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QDrag, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ipmp_desktop.core.model import ColumnCategory, WipPolicy
from ipmp_desktop.core.services.board import ColumnInfo

COLUMN_MIME = "application/x-ipmp-column-id"
CATEGORY_NAMES = {
    ColumnCategory.TODO: "To do",
    ColumnCategory.DOING: "Doing",
    ColumnCategory.DONE: "Done",
}


def wip_state(count: int, limit: int | None) -> str:
    """ "over", "full" or "" for a count against a limit (drives the header's color)."""
    if limit is None:
        return ""
    if count > limit:
        return "over"
    return "full" if count == limit else ""


class ColumnHeader(QFrame):
    """Header of one board column. Emits requests; the board turns them into commands.

    Args:
        first: the leftmost column (its menu offers no Move Left).
        last: the rightmost column (its menu offers no Move Right).
    """

    rename_requested = Signal(int)
    wip_requested = Signal(int)
    category_requested = Signal(int, str)
    policy_requested = Signal(int, str)
    add_requested = Signal(int, int)  # column id, side (-1 left, 1 right)
    move_requested = Signal(int, int)  # column id, delta
    delete_requested = Signal(int)
    collapse_toggled = Signal(int, bool)
    column_dropped = Signal(int, int, int)  # dragged column id, onto column id, side

    def __init__(
        self,
        column: ColumnInfo,
        count: int,
        shown: int,
        collapsed: bool,
        parent: QWidget | None = None,
        *,
        first: bool = False,
        last: bool = False,
    ) -> None:
        super().__init__(parent)
        self.column = column
        self._first, self._last = first, last  # the ends of the board: no move past them
        self.collapsed = collapsed
        self.setObjectName("columnHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip("Drag to reorder; double-click to rename")
        self._press: QPoint | None = None
        self._wip_state: str | None = None  # what the count label is styled for
        self.collapse_button = QToolButton(self)
        self.collapse_button.setAutoRaise(True)
        self.collapse_button.setArrowType(
            Qt.ArrowType.RightArrow if collapsed else Qt.ArrowType.DownArrow
        )
        self.collapse_button.setToolTip("Expand column" if collapsed else "Collapse column")
        self.collapse_button.clicked.connect(
            lambda: self.collapse_toggled.emit(column.id, not self.collapsed)
        )
        self.name_label = QLabel(column.name, self)
        self.name_label.setToolTip(column.name)
        # the name gives way to the count badge (elided), never the badge to the name
        self.name_label.setMinimumWidth(20)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("wipCount")
        self.menu_button = QToolButton(self)
        self.menu_button.setText("⋯")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setToolTip("Column menu")
        self.menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setMenu(self._menu())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 2, 2)
        layout.addWidget(self.collapse_button)
        layout.addWidget(self.name_label, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.menu_button)
        self.set_counts(count, shown)

    def _elide_name(self) -> None:
        """Shorten the column's name with "…" to the room left beside the badge."""
        room = max(20, self.name_label.width())
        metrics = self.name_label.fontMetrics()
        self.name_label.setText(
            metrics.elidedText(self.column.name, Qt.TextElideMode.ElideRight, room)
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide_name()

    def set_counts(self, count: int, shown: int) -> None:
        """Show ``count`` (against the limit) and how many the filter shows."""
        limit = self.column.wip_limit
        if shown != count:  # the filter hides some: say so in words, the limit in the tooltip
            text = f"{shown} shown of {count}"
        else:
            text = f"{count}" if limit is None else f"{count} / {limit}"
        cards = "1 card" if count == 1 else f"{count} cards"
        limit_note = "no WIP limit" if limit is None else f"WIP limit {limit}"
        filter_note = f"; the filter shows {shown}" if shown != count else ""
        self.count_label.setText(text)
        self.count_label.setToolTip(f"{cards} in this column, {limit_note}{filter_note}")
        self._elide_name()
        state = wip_state(count, limit)
        if state == self._wip_state:
            return  # restyling a label re-polishes it: only when the state changed
        self._wip_state = state
        self.setProperty("wip", state)
        colors = {
            "over": "background: #e53935; color: white;",
            "full": "background: #fb8c00; color: white;",
        }
        self.count_label.setStyleSheet(
            f"QLabel {{ border-radius: 6px; padding: 1px 6px; {colors.get(state, '')} }}"
        )
        self.count_label.setToolTip(
            {"over": "Over the WIP limit", "full": "At the WIP limit"}.get(
                state, "Cards in this column"
            )
        )

    def _menu(self) -> QMenu:
        column = self.column
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename_requested.emit(column.id))
        menu.addAction("WIP limit…", lambda: self.wip_requested.emit(column.id))
        categories = menu.addMenu("Category")
        group = QActionGroup(categories)
        for value, name in CATEGORY_NAMES.items():
            action = QAction(name, categories, checkable=True, checked=column.category == value)
            action.triggered.connect(
                lambda _=False, v=value: self.category_requested.emit(column.id, str(v))
            )
            group.addAction(action)
            categories.addAction(action)
        policies = menu.addMenu("Over the WIP limit")
        group = QActionGroup(policies)
        for value, name in (
            (WipPolicy.ASK, "Ask before a drop"),
            (WipPolicy.REFUSE, "Refuse the drop"),
        ):
            action = QAction(name, policies, checkable=True, checked=column.wip_policy == value)
            action.triggered.connect(
                lambda _=False, v=value: self.policy_requested.emit(column.id, str(v))
            )
            group.addAction(action)
            policies.addAction(action)
        menu.addSeparator()
        menu.addAction("Add Column to the Left…", lambda: self.add_requested.emit(column.id, -1))
        menu.addAction("Add Column to the Right…", lambda: self.add_requested.emit(column.id, 1))
        left = menu.addAction("Move Left", lambda: self.move_requested.emit(column.id, -1))
        left.setEnabled(not self._first)
        right = menu.addAction("Move Right", lambda: self.move_requested.emit(column.id, 1))
        right.setEnabled(not self._last)
        menu.addSeparator()
        menu.addAction("Delete Column…", lambda: self.delete_requested.emit(column.id))
        return menu

    # -- drag to reorder --

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.rename_requested.emit(self.column.id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if (
            event.position().toPoint() - self._press
        ).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        mime = QMimeData()
        mime.setData(COLUMN_MIME, QByteArray(str(self.column.id).encode()))
        drag.setMimeData(mime)
        drag.setPixmap(self.grab())
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def dragEnterEvent(self, event) -> None:
        if dragged_column(event.mimeData()) not in (None, self.column.id):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        column_id = dragged_column(event.mimeData())
        if column_id is None or column_id == self.column.id:
            event.ignore()
            return
        side = -1 if event.position().x() < self.width() / 2 else 1
        event.acceptProposedAction()
        self.column_dropped.emit(column_id, self.column.id, side)


def dragged_column(mime: QMimeData | None) -> int | None:
    """The column id in a header drag payload, or None."""
    if mime is None or not mime.hasFormat(COLUMN_MIME):
        return None
    try:
        return int(bytes(mime.data(COLUMN_MIME).data()).decode())
    except ValueError:
        return None
