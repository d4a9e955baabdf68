"""Edit one dependency: its type and lag, or delete it."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ipmp_desktop.core.commands import Command, RemoveDependency, UpdateDependency
from ipmp_desktop.core.services.gantt import GanttLinkRow
from ipmp_desktop.qt.views.gantt.interactions import LINK_NAMES


class LinkDialog(QDialog):
    """Type and lag of a link, with a Delete button.

    After ``exec()``, :meth:`command` is the one command to push, or None when nothing changed.

    Args:
        link: the link as the chart knows it.
        predecessor: the predecessor's name; ``successor`` likewise.
    """

    def __init__(
        self, link: GanttLinkRow, predecessor: str, successor: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Task Link")
        self.link = link
        self._delete = False
        form = QFormLayout(self)
        form.addRow("From:", QLabel(predecessor, self))
        form.addRow("To:", QLabel(successor, self))
        self.type_box = QComboBox(self)
        for code, name in LINK_NAMES.items():
            self.type_box.addItem(f"{name} ({code})", code)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(link.type)))
        form.addRow("&Type:", self.type_box)
        self.lag_box = QSpinBox(self)
        self.lag_box.setRange(-999, 999)
        self.lag_box.setSuffix(" working days")
        self.lag_box.setValue(link.lag_days)
        self.lag_box.setToolTip("A negative lag lets the successor overlap (lead time)")
        form.addRow("&Lag:", self.lag_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.delete_button = buttons.addButton(
            "&Delete Link", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.clicked.connect(self.delete_link)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def delete_link(self) -> None:
        """Close, asking for the link to be removed."""
        self._delete = True
        self.accept()

    def command(self) -> Command | None:
        """What the dialog asks for; None when cancelled or unchanged."""
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        if self._delete:
            return RemoveDependency(dependency_id=self.link.id)
        values = {}
        if self.type_box.currentData() != self.link.type:
            values["type"] = self.type_box.currentData()
        if self.lag_box.value() != self.link.lag_days:
            values["lag_days"] = self.lag_box.value()
        return UpdateDependency(dependency_id=self.link.id, **values) if values else None
