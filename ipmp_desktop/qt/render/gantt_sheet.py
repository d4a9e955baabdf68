"""The Gantt chart as a printable sheet: outline columns on the left, time scale on top.

The chart itself is drawn by the screen's :class:`GanttPainter` from the same core layout; this
module adds what only paper needs: the outline columns as a repeated strip, a day width chosen
to fit "N pages wide", and a legend.
"""

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen

from ipmp_desktop.core.layout.gantt import BarShape, layout_gantt
from ipmp_desktop.core.layout.pages import BreakFinder, PageSetup, every
from ipmp_desktop.core.layout.timescale import TimeScale, readable_zoom
from ipmp_desktop.core.services.gantt_print import GanttPrint
from ipmp_desktop.qt.render.gantt_painter import GanttPainter, GanttStyle
from ipmp_desktop.qt.render.sheet_parts import TimeAxisSheet, paint_cut_symbol, paint_dashed_line

ROW_HEIGHT = 22.0
HEADER_HEIGHT = 36.0
INDENT = 12.0
INDENT_LEVELS = 10
"""Names indent one step per outline level down to this many; deeper names indent no further,
so a deep outline still prints its names (the WBS number tells the depth)."""
PADDING = 5.0
MAX_NAME_WIDTH = 280.0
MAX_COLUMN_WIDTH = 150.0

LEGEND = (
    ("task", "Task"),
    ("progress", "Done"),
    ("critical", "Critical"),
    ("summary", "Summary"),
    ("milestone", "Milestone"),
    ("baseline", "Baseline"),
    ("today", "Today"),
    ("cut", "Continues on next page"),
)


class GanttSheet(TimeAxisSheet[GanttPrint]):
    """A :class:`GanttPrint` laid out for paper: ``setup.pages_wide`` (or its ``day_width``)
    sets the time scale; ``data`` and ``area_width`` are as :class:`TimeAxisSheet` takes them.
    """

    title = "Gantt chart"
    legend_entries = LEGEND
    fits_by_scale = False

    def __init__(self, data: GanttPrint, setup: PageSetup, area_width: float) -> None:
        super().__init__(data, area_width)
        self._baseline = (ROW_HEIGHT + self.metrics.ascent() - self.metrics.descent()) / 2
        self._cell_cache: dict[int, tuple[bool, list[tuple[float, str]]]] = {}
        self.widths = self._measure()
        self.left_width = sum(self.widths)
        self.top_height = HEADER_HEIGHT
        day_width = self.day_width_for(setup, data.days)
        zoom = readable_zoom(day_width, self.metrics.horizontalAdvance)
        self.scale = TimeScale(origin=data.first_day, day_width=day_width, zoom=zoom)
        self.layout = layout_gantt(data.tasks, data.links, self.scale, ROW_HEIGHT)
        self.body_width = data.days * day_width
        self.body_height = self.layout.height or ROW_HEIGHT
        self.painter = GanttPainter(GanttStyle.for_print(self.font))
        self.style = self.painter.style

    def _measure(self) -> list[float]:
        metrics = QFontMetricsF(self.font)
        bold = QFontMetricsF(self.bold)
        widths = []
        for index, (key, header) in enumerate(
            zip(self.data.columns, self.data.headers, strict=True)
        ):
            widest = bold.horizontalAdvance(header)
            for row in self.data.rows:
                text = row.cells[index]
                extra = _indent(row.depth) if key == "name" else 0.0
                if key == "name" and row.milestone:
                    text = "◆ " + text
                measure = bold if row.summary else metrics
                widest = max(widest, measure.horizontalAdvance(text) + extra)
            cap = MAX_NAME_WIDTH if key == "name" else MAX_COLUMN_WIDTH
            widths.append(min(widest, cap) + 2 * PADDING)
        return widths

    # -- pagination --

    def x_breaks(self) -> BreakFinder | None:
        return every(self.scale.day_width) if self.scale.day_width >= 4 else None

    def y_breaks(self) -> BreakFinder | None:
        return every(ROW_HEIGHT)

    # -- painting --

    def paint_body(self, painter: QPainter, rect: QRectF, detail: bool = True) -> None:
        self.painter.paint_chart(
            painter,
            self.layout,
            rect,
            is_working=self.data.calendar.is_working,
            today=self.data.today,
            labels=detail,
        )

    def paint_left(self, painter: QPainter, y0: float, y1: float, width: float) -> None:
        style = self.style
        rows = self.layout.rows_in(y0, y1 - 0.01)
        painter.save()
        painter.fillRect(QRectF(0, y0, width, y1 - y0), style.background)
        alternate = style.alternate
        for row in rows:
            if row % 2:
                painter.fillRect(QRectF(0, row * ROW_HEIGHT, width, ROW_HEIGHT), alternate)
        painter.setPen(style.text)
        current = None
        for row in rows:
            bold, texts = self._cells(row)
            if bold is not current:
                painter.setFont(self.bold if bold else self.font)
                current = bold
            baseline = row * ROW_HEIGHT + self._baseline
            for x, text in texts:
                painter.drawText(QPointF(x, baseline), text)
        painter.setPen(QPen(style.grid, 0))
        x = 0.0
        for cell_width in self.widths[:-1]:
            x += cell_width
            painter.drawLine(QLineF(x, y0, x, y1))
        painter.restore()

    def _cells(self, row: int) -> tuple[bool, list[tuple[float, str]]]:
        """The row's texts, elided to their columns, with the x each starts at (cached: every
        tile across repeats the same names)."""
        cached = self._cell_cache.get(row)
        if cached is not None:
            return cached
        printed = self.data.rows[row]
        metrics = self.bold_metrics if printed.summary else self.metrics
        texts = []
        x = 0.0
        for index, key in enumerate(self.data.columns):
            cell_width = self.widths[index]
            indent = _indent(printed.depth) if key == "name" else 0.0
            room = cell_width - 2 * PADDING - indent
            text = printed.cells[index]
            if key == "name" and printed.milestone:
                text = "◆ " + text
            if text:
                elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room + 0.5)
                if key in ("name", "wbs", "predecessors"):
                    left = x + PADDING + indent
                else:  # numbers and dates align right
                    left = x + cell_width - PADDING - metrics.horizontalAdvance(elided)
                texts.append((left, elided))
            x += cell_width
        cached = self._cell_cache[row] = (printed.summary, texts)
        return cached

    def paint_top(self, painter: QPainter, x0: float, x1: float, height: float) -> None:
        self.painter.paint_header(painter, self.scale, x0, x1, height)

    def paint_corner(self, painter: QPainter, width: float, height: float) -> None:
        style = self.style
        painter.save()
        painter.fillRect(QRectF(0, 0, width, height), style.header_background)
        painter.setFont(self.bold)
        x = 0.0
        for cell_width, header in zip(self.widths, self.data.headers, strict=True):
            painter.setPen(style.text)
            painter.drawText(
                QRectF(x + PADDING, 0, cell_width - 2 * PADDING, height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                header,
            )
            x += cell_width
            painter.setPen(QPen(style.grid, 0))
            painter.drawLine(QLineF(x, 0, x, height))
        painter.restore()

    def spans(self, y0: float, y1: float) -> list[tuple[int, float, float, float]]:
        found = []
        for row in self.layout.rows_in(y0, y1 - 0.01):
            bar = self.layout.bars[row]
            if bar is not None and bar.kind != "milestone":
                found.append((bar.task_id, bar.x0, bar.x1, (bar.y0 + bar.y1) / 2))
        return found

    def paint_symbol(self, painter: QPainter, key: str, rect: QRectF) -> None:
        style = self.style
        mid = rect.center().y()
        height = min(rect.height(), 10.0)
        bar = BarShape(
            task_id=0,
            row=0,
            kind="task",
            x0=rect.left(),
            x1=rect.right(),
            y0=mid - height / 2,
            y1=mid + height / 2,
            progress_x=rect.left(),
            percent=0,
            critical=False,
            conflict=False,
            manual=False,
            label="",
        )
        painter.save()
        match key:
            case "task":
                self.painter.paint_bar(painter, bar)
            case "progress":
                self.painter.paint_bar(painter, _with(bar, progress_x=rect.right(), percent=100))
            case "critical":
                self.painter.paint_bar(painter, _with(bar, critical=True))
            case "summary":
                self.painter.paint_bar(painter, _with(bar, kind="summary"))
            case "milestone":
                side = height
                centre = rect.center().x()
                self.painter.paint_bar(
                    painter,
                    _with(bar, kind="milestone", x0=centre - side / 2, x1=centre + side / 2),
                )
            case "baseline":
                painter.fillRect(QRectF(rect.left(), mid - 2, rect.width(), 4), style.baseline)
            case "today":
                paint_dashed_line(painter, rect, style.today, 2)
            case "cut":
                paint_cut_symbol(painter, rect)
        painter.restore()


def _with(bar: BarShape, **changes) -> BarShape:
    from dataclasses import replace

    return replace(bar, **changes)


def _indent(depth: int) -> float:
    """How far a name at outline ``depth`` is indented (see :data:`INDENT_LEVELS`)."""
    return min(depth, INDENT_LEVELS) * INDENT
