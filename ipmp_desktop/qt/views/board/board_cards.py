"""Card actions of the board: open, archive, delete, quick add, the context menu, lane limits."""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QMenu,
)

from ipmp_desktop.core.commands import (
    ArchiveTasks,
    CreateTask,
    RecycleTasks,
    SetLaneWipLimit,
)
from ipmp_desktop.core.services.board import LaneMode
from ipmp_desktop.qt.views.board.card_list_view import CardListView
from ipmp_desktop.qt.views.board.card_models import TASK_ID_ROLE


class CardActionsMixin:
    """Card-level actions; mixed into ``BoardView``."""

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

    def _context_menu(self, view: CardListView, point) -> None:
        menu = self.card_menu(view)
        menu.exec(view.viewport().mapToGlobal(point))
        menu.deleteLater()  # one menu per right click: do not keep them all

    def card_menu(self, view: CardListView) -> QMenu:
        """The right-click menu of a cell: card actions, Move to, and the lane's WIP limit."""
        menu = QMenu(self)
        model = view.cell_model()
        has_cards = bool(view.selected_ids())
        for name in ("open", "archive", "delete"):
            # an entry of this menu only, enabled for this cell: disabling the shared action
            # would leave its key and the Card menu dead after a right click on an empty cell
            shared = self.actions_by_name[name]
            entry = menu.addAction(shared.text(), lambda shared=shared: shared.trigger())
            entry.setShortcut(shared.shortcut())
            entry.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            entry.setEnabled(has_cards)
        rename = menu.addAction("Rename", lambda: view.edit(view.currentIndex()))
        rename.setEnabled(view.currentIndex().isValid())
        move = menu.addMenu("Move to")
        move.setEnabled(has_cards)
        for column in self.store.data.columns if self.store.data else []:
            if column.id != model.column_id:
                move.addAction(
                    column.name,
                    lambda c=column.id: self.handle_drop(view.selected_ids(), c, model.lane_key, 0),
                )
        if self.store.lane_mode != LaneMode.NONE:
            menu.addSeparator()
            menu.addAction(
                "WIP Limit in This Lane…",
                lambda: self.edit_lane_limit(model.lane_key, model.column_id),
            )
        return menu

    def edit_lane_limit(self, lane_key: str, column_id: int) -> None:
        """Ask for the WIP limit of a column within one swimlane (empty: none)."""
        current = self.store.lane_limit(lane_key, column_id)
        column = self.store.data.column(column_id)
        text = self.ask_text(
            "Lane WIP Limit",
            f"Most cards of this lane in “{column.name}” (empty: no limit):",
            str(current or ""),
        )
        if text is None:
            return
        text = text.strip()
        if text and not text.isdigit():
            self.notice.emit("A WIP limit is a whole number.")
            return
        self.push(
            SetLaneWipLimit(
                column_id=column_id,
                lane_mode=str(self.store.lane_mode),
                lane_key=lane_key,
                wip_limit=int(text) if text else None,
            )
        )

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
        # A new card lays the board out again, so the line typed in may be gone: the cursor
        # goes to the column's line as it is now, ready for the next card. A line just made is
        # shown by its layout only later, and a hidden widget cannot take the focus: show it.
        line = self.quick_adds.get(column_id)
        if done and line is not None:
            line.clear()
            line.show()
            line.setFocus()
        return done
