"""The task outline (WBS tree) of one project as a Qt tree model.

Rows are task ids (``internalId``); data comes from frozen ``TaskRow``s. Edits become
``UpdateTask`` commands pushed through the undo controller; the model changes only when the
``ChangeBus`` says so, so an edit, its undo and a remote edit all refresh the same way.

The Predecessors column shows each task's incoming links as text (``3FS+2d;5SS``, see
``core.services.predecessors``) and edits them with one ``SetPredecessors`` command. A text
that cannot be read never becomes a command: the model emits :attr:`TaskOutlineModel.refused`
with the reason, the same signal and wording contract as ``UndoController.refused``.
"""

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from sqlalchemy.orm import Session

from ipmp_desktop.core.commands import Command, SetPredecessors, UpdateTask
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import Priority, TaskKind
from ipmp_desktop.core.services.changes import Changes
from ipmp_desktop.core.services.outline import OutlineTree
from ipmp_desktop.core.services.predecessors import format_predecessors, parse_predecessors
from ipmp_desktop.core.services.queries import (
    TaskRow,
    column_names,
    predecessors_text,
    project_tasks,
    tasks_by_id,
)

Index = QModelIndex | QPersistentModelIndex
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class OutlineColumn(IntEnum):
    """Columns of the outline table, in display order."""

    WBS = 0
    NAME = 1
    START = 2
    FINISH = 3
    DURATION = 4
    PERCENT = 5
    PREDECESSORS = 6
    STATUS = 7
    PRIORITY = 8


HEADERS = {
    OutlineColumn.WBS: "WBS",
    OutlineColumn.NAME: "Name",
    OutlineColumn.START: "Start",
    OutlineColumn.FINISH: "Finish",
    OutlineColumn.DURATION: "Duration",
    OutlineColumn.PERCENT: "% Complete",
    OutlineColumn.PREDECESSORS: "Predecessors",
    OutlineColumn.STATUS: "Status",
    OutlineColumn.PRIORITY: "Priority",
}
EDITABLE = {
    OutlineColumn.NAME: "title",
    OutlineColumn.START: "start",
    OutlineColumn.FINISH: "finish",
    OutlineColumn.DURATION: "duration_days",
    OutlineColumn.PERCENT: "percent_complete",
    OutlineColumn.PRIORITY: "priority",
}
PRIORITY_NAMES = {p.value: p.name.capitalize() for p in Priority}
_COLUMNS = tuple(OutlineColumn)
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DERIVED = (OutlineColumn.DURATION, OutlineColumn.PERCENT)
"""Columns a summary (or any task with subtasks) rolls up from below: never edited there."""


def _column_flags(column: OutlineColumn, rolls_up: bool) -> Qt.ItemFlag:
    editable = column == OutlineColumn.PREDECESSORS or (  # summaries edit links too
        column in EDITABLE and not (rolls_up and column in _DERIVED)
    )
    return _SELECTABLE | Qt.ItemFlag.ItemIsEditable if editable else _SELECTABLE


_FLAGS = {
    rolls_up: tuple(_column_flags(column, rolls_up) for column in _COLUMNS)
    for rolls_up in (False, True)
}
"""Item flags by "rolls up" and column, worked out once: the table asks for them per painted
cell and per changed row, and combining Qt flags in Python is slow."""
_ROW_WIDE_FIELDS = attrgetter("project_id", "parent_id", "wbs_rank", "kind", "archived")
"""The ``TaskRow`` fields that every cell of a row shows something of (the WBS, the font, the
colour, the flags): when one changes, the row is refreshed from the WBS column on."""
_SUMMARY = TaskKind.SUMMARY
_DISPLAY, _EDIT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole)
_FONT, _FOREGROUND = int(Qt.ItemDataRole.FontRole), int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT, _TOOLTIP = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ToolTipRole)
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NUMBERS = (OutlineColumn.DURATION, OutlineColumn.PERCENT)
"""Columns whose numbers are right-aligned."""
_ANSWERED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
    )
) | {int(Qt.ItemDataRole.UserRole) + 1}


def _qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


class TaskOutlineModel(QAbstractItemModel):
    """Tree of one project's tasks.

    Args:
        workspace: where rows are read from.
        push_command: pushes a command (the undo controller's ``push``); returns False if refused.
    """

    refused = Signal(str)
    """A predecessors text could not be read; the sentence says why. Nothing was written, and
    the window shows it like ``UndoController.refused``."""

    def __init__(self, workspace: Workspace, push_command: Callable[[Command], bool]) -> None:
        super().__init__()
        self.workspace = workspace
        self.push_command = push_command
        self.project_id: int | None = None
        self.tree = OutlineTree.from_rows([])
        self.columns: dict[int, str] = {}
        self.links: dict[int, list[tuple[int, str, int]]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- loading --

    def set_project(self, project_id: int | None) -> None:
        """Show ``project_id`` (None: nothing)."""
        self.project_id = project_id
        self.reload()

    def reload(self) -> None:
        """Read the whole project again (after a structural change)."""
        self.beginResetModel()
        if self.project_id is None:
            self.tree = OutlineTree.from_rows([])
            self.columns = {}
            self.links = {}
        else:
            with self.workspace.reading() as session:
                self.tree = OutlineTree.from_rows(project_tasks(session, self.project_id))
                self.columns = column_names(session, self.project_id)
                self.links = predecessors_text(session, self.project_id)
        self.endResetModel()

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what ``changes`` names: the whole project on structure, else single rows."""
        if self.project_id is None:
            return
        if self.project_id in changes.structure:  # column edits report structure too
            self.reload()
            return
        if changes.dependencies:  # a reschedule alone moves dates, never links
            self._refresh_links()
        ids = [t for t in changes.tasks if t in self.tree.rows]
        if not ids:
            return
        with self.workspace.reading() as session:
            fresh = self._read_rows(session, ids)
        if len(fresh) != len(ids):  # a row vanished without a structure change: be safe
            self.reload()
            return
        rows = self.tree.rows
        first_columns: dict[int, int] = {}
        for task_id, row in fresh.items():
            old = rows[task_id]
            if row != old:  # a rescheduled row often keeps its dates: nothing to repaint
                wide = _ROW_WIDE_FIELDS(row) != _ROW_WIDE_FIELDS(old)
                first_columns[task_id] = OutlineColumn.WBS if wide else OutlineColumn.NAME
        rows.update(fresh)
        self._emit_rows_changed(first_columns)

    def _read_rows(self, session: Session, ids: list[int]) -> dict[int, TaskRow]:
        """Fresh rows of ``ids`` (tasks of this project): the whole project in one pass when they
        are most of it (a push of a long chain), which reads faster than looking each one up."""
        if 3 * len(ids) < 2 * len(self.tree.rows):
            return tasks_by_id(session, ids)
        assert self.project_id is not None
        wanted = set(ids)
        return {row.id: row for row in project_tasks(session, self.project_id) if row.id in wanted}

    def _emit_rows_changed(self, first_columns: dict[int, int]) -> None:
        """One ``dataChanged`` per parent (and first column), spanning the changed siblings: a
        reschedule may touch a thousand rows, and one signal each would cost more than reading
        them. ``first_columns`` maps each changed task to the first column it changed from.

        A span starts at the WBS column only when it must: for such a span the tree view asks
        every row again whether it has children, a Python call per row.
        """
        spans: dict[tuple[int | None, int], tuple[int, int]] = {}
        for task_id, column in first_columns.items():
            key = (self.tree.parent_of(task_id), column)
            row = self.tree.row_in_parent(task_id)
            low, high = spans.get(key, (row, row))
            spans[key] = (min(low, row), max(high, row))
        last = self.columnCount() - 1
        for (parent, column), (low, high) in spans.items():
            siblings = self.tree.children[parent]
            top = self.createIndex(low, column, siblings[low])
            bottom = self.createIndex(high, last, siblings[high])
            self.dataChanged.emit(top, bottom)

    def _refresh_links(self) -> None:
        """Read the project's links again; repaint the predecessor cells whose text changed."""
        assert self.project_id is not None
        with self.workspace.reading() as session:
            fresh = predecessors_text(session, self.project_id)
        changed = [t for t in fresh.keys() | self.links.keys() if fresh.get(t) != self.links.get(t)]
        self.links = fresh
        for task_id in changed:
            cell = self.index_of(task_id, OutlineColumn.PREDECESSORS)
            if cell.isValid():
                self.dataChanged.emit(cell, cell)

    # -- lookups --

    def index_of(self, task_id: int, column: int = 0) -> QModelIndex:
        """The index of ``task_id`` (invalid if it is not shown)."""
        if task_id not in self.tree.rows:
            return QModelIndex()
        return self.createIndex(self.tree.row_in_parent(task_id), column, task_id)

    def task_id(self, index: Index) -> int | None:
        """The task id at ``index``, or None."""
        return int(index.internalId()) if index.isValid() else None

    def row_of(self, index: Index) -> TaskRow | None:
        """The ``TaskRow`` at ``index``, or None."""
        task_id = self.task_id(index)
        return self.tree.rows.get(task_id) if task_id is not None else None

    def _rolls_up(self, row: TaskRow) -> bool:
        """Summaries, and roadmap items with subtasks: their duration and progress are derived."""
        return row.kind == _SUMMARY or bool(self.tree.children.get(row.id))

    def predecessors(self, task_id: int, *, whole: bool = False) -> str:
        """The predecessors text of ``task_id``, e.g. ``"3FS+2d;5SS"``, with the WBS numbers as
        shown (shortened when very deep) or, with ``whole``, in full (for editing)."""
        return format_predecessors(
            self.links.get(task_id, []), self._whole_wbs if whole else self._shown_wbs
        )

    def _shown_wbs(self, task_id: int) -> str | None:
        return self.tree.shown_wbs(task_id) if task_id in self.tree.rows else None

    def _whole_wbs(self, task_id: int) -> str | None:
        return self.tree.wbs(task_id) if task_id in self.tree.rows else None

    # -- QAbstractItemModel --

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(OutlineColumn) or row < 0:
            return QModelIndex()
        siblings = self.tree.children.get(self.task_id(parent) if parent.isValid() else None, [])
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        parent_id = self.tree.parent_of(int(child.internalId()))
        return QModelIndex() if parent_id is None else self.index_of(parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        key = self.task_id(parent) if parent.isValid() else None
        return len(self.tree.children.get(key, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(OutlineColumn)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                HEADERS.get(OutlineColumn(section)) if 0 <= section < len(OutlineColumn) else None
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self.tree.rows.get(index.internalId())
        if row is None:
            return _SELECTABLE
        return _FLAGS[self._rolls_up(row)][index.column()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A full repaint of the table asks about a dozen roles per cell: answer the ones this
        # model never sets before doing any work (it keeps wheel-scrolling 10k rows smooth).
        if role not in _ANSWERED_ROLES:
            return None
        row = self.tree.rows.get(index.internalId()) if index.isValid() else None
        if row is None:
            return None
        column = _COLUMNS[index.column()]
        if role == _DISPLAY:
            return self._display(row, column)
        if role == _EDIT:
            return self._edit_value(row, column)
        if role == TASK_ID_ROLE:
            return row.id
        if role == _FONT:
            if row.archived:
                return self._italic
            return self._bold if self._rolls_up(row) else None
        if role == _FOREGROUND and row.archived:
            palette = QGuiApplication.palette()
            return palette.brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == _ALIGNMENT and column in _NUMBERS:
            return _RIGHT_ALIGNED
        if role == _TOOLTIP and column == OutlineColumn.NAME:
            updated = f"{row.updated_at:%Y-%m-%d %H:%M}"
            archived = " · archived" if row.archived else ""
            return f"{row.title}\n{row.kind.capitalize()}{archived} · updated {updated} UTC"
        if role == _TOOLTIP and column == OutlineColumn.PREDECESSORS:
            return "WBS numbers with optional type and lag in working days, e.g. 3FS+2d;5SS;4"
        return None

    def _display(self, row: TaskRow, column: OutlineColumn) -> Any:
        match column:
            case OutlineColumn.WBS:
                return self.tree.shown_wbs(row.id)
            case OutlineColumn.NAME:
                return ("◆ " if row.kind == TaskKind.MILESTONE else "") + row.title
            case OutlineColumn.START:
                return row.start.isoformat() if row.start else ""
            case OutlineColumn.FINISH:
                return row.finish.isoformat() if row.finish else ""
            case OutlineColumn.DURATION:
                return f"{row.duration_days} d"
            case OutlineColumn.PERCENT:
                return f"{row.percent_complete} %"
            case OutlineColumn.PREDECESSORS:
                return self.predecessors(row.id)
            case OutlineColumn.STATUS:
                return self.columns.get(row.column_id, "") if row.column_id else ""
            case OutlineColumn.PRIORITY:
                return PRIORITY_NAMES.get(row.priority, str(row.priority)) if row.priority else ""
        return None

    def _edit_value(self, row: TaskRow, column: OutlineColumn) -> Any:
        match column:
            case OutlineColumn.NAME:
                return row.title
            case OutlineColumn.START:
                return _qdate(row.start or row.finish or date.today())
            case OutlineColumn.FINISH:
                return _qdate(row.finish or row.start or date.today())
            case OutlineColumn.DURATION:
                return row.duration_days
            case OutlineColumn.PERCENT:
                return row.percent_complete
            case OutlineColumn.PRIORITY:
                return row.priority
            case OutlineColumn.PREDECESSORS:  # whole numbers, so the text reads back
                return self.predecessors(row.id, whole=True)
        return self._display(row, column)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row = self.row_of(index)
        if row is not None and index.column() == OutlineColumn.PREDECESSORS:
            return self._set_predecessors(row.id, value)
        field = EDITABLE.get(OutlineColumn(index.column()))
        if row is None or field is None:
            return False
        if isinstance(value, QDate):
            value = value.toPython() if value.isValid() else None
        if field == "title" and isinstance(value, str) and value.strip() == row.title:
            return False
        if getattr(row, field) == value:
            return False
        return self.push_command(UpdateTask(task_id=row.id, **{field: value}))

    def _set_predecessors(self, task_id: int, value: Any) -> bool:
        """Read the text and push one ``SetPredecessors``; a text that cannot be read writes
        nothing and is reported on :attr:`refused` (the command's own refusals, such as a
        cycle, are reported by the undo controller)."""
        if not isinstance(value, str):
            return False
        try:
            links = parse_predecessors(value, self.tree.task_at)
        except ValidationError as error:
            self.refused.emit(str(error))
            return False
        current = self.links.get(task_id, [])
        links += [link for link in current if link[0] not in self.tree.rows]  # not nameable
        if sorted(links) == sorted(current):
            return False
        return self.push_command(SetPredecessors(task_id=task_id, links=links))
