"""What the Gantt chart draws and says on screen only: link connectors on the hovered and the
selected bars, ghosts of the tasks a drag would push, and, after a drop, a notice of what moved
with the outlines of the tasks that were pushed along.

None of it is part of the plan's picture, so none of it reaches :class:`GanttPainter`'s shared
``paint_chart`` (and so none of it is ever printed).
"""

from PySide6.QtCore import QPointF, QRectF, QTimer
from PySide6.QtGui import QPainter

from ipmp_desktop.core.layout.gantt import CONNECTOR_OFFSET, CONNECTOR_RADIUS, BarShape
from ipmp_desktop.core.services.gantt_preview import PushPreview
from ipmp_desktop.qt.views.gantt.interactions import ChartInteraction, ResizeBarInteraction

HIGHLIGHT_MS = 4000
"""How long the tasks a drag pushed stay outlined after the drop."""
GHOSTS_AT_ONCE_SECONDS = 0.006
"""A plan the scheduler runs through faster than this gets its ghosts on every pointer move."""
GHOST_PAUSE_MS = 120
"""Otherwise the ghosts are worked out once the pointer has rested this long."""


def push_notice(verb: str, what: str, edited: int, pushed: int) -> str:
    """The status line after a drop: ``Moved “Design” and 7 other tasks pushed by its links``.

    Args:
        verb: "Moved" or "Resized".
        what: the dragged task's name in quotes (used when ``edited`` is 1).
        edited: how many tasks the drag itself changed.
        pushed: how many other tasks the reschedule moved.
    """
    text = f"{verb} {what if edited == 1 else f'{edited} tasks'}"
    if pushed:
        whose = "its" if edited == 1 else "their"
        text += f" and {pushed} other task{'s' if pushed != 1 else ''} pushed by {whose} links"
        text += " (outlined)"
    return text


class ChartMarks:
    """The screen-only marks of :class:`GanttChartView` (a mixin: it reads the view's
    ``chart``, ``data``, ``selected``, ``interaction`` and ``gantt_painter``)."""

    def _init_marks(self) -> None:
        """Set up the marks' state; called once from the view's constructor."""
        self.hovered: int | None = None
        """The task whose bar (or its connectors) the pointer is over."""
        self.highlighted: set[int] = set()
        """Tasks the last drag pushed along, outlined for a few seconds after the drop."""
        self._highlight_timer = QTimer(self)
        self._highlight_timer.setSingleShot(True)
        self._highlight_timer.setInterval(HIGHLIGHT_MS)
        self._highlight_timer.timeout.connect(lambda: self.set_highlighted(set()))
        self._push_preview: PushPreview | None = None
        self._ghost_timer = QTimer(self)
        self._ghost_timer.setSingleShot(True)
        self._ghost_timer.setInterval(GHOST_PAUSE_MS)
        self._ghost_timer.timeout.connect(self._refresh_ghosts)

    def set_highlighted(self, ids: set[int]) -> None:
        """Outline these tasks' bars (for :data:`HIGHLIGHT_MS`, when not empty)."""
        self.highlighted = set(ids)
        if ids:
            self._highlight_timer.start()
        else:
            self._highlight_timer.stop()
        self.viewport().update()

    def connector_bars(self, rows: range | None = None) -> list[BarShape]:
        """The bars (of ``rows``, or of every row) whose link connectors are drawn: the hovered
        one and the selected ones, and none while a bar is being dragged."""
        chart = self.chart
        if chart is None or self.interaction is not None:
            return []
        rows = range(len(chart.rows)) if rows is None else rows
        hovered, selected = self.hovered, self.selected
        found = []
        for row in rows:
            task_id = chart.rows[row]
            if (task_id == hovered or task_id in selected) and chart.bars[row] is not None:
                found.append(chart.bars[row])
        return found

    def _paint_screen_marks(self, painter: QPainter, area: QRectF) -> None:
        """What only the screen shows over the chart: outlines of the tasks the last drag
        pushed, link connectors, and the gesture under way with the ghosts of what it pushes.
        Only the rows in ``area`` are visited, whatever the size of the selection."""
        chart, gantt = self.chart, self.gantt_painter
        assert chart is not None
        rows = chart.rows_in(area.top(), area.bottom())
        painter.setFont(gantt.style.font)
        if self.highlighted:
            for row in rows:
                bar = chart.bars[row]
                if bar is not None and bar.task_id in self.highlighted:
                    gantt.paint_highlight(painter, bar)
        for bar in self.connector_bars(rows):
            gantt.paint_connectors(painter, bar)
        if self.interaction is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for ghost in self.interaction.pushed_bars(rows):
                gantt.paint_bar(painter, ghost, ghost=True)
            self.interaction.paint(painter, gantt)

    def _ghosts_at_once(self) -> bool:
        """Whether the scheduler is quick enough on this plan to preview every pointer move;
        if not (some 10,000 tasks), the ghosts follow when the pointer pauses."""
        push = self._push_preview
        return push is not None and push.pass_seconds <= GHOSTS_AT_ONCE_SECONDS

    def _refresh_ghosts(self) -> None:
        if self.interaction is not None and self.interaction.update_pushed():
            self.gesture_changed.emit(self.interaction.description())
            self.viewport().update()

    def _pusher(self) -> PushPreview | None:
        """The preview of what date edits push, built once per loaded plan."""
        if self._push_preview is None and self.data is not None:
            self._push_preview = PushPreview(self.data)
        return self._push_preview

    def _bar_near(self, point: QPointF) -> int | None:
        """The task whose bar, connectors included, spans ``point`` in its row."""
        assert self.chart is not None
        row = int(point.y() // self.chart.row_height)
        if not 0 <= row < len(self.chart.bars):
            return None
        bar = self.chart.bars[row]
        reach = CONNECTOR_OFFSET + CONNECTOR_RADIUS
        if bar is None or not bar.x0 - reach <= point.x() <= bar.x1 + reach:
            return None
        return bar.task_id

    def _set_hovered(self, task_id: int | None) -> None:
        """Hover ``task_id``'s bar; repaints only the rows of the bars that gain or lose their
        connectors."""
        if task_id == self.hovered:
            return
        before, self.hovered = self.hovered, task_id
        chart = self.chart
        if chart is None:
            return
        for changed in (before, task_id):
            row = chart.row_of.get(changed) if changed is not None else None
            if row is not None:
                height = chart.row_height
                width = self.viewport().width()
                self._update_chart_rect(QRectF(self.x_offset(), row * height, width, height))

    def _dates(self) -> dict[int, tuple]:
        assert self.data is not None
        return {task_id: (row.start, row.finish) for task_id, row in self.data.tasks.items()}

    def _report_push(self, interaction: ChartInteraction, edited: set[int], before: dict) -> None:
        """Say what the drop moved and outline the tasks it pushed along."""
        if self.data is None:
            return
        tasks = self.data.tasks
        # A task with subtasks (a summary, an epic) only follows them: not counted as pushed.
        parents = {row.parent_id for row in tasks.values()}
        pushed = {
            task_id
            for task_id, row in tasks.items()
            if task_id not in edited
            and task_id not in parents
            and row.kind != "summary"
            and before.get(task_id) != (row.start, row.finish)
        }
        verb = "Resized" if isinstance(interaction, ResizeBarInteraction) else "Moved"
        self.set_highlighted(pushed)
        self.notice.emit(push_notice(verb, f"“{interaction.task.title}”", len(edited), len(pushed)))
