"""Keyboard control of the board: focus and selection across cells, moving cards without a mouse."""

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
)

from ipmp_desktop.core.services.board import LaneMode
from ipmp_desktop.qt.views.board.card_list_view import CardListView


class BoardKeyboardMixin:
    """Keyboard equivalents of every card drag; mixed into ``BoardView``."""

    # -- keyboard moves --

    def _current_view(self) -> CardListView | None:
        """The cell with the keyboard focus; else the cell the board last selected in (when
        focus is in a menu or another window), if it is still shown."""
        widget = QApplication.focusWidget()
        if widget is not None and self.isAncestorOf(widget):
            while widget is not None and not isinstance(widget, CardListView):
                widget = widget.parentWidget()
            if widget is not None:
                return widget
        last = self._last_view
        return last if last is not None and last in self.cells.values() else None

    def _focused_selection(self) -> tuple[str, int, list[int], int, bool] | None:
        """Where the selection is: lane, column, selected ids, current row, and whether the
        cell has the keyboard focus."""
        view = self._current_view()
        if view is None:
            return None
        model = view.cell_model()
        return (
            model.lane_key,
            model.column_id,
            view.selected_ids(),
            view.currentIndex().row(),
            view.hasFocus(),
        )

    def _restore_selection(self, focus: tuple[str, int, list[int], int, bool] | None) -> None:
        """Select the cards again; if they are gone (deleted, archived, filtered out) and the
        keyboard was in their cell, it stays there, on the card that took their place."""
        if not focus:
            return
        lane_key, column_id, ids, row, had_focus = focus
        if self._select_ids(lane_key, column_id, ids) or not had_focus:
            return
        view = self.cells.get((lane_key, column_id))
        if view is None or not self.isVisible():
            return
        view.show()  # a cell just laid out is shown by its layout only later: no focus before
        view.setFocus()
        count = view.cell_model().rowCount()
        if count:
            view.setCurrentIndex(view.cell_model().index(min(max(row, 0), count - 1)))

    def _select_ids(self, lane_key: str, column_id: int, ids: list[int]) -> bool:
        """Select ``ids`` in their cell (or the cell they are in now); True if any is shown."""
        data = self.store.data
        if data is None or not ids:
            return False
        view = self.cells.get((lane_key, column_id))
        if view is None or not any(view.cell_model().row_of(i) >= 0 for i in ids):
            first = data.cards.get(ids[0])
            if first is None:
                return False
            from ipmp_desktop.core.services.board import lane_of

            view = self.cells.get((lane_of(first, self.store.lane_mode), first.column_id or -1))
            if view is None:
                return False
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
        self._last_view = view
        if current.isValid():
            selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
            view.scrollTo(current)
            view.setFocus()
        return current.isValid()

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
