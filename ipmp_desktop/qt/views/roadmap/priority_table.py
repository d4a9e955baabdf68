"""The prioritisation table: every item of a product with its score inputs, score and rank.

The rows are the items of one :class:`~ipmp_desktop.core.services.roadmap.RoadmapData`; the
score and rank are what :func:`~ipmp_desktop.core.services.roadmap.load_roadmap` worked out, so
the table never ranks differently from the other roadmap views. Typing in an input cell pushes
one ``UpdateTask``; the new score and rank arrive with the next :meth:`PriorityView.set_data`.
"""

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import Command, UpdateProduct, UpdateTask
from ipmp_desktop.core.model import Horizon, ScoringModel
from ipmp_desktop.core.services.roadmap import RoadmapData, RoadmapItemRow

Index = QModelIndex | QPersistentModelIndex
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""A plain Python value to sort by (number, date ordinal, casefolded text); None when empty."""
WARNING = QColor("#d32f2f")
SIZING_ROWS = 100
"""How many rows the table measures when it fits its columns to their contents."""


class PriorityColumn(IntEnum):
    """Columns of the prioritisation table, in display order."""

    RANK = 0
    ITEM = 1
    KIND = 2
    THEME = 3
    HORIZON = 4
    REACH = 5
    IMPACT = 6
    CONFIDENCE = 7
    EFFORT = 8
    VALUE = 9
    TIME_CRITICALITY = 10
    RISK_REDUCTION = 11
    JOB_SIZE = 12
    SCORE = 13
    RANK_OVERRIDE = 14
    PROGRESS = 15
    FORECAST = 16
    TARGET = 17
    RISK = 18


C = PriorityColumn
HEADERS = {
    C.RANK: "Rank",
    C.ITEM: "Item",
    C.KIND: "Kind",
    C.THEME: "Theme",
    C.HORIZON: "Horizon",
    C.REACH: "Reach",
    C.IMPACT: "Impact",
    C.CONFIDENCE: "Confidence %",
    C.EFFORT: "Effort",
    C.VALUE: "Value",
    C.TIME_CRITICALITY: "Time criticality",
    C.RISK_REDUCTION: "Risk reduction",
    C.JOB_SIZE: "Job size",
    C.SCORE: "Score",
    C.RANK_OVERRIDE: "Rank override",
    C.PROGRESS: "Progress %",
    C.FORECAST: "Forecast finish",
    C.TARGET: "Target",
    C.RISK: "Risk",
}
HEADER_TIPS = {
    C.REACH: "People or events reached per period",
    C.IMPACT: "Impact per person: 0.25 minimal … 3 massive",
    C.CONFIDENCE: "How sure the estimates are, 0 to 100 percent",
    C.EFFORT: "Person-months",
    C.VALUE: "Business value (relative)",
    C.TIME_CRITICALITY: "How much the value decays with delay (relative)",
    C.RISK_REDUCTION: "Risk reduction or opportunity enablement (relative)",
    C.JOB_SIZE: "Relative size of the job, 1 or more",
    C.RANK_OVERRIDE: "A manual rank (1 is first); ranks the item ahead of the score order",
    C.TARGET: "The date the item should be delivered by, e.g. 2026-06-30",
}
FIELDS = {
    C.REACH: "reach",
    C.IMPACT: "impact",
    C.CONFIDENCE: "confidence",
    C.EFFORT: "effort",
    C.VALUE: "value",
    C.TIME_CRITICALITY: "time_criticality",
    C.RISK_REDUCTION: "risk_reduction",
    C.JOB_SIZE: "job_size",
    C.RANK_OVERRIDE: "rank_override",
    C.TARGET: "target_date",
}
"""Editable columns and the task field each one writes."""
INPUTS = frozenset(FIELDS) - {C.RANK_OVERRIDE, C.TARGET}
MODEL_INPUTS = {
    ScoringModel.RICE: frozenset({C.REACH, C.IMPACT, C.CONFIDENCE, C.EFFORT}),
    ScoringModel.VALUE_EFFORT: frozenset({C.VALUE, C.EFFORT}),
    ScoringModel.WSJF: frozenset({C.VALUE, C.TIME_CRITICALITY, C.RISK_REDUCTION, C.JOB_SIZE}),
}
"""The score inputs each scoring model uses; the others are read-only (and hidden)."""
MODEL_NAMES = {
    ScoringModel.RICE: "RICE",
    ScoringModel.VALUE_EFFORT: "Value ÷ Effort",
    ScoringModel.WSJF: "WSJF",
}
HORIZON_ORDER = {str(h): n for n, h in enumerate(Horizon)}
NUMERIC = frozenset({C.RANK, C.SCORE, C.RANK_OVERRIDE, C.PROGRESS}) | INPUTS
_FLOATS = frozenset({"impact", "effort"})


def parse_cell(field: str, value: Any) -> Any:
    """The value typed into the cell of ``field`` as the task stores it; blank text is None.

    Ranges are left to the command (it refuses with its own sentence).

    Raises:
        ValueError: with one sentence a person can act on, when the text is no number or date.
    """
    if isinstance(value, QDate):
        return value.toPython() if value.isValid() else None
    if not isinstance(value, str):
        return value
    text = value.strip().removesuffix("%").strip()
    if not text:
        return None
    what = HEADERS[next(c for c, f in FIELDS.items() if f == field)].removesuffix(" %").lower()
    try:
        if field == "target_date":
            return date.fromisoformat(text)
        if field in _FLOATS:
            return float(text.replace(",", "."))
        number = float(text.replace(",", "").replace("_", ""))
        if not number.is_integer():
            raise ValueError(number)
        return int(number)
    except ValueError:
        like = "a date like 2026-06-30" if field == "target_date" else "a number"
        whole = "" if field in _FLOATS or field == "target_date" else " (a whole one)"
        raise ValueError(f"The {what} must be {like}{whole}, not “{value.strip()}”.") from None


def format_score(score: float | None) -> str:
    """A score with as many decimals as its size needs (240, 22.5, 0.25)."""
    if score is None:
        return ""
    if abs(score) >= 100:
        return f"{score:,.0f}"
    return f"{score:.1f}" if abs(score) >= 10 else f"{score:.2f}"


class PriorityTableModel(QAbstractTableModel):
    """The items of one roadmap as a flat table in rank order.

    Never writes itself: :meth:`setData` pushes an ``UpdateTask`` and the caller hands the
    reloaded roadmap to :meth:`set_data`. A text that cannot be read is reported on
    :attr:`refused` and pushes nothing.

    Args:
        push_command: pushes a command on the undo stack; False when it was refused.
    """

    refused = Signal(str)

    def __init__(self, push_command: Callable[[Command], bool], parent: Any = None) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self.data_: RoadmapData | None = None
        self.items: list[RoadmapItemRow] = []
        self.themes: dict[int, tuple[int, str]] = {}  # id -> (position, name)
        self._sort_keys: dict[int, list[Any]] = {}  # column -> key per row, for this data

    # -- loading --

    def set_data(self, data: RoadmapData | None) -> None:
        """Show ``data``. The same items in another order is a layout change (selections and
        open editors follow their rows); other items reset the model."""
        new_items = list(data.items) if data is not None else []
        old_rows = {item.id: row for row, item in enumerate(self.items)}
        same = bool(new_items) and old_rows.keys() == {item.id for item in new_items}
        if not same:
            self.beginResetModel()
        else:
            self.layoutAboutToBeChanged.emit()
        self.data_ = data
        self.themes = {t.id: (t.position, t.name) for t in data.themes} if data else {}
        old_items, self.items = self.items, new_items
        self._sort_keys = {}
        if not same:
            self.endResetModel()
            return
        new_rows = {item.id: row for row, item in enumerate(new_items)}
        for old in self.persistentIndexList():
            row = new_rows[old_items[old.row()].id]
            self.changePersistentIndex(old, self.index(row, old.column()))
        self.layoutChanged.emit()
        last = self.index(len(self.items) - 1, len(PriorityColumn) - 1)
        self.dataChanged.emit(self.index(0, 0), last)

    @property
    def scoring_model(self) -> str | None:
        """The product's scoring model (None without data)."""
        return self.data_.product.scoring_model if self.data_ is not None else None

    def used_inputs(self) -> frozenset[PriorityColumn]:
        """The input columns the product's scoring model uses."""
        return MODEL_INPUTS.get(self.scoring_model, frozenset())  # type: ignore[call-overload]

    def sort_keys(self, column: int) -> list[Any]:
        """The :data:`SORT_ROLE` value of every row in ``column``, worked out once per data (the
        sort asks for each row many times)."""
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = [self._sort_key(item, PriorityColumn(column)) for item in self.items]
            self._sort_keys[column] = keys
        return keys

    def row_of(self, task_id: int) -> int:
        """The row of ``task_id``, or -1."""
        return next((r for r, item in enumerate(self.items) if item.id == task_id), -1)

    def item_at(self, index: Index) -> RoadmapItemRow | None:
        """The item at ``index``, or None."""
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        return self.items[index.row()]

    # -- QAbstractTableModel --

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(PriorityColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(PriorityColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[PriorityColumn(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(PriorityColumn(section))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self.item_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = PriorityColumn(index.column())
        if column in FIELDS and (column not in INPUTS or column in self.used_inputs()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        column = PriorityColumn(index.column())
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return self._display(item, column)
            case Qt.ItemDataRole.EditRole:
                return self._display(item, column) if column in FIELDS else None
            case Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(item, column)
            case Qt.ItemDataRole.ForegroundRole:
                if column == C.RISK and item.at_risk:
                    return WARNING
                if column in INPUTS and column not in self.used_inputs():
                    palette = QGuiApplication.palette()
                    return palette.brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                return None
            case Qt.ItemDataRole.TextAlignmentRole if column in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            case _ if role == TASK_ID_ROLE:
                return item.id
            case _ if role == SORT_ROLE:
                return self._sort_key(item, column)
        return None

    def _display(self, item: RoadmapItemRow, column: PriorityColumn) -> str:
        match column:
            case C.RANK:
                return str(item.rank)
            case C.ITEM:
                return item.title
            case C.KIND:
                return item.kind.capitalize()
            case C.THEME:
                return self.themes.get(item.theme_id, (0, ""))[1] if item.theme_id else ""
            case C.HORIZON:
                return item.horizon.capitalize() if item.horizon else ""
            case C.SCORE:
                return format_score(item.score)
            case C.PROGRESS:
                return f"{item.percent} %"
            case C.FORECAST:
                return item.forecast_finish.isoformat() if item.forecast_finish else ""
            case C.RISK:
                return "⚠ At risk" if item.at_risk else ""
        value = getattr(item, FIELDS[column])
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        return f"{value:g}" if isinstance(value, float) else str(value)

    def _tooltip(self, item: RoadmapItemRow, column: PriorityColumn) -> str | None:
        if column == C.RISK:
            return item.risk_reason or None
        if column == C.ITEM:
            children = f" · {item.child_count} below it" if item.child_count else ""
            return f"{item.title}\n{item.kind.capitalize()}{children} · double-click to open"
        if column in INPUTS and column not in self.used_inputs():
            name = MODEL_NAMES.get(self.scoring_model, "")  # type: ignore[call-overload]
            return f"Not used by {name} scoring"
        return None

    def _sort_key(self, item: RoadmapItemRow, column: PriorityColumn) -> Any:
        match column:
            case C.RANK:
                return item.rank
            case C.ITEM | C.KIND:
                return self._display(item, column).casefold()
            case C.THEME:
                return self.themes.get(item.theme_id, (None,))[0] if item.theme_id else None
            case C.HORIZON:
                return HORIZON_ORDER.get(item.horizon) if item.horizon else None
            case C.SCORE:
                return item.score
            case C.PROGRESS:
                return item.percent
            case C.FORECAST:
                return item.forecast_finish.toordinal() if item.forecast_finish else None
            case C.RISK:
                return 0 if item.at_risk else 1
        value = getattr(item, FIELDS[column])
        return value.toordinal() if isinstance(value, date) else value

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Push ``UpdateTask`` for an input, rank override or target; blank text clears it.

        Returns False (pushing nothing) when the cell is read-only, the value is unchanged or
        the text cannot be read (then :attr:`refused` says why).
        """
        item = self.item_at(index)
        if (
            role != Qt.ItemDataRole.EditRole
            or item is None
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        field = FIELDS[PriorityColumn(index.column())]
        try:
            new = parse_cell(field, value)
        except ValueError as error:
            self.refused.emit(str(error))
            return False
        if new == getattr(item, field):
            return False
        return self.push_command(UpdateTask(task_id=item.id, **{field: new}))


class PrioritySortModel(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`: numbers as numbers, dates by day; empty cells always last;
    equal cells in rank order."""

    def lessThan(self, left: Index, right: Index) -> bool:
        source: PriorityTableModel = self.sourceModel()  # type: ignore[assignment]
        keys = source.sort_keys(left.column())
        a, b = keys[left.row()], keys[right.row()]
        descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
        if (a is None) != (b is None):  # Qt reverses for descending; keep the blanks at the end
            return (a is None) == descending
        if a == b:
            ranks = source.sort_keys(C.RANK)
            rank_a, rank_b = ranks[left.row()], ranks[right.row()]
            return (rank_a > rank_b) if descending else (rank_a < rank_b)
        return bool(a < b)


class PriorityView(QWidget):
    """The scoring-model choice and the sortable prioritisation table of one product.

    Double-clicking a read-only cell asks for the item's editor (:attr:`open_item`); an
    editable cell is edited in place instead.

    Args:
        push_command: pushes a command on the undo stack; False when it was refused.
    """

    open_item = Signal(int)
    notice = Signal(str)
    """A typed text could not be read; the sentence says why (nothing was pushed)."""

    def __init__(
        self, push_command: Callable[[Command], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self.data: RoadmapData | None = None
        self.model_box = QComboBox(self)
        for value, name in MODEL_NAMES.items():
            self.model_box.addItem(name, str(value))
        self.model_box.setToolTip("How this product's items are scored and ranked")
        self.model_box.activated.connect(self._model_chosen)
        self.model = PriorityTableModel(push_command, self)
        self.model.refused.connect(self.notice)
        self.proxy = PrioritySortModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(C.RANK, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(C.ITEM, QHeaderView.ResizeMode.Stretch)
        # Column widths from the rows in view and a sample around them, not every item.
        self.table.horizontalHeader().setResizeContentsPrecision(SIZING_ROWS)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.doubleClicked.connect(self._double_clicked)
        label = QLabel("&Scoring:", self)
        label.setBuddy(self.model_box)
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.model_box)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._sized = False
        self.set_data(None)

    def set_data(self, data: RoadmapData | None) -> None:
        """Show ``data`` (None: nothing), keeping the selected items and the sort order."""
        selected = self.selected_ids()
        current = self.table.currentIndex()
        current_id = current.data(TASK_ID_ROLE) if current.isValid() else None
        column = max(current.column(), C.ITEM)
        self.data = data
        self.model.set_data(data)
        self.model_box.setEnabled(data is not None)
        if data is not None:
            self.model_box.setCurrentIndex(
                max(0, self.model_box.findData(data.product.scoring_model))
            )
        used = self.model.used_inputs()
        for unused in INPUTS - used:
            self.table.setColumnHidden(unused, True)
        for shown in used:
            self.table.setColumnHidden(shown, False)
        if self.table.isColumnHidden(self.table.horizontalHeader().sortIndicatorSection()):
            self.table.sortByColumn(C.RANK, Qt.SortOrder.AscendingOrder)  # no hidden order
        self._select(selected, current_id, C.ITEM if self.table.isColumnHidden(column) else column)
        self._size_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._size_columns()

    def _size_columns(self) -> None:
        """Fit the columns to their contents once, when the table first shows items (sizing a
        hidden table would only slow the roadmap's opening)."""
        if self._sized or not self.isVisible() or self.data is None or not self.data.items:
            return
        self._sized = True
        self.table.resizeColumnsToContents()

    def selected_ids(self) -> list[int]:
        """Task ids of the selected rows, top down as shown."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [int(self.proxy.data(index, TASK_ID_ROLE)) for index in rows]

    def shown_ids(self) -> list[int]:
        """Task ids top down in the current sort order."""
        return [
            int(self.proxy.data(self.proxy.index(row, 0), TASK_ID_ROLE))
            for row in range(self.proxy.rowCount())
        ]

    def index_of(self, task_id: int, column: int) -> QModelIndex:
        """The table's (proxy) index of ``task_id`` in ``column``; invalid when not shown."""
        row = self.model.row_of(task_id)
        if row < 0:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, column))

    def set_scoring_model(self, model: str) -> bool:
        """Push ``UpdateProduct`` with ``model`` (rice, value_effort, wsjf); False when there is
        no product, the model is the current one, or the command was refused."""
        if self.data is None or model == self.data.product.scoring_model:
            return False
        pushed = self.push_command(
            UpdateProduct(product_id=self.data.product.id, scoring_model=model)
        )
        if not pushed:  # show the model that is still in force
            self.model_box.setCurrentIndex(self.model_box.findData(self.data.product.scoring_model))
        return pushed

    def _model_chosen(self, row: int) -> None:
        self.set_scoring_model(self.model_box.itemData(row))

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and not self.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.open_item.emit(int(self.proxy.data(index, TASK_ID_ROLE)))

    def _select(self, task_ids: list[int], current: int | None, column: int) -> None:
        """Select ``task_ids`` again (after a reset the rows are new) and put the current
        cell back on ``current``."""
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        selection.clearSelection()
        for task_id in task_ids:
            index = self.index_of(task_id, column)
            if index.isValid():
                selection.select(index, flags.Select | flags.Rows)
        index = self.index_of(current, column) if current is not None else QModelIndex()
        if index.isValid():
            selection.setCurrentIndex(index, flags.NoUpdate)
