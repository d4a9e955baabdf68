"""Help > About: the program's name, version, licence and the Qt it runs on."""

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ipmp_desktop import __version__
from ipmp_desktop.qt.icons import app_icon

NAME = "IPMP desktop"
DESCRIPTION = (
    "Offline planner for project and product managers: Kanban board, Gantt chart and "
    "product roadmap over one workspace file."
)
"""The one-line description; the same sentence as the package's (a test keeps them equal)."""
LICENCE = "GPL-3.0-or-later"
"""The SPDX licence expression, as in pyproject.toml (a test keeps them equal)."""
LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"


def runtime_line() -> str:
    """The Qt library and the PySide6 binding in use, e.g. 'Qt 6.11.3, PySide6 6.11.3'."""
    return f"Qt {qVersion()}, PySide6 {PySide6.__version__}"


class AboutDialog(QDialog):
    """A small window with the icon, name, version, description, licence and Qt version.

    The labels are attributes (``version_label``, ``licence_label``, ``runtime_label``) so
    tests read what is shown.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {NAME}")
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2>{NAME}</h2>", self)
        self.version_label = QLabel(f"Version {__version__}", self)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        description = QLabel(DESCRIPTION, self)
        description.setWordWrap(True)
        self.licence_label = QLabel(
            f'Licence: <a href="{LICENCE_URL}">{LICENCE}</a> '
            "(GNU General Public License, version 3 or later). There is no warranty.",
            self,
        )
        self.licence_label.setWordWrap(True)
        self.licence_label.setOpenExternalLinks(True)
        self.runtime_label = QLabel(runtime_line(), self)
        self.runtime_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        text = QVBoxLayout()
        for label in (
            title,
            self.version_label,
            description,
            self.licence_label,
            self.runtime_label,
        ):
            text.addWidget(label)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
