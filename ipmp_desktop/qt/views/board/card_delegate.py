"""Paints a card: priority stripe, title, label chips, due date, checklist, blockers, age,
assignee initials. One delegate draws every card: no widget per card."""

import functools
from dataclasses import dataclass
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


@functools.cache
def _color(name: str) -> QColor:
    """A named color, made once (callers must not change it)."""
    return QColor(name)


@functools.cache
def _person_color(person_id: int) -> QColor:
    return QColor.fromHsv((person_id * 67) % 360, 140, 200)


def _text_on(color: QColor) -> QColor:
    return _color("#000000") if color.lightnessF() > 0.6 else _color("#ffffff")


@dataclass(frozen=True, slots=True)
class _Font:
    """A font and its metrics."""

    font: QFont
    metrics: QFontMetrics


def _derived(font: QFont, *, bold: bool, italic: bool | None, scale: float = 1.0) -> _Font:
    font = QFont(font)
    font.setBold(bold)
    if italic is not None:
        font.setItalic(italic)
    if scale != 1.0:
        font.setPointSizeF(max(6.5, font.pointSizeF() * scale))
    return _Font(font, QFontMetrics(font))


@dataclass(frozen=True, slots=True)
class _Fonts:
    """The fonts a card is drawn with, derived from the view's font as each part of the card
    always derived them from the one before: label chips keep an archived card's italics, and
    the footer is 0.85 of the label size when the card has labels, else of the title size."""

    title: tuple[_Font, _Font]  # by archived
    label: tuple[_Font, _Font]  # by archived
    footer: tuple[_Font, _Font]  # by "has labels"

    @classmethod
    def derive(cls, base: QFont) -> "_Fonts":
        title = tuple(_derived(base, bold=True, italic=archived) for archived in (False, True))
        label = tuple(_derived(t.font, bold=False, italic=None, scale=0.8) for t in title)
        after_title = _derived(title[0].font, bold=False, italic=False, scale=0.85)
        after_labels = _derived(label[0].font, bold=False, italic=False, scale=0.85)
        return cls(title, label, (after_title, after_labels))  # type: ignore[arg-type]


_CACHE_LIMIT = 20_000
"""Wrapped titles and chip widths kept per delegate before the caches start over."""


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
        # a repaint draws the same few dozen cards again: fonts, wrapped titles and chip widths
        # are worked out once rather than per card and paint
        self._fonts: dict[str, _Fonts] = {}
        self._lines: dict[tuple[str, bool, str, int], list[str]] = {}
        self._widths: dict[tuple[tuple[str, bool], str], int] = {}

    def _fonts_for(self, base: QFont) -> tuple[str, _Fonts]:
        key = base.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            fonts = self._fonts[key] = _Fonts.derive(base)
        return key, fonts

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
        age = card.age_days(self.now())
        painter.setOpacity(0.45 if card.archived else 1.0 - age_fade(age))
        self._stripe(painter, rect, card)
        inner = rect.adjusted(10, 6, -8, -6)
        key, fonts = self._fonts_for(painter.font())
        y = self._title(painter, inner, card, palette, key, fonts)
        y = self._labels(painter, inner, y, card, key, fonts)
        self._footer(painter, inner, card, palette, fonts, age)
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
        painter.setBrush(_color(color))
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 5, rect.height()), 2.5, 2.5)

    def _title(
        self,
        painter: QPainter,
        inner: QRectF,
        card: BoardCard,
        palette: QPalette,
        key: str,
        fonts: _Fonts,
    ) -> float:
        font = fonts.title[card.archived]
        metrics = font.metrics
        painter.setFont(font.font)
        title = ("◆ " if card.kind == TaskKind.MILESTONE else "") + card.title
        width = int(inner.width())
        cache_key = (key, card.archived, title, width)
        lines = self._lines.get(cache_key)
        if lines is None:
            if len(self._lines) >= _CACHE_LIMIT:
                self._lines.clear()
            lines = self._lines[cache_key] = _wrap(title, metrics, width, 2)
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

    def _labels(
        self, painter: QPainter, inner: QRectF, y: float, card: BoardCard, key: str, fonts: _Fonts
    ) -> float:
        if not card.labels:
            return y
        font = fonts.label[card.archived]
        painter.setFont(font.font)
        metrics = font.metrics
        x = inner.left()
        height = metrics.height() + 2
        for label in card.labels:
            width = self._chip_width((key, card.archived), label.name, metrics)
            if x + width > inner.right():
                break
            color = _color(label.color)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(x, y, width, height), 4, 4)
            painter.setPen(_text_on(color))
            painter.drawText(QRectF(x, y, width, height), Qt.AlignmentFlag.AlignCenter, label.name)
            x += width + 4
        return y + height + 2

    def _chip_width(self, key: tuple[str, bool], name: str, metrics: QFontMetrics) -> int:
        width = self._widths.get((key, name))
        if width is None:
            if len(self._widths) >= _CACHE_LIMIT:
                self._widths.clear()
            width = self._widths[(key, name)] = metrics.horizontalAdvance(name) + 10
        return width

    def _footer(
        self,
        painter: QPainter,
        inner: QRectF,
        card: BoardCard,
        palette: QPalette,
        fonts: _Fonts,
        age: int,
    ) -> None:
        font = fonts.footer[bool(card.labels)]
        painter.setFont(font.font)
        metrics = font.metrics
        line = QRectF(
            inner.left(), inner.bottom() - metrics.height(), inner.width(), metrics.height()
        )
        x = line.left()
        for text, color in self._badges(card, palette, age):
            painter.setPen(color)
            painter.drawText(
                QRectF(x, line.top(), line.width(), line.height()), Qt.AlignmentFlag.AlignLeft, text
            )
            x += metrics.horizontalAdvance(text) + 10
        self._initials(painter, line, card, metrics)

    def _badges(self, card: BoardCard, palette: QPalette, days: int) -> list[tuple[str, QColor]]:
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
            color = _color("#d32f2f") if late else _color("#ef6c00") if soon else muted
            badges.append((f"{'Overdue ' if late else ''}{card.due:%b %d}", color))
        if card.checklist_total:
            done = card.checklist_done == card.checklist_total
            badges.append(
                (
                    f"☑ {card.checklist_done}/{card.checklist_total}",
                    _color("#2e7d32") if done else muted,
                )
            )
        if card.blocked_by:
            badges.append((f"⚠ blocked by {card.blocked_by}", _color("#d32f2f")))
        if card.comment_count:
            badges.append((f"✎ {card.comment_count}", muted))
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
            color = _person_color(person.id)
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
