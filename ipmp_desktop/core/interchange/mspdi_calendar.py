"""The project calendar of an MS Project XML file, read into a :class:`PlanCalendar`.

MSPDI names the project calendar in the header (``CalendarUID``); a calendar may derive from a
base calendar, which supplies the weekdays it does not define. Weekdays are ``DayType`` 1
(Sunday) to 7 (Saturday). Exceptions come in two styles, often both in one file: old
``WeekDay`` rows of ``DayType`` 0 with a date range, and ``Exceptions`` (Project 2007 on) that
may recur daily, weekly, monthly or yearly. Non-working exceptions become holidays; a yearly
exception that runs to MS Project's last year becomes a yearly holiday.
"""

import calendar as gregorian
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from xml.etree.ElementTree import Element

from ipmp_desktop.core.interchange.mspdi_read_notes import say
from ipmp_desktop.core.interchange.mspdi_schema import (
    FOREVER_YEAR,
    NS,
    int_field,
    parse_datetime,
)
from ipmp_desktop.core.interchange.plan import ImportReport, PlanCalendar, PlanHoliday

MAX_RANGE_DAYS = 3660
"""A single exception covering more days than this is not kept."""
MAX_OCCURRENCES = 1000
"""A recurring exception is expanded to this many days at most."""
MAX_HOLIDAYS = 50_000
_DEFAULT_PERIODS = [(480, 720), (780, 1020)]


@dataclass
class ProjectCalendar:
    """The project calendar and when its working day begins (minutes after midnight)."""

    calendar: PlanCalendar
    day_start: int
    ignored: int = 0
    """Other calendars in the file (resource and task calendars), not imported."""


@dataclass
class _Holidays:
    """Holidays gathered from every exception, before they become :class:`PlanHoliday` rows."""

    days: dict[date, str]
    yearly: dict[tuple[int, int], PlanHoliday]
    working: set[date] = field(default_factory=set)
    too_long: int = 0
    truncated: int = 0


def read_calendar(root: Element, report: ImportReport, default_start: int) -> ProjectCalendar:
    """The project calendar of the MSPDI document ``root``.

    Args:
        root: the ``Project`` element.
        report: receives a sentence for each mapping and each thing not kept.
        default_start: the header's ``DefaultStartTime`` in minutes, for a calendar without
            working times.

    Raises:
        ValueError: an exception date that cannot be read (the caller names the file).
    """
    by_uid: dict[str, Element] = {}
    for element in root.iterfind(f"{NS}Calendars/{NS}Calendar"):
        by_uid.setdefault((element.findtext(f"{NS}UID") or "").strip(), element)
    chosen = by_uid.get((root.findtext(f"{NS}CalendarUID") or "").strip())
    if chosen is None:
        chosen = next((c for c in by_uid.values() if _flag(c, "IsBaseCalendar")), None)
    if chosen is None:
        report.map("The file has no project calendar; Monday to Friday, 8 hours a day, is used.")
        return ProjectCalendar(PlanCalendar(), default_start, len(by_uid))
    chain = _base_chain(chosen, by_uid)
    weekdays = _weekdays(chain)
    working = [periods for _, (works, periods) in sorted(weekdays.items()) if works]
    hours = Counter(round(sum(b - a for a, b in periods) / 60) for periods in working)
    hours_per_day = max(1, min(24, hours.most_common(1)[0][0])) if hours else 8
    if len(hours) > 1:
        report.map(
            f"Working hours differ between weekdays; the plan uses {hours_per_day} hours a day."
        )
    day_start = min((periods[0][0] for periods in working if periods), default=default_start)
    holidays = _Holidays({}, {})
    for element in chain:
        _old_style_exceptions(element, holidays)
        _new_style_exceptions(element, holidays)
    if any(element.find(f"{NS}WorkWeeks") is not None for element in chain):
        report.drop("Alternative work weeks of the project calendar are not kept.")
    _report_holidays(holidays, report)
    mondays_first = tuple(weekdays[(index + 1) % 7 + 1][0] for index in range(7))
    calendar = PlanCalendar(
        name=(chosen.findtext(f"{NS}Name") or "").strip() or "Standard",
        weekdays=mondays_first,  # type: ignore[arg-type]  # seven flags
        hours_per_day=hours_per_day,
        holidays=_holiday_rows(holidays),
    )
    return ProjectCalendar(calendar, day_start, len(by_uid) - 1)


def _flag(element: Element, name: str) -> bool:
    return (element.findtext(f"{NS}{name}") or "").strip() == "1"


def _base_chain(chosen: Element, by_uid: dict[str, Element]) -> list[Element]:
    """``chosen`` and the calendars it derives from, nearest first (a loop ends the chain)."""
    chain = [chosen]
    while len(chain) < 16:
        base = by_uid.get((chain[-1].findtext(f"{NS}BaseCalendarUID") or "").strip())
        if base is None or base in chain:
            break
        chain.append(base)
    return chain


def _weekdays(chain: list[Element]) -> dict[int, tuple[bool, list[tuple[int, int]]]]:
    """``DayType`` (1 Sunday .. 7 Saturday) -> (worked, working periods in minutes)."""
    found: dict[int, tuple[bool, list[tuple[int, int]]]] = {}
    for element in chain:
        for day in element.iterfind(f"{NS}WeekDays/{NS}WeekDay"):
            kind = _int(day, "DayType", 0)
            if not 1 <= kind <= 7 or kind in found:
                continue
            works = _flag(day, "DayWorking")
            periods = _periods(day) if works else []
            found[kind] = (works, periods or (_DEFAULT_PERIODS if works else []))
    for kind in range(1, 8):
        works = 2 <= kind <= 6
        found.setdefault(kind, (works, list(_DEFAULT_PERIODS) if works else []))
    return found


def _periods(day: Element) -> list[tuple[int, int]]:
    periods = []
    for period in day.iterfind(f"{NS}WorkingTimes/{NS}WorkingTime"):
        start = clock_minutes(period.findtext(f"{NS}FromTime"))
        end = clock_minutes(period.findtext(f"{NS}ToTime"))
        if start is None or end is None:
            continue
        periods.append((start, end if end > start else 1440))
    return sorted(periods)


def clock_minutes(text: str | None) -> int | None:
    """Minutes after midnight of ``HH:MM:SS`` (None when absent or unreadable)."""
    parts = (text or "").strip().split(":")
    if len(parts) < 2 or not all(part.isdigit() for part in parts[:2]):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    return hours * 60 + minutes if hours < 24 and minutes < 60 else None


def _period_dates(element: Element) -> tuple[date, date] | None:
    period = element.find(f"{NS}TimePeriod")
    if period is None:
        return None
    start, end = period.findtext(f"{NS}FromDate"), period.findtext(f"{NS}ToDate")
    if not start or not end:
        return None
    try:
        first, last = parse_datetime(start).date(), parse_datetime(end).date()
    except ValueError as error:
        raise ValueError(f"a calendar exception's <TimePeriod>: {error}") from None
    return (first, last) if first <= last else (last, first)


def _old_style_exceptions(element: Element, holidays: _Holidays) -> None:
    for day in element.iterfind(f"{NS}WeekDays/{NS}WeekDay"):
        if (day.findtext(f"{NS}DayType") or "").strip() != "0":
            continue
        span = _period_dates(day)
        if span is None:
            continue
        days = (span[1] - span[0]).days + 1
        if days > MAX_RANGE_DAYS:
            holidays.too_long += 1
            continue
        covered = (span[0] + timedelta(days=offset) for offset in range(days))
        if _flag(day, "DayWorking"):
            holidays.working.update(covered)
        else:
            for one in covered:
                holidays.days.setdefault(one, "")


def _new_style_exceptions(element: Element, holidays: _Holidays) -> None:
    for exception in element.iterfind(f"{NS}Exceptions/{NS}Exception"):
        span = _period_dates(exception)
        if span is None:
            continue
        name = (exception.findtext(f"{NS}Name") or "").strip()
        kind = _int(exception, "Type", 1)
        if kind == 1 and (span[1] - span[0]).days + 1 > MAX_RANGE_DAYS:
            holidays.too_long += 1
            continue
        occurrences = list(_occurrences(exception, kind, *span))
        if _flag(exception, "DayWorking"):
            holidays.working.update(occurrences)
            continue
        if len(occurrences) > MAX_OCCURRENCES:
            occurrences = occurrences[:MAX_OCCURRENCES]
            holidays.truncated += 1
        forever = kind == 2 and span[1].year >= FOREVER_YEAR
        if forever and occurrences and _int(exception, "Period", 1) <= 1:
            first = occurrences[0]
            key = (first.month, first.day)
            holidays.yearly.setdefault(key, PlanHoliday(first, name, yearly=True))
            continue
        for day in occurrences:
            if not holidays.days.get(day):
                holidays.days[day] = name


def _int(element: Element, name: str, default: int) -> int:
    return int_field({name: (element.findtext(f"{NS}{name}") or "").strip()}, name, default)


def _occurrences(exception: Element, kind: int, first: date, last: date) -> Iterator[date]:
    """The days an exception covers, in order, at most ``MAX_OCCURRENCES + 1`` of them.

    ``Type`` 1 is every day of the range, 7 every ``Period`` days, 6 weekly on the
    ``DaysOfWeek`` bits (1 Sunday .. 64 Saturday) every ``Period`` weeks counted from the Sunday
    on or before the start, 4 and 5 monthly (by ``MonthDay``, or by ``MonthPosition`` 0-4 (4 =
    last) of ``MonthItem`` 0 day, 1 weekday, 2 weekend day, 3-9 Sunday-Saturday), 2 and 3 yearly
    the same way in ``Month`` (0 = January). ``Occurrences`` stops it early.
    """
    wanted = _int(exception, "Occurrences", 0)
    # one more than is kept when unbounded, so that the caller sees the truncation
    limit = wanted if 0 < wanted <= MAX_OCCURRENCES else MAX_OCCURRENCES + 1
    period = max(1, _int(exception, "Period", 1))
    count = 0
    for day in _candidates(exception, kind, first, last, period):
        if day > last or count >= limit:
            return
        if day >= first:
            count += 1
            yield day


def _candidates(
    exception: Element, kind: int, first: date, last: date, period: int
) -> Iterator[date]:
    if kind in (1, 7):
        step = 1 if kind == 1 else period
        for offset in range(0, (last - first).days + 1, step):
            yield first + timedelta(days=offset)
    elif kind == 6:
        bits = _int(exception, "DaysOfWeek", 0) & 0x7F
        sunday = first - timedelta(days=(first.weekday() + 1) % 7)
        for week in range(0, (last - sunday).days // 7 + 1, period):
            for index in range(7):
                if bits >> index & 1:
                    yield sunday + timedelta(days=week * 7 + index)
    elif kind in (4, 5):
        for months in range(first.year * 12 + first.month - 1, last.year * 12 + last.month, period):
            year, month0 = divmod(months, 12)
            yield _day_in(exception, kind == 4, year, month0 + 1)
    elif kind in (2, 3):
        month = _int(exception, "Month", 0) % 12 + 1
        for year in range(first.year, last.year + 1):
            yield _day_in(exception, kind == 2, year, month)


def _day_in(exception: Element, by_day: bool, year: int, month: int) -> date:
    """The ``MonthDay`` of a month (``by_day``), else its ``MonthPosition``-th ``MonthItem``."""
    if by_day:
        return _day_of_month(year, month, _int(exception, "MonthDay", 1))
    return _nth(exception, year, month)


def _day_of_month(year: int, month: int, day: int) -> date:
    return date(year, month, max(1, min(day, gregorian.monthrange(year, month)[1])))


def _nth(exception: Element, year: int, month: int) -> date:
    """The ``MonthPosition``-th ``MonthItem`` day of a month (see :func:`_occurrences`)."""
    item = _int(exception, "MonthItem", 0)
    position = _int(exception, "MonthPosition", 0)
    days = [date(year, month, d) for d in range(1, gregorian.monthrange(year, month)[1] + 1)]
    if item == 1:
        days = [d for d in days if d.weekday() < 5]
    elif item == 2:
        days = [d for d in days if d.weekday() >= 5]
    elif 3 <= item <= 9:
        days = [d for d in days if (d.weekday() + 1) % 7 == item - 3]
    return days[-1] if position >= 4 or position >= len(days) else days[max(position, 0)]


def _holiday_rows(holidays: _Holidays) -> list[PlanHoliday]:
    rows = list(holidays.yearly.values())
    for day, name in holidays.days.items():
        rule = holidays.yearly.get((day.month, day.day))
        if rule is not None and day >= rule.day:
            continue  # the yearly holiday already covers this old-style day
        rows.append(PlanHoliday(day, name))
    rows.sort(key=lambda holiday: (holiday.day, not holiday.yearly))
    return rows[:MAX_HOLIDAYS]


def _report_holidays(holidays: _Holidays, report: ImportReport) -> None:
    if holidays.working:
        report.drop(
            say(
                "{n} exception day{s} with working time (extra working days or other hours) "
                "[is|are] not kept: our calendars hold whole non-working days only.",
                len(holidays.working),
            )
        )
    if holidays.too_long:
        report.drop(
            say(
                f"{{n}} calendar exception{{s}} covering more than {MAX_RANGE_DAYS} days [is|are] "
                "not kept.",
                holidays.too_long,
            )
        )
    if holidays.truncated:
        report.drop(
            say(
                "{n} recurring exception{s} [is|are] kept for the first "
                f"{MAX_OCCURRENCES} days only.",
                holidays.truncated,
            )
        )
    if len(holidays.days) + len(holidays.yearly) > MAX_HOLIDAYS:
        report.drop(f"Holidays beyond the first {MAX_HOLIDAYS} are not kept.")
    if holidays.yearly:
        report.map(
            say(
                f"{{n}} yearly exception{{s}} that run[s|] to {FOREVER_YEAR} [is|are] kept as "
                "[a yearly holiday|yearly holidays].",
                len(holidays.yearly),
            )
        )
