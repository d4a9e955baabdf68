"""A refusal shown where the user is looking: a small note beside the cell or field they just
edited, instead of only on the status bar at the bottom of the window."""

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SHOWN_MS = 8000
"""How long a note stays up (it also goes when the next one comes)."""

_current: list["RefusalBubble"] = []


class RefusalBubble(QLabel):
    """One sentence in a tooltip-styled box under an anchor rectangle; closes by itself."""

    def __init__(self, anchor: QWidget, message: str) -> None:
        super().__init__(message, anchor.window(), Qt.WindowType.ToolTip)
        self.setObjectName("refusalBubble")
        self.setWordWrap(True)
        self.setMaximumWidth(440)
        self.setMargin(6)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setAutoFillBackground(True)
        self.setFrameShape(QLabel.Shape.Box)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.close)

    def show_at(self, global_point: QPoint) -> None:
        """Show with the top-left corner at ``global_point`` (kept on the screen)."""
        self.adjustSize()
        screen = QApplication.screenAt(global_point) or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            x = min(global_point.x(), area.right() - self.width())
            y = global_point.y()
            if y + self.height() > area.bottom():
                y = global_point.y() - self.height() - 24
            global_point = QPoint(max(area.left(), x), max(area.top(), y))
        self.move(global_point)
        self.show()
        self.raise_()
        self._timer.start(SHOWN_MS)


def show_refusal(anchor: QWidget, message: str, rect: QRect | None = None) -> RefusalBubble:
    """Show ``message`` just under ``rect`` of ``anchor`` (its whole area when None); the note
    shown before, if any, closes."""
    close_current()
    bubble = RefusalBubble(anchor, message)
    area = rect if rect is not None else anchor.rect()
    bubble.show_at(anchor.mapToGlobal(area.bottomLeft() + QPoint(0, 2)))
    _current.append(bubble)
    return bubble


def current() -> RefusalBubble | None:
    """The note on screen now, if any."""
    for bubble in _current:
        try:
            owner = bubble.parentWidget()
            if bubble.isVisible() and (owner is None or owner.isVisible()):
                return bubble
        except RuntimeError:  # deleted with its window
            continue
    return None


def close_current() -> None:
    """Close the note on screen, if any."""
    while _current:
        bubble = _current.pop()
        try:
            bubble.close()
            bubble.deleteLater()
        except RuntimeError:
            pass
