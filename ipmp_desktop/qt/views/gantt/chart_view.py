"""The Gantt chart widget: a scroll area whose viewport paints the layout's visible part.

There is no QGraphicsScene: the core layout already knows every shape and answers "what is in
these rows" and "what is under this point" without scanning the plan, so the widget paints the
exposed rectangle straight from it. A frame costs the same at 100 rows and at 100,000.

Vertical scrolling belongs to the task table beside the chart (the two must stay row-aligned):
the chart has no vertical scroll bar of its own, follows :meth:`set_vertical_offset`, and hands
plain wheel turns to :attr:`forward_wheel`.
"""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QToolTip, QWidget

from ipmp_desktop.core.commands import Command, Macro, UpdateTask
from ipmp_desktop.core.layout.gantt import GanttLayout, Part
from ipmp_desktop.core.services.gantt import GanttData
from ipmp_desktop.qt.render.gantt_painter import GanttPainter, GanttStyle
from ipmp_desktop.qt.views.gantt.chart_marks import ChartMarks
from ipmp_desktop.qt.views.gantt.interactions import (
    LINK_NAMES,
    ChartInteraction,
    LinkInteraction,
    MoveBarInteraction,
    ProgressInteraction,
    ResizeBarInteraction,
)

CURSORS = {
    Part.BODY: Qt.CursorShape.SizeHorCursor,
    Part.START: Qt.CursorShape.SplitHCursor,
    Part.FINISH: Qt.CursorShape.SplitHCursor,
    Part.PROGRESS: Qt.CursorShape.PointingHandCursor,
    Part.LINK_START: Qt.CursorShape.CrossCursor,
    Part.LINK_FINISH: Qt.CursorShape.CrossCursor,
}


class GanttChartView(ChartMarks, QAbstractScrollArea):
    """Draws the chart and turns mouse gestures and nudges into commands.

    Args:
        push_command: pushes a command on the undo stack; returns False if it was refused.
    """

    task_pressed = Signal(int, object)
    """A bar was clicked: (task id, keyboard modifiers)."""
    task_activated = Signal(int)
    """A bar was double-clicked."""
    link_activated = Signal(int)
    """A dependency arrow was double-clicked."""
    row_step = Signal(int)
    """Up/Down pressed: move the selection by this many rows."""
    zoom_requested = Signal(int, float)
    """Ctrl+wheel: (steps in, pointer x in viewport pixels)."""
    gesture_changed = Signal(str)
    """What releasing now would do (empty when no gesture is under way)."""
    horizontal_moved = Signal(int)
    notice = Signal(str)
    """What a finished gesture did, for the status line."""

    def __init__(self, push_command: Callable[[Command], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ganttChart")
        self.push_command = push_command
        self.chart: GanttLayout | None = None
        self.data: GanttData | None = None
        self.selected: set[int] = set()
        self.show_critical = True
        self.show_baseline = True
        self.today: date | None = date.today()
        self.forward_wheel: Callable[[QWheelEvent], None] | None = None
        """Plain wheel turns go to the task table, which owns vertical scrolling."""
        self.describe_task: Callable[[int], str] | None = None
        """Tooltip text for a bar (set by the Gantt view, which knows floats and baselines)."""
        self.interaction: ChartInteraction | None = None
        self._init_marks()
        self._y = 0
        self.gantt_painter = GanttPainter(GanttStyle.from_palette(self.palette(), self.font()))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setMouseTracking(True)

    # -- content --

    def set_chart(self, chart: GanttLayout | None, data: GanttData | None) -> None:
        """Show a new layout (after a reload or a zoom); cancels any gesture under way."""
        self.chart = chart
        self.data = data
        self.interaction = None
        self._push_preview = None  # built again from the new data on the next drag
        if chart is None or (self.hovered is not None and chart.bar_of(self.hovered) is None):
            self.hovered = None
        self._update_range()
        self.viewport().update()

    def refresh_style(self) -> None:
        """Pick up a new palette (theme switch)."""
        self.gantt_painter = GanttPainter(GanttStyle.from_palette(self.palette(), self.font()))
        self.viewport().update()
        parent = self.parentWidget()
        if parent is not None:
            parent.update()  # the time-scale header paints with this painter too

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.refresh_style()  # View > Theme switched: the colours come from the palette

    def set_vertical_offset(self, y: int) -> None:
        """Scroll to chart y (driven by the task table's scroll bar).

        The pixels already drawn are moved and only the strip that comes into view is
        painted, as QAbstractScrollArea does for its own scroll bars.
        """
        if y != self._y:
            dy, self._y = self._y - y, y
            self.viewport().scroll(0, dy)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().scroll(dx, 0)
        self.horizontal_moved.emit(self.x_offset())

    def set_selected(self, ids: set[int]) -> None:
        """Highlight these tasks' rows."""
        if ids != self.selected:
            self.selected = set(ids)
            self.viewport().update()

    def x_offset(self) -> int:
        """Chart x at the viewport's left edge."""
        return self.horizontalScrollBar().value()

    def scroll_to_x(self, x: float) -> None:
        """Put chart x at the viewport's left edge (clamped)."""
        self.horizontalScrollBar().setValue(round(x))

    def to_chart(self, point: QPoint | QPointF) -> QPointF:
        """Viewport pixels to chart units."""
        return QPointF(point.x() + self.x_offset(), point.y() + self._y)

    def from_chart(self, point: QPointF) -> QPointF:
        """Chart units to viewport pixels."""
        return QPointF(point.x() - self.x_offset(), point.y() - self._y)

    def _update_range(self) -> None:
        bar = self.horizontalScrollBar()
        width = self.chart.width if self.chart else 0
        bar.setRange(0, max(0, round(width) - self.viewport().width()))
        bar.setPageStep(self.viewport().width())
        bar.setSingleStep(max(8, round(self.chart.scale.day_width) if self.chart else 8))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_range()

    # -- painting --

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        exposed = QRectF(event.rect())
        if self.chart is None or self.data is None:
            painter.fillRect(exposed, self.gantt_painter.style.background)
            return
        painter.translate(-self.x_offset(), -self._y)
        area = exposed.translated(self.x_offset(), self._y)
        self.gantt_painter.paint_chart(
            painter,
            self.chart,
            area,
            is_working=self.data.calendar.is_working,
            today=self.today,
            selected=self.selected,
            show_critical=self.show_critical,
            show_baseline=self.show_baseline,
        )
        self._paint_screen_marks(painter, area)

    # -- mouse --

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.chart is None or self.data is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        if self.highlighted:
            self.set_highlighted(set())
        point = self.to_chart(event.position())
        hit = self.chart.hit(point.x(), point.y())
        if hit is None:
            return
        self.task_pressed.emit(hit.bar.task_id, event.modifiers())
        task = self.data.tasks.get(hit.bar.task_id)
        if task is None:
            return
        args = (self.chart, hit.bar, task, point)
        match hit.part:
            case Part.BODY if hit.bar.kind != "summary" and task.start is not None:
                self.interaction = MoveBarInteraction(*args, also=self._other_selected(task.id))
            case Part.START | Part.FINISH if task.start and task.finish:
                self.interaction = ResizeBarInteraction(*args, edge=hit.part)
            case Part.PROGRESS:
                self.interaction = ProgressInteraction(*args)
            case Part.LINK_START | Part.LINK_FINISH:
                self.interaction = LinkInteraction(*args, side=hit.part)
        if isinstance(self.interaction, (MoveBarInteraction, ResizeBarInteraction)):
            self.interaction.push = self._pusher()
        if self.interaction is not None:
            self.interaction.move(point)
            if self._ghosts_at_once():
                self.interaction.update_pushed()
            self._gesture_feedback(event)
            self.viewport().update()  # connectors give way to the gesture

    def _other_selected(self, task_id: int) -> tuple:
        """Bars and rows of the other selected tasks that a drag of ``task_id`` carries along
        (only when ``task_id`` itself is selected; summaries stay: they follow their children).
        """
        if self.chart is None or self.data is None or task_id not in self.selected:
            return ()
        found = []
        for other in sorted(self.selected - {task_id}):
            bar, row = self.chart.bar_of(other), self.data.tasks.get(other)
            if bar is not None and row is not None and bar.kind != "summary":
                found.append((bar, row))
        return tuple(found)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.chart is None:
            return
        point = self.to_chart(event.position())
        if self.interaction is not None:
            interaction = self.interaction
            before = interaction.dirty_rect()
            interaction.move(point)
            if self._ghosts_at_once():
                interaction.update_pushed()
            else:
                self._ghost_timer.start()
            self._gesture_feedback(event)
            if interaction.pushed:
                self.viewport().update()  # ghosts can be anywhere
            else:
                self._update_chart_rect(before.united(interaction.dirty_rect()))
            return
        self._set_hovered(self._bar_near(point))
        hit = self.chart.hit(point.x(), point.y())
        cursor = CURSORS.get(hit.part) if hit is not None else None
        if hit is not None and hit.bar.kind == "summary" and hit.part == Part.BODY:
            cursor = None
        if cursor is None:
            self.viewport().unsetCursor()
        else:
            self.viewport().setCursor(cursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        interaction, self.interaction = self.interaction, None
        if interaction is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        interaction.move(self.to_chart(event.position()))
        QToolTip.hideText()
        self.gesture_changed.emit("")
        self.viewport().update()
        command = interaction.command()
        if command is None:
            return
        edited = set(interaction.edits())
        before = self._dates() if edited else {}
        if self.push_command(command) and edited:
            self._report_push(interaction, edited, before)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.chart is None:
            return
        self.interaction = None
        point = self.to_chart(event.position())
        hit = self.chart.hit(point.x(), point.y())
        if hit is not None and hit.part == Part.BODY:
            self.task_activated.emit(hit.bar.task_id)
            return
        link = self.chart.link_at(point.x(), point.y())
        if link is not None:
            self.link_activated.emit(link.link_id)

    def _update_chart_rect(self, area: QRectF) -> None:
        """Repaint the part of the viewport showing ``area`` (chart units)."""
        top_left = self.from_chart(area.topLeft())
        self.viewport().update(QRectF(top_left, area.size()).toAlignedRect().adjusted(-2, -2, 2, 2))

    def _gesture_feedback(self, event: QMouseEvent) -> None:
        if self.interaction is None:
            return
        text = self.interaction.description()
        self.gesture_changed.emit(text)
        QToolTip.showText(event.globalPosition().toPoint(), text, self.viewport())

    def cancel_gesture(self) -> bool:
        """Drop the gesture under way (Escape); True if there was one."""
        if self.interaction is None:
            return False
        self.interaction = None
        QToolTip.hideText()
        self.gesture_changed.emit("")
        self.viewport().update()
        return True

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._set_hovered(None)
        if event.type() == QEvent.Type.ToolTip and self.interaction is None:
            text = self._tooltip_at(event.pos())  # type: ignore[attr-defined]
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _tooltip_at(self, point: QPoint) -> str:
        if self.chart is None:
            return ""
        chart_point = self.to_chart(point)
        hit = self.chart.hit(chart_point.x(), chart_point.y())
        if hit is not None and self.describe_task is not None:
            return self.describe_task(hit.bar.task_id)
        link = self.chart.link_at(chart_point.x(), chart_point.y())
        if link is not None:
            lag = f"{link.lag:+d} d" if link.lag else "no lag"
            return f"{LINK_NAMES.get(link.type, link.type)} link, {lag}\nDouble-click to edit"
        return ""

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = 1 if delta.y() > 0 else -1 if delta.y() < 0 else 0
            if steps:
                self.zoom_requested.emit(steps, event.position().x())
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier or delta.x():
            amount = delta.x() or delta.y()
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - amount)
            event.accept()
            return
        if self.forward_wheel is not None:
            self.forward_wheel(event)
        event.accept()

    # -- keyboard --

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.cancel_gesture():
            event.accept()
            return
        nudge = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(key)
        if nudge and self.interaction is None and self.nudge(nudge):
            event.accept()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.row_step.emit(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def nudge(self, steps: int) -> bool:
        """Move the selected tasks by ``steps`` time units of the zoom; consecutive nudges of
        one task merge into one undo step. True if anything was pushed."""
        if self.chart is None or self.data is None:
            return False
        commands: list[Command] = []
        for task_id in sorted(self.selected):
            task, bar = self.data.tasks.get(task_id), self.chart.bar_of(task_id)
            if task is None or task.start is None or bar is None or bar.kind == "summary":
                continue  # a summary follows its subtasks
            start = self.chart.scale.nudge(task.start, steps)
            commands.append(UpdateTask(task_id=task_id, start=start, mergeable=True))
        if not commands:
            return False
        if len(commands) == 1:
            return self.push_command(commands[0])
        return self.push_command(Macro(commands=commands, label="Move tasks"))
