"""Page setup and pagination: paper sizes, tile geometry, breaks, fitting and header tokens."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmp_desktop.core.layout.pages import (
    Box,
    PageSetup,
    at_positions,
    cuts_at_edges,
    every,
    fill_tokens,
    fit_day_width_to_pages,
    fit_scale,
    mm_to_units,
    paginate,
    paper_name,
    split,
    tile_label,
    unknown_tokens,
)


def test_paper_sizes_follow_orientation() -> None:
    portrait = PageSetup(paper="A4", landscape=False).paper_size()
    landscape = PageSetup(paper="a4", landscape=True).paper_size()
    assert portrait == pytest.approx((mm_to_units(210), mm_to_units(297)))
    assert landscape == pytest.approx((mm_to_units(297), mm_to_units(210)))
    assert PageSetup(paper="Letter", landscape=False).paper_size()[0] == pytest.approx(816.0)
    area = PageSetup(paper="A4", landscape=False, margins_mm=(10, 20, 10, 20)).printable()
    assert area.x == pytest.approx(mm_to_units(10))
    assert area.height == pytest.approx(mm_to_units(297 - 40))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"paper": "B9"}, "Unknown paper size"),
        ({"margins_mm": (-1, 0, 0, 0)}, "negative"),
        ({"margins_mm": (140, 10, 140, 10)}, "less than an inch"),
        ({"pages_wide": 0}, "between 1 and 200"),
        ({"date_range": (date(2027, 2, 1), date(2027, 1, 1))}, "before it starts"),
        ({"rows": "some"}, "Unknown row choice"),
    ],
)
def test_bad_setups_are_refused_with_a_sentence(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PageSetup(**changes)


def test_paper_names_are_matched_without_case() -> None:
    assert paper_name(" tabloid ") == "Tabloid"
    with pytest.raises(ValueError, match="choose one of A5, A4"):
        paper_name("quarto")


def test_tile_labels_read_like_a_map() -> None:
    assert [tile_label(c, 0) for c in (0, 1, 25, 26, 27, 51, 52)] == [
        "A1", "B1", "Z1", "AA1", "AB1", "AZ1", "BA1",
    ]  # fmt: skip
    assert tile_label(2, 9) == "C10"


def test_split_cuts_only_where_allowed() -> None:
    rows = every(22.0)
    cuts = split(22.0 * 10, 100.0, rows)  # 4 rows of 22 fit in 100
    assert cuts == [0.0, 88.0, 176.0, 220.0]


def test_split_with_positions() -> None:
    cards = at_positions([0.0, 30.0, 95.0, 130.0, 200.0, 260.0])
    assert split(260.0, 100.0, cards) == [0.0, 95.0, 130.0, 200.0, 260.0]


def test_a_piece_larger_than_a_page_is_cut_not_lost() -> None:
    tall_card = at_positions([0.0, 250.0, 300.0])
    assert split(300.0, 100.0, tall_card) == [0.0, 100.0, 200.0, 300.0]


def test_split_refuses_a_page_with_no_room() -> None:
    with pytest.raises(ValueError, match="no room"):
        split(100.0, 0.0)


@given(
    length=st.floats(min_value=1, max_value=1e6),
    capacity=st.floats(min_value=5, max_value=5000),
    step=st.floats(min_value=0.5, max_value=400),
)
def test_split_covers_the_length_in_pieces_that_fit(length, capacity, step) -> None:
    cuts = split(length, capacity, every(step))
    assert cuts[0] == 0.0 and cuts[-1] == pytest.approx(length)
    for a, b in itertools.pairwise(cuts):
        assert 0 < b - a <= capacity + 1e-6


def test_paginate_tiles_a_known_plan() -> None:
    """300 rows of 22 and 400 days of 8 on an A4 landscape body area."""
    area = Box(38.0, 38.0, 1046.0, 640.0)
    pagination = paginate(
        body_width=400 * 8.0,
        body_height=300 * 22.0,
        left_width=300.0,
        top_height=36.0,
        area=area,
        x_breaks=every(8.0),
        y_breaks=every(22.0),
    )
    # across: 1046 - 300 = 746 -> 93 days (744) per tile -> 5 tiles (4 * 744 = 2976 < 3200)
    assert pagination.columns == 5
    assert [t.width for t in pagination.tiles[:5]] == [744.0] * 4 + [3200.0 - 4 * 744.0]
    # down: 640 - 36 = 604 -> 27 rows (594) per tile -> 12 tiles (11 * 27 = 297 < 300)
    assert pagination.rows == 12
    assert pagination.tile(0, 1).y0 == 594.0
    assert pagination.tile(4, 11).label == "E12"
    assert len(pagination.tiles) == 60
    for tile in pagination.tiles:  # whole rows and whole days only
        assert tile.y0 % 22.0 == 0 and tile.x0 % 8.0 == 0


def test_paginate_narrows_a_too_wide_left_strip() -> None:
    area = Box(0, 0, 600.0, 400.0)
    pagination = paginate(
        body_width=1000.0, body_height=100.0, left_width=900.0, top_height=30.0, area=area
    )
    assert pagination.left_width == 300.0
    assert pagination.columns == 4  # 300 of body per tile


def test_paginate_at_a_scale_fits_more_per_page() -> None:
    area = Box(0, 0, 500.0, 500.0)
    full = paginate(body_width=2000, body_height=100, left_width=0, top_height=0, area=area)
    half = paginate(
        body_width=2000, body_height=100, left_width=0, top_height=0, area=area, scale=0.5
    )
    assert (full.columns, half.columns) == (4, 2)


def test_fit_scale_fits_pages_wide_and_tall() -> None:
    area = Box(0, 0, 1000.0, 700.0)
    scale = fit_scale(
        body_width=4000.0,
        body_height=500.0,
        left_width=100.0,
        top_height=50.0,
        area=area,
        pages_wide=2,
        pages_tall=None,
    )
    pagination = paginate(
        body_width=4000.0, body_height=500.0, left_width=100.0, top_height=50.0, area=area,
        scale=scale,
    )  # fmt: skip
    assert pagination.columns == 2 and pagination.rows == 1
    one_page = fit_scale(
        body_width=4000.0,
        body_height=3000.0,
        left_width=100.0,
        top_height=50.0,
        area=area,
        pages_wide=1,
        pages_tall=1,
    )
    pagination = paginate(
        body_width=4000.0, body_height=3000.0, left_width=100.0, top_height=50.0, area=area,
        scale=one_page,
    )  # fmt: skip
    assert len(pagination.tiles) == 1
    assert fit_scale(
        body_width=10, body_height=10, left_width=0, top_height=0, area=area,
        pages_wide=3, pages_tall=None,
    ) == 1.0  # never enlarged  # fmt: skip


def test_day_width_fills_the_pages_asked() -> None:
    width = fit_day_width_to_pages(365, 3, 1000.0, 250.0)
    assert width * 122 == pytest.approx(750.0)  # 122 whole days a page
    pagination = paginate(
        body_width=365 * width,
        body_height=22.0,
        left_width=250.0,
        top_height=36.0,
        area=Box(0, 0, 1000.0, 500.0),
        x_breaks=every(width),
    )
    assert pagination.columns == 3


def test_continuation_marks_where_a_bar_crosses_an_edge() -> None:
    spans = [
        (1, 50.0, 150.0, 11.0),  # crosses the left edge at 100
        (2, 120.0, 180.0, 33.0),  # inside
        (3, 150.0, 260.0, 55.0),  # crosses the right edge at 200
        (4, 90.0, 210.0, 77.0),  # crosses both
        (5, 100.0, 200.0, 99.0),  # exactly the tile: not cut
    ]
    marks = {(m.key, m.side) for m in cuts_at_edges(spans, 100.0, 200.0)}
    assert marks == {(1, "left"), (3, "right"), (4, "left"), (4, "right")}


def test_tokens_are_filled_and_unknown_ones_reported() -> None:
    values = {"project": "Apollo", "page": 2, "pages": 9}
    assert fill_tokens("{project}: page {page} of {pages}", values) == "Apollo: page 2 of 9"
    assert fill_tokens("{nope} stays", values) == "{nope} stays"
    assert unknown_tokens("{project} {client} {page} {x}") == ["client", "x"]
