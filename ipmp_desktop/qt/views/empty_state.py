"""What to do next, shown where the content would be when there is none yet."""

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A title, one sentence and a row of one-click buttons, centred.

    Args:
        title: what is missing, in a few words.
        text: one or two sentences on what the buttons do.
        buttons: (object name, label, what a click does) for each button; the first is the
            default choice.
    """

    def __init__(
        self,
        title: str,
        text: str,
        buttons: Sequence[tuple[str, str, Callable[[], object]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title = QLabel(title, self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setMaximumWidth(560)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addStretch(1)
        for number, (name, label, slot) in enumerate(buttons):
            button = QPushButton(label, self)
            button.setObjectName(name)
            button.setDefault(number == 0)
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        # a word-wrapped label keeps its height for its width only without an alignment flag
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.text, 4)
        middle.addStretch(1)
        layout.addLayout(middle)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addStretch(3)
