"""The board as a printable sheet: column titles on top, swimlane names on the left.

The geometry (which card goes where, how tall each card is, where a page may end) comes from
:mod:`ipmp_desktop.core.layout.board_print`; this module paints it in light paper colours: the
cards show what the screen's cards show (priority stripe, title, label chips, due date,
checklist progress, blockers, comments, assignee initials). :func:`board_sheets` cuts a board
into one sheet, or one per column or per lane.
"""

import math
from collections.abc import Collection
from datetime import date

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from ipmp_desktop.core.layout.board_print import (
    BoardGeometry,
    BoardPrintLayout,
    CardBox,
    Chip,
    ColumnSlot,
    PrintFonts,
    layout_board_print,
)
from ipmp_desktop.core.layout.pages import BreakFinder, PageSetup, at_positions
from ipmp_desktop.core.services.board import BoardData, LaneMode, lanes
from ipmp_desktop.qt.render.sheet import SMALL_PIXELS, TEXT_PIXELS, print_font
from ipmp_desktop.qt.views.board.card_delegate import PRIORITY_COLORS
from ipmp_desktop.qt.views.board.column_header import wip_state

SPLITS = ("none", "column", "lane")
"""How a board may be cut into sheets: whole, one sheet per column, one per swimlane."""

TOP_HEIGHT = 30.0
PAD = 6.0

INK = QColor("#1f2329")
MUTED = QColor("#5f6773")
GRID = QColor("#c9ced6")
HEADER = QColor("#eceef1")
CELL = QColor("#f4f5f7")
CARD_BORDER = QColor("#b3bac4")
TONES = {
    "muted": MUTED,
    "late": QColor("#c62828"),
    "soon": QColor("#d35400"),
    "done": QColor("#2e7d32"),
    "alert": QColor("#c62828"),
}
WIP_COLORS = {"over": QColor("#e53935"), "full": QColor("#fb8c00")}
LANE_HEADINGS = {
    LaneMode.ASSIGNEE: "Assignee",
    LaneMode.LABEL: "Label",
    LaneMode.PRIORITY: "Priority",
    LaneMode.PARENT: "Parent",
}
LEGEND = (
    ("priority:4", "Critical"),
    ("priority:3", "High"),
    ("priority:2", "Medium"),
    ("priority:1", "Low"),
    ("blocked", "Blocked"),
    ("late", "Overdue"),
)


def print_fonts() -> PrintFonts:
    """Measures of the fonts a printed board uses (bold titles, small notes)."""
    bold = QFontMetricsF(print_font(TEXT_PIXELS, bold=True))
    small = QFontMetricsF(print_font(SMALL_PIXELS))
    return PrintFonts(
        title=bold.horizontalAdvance,
        title_line=bold.height(),
        small=small.horizontalAdvance,
        small_line=small.height(),
    )


def board_sheets(
    board: BoardData,
    mode: LaneMode,
    *,
    split: str = "none",
    only: Collection[int] | None = None,
    today: date | None = None,
    flow: int = 1,
) -> list["BoardSheet"]:
    """The sheets of a board: the whole board, or one per column or one per swimlane.

    Args:
        board: the loaded board.
        mode: what the swimlanes group by.
        split: "none", "column" or "lane" (:data:`SPLITS`).
        only: print only these cards (the view's filter); archived cards never print.
        today: the date due dates are judged against (default: today).
        flow: on a sheet per column, the cards flow across this many card columns (see
            :func:`columns_across`), so a long column fills the paper.

    Raises:
        ValueError: an unknown ``split``.
    """
    if split not in SPLITS:
        raise ValueError(f"Unknown board split {split!r}; choose one of {', '.join(SPLITS)}.")
    today = today or date.today()
    fonts = print_fonts()

    def sheet(title: str, **part) -> "BoardSheet":
        layout = layout_board_print(board, mode, fonts, today=today, only=only, **part)
        return BoardSheet(layout, title=title, lane_heading=LANE_HEADINGS.get(mode, ""))

    if split == "column" and board.columns:
        return [
            sheet(
                f"Board · {column.name}",
                column_ids=[column.id],
                drop_empty_lanes=True,
                flow=flow,
            )
            for column in board.columns
        ]
    if split == "lane" and mode != LaneMode.NONE:
        return [sheet(f"Board · {lane.title}", lane_keys=[lane.key]) for lane in lanes(board, mode)]
    return [sheet("Board")]


def columns_across(setup: PageSetup, area_width: float, with_lanes: bool) -> int:
    """How many card columns a sheet of one board column fills: as many as fit across the
    pages asked for ("pages wide", or one page of a poster) at full size."""
    geometry = BoardGeometry()
    left = geometry.lane_width if with_lanes else 0.0
    per_page = max(1, math.floor((area_width - left) / geometry.pitch))
    return per_page * (setup.pages_wide or 1)


class BoardSheet:
    """A laid-out board (or a part of one) for paper.

    Args:
        layout: the geometry from :func:`layout_board_print`.
        title: what ``{view}`` prints.
        lane_heading: the corner's text above the lane names ("Assignee" …).
    """

    fits_by_scale = True

    def __init__(self, layout: BoardPrintLayout, *, title: str, lane_heading: str = "") -> None:
        self.layout = layout
        self.title = title
        self.lane_heading = lane_heading
        self.font = print_font(TEXT_PIXELS)
        self.bold = print_font(TEXT_PIXELS, bold=True)
        self.small = print_font(SMALL_PIXELS)
        self.small_bold = print_font(SMALL_PIXELS, bold=True)
        self.left_width = layout.lane_width if layout.with_lanes else 0.0
        self.top_height = TOP_HEIGHT
        # an empty board still prints a page that says so, never a sheet of no size
        self.body_width = layout.width or 230.0
        self.body_height = max(layout.height, 40.0)

    # -- pagination --

    def x_breaks(self) -> BreakFinder | None:
        return at_positions(self.layout.x_positions)

    def y_breaks(self) -> BreakFinder | None:
        return at_positions(self.layout.y_positions)

    def spans(self, y0: float, y1: float) -> list[tuple[int, float, float, float]]:
        return [
            (card.card_id, card.x0, card.x1, (card.y0 + card.y1) / 2)
            for card in self.layout.cards_in(y0, y1)
        ]

    # -- the body --

    def paint_body(self, painter: QPainter, rect: QRectF, detail: bool = True) -> None:
        layout = self.layout
        painter.save()
        painter.fillRect(rect, QColor("white"))
        if not layout.columns:
            painter.setFont(self.font)
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, 0, self.body_width, self.body_height),
                Qt.AlignmentFlag.AlignCenter,
                "This project has no board columns yet.",
            )
            painter.restore()
            return
        for slot in layout.columns:
            if slot.right > rect.left() and slot.left < rect.right():
                cell = QRectF(slot.x0 - 3, rect.top(), slot.x1 - slot.x0 + 6, rect.height())
                painter.fillRect(cell, CELL)
        painter.setPen(QPen(GRID, 0.8))
        for lane in layout.lanes_in(rect.top(), rect.bottom()):
            painter.drawLine(QLineF(rect.left(), lane.y1, rect.right(), lane.y1))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for card in layout.cards_in(rect.top(), rect.bottom()):
            if card.x1 > rect.left() and card.x0 < rect.right():
                self.paint_card(painter, card, detail)
        painter.restore()

    def paint_card(self, painter: QPainter, card: CardBox, detail: bool = True) -> None:
        """One card: box, stripe, then (with ``detail``) its text, chips, badges, initials."""
        box = QRectF(card.x0, card.y0, card.x1 - card.x0, card.y1 - card.y0)
        painter.setPen(QPen(CARD_BORDER, 0.8))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(box, 4, 4)
        if card.blocked:
            self._paint_blocked(painter, box.right(), box.top())
        color = PRIORITY_COLORS.get(card.priority)
        if color is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.drawRoundedRect(QRectF(box.left(), box.top(), 5, box.height()), 2.5, 2.5)
        if not detail:
            return
        left = card.x0 + 10
        width = card.x1 - 7 - left
        painter.setFont(self.bold)
        painter.setPen(INK)
        line = QFontMetricsF(self.bold).height()
        for n, text in enumerate(card.title_lines):
            painter.drawText(
                QRectF(left, card.title_top + n * line, width, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.setFont(self.small)
        for chip in card.chips:
            self._paint_chip(painter, chip)
        for badge in card.badges:
            painter.setPen(TONES.get(badge.tone, MUTED))
            painter.drawText(
                QRectF(badge.x, badge.y, badge.width + 2, badge.height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                badge.text,
            )
        painter.setFont(self.small)
        for person in card.initials:
            circle = QRectF(person.x, person.y, person.size, person.size)
            fill = QColor.fromHsv((person.person_id * 67) % 360, 55, 240)
            painter.setPen(QPen(fill.darker(150), 0.8))
            painter.setBrush(fill)
            painter.drawEllipse(circle)
            painter.setPen(INK)
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, person.text)

    @staticmethod
    def _paint_blocked(painter: QPainter, right: float, top: float) -> None:
        """The blocked mark: a red corner folded into the card's top right."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TONES["alert"])
        corner = [QPointF(right - 14, top), QPointF(right - 3, top), QPointF(right, top + 3)]
        corner.append(QPointF(right, top + 14))
        painter.drawPolygon(QPolygonF(corner))

    def _paint_chip(self, painter: QPainter, chip: Chip) -> None:
        """A label chip: a light tint of the label's colour, edged in it, with dark text."""
        edge = QColor(chip.color)
        tint = QColor(edge)
        tint.setAlpha(70)
        box = QRectF(chip.x, chip.y, chip.width, chip.height)
        painter.setPen(QPen(edge, 0.8))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(box, 4, 4)
        painter.setBrush(tint)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(INK)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, chip.text)

    # -- the repeated strips --

    def paint_top(self, painter: QPainter, x0: float, x1: float, height: float) -> None:
        painter.save()
        painter.fillRect(QRectF(x0, 0, x1 - x0, height), HEADER)
        for slot in self.layout.columns:
            if slot.right > x0 and slot.left < x1:
                # a column wider than the tile keeps its title in view on every tile
                left, right = max(slot.x0, x0 + 5), min(slot.x1, x1 - 5)
                self._paint_column_title(painter, slot, left, right, height)
        painter.restore()

    def _paint_column_title(
        self, painter: QPainter, slot: ColumnSlot, left: float, right: float, height: float
    ) -> None:
        """Name on the left, the count against the WIP limit in a pill on the right (orange
        at the limit, red over it, as on the screen)."""
        count = f"{slot.count}" if slot.wip_limit is None else f"{slot.count} / {slot.wip_limit}"
        if slot.shown != slot.count:
            count = f"{slot.shown} of {count}"
        small = QFontMetricsF(self.small_bold)
        pill_width = small.horizontalAdvance(count) + 12
        pill = QRectF(right - pill_width, (height - 16) / 2, pill_width, 16)
        state = wip_state(slot.count, slot.wip_limit)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(WIP_COLORS.get(state, QColor("#d9dde3")))
        painter.drawRoundedRect(pill, 8, 8)
        painter.setFont(self.small_bold)
        painter.setPen(QColor("white") if state else INK)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, count)
        painter.setFont(self.bold)
        painter.setPen(INK)
        name_box = QRectF(left + 4, 0, pill.left() - left - 10, height)
        name = QFontMetricsF(self.bold).elidedText(
            slot.name, Qt.TextElideMode.ElideRight, name_box.width()
        )
        painter.drawText(name_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setPen(QPen(GRID, 0.8))
        painter.drawLine(QLineF(slot.right, 4, slot.right, height - 4))

    def paint_left(self, painter: QPainter, y0: float, y1: float, width: float) -> None:
        """Lane names; a lane cut by the page's top edge repeats its name at the top."""
        painter.save()
        painter.fillRect(QRectF(0, y0, width, y1 - y0), HEADER)
        line = QFontMetricsF(self.bold).height()
        small_line = QFontMetricsF(self.small).height()
        for lane in self.layout.lanes_in(y0, y1):
            top = max(lane.y0, y0) + PAD
            painter.setFont(self.bold)
            painter.setPen(INK)
            for n, text in enumerate(lane.lines):
                painter.drawText(
                    QRectF(8, top + n * line, width - 12, line),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
            note = f"{lane.count} card{'s' if lane.count != 1 else ''}"
            if lane.y0 < y0 - 0.5:
                note += " (continued)"
            painter.setFont(self.small)
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(8, top + len(lane.lines) * line, width - 12, small_line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                note,
            )
            painter.setPen(QPen(GRID, 0.8))
            painter.drawLine(QLineF(0, lane.y1, width, lane.y1))
        painter.restore()

    def paint_corner(self, painter: QPainter, width: float, height: float) -> None:
        painter.save()
        painter.fillRect(QRectF(0, 0, width, height), HEADER)
        if width > 0 and self.lane_heading:
            painter.setFont(self.bold)
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(8, 0, width - 12, height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.lane_heading,
            )
        painter.restore()

    # -- the legend --

    def legend(self) -> list[tuple[str, str]]:
        return list(LEGEND)

    def paint_symbol(self, painter: QPainter, key: str, rect: QRectF) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        card = QRectF(rect.left(), rect.center().y() - 5, rect.width(), 10)
        if key.startswith("priority:"):
            painter.setPen(QPen(CARD_BORDER, 0.8))
            painter.setBrush(QColor("white"))
            painter.drawRoundedRect(card, 2, 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(PRIORITY_COLORS[int(key.split(":")[1])]))
            painter.drawRoundedRect(QRectF(card.left(), card.top(), 5, card.height()), 2, 2)
        elif key == "blocked":
            painter.setPen(QPen(CARD_BORDER, 0.8))
            painter.setBrush(QColor("white"))
            painter.drawRoundedRect(card, 2, 2)
            self._paint_blocked(painter, card.right(), card.top())
        elif key == "late":
            painter.setPen(QPen(TONES["late"], 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            centre = rect.center()
            painter.drawEllipse(centre, 4.5, 4.5)
            painter.drawLine(QLineF(centre, QPointF(centre.x(), centre.y() - 3)))
            painter.drawLine(QLineF(centre, QPointF(centre.x() + 2.5, centre.y())))
        painter.restore()
