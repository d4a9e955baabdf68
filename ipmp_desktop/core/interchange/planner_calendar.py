"""The project calendar of a GNOME Planner file, its derived days resolved through its bases.

Planner calendars nest: a calendar inside another is *derived* from it, and its day type 2
("use base") means "whatever the base says". A day type is worked when it is the built-in
Working type (0), or a custom type some calendar of the chain gives working hours; Non-working
(1), and a "use base" nothing resolves, are not. Weekdays come from ``default-week``; dated
``<day>`` overrides that make a working weekday non-working become holidays.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree.ElementTree import Element

from ipmp_desktop.core.interchange.plan import InterchangeError, PlanCalendar, PlanHoliday
from ipmp_desktop.core.interchange.safe_xml import child, children
from ipmp_desktop.core.interchange.workdays import checked_date

WEEK_ATTRIBUTES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING, NON_WORKING, USE_BASE = "0", "1", "2"
"""Planner's built-in day types."""
SECONDS_PER_DAY = 86_400


@dataclass
class CalendarReading:
    """The calendar read, when its working day begins, and what the report should say."""

    calendar: PlanCalendar
    day_start: int = 8 * 3600
    """Seconds after midnight when a working day begins."""
    mapped: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str, int]] = field(default_factory=list)
    """``(what, why, count)``."""


def read_calendar(calendars: Element | None, wanted: str | None, source: str) -> CalendarReading:
    """The calendar ``wanted`` (the project's ``calendar`` attribute) among ``calendars``.

    Without that attribute, or when it names no calendar, the first calendar is used; without
    any calendar, Monday to Friday. Other calendars (resources' own) are reported as dropped.
    """
    chains: dict[str, list[Element]] = {}  # calendar id -> [root base, ..., the calendar]
    stack: list[tuple[Element, list[Element]]] = [
        (c, []) for c in reversed(children(calendars, "calendar"))
    ]
    while stack:
        element, bases = stack.pop()
        chain = [*bases, element]
        key = (element.get("id") or "").strip()
        if key and key not in chains:
            chains[key] = chain
        stack.extend((c, chain) for c in reversed(children(element, "calendar")))
    if not chains:
        return CalendarReading(
            PlanCalendar(), mapped=["the file has no calendar, so Monday to Friday is used"]
        )
    reading = CalendarReading(PlanCalendar())
    key = (wanted or "").strip()
    if key not in chains:
        named = (
            f"the project calendar {key!r}, which it does not hold"
            if key
            else "no project calendar"
        )
        key = next(iter(chains))
        name = chains[key][-1].get("name") or key
        reading.mapped.append(f"the file names {named}, so its first one, {name!r}, is used")
    chain = chains[key]
    others = len(chains) - len(chain)
    if others:
        reading.dropped.append(
            ("other calendars", "every task here follows the project calendar", others)
        )
    calendar = reading.calendar
    calendar.name = (chain[-1].get("name") or "Planner calendar").strip()[:200]
    working = tuple(_is_working(chain, _week_type(chain, day)) for day in WEEK_ATTRIBUTES)
    if any(working):
        calendar.weekdays = working  # type: ignore[assignment]
    else:
        reading.mapped.append("the calendar had no working weekday, so Monday to Friday is used")
    _hours(chain, reading)
    _days(chain, reading)
    return reading


def _week_type(chain: list[Element], day: str) -> str:
    """The day type of weekday ``day``, following "use base" down to the root."""
    for element in reversed(chain):
        week = child(element, "default-week")
        value = ((week.get(day) if week is not None else None) or USE_BASE).strip()
        if value != USE_BASE:
            return value
    return NON_WORKING


def _intervals(chain: list[Element], type_id: str) -> list[Element] | None:
    """The working intervals of a day type, from the nearest calendar that defines them."""
    for element in reversed(chain):
        for overridden in children(child(element, "overridden-day-types"), "overridden-day-type"):
            if overridden.get("id") == type_id:
                return children(overridden, "interval")
    return None


def _is_working(chain: list[Element], type_id: str) -> bool:
    if type_id in (WORKING, NON_WORKING, USE_BASE):
        return type_id == WORKING
    return bool(_intervals(chain, type_id))  # a custom day type: worked if it has hours


def _hours(chain: list[Element], reading: CalendarReading) -> None:
    """Hours per working day, and when it begins, from the Working type's intervals."""
    total, first = 0, None
    for interval in _intervals(chain, WORKING) or ():
        start, end = _clock(interval.get("start")), _clock(interval.get("end"))
        if start is None or end is None:
            continue
        end = end if end > start else end + SECONDS_PER_DAY  # "0000" ends at midnight
        total += end - start
        first = start if first is None else min(first, start)
    if total:
        reading.calendar.hours_per_day = max(1, min(round(total / 3600), 24))
    if first is not None:
        reading.day_start = first


def _days(chain: list[Element], reading: CalendarReading) -> None:
    """Dated overrides: a working weekday made non-working becomes a holiday."""
    calendar = reading.calendar
    overrides: dict[date, str] = {}
    bad = extra = 0
    for element in chain:  # the base first, so a derived calendar's days win
        for day in children(child(element, "days"), "day"):
            if day.get("type", "day-type") != "day-type" or day.get("id") == USE_BASE:
                continue  # "use base": the base calendar's day, already in overrides
            try:
                when = datetime.strptime((day.get("date") or "").strip(), "%Y%m%d").date()
                overrides[checked_date(when, "", "a calendar day")] = day.get("id", "")
            except (ValueError, InterchangeError):
                bad += 1
    for when, type_id in sorted(overrides.items()):
        works = _is_working(chain, type_id)
        if not works and calendar.weekdays[when.weekday()]:
            calendar.holidays.append(PlanHoliday(when, "", False))
        elif works and not calendar.weekdays[when.weekday()]:
            extra += 1
    if bad:
        reading.dropped.append(("calendar days", "their dates are not valid dates", bad))
    if extra:
        reading.dropped.append(("extra working days", "a calendar here holds holidays only", extra))


def _clock(text: str | None) -> int | None:
    """``"0830"`` as seconds after midnight; None when it is no time."""
    value = (text or "").strip()
    if len(value) != 4 or not value.isdigit() or int(value[:2]) > 24 or int(value[2:]) > 59:
        return None
    return int(value[:2]) * 3600 + int(value[2:]) * 60
