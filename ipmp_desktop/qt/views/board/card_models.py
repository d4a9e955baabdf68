"""One list model per board cell (a column within a swimlane), with drag and drop.

Drag payloads are task ids as JSON under :data:`CARD_MIME`; a drop calls the board's
``handle_drop(ids, column_id, lane_key, row)``, which builds one ``MoveCards`` command. The
model never moves rows itself: the board refreshes from the ``Changes`` the command returns.
"""

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ipmp_desktop.core.commands import UpdateTask
from ipmp_desktop.qt.views.board.board_store import BoardStore

CARD_MIME = "application/x-ipmp-task-ids"
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
DropHandler = Callable[[list[int], int, str, int], bool]


def encode_ids(ids: list[int]) -> QMimeData:
    """A mime payload carrying task ids."""
    mime = QMimeData()
    mime.setData(CARD_MIME, QByteArray(json.dumps({"task_ids": ids}).encode()))
    return mime


def decode_ids(mime: QMimeData | None) -> list[int] | None:
    """Task ids from a payload, or None when it is not ours or malformed."""
    if mime is None or not mime.hasFormat(CARD_MIME):
        return None
    try:
        payload = json.loads(bytes(mime.data(CARD_MIME).data()).decode())
        ids = payload["task_ids"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if not isinstance(ids, list) or not ids or not all(type(i) is int for i in ids):
        return None
    return ids


class CardCellModel(QAbstractListModel):
    """The cards of one cell.

    Args:
        store: the board's data.
        lane_key: the swimlane ("" without lanes).
        column_id: the column.
        handle_drop: called with ``(ids, column_id, lane_key, row)``; True if the move happened.
        push_command: pushes an edit (inline rename).
    """

    def __init__(
        self,
        store: BoardStore,
        lane_key: str,
        column_id: int,
        handle_drop: DropHandler,
        push_command: Callable[[Any], bool],
    ) -> None:
        super().__init__()
        self.store = store
        self.lane_key = lane_key
        self.column_id = column_id
        self.handle_drop = handle_drop
        self.push_command = push_command
        self.ids: list[int] = store.cell_ids(lane_key, column_id)

    def reload(self) -> None:
        """Re-read which cards this cell shows."""
        fresh = self.store.cell_ids(self.lane_key, self.column_id)
        if fresh == self.ids:
            if fresh:
                self.dataChanged.emit(self.index(0), self.index(len(fresh) - 1))
            return
        self.beginResetModel()
        self.ids = fresh
        self.endResetModel()

    def row_of(self, task_id: int) -> int:
        """The row of ``task_id`` here, or -1."""
        try:
            return self.ids.index(task_id)
        except ValueError:
            return -1

    # -- QAbstractListModel --

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        task_id = self.ids[index.row()]
        card = self.store.data.cards.get(task_id) if self.store.data else None
        if card is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return card.title
        if role == CARD_ROLE:
            return card
        if role == TASK_ID_ROLE:
            return task_id
        if role == Qt.ItemDataRole.ToolTipRole:
            people = ", ".join(p.name for p in card.assignees) or "nobody"
            return f"{card.title}\nAssigned to {people}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return card.title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsEditable
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        task_id = self.ids[index.row()]
        card = self.store.data.cards.get(task_id) if self.store.data else None
        if card is None or not isinstance(value, str) or value.strip() == card.title:
            return False
        return self.push_command(UpdateTask(task_id=task_id, title=value))

    # -- drag and drop --

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids([self.ids[r] for r in rows])

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return decode_ids(data) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids = decode_ids(data)
        if ids is None:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.ids)
        self.handle_drop(ids, self.column_id, self.lane_key, row)
        return False  # the board refreshes from Changes; Qt must not remove source rows

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        return False
