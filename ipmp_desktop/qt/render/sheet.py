"""Printed pages: what a printable sheet provides, and how one page of it is painted.

A :class:`Sheet` is anything that can be printed in tiles: a scrolling *body*, a *left* strip
repeated on every tile (task or lane names), a *top* strip repeated on every tile (time scale,
column titles) and the corner where they meet. Each ``paint_*`` method draws only what
intersects the rectangle it is given, so a page of a 10,000-row chart costs a page's worth.

A :class:`Document` is the list of sheets plus a :class:`PageSetup`. :func:`plan_document`
paginates every sheet (with an overview page in front of any sheet tiled several pages across)
and :func:`paint_page` draws one page on any QPainter (PDF, SVG, image, printer, preview):
header, repeated strips, the body tile, continuation marks at cut bars, footer and legend.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF

from ipmp_desktop.core.layout.pages import (
    Box,
    BreakFinder,
    PageSetup,
    Pagination,
    Tile,
    cuts_at_edges,
    fill_tokens,
    fit_scale,
    paginate,
)

HEADER_HEIGHT = 20.0
FOOTER_HEIGHT = 20.0
LEGEND_HEIGHT = 18.0
TEXT_PIXELS = 11
SMALL_PIXELS = 9
CUT_COLOR = QColor("#c2410c")
"""The colour of continuation marks, on the page and in the legend."""


class Sheet(Protocol):
    """A printable chart. Body coordinates start at (0, 0) at the body's top-left corner."""

    title: str
    """What ``{view}`` prints, e.g. "Gantt chart" or "Board · In progress"."""
    body_width: float
    body_height: float
    left_width: float
    top_height: float
    fits_by_scale: bool
    """True: "pages wide/tall" shrink the whole sheet (board, roadmap). False: the sheet was
    built for the pages asked (a Gantt chart picks its day width) and prints at scale 1."""

    def x_breaks(self) -> BreakFinder | None:
        """Where the body may be cut across (None: anywhere)."""

    def y_breaks(self) -> BreakFinder | None:
        """Where the body may be cut down (None: anywhere)."""

    def paint_body(self, painter: QPainter, rect: QRectF, detail: bool = True) -> None:
        """Draw the body's part in ``rect`` (body units). ``detail`` False: an overview, text
        may be left out."""

    def paint_left(self, painter: QPainter, y0: float, y1: float, width: float) -> None:
        """Draw the left strip for body rows in [y0, y1); x from 0 to ``width``."""

    def paint_top(self, painter: QPainter, x0: float, x1: float, height: float) -> None:
        """Draw the top strip for body x in [x0, x1); y from 0 to ``height``."""

    def paint_corner(self, painter: QPainter, width: float, height: float) -> None:
        """Draw the corner above the left strip."""

    def spans(self, y0: float, y1: float) -> list[tuple[int, float, float, float]]:
        """``(key, x0, x1, mid y)`` of the shapes in body rows [y0, y1) that a vertical cut
        may split (bars, cards); a cut one gets a continuation mark."""

    def legend(self) -> list[tuple[str, str]]:
        """``(symbol key, label)`` pairs of the legend; empty for none."""

    def paint_symbol(self, painter: QPainter, key: str, rect: QRectF) -> None:
        """Draw one legend symbol in ``rect``."""


@dataclass(frozen=True)
class Page:
    """One printed page: a tile of a sheet, or the sheet's overview (``tile`` None)."""

    sheet: int
    pagination: Pagination
    tile: Tile | None


@dataclass
class Document:
    """Sheets to print with one page setup, and the values its header and footer tokens take."""

    sheets: Sequence[Sheet]
    setup: PageSetup
    project: str
    date_range: tuple[date, date] | None = None
    printed: date = field(default_factory=date.today)
    pages: list[Page] = field(default_factory=list)

    def page_count(self) -> int:
        return len(self.pages)


def body_area(setup: PageSetup) -> Box:
    """The printable area left for the chart once header and footer bands are taken."""
    area = setup.printable()
    top = HEADER_HEIGHT if any(setup.header) else 0.0
    bottom = (FOOTER_HEIGHT if any(setup.footer) else 0.0) + (
        LEGEND_HEIGHT if setup.legend else 0.0
    )
    return Box(area.x, area.y + top, area.width, area.height - top - bottom)


def plan_document(document: Document) -> Document:
    """Paginate every sheet into ``document.pages`` (and return the document)."""
    setup = document.setup
    area = body_area(setup)
    pages: list[Page] = []
    for index, sheet in enumerate(document.sheets):
        scale = 1.0
        if sheet.fits_by_scale:
            scale = fit_scale(
                body_width=sheet.body_width,
                body_height=sheet.body_height,
                left_width=sheet.left_width,
                top_height=sheet.top_height,
                area=area,
                pages_wide=setup.pages_wide,
                pages_tall=setup.pages_tall,
            )
        pagination = paginate(
            body_width=sheet.body_width,
            body_height=sheet.body_height,
            left_width=sheet.left_width,
            top_height=sheet.top_height,
            area=area,
            scale=scale,
            x_breaks=sheet.x_breaks(),
            y_breaks=sheet.y_breaks(),
        )
        if setup.overview and pagination.columns > 1:  # a poster: show how it assembles
            pages.append(Page(index, pagination, None))
        pages.extend(Page(index, pagination, tile) for tile in pagination.tiles)
    document.pages = pages
    return document


def print_font(pixels: int = TEXT_PIXELS, bold: bool = False) -> QFont:
    """The font of printed text, sized in print units so every device prints it alike."""
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(pixels)
    font.setBold(bold)
    # no "fi"/"fl" ligature glyphs: a PDF's text must search and copy as typed
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def paint_page(painter: QPainter, document: Document, number: int) -> None:
    """Draw page ``number`` (from 0) with the painter's units being print units, origin at the
    paper's top-left corner."""
    page = document.pages[number]
    sheet = document.sheets[page.sheet]
    setup = document.setup
    area = body_area(setup)
    tile_name = page.tile.label if page.tile is not None else "overview"
    values = {
        "project": document.project,
        "view": sheet.title,
        "printed": document.printed.isoformat(),
        "page": number + 1,
        "pages": len(document.pages),
        "range": _range_text(document.date_range),
        "tile": tile_name,
    }
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    printable = setup.printable()
    if any(setup.header):
        band = QRectF(printable.x, printable.y, printable.width, HEADER_HEIGHT - 6)
        _paint_band(painter, band, setup.header, values, bold=True)
    if page.tile is None:
        _paint_overview(painter, sheet, page.pagination, area)
    else:
        _paint_tile(painter, sheet, page.pagination, page.tile, area)
    bottom = printable.bottom
    if any(setup.footer):
        band = QRectF(printable.x, bottom - FOOTER_HEIGHT + 6, printable.width, FOOTER_HEIGHT - 6)
        _paint_band(painter, band, setup.footer, values, bold=False)
        bottom -= FOOTER_HEIGHT
    if setup.legend:
        _paint_legend(
            painter,
            sheet,
            QRectF(printable.x, bottom - LEGEND_HEIGHT + 4, printable.width, LEGEND_HEIGHT - 4),
        )
    painter.restore()


def _range_text(date_range: tuple[date, date] | None) -> str:
    if date_range is None:
        return ""
    first, last = date_range
    return f"{first.isoformat()} to {last.isoformat()}"


def _paint_band(
    painter: QPainter, band: QRectF, texts: Sequence[str], values: dict, *, bold: bool
) -> None:
    painter.setFont(print_font(10, bold))
    painter.setPen(QColor("#1f2329"))
    aligns = (
        Qt.AlignmentFlag.AlignLeft,
        Qt.AlignmentFlag.AlignHCenter,
        Qt.AlignmentFlag.AlignRight,
    )
    for text, align in zip(texts, aligns, strict=False):
        if text:
            painter.drawText(band, align | Qt.AlignmentFlag.AlignVCenter, fill_tokens(text, values))


def _paint_tile(
    painter: QPainter, sheet: Sheet, pagination: Pagination, tile: Tile, area: Box
) -> None:
    scale = pagination.scale
    left, top = pagination.left_width, pagination.top_height
    painter.save()
    painter.translate(area.x, area.y)
    painter.scale(scale, scale)
    _paint_parts(painter, sheet, left, top, (tile.x0, tile.y0, tile.x1, tile.y1), detail=True)
    # frame and continuation marks
    painter.setPen(QPen(QColor("#8a919b"), 0.8))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(0, 0, left + tile.width, top + tile.height))
    painter.drawLine(QPointF(left, 0), QPointF(left, top + tile.height))
    painter.drawLine(QPointF(0, top), QPointF(left + tile.width, top))
    _paint_continuations(painter, sheet, tile, left, top)
    painter.restore()


def cut_arrow(tip_x: float, y: float, pointing: int = 1) -> QPolygonF:
    """The continuation mark: a triangle 5 long and 8 high with its tip at ``(tip_x, y)``,
    pointing right (``pointing`` 1) or left (-1)."""
    back = tip_x - 5 * pointing
    return QPolygonF([QPointF(back, y - 4), QPointF(tip_x, y), QPointF(back, y + 4)])


def _paint_continuations(
    painter: QPainter, sheet: Sheet, tile: Tile, left: float, top: float
) -> None:
    """A small arrow at each tile edge a shape runs through: it goes on on the next tile."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(CUT_COLOR)
    for cut in cuts_at_edges(sheet.spans(tile.y0, tile.y1), tile.x0, tile.x1):
        y = top + cut.y - tile.y0
        if cut.side == "right":
            painter.drawPolygon(cut_arrow(left + tile.width - 1, y))
        else:
            painter.drawPolygon(cut_arrow(left + 1, y, pointing=-1))


def _paint_overview(painter: QPainter, sheet: Sheet, pagination: Pagination, area: Box) -> None:
    """The tile grid with each tile's name, to assemble a poster by, over a thumbnail of the
    whole sheet when the sheet's shape lets one be read."""
    left, top = pagination.left_width, pagination.top_height
    width = left + sheet.body_width
    height = top + sheet.body_height
    room = QRectF(0, 0, area.width, area.height - 16)
    scale = min(room.width() / width, room.height() / height)
    painter.save()
    painter.translate(area.x, area.y + 16)
    painter.setFont(print_font(10, True))
    painter.setPen(QColor("#1f2329"))
    painter.drawText(
        QRectF(0, -16, area.width, 12),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        f"Overview: {_count(pagination.columns, 'page')} across, {pagination.rows} down; "
        "every page repeats the row and column headings",
    )
    thumbnail = width * scale >= room.width() * 0.4 and height * scale >= room.height() * 0.25
    if thumbnail:
        painter.save()
        painter.scale(scale, scale)
        _paint_parts(painter, sheet, left, top, _whole(sheet), detail=False)
        painter.restore()
        cells = [
            QRectF(
                (left + tile.x0) * scale,
                (top + tile.y0) * scale,
                tile.width * scale,
                tile.height * scale,
            )
            for tile in pagination.tiles
        ]
    else:  # too long or too wide to read shrunk: a schematic map of equal cells
        cell_width = room.width() / pagination.columns
        cell_height = min(room.height() / pagination.rows, cell_width * 0.7)
        cells = [
            QRectF(tile.column * cell_width, tile.row * cell_height, cell_width, cell_height)
            for tile in pagination.tiles
        ]
    painter.setPen(QPen(CUT_COLOR, 1.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    size = int(min(14, max(cells[0].height() * 0.6, 4))) if cells else 14
    painter.setFont(print_font(size, True))
    for tile, cell in zip(pagination.tiles, cells, strict=True):
        painter.drawRect(cell)
        painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, tile.label)
    painter.restore()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _whole(sheet: Sheet) -> tuple[float, float, float, float]:
    return (0.0, 0.0, sheet.body_width, sheet.body_height)


def _paint_parts(
    painter: QPainter,
    sheet: Sheet,
    left: float,
    top: float,
    body: tuple[float, float, float, float],
    *,
    detail: bool,
) -> None:
    """The corner, both repeated strips and the body for body x in [x0, x1) and y in
    [y0, y1) (``body``), each clipped to its place, with the body's (x0, y0) at (left, top)."""
    x0, y0, x1, y1 = body
    width, height = x1 - x0, y1 - y0
    painter.save()
    painter.setClipRect(QRectF(0, 0, left, top))
    sheet.paint_corner(painter, left, top)
    painter.restore()
    painter.save()
    painter.setClipRect(QRectF(left, 0, width, top))
    painter.translate(left - x0, 0)
    sheet.paint_top(painter, x0, x1, top)
    painter.restore()
    painter.save()
    painter.setClipRect(QRectF(0, top, left, height))
    painter.translate(0, top - y0)
    sheet.paint_left(painter, y0, y1, left)
    painter.restore()
    painter.save()
    painter.setClipRect(QRectF(left, top, width, height))
    painter.translate(left - x0, top - y0)
    sheet.paint_body(painter, QRectF(x0, y0, width, height), detail=detail)
    painter.restore()


def paint_whole(painter: QPainter, sheet: Sheet) -> None:
    """A sheet in one piece at the painter's scale, on white (whole-chart SVG and PNG)."""
    left, top = sheet.left_width, sheet.top_height
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.fillRect(
        QRectF(0, 0, left + sheet.body_width, top + sheet.body_height), QColor("white")
    )
    _paint_parts(painter, sheet, left, top, _whole(sheet), detail=True)
    painter.restore()


def _paint_legend(painter: QPainter, sheet: Sheet, band: QRectF) -> None:
    entries = sheet.legend()
    if not entries:
        return
    painter.save()
    painter.setFont(print_font(SMALL_PIXELS))
    metrics = painter.fontMetrics()
    x = band.left()
    for key, label in entries:
        symbol = QRectF(x, band.top() + 2, 22, band.height() - 4)
        sheet.paint_symbol(painter, key, symbol)
        x += 26
        painter.setPen(QColor("#1f2329"))
        width = metrics.horizontalAdvance(label) + 2
        painter.drawText(
            QRectF(x, band.top(), width, band.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        x += width + 14
        if x > band.right():
            break
    painter.restore()
