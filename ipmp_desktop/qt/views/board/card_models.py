"""One list model per board cell (a column within a swimlane), with drag and drop.

Drag payloads are task ids as JSON under :data:`CARD_MIME`; a drop calls the board's
``handle_drop(ids, column_id, lane_key, row)``, which builds one ``MoveCards`` command. The
model never moves rows itself: the board refreshes from the ``Changes`` the command returns.
"""

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
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


class CardCellModel(QStringListModel):
    """The cards of one cell.

    It holds one empty string per card only so that Qt counts the rows in C++: a list view
    lays every row out again after each reset and asks the model's row count twice per row,
    which from Python made relaying out a 4,000-card cell cost about 7 ms instead of 0.4 ms.
    What a card shows comes from :meth:`data`; the rows change only in :meth:`reload`, never
    through the string list's own editing, inserting or moving.

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
        self.setStringList([""] * len(self.ids))

    def reload(self) -> None:
        """Re-read which cards this cell shows."""
        fresh = self.store.cell_ids(self.lane_key, self.column_id)
        if fresh == self.ids:
            if fresh:
                self.dataChanged.emit(self.index(0), self.index(len(fresh) - 1))
            return
        self.ids = fresh
        self.setStringList([""] * len(fresh))  # one model reset

    def row_of(self, task_id: int) -> int:
        """The row of ``task_id`` here, or -1."""
        try:
            return self.ids.index(task_id)
        except ValueError:
            return -1

    # -- QAbstractItemModel (the row count stays the string list's) --

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

    def itemData(self, index: Index) -> dict[int, Any]:
        return QAbstractItemModel.itemData(self, index)  # every role from data(), not the list

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

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        return False

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        return False  # a drop within the cell is a MoveCards too, never a local reorder
