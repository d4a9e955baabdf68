"""Orthogonal routes for dependency arrows between two laid-out bars.

A route leaves the predecessor horizontally from its finish (FS, FF) or start (SS, SF), always
first by a stub of :data:`LINK_STUB` away from the bar, and reaches the successor horizontally at
its start (FS, SS; travelling right) or finish (FF, SF; travelling left), on the shapes' mid_y,
with at least a stub's length of straight approach for the arrow head.

When one vertical channel fits beyond both stubs the route is an elbow: out, across the rows,
in. SS and FF always fit (the channel is left of both starts, or right of both finishes). FS fits
when the successor starts at least two stubs right of the predecessor's finish, SF in the mirror
case. Otherwise (the usual FS between adjacent days, or a negative lag) the straight elbow would
run back over a bar, so the route detours along the row boundary next to the predecessor, on
the side of the successor, where no bar is drawn.
"""

from typing import Protocol

LINK_STUB = 8.0
"""Length of the straight piece leaving the predecessor and entering the successor."""

# link type -> (direction leaving the predecessor, direction arriving at the successor):
# +1 is rightwards (out of a finish, into a start), -1 leftwards (out of a start, into a finish)
_DIRECTIONS = {"FS": (1.0, 1.0), "SS": (-1.0, 1.0), "FF": (1.0, -1.0), "SF": (-1.0, -1.0)}

Point = tuple[float, float]


class _Box(Protocol):
    """What a route needs of a shape: its horizontal extent and vertical centre."""

    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def mid_y(self) -> float: ...


def route_link(
    pred: _Box, succ: _Box, link_type: str, pred_row: int, succ_row: int, row_height: float
) -> tuple[Point, ...]:
    """The polyline from ``pred`` to ``succ`` for a link of ``link_type``; head at the end.

    Every segment is horizontal or vertical, no two consecutive points repeat and no point lies
    in the middle of a straight run. ``pred_row``/``succ_row`` choose the detour boundary.

    Raises:
        ValueError: ``link_type`` is not FS, SS, FF or SF.
    """
    directions = _DIRECTIONS.get(link_type)
    if directions is None:
        raise ValueError(f"unknown link type {link_type!r}; expected FS, SS, FF or SF")
    leave, arrive = directions
    px, py = (pred.x1 if leave > 0 else pred.x0), pred.mid_y
    sx, sy = (succ.x0 if arrive > 0 else succ.x1), succ.mid_y
    out = px + leave * LINK_STUB  # end of the exit stub
    into = sx - arrive * LINK_STUB  # start of the straight approach
    if leave != arrive:
        # SS and FF: both stubs point the same way, so the outermost of them is a clear channel.
        channel = min(out, into) if leave < 0 else max(out, into)
        points: tuple[Point, ...] = ((px, py), (channel, py), (channel, sy), (sx, sy))
    elif leave * (into - out) >= 0:
        points = ((px, py), (out, py), (out, sy), (sx, sy))
    else:
        boundary = (pred_row + 1 if succ_row > pred_row else pred_row) * row_height
        points = ((px, py), (out, py), (out, boundary), (into, boundary), (into, sy), (sx, sy))
    # Between different rows every corner is real: the stubs are never zero, a channel is never
    # on an end, and no mid_y lies on a row boundary. Only a same-row route can degenerate.
    return points if pred_row != succ_row else _clean(points)


def _clean(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """Drops repeated points and points in the middle of a straight run."""
    kept: list[Point] = []
    for point in points:
        if kept and kept[-1] == point:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            # Merge only a run that keeps its direction; a fold back must keep its corner.
            same_line = (ax == bx == point[0]) or (ay == by == point[1])
            if same_line and (bx - ax) * (point[0] - bx) + (by - ay) * (point[1] - by) >= 0:
                kept[-1] = point
                continue
        kept.append(point)
    return tuple(kept)
