"""Gantt layout: shapes per row, link routes, the row-bucketed link index, hit tests and bands.

The scale is 10 chart units per day from Monday 2026-01-05 and rows are 20 units high, so
expected coordinates can be checked by hand: day n after the origin starts at x = 10n, and row r's
task bar spans y = 20r + 5 to 20r + 14.

Timing, measured by hand and not asserted (Python 3.11, the 2-core development machine while
other jobs ran): ``layout_gantt`` for 10,000 tasks (10 % milestones, 10 % summaries, all with
baselines) and 10,000 links (95 % within 20 rows, the rest up to 2,000 rows) took 75-80 ms of CPU
time; ``hit`` about 2 us; ``links_in`` over 40 rows about 25-70 us.
"""

import dataclasses
import random
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

import pytest

from ipmp_desktop.core.layout import (
    GanttLayout,
    GanttLink,
    GanttTask,
    LinkShape,
    Part,
    TimeScale,
    layout_gantt,
    non_working_bands,
    plan_span,
)
from ipmp_desktop.core.layout.gantt import CONNECTOR_OFFSET, CONNECTOR_RADIUS
from ipmp_desktop.core.layout.routing import LINK_STUB
from ipmp_desktop.core.layout.shapes import BarShape, new_bar

MONDAY = date(2026, 1, 5)
SCALE = TimeScale(MONDAY, 10.0)
H = 20.0


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def task(task_id: int, first: int, last: int, kind: str = "task", **fields: object) -> GanttTask:
    return GanttTask(task_id, kind, day(first), day(last), **fields)  # type: ignore[arg-type]


def lay(tasks: Sequence[GanttTask], links: Sequence[GanttLink] = ()) -> GanttLayout:
    return layout_gantt(tasks, links, SCALE, H)


# --- shapes ------------------------------------------------------------------------------------


def test_task_bar_geometry() -> None:
    layout = lay([task(1, 0, 0), task(7, 2, 6, percent=40, critical=True, title="Build")])
    bar = layout.bars[1]
    assert bar is not None
    assert (bar.task_id, bar.row, bar.kind) == (7, 1, "task")
    assert (bar.x0, bar.x1) == (20.0, 70.0)  # days 2..6 inclusive: 5 days
    assert (bar.y0, bar.y1) == pytest.approx((25.0, 34.0))
    assert bar.mid_y == pytest.approx(29.5)
    assert bar.progress_x == pytest.approx(40.0)
    assert (bar.percent, bar.critical, bar.conflict, bar.manual) == (40, True, False, False)
    assert bar.label == "Build"
    assert layout.bar_of(7) is bar


def test_percent_is_clamped() -> None:
    layout = lay([task(1, 0, 1, percent=150), task(2, 0, 1, percent=-5)])
    assert layout.bars[0].percent == 100 and layout.bars[0].progress_x == 20.0
    assert layout.bars[1].percent == 0 and layout.bars[1].progress_x == 0.0


def test_milestone_is_a_diamond_centred_on_its_day() -> None:
    layout = lay([task(1, 0, 0), task(2, 3, 3, kind="milestone", percent=50)])
    diamond = layout.bars[1]
    half = 0.22 * H
    assert (diamond.x0, diamond.x1) == pytest.approx((30 - half, 30 + half))
    assert (diamond.y0, diamond.y1) == pytest.approx((29.5 - half, 29.5 + half))
    assert diamond.mid_y == pytest.approx(H + 0.475 * H)
    assert diamond.progress_x == diamond.x0


def test_summary_is_a_thin_bracket() -> None:
    bracket = lay([task(1, 0, 9, kind="summary", percent=50)]).bars[0]
    assert (bracket.x0, bracket.x1) == (0.0, 100.0)
    assert (bracket.y0, bracket.y1) == pytest.approx((6.0, 11.0))
    assert bracket.progress_x == pytest.approx(50.0)


def test_baseline_band_sits_under_the_bar_inside_the_row() -> None:
    planned = task(1, 2, 4, baseline_start=day(0), baseline_finish=day(3))
    layout = lay([task(9, 0, 0), planned])
    band, bar = layout.baselines[1], layout.bars[1]
    assert band is not None and bar is not None
    assert (band.task_id, band.row, band.x0, band.x1) == (1, 1, 0.0, 40.0)
    assert (band.y0, band.y1) == pytest.approx((H + 14.8, H + 17.2))
    assert bar.y1 < band.y0 < band.y1 < 2 * H
    assert layout.baselines[0] is None


def test_a_milestone_baseline_is_as_wide_as_the_diamond() -> None:
    slipped = task(1, 5, 5, kind="milestone", baseline_start=day(3), baseline_finish=day(3))
    layout = lay([slipped])
    band, diamond = layout.baselines[0], layout.bars[0]
    assert (band.x0, band.x1) == pytest.approx((30 - 0.22 * H, 30 + 0.22 * H))
    assert band.x1 - band.x0 == pytest.approx(diamond.x1 - diamond.x0)


def test_undated_tasks_keep_their_row_but_have_no_shape() -> None:
    layout = lay([GanttTask(1, "task", None, None), GanttTask(2, "task", day(4), None)])
    assert layout.rows == [1, 2]
    assert layout.row_of == {1: 0, 2: 1}
    assert layout.bars[0] is None and layout.bar_of(1) is None
    assert (layout.bars[1].x0, layout.bars[1].x1) == (40.0, 50.0)  # only a start: one day
    assert layout.bar_of(99) is None
    assert layout.hit(5.0, 10.0) is None


def test_extent_and_span() -> None:
    layout = lay([task(1, 2, 4), task(2, 1, 3, baseline_start=day(1), baseline_finish=day(20))])
    assert layout.height == 2 * H
    assert (layout.first_day, layout.last_day) == (day(1), day(20))
    assert layout.width > SCALE.x(day(21))
    empty = lay([])
    assert empty.width >= 1 and empty.height == 0
    assert empty.rows_in(0, 100) == range(0)
    assert empty.links_in(0, 10) == []
    assert empty.hit(0, 0) is None and empty.link_at(0, 0) is None


def test_plan_span() -> None:
    assert plan_span([GanttTask(1, "task", None, None)]) is None
    tasks = [task(1, 3, 5), task(2, 1, 2, baseline_finish=day(9)), GanttTask(3, "task", None, None)]
    assert plan_span(tasks) == (day(1), day(9))


def test_invalid_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="row_height"):
        layout_gantt([], [], SCALE, 0)
    with pytest.raises(ValueError, match="link type"):
        lay([task(1, 0, 1), task(2, 2, 3)], [GanttLink(1, 1, 2, "XX")])


def test_fast_constructor_builds_ordinary_frozen_shapes() -> None:
    values = (3, 1, "task", 1.0, 2.0, 3.0, 4.0, 1.5, 50, True, False, True, "x")
    fast, plain = new_bar(*values), BarShape(*values)
    assert fast == plain and hash(fast) == hash(plain) and type(fast) is BarShape
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.x0 = 5.0  # type: ignore[misc]
    assert dataclasses.replace(fast, x0=0.0).x0 == 0.0


# --- rows and the link index -------------------------------------------------------------------


def test_rows_in_clamps_to_existing_rows() -> None:
    layout = lay([task(i, 0, 1) for i in range(10)])
    assert layout.rows_in(0, 0) == range(0, 1)
    assert layout.rows_in(19.9, 20.0) == range(0, 2)
    assert layout.rows_in(25, 65) == range(1, 4)
    assert layout.rows_in(-100, 5) == range(0, 1)
    assert layout.rows_in(150, 1e9) == range(7, 10)
    assert layout.rows_in(500, 600) == range(0)
    assert layout.rows_in(-50, -10) == range(0)
    assert layout.rows_in(60, 40) == range(0)


def test_links_skip_hidden_undated_and_self_ends() -> None:
    tasks = [task(1, 0, 1), GanttTask(2, "task", None, None), task(3, 4, 5)]
    links = [
        GanttLink(10, 1, 3),
        GanttLink(11, 1, 2),  # undated successor
        GanttLink(12, 1, 99),  # collapsed away
        GanttLink(13, 3, 3),
    ]
    assert [link.link_id for link in lay(tasks, links).links] == [10]


def test_links_in_matches_a_full_scan_including_a_link_spanning_500_rows() -> None:
    rng = random.Random(7)
    tasks = [task(i, i % 30, i % 30 + 2) for i in range(1000)]
    links = [GanttLink(0, 10, 510)]  # spans blocks 0..7
    for link_id in range(1, 400):
        pred = rng.randrange(1000)
        succ = min(max(pred + rng.randint(-70, 70), 0), 999)
        if succ != pred:
            links.append(GanttLink(link_id, pred, succ, rng.choice(["FS", "SS", "FF", "SF"])))
    layout = lay(tasks, links)
    long = next(link for link in layout.links if link.link_id == 0)
    assert (long.row_lo, long.row_hi) == (10, 510)

    for lo, hi in [(300, 310), (0, 5), (505, 600), (511, 999), (0, 999), (64, 64), (63, 64)]:
        got = layout.links_in(lo, hi)
        expected = [link for link in layout.links if link.row_lo <= hi and link.row_hi >= lo]
        assert got == expected  # same links, layout order, no duplicates
        assert (long in got) == (lo <= 510 and hi >= 10)
    for _ in range(200):
        lo = rng.randrange(-10, 1010)
        hi = lo + rng.randrange(0, 150)
        expected = [link for link in layout.links if link.row_lo <= hi and link.row_hi >= lo]
        assert layout.links_in(lo, hi) == expected
    assert layout.links_in(20, 10) == []


def test_links_are_bucketed_by_blocks_of_64_rows() -> None:
    tasks = [task(i, 0, 1) for i in range(600)]
    layout = lay(tasks, [GanttLink(0, 10, 510), GanttLink(1, 590, 595)])
    blocks = layout._buckets
    assert len(blocks) == 10
    assert [block for block, ids in enumerate(blocks) if 0 in ids] == list(range(8))
    assert [block for block, ids in enumerate(blocks) if 1 in ids] == [9]


# --- hit tests ---------------------------------------------------------------------------------


@pytest.fixture
def hits() -> GanttLayout:
    """Row 0: task days 2..11 (x 20..120) at 50 %; row 1: milestone at x 50; row 2: summary."""
    return lay(
        [
            task(1, 2, 11, percent=50),
            task(2, 5, 5, kind="milestone"),
            task(3, 2, 11, kind="summary", percent=50),
            GanttTask(4, "task", None, None),
        ]
    )


def part_at(layout: GanttLayout, x: float, y: float) -> Part | None:
    found = layout.hit(x, y)
    return None if found is None else found.part


def test_hit_parts_of_a_task(hits: GanttLayout) -> None:
    bar = hits.bars[0]
    low = bar.y1 - 1  # lower half of the bar
    assert part_at(hits, 40, 7) == Part.BODY
    assert part_at(hits, 90, low) == Part.BODY
    assert part_at(hits, 70, 7) == Part.BODY  # progress handle is only in the lower half
    assert part_at(hits, 72, low) == Part.PROGRESS
    assert part_at(hits, 67, low) == Part.PROGRESS
    assert part_at(hits, 21, 7) == Part.START
    assert part_at(hits, 17, low) == Part.START
    assert part_at(hits, 123, 7) == Part.FINISH
    assert part_at(hits, 20 - CONNECTOR_OFFSET, bar.mid_y) == Part.LINK_START
    assert part_at(hits, 120 + CONNECTOR_OFFSET + 3, bar.mid_y + 2) == Part.LINK_FINISH
    hit = hits.hit(40, 7)
    assert hit is not None and hit.bar is bar


def test_where_a_connector_meets_an_end_the_drawn_connector_wins(hits: GanttLayout) -> None:
    """The circle's rim reaches into the end's slop; a press there gets what is drawn."""
    bar = hits.bars[0]
    rim = CONNECTOR_OFFSET - CONNECTOR_RADIUS + 0.5
    assert part_at(hits, bar.x0 - rim, bar.mid_y) == Part.LINK_START
    assert part_at(hits, bar.x1 + rim, bar.mid_y) == Part.LINK_FINISH
    assert part_at(hits, bar.x0 - rim, bar.y0) == Part.START  # off the circle: still the end


def test_hit_misses(hits: GanttLayout) -> None:
    assert part_at(hits, 150, 9) is None  # right of the connector
    assert part_at(hits, 40, 2) is None  # above the bar, same row
    assert part_at(hits, 40, 17) is None  # the baseline strip, not the bar
    assert part_at(hits, 40, -1) is None
    assert part_at(hits, 40, 4 * H + 1) is None  # past the last row
    assert part_at(hits, 40, 3 * H + 9) is None  # an undated row


def test_hit_tests_only_the_row_under_the_point(hits: GanttLayout) -> None:
    # x = 100 is inside the row-0 task and the row-2 summary but not the row-1 milestone.
    assert part_at(hits, 100, H + 9) is None


def test_hit_parts_of_a_milestone_and_a_summary(hits: GanttLayout) -> None:
    diamond, bracket = hits.bars[1], hits.bars[2]
    assert part_at(hits, 50, diamond.mid_y) == Part.BODY
    assert part_at(hits, diamond.x0 + 0.5, diamond.mid_y + 3) == Part.BODY  # no START
    assert part_at(hits, diamond.x0 - CONNECTOR_OFFSET, diamond.mid_y) == Part.LINK_START
    assert part_at(hits, diamond.x1 + CONNECTOR_OFFSET, diamond.mid_y) == Part.LINK_FINISH
    assert part_at(hits, 21, bracket.mid_y) == Part.BODY  # no START on a summary
    assert part_at(hits, 70, bracket.y1 - 0.5) == Part.BODY  # nor PROGRESS
    assert part_at(hits, 120 + CONNECTOR_OFFSET, bracket.mid_y) == Part.LINK_FINISH


def test_a_narrow_bar_gives_the_nearer_edge() -> None:
    layout = layout_gantt([task(1, 0, 0)], [], TimeScale(MONDAY, 2.5), H)
    assert part_at(layout, -1.0, 7) == Part.START
    assert part_at(layout, 2.0, 7) == Part.FINISH


def test_link_at_finds_the_nearest_polyline_within_tolerance() -> None:
    tasks = [task(1, 0, 1), task(2, 5, 6), task(3, 8, 9)]
    layout = lay(tasks, [GanttLink(10, 1, 2), GanttLink(11, 1, 3)])
    # Both leave task 1 at (20, 9.5) and turn down at x = 28.
    first = layout.links[0]
    assert first.points[:2] == ((20.0, 9.5), (28.0, 9.5))
    assert layout.link_at(24, 11) in layout.links
    assert layout.link_at(40, 29.5 + 1).link_id == 10  # on link 10's run into task 2
    assert layout.link_at(60, 49.5 - 2).link_id == 11  # on link 11's run into task 3
    assert layout.link_at(40, 29.5 + 5) is None
    assert layout.link_at(200, 200) is None


# --- link routes -------------------------------------------------------------------------------

TYPES = ["FS", "SS", "FF", "SF"]
# successor (first, last) days relative to a predecessor on days 10..14 (x 100..150)
SUCCESSOR_DAYS = {
    "far right": (25, 28),
    "adjacent": (15, 18),
    "overlapping (negative lag)": (12, 16),
    "inside": (11, 13),
    "far left": (0, 3),
    "one day": (10, 10),
}


def route(link_type: str, succ_days: tuple[int, int], succ_row: int, kind: str = "task"):
    """A predecessor on days 10..14 in row 3, a successor in ``succ_row``: both shapes, the link."""
    rows: list[GanttTask | None] = [None] * 7
    rows[3] = task(1, 10, 14, kind="milestone" if kind == "milestone pred" else "task")
    rows[succ_row] = task(2, *succ_days, kind="milestone" if kind == "milestone succ" else "task")
    tasks = [t or task(100 + i, 0, 0) for i, t in enumerate(rows)]
    layout = lay(tasks, [GanttLink(5, 1, 2, link_type, lag=-2, critical=True)])
    [link] = layout.links
    return layout.bars[3], layout.bars[succ_row], link


def check_route(pred: BarShape, succ: BarShape, link: LinkShape) -> None:
    """The rules every route obeys; see ipmp_desktop/core/layout/routing.py."""
    points = link.points
    from_start, to_finish = link.type in ("SS", "SF"), link.type in ("FF", "SF")
    assert points[0] == ((pred.x0 if from_start else pred.x1), pred.mid_y)
    assert points[-1] == ((succ.x1 if to_finish else succ.x0), succ.mid_y)
    segments = list(pairwise(points))
    for (ax, ay), (bx, by) in segments:
        assert (ax == bx) != (ay == by), "segments are axis-parallel and not empty"
    for (a, b), (_, c) in pairwise(segments):
        assert (a[0] == b[0]) != (b[0] == c[0]), "consecutive segments turn"
    (ax, ay), (bx, by) = segments[0]
    assert ay == by and (bx - ax) * (-1 if from_start else 1) >= LINK_STUB - 1e-9
    (ax, ay), (bx, by) = segments[-1]
    assert ay == by and (bx - ax) * (-1 if to_finish else 1) >= LINK_STUB - 1e-9
    for (ax, ay), (bx, by) in segments:
        if ay != by:
            continue
        left, right = min(ax, bx), max(ax, bx)
        for bar in (pred, succ):
            if bar.y0 <= ay <= bar.y1:  # runs at a bar's height never cross that bar
                assert right <= bar.x0 or left >= bar.x1
        if ay not in (pred.mid_y, succ.mid_y):
            assert ay % H == 0, "any other run is on a row boundary"
    assert (link.row_lo, link.row_hi) == (min(pred.row, succ.row), max(pred.row, succ.row))


@pytest.mark.parametrize("link_type", TYPES)
@pytest.mark.parametrize("where", list(SUCCESSOR_DAYS))
@pytest.mark.parametrize("succ_row", [4, 6, 2, 0], ids=["next", "below", "prev", "above"])
def test_every_route_obeys_the_rules(link_type: str, where: str, succ_row: int) -> None:
    check_route(*route(link_type, SUCCESSOR_DAYS[where], succ_row))


@pytest.mark.parametrize("link_type", TYPES)
@pytest.mark.parametrize("kind", ["milestone pred", "milestone succ"])
@pytest.mark.parametrize("where", ["far right", "adjacent", "far left"])
def test_milestone_routes_use_the_diamond_points(link_type: str, kind: str, where: str) -> None:
    pred, succ, link = route(link_type, SUCCESSOR_DAYS[where], 5, kind)
    check_route(pred, succ, link)


def test_fs_with_room_is_one_elbow() -> None:
    *_, link = route("FS", (25, 28), 6)
    assert (link.link_id, link.predecessor, link.successor) == (5, 1, 2)
    assert (link.type, link.lag, link.critical) == ("FS", -2, True)
    assert link.points == ((150, 69.5), (158, 69.5), (158, 129.5), (250, 129.5))


def test_fs_to_the_next_day_detours_along_the_row_boundary_below() -> None:
    *_, link = route("FS", (15, 18), 6)
    assert link.points == (
        (150, 69.5),
        (158, 69.5),
        (158, 80),  # boundary between rows 3 and 4
        (142, 80),
        (142, 129.5),
        (150, 129.5),
    )


def test_fs_backward_with_negative_lag_detours_along_the_boundary_above() -> None:
    *_, link = route("FS", (12, 16), 0)
    assert link.points == (
        (150, 69.5),
        (158, 69.5),
        (158, 60),  # boundary between rows 2 and 3
        (112, 60),
        (112, 9.5),
        (120, 9.5),
    )


def test_ss_and_ff_turn_outside_both_ends() -> None:
    _, _, ss = route("SS", (12, 16), 5)
    assert ss.points == ((100, 69.5), (92, 69.5), (92, 109.5), (120, 109.5))
    _, _, ss_left = route("SS", (0, 3), 5)
    assert ss_left.points == ((100, 69.5), (-8, 69.5), (-8, 109.5), (0, 109.5))
    _, _, ff = route("FF", (12, 16), 1)
    assert ff.points == ((150, 69.5), (178, 69.5), (178, 29.5), (170, 29.5))


def test_sf_is_the_mirror_of_fs() -> None:
    _, _, room = route("SF", (0, 3), 5)
    assert room.points == ((100, 69.5), (92, 69.5), (92, 109.5), (40, 109.5))
    _, _, tight = route("SF", (5, 9), 5)
    assert tight.points == (
        (100, 69.5),
        (92, 69.5),
        (92, 80),
        (108, 80),
        (108, 109.5),
        (100, 109.5),
    )


# --- non-working bands -------------------------------------------------------------------------


def weekdays_only(d: date) -> bool:
    return d.weekday() < 5


def test_weekend_days_merge_into_one_band() -> None:
    bands = non_working_bands(SCALE, weekdays_only, 0, 139)  # Mon 5 Jan .. Sun 18 Jan
    assert bands == [(50.0, 70.0), (120.0, 140.0)]


def test_holidays_next_to_a_weekend_join_it_and_partial_views_keep_whole_days() -> None:
    holiday = day(4)  # Friday 9 Jan

    def working(d: date) -> bool:
        return weekdays_only(d) and d != holiday

    assert non_working_bands(SCALE, working, 0, 69) == [(40.0, 70.0)]
    # A window opening mid-Sunday sees only that (whole) day of the long weekend.
    assert non_working_bands(SCALE, working, 65, 75) == [(60.0, 70.0)]
    assert non_working_bands(SCALE, working, 10, 35) == []


def test_bands_vanish_when_days_are_too_narrow() -> None:
    assert non_working_bands(TimeScale(MONDAY, 4.9), weekdays_only, 0, 100) == []
    assert non_working_bands(TimeScale(MONDAY, 5.0), weekdays_only, 0, 34) == [(25.0, 35.0)]


def test_bands_ask_only_about_visible_days() -> None:
    asked: list[date] = []

    def working(d: date) -> bool:
        asked.append(d)
        return True

    scale = TimeScale(date(1900, 1, 1), 24.0)
    x = scale.x(MONDAY)
    assert non_working_bands(scale, working, x, x + 24 * 6.5) == []
    assert asked == [day(n) for n in range(7)]
