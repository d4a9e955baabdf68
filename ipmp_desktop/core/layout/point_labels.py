"""Names beside the dots of a scatter plot, placed so that none covers another or a dot.

A dot's name goes to the first of a few spots around it (right, left, above, below, then the
corners) where it covers no other dot and no name placed before it and stays inside the plot;
when no spot has room for the whole name, shorter and shorter elided versions are tried down to
a few letters; a dot for which even that finds no room is left without a name (its tooltip
still names it). Dots are served in the order given, so the caller decides whose name matters
most. Free of any GUI toolkit: the caller passes the measure of its font.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from ipmp_desktop.core.layout.text_fit import ELLIPSIS, TextWidth, elide

GAP = 3.0
"""Room between a dot's edge and its name."""
SHRINK = (1.0, 0.7, 0.5, 0.35)
"""Widths tried for a name, as shares of its full width (capped at the widest allowed)."""


@dataclass(frozen=True, slots=True)
class PointLabel:
    """The name of dot ``index``, in the box ``x``, ``y`` (top left), ``width``, ``height``."""

    index: int
    text: str
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the box meets the rectangle ``[x0, x1] x [y0, y1]`` (touching is not)."""
        return (
            self.x < x1 and x0 < self.x + self.width and self.y < y1 and y0 < self.y + self.height
        )


def place_point_labels(
    points: Sequence[tuple[float, float]],
    texts: Sequence[str],
    measure: TextWidth,
    *,
    radius: float,
    line_height: float,
    bounds: tuple[float, float, float, float],
    max_width: float,
    min_chars: int = 4,
    avoid: Sequence[tuple[float, float, float, float]] = (),
) -> list[PointLabel]:
    """Place a name beside each dot where it covers nothing, most important dots first.

    Args:
        points: the dots' centres, in the order their names are placed.
        texts: their names.
        measure: how wide a string is in the labels' font.
        radius: of a dot (its square ``2 * radius`` wide is kept clear).
        line_height: of a name.
        bounds: ``(left, top, right, bottom)`` the names stay inside.
        max_width: the widest a name may be (longer ones are elided).
        min_chars: the fewest letters an elided name keeps before it is left out.
        avoid: more rectangles ``(x0, y0, x1, y1)`` no name may cover (other text).

    Returns:
        One :class:`PointLabel` per dot that got a name, in the order placed.
    """
    dots = [(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    placed: list[PointLabel] = []
    for index, ((x, y), text) in enumerate(zip(points, texts, strict=True)):
        # only what lies within a name's reach can be in the way: test just that
        near_x, near_y = max_width + 2 * radius + GAP, line_height + 2 * radius + GAP
        near = list(avoid)
        near += [
            dot
            for n, dot in enumerate(dots)
            if n != index
            and abs(dot[0] - x) < near_x + radius
            and abs(dot[1] - y) < near_y + radius
        ]
        near += [
            (other.x, other.y, other.x + other.width, other.y + other.height)
            for other in placed
            if other.x < x + near_x
            and x - near_x < other.x + other.width
            and other.y < y + near_y
            and y - near_y < other.y + other.height
        ]
        full = min(measure(text), max_width)
        shortest = measure(text[:min_chars].rstrip() + ELLIPSIS)
        for share in SHRINK:
            width = full * share
            if share < 1.0 and width < shortest:
                break
            shown = elide(text, width, measure)
            width = measure(shown)
            spot = _first_free(
                _spots(x, y, width, radius, line_height), width, line_height, bounds, near
            )
            if spot is not None:
                placed.append(PointLabel(index, shown, spot[0], spot[1], width, line_height))
                break
    return placed


def _spots(
    x: float, y: float, width: float, radius: float, height: float
) -> list[tuple[float, float]]:
    """Top-left corners of a ``width`` x ``height`` name around the dot at ``(x, y)``, in the
    order they are tried: right, left, above, below, then the four corners."""
    reach = radius + GAP
    middle = y - height / 2
    return [
        (x + reach, middle),
        (x - reach - width, middle),
        (x - width / 2, y - reach - height),
        (x - width / 2, y + reach),
        (x + reach * 0.7, y - reach * 0.7 - height),
        (x + reach * 0.7, y + reach * 0.7),
        (x - reach * 0.7 - width, y - reach * 0.7 - height),
        (x - reach * 0.7 - width, y + reach * 0.7),
    ]


def _first_free(
    spots: list[tuple[float, float]],
    width: float,
    height: float,
    bounds: tuple[float, float, float, float],
    taken: list[tuple[float, float, float, float]],
) -> tuple[float, float] | None:
    """The first spot where the name stays in ``bounds`` and meets none of the ``taken``
    rectangles ``(x0, y0, x1, y1)``."""
    left, top, right, bottom = bounds
    for sx, sy in spots:
        if sx < left or sy < top or sx + width > right or sy + height > bottom:
            continue
        box = PointLabel(-1, "", sx, sy, width, height)
        if not any(box.overlaps(*rect) for rect in taken):
            return sx, sy
    return None
