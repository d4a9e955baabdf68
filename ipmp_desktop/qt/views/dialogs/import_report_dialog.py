"""The report of a finished import: counts, what was mapped or dropped, and every moved task."""

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.interchange.plan import ImportReport


class ImportReportDialog(QDialog):
    """Shows :meth:`ImportReport.lines` read-only, with a button to copy them as text.

    Args:
        report: the report of an import that has been written (``shifted`` filled).
        project_name: the new project's name, for the heading.
        parent: the owning window.
    """

    def __init__(
        self, report: ImportReport, project_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Report")
        self.resize(820, 500)
        self.lines = report.lines()
        shifted = len(report.shifted)
        heading = QLabel(
            f"<b>{escape(report.source or 'The file')}</b> is now the project "
            f"<b>{escape(project_name)}</b>. "
            + (
                f"{shifted:,} task{'s' if shifted != 1 else ''} got other dates when IPMP "
                "scheduled them; each is listed with the reason."
                if shifted
                else "Every task kept the dates the file gave it."
            ),
            self,
        )
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("importReport")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText("\n".join(self.lines))
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setToolTip("Copy the report as text")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def copy(self) -> None:
        """Put the whole report on the clipboard as plain text."""
        QGuiApplication.clipboard().setText("\n".join(self.lines))


__all__ = ["ImportReportDialog"]
