"""The Board tab: columns x swimlanes of cards, one list view per cell, one shared delegate.

Every gesture becomes one core command pushed through ``push`` (the undo controller's
``push``); the board changes only when the ``ChangeBus`` reports ``Changes``.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import (
    AddColumn,
    ArchiveTasks,
    Command,
    CreateTask,
    DeleteColumn,
    MoveCards,
    MoveColumn,
    RecycleTasks,
    UpdateColumn,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.board import LaneMode
from ipmp_desktop.core.services.changes import Changes
from ipmp_desktop.core.services.views import list_saved_views
from ipmp_desktop.qt.views.board.board_store import BoardStore
from ipmp_desktop.qt.views.board.card_delegate import CARD_HEIGHT, CardDelegate
from ipmp_desktop.qt.views.board.card_models import TASK_ID_ROLE, CardCellModel
from ipmp_desktop.qt.views.board.column_header import ColumnHeader
from ipmp_desktop.qt.views.board.filter_bar import BoardFilterBar

COLUMN_WIDTH = 270
COLLAPSED_WIDTH = 44
Push = Callable[..., bool]


class CardListView(QListView):
    """The cards of one cell; drags and drops cards, keyboard moves go to the board."""

    def __init__(
        self, model: CardCellModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setObjectName(f"cards-{model.lane_key}-{model.column_id}")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSpacing(0)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setMinimumWidth(COLUMN_WIDTH - 20)

    def cell_model(self) -> CardCellModel:
        """The model of this cell."""
        return self.model()  # type: ignore[return-value]

    def selected_ids(self) -> list[int]:
        """Selected card ids in display order."""
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        ids = self.cell_model().ids
        return [ids[r] for r in rows if r < len(ids)]


class BoardView(QWidget):
    """The board of one project.

    Args:
        workspace: read models come from here.
        push: the undo controller's ``push(command, confirm=None)``.
    """

    open_card_requested = Signal(int)
    notice = Signal(str)

    def __init__(self, workspace: Workspace, push: Push, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._push = push
        self.store = BoardStore(workspace)
        self.delegate = CardDelegate(self)
        self.cells: dict[tuple[str, int], CardListView] = {}
        self.headers: dict[int, ColumnHeader] = {}
        self.quick_adds: dict[int, QLineEdit] = {}
        self.collapsed: set[int] = set()
        self.confirm: Callable[[str], bool] = self._ask_confirmation
        self.ask_text: Callable[[str, str, str], str | None] = self._ask_text
        self.filter_bar = BoardFilterBar(self._push_plain, self)
        self.filter_bar.filter_changed.connect(self._filter_changed)
        self.filter_bar.lanes_changed.connect(self._lanes_changed)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setObjectName("boardScroll")
        self.canvas = QWidget()
        self.grid = QGridLayout(self.canvas)
        self.grid.setContentsMargins(6, 6, 6, 6)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.scroll.setWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.scroll, 1)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()

    # -- actions --

    def _build_actions(self) -> None:
        def act(name: str, text: str, keys: str, slot, tip: str) -> None:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{tip} ({keys})")
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions_by_name[name] = action

        act(
            "left",
            "Move Card Left",
            "Ctrl+Left",
            lambda: self.move_selected_column(-1),
            "Move to the previous column",
        )
        act(
            "right",
            "Move Card Right",
            "Ctrl+Right",
            lambda: self.move_selected_column(1),
            "Move to the next column",
        )
        act(
            "up",
            "Move Card Up",
            "Ctrl+Up",
            lambda: self.move_selected_within(-1),
            "Move up in its column",
        )
        act(
            "down",
            "Move Card Down",
            "Ctrl+Down",
            lambda: self.move_selected_within(1),
            "Move down in its column",
        )
        act(
            "lane_up",
            "Move Card to Lane Above",
            "Ctrl+Shift+Up",
            lambda: self.move_selected_lane(-1),
            "Move to the swimlane above",
        )
        act(
            "lane_down",
            "Move Card to Lane Below",
            "Ctrl+Shift+Down",
            lambda: self.move_selected_lane(1),
            "Move to the swimlane below",
        )
        act("open", "Open Card", "Return", self.open_current, "Open the card editor")
        act(
            "archive",
            "Archive Card",
            "Ctrl+Shift+A",
            self.archive_selected,
            "Archive (or restore) the selected cards",
        )
        act(
            "delete",
            "Delete Card",
            "Delete",
            self.delete_selected,
            "Move the selected cards to the recycle bin",
        )
        act(
            "quick_add",
            "New Card",
            "Ctrl+Shift+N",
            self.focus_quick_add,
            "Type a new card into the current column",
        )
        act(
            "find",
            "Filter Cards",
            "Ctrl+F",
            self.filter_bar.focus_search,
            "Search and filter the board",
        )

    def push(self, command: Command) -> bool:
        """Push an edit; WIP-limit questions go to :attr:`confirm`."""
        return self._push(command, confirm=self.confirm)

    def _push_plain(self, command: Command) -> bool:
        return self._push(command)

    def _ask_confirmation(self, message: str) -> bool:
        answer = QMessageBox.question(self, "WIP limit", message)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_text(self, title: str, label: str, value: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, value)
        return text if ok else None

    # -- loading --

    def set_project(self, project_id: int | None) -> None:
        """Show the board of ``project_id``."""
        self.store.load(project_id)
        self._refresh_filter_context()
        self.rebuild()

    def _refresh_filter_context(self) -> None:
        data = self.store.data
        if data is None:
            self.filter_bar.set_context(None, [], [], [])
            return
        with self.workspace.reading() as session:
            views = list_saved_views(session, data.project_id)
        self.filter_bar.set_context(data.project_id, data.labels, data.people, views)

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what ``changes`` touched (the ``ChangeBus`` calls this)."""
        if self.store.project_id is None:
            return
        if (
            self.store.project_id in changes.projects
            and not changes.tasks
            and not changes.structure
        ):
            self._refresh_filter_context()  # saved views or project fields
        focus = self._focused_selection()
        columns = self.store.refresh(changes)
        if columns is None:
            self._refresh_filter_context()
            self.rebuild()
        elif columns:
            for (_lane, column_id), view in self.cells.items():
                if column_id in columns:
                    view.cell_model().reload()
                    self._fit_height(view)
            self._update_headers()
            lanes_now = [lane.key for lane in self.store.lanes()]
            if self.store.lane_mode != LaneMode.NONE and self._lane_keys() != lanes_now:
                self.rebuild()
        self._restore_selection(focus)

    def _lane_keys(self) -> list[str]:
        return list(dict.fromkeys(lane for lane, _ in self.cells))

    def _filter_changed(self, card_filter) -> None:
        self.store.filter = card_filter
        for view in self.cells.values():
            view.cell_model().reload()
            self._fit_height(view)
        self._update_headers()

    def _lanes_changed(self, mode) -> None:
        self.store.lane_mode = LaneMode(mode)
        self.rebuild()

    # -- layout --

    def rebuild(self) -> None:
        """Lay the whole board out again (project, columns, lanes or collapse changed)."""
        focus = self._focused_selection()
        self.canvas.setUpdatesEnabled(False)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.cells.clear()
        self.headers.clear()
        self.quick_adds.clear()
        data = self.store.data
        if data is None or not data.columns:
            self.grid.addWidget(
                QLabel("This project has no board columns yet." if data else ""), 0, 0
            )
            self.canvas.setUpdatesEnabled(True)
            return
        lanes = self.store.lanes()
        with_lanes = self.store.lane_mode != LaneMode.NONE
        for position, column in enumerate(data.columns):
            collapsed = column.id in self.collapsed
            header = ColumnHeader(
                column,
                self.store.column_count(column.id),
                self.store.shown_count([column.id]),
                collapsed,
                self.canvas,
            )
            self._connect_header(header)
            header.setFixedWidth(COLLAPSED_WIDTH * 3 if collapsed else COLUMN_WIDTH)
            self.headers[column.id] = header
            self.grid.addWidget(header, 0, position)
            if collapsed:
                continue
            quick = QLineEdit(self.canvas)
            quick.setPlaceholderText("+ Add a card")
            quick.setClearButtonEnabled(True)
            quick.setObjectName(f"quickAdd-{column.id}")
            quick.returnPressed.connect(lambda c=column.id, q=quick: self.quick_add(c, q.text()))
            self.quick_adds[column.id] = quick
            self.grid.addWidget(quick, 1, position)
        row = 2
        for lane in lanes:
            if with_lanes:
                title = QLabel(f"<b>{lane.title}</b>", self.canvas)
                title.setObjectName("laneTitle")
                title.setStyleSheet("QLabel { padding: 6px 2px 2px 2px; }")
                self.grid.addWidget(title, row, 0, 1, len(data.columns))
                row += 1
            for position, column in enumerate(data.columns):
                if column.id in self.collapsed:
                    continue
                model = CardCellModel(
                    self.store, lane.key, column.id, self.handle_drop, self._push_plain
                )
                view = CardListView(model, self.delegate, self.canvas)
                view.setFixedWidth(COLUMN_WIDTH)
                view.doubleClicked.connect(self._open_index)
                view.installEventFilter(self)
                self.cells[(lane.key, column.id)] = view
                self.grid.addWidget(view, row, position)
                self._fit_height(view)
            row += 1
        self.grid.setRowStretch(row, 1 if with_lanes else 0)
        if not with_lanes:
            self.grid.setRowStretch(2, 1)
        self.grid.setColumnStretch(len(data.columns), 1)
        self._update_headers()
        self.canvas.setUpdatesEnabled(True)
        self._restore_selection(focus)

    def _fit_height(self, view: CardListView) -> None:
        if self.store.lane_mode == LaneMode.NONE:
            view.setMinimumHeight(CARD_HEIGHT * 2)
            view.setMaximumHeight(16_777_215)
            return
        rows = max(1, view.cell_model().rowCount())
        view.setFixedHeight(rows * CARD_HEIGHT + 8)

    def _update_headers(self) -> None:
        for column_id, header in self.headers.items():
            header.set_counts(
                self.store.column_count(column_id), self.store.shown_count([column_id])
            )

    def _connect_header(self, header: ColumnHeader) -> None:
        header.rename_requested.connect(self.rename_column)
        header.wip_requested.connect(self.edit_wip_limit)
        header.category_requested.connect(
            lambda c, v: self.push(UpdateColumn(column_id=c, category=v))
        )
        header.policy_requested.connect(
            lambda c, v: self.push(UpdateColumn(column_id=c, wip_policy=v))
        )
        header.add_requested.connect(self.add_column)
        header.move_requested.connect(self.move_column)
        header.delete_requested.connect(self.delete_column)
        header.collapse_toggled.connect(self.set_collapsed)
        header.column_dropped.connect(self.drop_column)

    # -- drops --

    def handle_drop(self, ids: list[int], column_id: int, lane_key: str, row: int) -> bool:
        """Move cards ``ids`` into a cell before visible row ``row``; one undo step."""
        data = self.store.data
        if data is None:
            return False
        if any(i not in data.cards for i in ids) or column_id not in data.order:
            self.notice.emit("That card or column no longer exists; nothing moved.")
            return False
        view = self.cells.get((lane_key, column_id))
        shown = view.cell_model().ids if view is not None else []
        after = self._anchor(ids, column_id, shown, row)
        command = MoveCards(
            task_ids=ids,
            column_id=column_id,
            after_id=after,
            lane_mode=self.store.lane_mode,
            lane_key=lane_key,
        )
        moved = self.push(command)
        if moved:
            self._select_ids(lane_key, column_id, ids)
        return moved

    def _anchor(self, ids: list[int], column_id: int, shown: list[int], row: int) -> int | None:
        """The card the moved ones go below: the shown card above the drop point, or else the
        card before the cell's first card in the whole column (lanes and filters hide some)."""
        moving = set(ids)
        above = [i for i in shown[: max(0, row)] if i not in moving]
        if above:
            return above[-1]
        order = [i for i in self.store.data.order.get(column_id, []) if i not in moving]
        rest = [i for i in shown if i not in moving]
        if not rest:
            return order[-1] if order and self.store.lane_mode != LaneMode.NONE else None
        position = order.index(rest[0])
        return order[position - 1] if position > 0 else None

    # -- keyboard moves --

    def _current_view(self) -> CardListView | None:
        widget = QApplication.focusWidget()
        if widget is None or not self.isAncestorOf(widget):
            return None
        while widget is not None and not isinstance(widget, CardListView):
            widget = widget.parentWidget()
        return widget

    def _focused_selection(self) -> tuple[str, int, list[int]] | None:
        view = self._current_view()
        if view is None:
            return None
        model = view.cell_model()
        return model.lane_key, model.column_id, view.selected_ids()

    def _restore_selection(self, focus: tuple[str, int, list[int]] | None) -> None:
        if focus:
            self._select_ids(*focus)

    def _select_ids(self, lane_key: str, column_id: int, ids: list[int]) -> None:
        data = self.store.data
        if data is None or not ids:
            return
        view = self.cells.get((lane_key, column_id))
        if view is None or not any(view.cell_model().row_of(i) >= 0 for i in ids):
            first = data.cards.get(ids[0])
            if first is None:
                return
            from ipmp_desktop.core.services.board import lane_of

            view = self.cells.get((lane_of(first, self.store.lane_mode), first.column_id or -1))
            if view is None:
                return
        model = view.cell_model()
        selection = view.selectionModel()
        selection.clearSelection()
        current = QModelIndex()
        for task_id in ids:
            row = model.row_of(task_id)
            if row >= 0:
                index = model.index(row)
                selection.select(index, QItemSelectionModel.SelectionFlag.Select)
                current = current if current.isValid() else index
        if current.isValid():
            selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
            view.scrollTo(current)
            view.setFocus()

    def _columns(self) -> list[int]:
        data = self.store.data
        return [c.id for c in data.columns if c.id not in self.collapsed] if data else []

    def move_selected_column(self, delta: int) -> bool:
        """Move the selected cards to the next (1) or previous (-1) column, same lane, on top."""
        view = self._current_view()
        if view is None or not view.selected_ids():
            return False
        model = view.cell_model()
        columns = self._columns()
        index = columns.index(model.column_id) + delta
        if not 0 <= index < len(columns):
            return False
        return self.handle_drop(view.selected_ids(), columns[index], model.lane_key, 0)

    def move_selected_within(self, delta: int) -> bool:
        """Move the selected cards one place up (-1) or down (1) in their cell."""
        view = self._current_view()
        if view is None or not view.selected_ids():
            return False
        model = view.cell_model()
        ids = view.selected_ids()
        rows = [model.row_of(i) for i in ids]
        target = min(rows) - 1 if delta < 0 else max(rows) + 2
        if target < 0 or target > len(model.ids):
            return False
        return self.handle_drop(ids, model.column_id, model.lane_key, target)

    def move_selected_lane(self, delta: int) -> bool:
        """Move the selected cards to the swimlane above (-1) or below (1), same column."""
        view = self._current_view()
        if view is None or self.store.lane_mode == LaneMode.NONE or not view.selected_ids():
            return False
        model = view.cell_model()
        keys = self._lane_keys()
        index = keys.index(model.lane_key) + delta
        if not 0 <= index < len(keys):
            return False
        return self.handle_drop(view.selected_ids(), model.column_id, keys[index], 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, CardListView) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if plain and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                self._focus_neighbour(watched, -1 if key == Qt.Key.Key_Left else 1)
                return True
        return super().eventFilter(watched, event)

    def _focus_neighbour(self, view: CardListView, delta: int) -> None:
        model = view.cell_model()
        columns = self._columns()
        index = columns.index(model.column_id) + delta
        if not 0 <= index < len(columns):
            return
        target = self.cells.get((model.lane_key, columns[index]))
        if target is None:
            return
        target.setFocus()
        if target.cell_model().rowCount():
            row = min(view.currentIndex().row(), target.cell_model().rowCount() - 1)
            target.setCurrentIndex(target.cell_model().index(max(row, 0)))

    # -- card actions --

    def selected_ids(self) -> list[int]:
        """Selected cards of the focused cell."""
        view = self._current_view()
        return view.selected_ids() if view is not None else []

    def _open_index(self, index: QModelIndex) -> None:
        task_id = index.data(TASK_ID_ROLE)
        if task_id is not None:
            self.open_card_requested.emit(task_id)

    def open_current(self) -> None:
        """Open the card editor for the current card."""
        view = self._current_view()
        if view is not None and view.currentIndex().isValid():
            self._open_index(view.currentIndex())

    def archive_selected(self) -> bool:
        """Archive the selected cards (restore them if they are all archived)."""
        ids = self.selected_ids()
        if not ids or self.store.data is None:
            return False
        archived = all(self.store.data.cards[i].archived for i in ids)
        return self.push(ArchiveTasks(task_ids=ids, archived=not archived))

    def delete_selected(self) -> bool:
        """Move the selected cards to the recycle bin."""
        ids = self.selected_ids()
        return bool(ids) and self.push(RecycleTasks(task_ids=ids))

    def focus_first_card(self) -> None:
        """Give the keyboard focus to the first cell that has cards (or the first cell)."""
        views = list(self.cells.values())
        target = next((v for v in views if v.cell_model().rowCount()), views[0] if views else None)
        if target is None:
            return
        target.setFocus()
        if target.cell_model().rowCount() and not target.currentIndex().isValid():
            target.setCurrentIndex(target.cell_model().index(0))

    def focus_quick_add(self) -> None:
        """Put the cursor in the quick-add line of the current (or first) column."""
        view = self._current_view()
        column = (
            view.cell_model().column_id if view is not None else next(iter(self.quick_adds), None)
        )
        if column in self.quick_adds:
            self.quick_adds[column].setFocus()

    def quick_add(self, column_id: int, title: str) -> bool:
        """Create a card called ``title`` at the top of ``column_id``."""
        if not title.strip() or self.store.project_id is None:
            return False
        done = self.push(
            CreateTask(
                project_id=self.store.project_id, title=title, column_id=column_id, board_top=True
            )
        )
        if done and column_id in self.quick_adds:
            self.quick_adds[column_id].clear()
        return done

    # -- column actions --

    def rename_column(self, column_id: int) -> None:
        """Ask for a new name."""
        column = self.store.data.column(column_id)
        name = self.ask_text("Rename Column", "Name:", column.name)
        if name is not None and name.strip() and name.strip() != column.name:
            self.push(UpdateColumn(column_id=column_id, name=name))

    def edit_wip_limit(self, column_id: int) -> None:
        """Ask for a WIP limit (empty or 0 removes it)."""
        column = self.store.data.column(column_id)
        text = self.ask_text(
            "WIP Limit",
            f"Most cards in “{column.name}” (empty: no limit):",
            str(column.wip_limit or ""),
        )
        if text is None:
            return
        text = text.strip()
        if text and not text.isdigit():
            self.notice.emit("A WIP limit is a whole number.")
            return
        self.push(UpdateColumn(column_id=column_id, wip_limit=int(text) if text else None))

    def add_column(self, column_id: int, side: int) -> None:
        """Ask for a name and add a column beside ``column_id``."""
        name = self.ask_text("Add Column", "Name:", "")
        if not name or not name.strip():
            return
        ids = [c.id for c in self.store.data.columns]
        index = ids.index(column_id) + (1 if side > 0 else 0)
        self.push(
            AddColumn(project_id=self.store.project_id, name=name, category="doing", index=index)
        )

    def move_column(self, column_id: int, delta: int) -> None:
        """Move a column one place left or right."""
        ids = [c.id for c in self.store.data.columns]
        index = ids.index(column_id) + delta
        if 0 <= index < len(ids):
            self.push(MoveColumn(column_id=column_id, index=index))

    def drop_column(self, dragged: int, onto: int, side: int) -> None:
        """A header dropped on another header's left (-1) or right (1) half."""
        ids = [c.id for c in self.store.data.columns if c.id != dragged]
        if onto not in ids:
            return
        self.push(MoveColumn(column_id=dragged, index=ids.index(onto) + (1 if side > 0 else 0)))

    def delete_column(self, column_id: int, move_to: int | None = None) -> None:
        """Delete a column, asking where its cards go when it has any."""
        data = self.store.data
        column = data.column(column_id)
        count = len(data.order.get(column_id, []))
        if count and move_to is None:
            others = [c for c in data.columns if c.id != column_id]
            if not others:
                self.push(DeleteColumn(column_id=column_id))  # refused with the reason
                return
            names = [c.name for c in others]
            name, ok = QInputDialog.getItem(
                self,
                "Delete Column",
                f"Move the {count} cards of “{column.name}” to:",
                names,
                0,
                False,
            )
            if not ok:
                return
            move_to = others[names.index(name)].id
        self.push(DeleteColumn(column_id=column_id, move_cards_to=move_to))

    def set_collapsed(self, column_id: int, collapsed: bool) -> None:
        """Collapse or expand a column (a view setting, not an edit)."""
        if collapsed:
            self.collapsed.add(column_id)
        else:
            self.collapsed.discard(column_id)
        self.rebuild()
