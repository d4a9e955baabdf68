"""The small forms of the Roadmap tab's toolbar (New Product, Add Theme, ...)."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ipmp_desktop.qt.views import refusal_bubble


class FormDialog(QDialog):
    """A small form of labelled fields with OK/Cancel below them.

    The dialog opens with the keyboard focus in the first field, Tab goes down the fields and
    then to the buttons, and Enter in a one-line field accepts.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.checks: list[tuple[QWidget, Callable[[], str | None]]] = []
        """Fields with a reader run on OK: a sentence keeps the dialog open and is shown
        beside its field (which takes the focus); None lets it close."""

    def require(self, field: QLineEdit, what: str) -> QLineEdit:
        """Refuse OK while ``field`` is blank, beside it ("The product name cannot be empty."),
        so what was typed in the other fields is kept."""
        self.checks.append(
            (field, lambda: None if field.text().strip() else f"The {what} cannot be empty.")
        )
        return field

    def accept(self) -> None:
        """Close with OK unless a field's check refuses what was typed."""
        for field, check in self.checks:
            refusal = check()
            if refusal is not None:
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                refusal_bubble.show_refusal(field, refusal)
                return
        super().accept()

    def finish(self) -> "FormDialog":
        """Add the buttons below the fields (call after adding rows)."""
        # Made after the fields: the focus chain follows creation order, and buttons made first
        # took the opening focus (typing went nowhere and Enter accepted an empty form).
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.addRow(self.buttons)
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            field = item.widget() if item is not None else None
            if field is not None and field is not self.buttons:
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                break
        return self


def vision_field(text: str, parent: QWidget) -> QPlainTextEdit:
    """A few lines for a vision statement; Tab moves on to the next field (a tab character
    would leave a keyboard user stuck in the box)."""
    edit = QPlainTextEdit(text, parent)
    edit.setTabChangesFocus(True)
    return edit
