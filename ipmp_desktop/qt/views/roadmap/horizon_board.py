"""The Now / Next / Later board of a product roadmap: a row per theme, a column per horizon.

Cards are roadmap items painted by one delegate (no widget per card, so hundreds stay fast).
The columns share the width of the view (down to a readable minimum, then the board scrolls).
A drop, or a keyboard move (Ctrl+arrows), becomes one command: a ``MoveRoadmapItem`` for each
item that changes, folded into one ``Macro`` when several move, so a gesture is one undo step.
The board never rearranges itself: it shows what the next :meth:`HorizonBoardView.set_data`
brings, keeping the selection by task id.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import Command, Macro, MoveRoadmapItem
from ipmp_desktop.core.services.roadmap import RoadmapData, RoadmapItemRow
from ipmp_desktop.qt.views.board.card_list_view import DraggableCardList
from ipmp_desktop.qt.views.board.card_models import CARD_MIME, TASK_ID_ROLE, decode_ids, encode_ids

HORIZONS: tuple[str | None, ...] = ("now", "next", "later", None)
"""Columns left to right; None is the narrow "Unplanned" column (no horizon yet)."""
HORIZON_TITLES = {"now": "Now", "next": "Next", "later": "Later", None: "Unplanned"}
CARD_HEIGHT = 64
MARGIN = 3
COLUMN_WIDTH = 230
UNPLANNED_WIDTH = 150
"""The narrowest a horizon column and the "Unplanned" column get; wider views widen them."""
HORIZON_SHARE, UNPLANNED_SHARE = 3, 2
"""How the width beyond the narrowest is shared: "Unplanned" grows less than a horizon."""
THEME_WIDTH = 130
NO_THEME_COLOR = "#9e9e9e"
RISK_COLOR = "#d32f2f"
ITEM_ROLE = Qt.ItemDataRole.UserRole + 21
COLOR_ROLE = Qt.ItemDataRole.UserRole + 22
MOVE_KEYS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
Index = QModelIndex | QPersistentModelIndex
Cell = tuple[int | None, str | None]  # (theme id, None for "No theme"; horizon or None)


def short_day(day: date, today: date | None = None) -> str:
    """ "12 May", with the year when it is not this year's."""
    today = today or date.today()
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"


def item_tooltip(item: RoadmapItemRow) -> str:
    """Title, kind, progress, dates and the risk reason of a card."""
    lines = [f"{item.title} ({item.kind})", f"{item.percent}% done"]
    if item.target_date is not None:
        lines.append(f"Target {short_day(item.target_date)}")
    if item.forecast_finish is not None:
        lines.append(f"Forecast finish {short_day(item.forecast_finish)}")
    if item.at_risk:
        lines.append(f"At risk: {item.risk_reason}")
    return "\n".join(lines)


class RoadmapCellModel(QAbstractListModel):
    """The cards of one cell, in rank order; drops go to ``drop(ids, theme_id, horizon)``.

    Args:
        theme_id: the row's theme (None: the "No theme" row).
        horizon: the column (None: unplanned).
        color: the theme's color, for the card stripe.
        drop: does the move; True if it happened.
        accepts: whether ``(ids, theme_id)`` may be dropped here at all.
    """

    def __init__(
        self,
        theme_id: int | None,
        horizon: str | None,
        color: str,
        drop: Callable[[list[int], int | None, str | None], bool],
        accepts: Callable[[list[int], int | None], bool],
    ) -> None:
        super().__init__()
        self.theme_id = theme_id
        self.horizon = horizon
        self.color = color
        self.drop = drop
        self.accepts = accepts
        self.items: list[RoadmapItemRow] = []

    def set_items(self, items: list[RoadmapItemRow]) -> None:
        """Show ``items``; a cell whose cards are the same ids only repaints them."""
        if [i.id for i in items] == [i.id for i in self.items]:
            self.items = list(items)
            if items:
                self.dataChanged.emit(self.index(0), self.index(len(items) - 1))
            return
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def row_of(self, task_id: int) -> int:
        """The row of ``task_id`` here, or -1."""
        return next((row for row, item in enumerate(self.items) if item.id == task_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return item.title
        if role == ITEM_ROLE:
            return item
        if role == TASK_ID_ROLE:
            return item.id
        if role == COLOR_ROLE:
            return self.color
        if role == Qt.ItemDataRole.ToolTipRole:
            return item_tooltip(item)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids([self.items[r].id for r in rows])

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids = decode_ids(data)
        return ids is not None and self.accepts(ids, self.theme_id)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids = decode_ids(data)
        if ids is not None:
            self.drop(ids, self.theme_id, self.horizon)
        return False  # the board refreshes from set_data; Qt must not remove source rows

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        return False


class RoadmapCardDelegate(QStyledItemDelegate):
    """Paints a card: theme stripe, title, kind, progress, target date and a risk marker whose
    tooltip is the risk reason."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(max(option.rect.width(), 120), CARD_HEIGHT)

    @staticmethod
    def card_rect(rect: QRect) -> QRectF:
        """The card drawn within an item rectangle."""
        return QRectF(rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN))

    @classmethod
    def marker_rect(cls, rect: QRect) -> QRectF:
        """Where the risk marker of the card in ``rect`` is."""
        card = cls.card_rect(rect)
        return QRectF(card.right() - 18, card.top() + 6, 13, 13)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item: RoadmapItemRow | None = index.data(ITEM_ROLE)
        if item is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        card = self.card_rect(option.rect)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(card, 5, 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(index.data(COLOR_ROLE) or NO_THEME_COLOR))
        painter.drawRoundedRect(QRectF(card.left(), card.top(), 4, card.height()), 2, 2)
        inner = card.adjusted(10, 5, -8, -6)
        title_width = inner.width() - (18 if item.at_risk else 0)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title = metrics.elidedText(item.title, Qt.TextElideMode.ElideRight, int(title_width))
        painter.drawText(
            QRectF(inner.left(), inner.top(), title_width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            title,
        )
        self._details(painter, option, inner, item, inner.top() + metrics.height() + 2)
        self._progress(painter, palette, inner, item.percent)
        if item.at_risk:
            self._risk_marker(painter, self.marker_rect(option.rect))
        if option.state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus):
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            painter.setPen(
                QPen(palette.color(QPalette.ColorRole.Highlight), 2.5 if selected else 1)
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(1, 1, -1, -1), 4, 4)
        painter.restore()

    def _details(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        inner: QRectF,
        item: RoadmapItemRow,
        top: float,
    ) -> None:
        font = QFont(option.font)
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        parts = [item.kind.capitalize(), f"{item.percent}%"]
        if item.target_date is not None:
            parts.append(f"⚑ {short_day(item.target_date)}")
        text = metrics.elidedText(
            " · ".join(parts), Qt.TextElideMode.ElideRight, int(inner.width())
        )
        painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRectF(inner.left(), top, inner.width(), metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            text,
        )

    def _progress(self, painter: QPainter, palette: QPalette, inner: QRectF, percent: int) -> None:
        track = QRectF(inner.left(), inner.bottom() - 3, inner.width(), 3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Midlight))
        painter.drawRoundedRect(track, 1.5, 1.5)
        if percent > 0:
            painter.setBrush(QColor("#43a047"))
            done = QRectF(track.left(), track.top(), track.width() * min(percent, 100) / 100, 3)
            painter.drawRoundedRect(done, 1.5, 1.5)

    def _risk_marker(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(RISK_COLOR))
        painter.drawEllipse(rect)
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "!")

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        item: RoadmapItemRow | None = index.data(ITEM_ROLE)
        on_marker = item is not None and item.at_risk
        if on_marker and self.marker_rect(option.rect).contains(event.pos()):
            QToolTip.showText(event.globalPos(), item.risk_reason, view)
            return True
        return super().helpEvent(event, view, option, index)


class RoadmapCellView(DraggableCardList):
    """The cards of one cell; drags and drops them, keyboard moves go to the board."""

    def __init__(
        self, model: RoadmapCellModel, delegate: RoadmapCardDelegate, parent: QWidget
    ) -> None:
        super().__init__(model, delegate, parent)
        self.setObjectName(f"roadmapCell-{model.theme_id}-{model.horizon}")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # a cell is as tall as its cards: the board scrolls, never the cell
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def cell_model(self) -> RoadmapCellModel:
        """The model of this cell."""
        return self.model()  # type: ignore[return-value]

    def selected_ids(self) -> list[int]:
        """Selected task ids in display order."""
        items = self.cell_model().items
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        return [items[r].id for r in rows if r < len(items)]


class HorizonBoardView(QWidget):
    """Now / Next / Later: one row per theme (in theme order, then "No theme" when items have
    none), one column per horizon plus "Unplanned".

    Args:
        push_command: pushes a command on the undo stack; False when it was refused.

    Call :meth:`set_data` after every reload; the board changes only then.
    """

    open_item = Signal(int)

    def __init__(
        self, push_command: Callable[[Command], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self.data: RoadmapData | None = None
        self.delegate = RoadmapCardDelegate(self)
        self.cells: dict[Cell, RoadmapCellView] = {}
        self.headers: dict[str | None, QLabel] = {}
        self.theme_labels: dict[int | None, QLabel] = {}
        self._shape: tuple[int | None, ...] | None = None
        self._retired: list[QWidget] = []
        self._last_view: RoadmapCellView | None = None
        self._syncing = False
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.canvas = QWidget()
        self.grid = QGridLayout(self.canvas)
        self.grid.setContentsMargins(6, 6, 6, 6)
        self.grid.setSpacing(6)
        self.grid.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.scroll.setWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._rebuild(())

    # -- data --

    def set_data(self, data: RoadmapData | None) -> None:
        """Show ``data`` (None: nothing), keeping the selected items selected."""
        view = self._current_view()
        keep = view.selected_ids() if view is not None else []
        focused = view is not None and view.hasFocus()
        self.data = data
        shape = self._shape_of(data)
        if shape != self._shape:
            self._rebuild(shape)
        self._fill()
        if keep:
            self.select_ids(keep, focus=focused)

    def _shape_of(self, data: RoadmapData | None) -> tuple[int | None, ...]:
        """The rows the grid needs: the theme ids in order, then None ("No theme")."""
        if data is None or not (data.themes or data.items):
            return ()
        return (*(t.id for t in data.themes), None)

    def _rebuild(self, shape: tuple[int | None, ...]) -> None:
        """Lay the grid out for other themes. Only a theme added, removed or reordered gets
        here, never a move of items: a drag's source cell must outlive the drag."""
        self._shape = shape
        self._last_view = None
        for widget in self._retired:
            widget.deleteLater()
        self._retired = []
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:  # kept (hidden) until the next rebuild: a drop may be
                widget.hide()  # running in it, or a drag started from it
                self._retired.append(widget)
        self.cells.clear()
        self.headers.clear()
        self.theme_labels.clear()
        if not shape:
            text = "This product has no themes yet." if self.data is not None else ""
            self.grid.addWidget(QLabel(text, self.canvas), 0, 0)
            return
        for column, horizon in enumerate(HORIZONS, start=1):
            header = QLabel(self.canvas)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.headers[horizon] = header
            self.grid.addWidget(header, 0, column)
        for row, theme_id in enumerate(shape, start=1):
            label = QLabel(self.canvas)
            label.setWordWrap(True)
            label.setFixedWidth(THEME_WIDTH)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.theme_labels[theme_id] = label
            self.grid.addWidget(label, row, 0)
            for column, horizon in enumerate(HORIZONS, start=1):
                model = RoadmapCellModel(theme_id, horizon, "", self.handle_drop, self.accepts)
                view = RoadmapCellView(model, self.delegate, self.canvas)
                view.setMinimumWidth(UNPLANNED_WIDTH if horizon is None else COLUMN_WIDTH)
                view.doubleClicked.connect(self._open_index)
                view.installEventFilter(self)
                view.selectionModel().selectionChanged.connect(
                    lambda *_, v=view: self._selection_moved(v)
                )
                self.cells[(theme_id, horizon)] = view
                self.grid.addWidget(view, row, column)
        self.grid.setRowStretch(len(shape) + 1, 1)
        for column, horizon in enumerate(HORIZONS, start=1):  # the columns share the width
            self.grid.setColumnStretch(
                column, UNPLANNED_SHARE if horizon is None else HORIZON_SHARE
            )

    def _fill(self) -> None:
        """Hand every cell its items, name and color each row, size it to its fullest cell;
        the "No theme" row shows only while it has items."""
        data = self.data
        groups: dict[Cell, list[RoadmapItemRow]] = defaultdict(list)
        themes = {t.id: t for t in data.themes} if data is not None else {}
        for item in data.items if data is not None else []:
            theme = item.theme_id if item.theme_id in themes else None
            horizon = item.horizon if item.horizon in HORIZONS else None
            groups[(theme, horizon)].append(item)
        for theme_id, label in self.theme_labels.items():
            theme = themes.get(theme_id) if theme_id is not None else None
            color = theme.color if theme is not None else NO_THEME_COLOR
            label.setText(theme.name if theme is not None else "No theme")
            style = "font-weight: bold;" if theme is not None else "font-style: italic;"
            label.setStyleSheet(  # Qt draws a lone border-left only after a border is set
                f"QLabel {{ border: 0px solid transparent; border-left: 4px solid {color};"
                f" padding: 4px; {style} }}"
            )
            most = max(len(groups.get((theme_id, h), ())) for h in HORIZONS)
            shown = theme_id is not None or most > 0
            label.setVisible(shown)
            for horizon in HORIZONS:
                view = self.cells[(theme_id, horizon)]
                view.cell_model().color = color
                view.cell_model().set_items(groups.get((theme_id, horizon), []))
                view.setFixedHeight(max(1, most) * CARD_HEIGHT + 2 * view.frameWidth() + 4)
                view.setVisible(shown)
        for horizon, header in self.headers.items():
            count = sum(len(items) for (_t, h), items in groups.items() if h == horizon)
            header.setText(f"<b>{HORIZON_TITLES[horizon]}</b> · {count}")

    # -- selection --

    def _current_view(self) -> RoadmapCellView | None:
        """The cell with the focus, else the one last selected in (if still shown)."""
        for view in self.cells.values():
            if view.hasFocus():
                return view
        last = self._last_view
        return last if last is not None and last in self.cells.values() else None

    def _selection_moved(self, view: RoadmapCellView) -> None:
        """One cell holds the selection: selecting in a cell clears the others."""
        if self._syncing or not view.selectionModel().hasSelection():
            return
        self._last_view = view
        self._syncing = True
        try:
            for other in self.cells.values():
                if other is not view:
                    other.clearSelection()
        finally:
            self._syncing = False

    def selected_ids(self) -> list[int]:
        """The selected items (all in one cell), in display order."""
        view = self._current_view()
        return view.selected_ids() if view is not None else []

    def cell_of(self, task_id: int) -> RoadmapCellView | None:
        """The cell showing ``task_id``, or None."""
        return next((v for v in self.cells.values() if v.cell_model().row_of(task_id) >= 0), None)

    def select_ids(self, ids: list[int], *, focus: bool = False) -> None:
        """Select ``ids`` in the cell of the first one shown (a selection lives in one cell)."""
        view = next((v for i in ids if (v := self.cell_of(i)) is not None), None)
        if view is None:
            return
        model = view.cell_model()
        selection = view.selectionModel()
        selection.clearSelection()
        current = QModelIndex()
        for row in sorted(r for r in map(model.row_of, ids) if r >= 0):
            index = model.index(row)
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
            current = current if current.isValid() else index
        selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._selection_moved(view)
        if focus:
            view.setFocus()
        spot = view.viewport().mapTo(self.canvas, view.visualRect(current).center())
        self.scroll.ensureVisible(spot.x(), spot.y(), COLUMN_WIDTH // 2, CARD_HEIGHT)

    # -- moves --

    def accepts(self, ids: list[int], theme_id: int | None) -> bool:
        """Whether ``ids`` may be dropped into a row: items of this roadmap, and the "No theme"
        row takes only items without a theme (an item leaves a theme only for another)."""
        data = self.data
        if data is None:
            return False
        items = [data.item(task_id) for task_id in ids]
        if any(item is None for item in items):
            return False
        known = {t.id for t in data.themes}
        return theme_id is not None or all(i.theme_id not in known for i in items if i)

    def handle_drop(self, ids: list[int], theme_id: int | None, horizon: str | None) -> bool:
        """Move items ``ids`` to a theme (None: keep theirs) and a horizon (None: unplanned).

        One command for the whole drop (a macro when several items change); items already
        there are left alone. True if anything moved; a refused move changes nothing.
        """
        data = self.data
        if data is None:
            return False
        commands: list[Command] = []
        for task_id in ids:
            item = data.item(task_id)
            if item is None:
                return False  # a stale drag: the item left this roadmap meanwhile
            values: dict[str, object] = {}
            if theme_id is not None and theme_id != item.theme_id:
                values["theme_id"] = theme_id
            if horizon != item.horizon:
                values["horizon"] = horizon
            if values:
                commands.append(MoveRoadmapItem(task_id=task_id, **values))
        if not commands:
            return False
        if len(commands) == 1:
            moved = self.push_command(commands[0])
        else:
            moved = self.push_command(Macro(commands=commands, label="Move items"))
        if moved:
            self.select_ids(ids, focus=True)
        return moved

    def move_selected(self, horizon_step: int = 0, theme_step: int = 0) -> bool:
        """Move the selected items to the next (1) or previous (-1) horizon and/or theme."""
        view = self._current_view()
        ids = view.selected_ids() if view is not None else []
        if view is None or not ids or self.data is None:
            return False
        model = view.cell_model()
        horizon_at = HORIZONS.index(model.horizon) + horizon_step
        rows = [t.id for t in self.data.themes] + [None]
        theme_at = rows.index(model.theme_id) + theme_step if model.theme_id in rows else -1
        if not 0 <= horizon_at < len(HORIZONS) or not 0 <= theme_at < len(rows) - 1:
            return False
        return self.handle_drop(ids, rows[theme_at], HORIZONS[horizon_at])

    # -- keyboard and opening --

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(watched, RoadmapCellView) and kind in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            key = event.key()  # type: ignore[attr-defined]
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # type: ignore[attr-defined]
            is_open = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods
            is_move = key in MOVE_KEYS and mods == Qt.KeyboardModifier.ControlModifier
            if kind == QEvent.Type.ShortcutOverride and (is_open or is_move):
                event.accept()  # ours, not a window shortcut's
                return True
            if kind == QEvent.Type.KeyPress and is_move:
                self.move_selected(*MOVE_KEYS[key])
                return True
            if kind == QEvent.Type.KeyPress and is_open:
                self._open_index(watched.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _open_index(self, index: QModelIndex) -> None:
        task_id = index.data(TASK_ID_ROLE) if index.isValid() else None
        if task_id is not None:
            self.open_item.emit(task_id)
