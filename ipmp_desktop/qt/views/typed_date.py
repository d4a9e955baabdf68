"""Read a date the way a person types it into a table cell.

Accepted, in this order: ``today``; an ISO date (``2026-12-21``, also with ``/`` or ``.``); the
locale's short format in the locale's order of day, month and year (``21/12/2026`` in the UK,
``12/21/26`` in the US), with any separators (``21 12 2026``) and two-digit years taken as
20xx; day and month alone (the year of the date being edited); a day number alone (in the month
of the date being edited). When a day-first or month-first reading is impossible, the other
order is tried, so ``21 12 2026`` is the 21st of December in every locale.
"""

import re
from datetime import date, timedelta

from PySide6.QtCore import QLocale

_NUMBERS = re.compile(r"\d+")
_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


class TypedDateError(ValueError):
    """The text is not a date; the message is one sentence to show the user."""


def day_first(locale: QLocale | None = None) -> bool:
    """True when the locale's short date format puts the day before the month."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    day, month = pattern.find("d"), pattern.find("M")
    return day != -1 and (month == -1 or day < month)


def example(locale: QLocale | None = None) -> str:
    """How a date looks in the locale's short format, as a hint (21 December of this year)."""
    sample = date(date.today().year, 12, 21)
    return f"21/12/{sample.year}" if day_first(locale) else f"12/21/{sample.year}"


def read_typed_date(text: str, reference: date, locale: QLocale | None = None) -> date:
    """The date ``text`` names; ``reference`` (the date being edited) gives a missing year or
    month.

    Raises:
        TypedDateError: the text names no date (one sentence, with examples).
    """
    cleaned = text.strip()
    lowered = cleaned.lower()
    if lowered in ("today", "now"):
        return date.today()
    if lowered == "tomorrow":
        return date.today() + timedelta(days=1)
    if lowered == "yesterday":
        return date.today() - timedelta(days=1)
    iso = _ISO.match(cleaned)
    if iso:
        return _make(*(int(g) for g in iso.groups()), cleaned, locale)
    numbers = _NUMBERS.findall(cleaned)
    leftover = _NUMBERS.sub("", cleaned).strip(" /.-,")
    if not numbers or len(numbers) > 3 or re.search(r"[^\s/.\-,]", leftover):
        raise _refusal(cleaned, locale)
    values = [int(n) for n in numbers]
    if len(values) == 1:
        return _make(reference.year, reference.month, values[0], cleaned, locale)
    if len(values) == 3 and len(numbers[0]) == 4:
        return _make(values[0], values[1], values[2], cleaned, locale)
    year = reference.year
    if len(values) == 3:
        year = values[2] + 2000 if len(numbers[2]) <= 2 else values[2]
    first, second = values[0], values[1]
    day, month = (first, second) if day_first(locale) else (second, first)
    if not 1 <= month <= 12 and 1 <= day <= 12:
        day, month = month, day  # only the other order can be a date
    return _make(year, month, day, cleaned, locale)


def _make(year: int, month: int, day: int, text: str, locale: QLocale | None) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _refusal(text, locale) from None


def _refusal(text: str, locale: QLocale | None) -> TypedDateError:
    shown = text if len(text) <= 30 else text[:29] + "…"
    return TypedDateError(
        f"“{shown}” is not a date: type it as {date(date.today().year, 12, 21).isoformat()}, "
        f"{example(locale)} or a day of the month."
    )
