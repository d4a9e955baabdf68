"""The Gantt chart's value types: what the caller hands in and the primitives a painter draws.

Inputs are :class:`GanttTask` and :class:`GanttLink`; outputs are :class:`BarShape`,
:class:`BaselineShape` and :class:`LinkShape` in chart units, plus :class:`Hit` for hit tests.
All are frozen, so a painter or an interaction can keep them without copying.

A plan of 10,000 rows builds some 30,000 shapes per layout. A frozen dataclass's generated
``__init__`` stores each field through ``object.__setattr__``, which made construction most of the
layout's cost; :func:`~ipmp_desktop.core.frozen.positional_constructor` stores through the slot
descriptors instead and gives the same objects at under half the cost.
"""

import enum
from dataclasses import dataclass
from datetime import date

from ipmp_desktop.core.frozen import positional_constructor
from ipmp_desktop.core.layout.timescale import TimeScale

_BAR_TOP, _BAR_BOTTOM = 0.25, 0.70
_SUMMARY_TOP, _SUMMARY_BOTTOM = 0.30, 0.55
_BASELINE_TOP, _BASELINE_BOTTOM = 0.74, 0.86
_MILESTONE_CENTRE, _MILESTONE_HALF = 0.475, 0.22


@dataclass(frozen=True, slots=True)
class GanttTask:
    """One row of the chart, as the caller knows it (no ORM object).

    ``kind`` is "task", "milestone" or "summary"; any other kind is drawn as a task bar.
    ``finish`` is the inclusive last day (for a milestone, the same day as ``start``). A task with
    only one of its dates is drawn on that one day; a task with neither has no bar.
    """

    id: int
    kind: str
    start: date | None
    finish: date | None
    percent: int = 0
    critical: bool = False
    conflict: bool = False
    manual: bool = False
    title: str = ""
    baseline_start: date | None = None
    baseline_finish: date | None = None


@dataclass(frozen=True, slots=True)
class GanttLink:
    """A dependency between two tasks: type FS, SS, FF or SF, with a lag in working days."""

    id: int
    predecessor: int
    successor: int
    type: str = "FS"
    lag: int = 0
    critical: bool = False


@dataclass(frozen=True, slots=True)
class BarShape:
    """A task bar, a milestone diamond or a summary bracket, by its bounding box.

    ``progress_x`` is where the done part ends: ``x0 + (x1 - x0) * percent / 100`` for tasks and
    summaries, ``x0`` for milestones. ``label`` is the task title.
    """

    task_id: int
    row: int
    kind: str
    x0: float
    x1: float
    y0: float
    y1: float
    progress_x: float
    percent: int
    critical: bool
    conflict: bool
    manual: bool
    label: str

    @property
    def mid_y(self) -> float:
        """The vertical centre of the shape, where links attach."""
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True, slots=True)
class BaselineShape:
    """The thin band under a bar showing where the task was planned (its saved baseline)."""

    task_id: int
    row: int
    x0: float
    x1: float
    y0: float
    y1: float


@dataclass(frozen=True, slots=True)
class LinkShape:
    """A dependency arrow: an orthogonal polyline whose head is at ``points[-1]``.

    The head points along the last segment, which is always horizontal and ends on the
    successor's start (FS, SS) or finish (FF, SF) at its mid_y. ``row_lo``/``row_hi`` bound the
    rows the polyline touches.
    """

    link_id: int
    predecessor: int
    successor: int
    type: str
    lag: int
    critical: bool
    points: tuple[tuple[float, float], ...]
    row_lo: int
    row_hi: int


class Part(enum.StrEnum):
    """Which part of a bar a point is on; decides what a drag starting there does."""

    BODY = "body"
    START = "start"
    FINISH = "finish"
    PROGRESS = "progress"
    LINK_START = "link_start"
    LINK_FINISH = "link_finish"


@dataclass(frozen=True, slots=True)
class Hit:
    """The bar under a point and the part of it that was hit."""

    bar: BarShape
    part: Part


new_bar = positional_constructor(BarShape)
new_baseline = positional_constructor(BaselineShape)
new_link = positional_constructor(LinkShape)


class ShapeBuilder:
    """Builds the bar and baseline of each row, with the scale's numbers hoisted out of the loop.

    Internal to the layout package: :func:`~ipmp_desktop.core.layout.gantt.layout_gantt` is the
    public way to get shapes.
    """

    __slots__ = ("_height", "_origin", "_width")

    def __init__(self, scale: TimeScale, row_height: float) -> None:
        """Prepares a builder for ``scale`` and rows of ``row_height`` chart units."""
        self._origin = scale.origin.toordinal()
        self._width = scale.day_width
        self._height = row_height

    def bar(self, task: GanttTask, row: int) -> BarShape | None:
        """The shape of ``task`` in ``row``, or None when the task has no dates."""
        start, finish = task.start or task.finish, task.finish or task.start
        if start is None or finish is None:
            return None
        h, top, kind = self._height, row * self._height, task.kind
        percent = min(max(task.percent, 0), 100)
        first = start.toordinal()
        x0 = (first - self._origin) * self._width
        if kind == "milestone":
            half, centre = _MILESTONE_HALF * h, top + _MILESTONE_CENTRE * h
            x0, x1, y0, y1 = x0 - half, x0 + half, centre - half, centre + half
            progress_x = x0
        else:
            # A finish before the start is bad input: show the start day, not a negative bar.
            x1 = (max(finish.toordinal(), first) + 1 - self._origin) * self._width
            if kind == "summary":
                y0, y1 = top + _SUMMARY_TOP * h, top + _SUMMARY_BOTTOM * h
            else:
                y0, y1 = top + _BAR_TOP * h, top + _BAR_BOTTOM * h
            progress_x = x0 + (x1 - x0) * percent / 100
        return new_bar(
            task.id, row, kind, x0, x1, y0, y1, progress_x, percent,
            task.critical, task.conflict, task.manual, task.title,
        )  # fmt: skip

    def baseline(self, task: GanttTask, row: int) -> BaselineShape | None:
        """The baseline band of ``task`` in ``row``, or None when it has no baseline dates.

        A milestone's band is as wide as its diamond, centred on the baseline start's left edge.
        """
        start = task.baseline_start or task.baseline_finish
        finish = task.baseline_finish or task.baseline_start
        if start is None or finish is None:
            return None
        h, top = self._height, row * self._height
        first = start.toordinal()
        x0 = (first - self._origin) * self._width
        if task.kind == "milestone":
            # Under the diamond's width, so a slipped milestone reads like its diamond moved.
            x0, x1 = x0 - _MILESTONE_HALF * h, x0 + _MILESTONE_HALF * h
        else:
            x1 = (max(finish.toordinal(), first) + 1 - self._origin) * self._width
        return new_baseline(
            task.id, row, x0, x1, top + _BASELINE_TOP * h, top + _BASELINE_BOTTOM * h
        )
