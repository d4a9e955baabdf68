"""The Board tab: columns x swimlanes of cards, one list view per cell, one shared delegate.

Every gesture becomes one core command pushed through ``push`` (the undo controller's
``push``); the board changes only when the ``ChangeBus`` reports ``Changes``. Given the app's
settings, the collapsed columns and the swimlanes of each project come back after a restart.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import (
    Command,
    MoveCards,
    UpdateColumn,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.board import LaneMode
from ipmp_desktop.core.services.changes import Changes
from ipmp_desktop.core.services.views import list_saved_views
from ipmp_desktop.qt.heap import no_collector_pauses
from ipmp_desktop.qt.settings import AppSettings, BoardState
from ipmp_desktop.qt.views.board.board_cards import CardActionsMixin
from ipmp_desktop.qt.views.board.board_keyboard import BoardKeyboardMixin
from ipmp_desktop.qt.views.board.board_store import BoardStore
from ipmp_desktop.qt.views.board.card_delegate import CARD_HEIGHT, CardDelegate
from ipmp_desktop.qt.views.board.card_list_view import COLUMN_WIDTH, CardListView
from ipmp_desktop.qt.views.board.card_models import CardCellModel
from ipmp_desktop.qt.views.board.column_actions import ColumnActionsMixin
from ipmp_desktop.qt.views.board.column_header import ColumnHeader, wip_state
from ipmp_desktop.qt.views.board.filter_bar import BoardFilterBar
from ipmp_desktop.qt.views.deferred import DefersChangesWhileHidden

COLLAPSED_WIDTH = 44
# actions that work anywhere in the board; the others act on cards and live on the card lists
BOARD_WIDE_ACTIONS = frozenset({"quick_add", "find"})
Push = Callable[..., bool]


class BoardView(
    DefersChangesWhileHidden, CardActionsMixin, ColumnActionsMixin, BoardKeyboardMixin, QWidget
):
    """The board of one project.

    Args:
        workspace: read models come from here.
        push: the undo controller's ``push(command, confirm=None)``.
        settings: where each project's collapsed columns and swimlanes are kept between runs.
        location: the workspace's location, which the settings keep them under; without
            ``settings`` and ``location`` nothing is remembered.
    """

    open_card_requested = Signal(int)
    notice = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        push: Push,
        parent: QWidget | None = None,
        *,
        settings: AppSettings | None = None,
        location: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._push = push
        self.settings = settings if location is not None else None
        self.location = location or ""
        self._remembered: BoardState | None = None  # the saved state of the project shown
        self._restoring = False  # True while the saved swimlanes are put in the filter bar
        self.store = BoardStore(workspace)
        self.delegate = CardDelegate(self)
        self.cells: dict[tuple[str, int], CardListView] = {}
        self.headers: dict[int, ColumnHeader] = {}
        self.quick_adds: dict[int, QLineEdit] = {}
        self.collapsed: set[int] = set()
        self._pending: Changes | None = None
        self._last_view: CardListView | None = None
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
        # swimlanes make the board taller than the window: scroll, never squeeze the cells
        self.grid.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.scroll.setWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.scroll, 1)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()

    # -- actions --

    def _build_actions(self) -> None:
        """The board's actions. Those that act on cards live on the card lists (added to each
        cell as it is made), so their keys never fire from the quick-add boxes, the filter bar
        or an inline editor; the rest (New Card, Filter) are board-wide."""

        def act(name: str, text: str, keys: str, slot, tip: str) -> None:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{tip} ({QKeySequence(keys).toString()})")
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            if name in BOARD_WIDE_ACTIONS:
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
            "Insert",
            self.focus_quick_add,
            "Type a new card into the current column",
        )
        # one action for Ctrl+F, the filter bar's own, working anywhere in the board
        find = self.filter_bar.find_action
        find.setText("Filter Cards")
        find.setToolTip(f"Search and filter the board ({find.shortcut().toString()})")
        self.addAction(find)
        self.actions_by_name["find"] = find

    def card_actions(self) -> list[QAction]:
        """The actions that act on the selected cards (their shortcuts work in a card list)."""
        return [a for n, a in self.actions_by_name.items() if n not in BOARD_WIDE_ACTIONS]

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
        self._pending = None  # the load reads everything fresh
        with no_collector_pauses():  # thousands of fresh rows: see qt.heap
            self.store.load(project_id)
            self._refresh_filter_context()
            self._restore_state()
            self.rebuild()

    def _restore_state(self) -> None:
        """Collapse the columns and choose the swimlanes saved for the project just loaded;
        ids of columns that are gone are ignored. Does not lay the board out."""
        data = self.store.data
        if self.settings is None or data is None:
            self._remembered = None
            return
        saved = self.settings.board_state(self.location, data.project_id)
        self.collapsed = {c.id for c in data.columns if c.id in saved.collapsed}
        self._remembered = BoardState(frozenset(self.collapsed), saved.lane_mode)
        self._restoring = True
        try:
            self.filter_bar.apply(saved.lane_mode, self.filter_bar.current_filter())
        finally:
            self._restoring = False

    def remember_state(self) -> None:
        """Save the collapsed columns and the swimlanes of the project shown, if they changed
        since they were last read or saved."""
        data = self.store.data
        if self.settings is None or data is None:
            return
        collapsed = frozenset(c.id for c in data.columns if c.id in self.collapsed)
        state = BoardState(collapsed, self.store.lane_mode)
        if state != self._remembered:
            self.settings.set_board_state(self.location, data.project_id, state)
            self._remembered = state

    def _refresh_filter_context(self) -> None:
        data = self.store.data
        if data is None:
            self.filter_bar.set_context(None, [], [], [])
            return
        with self.workspace.reading() as session:
            views = list_saved_views(session, data.project_id)
        self.filter_bar.set_context(data.project_id, data.labels, data.people, views)

    def _apply_changes(self, changes: Changes) -> None:
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
            self._update_headers(columns)
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
        if self._restoring:
            return  # set_project lays the board out once, after the restore
        self.rebuild()
        self.remember_state()

    # -- layout --

    def rebuild(self) -> None:
        """Lay the whole board out again (project, columns, lanes or collapse changed)."""
        focus = self._focused_selection()
        self.canvas.setUpdatesEnabled(False)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # gone from the screen now, deleted by the event loop
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
                first=position == 0,
                last=position == len(data.columns) - 1,
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
                view.addActions(self.card_actions())
                view.setFixedWidth(COLUMN_WIDTH)
                view.doubleClicked.connect(self._open_index)
                view.installEventFilter(self)
                view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                view.customContextMenuRequested.connect(
                    lambda point, v=view: self._context_menu(v, point)
                )
                self.cells[(lane.key, column.id)] = view
                if with_lanes:  # lane cells are as tall as their cards; without lanes, fill
                    self.grid.addWidget(view, row, position, Qt.AlignmentFlag.AlignTop)
                else:
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

    def _update_headers(self, columns: set[int] | None = None) -> None:
        """Counts and WIP colors of the headers and cells of ``columns`` (None: all)."""
        for column_id, header in self.headers.items():
            if columns is None or column_id in columns:
                header.set_counts(
                    self.store.column_count(column_id), self.store.shown_count([column_id])
                )
        for (lane, column_id), view in self.cells.items():
            if columns is not None and column_id not in columns:
                continue
            limit = self.store.lane_limit(lane, column_id)
            count = self.store.lane_count(lane, column_id) if limit is not None else 0
            state = wip_state(count, limit)
            tip = f"{count} / {limit} cards in this lane" if limit is not None else ""
            if view.property("wip") == state and view.toolTip() == tip:
                continue  # restyling re-polishes the cell: only when its state changed
            view.setProperty("wip", state)
            tint = {"over": "#33e53935", "full": "#33fb8c00"}.get(state)
            view.setStyleSheet(f"QListView {{ background: {tint}; }}" if tint else "")
            view.setToolTip(tip)

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
