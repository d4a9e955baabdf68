"""Dates as other tools write them: UTC timestamps, Jira's locale strings, spreadsheet cells.

Every reader here returns None (or raises :class:`ValueError` where stated) for text it does not
understand, and never a date outside the range the workspace accepts (1900-2200), so importers
can drop or refuse a bad date with their own sentence. Nothing depends on the process locale:
month names are matched here, not by ``strptime``.
"""

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

from ipmp_desktop.core.commands.validate import EARLIEST, LATEST
from ipmp_desktop.core.interchange.plan import InterchangeError

_MONTH_NAMES = (
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
)  # fmt: skip
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
"""English month names and abbreviations (Jira's default locale), lower case."""

STANDARD_WEEK = 0b0011111
"""Monday to Friday (bit 0 = Monday), the calendar a plan without one is scheduled on."""

_TIME = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?"
_ZONE = r"\s*(?:Z|[+-]\d{2}:?\d{2})?"
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME + _ZONE)
_DAY_NAME_YEAR = re.compile(r"(\d{1,2})[-/ .]+([A-Za-z]{3,9})\.?[-/ .,]+(\d{2}|\d{4})" + _TIME)
_NAME_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})" + _TIME)
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})" + _TIME)


class DateOutOfRange(ValueError):
    """A date that reads well but lies outside the dates the workspace accepts."""

    def __init__(self, day: date) -> None:
        super().__init__(
            f"{day.isoformat()} is outside the dates a plan may hold "
            f"({EARLIEST.isoformat()} to {LATEST.isoformat()})"
        )
        self.day = day


def in_range(day: date) -> bool:
    """Whether the workspace accepts ``day`` (1900-01-01 to 2200-12-31)."""
    return EARLIEST <= day <= LATEST


def utc_datetime(text: object) -> datetime | None:
    """An ISO 8601 timestamp (``2021-07-10T17:01:58.633Z``) as a naive UTC datetime, or None.

    A timestamp without a zone is taken as UTC already.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None
    return moment if in_range(moment.date()) else None


def jira_datetime(text: str) -> datetime | None:
    """A Jira export date: ``22/Sep/25 9:26 AM``, ``22/Sep/2025 09:26``, ``22.09.2025 09:26``
    or ISO (``2025-09-22 09:26``); None when empty, not understood or out of range.

    Two-digit years are 2000-2069 and 1970-1999. No zone is applied: Jira writes the local time
    of the person who exported.
    """
    moment = _jira_moment(text.strip())
    return moment if moment is not None and in_range(moment.date()) else None


def _jira_moment(text: str) -> datetime | None:
    """As :func:`jira_datetime`, whatever the year."""
    if not text:
        return None
    found = _ISO.fullmatch(text)
    if found:
        year, month, day = (int(found.group(i)) for i in (1, 2, 3))
        return _at(year, month, day, found.groups()[3:])
    found = _DAY_NAME_YEAR.fullmatch(text)
    if found:
        month = MONTHS.get(found.group(2).lower())
        if month is None:
            return None
        day, year = int(found.group(1)), _full_year(found.group(3))
        return _at(year, month, day, found.groups()[3:])
    found = _NUMERIC.fullmatch(text)
    if found and found.group(2) == ".":  # 22.09.2025: dots are always day first
        day, month, year = int(found.group(1)), int(found.group(3)), _full_year(found.group(4))
        return _at(year, month, day, found.groups()[4:])
    return None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _at(year: int, month: int, day: int, clock: tuple[str | None, ...]) -> datetime | None:
    """The moment, or None when it does not exist (callers check the range)."""
    hour_text, minute_text, second_text, half = clock
    try:
        hour = int(hour_text or 0)
        if half:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if half[0] in "Pp" else 0)
        moment = datetime(year, month, day, hour, int(minute_text or 0), int(second_text or 0))
    except ValueError:
        return None
    return moment


def working_days(start: date, finish: date, weekdays: int = STANDARD_WEEK) -> int:
    """Working days from ``start`` to ``finish``, both included (weekday mask bit 0 = Monday),
    at least 1: a span that holds no working day still makes a one-day task."""
    days = (finish - start).days + 1
    if days <= 0:
        return 1
    weeks, rest = divmod(days, 7)
    count = weeks * bin(weekdays & 0b1111111).count("1")
    first = start.weekday()
    count += sum((weekdays >> ((first + i) % 7)) & 1 for i in range(rest))
    return max(count, 1)


def span(start: date | None, finish: date | None) -> tuple[date | None, date | None, int]:
    """``(start, finish, duration_days)`` of a task given by some of its dates.

    Only a finish: a one-day task ending that day. Only a start: a one-day task. A finish
    before the start: the start wins and the task lasts one day. Duration counts working days
    of the standard week (Monday to Friday).
    """
    if start is None and finish is None:
        return None, None, 1
    if start is None:
        return finish, finish, 1
    if finish is None or finish < start:
        return start, start, 1
    return start, finish, working_days(start, finish)


# -- spreadsheet cells -------------------------------------------------------------------------

DAY_FIRST = "dmy"
MONTH_FIRST = "mdy"


def numeric_order(values: Iterable[str], what: str) -> str | None:
    """Whether ``03/04/2025``-style dates in ``values`` are day first or month first.

    Dates with a day above 12 decide it; dates with dots (``03.04.2025``) are day first and do
    not count. Returns :data:`DAY_FIRST`, :data:`MONTH_FIRST`, or None when no slash or dash
    date could be read both ways.

    Raises:
        InterchangeError: the values mix both orders, or some date reads both ways and none
            decides; the sentence asks for ISO dates.
    """
    day_first = month_first = ambiguous = None
    for value in values:
        found = _NUMERIC.fullmatch(value.strip())
        if found is None or found.group(2) == ".":
            continue
        first, second = int(found.group(1)), int(found.group(3))
        if first > 12 >= second:
            day_first = day_first or value.strip()
        elif second > 12 >= first:
            month_first = month_first or value.strip()
        elif first != second and first <= 12 and second <= 12:
            ambiguous = ambiguous or value.strip()
    if day_first and month_first:
        raise InterchangeError(
            f"The {what} mix day-first ({day_first}) and month-first ({month_first}) dates; "
            "write them as ISO dates such as 2025-03-31 and import again."
        )
    if day_first:
        return DAY_FIRST
    if month_first:
        return MONTH_FIRST
    if ambiguous:
        raise InterchangeError(
            f"The {what} hold dates such as {ambiguous} that read both as day/month and as "
            "month/day; write them as ISO dates such as 2025-03-31 and import again."
        )
    return None


def sheet_date(text: str, order: str | None) -> date | None:
    """A spreadsheet cell as a date: ISO (``2025-03-31``, a time may follow), ``31 Mar 2025``,
    ``Mar 31, 2025``, ``31.03.2025``, or ``31/03/2025`` / ``03/31/2025`` read in ``order``
    (see :func:`numeric_order`). Empty text is None.

    Raises:
        DateOutOfRange: a date outside 1900-2200 (its message says so).
        ValueError: text that is not such a date.
    """
    text = text.strip()
    if not text:
        return None
    moment = _jira_moment(text)
    if moment is None:
        found = _NAME_DAY_YEAR.fullmatch(text)
        numeric = _NUMERIC.fullmatch(text)
        if found and found.group(1).lower() in MONTHS:
            month = MONTHS[found.group(1).lower()]
            moment = _at(int(found.group(3)), month, int(found.group(2)), found.groups()[3:])
        elif numeric:
            first, second = int(numeric.group(1)), int(numeric.group(3))
            day, month = (second, first) if order == MONTH_FIRST else (first, second)
            moment = _at(_full_year(numeric.group(4)), month, day, numeric.groups()[4:])
    if moment is None:
        raise ValueError(text)
    if not in_range(moment.date()):
        raise DateOutOfRange(moment.date())
    return moment.date()
