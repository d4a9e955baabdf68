"""Gestures on the Gantt chart: each previews on the chart and becomes one command on release.

An interaction is created by a mouse press on a bar, follows the pointer with :meth:`move`
(drawing its preview with :meth:`paint`, never touching the database) and, on release, yields
the one :class:`Command` the gesture means, or None when it changed nothing. Escape simply drops
the interaction: nothing was written, so nothing needs undoing.
"""

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from ipmp_desktop.core.commands import AddDependency, Command, Macro, UpdateTask
from ipmp_desktop.core.layout.gantt import BarShape, GanttLayout, Part
from ipmp_desktop.core.services.gantt import GanttTaskRow
from ipmp_desktop.core.services.gantt_preview import DateEdit, PushPreview
from ipmp_desktop.qt.render.gantt_painter import GanttPainter

LINK_TYPES = {
    (Part.LINK_FINISH, "start"): "FS",
    (Part.LINK_START, "start"): "SS",
    (Part.LINK_FINISH, "finish"): "FF",
    (Part.LINK_START, "finish"): "SF",
}
LINK_NAMES = {
    "FS": "Finish-to-Start",
    "SS": "Start-to-Start",
    "FF": "Finish-to-Finish",
    "SF": "Start-to-Finish",
}


class ChartInteraction:
    """Base of the bar gestures.

    Args:
        layout: the chart's current layout (its time scale turns x into dates).
        bar: the bar pressed.
        task: that task's stored row.
        press: where the press happened, in chart units.
    """

    def __init__(
        self, layout: GanttLayout, bar: BarShape, task: GanttTaskRow, press: QPointF
    ) -> None:
        self.layout = layout
        self.scale = layout.scale
        self.bar = bar
        self.task = task
        self.press = QPointF(press)
        self.pos = QPointF(press)
        self.preview: BarShape = bar
        self.push: PushPreview | None = None
        """Set to preview what the edit would push (gestures that change dates)."""
        self.pushed: dict[int, tuple[date, date]] = {}
        """The other tasks the scheduler would move on release: ``{id: (start, finish)}``."""
        self._pushed_for: tuple | None = None

    def move(self, pos: QPointF) -> None:
        """Follow the pointer (chart units) and update the preview."""
        self.pos = QPointF(pos)
        self.preview = self._preview()

    def update_pushed(self) -> bool:
        """Work out again what the edit would push, if the edit changed since the last time
        (the scheduler runs once per new day under the pointer, not per pixel). True when the
        ghosts changed."""
        if self.push is None:
            return False
        edits = self.edits()
        key = tuple(sorted(edits.items()))
        if key == self._pushed_for:
            return False
        self._pushed_for = key
        before, self.pushed = self.pushed, self.push.moves(edits)
        return before != self.pushed

    def _preview(self) -> BarShape:
        return self.bar

    def edits(self) -> dict[int, DateEdit]:
        """The date edits releasing now would make, by task id (none for most gestures)."""
        return {}

    def pushed_bars(self, rows: range) -> list[BarShape]:
        """Ghosts of the pushed tasks in ``rows``, where the scheduler would put them."""
        layout, scale, found = self.layout, self.scale, []
        for row in rows:
            bar = layout.bars[row]
            dates = self.pushed.get(bar.task_id) if bar is not None else None
            if bar is None or dates is None:
                continue
            start, finish = dates
            if bar.kind == "milestone":
                half = (bar.x1 - bar.x0) / 2
                x0, x1 = scale.x(start) - half, scale.x(start) + half
            else:
                x0, x1 = scale.x(start), scale.x(finish + timedelta(days=1))
            progress = x0 + (x1 - x0) * bar.percent / 100
            found.append(replace(bar, x0=x0, x1=x1, progress_x=progress))
        return found

    def _pushed_text(self) -> str:
        count = len(self.pushed)
        if not count:
            return ""
        return f"; {count} other task{'s' if count != 1 else ''} pushed by its links"

    def command(self) -> Command | None:
        """The command the gesture means, or None if it ends where it started."""
        return None

    def dirty_rect(self) -> QRectF:
        """What the preview covers now (chart units), so a move repaints only that."""
        bar = self.preview
        row_top = bar.row * self.layout.row_height
        return QRectF(bar.x0 - 24, row_top, bar.x1 - bar.x0 + 48, self.layout.row_height)

    def description(self) -> str:
        """What releasing now would do, for the status line and tooltip."""
        return ""

    def paint(self, painter: QPainter, gantt_painter: GanttPainter) -> None:
        """Draw the preview on top of the chart (painter in chart units)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        gantt_painter.paint_bar(painter, self.preview, ghost=True)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


class MoveBarInteraction(ChartInteraction):
    """Drag a bar sideways: the task starts that many calendar days earlier or later.

    ``also`` are the other selected tasks (bar and row): they move by the same days, and the
    whole drag is one undo step.
    """

    def __init__(self, *args, also: tuple[tuple[BarShape, GanttTaskRow], ...] = ()) -> None:
        super().__init__(*args)
        self.also = tuple((bar, task) for bar, task in also if task.start is not None)

    def days(self) -> int:
        """Whole days the bar has been moved."""
        return self.scale.days(self.pos.x() - self.press.x())

    def _shift(self, bar: BarShape) -> BarShape:
        dx = self.days() * self.scale.day_width
        return replace(bar, x0=bar.x0 + dx, x1=bar.x1 + dx, progress_x=bar.progress_x + dx)

    def _preview(self) -> BarShape:
        return self._shift(self.bar)

    def new_start(self) -> date | None:
        """Where the task would start."""
        return self.task.start + timedelta(days=self.days()) if self.task.start else None

    def edits(self) -> dict[int, DateEdit]:
        if self.days() == 0 or self.task.start is None:
            return {}
        shift = timedelta(days=self.days())
        found = {self.task.id: DateEdit(start=self.task.start + shift)}
        for _bar, task in self.also:
            found[task.id] = DateEdit(start=task.start + shift)
        return found

    def command(self) -> Command | None:
        if self.days() == 0 or self.task.start is None:
            return None
        shift = timedelta(days=self.days())
        moves: list[Command] = [UpdateTask(task_id=self.task.id, start=self.new_start())]
        moves += [UpdateTask(task_id=t.id, start=t.start + shift) for _b, t in self.also]
        if len(moves) == 1:
            return moves[0]
        return Macro(commands=moves, label=f"Move {len(moves)} tasks")

    def description(self) -> str:
        count = f" ({len(self.also) + 1} tasks)" if self.also else ""
        return f"Start {_day(self.new_start())} ({self.days():+d} d){count}{self._pushed_text()}"

    def dirty_rect(self) -> QRectF:
        area = super().dirty_rect()
        for bar, _task in self.also:
            shifted = self._shift(bar)
            top = bar.row * self.layout.row_height
            area = area.united(
                QRectF(shifted.x0 - 24, top, shifted.x1 - shifted.x0 + 48, self.layout.row_height)
            )
        return area

    def paint(self, painter: QPainter, gantt_painter: GanttPainter) -> None:
        super().paint(painter, gantt_painter)
        for bar, _task in self.also:
            gantt_painter.paint_bar(painter, self._shift(bar), ghost=True)


class ResizeBarInteraction(ChartInteraction):
    """Drag an end of a bar: the right end sets the finish, the left end the start (the finish
    stays put)."""

    def __init__(self, *args, edge: Part) -> None:
        super().__init__(*args)
        self.edge = edge

    def _bounds(self) -> tuple[date, date]:
        """(start, inclusive finish) the gesture would give."""
        start, finish = self.task.start, self.task.finish
        assert start is not None and finish is not None
        boundary = self.scale.nearest_boundary(self.pos.x())
        if self.edge == Part.FINISH:
            return start, max(boundary - timedelta(days=1), start)
        return min(boundary, finish), finish

    def _preview(self) -> BarShape:
        start, finish = self._bounds()
        x0, x1 = self.scale.x(start), self.scale.x(finish + timedelta(days=1))
        width = x1 - x0
        return replace(self.bar, x0=x0, x1=x1, progress_x=x0 + width * self.bar.percent / 100)

    def edits(self) -> dict[int, DateEdit]:
        start, finish = self._bounds()
        if (start, finish) == (self.task.start, self.task.finish):
            return {}
        if self.edge == Part.FINISH:
            return {self.task.id: DateEdit(finish=finish)}
        return {self.task.id: DateEdit(start=start, finish=finish)}

    def command(self) -> Command | None:
        edit = self.edits().get(self.task.id)
        if edit is None:
            return None
        if edit.start is None:
            return UpdateTask(task_id=self.task.id, finish=edit.finish)
        return UpdateTask(task_id=self.task.id, start=edit.start, finish=edit.finish)

    def description(self) -> str:
        start, finish = self._bounds()
        return f"{_day(start)} to {_day(finish)}{self._pushed_text()}"


class ProgressInteraction(ChartInteraction):
    """Drag the progress handle: percent complete follows the pointer along the bar."""

    def percent(self) -> int:
        """The percent the handle points at."""
        width = self.bar.x1 - self.bar.x0
        if width <= 0:
            return self.task.percent_complete
        share = (self.pos.x() - self.bar.x0) / width
        return max(0, min(100, round(share * 100)))

    def _preview(self) -> BarShape:
        bar = self.bar
        percent = self.percent()
        return replace(bar, percent=percent, progress_x=bar.x0 + (bar.x1 - bar.x0) * percent / 100)

    def command(self) -> Command | None:
        percent = self.percent()
        if percent == self.task.percent_complete:
            return None
        return UpdateTask(task_id=self.task.id, percent_complete=percent)

    def description(self) -> str:
        return f"{self.percent()} % complete"

    def paint(self, painter: QPainter, gantt_painter: GanttPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        gantt_painter.paint_bar(painter, self.preview)
        x = self.preview.progress_x
        painter.setPen(QPen(gantt_painter.style.text, 1.5))
        painter.drawLine(QLineF(x, self.bar.y0 - 3, x, self.bar.y1 + 3))


class LinkInteraction(ChartInteraction):
    """Drag from a bar's end connector to another bar: the ends joined pick the link type
    (finish to start is FS, start to start SS, finish to finish FF, start to finish SF)."""

    def __init__(self, *args, side: Part) -> None:
        super().__init__(*args)
        self.side = side
        self.target: BarShape | None = None
        self.target_end = "start"

    def move(self, pos: QPointF) -> None:
        self.pos = QPointF(pos)
        hit = self.layout.hit(pos.x(), pos.y())
        self.target = hit.bar if hit and hit.bar.task_id != self.bar.task_id else None
        if self.target is not None:
            middle = (self.target.x0 + self.target.x1) / 2
            self.target_end = "start" if pos.x() < middle else "finish"

    def link_type(self) -> str:
        """The type the current target end gives."""
        return LINK_TYPES[(self.side, self.target_end)]

    def command(self) -> Command | None:
        if self.target is None:
            return None
        return AddDependency(
            predecessor_id=self.bar.task_id,
            successor_id=self.target.task_id,
            type=self.link_type(),
        )

    def description(self) -> str:
        if self.target is None:
            return "Drop on another task to link them"
        return f"{LINK_NAMES[self.link_type()]} link to {self.target.label}"

    def dirty_rect(self) -> QRectF:
        area = QRectF(self.anchor(), self.pos).normalized()
        if self.target is not None:
            target = self.target
            area = area.united(
                QRectF(target.x0, target.y0, target.x1 - target.x0, target.y1 - target.y0)
            )
        return area.adjusted(-10, -10, 10, 10)

    def anchor(self) -> QPointF:
        """Where the rubber band starts: the connector that was pressed."""
        x = self.bar.x1 if self.side == Part.LINK_FINISH else self.bar.x0
        return QPointF(x, self.bar.mid_y)

    def paint(self, painter: QPainter, gantt_painter: GanttPainter) -> None:
        style = gantt_painter.style
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(style.text, 1.3)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        end = self.pos
        if self.target is not None:
            target = self.target
            end = QPointF(target.x0 if self.target_end == "start" else target.x1, target.mid_y)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(
                QRectF(
                    target.x0 - 2,
                    target.y0 - 2,
                    target.x1 - target.x0 + 4,
                    target.y1 - target.y0 + 4,
                )
            )
        painter.drawLine(QLineF(self.anchor(), end))
        gantt_painter.paint_arrow_head(painter, self.anchor(), end, style.text)
