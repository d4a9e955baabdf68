"""Working-day arithmetic for importers whose files give a start and a length but no finish
(GanttProject) or times that must become whole working days (Planner).

Files are untrusted, so dates and lengths are bounded before they reach
:class:`~ipmp_desktop.core.scheduling.calendar.WorkCalendar`, whose tables grow with the span of
dates asked about: a task in year 9999 or a duration of a billion days is refused with one
sentence instead of costing gigabytes.
"""

import re
from datetime import date, datetime

from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.interchange.plan import InterchangeError, PlanCalendar
from ipmp_desktop.core.scheduling.calendar import WorkCalendar

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)
"""Dates an imported plan may use; anything outside is taken for a corrupt value."""

MAX_DAYS = 36_500
"""The longest duration or lag accepted, in days (about a century of working days)."""

_STAMP = re.compile(r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d))?[Zz]?", re.ASCII)

LEAP_YEAR = 2000
"""The year a yearly holiday is stored under (any leap year keeps February 29 valid)."""


def checked_date(day: date, source: str, what: str) -> date:
    """``day`` unchanged, or an :class:`InterchangeError` naming ``what`` when it is absurd."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise InterchangeError(
            f"{source}: {what} falls on {day}, outside {FIRST_DATE.year}-{LAST_DATE.year}; "
            "the file is not imported."
        )
    return day


def checked_days(days: int, source: str, what: str) -> int:
    """``days`` unchanged, or an :class:`InterchangeError` when its size is absurd."""
    if abs(days) > MAX_DAYS:
        raise InterchangeError(
            f"{source}: {what} is {days} days long, more than {MAX_DAYS}; the file is not imported."
        )
    return days


def parse_iso_date(text: str | None, source: str, what: str) -> date:
    """A ``YYYY-MM-DD`` date (a time after it is ignored), checked with :func:`checked_date`.

    Raises:
        InterchangeError: missing, malformed or out of range.
    """
    if not text:
        raise InterchangeError(f"{source}: {what} has no date; the file is not imported.")
    try:
        day = date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise InterchangeError(
            f"{source}: {what} has the date {text[:40]!r}, which is not a date."
        ) from None
    return checked_date(day, source, what)


def parse_int(text: str | None, default: int | None, source: str, what: str) -> int:
    """An integer attribute (``"12"``, ``"12.0"``), ``default`` when absent.

    Raises:
        InterchangeError: absent without a default, or not a number.
    """
    if text is None or not text.strip():
        if default is None:
            raise InterchangeError(f"{source}: {what} is missing; the file is not imported.")
        return default
    try:
        value = float(text)
        if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
            raise ValueError(text)
        return round(value)
    except (ValueError, OverflowError):
        raise InterchangeError(
            f"{source}: {what} is {text[:40]!r}, which is not a number."
        ) from None


def work_calendar(calendar: PlanCalendar, around: date, source: str) -> WorkCalendar:
    """The :class:`WorkCalendar` of ``calendar``, its tables built around ``around``.

    Raises:
        InterchangeError: the calendar has no working day at all.
    """
    mask = sum(1 << day for day, works in enumerate(calendar.weekdays) if works)
    one_off = [h.day for h in calendar.holidays if not h.yearly]
    yearly = [(h.day.month, h.day.day) for h in calendar.holidays if h.yearly]
    try:
        return WorkCalendar(
            mask, one_off, yearly, first=date(around.year, 1, 1), last=date(around.year, 12, 31)
        )
    except ValidationError as error:
        raise InterchangeError(f"{source}: the calendar cannot be used: {error}") from None


def finish_of(calendar: WorkCalendar, start: date, duration: int, source: str) -> date:
    """The inclusive finish of a task of ``duration`` working days starting on ``start``."""
    try:
        return checked_date(calendar.finish_for(start, duration), source, "a task's finish")
    except ValidationError as error:
        raise InterchangeError(f"{source}: {error}") from None


def parse_stamp(text: str | None, source: str, what: str) -> datetime:
    """A Planner timestamp ``yyyymmddThhmmssZ`` as a naive local time (the ``Z`` is literal).

    Raises:
        InterchangeError: missing, malformed or out of range.
    """
    if not text:
        raise InterchangeError(f"{source}: {what} has no date; the file is not imported.")
    match = _STAMP.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        stamp = datetime(*(int(part or 0) for part in match.groups()))
    except ValueError:
        raise InterchangeError(
            f"{source}: {what} has the time {text[:40]!r}, which is not a Planner timestamp."
        ) from None
    checked_date(stamp.date(), source, what)
    return stamp
