"""The recycle bin of a project: restore entries or empty the bin."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import EmptyRecycleBin, RestoreRecycled
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.changes import Changes
from ipmp_desktop.core.services.recycle import list_recycled
from ipmp_desktop.qt.change_bus import ChangeBus


class RecycleBinDialog(QDialog):
    """Lists deleted tasks; Restore puts the selected back, Empty deletes all for good.

    Both are undoable commands pushed through ``push_command``.
    """

    def __init__(
        self,
        workspace: Workspace,
        project_id: int,
        push_command,
        bus: ChangeBus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.project_id = project_id
        self.push_command = push_command
        self.confirm_empty = self._ask_empty
        self.setWindowTitle("Recycle Bin")
        self.resize(460, 360)
        self.entries = QListWidget(self)
        self.entries.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.entries.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.hint = QLabel(self)
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button = QPushButton("&Empty Bin…", self)
        self.empty_button.clicked.connect(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)
        # Return restores the selected entries; left to Qt, it pressed Empty Bin… instead
        for button in buttons.buttons():
            button.setAutoDefault(False)
        self.restore_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entries)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        bus.changed.connect(self._changed)
        self.entries.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        """Read the bin again."""
        with self.workspace.reading() as session:
            rows = list_recycled(session, self.project_id)
        self.entries.clear()
        for row in rows:
            tasks = "1 task" if row.task_count == 1 else f"{row.task_count} tasks"
            item = QListWidgetItem(
                f"{row.title}  —  {tasks}, deleted {row.deleted_at:%Y-%m-%d %H:%M} UTC"
            )
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.entries.addItem(item)
        self.hint.setText(
            "The bin is empty." if not rows else "Restored tasks return to their place."
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.entries.selectedItems()))
        self.empty_button.setEnabled(self.entries.count() > 0)

    def _changed(self, changes: Changes) -> None:
        if self.project_id in changes.projects or self.project_id in changes.structure:
            self.reload()

    def restore_selected(self) -> int:
        """Restore the selected entries (each one undo step); returns how many."""
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in self.entries.selectedItems()]
        return sum(1 for entry in ids if self.push_command(RestoreRecycled(recycled_id=entry)))

    def empty(self) -> bool:
        """Delete everything in the bin after asking."""
        if self.entries.count() == 0 or not self.confirm_empty():
            return False
        return self.push_command(EmptyRecycleBin(project_id=self.project_id))

    def _ask_empty(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Empty Recycle Bin",
            "Delete everything in the bin? (Edit > Undo still brings it back.)",
        )
        return answer == QMessageBox.StandardButton.Yes
