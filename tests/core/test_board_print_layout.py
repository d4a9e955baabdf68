"""The printed board's geometry: text fitting, card heights from line counts, card rows across
columns, lanes down, and the places a page may end (never inside a card)."""

import itertools
from datetime import date, datetime

import pytest

from ipmp_desktop.core.layout.board_card import BoardGeometry, card_badges, due_text
from ipmp_desktop.core.layout.board_print import PrintFonts, layout_board_print, print_cells
from ipmp_desktop.core.layout.pages import at_positions, split
from ipmp_desktop.core.layout.text_fit import ELLIPSIS, elide, wrap_text
from ipmp_desktop.core.services.board import (
    BoardCard,
    BoardData,
    CardLabel,
    CardPerson,
    ColumnInfo,
    LaneMode,
)

TODAY = date(2026, 3, 10)
TITLE_CHAR, SMALL_CHAR = 6.0, 5.0
FONTS = PrintFonts(
    title=lambda text: TITLE_CHAR * len(text),
    title_line=14.0,
    small=lambda text: SMALL_CHAR * len(text),
    small_line=11.0,
)
GEOMETRY = BoardGeometry()
INNER = GEOMETRY.column_width - GEOMETRY.card_left - GEOMETRY.card_right
ADA, BOB = CardPerson(1, "Ada Lovelace"), CardPerson(2, "Bob Byte")
URGENT, VENDOR = CardLabel(1, "Urgent", "#e53935"), CardLabel(2, "Vendor", "#1e88e5")


def measure(text: str) -> float:
    return TITLE_CHAR * len(text)


def card(card_id: int, title: str, column: int, **fields) -> BoardCard:
    values = {
        "kind": "task",
        "column_id": column,
        "board_rank": f"{card_id:04d}",
        "parent_id": None,
        "priority": 0,
        "start": None,
        "finish": None,
        "percent_complete": 0,
        "archived": False,
        "column_entered_at": datetime(2026, 3, 1),
    } | fields
    return BoardCard(id=card_id, title=title, **values)


def board(cards: list[BoardCard], columns=("To do", "Doing", "Done")) -> BoardData:
    infos = [
        ColumnInfo(n + 1, name, n, 2 if name == "Doing" else None, "todo", "ask")
        for n, name in enumerate(columns)
    ]
    order = {info.id: [c.id for c in cards if c.column_id == info.id] for info in infos}
    return BoardData(
        project_id=1,
        columns=infos,
        cards={c.id: c for c in cards},
        order=order,
        labels=[URGENT, VENDOR],
        people=[ADA, BOB],
    )


# -- text --


def test_elide_keeps_text_that_fits_and_shortens_text_that_does_not():
    assert elide("Plan", 24, measure) == "Plan"
    shortened = elide("Planning", 30, measure)
    assert shortened.endswith(ELLIPSIS) and measure(shortened) <= 30
    assert shortened == "Plan" + ELLIPSIS


def test_wrap_breaks_at_spaces_and_elides_the_last_line():
    words = "alpha beta gamma delta epsilon"
    assert wrap_text(words, 6 * 11, measure, 5) == ["alpha beta", "gamma delta", "epsilon"]
    two = wrap_text(words, 6 * 11, measure, 2)
    assert two[0] == "alpha beta" and two[1].endswith(ELLIPSIS)
    assert all(measure(line) <= 66 for line in two)
    assert wrap_text("", 100, measure, 3) == []
    assert wrap_text("x" * 40, 60, measure, 3) == ["x" * 9 + ELLIPSIS]


# -- cards --


def test_badges_flag_late_and_soon_due_dates_checklists_and_blockers():
    late = card(1, "A", 1, finish=date(2026, 3, 9))
    soon = card(2, "B", 1, finish=date(2026, 3, 12), checklist_done=2, checklist_total=2)
    later = card(3, "C", 1, finish=date(2026, 3, 20), blocked_by=2, comment_count=3)
    finished = card(4, "D", 1, finish=date(2026, 3, 1), percent_complete=100)
    assert [(b.kind, b.tone) for b in card_badges(late, TODAY)] == [("due", "late")]
    assert card_badges(late, TODAY)[0].text == "Overdue Mar 09"
    assert [(b.kind, b.tone) for b in card_badges(soon, TODAY)] == [
        ("due", "soon"),
        ("checklist", "done"),
    ]
    assert [(b.kind, b.text) for b in card_badges(later, TODAY)] == [
        ("due", "Mar 20"),
        ("blocked", "⚠ blocked by 2"),
        ("comments", "✎ 3"),
    ]
    assert card_badges(finished, TODAY)[0].tone == "muted"
    assert due_text(date(2026, 12, 5)) == "Dec 05"


def test_a_card_is_as_tall_as_its_lines_and_its_row_as_its_tallest_card():
    short = card(1, "Fix", 1)
    long_title = " ".join(["word"] * 60)  # more than three lines
    tall = card(2, long_title, 2)
    labelled = card(3, "Tag", 3, labels=(URGENT,))
    layout = layout_board_print(board([short, tall, labelled]), LaneMode.NONE, FONTS, today=TODAY)
    boxes = {box.card_id: box for box in layout.cards}
    assert len(boxes[1].title_lines) == 1
    assert len(boxes[2].title_lines) == GEOMETRY.title_lines
    assert boxes[2].title_lines[-1].endswith(ELLIPSIS)
    # one card row: every card starts and ends where the tallest one does
    assert {(b.y0, b.y1) for b in boxes.values()} == {(boxes[2].y0, boxes[2].y1)}
    alone = layout_board_print(board([short]), LaneMode.NONE, FONTS, today=TODAY).cards[0]
    with_chip = layout_board_print(board([labelled]), LaneMode.NONE, FONTS, today=TODAY).cards[0]
    assert boxes[2].y1 - boxes[2].y0 == pytest.approx(
        alone.y1 - alone.y0 + (GEOMETRY.title_lines - 1) * FONTS.title_line
    )
    assert with_chip.y1 - with_chip.y0 == pytest.approx(
        alone.y1 - alone.y0 + FONTS.small_line + 2 + 3
    )


def test_chips_wrap_to_two_rows_and_sum_up_the_rest():
    labels = tuple(CardLabel(n, f"Label{n:02d}xxxxxx", "#888888") for n in range(1, 13))
    box = layout_board_print(
        board([card(1, "Many labels", 1, labels=labels)]), LaneMode.NONE, FONTS, today=TODAY
    ).cards[0]
    rows = sorted({chip.y for chip in box.chips})
    assert len(rows) == GEOMETRY.chip_rows
    assert box.chips[-1].text.startswith("+")
    shown = len(box.chips) - 1
    assert box.chips[-1].text == f"+{len(labels) - shown}"
    for chip in box.chips:
        assert box.x0 + GEOMETRY.card_left <= chip.x
        assert chip.x + chip.width <= box.x1 - GEOMETRY.card_right + 1e-9


def test_initials_sit_right_of_the_badges_in_the_footer():
    busy = card(
        1,
        "Busy",
        1,
        finish=date(2026, 3, 1),
        blocked_by=3,
        checklist_total=4,
        assignees=(ADA, BOB),
    )
    box = layout_board_print(board([busy]), LaneMode.NONE, FONTS, today=TODAY).cards[0]
    assert [i.text for i in box.initials] == ["AL", "BB"]
    assert box.initials[-1].x + box.initials[-1].size == pytest.approx(box.x1 - GEOMETRY.card_right)
    first_row = [b for b in box.badges if b.y == box.initials[0].y]
    assert first_row and all(b.x + b.width <= box.initials[0].x for b in first_row)
    assert {b.kind for b in box.badges} == {"due", "checklist", "blocked"}
    assert max(b.y + b.height for b in box.badges) == pytest.approx(box.y1 - GEOMETRY.card_bottom)


# -- the board --


def test_columns_across_and_cards_stacked_in_rank_order():
    cards = [card(n, f"Card {n}", 1 + (n - 1) % 3) for n in range(1, 10)]
    layout = layout_board_print(board(cards), LaneMode.NONE, FONTS, today=TODAY)
    pitch = GEOMETRY.pitch
    assert [slot.name for slot in layout.columns] == ["To do", "Doing", "Done"]
    assert [slot.x0 for slot in layout.columns] == [n * pitch + 5 for n in range(3)]
    assert layout.width == 3 * pitch
    assert layout.x_positions == [0, pitch, 2 * pitch, 3 * pitch]
    todo = [box for box in layout.cards if box.column == 0]
    assert [box.card_id for box in todo] == [1, 4, 7]
    gaps = [below.y0 - above.y1 for above, below in itertools.pairwise(todo)]
    assert gaps == pytest.approx([GEOMETRY.card_gap] * 2)
    assert not layout.with_lanes and layout.lane_width == 0


def test_archived_cards_are_left_out_and_only_limits_the_cards():
    cards = [card(1, "Kept", 1), card(2, "Old", 1, archived=True), card(3, "Other", 2)]
    data = board(cards)
    assert {c.id for cells in print_cells(data, LaneMode.NONE).values() for c in cells} == {1, 3}
    layout = layout_board_print(data, LaneMode.NONE, FONTS, today=TODAY, only={3})
    assert [box.card_id for box in layout.cards] == [3]
    todo, doing, _done = layout.columns
    assert (todo.count, todo.shown) == (1, 0)  # the WIP count ignores the filter
    assert (doing.count, doing.shown, doing.wip_limit) == (1, 1, 2)


def test_lanes_go_down_each_as_tall_as_its_busiest_cell():
    cards = [
        card(1, "A", 1, assignees=(ADA,)),
        card(2, "B", 1, assignees=(ADA,)),
        card(3, "C", 2, assignees=(ADA,)),
        card(4, "D", 2, assignees=(BOB,)),
        card(5, "E", 3),
    ]
    layout = layout_board_print(board(cards), LaneMode.ASSIGNEE, FONTS, today=TODAY)
    assert [lane.title for lane in layout.lanes] == ["Ada Lovelace", "Bob Byte", "Unassigned"]
    assert [lane.count for lane in layout.lanes] == [3, 1, 1]
    ada, bob, nobody = layout.lanes
    assert ada.y0 == 0 and ada.y1 == bob.y0 and bob.y1 == nobody.y0
    assert nobody.y1 == layout.height
    for box in layout.cards:
        lane = layout.lanes[box.lane]
        assert lane.y0 < box.y0 and box.y1 < lane.y1
    in_ada = [box for box in layout.cards if box.lane == 0]
    assert {box.row for box in in_ada} == {0, 1}  # A and C share row 0, B is row 1
    assert layout.with_lanes and layout.lane_width == GEOMETRY.lane_width
    assert layout.cards_in(bob.y0, bob.y1) == [box for box in layout.cards if box.lane == 1]


def test_a_lane_name_wraps_and_the_lane_grows_to_hold_it():
    person = CardPerson(7, "Maximiliane Konstantinopoulou-Wolkenstein of the Far North")
    data = board([card(1, "A", 1, assignees=(person,))])
    data.people = [person]
    layout = layout_board_print(data, LaneMode.ASSIGNEE, FONTS, today=TODAY)
    lane = layout.lanes[0]
    assert len(lane.lines) > 1
    assert all(measure(line) <= GEOMETRY.lane_width - 16 for line in lane.lines)
    assert lane.y1 - lane.y0 >= len(lane.lines) * FONTS.title_line


def test_parts_of_a_board_for_split_sheets():
    cards = [
        card(1, "A", 1, assignees=(ADA,)),
        card(2, "B", 2, assignees=(BOB,)),
        card(3, "C", 3, assignees=(BOB,)),
    ]
    data = board(cards)
    one_column = layout_board_print(
        data, LaneMode.ASSIGNEE, FONTS, today=TODAY, column_ids=[2], drop_empty_lanes=True
    )
    assert [slot.name for slot in one_column.columns] == ["Doing"]
    assert [lane.title for lane in one_column.lanes] == ["Bob Byte"]
    assert [box.card_id for box in one_column.cards] == [2]
    one_lane = layout_board_print(
        data, LaneMode.ASSIGNEE, FONTS, today=TODAY, lane_keys=["person:2"]
    )
    assert len(one_lane.columns) == 3
    assert [box.card_id for box in one_lane.cards] == [2, 3]


def test_a_page_may_end_only_between_card_rows_and_lanes():
    cards = [
        card(n, " ".join(["long"] * (n % 7 * 4 + 1)), 1 + n % 3, assignees=((ADA,), (BOB,))[n % 2])
        for n in range(1, 60)
    ]
    layout = layout_board_print(board(cards), LaneMode.ASSIGNEE, FONTS, today=TODAY)
    for y in layout.y_positions:
        assert not any(box.y0 < y < box.y1 for box in layout.cards)
    for lane in layout.lanes:
        assert lane.y0 in layout.y_positions and lane.y1 in layout.y_positions
    tallest = max(box.y1 - box.y0 for box in layout.cards)
    cuts = split(layout.height, tallest * 3, at_positions(layout.y_positions))
    assert len(cuts) > 3
    for cut in cuts:
        assert not any(box.y0 < cut < box.y1 for box in layout.cards)


def test_an_empty_board_has_no_size_and_no_cards():
    layout = layout_board_print(board([], columns=()), LaneMode.NONE, FONTS, today=TODAY)
    assert (layout.width, layout.cards, layout.columns) == (0, [], [])
    assert layout.x_positions == [0]


def test_a_single_column_flows_across_the_sheet_row_by_row():
    cards = [card(n, f"Card {n}", 1) for n in range(1, 8)]
    layout = layout_board_print(
        board(cards), LaneMode.NONE, FONTS, today=TODAY, column_ids=[1], flow=3
    )
    pitch = GEOMETRY.pitch
    [slot] = layout.columns
    assert (slot.name, slot.left, slot.right) == ("To do", 0, 3 * pitch)
    assert layout.width == 3 * pitch and layout.x_positions == [0, pitch, 2 * pitch, 3 * pitch]
    placed = {box.card_id: (box.x0, box.row) for box in layout.cards}
    assert placed[1] == (GEOMETRY.column_gap / 2, 0)
    assert placed[3] == (2 * pitch + GEOMETRY.column_gap / 2, 0)
    assert placed[4] == (GEOMETRY.column_gap / 2, 1)  # reading order: across, then down
    assert placed[7] == (GEOMETRY.column_gap / 2, 2)
    assert [box.card_id for box in layout.cards] == list(range(1, 8))
    with pytest.raises(ValueError, match="one column"):
        layout_board_print(board(cards), LaneMode.NONE, FONTS, today=TODAY, flow=2)
