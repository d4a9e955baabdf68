"""Ask for a project's name and start date."""

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.date_field import DateField


class ProjectDialog(QDialog):
    """Name and start of a new (or renamed) project; OK is enabled only with a name."""

    def __init__(
        self, parent: QWidget | None, *, title: str, name: str = "", start: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setPlaceholderText("e.g. Website relaunch")
        self.name_edit.setMaxLength(200)
        self.start_edit = DateField(self)
        start = start or date.today()
        self.start_edit.setDate(QDate(start.year, start.month, start.day))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name_edit.textChanged.connect(lambda text: self._ok.setEnabled(bool(text.strip())))
        self._ok.setEnabled(bool(name.strip()))
        form = QFormLayout(self)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Start:", self.start_edit)
        form.addRow(buttons)

    def accept(self) -> None:
        """Close with OK unless the start typed is no date (then say why beside it)."""
        refusal = self.start_edit.refusal()
        if refusal is not None:
            self.start_edit.setFocus()
            refusal_bubble.show_refusal(self.start_edit, refusal)
            return
        super().accept()

    def values(self) -> tuple[str, date]:
        """The entered name and start date."""
        return self.name_edit.text().strip(), self.start_edit.date().toPython()
