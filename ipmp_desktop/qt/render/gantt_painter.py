"""One painter for the Gantt chart's layout primitives: the screen today, print and export later.

Everything is drawn in chart units (the caller translates the painter so that chart point
``(x, y)`` lands where it should). Each ``paint_*`` method takes the rectangle to draw in chart
units and touches only what intersects it: rows by index range, links through the layout's row
buckets, header cells and non-working days by visible date range. Nothing here costs time in
proportion to the whole plan, which is what keeps a 10,000-row chart smooth.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QRegion,
)

from ipmp_desktop.core.layout.gantt import (
    CONNECTOR_OFFSET,
    CONNECTOR_RADIUS,
    BarShape,
    GanttLayout,
    LinkShape,
)
from ipmp_desktop.core.layout.timescale import TimeScale


@dataclass(frozen=True)
class GanttStyle:
    """Colours and fonts of the chart; :meth:`from_palette` fits them to the window theme."""

    background: QColor
    alternate: QColor
    grid: QColor
    text: QColor
    header_background: QColor
    selection: QColor
    non_working: QColor
    bar: QColor
    bar_progress: QColor
    critical: QColor
    critical_progress: QColor
    summary: QColor
    milestone: QColor
    baseline: QColor
    link: QColor
    conflict: QColor
    today: QColor
    highlight: QColor
    font: QFont

    @classmethod
    def from_palette(cls, palette: QPalette, font: QFont | None = None) -> "GanttStyle":
        """Colours that read well on the palette's base colour (light or dark)."""
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        text = palette.color(QPalette.ColorRole.Text)
        mix = QColor(text)
        mix.setAlpha(24)
        non_working = QColor(text)
        non_working.setAlpha(16 if dark else 13)
        selection = QColor(palette.color(QPalette.ColorRole.Highlight))
        selection.setAlpha(60)
        return cls(
            background=base,
            alternate=palette.color(QPalette.ColorRole.AlternateBase),
            grid=mix,
            text=text,
            header_background=palette.color(QPalette.ColorRole.Button),
            selection=selection,
            non_working=non_working,
            bar=QColor("#5b8fd6" if dark else "#7fa8e0"),
            bar_progress=QColor("#2f64b0" if dark else "#2e5ea8"),
            critical=QColor("#e07a7a" if dark else "#eb9a9a"),
            critical_progress=QColor("#c23b3b"),
            summary=QColor("#c8ccd2" if dark else "#3c4450"),
            milestone=QColor("#e6e6e6" if dark else "#2b2f36"),
            baseline=QColor("#8f97a3" if dark else "#a9b0ba"),
            link=QColor("#9aa4b1" if dark else "#6b7481"),
            conflict=QColor("#ff5a36"),
            today=QColor("#e8a317"),
            highlight=palette.color(QPalette.ColorRole.Highlight),
            font=font or QFont(),
        )

    @classmethod
    def for_print(cls, font: QFont) -> "GanttStyle":
        """Light colours for paper, whatever the window theme is."""
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f5f6f8"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#1f2329"))
        palette.setColor(QPalette.ColorRole.Button, QColor("#eceef1"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#3d7bd9"))
        return cls.from_palette(palette, font)


class GanttPainter:
    """Draws a :class:`GanttLayout` with a :class:`GanttStyle`.

    Args:
        style: colours and font.
    """

    def __init__(self, style: GanttStyle) -> None:
        self.style = style
        metrics = QFontMetricsF(style.font)
        self._metrics = metrics
        self._label_offset = (metrics.ascent() - metrics.descent()) / 2
        """From a bar's mid_y to the baseline of its label (the text's box centred on it)."""
        self._cache_owner: GanttLayout | None = None
        self._link_cache: dict[int, tuple[QPolygonF, QPolygonF] | None] = {}
        self._label_widths: dict[str, float] = {}

    # -- the chart area --

    def paint_chart(
        self,
        painter: QPainter,
        layout: GanttLayout,
        rect: QRectF,
        *,
        is_working: Callable[[date], bool],
        today: date | None = None,
        selected: Iterable[int] = (),
        show_critical: bool = True,
        show_baseline: bool = True,
        hidden: Iterable[int] = (),
        labels: bool = True,
    ) -> None:
        """Draw everything of the chart that intersects ``rect`` (chart units).

        ``hidden`` task ids are left out (a bar being dragged is drawn by its interaction);
        ``labels`` False leaves the task names out (a print's overview page).
        """
        rows = layout.rows_in(rect.top(), rect.bottom())
        painter.save()
        painter.setFont(self.style.font)
        self.paint_rows(painter, layout, rect, rows, set(selected))
        self.paint_calendar(painter, layout.scale, rect, is_working, today)
        if show_baseline:
            self.paint_baselines(painter, layout, rows)
        if rows:
            # Link lines stop at the task names rather than run through them (at coarse zooms
            # and on paper a name is much longer than its bar, so arrows often pass its row).
            around = self.label_boxes(layout, rows) if labels else ()
            self.paint_links(painter, layout, rect, rows, show_critical, around)
        self.paint_bars(painter, layout, rows, show_critical, set(hidden), labels)
        painter.restore()

    def paint_rows(
        self,
        painter: QPainter,
        layout: GanttLayout,
        rect: QRectF,
        rows: range,
        selected: set[int],
    ) -> None:
        """Row bands (alternating) and the selection highlight."""
        style = self.style
        painter.fillRect(rect, style.background)
        height = layout.row_height
        for row in rows:
            band = QRectF(rect.left(), row * height, rect.width(), height)
            if layout.rows[row] in selected:
                painter.fillRect(band, style.selection)
            elif row % 2:
                painter.fillRect(band, style.alternate)

    def paint_calendar(
        self,
        painter: QPainter,
        scale: TimeScale,
        rect: QRectF,
        is_working: Callable[[date], bool],
        today: date | None,
    ) -> None:
        """Non-working days shaded, a line at each coarse header boundary, and today."""
        from ipmp_desktop.core.layout.gantt import non_working_bands

        style = self.style
        for x0, x1 in non_working_bands(scale, is_working, rect.left(), rect.right()):
            painter.fillRect(QRectF(x0, rect.top(), x1 - x0, rect.height()), style.non_working)
        top, _bottom = scale.header(rect.left(), rect.right())
        painter.setPen(QPen(style.grid, 0))
        for cell in top:
            painter.drawLine(QLineF(cell.x0, rect.top(), cell.x0, rect.bottom()))
        if today is not None:
            x = scale.x(today) + scale.day_width / 2
            if rect.left() <= x <= rect.right():
                pen = QPen(style.today, 2)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawLine(QLineF(x, rect.top(), x, rect.bottom()))

    def paint_baselines(self, painter: QPainter, layout: GanttLayout, rows: range) -> None:
        """Thin grey bands where each task was when the baseline was saved."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.style.baseline)
        for row in rows:
            shape = layout.baselines[row]
            if shape is not None:
                width = max(shape.x1 - shape.x0, 2.0)
                painter.drawRect(QRectF(shape.x0, shape.y0, width, shape.y1 - shape.y0))

    def paint_links(
        self,
        painter: QPainter,
        layout: GanttLayout,
        rect: QRectF,
        rows: range,
        show_critical: bool,
        around: Iterable[QRectF] = (),
    ) -> None:
        """Dependency arrows of the visible rows (links crossing the view included), kept out
        of the ``around`` rectangles (the task names: see :meth:`label_boxes`).

        Links are stroked and their heads filled as two paths per colour, and each link's
        polygons are built once per layout, so a frame with a hundred arrows costs a few
        painter calls rather than hundreds.
        """
        if self._cache_owner is not layout:
            self._cache_owner, self._link_cache = layout, {}
        cache = self._link_cache
        lines = {False: QPainterPath(), True: QPainterPath()}
        heads = {False: QPainterPath(), True: QPainterPath()}
        for link in layout.links_in(rows.start, rows.stop - 1):
            shapes = cache.get(link.link_id)
            if shapes is None:
                shapes = cache[link.link_id] = _link_polygons(link)
            if shapes is None:
                continue
            critical = show_critical and link.critical
            lines[critical].addPolygon(shapes[0])
            heads[critical].addPolygon(shapes[1])
        painter.save()
        region = QRegion(rect.toAlignedRect().adjusted(-2, -2, 2, 2))
        for box in around:
            region -= QRegion(box.toAlignedRect())
        painter.setClipRegion(region, Qt.ClipOperation.IntersectClip)
        for critical, color in ((False, self.style.link), (True, self.style.critical_progress)):
            if lines[critical].isEmpty():
                continue
            painter.strokePath(lines[critical], QPen(color, 1.3))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.fillPath(heads[critical], color)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.restore()

    def label_boxes(self, layout: GanttLayout, rows: range) -> list[QRectF]:
        """Where the task names of ``rows`` are drawn (chart units), a pixel of margin round
        each; the widths are measured once per text."""
        widths, metrics = self._label_widths, self._metrics
        top = self._label_offset - metrics.ascent() - 1
        height = metrics.ascent() + metrics.descent() + 2
        boxes = []
        for row in rows:
            bar = layout.bars[row]
            if bar is None or not bar.label:
                continue
            width = widths.get(bar.label)
            if width is None:
                width = widths[bar.label] = metrics.horizontalAdvance(bar.label)
            left = self.label_left(bar)
            boxes.append(QRectF(left - 1, bar.mid_y + top, width + 2, height))
        return boxes

    def paint_link(self, painter: QPainter, link: LinkShape, color: QColor | None = None) -> None:
        """One polyline with an arrow head at its last point."""
        shapes = _link_polygons(link)
        if shapes is None:
            return
        color = color or self.style.link
        painter.strokePath(_path(shapes[0]), QPen(color, 1.3))
        painter.fillPath(_path(shapes[1]), color)

    @staticmethod
    def paint_arrow_head(painter: QPainter, before: QPointF, tip: QPointF, color: QColor) -> None:
        """A small filled triangle at ``tip`` pointing away from ``before``."""
        head = _arrow_head((before.x(), before.y()), (tip.x(), tip.y()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(head)

    def paint_bars(
        self,
        painter: QPainter,
        layout: GanttLayout,
        rows: range,
        show_critical: bool,
        hidden: set[int],
        labels: bool = True,
    ) -> None:
        """Bars, summaries, milestones and (unless ``labels`` is False) their labels."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for row in rows:
            bar = layout.bars[row]
            if bar is None or bar.task_id in hidden:
                continue
            self.paint_bar(painter, bar, show_critical)
            if labels:
                self.paint_label(painter, bar)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def paint_bar(
        self, painter: QPainter, bar: BarShape, show_critical: bool = True, ghost: bool = False
    ) -> None:
        """One task bar, summary bracket or milestone diamond (``ghost``: a drag preview)."""
        style = self.style
        critical = show_critical and bar.critical
        if bar.kind == "milestone":
            color = style.critical_progress if critical else style.milestone
            cx, cy = (bar.x0 + bar.x1) / 2, (bar.y0 + bar.y1) / 2
            half = (bar.x1 - bar.x0) / 2
            diamond = QPolygonF(
                [
                    QPointF(cx, cy - half),
                    QPointF(cx + half, cy),
                    QPointF(cx, cy + half),
                    QPointF(cx - half, cy),
                ]
            )
            self._fill(painter, color, ghost)
            painter.drawPolygon(diamond)
        elif bar.kind == "summary":
            self._paint_summary(painter, bar, critical, ghost)
        else:
            self._paint_task(painter, bar, critical, ghost)
        if bar.conflict and not ghost:
            self._paint_conflict(painter, bar)

    def _fill(self, painter: QPainter, color: QColor, ghost: bool) -> None:
        if ghost:
            pen = QPen(self.style.text, 1.2)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            faded = QColor(color)
            faded.setAlpha(90)
            painter.setBrush(faded)
        else:
            painter.setPen(QPen(color.darker(140), 1))
            painter.setBrush(color)

    def _paint_task(self, painter: QPainter, bar: BarShape, critical: bool, ghost: bool) -> None:
        style = self.style
        fill = style.critical if critical else style.bar
        done = style.critical_progress if critical else style.bar_progress
        rect = QRectF(bar.x0, bar.y0, max(bar.x1 - bar.x0, 2.0), bar.y1 - bar.y0)
        self._fill(painter, fill, ghost)
        painter.drawRoundedRect(rect, 2.5, 2.5)
        if bar.manual and not ghost:
            # Hatched over the filled bar: the scheduler will not move this task. (A hatch in
            # place of the fill left a one-day bar an outline with one stroke in it: a "0".)
            hatch = QColor(done)
            hatch.setAlpha(150)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(hatch, Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(rect, 2.5, 2.5)
        if bar.progress_x > bar.x0 and not ghost:
            progress = QRectF(rect.left(), rect.top(), bar.progress_x - bar.x0, rect.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(done)
            painter.drawRoundedRect(progress, 2.5, 2.5)

    def _paint_summary(self, painter: QPainter, bar: BarShape, critical: bool, ghost: bool) -> None:
        style = self.style
        color = style.critical_progress if critical else style.summary
        height = bar.y1 - bar.y0
        path = QPainterPath()
        tip = height * 0.9
        path.moveTo(bar.x0, bar.y0)
        path.lineTo(bar.x1, bar.y0)
        path.lineTo(bar.x1, bar.y1 + tip * 0.6)
        path.lineTo(bar.x1 - tip * 0.8, bar.y1)
        path.lineTo(bar.x0 + tip * 0.8, bar.y1)
        path.lineTo(bar.x0, bar.y1 + tip * 0.6)
        path.closeSubpath()
        self._fill(painter, color, ghost)
        painter.drawPath(path)
        if bar.progress_x > bar.x0 and not ghost:
            done = QColor(style.bar_progress)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(done)
            painter.drawRect(
                QRectF(bar.x0, bar.y0 + height * 0.3, bar.progress_x - bar.x0, height * 0.4)
            )

    def _paint_conflict(self, painter: QPainter, bar: BarShape) -> None:
        """A red outline and a "!" marker: a link or constraint is not met."""
        pen = QPen(self.style.conflict, 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(bar.x0 - 1, bar.y0 - 1, bar.x1 - bar.x0 + 2, bar.y1 - bar.y0 + 2))
        size = bar.y1 - bar.y0
        mark = QRectF(bar.x0 - size - 3, bar.y0, size, size)
        painter.setBrush(self.style.conflict)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(mark)
        painter.setPen(QColor("white"))
        painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "!")

    def paint_label(self, painter: QPainter, bar: BarShape) -> None:
        """The task name right of its bar, centred on the bar's middle."""
        if not bar.label:
            return
        painter.setPen(self.style.text)
        painter.drawText(QPointF(self.label_left(bar), bar.mid_y + self._label_offset), bar.label)

    @staticmethod
    def label_left(bar: BarShape) -> float:
        """Where a bar's name starts: right of the bar, past the stub a link leaves it by and
        past its finish connector (drawn on the selected bar), so neither covers a letter."""
        return bar.x1 + CONNECTOR_OFFSET + CONNECTOR_RADIUS + 2

    # -- screen-only marks (never on paper) --

    def paint_connectors(self, painter: QPainter, bar: BarShape) -> None:
        """The two round link connectors of a bar, exactly where :meth:`GanttLayout.hit` finds
        them: circles of ``CONNECTOR_RADIUS`` centred ``CONNECTOR_OFFSET`` outside each end."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self.style.link, 1.5))
        painter.setBrush(self.style.background)
        radius = CONNECTOR_RADIUS - 0.75  # the pen's outer edge lands on the hit circle
        for x in (bar.x0 - CONNECTOR_OFFSET, bar.x1 + CONNECTOR_OFFSET):
            painter.drawEllipse(QPointF(x, bar.mid_y), radius, radius)
        painter.restore()

    def paint_highlight(self, painter: QPainter, bar: BarShape) -> None:
        """A bold outline round a bar: a task that the last edit moved along with another."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self.style.highlight, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(
            QRectF(bar.x0 - 3, bar.y0 - 3, max(bar.x1 - bar.x0, 2.0) + 6, bar.y1 - bar.y0 + 6),
            3.5,
            3.5,
        )
        painter.restore()

    # -- the time scale header --

    def paint_header(
        self, painter: QPainter, scale: TimeScale, x0: float, x1: float, height: float
    ) -> None:
        """Two tiers of date labels for chart x in ``[x0, x1]``; y from 0 to ``height``."""
        style = self.style
        painter.save()
        painter.setFont(style.font)
        painter.fillRect(QRectF(x0, 0, x1 - x0, height), style.header_background)
        top, bottom = scale.header(x0, x1)
        half = height / 2
        painter.setPen(QPen(style.grid, 0))
        painter.drawLine(QLineF(x0, half, x1, half))
        painter.drawLine(QLineF(x0, height - 0.5, x1, height - 0.5))
        for tier, y, align in (
            (top, 0.0, Qt.AlignmentFlag.AlignLeft),
            (bottom, half, Qt.AlignmentFlag.AlignHCenter),
        ):
            for cell in tier:
                painter.setPen(QPen(style.grid, 0))
                painter.drawLine(QLineF(cell.x0, y, cell.x0, y + half))
                # A cell scrolled or cut in part keeps its label on its visible part (the year
                # stays in view), or leaves it out when it no longer fits there.
                left = max(cell.x0, x0)
                box = QRectF(left + 4, y, max(min(cell.x1, x1) - left - 8, 0), half)
                label = cell.label
                if painter.fontMetrics().horizontalAdvance(label) > box.width():
                    continue  # a label that doesn't fit is left out, never cut or overlapped
                painter.setPen(style.text)
                painter.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, label)
        painter.restore()


def _arrow_head(before: tuple[float, float], tip: tuple[float, float]) -> QPolygonF:
    """A small triangle at ``tip`` pointing away from ``before``."""
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    ux, uy = dx / length, dy / length
    size = 5.0
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    return QPolygonF(
        [
            QPointF(*tip),
            QPointF(bx - uy * size * 0.6, by + ux * size * 0.6),
            QPointF(bx + uy * size * 0.6, by - ux * size * 0.6),
        ]
    )


def _link_polygons(link: LinkShape) -> tuple[QPolygonF, QPolygonF] | None:
    """The polyline and the arrow head of a link (None for a degenerate one)."""
    if len(link.points) < 2:
        return None
    line = QPolygonF([QPointF(x, y) for x, y in link.points])
    return line, _arrow_head(link.points[-2], link.points[-1])


def _path(polygon: QPolygonF) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(polygon)
    return path
