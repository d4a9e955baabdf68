"""The roadmap timeline: theme lanes down, months or quarters across, items as bars.

Dragging a bar shifts the item in time (its subtasks through the scheduler) and, dropped on
another lane, moves it to that theme; dragging the right end of an item without subtasks sets
its finish. Each gesture previews while the mouse moves and is one command on release; Escape
cancels. Geometry comes from :mod:`ipmp_desktop.core.layout.roadmap`; the painting is the
:class:`~ipmp_desktop.qt.render.roadmap_painter.RoadmapPainter` a printed roadmap uses too.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QToolTip, QWidget

from ipmp_desktop.core.commands import (
    Command,
    Macro,
    MoveRoadmapItem,
    ShiftRoadmapItem,
    UpdateTask,
)
from ipmp_desktop.core.layout.roadmap import (
    ItemShape,
    LaneShape,
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
from ipmp_desktop.qt.render.gantt_painter import GanttStyle
from ipmp_desktop.qt.render.roadmap_painter import RoadmapPainter

LANE_WIDTH = 170
LEAD_DAYS = 31


class TimelineDrag:
    """A bar being dragged: ``days`` moved and the lane under the pointer."""

    def __init__(self, layout: TimelineLayout, item: ItemShape, part: str, press: QPointF):
        self.layout = layout
        self.item = item
        self.part = part
        self.press = QPointF(press)
        self.pos = QPointF(press)

    def days(self) -> int:
        """Calendar days between press and pointer."""
        return self.layout.scale.days(self.pos.x() - self.press.x())

    def lane(self) -> LaneShape | None:
        """The lane a body drag would drop into."""
        return self.layout.lane_at(self.pos.y()) if self.part == "body" else None

    def preview(self) -> ItemShape:
        """Where the bar would be."""
        dx = self.days() * self.layout.scale.day_width
        if self.part == "finish":
            return replace(self.item, x1=max(self.item.x1 + dx, self.item.x0 + 4))
        shape = replace(self.item, x0=self.item.x0 + dx, x1=self.item.x1 + dx)
        lane = self.lane()
        if lane is not None and lane.index != self.item.lane:
            height = self.item.y1 - self.item.y0
            shape = replace(shape, y0=lane.y0 + 4, y1=lane.y0 + 4 + height)
        return shape

    def command(self, finish: date | None) -> Command | None:
        """The command for releasing now (``finish``: the item's current finish)."""
        task_id = self.item.task_id
        days = self.days()
        if self.part == "finish":
            if days == 0 or finish is None:
                return None
            return UpdateTask(task_id=task_id, finish=finish + timedelta(days=days))
        commands: list[Command] = []
        lane = self.lane()
        if lane is not None and lane.index != self.item.lane and lane.theme_id is not None:
            commands.append(MoveRoadmapItem(task_id=task_id, theme_id=lane.theme_id))
        if days:
            commands.append(ShiftRoadmapItem(task_id=task_id, days=days))
        if not commands:
            return None
        return commands[0] if len(commands) == 1 else Macro(commands=commands, label="Move item")


class RoadmapTimelineView(QAbstractScrollArea):
    """Lanes per theme, bars per item, release markers and today, with drag gestures.

    Args:
        push_command: pushes a command on the undo stack; False when it was refused.
    """

    open_item = Signal(int)

    def __init__(self, push_command: Callable[[Command], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("roadmapTimeline")
        self.push_command = push_command
        self.data: RoadmapData | None = None
        self.chart: TimelineLayout | None = None
        self.zoom = Zoom.MONTH
        self.today = date.today()
        self.drag: TimelineDrag | None = None
        self.selected: int | None = None
        self.header_height = 2 * (self.fontMetrics().height() + 8)
        self.style_ = GanttStyle.from_palette(self.palette(), self.font())
        self.roadmap_painter = RoadmapPainter(self.style_)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)

    # -- data --

    def set_data(self, data: RoadmapData | None) -> None:
        """Show ``data`` (None: nothing); keeps the scroll position's date."""
        left = self._left_date()
        self.data = data
        self.drag = None
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
        self._update_range()

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
        )
        if self.drag is not None:
            shape = self.drag.preview()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
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

    # -- gestures --

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.chart is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.to_chart(event.position())
        hit = self.chart.item_at(point.x(), point.y())
        self.selected = hit[0].task_id if hit else None
        if hit is not None:
            self.drag = TimelineDrag(self.chart, hit[0], hit[1], point)
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.chart is None:
            return
        point = self.to_chart(event.position())
        if self.drag is not None:
            self.drag.pos = point
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

    def _drag_text(self) -> str:
        assert self.drag is not None
        days = self.drag.days()
        if self.drag.part == "finish":
            return f"Finish {days:+d} d"
        lane = self.drag.lane()
        where = f" to {lane.name}" if lane and lane.index != self.drag.item.lane else ""
        return f"{days:+d} d{where}"

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self.drag = self.drag, None
        QToolTip.hideText()
        self.viewport().update()
        if drag is None or event.button() != Qt.MouseButton.LeftButton or self.data is None:
            return
        drag.pos = self.to_chart(event.position())
        item = next((i for i in self.data.items if i.id == drag.item.task_id), None)
        command = drag.command(item.finish if item else None)
        if command is not None:
            self.push_command(command)

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
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.open_item.emit(self.selected)
            return
        super().keyPressEvent(event)
