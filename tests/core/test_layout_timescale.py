"""TimeScale: dates to x and back, header tiers per zoom, nudges, zoom steps and fitting.

Weekdays in the hand-checked cases were verified against a printed calendar: 2026-01-05 and
2026-11-23 are Mondays, 2026-11-28 is a Saturday.
"""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmp_desktop.core.layout import (
    DAY_WIDTH,
    HeaderCell,
    TimeScale,
    Zoom,
    add_months,
    fit_day_width,
    zoom_for_day_width,
    zoom_in,
    zoom_out,
)

MONDAY = date(2026, 1, 5)
WIDTHS = [24.0, 8.0, 2.5, 1.0, 0.3, 1 / 3, 7.77, 0.05]


def assert_tier_covers(scale: TimeScale, cells: list[HeaderCell], x0: float, x1: float) -> None:
    """Cells are non-empty, contiguous, in order, start on their date, and cover [x0, x1]."""
    assert cells
    assert cells[0].x0 <= x0
    assert cells[-1].x1 >= x1
    for cell in cells:
        assert cell.x0 < cell.x1
        assert cell.x0 == pytest.approx(scale.x(cell.start))
    for left, right in pairwise(cells):
        assert left.x1 == right.x0
        assert left.start < right.start


def span(scale: TimeScale, first: date, last: date) -> tuple[float, float]:
    """The x range from the left edge of ``first`` to the middle of ``last``."""
    return scale.x(first), scale.x(last) + scale.day_width / 2


# --- mapping ---------------------------------------------------------------------------------


def test_x_is_linear_from_the_origin() -> None:
    scale = TimeScale(MONDAY, 24.0)
    assert scale.x(MONDAY) == 0
    assert scale.x(MONDAY + timedelta(days=3)) == 72
    assert scale.x(MONDAY - timedelta(days=2)) == -48


def test_date_at_takes_the_column_containing_x() -> None:
    scale = TimeScale(MONDAY, 24.0)
    assert scale.date_at(0) == MONDAY
    assert scale.date_at(23.99) == MONDAY
    assert scale.date_at(24) == MONDAY + timedelta(days=1)
    assert scale.date_at(-0.01) == MONDAY - timedelta(days=1)


def test_nearest_boundary_and_days_round() -> None:
    scale = TimeScale(MONDAY, 24.0)
    assert scale.nearest_boundary(11.9) == MONDAY
    assert scale.nearest_boundary(12.1) == MONDAY + timedelta(days=1)
    assert scale.nearest_boundary(-11.9) == MONDAY
    assert scale.nearest_boundary(-12.1) == MONDAY - timedelta(days=1)
    assert scale.days(47) == 2
    assert scale.days(-47) == -2
    assert scale.days(11) == 0
    assert isinstance(scale.days(100.0), int)


@pytest.mark.parametrize("width", WIDTHS)
def test_round_trips_for_awkward_day_widths(width: float) -> None:
    scale = TimeScale(MONDAY, width)
    for offset in range(-1500, 1500, 7):
        day = MONDAY + timedelta(days=offset)
        x = scale.x(day)
        assert scale.date_at(x) == day
        assert scale.date_at(x + width * 0.999) == day
        assert scale.nearest_boundary(x) == day
        assert scale.nearest_boundary(x + width * 0.4) == day
        assert scale.nearest_boundary(x - width * 0.4) == day
        assert scale.days(x) == offset


@given(
    origin=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    offset=st.integers(-40_000, 40_000),
    width=st.floats(0.05, 80.0),
    fraction=st.floats(0.0, 0.999),
)
def test_date_at_inverts_x_property(origin: date, offset: int, width: float, fraction: float):
    scale = TimeScale(origin, width)
    day = origin + timedelta(days=offset)
    assert scale.date_at(scale.x(day) + fraction * width) == day


def test_far_x_clamps_to_representable_dates() -> None:
    scale = TimeScale(MONDAY, 1.0)
    assert scale.date_at(1e12) == date.max
    assert scale.date_at(-1e12) == date.min
    assert scale.nearest_boundary(1e12) == date.max


@pytest.mark.parametrize("width", [0.0, -1.0, float("nan")])
def test_day_width_must_be_positive(width: float) -> None:
    with pytest.raises(ValueError, match="day_width"):
        TimeScale(MONDAY, width)


def test_for_zoom_uses_the_standard_day_width() -> None:
    for zoom in Zoom:
        scale = TimeScale.for_zoom(MONDAY, zoom)
        assert (scale.origin, scale.day_width, scale.zoom) == (MONDAY, DAY_WIDTH[zoom], zoom)


# --- headers ---------------------------------------------------------------------------------


def test_day_header_months_over_days() -> None:
    scale = TimeScale.for_zoom(MONDAY, Zoom.DAY)
    x0, x1 = span(scale, date(2026, 11, 28), date(2026, 12, 2))
    top, bottom = scale.header(x0, x1)
    assert [c.label for c in top] == ["November 2026", "December 2026"]
    assert [c.label for c in bottom] == ["28", "29", "30", "1", "2"]
    assert top[0].start == date(2026, 11, 1)
    assert top[0].x1 == scale.x(date(2026, 12, 1)) == bottom[3].x0
    assert top[1].x1 == scale.x(date(2027, 1, 1))
    assert_tier_covers(scale, top, x0, x1)
    assert_tier_covers(scale, bottom, x0, x1)


def test_week_header_months_over_iso_weeks() -> None:
    scale = TimeScale.for_zoom(MONDAY, Zoom.WEEK)
    x0, x1 = span(scale, date(2026, 11, 26), date(2026, 12, 8))
    top, bottom = scale.header(x0, x1)
    assert [c.label for c in top] == ["Nov 2026", "Dec 2026"]
    assert [c.label for c in bottom] == ["23 Nov", "30 Nov", "7 Dec"]
    assert all(c.start.weekday() == 0 for c in bottom)
    assert bottom[0].x1 - bottom[0].x0 == pytest.approx(7 * 8.0)
    assert_tier_covers(scale, top, x0, x1)
    assert_tier_covers(scale, bottom, x0, x1)


def test_month_header_years_over_months_across_new_year() -> None:
    scale = TimeScale.for_zoom(MONDAY, Zoom.MONTH)
    x0, x1 = span(scale, date(2026, 11, 15), date(2027, 2, 3))
    top, bottom = scale.header(x0, x1)
    assert [c.label for c in top] == ["2026", "2027"]
    assert [c.label for c in bottom] == ["Nov", "Dec", "Jan", "Feb"]
    assert bottom[-1].x1 == pytest.approx(scale.x(date(2027, 3, 1)))
    assert_tier_covers(scale, top, x0, x1)
    assert_tier_covers(scale, bottom, x0, x1)


def test_quarter_header_years_over_quarters() -> None:
    scale = TimeScale.for_zoom(MONDAY, Zoom.QUARTER)
    x0, x1 = span(scale, date(2026, 8, 20), date(2027, 4, 1))
    top, bottom = scale.header(x0, x1)
    assert [c.label for c in top] == ["2026", "2027"]
    assert [c.label for c in bottom] == ["Q3", "Q4", "Q1", "Q2"]
    assert [c.start for c in bottom] == [
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2027, 1, 1),
        date(2027, 4, 1),
    ]
    assert_tier_covers(scale, top, x0, x1)
    assert_tier_covers(scale, bottom, x0, x1)


def test_year_header_decades_over_years() -> None:
    scale = TimeScale.for_zoom(MONDAY, Zoom.YEAR)
    x0, x1 = span(scale, date(2028, 6, 1), date(2031, 1, 1))
    top, bottom = scale.header(x0, x1)
    assert [c.label for c in top] == ["2020s", "2030s"]
    assert [c.label for c in bottom] == ["2028", "2029", "2030", "2031"]
    assert top[0].start == date(2020, 1, 1)
    assert top[0].x1 == pytest.approx(scale.x(date(2030, 1, 1)))
    assert_tier_covers(scale, top, x0, x1)
    assert_tier_covers(scale, bottom, x0, x1)


@pytest.mark.parametrize("zoom", list(Zoom))
@pytest.mark.parametrize("x0", [-5000.0, -1.5, 0.0, 333.3, 12_345.6])
def test_headers_cover_any_window(zoom: Zoom, x0: float) -> None:
    scale = TimeScale.for_zoom(date(2026, 2, 17), zoom)
    for width in (0.0, 1.0, 900.0, 4000.0):
        for tier in scale.header(x0, x0 + width):
            assert_tier_covers(scale, tier, x0, x0 + width)


def test_header_cost_follows_the_window_not_the_origin() -> None:
    # The origin is a century before the window: only the few visible cells are built.
    scale = TimeScale.for_zoom(date(1926, 1, 1), Zoom.DAY)
    x0 = scale.x(date(2026, 3, 10))
    top, bottom = scale.header(x0, x0 + 100)
    assert [c.label for c in top] == ["March 2026"]
    assert [c.label for c in bottom] == ["10", "11", "12", "13", "14"]


def test_header_of_an_empty_window_and_at_the_end_of_time() -> None:
    scale = TimeScale.for_zoom(MONDAY, Zoom.YEAR)
    assert scale.header(10.0, 5.0) == ([], [])
    x = scale.x(date(9999, 6, 1))
    top, bottom = scale.header(x, x + 10_000)
    assert [c.label for c in top] == ["9990s"]
    assert [c.label for c in bottom] == ["9999"]
    assert bottom[0].x1 == pytest.approx(scale.x(date.max) + scale.day_width)


# --- nudge, zoom steps, fitting ----------------------------------------------------------------


def test_nudge_by_days_and_weeks() -> None:
    day = date(2026, 12, 30)
    assert TimeScale.for_zoom(MONDAY, Zoom.DAY).nudge(day, 3) == date(2027, 1, 2)
    assert TimeScale.for_zoom(MONDAY, Zoom.DAY).nudge(day, -1) == date(2026, 12, 29)
    assert TimeScale.for_zoom(MONDAY, Zoom.WEEK).nudge(day, 1) == date(2027, 1, 6)
    assert TimeScale.for_zoom(MONDAY, Zoom.WEEK).nudge(day, -2) == date(2026, 12, 16)


def test_nudge_by_months_clamps_the_day() -> None:
    month = TimeScale.for_zoom(MONDAY, Zoom.MONTH)
    assert month.nudge(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert month.nudge(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert month.nudge(date(2027, 3, 31), -1) == date(2027, 2, 28)
    assert month.nudge(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert month.nudge(date(2026, 2, 15), -3) == date(2025, 11, 15)


def test_nudge_by_quarters_and_years_moves_three_and_twelve_months() -> None:
    quarter = TimeScale.for_zoom(MONDAY, Zoom.QUARTER)
    year = TimeScale.for_zoom(MONDAY, Zoom.YEAR)
    assert quarter.nudge(date(2026, 11, 30), 1) == date(2027, 2, 28)
    assert quarter.nudge(date(2026, 1, 10), -1) == date(2025, 10, 10)
    assert year.nudge(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert year.nudge(date(2028, 2, 29), 4) == date(2032, 2, 29)


def test_nudge_clamps_at_the_ends_of_time() -> None:
    assert TimeScale.for_zoom(MONDAY, Zoom.DAY).nudge(date(9999, 12, 30), 5) == date.max
    assert TimeScale.for_zoom(MONDAY, Zoom.WEEK).nudge(date(1, 1, 3), -1) == date.min
    assert TimeScale.for_zoom(MONDAY, Zoom.YEAR).nudge(date(9999, 3, 1), 1) == date.max
    assert add_months(date(1, 2, 1), -2) == date.min


def test_zoom_steps_clamp_at_both_ends() -> None:
    assert zoom_in(Zoom.WEEK) is Zoom.DAY
    assert zoom_in(Zoom.DAY) is Zoom.DAY
    assert zoom_out(Zoom.DAY) is Zoom.WEEK
    assert zoom_out(Zoom.QUARTER) is Zoom.YEAR
    assert zoom_out(Zoom.YEAR) is Zoom.YEAR
    zoom = Zoom.YEAR
    for _ in range(10):
        zoom = zoom_in(zoom)
    assert zoom is Zoom.DAY


def test_fit_day_width() -> None:
    first = date(2026, 3, 1)
    assert fit_day_width(first, first + timedelta(days=9), 240) == 24.0
    assert fit_day_width(first + timedelta(days=9), first, 240) == 24.0
    assert fit_day_width(first, first, 1000) == 80.0
    assert fit_day_width(first, date(2126, 3, 1), 100) == 0.05
    assert fit_day_width(first, first, 0) == 0.05


def test_zoom_for_day_width_is_nearest_on_a_log_scale() -> None:
    for zoom, width in DAY_WIDTH.items():
        assert zoom_for_day_width(width) is zoom
    assert zoom_for_day_width(80.0) is Zoom.DAY
    assert zoom_for_day_width(4.0) is Zoom.MONTH  # |ln 4/8| = 0.69 > |ln 4/2.5| = 0.47
    assert zoom_for_day_width(5.0) is Zoom.WEEK  # |ln 5/8| = 0.47 < |ln 5/2.5| = 0.69
    assert zoom_for_day_width(0.01) is Zoom.YEAR
    with pytest.raises(ValueError, match="day_width"):
        zoom_for_day_width(0.0)


def test_readable_zoom_zooms_out_until_the_lower_tier_fits() -> None:
    from ipmp_desktop.core.layout.timescale import readable_zoom

    def seven_per_char(text: str) -> float:
        return 7.0 * len(text)

    assert readable_zoom(24.0, seven_per_char) == Zoom.DAY  # "30" needs 14 of 16
    assert readable_zoom(8.0, seven_per_char) == Zoom.WEEK  # "28 Sep" needs 42 of 48
    assert readable_zoom(5.5, seven_per_char) == Zoom.MONTH  # weeks too narrow at 38.5 - 8
    assert readable_zoom(0.2, seven_per_char) == Zoom.YEAR  # nothing coarser exists
    assert readable_zoom(1.0, lambda text: 0.0) == Zoom.QUARTER  # as zoom_for_day_width
