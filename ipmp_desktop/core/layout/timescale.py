"""The time axis of a chart: dates to x and back, header tiers, zoom levels and nudges.

A :class:`TimeScale` is a linear map from calendar days to chart units (pixels at the current
zoom): day ``origin`` starts at x == 0 and every day is ``day_width`` wide. The zoom only chooses
which header tiers to draw and how far a keyboard nudge moves; any positive day width works with
any zoom, so "fit to window" builds a scale with :func:`fit_day_width` and picks the tiers with
:func:`zoom_for_day_width`.

Month names are fixed English abbreviations rather than ``strftime``/``calendar`` names: those
follow the process locale, which Qt changes at start-up, and a header must not read differently in
the app and in a test. Translation belongs to the Qt layer.
"""

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

_MIN_ORDINAL = date.min.toordinal()
_MAX_ORDINAL = date.max.toordinal()
_EPSILON = 1e-9  # absorbs float error so that date_at(x(d)) == d exactly

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""Full English month names, January first (index = month - 1)."""

MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)
"""Three-letter English month names, January first (index = month - 1)."""

MIN_FIT_DAY_WIDTH = 0.05
MAX_FIT_DAY_WIDTH = 80.0


class Zoom(enum.StrEnum):
    """Zoom levels, from the most zoomed in (DAY) to the most zoomed out (YEAR)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


DAY_WIDTH: dict[Zoom, float] = {
    Zoom.DAY: 24.0,
    Zoom.WEEK: 8.0,
    Zoom.MONTH: 2.5,
    Zoom.QUARTER: 1.0,
    Zoom.YEAR: 0.3,
}
"""Pixels per calendar day at each zoom level."""

_ZOOM_ORDER = tuple(Zoom)
_MONTHS_PER_STEP = {Zoom.MONTH: 1, Zoom.QUARTER: 3, Zoom.YEAR: 12}


@dataclass(frozen=True, slots=True)
class HeaderCell:
    """One cell of a header tier: the time unit starting on ``start``, drawn from x0 to x1."""

    x0: float
    x1: float
    label: str
    start: date


# --- time units: each maps a date to the first ordinal of its unit, and that to the next one ---


def _month_start(year: int, month: int) -> int:
    return date(year, month, 1).toordinal()


def _next_month(year: int, month: int) -> int:
    """Ordinal of the first day after the month; past date.max it is date.max + 1."""
    if month == 12:
        return _month_start(year + 1, 1) if year < date.max.year else _MAX_ORDINAL + 1
    return _month_start(year, month + 1)


def _day_unit(d: date) -> tuple[int, int]:
    ordinal = d.toordinal()
    return ordinal, ordinal + 1


def _week_unit(d: date) -> tuple[int, int]:
    start = d.toordinal() - d.weekday()  # date.min is a Monday, so this never precedes it
    return start, start + 7


def _month_unit(d: date) -> tuple[int, int]:
    return _month_start(d.year, d.month), _next_month(d.year, d.month)


def _quarter_unit(d: date) -> tuple[int, int]:
    first = 3 * ((d.month - 1) // 3) + 1
    return _month_start(d.year, first), _next_month(d.year, first + 2)


def _year_unit(d: date) -> tuple[int, int]:
    return _month_start(d.year, 1), _next_month(d.year, 12)


def _decade_unit(d: date) -> tuple[int, int]:
    first = max(d.year - d.year % 10, 1)  # there is no year 0
    last = min(d.year - d.year % 10 + 9, date.max.year)
    return _month_start(first, 1), _next_month(last, 12)


_Unit = Callable[[date], tuple[int, int]]
_Label = Callable[[date], str]

_TIERS: dict[Zoom, tuple[tuple[_Unit, _Label], tuple[_Unit, _Label]]] = {
    Zoom.DAY: (
        (_month_unit, lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}"),
        (_day_unit, lambda d: str(d.day)),
    ),
    Zoom.WEEK: (
        (_month_unit, lambda d: f"{MONTH_ABBREVIATIONS[d.month - 1]} {d.year}"),
        (_week_unit, lambda d: f"{d.day} {MONTH_ABBREVIATIONS[d.month - 1]}"),
    ),
    Zoom.MONTH: (
        (_year_unit, lambda d: str(d.year)),
        (_month_unit, lambda d: MONTH_ABBREVIATIONS[d.month - 1]),
    ),
    Zoom.QUARTER: (
        (_year_unit, lambda d: str(d.year)),
        (_quarter_unit, lambda d: f"Q{(d.month - 1) // 3 + 1}"),
    ),
    Zoom.YEAR: (
        (_decade_unit, lambda d: f"{d.year // 10 * 10}s"),
        (_year_unit, lambda d: str(d.year)),
    ),
}


def _clamp_ordinal(ordinal: int) -> date:
    return date.fromordinal(min(max(ordinal, _MIN_ORDINAL), _MAX_ORDINAL))


@dataclass(frozen=True, slots=True)
class TimeScale:
    """A linear map between calendar days and chart x.

    Attributes:
        origin: x == 0 is the left edge of this day.
        day_width: chart units per calendar day; must be positive.
        zoom: chooses the header tiers and the nudge step; it does not have to match day_width.

    Dates outside what Python can represent are clamped to ``date.min``/``date.max`` by every
    x-to-date conversion, so a scroll far past the plan never raises.
    """

    origin: date
    day_width: float
    zoom: Zoom = Zoom.DAY

    def __post_init__(self) -> None:
        if not self.day_width > 0:  # also refuses NaN
            raise ValueError(f"day_width must be positive, got {self.day_width!r}")

    @classmethod
    def for_zoom(cls, origin: date, zoom: Zoom) -> "TimeScale":
        """The scale for ``zoom`` with its standard day width (:data:`DAY_WIDTH`)."""
        return cls(origin, DAY_WIDTH[zoom], zoom)

    def x(self, d: date) -> float:
        """The left edge of day ``d``; the right edge is ``x(d + 1 day)``."""
        return (d.toordinal() - self.origin.toordinal()) * self.day_width

    def _ordinal_at(self, x: float) -> int:
        return self.origin.toordinal() + math.floor(x / self.day_width + _EPSILON)

    def date_at(self, x: float) -> date:
        """The day whose column contains ``x`` (a day's left edge belongs to it)."""
        return _clamp_ordinal(self._ordinal_at(x))

    def nearest_boundary(self, x: float) -> date:
        """The day whose left edge is nearest ``x``; what a drag snaps to. Halves round up."""
        return _clamp_ordinal(self.origin.toordinal() + math.floor(x / self.day_width + 0.5))

    def days(self, dx: float) -> int:
        """A horizontal distance as a whole number of days (Python's ``round``)."""
        return round(dx / self.day_width)

    def header(self, x0: float, x1: float) -> tuple[list[HeaderCell], list[HeaderCell]]:
        """The (top, bottom) tier cells intersecting [x0, x1] for this zoom.

        Cells are contiguous, in order, and are not clipped: the first may start before x0 and
        the last may end after x1. The work is proportional to the number of cells returned, so
        callers pass the visible range, never the whole plan.
        """
        if x1 < x0:
            return [], []
        first, last = self.date_at(x0), self.date_at(x1)
        top, bottom = _TIERS[self.zoom]
        return self._tier(top, first, last), self._tier(bottom, first, last)

    def _tier(self, tier: tuple[_Unit, _Label], first: date, last: date) -> list[HeaderCell]:
        unit, label = tier
        origin, width = self.origin.toordinal(), self.day_width
        last_ordinal = last.toordinal()
        cells: list[HeaderCell] = []
        start, following = unit(first)
        while True:
            day = date.fromordinal(start)
            cells.append(
                HeaderCell((start - origin) * width, (following - origin) * width, label(day), day)
            )
            if following > last_ordinal or following > _MAX_ORDINAL:
                return cells
            start, following = unit(date.fromordinal(following))

    def nudge(self, d: date, steps: int) -> date:
        """``d`` moved by ``steps`` time units of the zoom (negative steps move back).

        DAY moves one day per step, WEEK seven days, MONTH one calendar month, QUARTER three and
        YEAR twelve. Month moves keep the day of the month where the target month has it and
        clamp to its last day otherwise (Jan 31 + 1 month = Feb 28, or 29 in a leap year).
        The result is clamped to the representable dates.
        """
        if self.zoom == Zoom.DAY:
            return _clamp_ordinal(d.toordinal() + steps)
        if self.zoom == Zoom.WEEK:
            return _clamp_ordinal(d.toordinal() + 7 * steps)
        return add_months(d, steps * _MONTHS_PER_STEP[self.zoom])


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, clamping the day to the target month's length.

    Results before year 1 or after year 9999 clamp to ``date.min``/``date.max``.
    """
    index = d.year * 12 + d.month - 1 + months
    year, month0 = divmod(index, 12)
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    following = _next_month(year, month0 + 1)
    length = following - _month_start(year, month0 + 1)
    return date(year, month0 + 1, min(d.day, length))


def zoom_in(zoom: Zoom) -> Zoom:
    """The next finer zoom level; DAY stays DAY."""
    return _ZOOM_ORDER[max(_ZOOM_ORDER.index(zoom) - 1, 0)]


def zoom_out(zoom: Zoom) -> Zoom:
    """The next coarser zoom level; YEAR stays YEAR."""
    return _ZOOM_ORDER[min(_ZOOM_ORDER.index(zoom) + 1, len(_ZOOM_ORDER) - 1)]


def fit_day_width(first: date, last: date, width_px: float) -> float:
    """The day width that shows ``first`` to ``last`` (inclusive) in ``width_px``.

    The dates may come in either order. The result is clamped to [0.05, 80], so a one-day plan
    in a wide window is not drawn absurdly wide, and a zero or negative width gives 0.05.
    """
    span = abs((last - first).days) + 1
    width = width_px / span
    return min(max(width, MIN_FIT_DAY_WIDTH), MAX_FIT_DAY_WIDTH)


def zoom_for_day_width(day_width: float) -> Zoom:
    """The zoom whose standard day width is nearest ``day_width`` on a log scale.

    Ties go to the finer zoom. Raises ValueError for a day width that is not positive.
    """
    if not day_width > 0:
        raise ValueError(f"day_width must be positive, got {day_width!r}")
    target = math.log(day_width)
    return min(_ZOOM_ORDER, key=lambda zoom: abs(math.log(DAY_WIDTH[zoom]) - target))


_SHORTEST_UNIT_DAYS = {Zoom.DAY: 1, Zoom.WEEK: 7, Zoom.MONTH: 28, Zoom.QUARTER: 90, Zoom.YEAR: 365}
_WIDEST_LABELS = {
    Zoom.DAY: ("28", "30"),
    Zoom.WEEK: tuple(f"28 {name}" for name in MONTH_ABBREVIATIONS),
    Zoom.MONTH: MONTH_ABBREVIATIONS,
    Zoom.QUARTER: ("Q1", "Q2", "Q3", "Q4"),
    Zoom.YEAR: ("2000", "2888"),
}


def readable_zoom(
    day_width: float, text_width: Callable[[str], float], padding: float = 8.0
) -> Zoom:
    """The finest zoom, at or above :func:`zoom_for_day_width`, whose lower header tier has
    room for every label: a printed time scale then labels every cell or none of a tier, never
    every other one. ``text_width`` measures a label in chart units."""
    zoom = zoom_for_day_width(day_width)
    while zoom != Zoom.YEAR:
        room = _SHORTEST_UNIT_DAYS[zoom] * day_width - padding
        if max(text_width(label) for label in _WIDEST_LABELS[zoom]) <= room:
            break
        zoom = zoom_out(zoom)
    return zoom
