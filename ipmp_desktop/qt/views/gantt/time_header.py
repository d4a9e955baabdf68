"""The two-tier date header above the Gantt chart, scrolled with it."""

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from ipmp_desktop.qt.views.gantt.chart_view import GanttChartView


class TimeScaleHeader(QWidget):
    """The two-tier date header above the chart, scrolled with it."""

    def __init__(self, chart: GanttChartView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        chart.horizontal_moved.connect(lambda _: self.update())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        layout = self.chart.chart
        if layout is None:
            painter.fillRect(event.rect(), self.palette().button())
            return
        offset = self.chart.x_offset()
        painter.translate(-offset, 0)
        painter.setClipRect(QRectF(offset, 0, self.width(), self.height()))
        self.chart.gantt_painter.paint_header(
            painter, layout.scale, offset, offset + self.width(), self.height()
        )
