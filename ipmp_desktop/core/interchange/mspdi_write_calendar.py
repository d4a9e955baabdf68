"""MSPDI text as it is written, and the plan's calendar in it.

:class:`XmlText` writes the document in order: MSPDI is elements and text only, so writing the
text directly is simple, and several times faster than building a tree and serialising it.

The calendar is written as MS Project 2007 and later write it: the seven weekdays (``DayType`` 1
Sunday to 7 Saturday) with their working times, each holiday as an old-style ``WeekDay`` of
``DayType`` 0 (for older readers), and again as an ``Exception`` (one day; or yearly, ``Type`` 2,
repeating to MS Project's last year).
"""

import re
from datetime import date
from xml.sax.saxutils import escape

from ipmp_desktop.core.interchange.mspdi_schema import FOREVER_YEAR
from ipmp_desktop.core.interchange.plan import PlanCalendar, PlanHoliday

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class XmlText:
    """An XML document's text, appended element by element."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, tag: str, value: object) -> None:
        """``<tag>value</tag>``; text is escaped and stripped of what XML 1.0 cannot carry."""
        text = escape(_NOT_XML.sub("", value)) if isinstance(value, str) else value
        self.parts.append(f"<{tag}>{text}</{tag}>")

    def open(self, tag: str) -> None:
        self.parts.append(f"<{tag}>")

    def close(self, tag: str, newline: bool = False) -> None:
        """``</tag>``, with a line break after it for rows people may want to read."""
        self.parts.append(f"</{tag}>\n" if newline else f"</{tag}>")


def clock(minutes: int) -> str:
    """``HH:MM:00`` of ``minutes`` after midnight (1440 is midnight again)."""
    hours, rest = divmod(minutes % 1440, 60)
    return f"{hours:02d}:{rest:02d}:00"


def write_calendar(out: XmlText, calendar: PlanCalendar, periods: list[tuple[int, int]]) -> None:
    """The ``Calendar`` element (UID 1) of ``calendar``, working ``periods`` on working days."""
    out.open("Calendar")
    out.add("UID", 1)
    out.add("Name", calendar.name or "Standard")
    out.add("IsBaseCalendar", 1)
    out.add("BaseCalendarUID", -1)
    out.open("WeekDays")
    for day_type in range(1, 8):
        works = calendar.weekdays[(day_type - 2) % 7]
        out.open("WeekDay")
        out.add("DayType", day_type)
        out.add("DayWorking", int(works))
        if works:
            out.open("WorkingTimes")
            for start, end in periods:
                out.open("WorkingTime")
                out.add("FromTime", clock(start))
                out.add("ToTime", clock(end))
                out.close("WorkingTime")
            out.close("WorkingTimes")
        out.close("WeekDay")
    for holiday in calendar.holidays:
        for one in occurrences(holiday):
            out.open("WeekDay")
            out.add("DayType", 0)
            out.add("DayWorking", 0)
            _time_period(out, one, one)
            out.close("WeekDay")
    out.close("WeekDays")
    if calendar.holidays:
        out.open("Exceptions")
        for holiday in calendar.holidays:
            _exception(out, holiday)
        out.close("Exceptions")
    out.close("Calendar")


def _exception(out: XmlText, holiday: PlanHoliday) -> None:
    days = occurrences(holiday)
    out.open("Exception")
    out.add("EnteredByOccurrences", 0)
    # a yearly holiday ends by MS Project's last day: it never ends
    last = date(max(FOREVER_YEAR, holiday.day.year), 12, 31) if holiday.yearly else days[-1]
    _time_period(out, days[0], last)
    out.add("Occurrences", len(days))
    out.add("Name", holiday.name or "Holiday")
    out.add("Type", 2 if holiday.yearly else 1)
    if holiday.yearly:
        out.add("Period", 1)
        out.add("Month", holiday.day.month - 1)
        out.add("MonthDay", holiday.day.day)
    out.add("DayWorking", 0)
    out.close("Exception")


def _time_period(out: XmlText, first: date, last: date) -> None:
    out.open("TimePeriod")
    out.add("FromDate", f"{first.isoformat()}T00:00:00")
    out.add("ToDate", f"{last.isoformat()}T23:59:00")
    out.close("TimePeriod")


def occurrences(holiday: PlanHoliday) -> list[date]:
    """The days a holiday covers as written: a yearly one every year to ``FOREVER_YEAR``
    (a yearly February 29 in leap years only)."""
    if not holiday.yearly:
        return [holiday.day]
    days = []
    for year in range(holiday.day.year, max(holiday.day.year, FOREVER_YEAR) + 1):
        try:
            days.append(holiday.day.replace(year=year))
        except ValueError:  # February 29 in a common year
            continue
    return days
