"""Gantt chart geometry: rows of bars, milestones, summaries, baselines and link polylines.

:func:`layout_gantt` turns plain task and link values (already in display order) and a
:class:`~ipmp_desktop.core.layout.timescale.TimeScale` into primitives in chart units, which one
painter draws on screen and on paper. Nothing here reads the database or imports Qt.

Row ``r`` owns the horizontal band ``[r * h, (r + 1) * h)`` for row height ``h``. Within it a task
bar spans 0.25h to 0.70h, a baseline band 0.74h to 0.86h, a summary bracket 0.30h to 0.55h, and a
milestone diamond is centred on 0.475h. A task occupying days start..finish (inclusive) spans
``x(start)`` to ``x(finish + 1 day)``; a milestone is centred on ``x(start)``.

The layout answers the questions a view asks on every paint and mouse move (which rows and links
are visible, what is under the pointer) in time proportional to what is visible, not to the plan:
rows are found by division and links through buckets of :data:`LINK_BUCKET_ROWS` rows.
"""

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import pairwise

from ipmp_desktop.core.layout.routing import route_link
from ipmp_desktop.core.layout.shapes import (
    BarShape,
    BaselineShape,
    GanttLink,
    GanttTask,
    Hit,
    LinkShape,
    Part,
    ShapeBuilder,
    new_link,
)
from ipmp_desktop.core.layout.timescale import TimeScale

__all__ = [
    "CONNECTOR_OFFSET",
    "CONNECTOR_RADIUS",
    "LINK_BUCKET_ROWS",
    "MIN_BAND_DAY_WIDTH",
    "BarShape",
    "BaselineShape",
    "GanttLayout",
    "GanttLink",
    "GanttTask",
    "Hit",
    "LinkShape",
    "Part",
    "layout_gantt",
    "non_working_bands",
    "plan_span",
]

LINK_BUCKET_ROWS = 64
"""Links are indexed by blocks of this many rows; a link is filed under every block it spans."""

CONNECTOR_OFFSET = 8.0
"""The link connector circles are centred this far outside a bar's x0 and x1, on its mid_y."""

CONNECTOR_RADIUS = 5.0
"""Radius of the link connector circles, in chart units."""

MIN_BAND_DAY_WIDTH = 5.0
"""Below this day width non-working days are too dense to draw, so no bands are returned."""

_MARGIN_DAYS, _MIN_MARGIN = 7, 64.0  # room right of the last day for links and labels


class GanttLayout:
    """The laid-out chart: per-row shapes, links and the queries a view needs.

    Build it with :func:`layout_gantt`; treat every attribute as read-only. ``bars[r]`` and
    ``baselines[r]`` belong to row ``r`` and are None when that task has no dates (or no
    baseline). ``width``/``height`` are the chart extent in chart units.
    """

    __slots__ = (
        "_buckets",
        "bars",
        "baselines",
        "first_day",
        "height",
        "last_day",
        "links",
        "row_height",
        "row_of",
        "rows",
        "scale",
        "width",
    )

    def __init__(
        self,
        *,
        scale: TimeScale,
        row_height: float,
        rows: list[int],
        bars: list[BarShape | None],
        baselines: list[BaselineShape | None],
        links: list[LinkShape],
        first_day: date,
        last_day: date,
        row_of: dict[int, int] | None = None,
    ) -> None:
        """Stores the shapes and indexes the links by row block; see :func:`layout_gantt`."""
        self.scale = scale
        self.row_height = row_height
        self.rows = rows
        self.row_of = row_of if row_of is not None else {t: r for r, t in enumerate(rows)}
        self.bars = bars
        self.baselines = baselines
        self.links = links
        self.first_day = first_day
        self.last_day = last_day
        self.height = len(rows) * row_height
        right = scale.x(last_day) + scale.day_width  # x of the day after, even after date.max
        self.width = max(right + max(_MARGIN_DAYS * scale.day_width, _MIN_MARGIN), 1.0)
        self._buckets = _bucket_links(links, len(rows))

    def rows_in(self, y0: float, y1: float) -> range:
        """The rows whose band intersects [y0, y1], clamped to the rows that exist."""
        if y1 < y0 or not self.rows:
            return range(0)
        first = max(math.floor(y0 / self.row_height), 0)
        last = min(math.floor(y1 / self.row_height), len(self.rows) - 1)
        return range(first, last + 1) if first <= last else range(0)

    def links_in(self, row_lo: int, row_hi: int) -> list[LinkShape]:
        """The links whose row span intersects [row_lo, row_hi], in layout order.

        Only the buckets covering the range are read, so the cost follows the links near those
        rows, not the whole plan.
        """
        row_lo, row_hi = max(row_lo, 0), min(row_hi, len(self.rows) - 1)
        if row_lo > row_hi:
            return []
        first, last = row_lo // LINK_BUCKET_ROWS, row_hi // LINK_BUCKET_ROWS
        if first == last:
            indices: Iterable[int] = self._buckets[first]
        else:
            # A link spanning several blocks sits in each of them: dedupe, then restore order.
            indices = sorted({i for block in self._buckets[first : last + 1] for i in block})
        links = self.links
        return [
            links[i] for i in indices if links[i].row_lo <= row_hi and links[i].row_hi >= row_lo
        ]

    def hit(self, x: float, y: float, slop: float = 4.0) -> Hit | None:
        """The bar in the row at ``y`` (that row only) and the part of it at (x, y).

        Every kind first tests the link connectors (the circles the chart draws on hover):
        circles of :data:`CONNECTOR_RADIUS` centred :data:`CONNECTOR_OFFSET` outside x0
        (LINK_START) and x1 (LINK_FINISH) on mid_y. Tasks are then tested for PROGRESS (within
        ``slop`` of progress_x, lower half of the bar), then START/FINISH (within ``slop`` of
        x0/x1; the nearer edge wins, FINISH on a tie), then BODY (inside the rectangle).
        Milestones and summaries have only BODY and the connectors.
        Returns None when nothing is hit.
        """
        row = math.floor(y / self.row_height)
        bar = self.bars[row] if 0 <= row < len(self.bars) else None
        if bar is None:
            return None
        part = _part_at(bar, x, y, slop)
        return Hit(bar, part) if part is not None else None

    def link_at(self, x: float, y: float, tolerance: float = 4.0) -> LinkShape | None:
        """The link whose polyline passes nearest (x, y), if within ``tolerance``.

        Only links touching the rows within ``tolerance`` of ``y`` are considered.
        """
        rows = self.rows_in(y - tolerance, y + tolerance)
        if not rows:
            return None
        best, best_distance = None, tolerance
        for link in self.links_in(rows[0], rows[-1]):
            distance = _distance_to_polyline(link.points, x, y)
            if distance <= best_distance:
                best, best_distance = link, distance
        return best

    def bar_of(self, task_id: int) -> BarShape | None:
        """The shape of a task, or None when it is not shown or has no dates."""
        row = self.row_of.get(task_id)
        return None if row is None else self.bars[row]


def layout_gantt(
    tasks: Sequence[GanttTask],
    links: Sequence[GanttLink],
    scale: TimeScale,
    row_height: float,
) -> GanttLayout:
    """Lays out one chart.

    Args:
        tasks: the rows in display order, collapsed children already removed; ids must be unique.
        links: dependencies; a link is skipped unless both ends are shown with dates, and a link
            from a task to itself is skipped.
        scale: the time axis.
        row_height: chart units per row; must be positive.

    Raises:
        ValueError: ``row_height`` is not positive, or a link type is not FS, SS, FF or SF.
    """
    if not row_height > 0:
        raise ValueError(f"row_height must be positive, got {row_height!r}")
    rows = [task.id for task in tasks]
    build = ShapeBuilder(scale, row_height)
    bars = [build.bar(task, row) for row, task in enumerate(tasks)]
    baselines = [build.baseline(task, row) for row, task in enumerate(tasks)]
    row_of = {task_id: row for row, task_id in enumerate(rows)}
    shapes: list[LinkShape] = []
    for link in links:
        pred_row, succ_row = row_of.get(link.predecessor), row_of.get(link.successor)
        if pred_row is None or succ_row is None or pred_row == succ_row:
            continue
        pred, succ = bars[pred_row], bars[succ_row]
        if pred is None or succ is None:
            continue
        points = route_link(pred, succ, link.type, pred_row, succ_row, row_height)
        lo, hi = (pred_row, succ_row) if pred_row < succ_row else (succ_row, pred_row)
        shapes.append(
            new_link(
                link.id,
                link.predecessor,
                link.successor,
                link.type,
                link.lag,
                link.critical,
                points,
                lo,
                hi,
            )
        )
    span = plan_span(tasks)
    first, last = span if span is not None else (scale.origin, scale.origin)
    return GanttLayout(
        scale=scale,
        row_height=row_height,
        rows=rows,
        bars=bars,
        baselines=baselines,
        links=shapes,
        first_day=first,
        last_day=last,
        row_of=row_of,
    )


def _bucket_links(links: list[LinkShape], row_count: int) -> list[list[int]]:
    buckets: list[list[int]] = [
        [] for _ in range((row_count + LINK_BUCKET_ROWS - 1) // LINK_BUCKET_ROWS)
    ]
    for index, link in enumerate(links):
        for block in range(link.row_lo // LINK_BUCKET_ROWS, link.row_hi // LINK_BUCKET_ROWS + 1):
            buckets[block].append(index)
    return buckets


def _part_at(bar: BarShape, x: float, y: float, slop: float) -> Part | None:
    """The part of ``bar`` at (x, y); see :meth:`GanttLayout.hit` for the order of the tests."""
    # The connectors first: where a circle overlaps an end's slop, what is drawn there (the
    # circle) is what a press gets.
    mid = bar.mid_y
    if math.hypot(x - (bar.x0 - CONNECTOR_OFFSET), y - mid) <= CONNECTOR_RADIUS:
        return Part.LINK_START
    if math.hypot(x - (bar.x1 + CONNECTOR_OFFSET), y - mid) <= CONNECTOR_RADIUS:
        return Part.LINK_FINISH
    inside_y = bar.y0 <= y <= bar.y1
    if bar.kind not in ("milestone", "summary") and inside_y:
        if abs(x - bar.progress_x) <= slop and y >= bar.mid_y:
            return Part.PROGRESS
        to_start, to_finish = abs(x - bar.x0), abs(x - bar.x1)
        if min(to_start, to_finish) <= slop:
            return Part.START if to_start < to_finish else Part.FINISH
    if inside_y and bar.x0 <= x <= bar.x1:
        return Part.BODY
    return None


def _distance_to_polyline(points: tuple[tuple[float, float], ...], x: float, y: float) -> float:
    best = math.inf
    for (ax, ay), (bx, by) in pairwise(points):
        # The nearest point of a segment is the query point clamped into its bounding box
        # (exact for axis-parallel segments, which are the only ones a route has).
        cx = min(max(x, min(ax, bx)), max(ax, bx))
        cy = min(max(y, min(ay, by)), max(ay, by))
        best = min(best, math.hypot(x - cx, y - cy))
    return best


def plan_span(tasks: Iterable[GanttTask]) -> tuple[date, date] | None:
    """The first and last day of the dated tasks, baselines included; None when none is dated."""
    first: date | None = None
    last: date | None = None
    for task in tasks:
        for day in (task.start, task.finish, task.baseline_start, task.baseline_finish):
            if day is None:
                continue
            if first is None or day < first:
                first = day
            if last is None or day > last:
                last = day
    if first is None or last is None:
        return None
    return first, last


def non_working_bands(
    scale: TimeScale, is_working: Callable[[date], bool], x0: float, x1: float
) -> list[tuple[float, float]]:
    """The x ranges of the non-working days visible in [x0, x1], runs of days merged.

    Returns [] when the day width is below :data:`MIN_BAND_DAY_WIDTH` (bands would be a blur).
    Calls ``is_working`` once per visible day. Ranges are whole days, not clipped to [x0, x1].
    """
    if scale.day_width < MIN_BAND_DAY_WIDTH or x1 < x0:
        return []
    first, last = scale.date_at(x0).toordinal(), scale.date_at(x1).toordinal()
    origin, width = scale.origin.toordinal(), scale.day_width
    bands: list[tuple[float, float]] = []
    run_start: int | None = None
    for ordinal in range(first, last + 1):
        if not is_working(date.fromordinal(ordinal)):
            if run_start is None:
                run_start = ordinal
        elif run_start is not None:
            bands.append(((run_start - origin) * width, (ordinal - origin) * width))
            run_start = None
    if run_start is not None:
        bands.append(((run_start - origin) * width, (last + 1 - origin) * width))
    return bands
