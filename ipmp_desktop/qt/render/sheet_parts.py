"""What the sheets with a time axis across (the Gantt chart, the roadmap timeline) share: their
fonts, the day width "pages wide" asks for, the legend, and the legend marks that mean the same
on both (a dashed day line, the continuation arrow).
"""

from typing import Generic, TypeVar

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from ipmp_desktop.core.layout.pages import PageSetup, fit_day_width_to_pages
from ipmp_desktop.qt.render.sheet import CUT_COLOR, cut_arrow, print_font

DataT = TypeVar("DataT")


class TimeAxisSheet(Generic[DataT]):
    """The base of a sheet whose body is a time axis: the data, the print fonts and the legend.

    A subclass sets ``title`` and ``legend_entries``, calls this constructor first, sets
    ``left_width`` before it asks :meth:`day_width_for`, and provides the rest of
    :class:`~ipmp_desktop.qt.render.sheet.Sheet`.

    Args:
        data: what to print.
        area_width: width of a page's body area in print units (for "pages wide").
    """

    title = ""
    legend_entries: tuple[tuple[str, str], ...] = ()
    """``(symbol key, label)`` pairs of the legend."""
    left_width: float

    def __init__(self, data: DataT, area_width: float) -> None:
        self.data = data
        self.area_width = area_width
        self.font = print_font()
        self.bold = print_font(bold=True)
        self.metrics = QFontMetricsF(self.font)
        self.bold_metrics = QFontMetricsF(self.bold)

    def day_width_for(self, setup: PageSetup, days: int) -> float:
        """The day width to draw ``days`` at: with ``setup.pages_wide``, the one at which they
        fill that many pages beside the left strip (:func:`fit_day_width_to_pages`); otherwise
        ``setup.day_width``."""
        if setup.pages_wide:
            return fit_day_width_to_pages(days, setup.pages_wide, self.area_width, self.left_width)
        return setup.day_width

    def legend(self) -> list[tuple[str, str]]:
        return list(self.legend_entries)


def paint_cut_symbol(painter: QPainter, rect: QRectF) -> None:
    """The legend's "continues on next page" symbol: the continuation arrow, centred in
    ``rect``. Leaves the painter's pen and brush changed (callers save and restore)."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(CUT_COLOR)
    painter.drawPolygon(cut_arrow(rect.center().x() + 2, rect.center().y()))


def paint_dashed_line(painter: QPainter, rect: QRectF, color: QColor, width: float) -> None:
    """A dashed vertical line down the middle of ``rect`` (the legend's today line, a release).
    Leaves the painter's pen changed (callers save and restore)."""
    pen = QPen(color, width)
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    x = rect.center().x()
    painter.drawLine(QLineF(x, rect.top(), x, rect.bottom()))
