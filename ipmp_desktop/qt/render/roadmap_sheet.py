"""The roadmap timeline as a printable sheet: theme names on the left, months across the top.

The timeline is laid out by the core's :func:`layout_timeline` from the same inputs the screen
uses and drawn by the screen's :class:`RoadmapPainter` in paper colours. What only paper needs
is added here: the time axis spans the roadmap (or the page setup's date range), "N pages wide"
picks the day width so the axis fills exactly that many pages with text at full size, and bars
too short for their title keep room after them so the title printed beside never runs into the
next bar.
"""

import math
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from ipmp_desktop.core.layout.pages import BreakFinder, PageSetup, at_positions, every
from ipmp_desktop.core.layout.roadmap import ItemShape, layout_timeline, outside_label_room
from ipmp_desktop.core.layout.timescale import TimeScale, Zoom
from ipmp_desktop.core.services.roadmap_print import RoadmapPrint
from ipmp_desktop.qt.render.gantt_painter import GanttStyle
from ipmp_desktop.qt.render.roadmap_painter import RELEASE_COLOR, RoadmapPainter
from ipmp_desktop.qt.render.sheet_parts import TimeAxisSheet, paint_cut_symbol, paint_dashed_line

LANE_WIDTH = 150.0
HEADER_HEIGHT = 36.0
ROW_HEIGHT = 28.0

LEGEND = (
    ("item", "Item"),
    ("progress", "Done"),
    ("risk", "At risk"),
    ("release", "Release"),
    ("today", "Today"),
    ("cut", "Continues on next page"),
)


def roadmap_zoom(day_width: float) -> Zoom:
    """The header tiers for a day width: months while a month has room for its name, then
    quarters, then years."""
    if day_width >= 1.2:
        return Zoom.MONTH
    return Zoom.QUARTER if day_width >= 0.4 else Zoom.YEAR


class RoadmapSheet(TimeAxisSheet[RoadmapPrint]):
    """A :class:`RoadmapPrint` laid out for paper: ``setup`` gives the time scale (its
    ``pages_wide`` or ``day_width``); ``data`` and ``area_width`` are as :class:`TimeAxisSheet`
    takes them.
    """

    title = "Roadmap"
    legend_entries = LEGEND
    fits_by_scale = True
    """With the day width chosen for "pages wide" the sheet already fits across at scale 1;
    only "pages tall" ever shrinks it."""

    def __init__(self, data: RoadmapPrint, setup: PageSetup, area_width: float) -> None:
        super().__init__(data, area_width)
        self.style = GanttStyle.for_print(self.font)
        self.painter = RoadmapPainter(self.style)
        self.left_width = LANE_WIDTH
        self.top_height = HEADER_HEIGHT
        self._lay_out(setup)
        if setup.date_range is None:  # let the axis run on under the titles printed beside
            overrun = self._label_overrun()
            if overrun > 0:
                extra = math.ceil(overrun / self.scale.day_width) + 2
                self.data = replace(data, last_day=data.last_day + timedelta(days=extra))
                self._lay_out(setup)

    def _lay_out(self, setup: PageSetup) -> None:
        data = self.data
        day_width = self.day_width_for(setup, data.days)
        self.scale = TimeScale(data.first_day, day_width, roadmap_zoom(day_width))
        self.layout = layout_timeline(
            data.lanes,
            data.items,
            data.releases,
            self.scale,
            row_height=ROW_HEIGHT,
            label_widths=self._label_room(),
        )
        self.body_width = data.days * day_width
        self.body_height = max(self.layout.height, ROW_HEIGHT)
        self.top_height = HEADER_HEIGHT + self.painter.release_band(self.layout)

    def _label_overrun(self) -> float:
        """How far the last title printed beside its bar runs past the end of the axis."""
        room = self._label_room()
        ends = [item.x1 + room.get(item.task_id, 0.0) for item in self.layout.items]
        return max(ends, default=0.0) - self.body_width

    def _label_room(self) -> dict[int, float]:
        """Room after each bar whose title is printed beside it (see ``outside_label_room``)."""
        return outside_label_room(self.data.items, self.scale, self.metrics.horizontalAdvance)

    # -- pagination --

    def x_breaks(self) -> BreakFinder | None:
        return every(self.scale.day_width)

    def y_breaks(self) -> BreakFinder | None:
        """Between lanes and between the rows of items inside a lane."""
        positions = {0.0, self.body_height}
        for lane in self.layout.lanes:
            positions |= {lane.y0, lane.y1}
        for item in self.layout.items:  # just below a row's bars, clear of their outline
            positions.add(min(item.y1 + 1.5, self.body_height))
        return at_positions(sorted(positions))

    def spans(self, y0: float, y1: float) -> list[tuple[int, float, float, float]]:
        return [
            (item.task_id, item.x0, item.x1, (item.y0 + item.y1) / 2)
            for item in self.layout.items
            if item.y1 > y0 and item.y0 < y1
        ]

    # -- painting --

    def paint_body(self, painter: QPainter, rect: QRectF, detail: bool = True) -> None:
        painter.save()
        painter.fillRect(rect, self.style.background)
        self.painter.paint_content(
            painter,
            self.layout,
            rect,
            today=self.data.today,
            pin_labels=True,
            labels=detail,
        )
        if not self.layout.items:
            painter.setFont(self.font)
            painter.setPen(self.style.text)
            painter.drawText(
                QRectF(0, 0, self.body_width, self.body_height),
                Qt.AlignmentFlag.AlignCenter,
                "No dated items on this roadmap in these dates.",
            )
        painter.restore()

    def paint_left(self, painter: QPainter, y0: float, y1: float, width: float) -> None:
        painter.save()
        painter.fillRect(QRectF(0, y0, width, y1 - y0), self.style.header_background)
        self.painter.paint_lane_names(painter, self.layout, y0, y1, width, pin=True)
        painter.restore()

    def paint_top(self, painter: QPainter, x0: float, x1: float, height: float) -> None:
        self.painter.paint_header(painter, self.layout, x0, x1, height)

    def paint_corner(self, painter: QPainter, width: float, height: float) -> None:
        painter.save()
        painter.fillRect(QRectF(0, 0, width, height), self.style.header_background)
        painter.setFont(self.bold)
        painter.setPen(self.style.text)
        painter.drawText(
            QRectF(8, 0, width - 12, height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            "Theme",
        )
        painter.restore()

    # -- the legend --

    def paint_symbol(self, painter: QPainter, key: str, rect: QRectF) -> None:
        mid = rect.center().y()
        bar = ItemShape(0, 0, rect.left(), rect.right(), mid - 5, mid + 5, 0, False, "", False)
        color = "#5b8fd6"
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        match key:
            case "item":
                self.painter.paint_item(painter, bar, color, label=False)
            case "progress":
                done = ItemShape(0, 0, bar.x0, bar.x1, bar.y0, bar.y1, 100, False, "", False)
                self.painter.paint_item(painter, done, color, label=False)
            case "risk":
                risky = ItemShape(0, 0, bar.x0, bar.x1, bar.y0, bar.y1, 0, True, "", False)
                self.painter.paint_item(painter, risky, color, label=False)
            case "release":
                paint_dashed_line(painter, rect, RELEASE_COLOR, 1.5)
            case "today":
                paint_dashed_line(painter, rect, self.style.today, 2)
            case "cut":
                paint_cut_symbol(painter, rect)
        painter.restore()
