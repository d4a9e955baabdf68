"""What the codes of MS Project XML (MSPDI) mean, shared by its reader and its writer.

MSPDI stores durations as ISO 8601 spans of *working* time (``PT8H0M0S`` is one day when the
project's ``MinutesPerDay`` is 480) unless the duration's format is an elapsed unit (24 hours a
day, 7 days a week); link lags in tenths of a minute (or in percent of the predecessor's
duration); dates without a zone, a task finishing at the end of its last working hour.
"""

import math
import re
from datetime import date, datetime
from xml.etree.ElementTree import Element

from ipmp_desktop.core.commands.validate import EARLIEST, LATEST
from ipmp_desktop.core.interchange.plan import InterchangeError, PlanCalendar
from ipmp_desktop.core.interchange.safe_xml import local
from ipmp_desktop.core.scheduling.calendar import WorkCalendar

NS_URI = "http://schemas.microsoft.com/project"
NS = "{" + NS_URI + "}"
FORMAT_NAME = "MS Project XML"
WHAT = "MS Project XML file"
"""How messages name the format ("... is not a readable MS Project XML file")."""

LINK_TYPE_BY_CODE = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
LINK_CODE_BY_TYPE = {name: code for code, name in LINK_TYPE_BY_CODE.items()}
CONSTRAINT_CODES = {"asap": 0, "mso": 2, "snet": 4, "fnlt": 7}
CONSTRAINT_NAMES = {
    1: "as late as possible",
    3: "must finish on",
    5: "start no later than",
    6: "finish no earlier than",
}
"""MSPDI constraint types we have no direct equivalent for, by code."""

DAYS_FORMAT = 7
ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})
"""Duration/lag formats counted in elapsed time (em, eh, ed, ew, emo and their estimates)."""
PERCENT_FORMATS = frozenset({19, 20, 51, 52})
"""Lag formats whose ``LinkLag`` is a percentage of the predecessor's duration."""

UNASSIGNED_RESOURCE = -65535
"""The ``ResourceUID`` of an assignment that names no resource."""
PRIORITY_CODES = (500, 300, 600, 700, 900)
"""MSPDI ``Priority`` (0-1000, 500 by default) written for our priorities 0 to 4."""

MAX_WORKING_DAYS = 36_500
"""Durations and lags beyond a hundred years of working days are refused as absurd."""
FOREVER_YEAR = 2149
"""MS Project's last date: a recurring exception that runs to it never ends."""

_DURATION = re.compile(
    r"(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)


def parse_duration_minutes(text: str) -> float:
    """Minutes in an ISO 8601 duration such as ``PT7H30M0S`` (days count 24 hours).

    Raises:
        ValueError: not such a duration.
    """
    match = _DURATION.fullmatch(text.strip())
    if match is None or text.strip() in ("P", "PT", "-P", "-PT"):
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    sign, years, months, weeks, days, hours, minutes, seconds = match.groups()
    total = (
        (float(years or 0) * 365 + float(months or 0) * 30 + float(weeks or 0) * 7)
        + float(days or 0)
    ) * 1440
    total += float(hours or 0) * 60 + float(minutes or 0) + float(seconds or 0) / 60
    return -total if sign else total


def format_duration(minutes: int) -> str:
    """``PT{h}H{m}M0S`` for a whole number of minutes (MSPDI's own spelling)."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


def parse_datetime(text: str) -> datetime:
    """A zone-less date and time from MSPDI text (a zone, if any, is ignored).

    Raises:
        ValueError: not a date and time, or outside the dates a task may have
            (:data:`~ipmp_desktop.core.commands.validate.EARLIEST` to ``LATEST``; MS Project
            itself spans 1984-2149).
    """
    try:
        value = datetime.fromisoformat(text.strip()).replace(tzinfo=None)
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a date and time") from None
    checked_day(value.date())
    return value


def checked_day(day: date) -> date:
    """``day``, or ValueError when it lies outside the dates a task may have."""
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"the date {day} is outside {EARLIEST.year}-{LATEST.year}")
    return day


def format_datetime(day: date, minutes: int) -> str:
    """``YYYY-MM-DDTHH:MM:00`` for ``minutes`` after midnight of ``day`` (1440 is midnight)."""
    hours, rest = divmod(minutes % 1440, 60)
    if minutes >= 1440:
        day = date.fromordinal(day.toordinal() + minutes // 1440)
    return f"{day.isoformat()}T{hours:02d}:{rest:02d}:00"


def work_periods(hours_per_day: int) -> list[tuple[int, int]]:
    """The working periods of a day of ``hours_per_day`` hours, in minutes after midnight.

    Eight hours are 08:00-12:00 and 13:00-17:00, as MS Project's Standard calendar; up to 15 hours
    keep the lunch hour and run later; longer days start at midnight.
    """
    hours = max(1, min(24, hours_per_day))
    if hours <= 4:
        return [(480, 480 + hours * 60)]
    if hours <= 15:
        return [(480, 720), (780, 780 + (hours - 4) * 60)]
    return [(0, hours * 60)]


def weekday_mask(weekdays: tuple[bool, ...]) -> int:
    """The ``WorkCalendar`` mask (bit 0 = Monday) of a Monday-first tuple of working days."""
    return sum(1 << index for index, works in enumerate(weekdays) if works)


def work_calendar(calendar: PlanCalendar | None, around: date) -> WorkCalendar:
    """A :class:`WorkCalendar` of a plan's calendar (Monday to Friday when it has none or none
    of its weekdays is worked), its tables built for the year from ``around``."""
    calendar = calendar or PlanCalendar()
    mask = weekday_mask(calendar.weekdays) or weekday_mask(PlanCalendar().weekdays)
    one_off = [holiday.day for holiday in calendar.holidays if not holiday.yearly]
    yearly = [(h.day.month, h.day.day) for h in calendar.holidays if h.yearly]
    end = date.fromordinal(min(around.toordinal() + 366, date.max.toordinal()))
    return WorkCalendar(mask, one_off, yearly, first=around, last=end)


def round_days(value: float) -> int:
    """``value`` rounded half away from zero (``round`` would round 2.5 to 2)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def check_root(root: Element, source: str) -> None:
    """Refuse, with one sentence, a document whose root is not MSPDI's ``Project``.

    Raises:
        InterchangeError: a Primavera P6 file (also saved as ``.xml``) or any other XML.
    """
    if root.tag == f"{NS}Project":
        return
    if local(root.tag) == "APIBusinessObjects" or "primavera" in root.tag.lower():
        raise InterchangeError(
            f"{source} is a Primavera P6 XML file, not an MS Project XML file; it is not imported."
        )
    raise InterchangeError(
        f"{source} is not an MS Project XML file: its root element is <{local(root.tag)}>, "
        f"not <Project> in the {NS_URI} namespace."
    )


def fields_of(element: Element) -> dict[str, str]:
    """The simple child elements of ``element`` in the MSPDI namespace, by local name, their
    text stripped (the first of a repeated name wins)."""
    out: dict[str, str] = {}
    cut = len(NS)
    for child in element:
        tag = child.tag
        if tag[:cut] == NS and len(child) == 0:
            out.setdefault(tag[cut:], (child.text or "").strip())
    return out


def int_field(fields: dict[str, str], name: str, default: int) -> int:
    """An integer field of :func:`fields_of`; ``default`` when absent or empty.

    Raises:
        ValueError: not an integer.
    """
    text = fields.get(name, "")
    try:
        return int(text) if text else default
    except ValueError:
        raise ValueError(f"<{name}> is {text[:40]!r}, which is not a whole number") from None


def float_field(fields: dict[str, str], name: str, default: float) -> float:
    """A number field of :func:`fields_of`; ``default`` when absent or empty.

    Raises:
        ValueError: not a number.
    """
    text = fields.get(name, "")
    try:
        value = float(text) if text else default
    except ValueError:
        value = float("nan")
    if value != value or abs(value) == float("inf"):
        raise ValueError(f"<{name}> is {text[:40]!r}, which is not a number")
    return value
