"""One painter for the roadmap timeline: the screen's timeline view and the printed roadmap.

It draws a :class:`~ipmp_desktop.core.layout.roadmap.TimelineLayout` in chart units (the
caller translates and clips the painter): theme lane bands, month or quarter lines, release
markers, the today line and the item bars with their progress and risk flag; the lane names
of the left strip; and the time scale header with a strip of release names under it.
"""

from collections.abc import Collection
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from ipmp_desktop.core.layout.roadmap import ItemShape, TimelineLayout
from ipmp_desktop.core.layout.text_fit import elide
from ipmp_desktop.qt.render.gantt_painter import GanttPainter, GanttStyle

RELEASE_COLOR = QColor("#8e44ad")
MARK_COLOR = QColor("#1e88e5")
"""The outline of items a drag would move, or the last drop moved."""
OUTSIDE_LABEL = 260.0
"""Widest label drawn right of a bar too short to hold it."""
RELEASE_LINES = 2
"""Lines the strip of release names may take when releases lie close together."""
CULL_MARGIN = 300.0
"""How far left of the area a bar may end and still have its label drawn into it."""


class RoadmapPainter:
    """Draws a timeline layout with a :class:`GanttStyle` (the window's or paper's colours)."""

    def __init__(self, style: GanttStyle) -> None:
        self.style = style
        self.gantt = GanttPainter(style)

    # -- the chart area --

    def paint_content(
        self,
        painter: QPainter,
        chart: TimelineLayout,
        area: QRectF,
        *,
        today: date | None,
        selected: int | None = None,
        faded: int | None = None,
        pin_labels: bool = False,
        labels: bool = True,
        marked: Collection[int] = (),
    ) -> None:
        """Everything of the chart in ``area`` (chart units).

        ``selected`` is outlined, ``faded`` drawn pale (the bar being dragged), the ``marked``
        items ringed (those a drag moves along); with
        ``pin_labels`` a bar that starts left of ``area`` shows its label at the area's left
        edge (a printed tile); ``labels`` False leaves the titles out (an overview).
        """
        style = self.style
        painter.save()
        painter.setFont(style.font)
        for lane in chart.lanes:
            if lane.y1 < area.top() or lane.y0 > area.bottom():
                continue
            band = QRectF(area.left(), lane.y0, area.width(), lane.y1 - lane.y0)
            painter.fillRect(band, style.alternate if lane.index % 2 else style.background)
            painter.setPen(QPen(style.grid, 0))
            painter.drawLine(QPointF(area.left(), lane.y1), QPointF(area.right(), lane.y1))
        top, _bottom = chart.scale.header(area.left(), area.right())
        painter.setPen(QPen(style.grid, 0))
        for cell in top:
            painter.drawLine(QPointF(cell.x0, area.top()), QPointF(cell.x0, area.bottom()))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for release in chart.releases:
            pen = QPen(RELEASE_COLOR, 1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(release.x, area.top()), QPointF(release.x, area.bottom()))
        if today is not None:
            x = chart.scale.x(today) + chart.scale.day_width / 2
            today_pen = QPen(style.today, 2)
            today_pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(today_pen)
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
        left = area.left() if pin_labels else None
        for item in chart.items:
            if item.x1 < area.left() - CULL_MARGIN or item.x0 > area.right():
                continue
            if item.y1 < area.top() or item.y0 > area.bottom():
                continue
            self.paint_item(
                painter,
                item,
                chart.lanes[item.lane].color,
                selected=item.task_id == selected,
                faded=item.task_id == faded,
                marked=item.task_id in marked,
                label_left=left,
                label=labels,
            )
        painter.restore()

    def paint_item(
        self,
        painter: QPainter,
        item: ItemShape,
        color: str,
        *,
        selected: bool = False,
        faded: bool = False,
        ghost: bool = False,
        marked: bool = False,
        label_left: float | None = None,
        label: bool = True,
    ) -> None:
        """One item bar in its theme's colour: a thick red-orange edge when at risk, a darker
        strip along the bottom for its progress, its title inside or (if too short) right of
        it. ``ghost``: the dashed preview of a drag; ``marked``: ringed in :data:`MARK_COLOR`;
        ``label_left``: the title starts no further left than this."""
        style = self.style
        base = QColor(color)
        fill = QColor(base)
        fill.setAlpha(70 if ghost or faded else 150)
        rect = QRectF(item.x0, item.y0, max(item.x1 - item.x0, 4.0), item.y1 - item.y0)
        pen = QPen(style.conflict if item.at_risk else base.darker(130), 2 if item.at_risk else 1)
        if selected:
            pen = QPen(style.text, 2)
        if ghost:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 4, 4)
        if marked:
            painter.setPen(QPen(MARK_COLOR, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-2.5, -2.5, 2.5, 2.5), 5, 5)
        if item.percent and not ghost:
            done = QRectF(rect.left(), rect.bottom() - 4, rect.width() * item.percent / 100, 4)
            painter.fillRect(done, base.darker(150))
        if not label:
            return
        start = rect.left()
        if label_left is not None and label_left > start:
            if rect.right() - label_left < 6:
                return  # only a sliver shows here: the title is where the bar is
            start = label_left + 6  # clear of the continuation mark at the edge
        painter.setPen(style.text)
        text = item_label(item)
        room = QRectF(start + 6, rect.top(), rect.right() - start - 10, rect.height() - 3)
        if painter.fontMetrics().horizontalAdvance(text) <= room.width():
            painter.drawText(room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        else:
            outside = QRectF(rect.right() + 5, rect.top(), OUTSIDE_LABEL, rect.height())
            painter.drawText(outside, Qt.AlignmentFlag.AlignVCenter, text)

    def paint_ghost(self, painter: QPainter, item: ItemShape, color: str) -> None:
        """Where an item a drag moves along would land: its dashed bar without a title, and
        right of it a marker with the item's ``label`` (how far it moves), red-edged like the
        bar when it would be at risk."""
        self.paint_item(painter, item, color, ghost=True, label=False)
        painter.save()
        painter.setFont(self.style.font)
        metrics = painter.fontMetrics()
        text = ("⚠ " if item.at_risk else "") + item.label
        height = min(metrics.height() + 2, item.y1 - item.y0)
        badge = QRectF(
            item.x1 + 4,
            (item.y0 + item.y1 - height) / 2,
            metrics.horizontalAdvance(text) + 8,
            height,
        )
        painter.setPen(QPen(self.style.conflict if item.at_risk else MARK_COLOR, 1))
        painter.setBrush(self.style.background)
        painter.drawRoundedRect(badge, 3, 3)
        painter.setPen(self.style.text)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    # -- the strips --

    def paint_lane_names(
        self,
        painter: QPainter,
        chart: TimelineLayout,
        y0: float,
        y1: float,
        width: float,
        *,
        pin: bool = False,
    ) -> None:
        """Theme names with their colour for chart rows ``[y0, y1)``, x from 0 to ``width``;
        with ``pin`` a lane cut by ``y0`` shows its name from there (a printed tile)."""
        style = self.style
        painter.save()
        bold = QFont(style.font)
        bold.setBold(True)
        for lane in chart.lanes:
            if lane.y1 <= y0 or lane.y0 >= y1:
                continue
            band = QRectF(0, lane.y0, width, lane.y1 - lane.y0)
            painter.fillRect(band, style.header_background)
            painter.fillRect(QRectF(0, lane.y0, 5, lane.y1 - lane.y0), QColor(lane.color))
            painter.setPen(QPen(style.grid, 0))
            painter.drawLine(QPointF(0, lane.y1), QPointF(width, lane.y1))
            if pin and lane.y0 < y0:
                band.setTop(y0)
            painter.setPen(style.text)
            painter.setFont(bold)
            painter.drawText(
                band.adjusted(12, 6, -6, -6),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                lane.name,
            )
        painter.restore()

    def release_band(self, chart: TimelineLayout) -> float:
        """How tall the strip of release names under the time scale is: a line for the names,
        two when releases lie too close for their names on one (0 without releases)."""
        if not chart.releases:
            return 0.0
        metrics = QFontMetricsF(self.style.font)
        rows = 1 + max((box.top() for box, _text in self.release_labels(chart, metrics)))
        return rows * metrics.height() + 6

    def paint_header(
        self, painter: QPainter, chart: TimelineLayout, x0: float, x1: float, height: float
    ) -> None:
        """The two-tier time scale for chart x in ``[x0, x1]`` and, below it, the strip of
        release names (:meth:`release_band` of ``height``), so no name covers a month's."""
        band = self.release_band(chart)
        self.gantt.paint_header(painter, chart.scale, x0, x1, height - band)
        if band:
            self.paint_release_labels(painter, chart, x0, x1, height - band, band)

    def release_labels(
        self, chart: TimelineLayout, metrics: QFontMetricsF
    ) -> list[tuple[QRectF, str]]:
        """Where each release name goes in its strip and its text: the diamond on the marker,
        the name after it, on the first line where it does not run into a name before it;
        with both lines taken, the name before it on the freer line is cut short with an
        ellipsis (left out when not even its diamond fits). The boxes' ``top`` is the line
        (0 or 1), their height 1: the painter places them in the strip."""
        half = metrics.horizontalAdvance("◆") / 2
        lines: list[list[list]] = []  # per line: [left, width, text, name] of its names
        for release in sorted(chart.releases, key=lambda release: release.x):
            left = release.x - half - 2
            text = "◆ " + release.label
            entry = [left, metrics.horizontalAdvance(text) + 4, text, release.label]
            free = [n for n, line in enumerate(lines) if line[-1][0] + line[-1][1] <= left]
            if free:
                lines[free[0]].append(entry)
            elif len(lines) < RELEASE_LINES:
                lines.append([entry])
            else:
                line = min(lines, key=lambda line: line[-1][0] + line[-1][1])
                before = line[-1]
                room = left - before[0] - 4  # the names' boxes are 4 wider than their text
                name_room = room - metrics.horizontalAdvance("◆ ")
                cut = "◆ " + elide(before[3], name_room, metrics.horizontalAdvance)
                if metrics.horizontalAdvance(cut) > room:
                    cut = "◆"
                if metrics.horizontalAdvance(cut) <= room:
                    before[1:3] = [metrics.horizontalAdvance(cut) + 4, cut]
                else:  # not even its diamond fits: its dashed line alone marks it
                    line.pop()
                line.append(entry)
        return [
            (QRectF(left, n, width, 1), text)
            for n, line in enumerate(lines)
            for left, width, text, _name in line
        ]

    def paint_release_labels(
        self,
        painter: QPainter,
        chart: TimelineLayout,
        x0: float,
        x1: float,
        top: float,
        height: float,
    ) -> None:
        """The release names in the strip from ``top`` down ``height``."""
        painter.save()
        painter.setFont(self.style.font)
        painter.fillRect(QRectF(x0, top, x1 - x0, height), self.style.header_background)
        painter.setPen(QPen(self.style.grid, 0))
        painter.drawLine(QPointF(x0, top + height - 0.5), QPointF(x1, top + height - 0.5))
        painter.setPen(RELEASE_COLOR)
        metrics = QFontMetricsF(self.style.font)
        line = metrics.height()
        for box, text in self.release_labels(chart, metrics):
            if box.right() < x0 or box.left() > x1:
                continue
            rect = QRectF(box.left(), top + 3 + box.top() * line, box.width(), line)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()


def item_label(item: ItemShape) -> str:
    """The title a bar shows, flagged when the item is at risk."""
    return ("⚠ " if item.at_risk else "") + item.label
