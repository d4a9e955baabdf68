"""Roadmap timeline geometry: theme lanes down, time across, items packed into lane rows.

Like the Gantt layout, everything is in chart units (pixels at the current zoom) and free of
Qt. Items of one lane are packed greedily into as few rows as they need without overlapping
(label room included), so a lane grows with its busiest period, not with its item count.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ipmp_desktop.core.layout.timescale import TimeScale

ROW_GAP = 6.0
"""Horizontal room kept between two items packed in the same lane row."""
HANDLE = 5.0
"""How close to a bar's right end a press resizes instead of moving."""


@dataclass(frozen=True, slots=True)
class TimelineLane:
    """A lane to draw: a theme (``theme_id`` None: items without a theme)."""

    theme_id: int | None
    name: str
    color: str = "#7f8c9a"


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """A roadmap item as the timeline needs it (finish inclusive)."""

    id: int
    theme_id: int | None
    title: str
    start: date | None
    finish: date | None
    percent: int = 0
    at_risk: bool = False
    has_children: bool = False


@dataclass(frozen=True, slots=True)
class LaneShape:
    """A lane band: rows ``y0``..``y1``."""

    index: int
    theme_id: int | None
    name: str
    color: str
    y0: float
    y1: float


@dataclass(frozen=True, slots=True)
class ItemShape:
    """An item's bar in its lane; ``resizable`` when it has no children (its dates are its
    own, not rolled up)."""

    task_id: int
    lane: int
    x0: float
    x1: float
    y0: float
    y1: float
    percent: int
    at_risk: bool
    label: str
    resizable: bool


@dataclass(frozen=True, slots=True)
class ReleaseShape:
    """A release marker at the end of its day."""

    release_id: int
    x: float
    label: str
    day: date


class TimelineLayout:
    """Lanes, item bars and release markers, with hit tests."""

    def __init__(
        self,
        scale: TimeScale,
        lanes: list[LaneShape],
        items: list[ItemShape],
        releases: list[ReleaseShape],
        width: float,
    ) -> None:
        self.scale = scale
        self.lanes = lanes
        self.items = items
        self.releases = releases
        self.width = width
        self.height = lanes[-1].y1 if lanes else 0.0
        self._by_id = {item.task_id: item for item in items}

    def item_of(self, task_id: int) -> ItemShape | None:
        """The bar of ``task_id`` (None when it is not drawn)."""
        return self._by_id.get(task_id)

    def lane_at(self, y: float) -> LaneShape | None:
        """The lane band containing ``y`` (the nearest one outside the chart)."""
        if not self.lanes:
            return None
        if y < self.lanes[0].y0:
            return self.lanes[0]
        for lane in self.lanes:
            if y < lane.y1:
                return lane
        return self.lanes[-1]

    def item_at(self, x: float, y: float) -> tuple[ItemShape, str] | None:
        """The bar under the point and the part pressed: ``"finish"`` near the right end of a
        resizable bar, else ``"body"``."""
        lane = self.lane_at(y)
        if lane is None or not lane.y0 <= y < lane.y1:
            return None
        for item in self.items:
            if item.lane == lane.index and item.y0 <= y <= item.y1 and item.x0 <= x <= item.x1:
                near_end = item.resizable and x >= item.x1 - HANDLE
                return item, "finish" if near_end else "body"
        return None


def layout_timeline(
    lanes: Sequence[TimelineLane],
    items: Sequence[TimelineItem],
    releases: Sequence[tuple[int, str, date]],
    scale: TimeScale,
    *,
    row_height: float = 30.0,
    label_width: float = 0.0,
    label_widths: Mapping[int, float] | None = None,
) -> TimelineLayout:
    """Pack ``items`` into their lanes' rows and place the release markers.

    Args:
        lanes: in display order; items whose theme has no lane go to the lane whose
            ``theme_id`` is None if there is one, else they are left out.
        items: undated items are left out (the other roadmap views list them).
        releases: ``(id, name, day)``.
        label_width: extra room reserved after each bar for a label drawn outside it.
        label_widths: that room per item id, where it differs (a print reserves room only
            after the bars whose label does not fit inside).
    """
    room = label_widths or {}
    index_of = {lane.theme_id: n for n, lane in enumerate(lanes)}
    rows: dict[int, list[list[TimelineItem]]] = {n: [] for n in range(len(lanes))}
    ends: dict[int, list[float]] = {n: [] for n in range(len(lanes))}
    dated = sorted(
        (item for item in items if item.start is not None),
        key=lambda item: (item.start, item.id),
    )
    for item in dated:
        lane = index_of.get(item.theme_id, index_of.get(None))
        if lane is None:
            continue
        x0 = scale.x(item.start)  # type: ignore[arg-type]
        x1 = scale.x(_finish(item) + timedelta(days=1))
        extra = room.get(item.id, label_width)
        for row, end in enumerate(ends[lane]):
            if end + ROW_GAP <= x0:
                rows[lane][row].append(item)
                ends[lane][row] = x1 + extra
                break
        else:
            rows[lane].append([item])
            ends[lane].append(x1 + extra)
    lane_shapes: list[LaneShape] = []
    item_shapes: list[ItemShape] = []
    y = 0.0
    last_x = 0.0
    pad = row_height * 0.15
    for n, lane in enumerate(lanes):
        count = max(len(rows[n]), 1)
        lane_shapes.append(
            LaneShape(n, lane.theme_id, lane.name, lane.color, y, y + count * row_height + 2 * pad)
        )
        for row, members in enumerate(rows[n]):
            top = y + pad + row * row_height
            for item in members:
                x0 = scale.x(item.start)  # type: ignore[arg-type]
                x1 = scale.x(_finish(item) + timedelta(days=1))
                last_x = max(last_x, x1)
                item_shapes.append(
                    ItemShape(
                        task_id=item.id,
                        lane=n,
                        x0=x0,
                        x1=x1,
                        y0=top + row_height * 0.12,
                        y1=top + row_height * 0.88,
                        percent=item.percent,
                        at_risk=item.at_risk,
                        label=item.title,
                        resizable=not item.has_children,
                    )
                )
        y = lane_shapes[-1].y1
    release_shapes = [
        ReleaseShape(release_id, scale.x(day + timedelta(days=1)), name, day)
        for release_id, name, day in releases
    ]
    for release in release_shapes:
        last_x = max(last_x, release.x)
    width = max(last_x + 30 * scale.day_width + label_width, 1.0)
    return TimelineLayout(scale, lane_shapes, item_shapes, release_shapes, width)


def _finish(item: TimelineItem) -> date:
    assert item.start is not None
    if item.finish is None or item.finish < item.start:
        return item.start
    return item.finish


def outside_label_room(
    items: Iterable[TimelineItem],
    scale: TimeScale,
    text_width: Callable[[str], float],
    padding: float = 10.0,
) -> dict[int, float]:
    """Room to reserve after each bar whose title does not fit inside it, so that a title drawn
    beside its bar never runs into the next bar of the row (``layout_timeline``'s
    ``label_widths``). The screen and a print measure with their own fonts."""
    room = {}
    for item in items:
        if item.start is None:
            continue
        finish = item.finish if item.finish and item.finish >= item.start else item.start
        width = scale.x(finish + timedelta(days=1)) - scale.x(item.start)
        text = text_width(("⚠ " if item.at_risk else "") + item.title)
        if text > width - padding:
            room[item.id] = text + padding
    return room
