"""Column actions of the board: rename, WIP limit, add, move, drag to reorder, delete, collapse."""

from PySide6.QtWidgets import (
    QInputDialog,
)

from ipmp_desktop.core.commands import (
    AddColumn,
    DeleteColumn,
    MoveColumn,
    UpdateColumn,
)


class ColumnActionsMixin:
    """Column-level actions, turned into commands; mixed into ``BoardView``."""

    # -- column actions --

    def rename_column(self, column_id: int) -> None:
        """Ask for a new name; a blank one is refused by the command, with the reason."""
        column = self.store.data.column(column_id)
        name = self.ask_text("Rename Column", "Name:", column.name)
        if name is not None and name.strip() != column.name:
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
        """Ask for a name and add a column beside ``column_id`` (cancelled: nothing; a blank
        name is refused by the command, with the reason)."""
        name = self.ask_text("Add Column", "Name:", "")
        if name is None:
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
        """Collapse or expand a column (a view setting, not an edit, kept in the settings)."""
        if collapsed:
            self.collapsed.add(column_id)
        else:
            self.collapsed.discard(column_id)
        self.rebuild()
        self.remember_state()
