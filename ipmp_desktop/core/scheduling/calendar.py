"""Working calendars as lookup tables: dates to working-day indices and back in O(1).

Scheduling thousands of tasks asks the same few questions over and over (is this a working day,
what date is ten working days later, how many working days lie between two dates). Walking the
calendar day by day for each answer would make a schedule quadratic in its length, so
:class:`WorkCalendar` numbers the working days once and answers every question by indexing lists.
"""

from collections.abc import Iterable
from datetime import date
from itertools import accumulate

from ipmp_desktop.core.errors import ValidationError

ALL_WEEKDAYS = 0b1111111
"""The weekday mask with every day worked (bit 0 = Monday ... bit 6 = Sunday)."""

_FIRST_ORDINAL = date.min.toordinal()
_LAST_ORDINAL = date.max.toordinal()
_LEAP_YEAR = 2000  # any leap year, to check (month, day) pairs including Feb 29
_DAYS_IN_LEAP_YEAR = 366


class WorkCalendar:
    """Which days are worked, with O(1) conversions between dates and working-day indices.

    A day is worked when its weekday bit is set in ``working_weekdays`` and it is neither a
    one-off holiday nor a yearly holiday. A yearly holiday is a ``(month, day)`` pair that repeats
    every year; a yearly Feb 29 is a holiday only in leap years (it does not move to Feb 28).

    **Indices.** Working days are numbered with consecutive integers: the first working day on or
    after ``origin`` (the ``first`` date given to the constructor) is 0, later working days count
    up and earlier ones count down into the negatives. The numbering never changes, however the
    tables grow. A non-working day has no number of its own: :meth:`index` gives it the number of
    the *next* working day (so a task that "starts" on a Saturday starts on Monday), and
    :meth:`index_before` gives it the number of the *previous* working day (so a task that
    "finishes" on a Saturday finished on Friday). On a working day both agree.

    **Span and growth.** The tables are built for the ``first`` to ``last`` span given to the
    constructor. A question about any other date grows them (at least doubling the span, towards
    the date asked about), so callers never see a range error and each conversion stays O(1)
    amortised. A stretch of holidays covering every working day is crossed the same way. The only
    failure is a question whose answer lies outside the dates Python can represent (years 1 to
    9999), raised as :class:`ValidationError`.

    Growth mutates the tables, so an instance must not be shared between threads without a lock.
    Memory is a few dozen bytes per calendar day spanned.
    """

    __slots__ = (
        "_base",
        "_before",
        "_days",
        "_flags",
        "_mask",
        "_one_off",
        "_origin",
        "_start",
        "_yearly",
    )

    def __init__(
        self,
        working_weekdays: int,
        holidays: Iterable[date] = (),
        yearly: Iterable[tuple[int, int]] = (),
        *,
        first: date,
        last: date,
    ) -> None:
        """Builds the tables for ``first`` to ``last`` (inclusive).

        Args:
            working_weekdays: bit 0 = Monday ... bit 6 = Sunday; at least one bit must be set.
            holidays: one-off non-working dates, in any order; duplicates are harmless.
            yearly: ``(month, day)`` pairs that are non-working every year.
            first: the origin of the numbering (see the class docstring) and the table start.
            last: the end of the span worth precomputing; not a limit.

        Raises:
            ValidationError: no working weekday, a mask outside 7 bits, a ``(month, day)`` that is
                no date, yearly holidays covering the whole year, or ``last`` before ``first``.
        """
        if working_weekdays == 0:
            raise ValidationError("A calendar needs at least one working weekday.")
        if not 0 < working_weekdays <= ALL_WEEKDAYS:
            raise ValidationError(
                f"The working-weekday mask {working_weekdays} is not a number from 1 to 127 "
                "(bit 0 is Monday, bit 6 is Sunday)."
            )
        if last < first:
            raise ValidationError(f"The calendar span ends ({last}) before it starts ({first}).")
        self._mask = working_weekdays
        self._one_off = frozenset(day.toordinal() for day in holidays)
        self._yearly = frozenset(_checked_month_day(pair) for pair in yearly)
        if len(self._yearly) == _DAYS_IN_LEAP_YEAR:
            # Any other gap in the yearly holidays meets every weekday within a few decades, so
            # this is the only way holidays alone can leave a calendar with no working day ever.
            raise ValidationError("The yearly holidays cover every day of the year.")
        self._origin = first.toordinal()
        self._build(self._origin, last.toordinal() + 1)

    @classmethod
    def from_rows(
        cls,
        working_weekdays: int,
        holidays: Iterable[tuple[date, bool]],
        span: tuple[date, date],
    ) -> "WorkCalendar":
        """Builds a calendar from stored rows: ``(day, yearly)`` pairs as in the Holiday table.

        A yearly row keeps only its month and day; its year is ignored.

        Args:
            working_weekdays: the Calendar row's weekday mask.
            holidays: ``(Holiday.day, Holiday.yearly)`` pairs.
            span: ``(first, last)`` as for the constructor.

        Raises:
            ValidationError: as the constructor does.
        """
        one_off: list[date] = []
        yearly: list[tuple[int, int]] = []
        for day, repeats in holidays:
            if repeats:
                yearly.append((day.month, day.day))
            else:
                one_off.append(day)
        first, last = span
        return cls(working_weekdays, one_off, yearly, first=first, last=last)

    @property
    def working_weekdays(self) -> int:
        """The weekday mask the calendar was built from."""
        return self._mask

    @property
    def origin(self) -> date:
        """The date the numbering starts from: index 0 is the first working day on or after it."""
        return date.fromordinal(self._origin)

    @property
    def table_span(self) -> tuple[date, date]:
        """The dates (inclusive) the tables cover now; it only ever widens."""
        return date.fromordinal(self._start), date.fromordinal(self._start + len(self._flags) - 1)

    def is_working(self, d: date) -> bool:
        """Whether ``d`` is a working day."""
        k = d.toordinal() - self._start
        if not 0 <= k < len(self._flags):
            self._cover(d.toordinal(), d.toordinal())
            k = d.toordinal() - self._start
        return self._flags[k] == 1

    def index(self, d: date) -> int:
        """The index of ``d``, or of the next working day when ``d`` is not worked.

        Non-decreasing in ``d``; ``day(index(d)) == next_working(d)``.
        """
        ordinal = d.toordinal()
        k = ordinal - self._start
        if 0 <= k < len(self._flags):
            count = self._before[k]
            if count < len(self._days):
                return count - self._base
        k = self._slot_with_working_day_after(ordinal)
        return self._before[k] - self._base

    def index_before(self, d: date) -> int:
        """The index of ``d``, or of the previous working day when ``d`` is not worked.

        Non-decreasing in ``d``; ``day(index_before(d)) == previous_working(d)``.
        """
        ordinal = d.toordinal()
        k = ordinal - self._start
        if 0 <= k < len(self._flags):
            count = self._before[k + 1]
            if count > 0:
                return count - 1 - self._base
        k = self._slot_with_working_day_before(ordinal)
        return self._before[k + 1] - 1 - self._base

    def day(self, i: int) -> date:
        """The working day with index ``i`` (any integer; negatives lie before the origin)."""
        j = i + self._base
        if 0 <= j < len(self._days):
            return self._days[j]
        return self._day_outside_tables(i)

    def add(self, d: date, n: int) -> date:
        """The date ``n`` working days after ``d`` (before it when ``n`` is negative).

        ``d`` is first moved forward to a working day (see :meth:`index`), then ``n`` working
        days are counted: ``add(saturday, 0)`` is Monday, ``add(saturday, 1)`` Tuesday and
        ``add(saturday, -1)`` Friday. The result is always a working day.
        """
        return self.day(self.index(d) + n)

    def next_working(self, d: date) -> date:
        """``d`` when it is worked, otherwise the first working day after it."""
        return self.day(self.index(d))

    def previous_working(self, d: date) -> date:
        """``d`` when it is worked, otherwise the last working day before it."""
        return self.day(self.index_before(d))

    def working_days(self, a: date, b: date) -> int:
        """How many working days lie in ``[a, b]``, both ends included; 0 when ``b < a``."""
        if b < a:
            return 0
        ka = a.toordinal() - self._start
        kb = b.toordinal() - self._start
        if ka < 0 or kb >= len(self._flags):
            self._cover(a.toordinal(), b.toordinal())
            ka = a.toordinal() - self._start
            kb = b.toordinal() - self._start
        return self._before[kb + 1] - self._before[ka]

    def finish_for(self, start: date, duration: int) -> date:
        """The day a task of ``duration`` working days that starts on ``start`` finishes on.

        The finish is inclusive: a one-day task finishes on its start day. A ``start`` that is not
        worked counts from the next working day. Duration 0 is a milestone and returns ``start``
        unchanged.

        Raises:
            ValidationError: ``duration`` is negative.
        """
        if duration < 0:
            raise ValidationError(f"A duration cannot be negative ({duration} working days).")
        if duration == 0:
            return start
        return self.day(self.index(start) + duration - 1)

    def duration_between(self, start: date, finish: date) -> int:
        """The duration of a task from ``start`` to ``finish``, both included; 0 if reversed.

        For ``duration >= 1``, ``duration_between(s, finish_for(s, duration)) == duration``.
        """
        return self.working_days(start, finish)

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(working_weekdays={self._mask:#09b}, holidays={len(self._one_off)}, "
            f"yearly={len(self._yearly)}, origin={self.origin})"
        )

    # -- tables ------------------------------------------------------------------------------

    def _build(self, start: int, end: int) -> None:
        """Fills the tables for ordinals ``start`` (included) to ``end`` (excluded).

        Every reschedule builds a calendar of a few years, so this works a week pattern and
        whole lists rather than testing day by day.
        """
        size = end - start
        mask, one_off, yearly = self._mask, self._one_off, self._yearly
        first_weekday = (start - 1) % 7  # ordinal 1 (0001-01-01) is a Monday
        week = [mask >> (first_weekday + k) % 7 & 1 for k in range(7)]
        worked = (week * (size // 7 + 1))[:size]  # worked[k]: start + k is worked
        for ordinal in one_off:
            if start <= ordinal < end:
                worked[ordinal - start] = 0
        ordinals = [start + k for k, flag in enumerate(worked) if flag]
        days = list(map(date.fromordinal, ordinals))
        if yearly:
            kept = []
            for ordinal, day in zip(ordinals, days, strict=True):
                if (day.month, day.day) in yearly:
                    worked[ordinal - start] = 0
                else:
                    kept.append(day)
            days = kept
        before = list(accumulate(worked, initial=0))  # before[k]: working days in [start, +k)
        self._start, self._flags, self._before, self._days = start, bytearray(worked), before, days
        self._base = before[self._origin - start]

    def _cover(self, lo: int, hi: int) -> None:
        """Grows the tables to cover ordinals ``lo`` to ``hi``, at least doubling any growth."""
        start, end = self._start, self._start + len(self._flags)
        if lo >= start and hi < end:
            return
        size = end - start
        new_start = max(min(lo, start - size), _FIRST_ORDINAL) if lo < start else start
        new_end = min(max(hi + 1, end + size), _LAST_ORDINAL + 1) if hi >= end else end
        self._build(new_start, new_end)

    def _slot_with_working_day_after(self, ordinal: int) -> int:
        """Table slot of ``ordinal``, after growing until a working day lies on or after it."""
        self._cover(ordinal, ordinal)
        while self._before[ordinal - self._start] == len(self._days):
            end = self._start + len(self._flags)
            if end > _LAST_ORDINAL:
                raise ValidationError(
                    f"No working day falls on or after {date.fromordinal(ordinal)} "
                    f"before {date.max}, the last date supported."
                )
            self._cover(end, end)
        return ordinal - self._start

    def _slot_with_working_day_before(self, ordinal: int) -> int:
        """Table slot of ``ordinal``, after growing until a working day lies on or before it."""
        self._cover(ordinal, ordinal)
        while self._before[ordinal - self._start + 1] == 0:
            if self._start == _FIRST_ORDINAL:
                raise ValidationError(
                    f"No working day falls on or before {date.fromordinal(ordinal)} "
                    f"after {date.min}, the first date supported."
                )
            self._cover(self._start - 1, self._start - 1)
        return ordinal - self._start

    def _day_outside_tables(self, i: int) -> date:
        """:meth:`day` for an index the tables do not reach yet: grow, then look up."""
        while True:
            j = i + self._base
            if 0 <= j < len(self._days):
                return self._days[j]
            start, end = self._start, self._start + len(self._flags)
            # Each missing working day needs at least one more calendar day, so grow by that
            # much at once, and give up early when not even that fits in the supported dates.
            if j < 0:
                target = start + j
                if target < _FIRST_ORDINAL:
                    raise _index_out_of_range(i)
                self._cover(target, target)
            else:
                target = end - 1 + (j - len(self._days) + 1)
                if target > _LAST_ORDINAL:
                    raise _index_out_of_range(i)
                self._cover(target, target)
            if (self._start, self._start + len(self._flags)) == (start, end):
                raise _index_out_of_range(i)  # already at the limit of the supported dates


def _checked_month_day(pair: tuple[int, int]) -> tuple[int, int]:
    """``pair`` as a ``(month, day)`` tuple, refused unless it is a date in a leap year."""
    month, day = pair
    try:
        date(_LEAP_YEAR, month, day)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            f"A yearly holiday on month {month}, day {day} is not a day of the year."
        ) from error
    return month, day


def _index_out_of_range(i: int) -> ValidationError:
    return ValidationError(
        f"Working day number {i} falls outside the supported dates ({date.min} to {date.max})."
    )


def country_holidays(
    country: str, years: Iterable[int], subdivision: str | None = None
) -> list[tuple[date, str]]:
    """The public holidays of a country in the given years, from the ``holidays`` package.

    Args:
        country: an ISO 3166-1 alpha-2 code such as ``"DE"``; case does not matter.
        years: the years wanted; none gives an empty list.
        subdivision: a state or province code the package knows (``"BY"`` for Bavaria), or
            ``None`` for the holidays observed nationwide.

    Returns:
        ``(day, name)`` pairs sorted by day; two holidays on one day share one pair whose name
        joins both (``"; "``). Names are in the package's default language for the country.

    Raises:
        ValidationError: the country, or the subdivision within it, is unknown to the package.
    """
    # Imported here: the package is large, and only the holiday import action needs it.
    import holidays

    code = country.strip().upper()
    wanted = sorted(set(years))
    try:
        table = holidays.country_holidays(code, subdiv=subdivision, years=wanted)
    except NotImplementedError as error:
        if subdivision is not None and code in holidays.list_supported_countries():
            raise ValidationError(
                f"The holidays list has no subdivision {subdivision!r} for {code}."
            ) from error
        raise ValidationError(
            f"{country!r} is not a country code the holidays list knows (try one like 'DE')."
        ) from error
    return sorted(table.items())
