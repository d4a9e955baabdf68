"""Paints a card: priority stripe, title, label chips, due date, checklist, blockers, age,
assignee initials. One delegate draws every card: no widget per card."""

from datetime import date, datetime, timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ipmp_desktop.core.model import TaskKind
from ipmp_desktop.core.services.board import BoardCard
from ipmp_desktop.qt.views.board.card_models import CARD_ROLE

CARD_HEIGHT = 92
MARGIN = 4
PRIORITY_COLORS = {1: "#7cb342", 2: "#1e88e5", 3: "#fb8c00", 4: "#e53935"}
DUE_SOON_DAYS = 2
Index = QModelIndex | QPersistentModelIndex


def age_fade(days: int) -> float:
    """How much a card fades after ``days`` in its column: 0 for two days, up to 0.4 at 30."""
    return min(0.4, max(0.0, (days - 2) / 28 * 0.4))


def _text_on(color: QColor) -> QColor:
    return QColor("#000000") if color.lightnessF() > 0.6 else QColor("#ffffff")


class CardDelegate(QStyledItemDelegate):
    """Draws cards and edits their title in place (F2).

    Args:
        today: returns the date used for due-date highlighting (tests fix it).
        now: returns the time used for card aging.
    """

    def __init__(self, parent: QWidget | None = None, today=date.today, now=datetime.now) -> None:
        super().__init__(parent)
        self.today = today
        self.now = now

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(max(option.rect.width(), 160), CARD_HEIGHT)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(True)
        return editor

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect.adjusted(MARGIN + 6, MARGIN + 4, -MARGIN - 4, 0)
        rect.setHeight(editor.sizeHint().height())
        editor.setGeometry(rect)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: BoardCard | None = index.data(CARD_ROLE)
        if card is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        rect = QRectF(option.rect.adjusted(MARGIN, MARGIN // 2, -MARGIN, -MARGIN // 2))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        base = palette.color(QPalette.ColorRole.Base)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 6, 6)
        fade = age_fade(card.age_days(self.now()))
        painter.setOpacity(0.45 if card.archived else 1.0 - fade)
        self._stripe(painter, rect, card)
        inner = rect.adjusted(10, 6, -8, -6)
        y = self._title(painter, inner, card, palette)
        y = self._labels(painter, inner, y, card)
        self._footer(painter, inner, card, palette)
        painter.setOpacity(1.0)
        if selected or focused:
            color = palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(color, 2.5 if selected else 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 5, 5)
        painter.restore()

    def _stripe(self, painter: QPainter, rect: QRectF, card: BoardCard) -> None:
        color = PRIORITY_COLORS.get(card.priority)
        if color is None:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 5, rect.height()), 2.5, 2.5)

    def _title(self, painter: QPainter, inner: QRectF, card: BoardCard, palette: QPalette) -> float:
        font = QFont(painter.font())
        font.setBold(True)
        font.setItalic(card.archived)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        title = ("◆ " if card.kind == TaskKind.MILESTONE else "") + card.title
        lines = _wrap(title, metrics, int(inner.width()), 2)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        y = inner.top()
        for line in lines:
            painter.drawText(
                QRectF(inner.left(), y, inner.width(), metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                line,
            )
            y += metrics.height()
        return y + 3

    def _labels(self, painter: QPainter, inner: QRectF, y: float, card: BoardCard) -> float:
        if not card.labels:
            return y
        font = QFont(painter.font())
        font.setBold(False)
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        x = inner.left()
        height = metrics.height() + 2
        for label in card.labels:
            width = metrics.horizontalAdvance(label.name) + 10
            if x + width > inner.right():
                break
            color = QColor(label.color)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(x, y, width, height), 4, 4)
            painter.setPen(_text_on(color))
            painter.drawText(QRectF(x, y, width, height), Qt.AlignmentFlag.AlignCenter, label.name)
            x += width + 4
        return y + height + 2

    def _footer(self, painter: QPainter, inner: QRectF, card: BoardCard, palette: QPalette) -> None:
        font = QFont(painter.font())
        font.setBold(False)
        font.setItalic(False)
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        line = QRectF(
            inner.left(), inner.bottom() - metrics.height(), inner.width(), metrics.height()
        )
        x = line.left()
        for text, color in self._badges(card, palette):
            painter.setPen(color)
            painter.drawText(
                QRectF(x, line.top(), line.width(), line.height()), Qt.AlignmentFlag.AlignLeft, text
            )
            x += metrics.horizontalAdvance(text) + 10
        self._initials(painter, line, card, metrics)

    def _badges(self, card: BoardCard, palette: QPalette) -> list[tuple[str, QColor]]:
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        badges: list[tuple[str, QColor]] = []
        if card.due is not None:
            today = self.today()
            late = card.due < today and card.percent_complete < 100
            soon = (
                not late
                and card.percent_complete < 100
                and card.due <= today + timedelta(days=DUE_SOON_DAYS)
            )
            color = QColor("#d32f2f") if late else QColor("#ef6c00") if soon else muted
            badges.append((f"{'Overdue ' if late else ''}{card.due:%b %d}", color))
        if card.checklist_total:
            done = card.checklist_done == card.checklist_total
            badges.append(
                (
                    f"☑ {card.checklist_done}/{card.checklist_total}",
                    QColor("#2e7d32") if done else muted,
                )
            )
        if card.blocked_by:
            badges.append((f"⚠ blocked by {card.blocked_by}", QColor("#d32f2f")))
        if card.comment_count:
            badges.append((f"✎ {card.comment_count}", muted))
        days = card.age_days(self.now())
        if days >= 1:
            badges.append((f"{days}d", muted))
        return badges

    def _initials(
        self, painter: QPainter, line: QRectF, card: BoardCard, metrics: QFontMetrics
    ) -> None:
        size = metrics.height() + 4
        x = line.right() - size
        for person in reversed(card.assignees[:3]):
            circle = QRectF(x, line.bottom() - size + 1, size, size)
            color = QColor.fromHsv((person.id * 67) % 360, 140, 200)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(circle)
            painter.setPen(_text_on(color))
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, person.initials)
            x -= size + 2


def _wrap(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines of ``width`` pixels, eliding the last."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for position, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[position:])
            break
    if current:
        lines.append(current)
    lines = lines[:max_lines]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]
