"""Manage a project's baselines: save the current plan under a name, rename, delete.

The dialog never writes to the database: each button pushes one core command through
``push_command`` (one undo step each) and the list is read again after every push. A refused
command is reported by whoever owns ``push_command`` (the main window shows the sentence).
"""

from collections.abc import Callable
from datetime import UTC

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import Command, DeleteBaseline, RenameBaseline, SaveBaseline
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.baselines import BaselineRow, list_baselines

ID_ROLE = Qt.ItemDataRole.UserRole
HEADERS = ("Name", "Saved at", "Tasks")


class BaselinesDialog(QDialog):
    """Lists the baselines of one project, newest first, with buttons to manage them.

    Args:
        workspace: the open workspace (read only here).
        project_id: whose baselines to show.
        push_command: applies a command as one undo step; returns False if it was refused.
        parent: the owning window.

    Names are asked with ``QInputDialog.getText``; ``confirm_delete(name)`` is the question
    Delete asks first (tests replace it).
    """

    def __init__(
        self,
        workspace: Workspace,
        project_id: int,
        push_command: Callable[[Command], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.project_id = project_id
        self.push_command = push_command
        self.confirm_delete = self._ask_delete
        self.rows: list[BaselineRow] = []
        self.setWindowTitle("Baselines")
        self.resize(520, 340)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemDoubleClicked.connect(lambda _item: self.rename_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.save_button = QPushButton("&Save Current Plan…", self)
        self.save_button.clicked.connect(self.save_current_plan)
        self.rename_button = QPushButton("&Rename…", self)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.save_button, self.rename_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)
        # Return renames the selected baseline, as a double click does; left to Qt, it
        # pressed Delete instead
        for button in buttons.buttons():
            button.setAutoDefault(False)
        self.rename_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.reload()

    def apply_changes(self, changes: object) -> None:
        """Follow edits made elsewhere (undo/redo in the main window): read the list again."""
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        """Read the baselines again; keep the selection (or select ``select_id``)."""
        keep = select_id if select_id is not None else self.selected_id()
        with self.workspace.reading() as session:
            self.rows = list_baselines(session, self.project_id)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            saved = row.created_at.replace(tzinfo=UTC).astimezone()
            cells = (row.name, f"{saved:%Y-%m-%d %H:%M}", str(row.task_count))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row.id)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(index, column, item)
        self.table.clearSelection()
        for index, row in enumerate(self.rows):
            if row.id == keep:
                self.table.selectRow(index)
        self.hint.setText(
            "No baseline yet. Save the current plan to compare later changes against it."
            if not self.rows
            else "A baseline keeps each task's dates as they were when it was saved."
        )
        self._update_buttons()

    def selected_id(self) -> int | None:
        """The id of the selected baseline, or None."""
        items = self.table.selectedItems()
        return items[0].data(ID_ROLE) if items else None

    def save_current_plan(self) -> bool:
        """Ask for a name and save every task's current dates as a new baseline."""
        name = self.ask_name("Save Baseline", "Name (leave blank for a numbered name):", "")
        if name is None:
            return False
        command = SaveBaseline(project_id=self.project_id, name=name)
        return self._push(command, lambda: command.baseline_id)

    def rename_selected(self) -> bool:
        """Ask for a new name for the selected baseline."""
        baseline_id = self.selected_id()
        if baseline_id is None:
            return False
        current = next(row.name for row in self.rows if row.id == baseline_id)
        name = self.ask_name("Rename Baseline", "New name:", current)
        if name is None or name == current:
            return False
        return self._push(RenameBaseline(baseline_id=baseline_id, name=name), lambda: baseline_id)

    def delete_selected(self) -> bool:
        """Delete the selected baseline after asking (Edit > Undo brings it back)."""
        baseline_id = self.selected_id()
        if baseline_id is None:
            return False
        name = next(row.name for row in self.rows if row.id == baseline_id)
        if not self.confirm_delete(name):
            return False
        return self._push(DeleteBaseline(baseline_id=baseline_id), lambda: None)

    def ask_name(self, title: str, label: str, text: str) -> str | None:
        """The name typed in a small input dialog, or None when cancelled."""
        name, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return name if ok else None

    def _push(self, command: Command, select: Callable[[], int | None]) -> bool:
        pushed = self.push_command(command)
        # Read again even after a refusal: the baseline may have been deleted meanwhile.
        self.reload(select_id=select() if pushed else None)
        return pushed

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _ask_delete(self, name: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Delete Baseline",
            f"Delete the baseline “{name}”? (Edit > Undo brings it back.)",
        )
        return answer == QMessageBox.StandardButton.Yes
