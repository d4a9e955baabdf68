"""The roadmap timeline: theme lanes down, months or quarters across, items as bars.

Dragging a bar shifts the item in time (its subtasks through the scheduler) and, dropped on
another lane, moves it to that theme; dragging the right end of an item without subtasks sets
its finish. Each gesture previews while the mouse moves and is one command on release; Escape
cancels. The preview includes the other items the drop would move through their links (ghosts
where they would land, their bars ringed); after a drop that moved others, a bar under the chart
says how many moved and how many are now at risk, rings them and steps through them, until the
next change or Escape. Geometry comes from :mod:`ipmp_desktop.core.layout.roadmap`; the painting
is the :class:`~ipmp_desktop.qt.render.roadmap_painter.RoadmapPainter` a printed roadmap uses too;
its header has the release names in a strip of their own under the months.
"""

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QToolTip, QWidget

from ipmp_desktop.core.commands import Command
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.layout.roadmap import (
    ItemShape,
    TimelineLayout,
    layout_timeline,
    outside_label_room,
)
from ipmp_desktop.core.layout.timescale import DAY_WIDTH, TimeScale, Zoom
from ipmp_desktop.core.services.roadmap import RoadmapData
from ipmp_desktop.core.services.roadmap_print import (
    timeline_items,
    timeline_lanes,
    timeline_releases,
)
from ipmp_desktop.core.services.roadmap_shift_preview import ShiftPreview
from ipmp_desktop.qt.render.gantt_painter import GanttStyle
from ipmp_desktop.qt.render.roadmap_painter import RoadmapPainter
from ipmp_desktop.qt.views.roadmap.timeline_drag import (
    DropReport,
    DropReportBar,
    TimelineDrag,
    drop_report,
    ghost_shapes,
)

LANE_WIDTH = 170
LEAD_DAYS = 31


class RoadmapTimelineView(QAbstractScrollArea):
    """Lanes per theme, bars per item, release markers and today, with drag gestures.

    Args:
        push_command: pushes a command on the undo stack; False when it was refused.
        workspace: read to preview what a drag would move (without it a drag shows only the
            dragged bar).
    """

    open_item = Signal(int)

    def __init__(
        self,
        push_command: Callable[[Command], bool],
        parent: QWidget | None = None,
        *,
        workspace: Workspace | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("roadmapTimeline")
        self.push_command = push_command
        self.workspace = workspace
        self.data: RoadmapData | None = None
        self.chart: TimelineLayout | None = None
        self.zoom = Zoom.MONTH
        self.today = date.today()
        self.drag: TimelineDrag | None = None
        self.selected: int | None = None
        self.scale_height = 2 * (self.fontMetrics().height() + 8)
        """The two tiers of the time scale; the header adds the release names under them."""
        self.header_height = self.scale_height
        self.refresh_style()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.report: DropReport | None = None
        """What the last drop moved besides the dragged item; those items are outlined."""
        self.report_at: int | None = None
        self._dropped: tuple[int, RoadmapData] | None = None  # a drop waiting for its reload
        self.report_bar = DropReportBar(self)
        self.report_bar.show_next.connect(self.show_next_moved)
        self.report_bar.dismissed.connect(self.dismiss_report)

    # -- data --

    def set_data(self, data: RoadmapData | None) -> None:
        """Show ``data`` (None: nothing); keeps the scroll position's date."""
        left = self._left_date()
        before, self.data = self.data, data
        self.drag = None
        dropped, self._dropped = self._dropped, None
        report = None
        if dropped is not None and data is not None and before is not None:
            report = drop_report(dropped[1], data, dropped[0])
        self._set_report(report)  # any other change ends the last drop's report
        self._relayout()
        if left is not None and self.chart is not None:
            self.horizontalScrollBar().setValue(round(self.chart.scale.x(left)))
        elif self.chart is not None:
            self.horizontalScrollBar().setValue(round(self.chart.scale.x(self.today) - 200))

    def set_zoom(self, zoom: Zoom) -> None:
        """Months or quarters (or any zoom tier) across."""
        left = self._left_date()
        self.zoom = zoom
        self._relayout()
        if left is not None and self.chart is not None:
            self.horizontalScrollBar().setValue(round(self.chart.scale.x(left)))

    def _left_date(self) -> date | None:
        if self.chart is None:
            return None
        return self.chart.scale.date_at(self.horizontalScrollBar().value())

    def _relayout(self) -> None:
        data = self.data
        if data is None:
            self.chart = None
            self._update_range()
            self.viewport().update()
            return
        lanes = timeline_lanes(data)
        items = timeline_items(data)
        starts = [i.start for i in items if i.start] + [r.day for r in data.releases]
        first = min(starts, default=self.today)
        origin = date(first.year, first.month, 1) - timedelta(days=LEAD_DAYS)
        scale = TimeScale(origin=origin, day_width=DAY_WIDTH[self.zoom] * 2, zoom=self.zoom)
        releases = timeline_releases(data)
        room = outside_label_room(items, scale, QFontMetricsF(self.style_.font).horizontalAdvance)
        self.chart = layout_timeline(
            lanes, items, releases, scale, row_height=32, label_widths=room
        )
        self.header_height = round(
            self.scale_height + self.roadmap_painter.release_band(self.chart)
        )
        self._update_range()
        self.viewport().update()

    def _update_range(self) -> None:
        width = self.viewport().width() - LANE_WIDTH
        height = self.viewport().height() - self.header_height
        chart_w = self.chart.width if self.chart else 0
        chart_h = self.chart.height if self.chart else 0
        self.horizontalScrollBar().setRange(0, max(0, round(chart_w) - width))
        self.horizontalScrollBar().setPageStep(max(width, 1))
        self.verticalScrollBar().setRange(0, max(0, round(chart_h) - height))
        self.verticalScrollBar().setPageStep(max(height, 1))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_report_bar()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # -- coordinates --

    def to_chart(self, point: QPointF) -> QPointF:
        """Viewport pixels to chart units."""
        return QPointF(
            point.x() - LANE_WIDTH + self.horizontalScrollBar().value(),
            point.y() - self.header_height + self.verticalScrollBar().value(),
        )

    def from_chart(self, point: QPointF) -> QPointF:
        """Chart units to viewport pixels."""
        return QPointF(
            point.x() + LANE_WIDTH - self.horizontalScrollBar().value(),
            point.y() + self.header_height - self.verticalScrollBar().value(),
        )

    # -- painting --

    def refresh_style(self) -> None:
        """Take the colours and font from the palette (at start and on a theme switch)."""
        self.style_ = GanttStyle.from_palette(self.palette(), self.font())
        self.roadmap_painter = RoadmapPainter(self.style_)
        self.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.refresh_style()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        style = self.style_
        painter.fillRect(event.rect(), style.background)
        chart = self.chart
        if chart is None:
            painter.setPen(style.text)
            painter.drawText(
                self.viewport().rect(),
                Qt.AlignmentFlag.AlignCenter,
                "No product yet: create one with New Product…",
            )
            return
        hx, vy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        view_w = self.viewport().width() - LANE_WIDTH
        view_h = self.viewport().height() - self.header_height
        painter.save()
        painter.setClipRect(QRectF(LANE_WIDTH, self.header_height, view_w, view_h))
        painter.translate(LANE_WIDTH - hx, self.header_height - vy)
        self.roadmap_painter.paint_content(
            painter,
            chart,
            QRectF(hx, vy, view_w, view_h),
            today=self.today,
            selected=self.selected,
            faded=self.drag.item.task_id if self.drag else None,
            marked=self.marked_ids(),
        )
        if self.drag is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for shape in self.ghosts():
                self.roadmap_painter.paint_ghost(painter, shape, chart.lanes[shape.lane].color)
            shape = self.drag.preview_shape()
            self.roadmap_painter.paint_item(
                painter, shape, chart.lanes[shape.lane].color, ghost=True
            )
        painter.restore()
        painter.save()
        painter.setClipRect(QRectF(0, self.header_height, LANE_WIDTH, self.viewport().height()))
        painter.translate(0, self.header_height - vy)
        self.roadmap_painter.paint_lane_names(painter, chart, vy, vy + view_h, LANE_WIDTH)
        painter.restore()
        painter.save()
        painter.setClipRect(QRectF(LANE_WIDTH, 0, view_w, self.header_height))
        painter.translate(LANE_WIDTH - hx, 0)
        self.roadmap_painter.paint_header(painter, chart, hx, hx + view_w, self.header_height)
        painter.restore()
        painter.fillRect(QRectF(0, 0, LANE_WIDTH, self.header_height), style.header_background)

    def ghosts(self) -> list[ItemShape]:
        """The other items the drag under way would move, where they would land."""
        if self.drag is None or self.chart is None:
            return []
        return ghost_shapes(self.chart, self.drag.outcome())

    def marked_ids(self) -> frozenset[int]:
        """The items outlined: those the drag would move, else those the last drop moved."""
        if self.drag is not None:
            outcome = self.drag.outcome()
            return frozenset(m.task_id for m in outcome.others()) if outcome else frozenset()
        return frozenset(self.report.moved) if self.report is not None else frozenset()

    # -- the report of a drop that moved other items --

    def _set_report(self, report: DropReport | None) -> None:
        self.report, self.report_at = report, None
        if report is None:
            self.report_bar.hide()
        else:
            self.report_bar.show_report(report)
        self._place_report_bar()
        self.viewport().update()

    def _place_report_bar(self) -> None:
        height = self.report_bar.sizeHint().height() if self.report is not None else 0
        self.setViewportMargins(0, 0, 0, height)
        if height:
            port = self.viewport().geometry()
            self.report_bar.setGeometry(port.left(), port.bottom() + 1, port.width(), height)
        self._update_range()

    def dismiss_report(self) -> None:
        """Close the report of the last drop and drop its outlines."""
        self._set_report(None)

    def show_next_moved(self) -> None:
        """Select the next item the last drop moved and scroll it into view."""
        report, chart = self.report, self.chart
        if report is None or chart is None:
            return
        self.report_at = 0 if self.report_at is None else (self.report_at + 1) % len(report.moved)
        task_id = report.moved[self.report_at]
        self.selected = task_id
        self.report_bar.show_report(report, self.report_at)
        shape = chart.item_of(task_id)
        if shape is not None:
            view_w = self.viewport().width() - LANE_WIDTH
            view_h = self.viewport().height() - self.header_height
            bar = self.horizontalScrollBar()
            if not bar.value() <= shape.x0 <= bar.value() + view_w - 40:
                bar.setValue(round(shape.x0 - 60))
            bar = self.verticalScrollBar()
            if not (bar.value() <= shape.y0 and shape.y1 <= bar.value() + view_h):
                bar.setValue(round(shape.y0 - view_h / 3))
        self.viewport().update()

    # -- gestures --

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.chart is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.to_chart(event.position())
        hit = self.chart.item_at(point.x(), point.y())
        self.selected = hit[0].task_id if hit else None
        if hit is not None:
            item = self.data.item(hit[0].task_id) if self.data is not None else None
            finish = item.finish if item is not None else None
            self.drag = TimelineDrag(self.chart, hit[0], hit[1], point, finish)
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.chart is None:
            return
        point = self.to_chart(event.position())
        if self.drag is not None:
            self.drag.pos = point
            if self.drag.preview is None and self.drag.days():
                self.drag.preview = self._preview(self.drag.item.task_id)
            QToolTip.showText(event.globalPosition().toPoint(), self._drag_text(), self.viewport())
            self.viewport().update()
            return
        hit = self.chart.item_at(point.x(), point.y())
        if hit is None:
            self.viewport().unsetCursor()
        elif hit[1] == "finish":
            self.viewport().setCursor(Qt.CursorShape.SplitHCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor)

    def _preview(self, task_id: int) -> ShiftPreview | None:
        """Read what drags of ``task_id`` would move (once per drag, on its first step)."""
        if self.workspace is None or self.data is None:
            return None
        try:
            with self.workspace.reading() as session:
                return ShiftPreview(session, self.data, task_id)
        except NotFoundError:  # gone meanwhile; the drop will say so
            return None

    def _drag_text(self) -> str:
        assert self.drag is not None
        days = self.drag.days()
        if self.drag.part == "finish":
            text = f"Finish {days:+d} d"
        else:
            lane = self.drag.lane()
            where = f" to {lane.name}" if lane and lane.index != self.drag.item.lane else ""
            text = f"{days:+d} d{where}"
        outcome = self.drag.outcome()
        if outcome is not None and outcome.refusal:
            return f"{text}\n{outcome.refusal}"
        if outcome is not None and outcome.summary():
            return f"{text}; {outcome.summary()}"
        return text

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self.drag = self.drag, None
        QToolTip.hideText()
        self.viewport().update()
        if drag is None or event.button() != Qt.MouseButton.LeftButton or self.data is None:
            return
        drag.pos = self.to_chart(event.position())
        command = drag.command()
        if command is None:
            return
        self._dropped = (drag.item.task_id, self.data)  # set_data reports what moved
        if not self.push_command(command):
            self._dropped = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.drag = None
        if self.chart is None:
            return
        point = self.to_chart(event.position())
        hit = self.chart.item_at(point.x(), point.y())
        if hit is not None:
            self.open_item.emit(hit[0].task_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = None
            QToolTip.hideText()
            self.viewport().update()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.report is not None:
            self.dismiss_report()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.open_item.emit(self.selected)
            return
        super().keyPressEvent(event)
