"""Board geometry for paper: columns across, swimlanes down, cards in rows, in print units.

A printed board is the screen's board laid flat: every column is as tall as its cards (no
scrolling lists) and every swimlane as tall as its busiest cell. Cards of one lane sit in
*card rows* that run across all columns (the k-th card of every column of a lane starts at the
same height, and every card of the row is stretched to the row's tallest card), so a page can
always end between two card rows: a printed card is never cut in two.

Everything a card shows is placed too (title lines, label chips, badges, assignee initials; see
:mod:`~ipmp_desktop.core.layout.board_card`), so the Qt sheet only paints boxes and strings,
and the layout is tested without Qt.
Text is measured by callables the caller passes in (:class:`PrintFonts`), so the numbers match
whatever font the painter uses.
"""

import bisect
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from ipmp_desktop.core.layout.board_card import (
    Badge,
    BoardGeometry,
    CardBox,
    CardPlacer,
    Chip,
    Initials,
    PrintFonts,
)
from ipmp_desktop.core.layout.text_fit import wrap_text
from ipmp_desktop.core.services.board import (
    BoardCard,
    BoardData,
    Lane,
    LaneMode,
    lane_of,
    lanes,
)

__all__ = [
    "Badge",
    "BoardGeometry",
    "BoardPrintLayout",
    "CardBox",
    "Chip",
    "ColumnSlot",
    "Initials",
    "LaneBand",
    "PrintFonts",
    "layout_board_print",
    "print_cells",
]

Cell = tuple[str, int]
"""(lane key, column id)."""


@dataclass(frozen=True, slots=True)
class ColumnSlot:
    """A column across the body: its title strip is ``left``..``right``, its title and cards
    ``x0``..``x1`` (one card wide, or several when the cards flow across the sheet).

    ``count`` is what counts against the WIP limit (every card that is not archived, wherever it
    is printed); ``shown`` the cards printed in it on this sheet.
    """

    column_id: int
    name: str
    left: float
    right: float
    x0: float
    x1: float
    count: int
    shown: int
    wip_limit: int | None


@dataclass(frozen=True, slots=True)
class LaneBand:
    """A swimlane down the body, from ``y0`` to ``y1``; ``lines`` is its title wrapped."""

    key: str
    title: str
    lines: tuple[str, ...]
    y0: float
    y1: float
    count: int


@dataclass
class BoardPrintLayout:
    """A laid-out board: columns, lanes and cards, with the places a page may end.

    ``cards`` are in reading order (lane, card row, column), so their tops never decrease.
    """

    columns: list[ColumnSlot]
    lanes: list[LaneBand]
    cards: list[CardBox]
    width: float
    height: float
    x_positions: list[float]
    """Where the body may be cut across: the edges between columns."""
    y_positions: list[float]
    """Where the body may be cut down: lane edges and the gaps between card rows."""
    with_lanes: bool
    lane_width: float = 0.0
    """Width of the strip of lane names (0 without lanes)."""

    def __post_init__(self) -> None:
        self._bottoms = [card.y1 for card in self.cards]
        self._tops = [card.y0 for card in self.cards]

    def cards_in(self, y0: float, y1: float) -> list[CardBox]:
        """The cards that reach into body rows ``[y0, y1)``, in reading order."""
        first = bisect.bisect_right(self._bottoms, y0)
        last = bisect.bisect_left(self._tops, y1)
        return self.cards[first:last]

    def lanes_in(self, y0: float, y1: float) -> list[LaneBand]:
        """The lanes that reach into body rows ``[y0, y1)``."""
        return [lane for lane in self.lanes if lane.y1 > y0 and lane.y0 < y1]


def print_cells(
    board: BoardData, mode: LaneMode, *, only: Collection[int] | None = None
) -> dict[Cell, list[BoardCard]]:
    """The cards each cell (lane key, column id) prints, in rank order.

    Archived cards are left out; ``only`` (the view's filter or selection) limits the cards
    when given. With ``LaneMode.NONE`` every card is in lane "".
    """
    wanted = None if only is None else set(only)
    cells: dict[Cell, list[BoardCard]] = defaultdict(list)
    for column in board.columns:
        for task_id in board.order.get(column.id, []):
            card = board.cards[task_id]
            if card.archived or (wanted is not None and task_id not in wanted):
                continue
            key = lane_of(card, mode) if mode != LaneMode.NONE else ""
            cells[(key, column.id)].append(card)
    return cells


def layout_board_print(
    board: BoardData,
    mode: LaneMode,
    fonts: PrintFonts,
    *,
    today: date,
    only: Collection[int] | None = None,
    column_ids: Sequence[int] | None = None,
    lane_keys: Sequence[str] | None = None,
    drop_empty_lanes: bool = False,
    flow: int = 1,
    geometry: BoardGeometry | None = None,
) -> BoardPrintLayout:
    """Lay out a board (or part of one) for paper.

    Args:
        board: the loaded board.
        mode: what the swimlanes group by; ``LaneMode.NONE`` prints one lane without a name.
        fonts: measures of the printing fonts.
        today: the date due dates are judged against.
        only: print only these cards (None: all that are not archived).
        column_ids: print only these columns, in the board's order (None: all).
        lane_keys: print only these lanes (None: all the board shows for ``mode``).
        drop_empty_lanes: leave out lanes without a printed card (a sheet of one column).
        flow: lay the cards of a single printed column out in this many tracks across, row
            by row (left to right, then down), so a sheet of one long column fills the page
            like a handout instead of printing a narrow strip.
        geometry: sizes (None: :class:`BoardGeometry` defaults).

    Raises:
        ValueError: ``flow`` below 1, or above 1 with more than one column printed.
    """
    geometry = geometry or BoardGeometry()
    cells = print_cells(board, mode, only=only)
    columns = [c for c in board.columns if column_ids is None or c.id in column_ids]
    shown_lanes: list[Lane] = [
        lane for lane in lanes(board, mode) if lane_keys is None or lane.key in lane_keys
    ]
    if drop_empty_lanes:
        shown_lanes = [
            lane for lane in shown_lanes if any(cells.get((lane.key, c.id)) for c in columns)
        ]
    if flow < 1 or (flow > 1 and len(columns) != 1):
        raise ValueError("Cards flow across several tracks only on a sheet of one column.")
    with_lanes = mode != LaneMode.NONE
    placer = CardPlacer(fonts, geometry, today)
    pitch = geometry.pitch
    half_gap = geometry.column_gap / 2
    tracks = flow if flow > 1 else len(columns)  # card columns across the body
    slots = [
        ColumnSlot(
            column_id=column.id,
            name=column.name,
            left=n * pitch,
            right=(n + 1) * pitch if flow == 1 else flow * pitch,
            x0=n * pitch + half_gap,
            x1=(n + 1) * pitch - half_gap if flow == 1 else flow * pitch - half_gap,
            count=sum(1 for i in board.order.get(column.id, []) if not board.cards[i].archived),
            shown=sum(len(cells.get((lane.key, column.id), [])) for lane in shown_lanes),
            wip_limit=column.wip_limit,
        )
        for n, column in enumerate(columns)
    ]
    bands: list[LaneBand] = []
    boxes: list[CardBox] = []
    y_positions = [0.0]
    y = 0.0
    for lane_index, lane in enumerate(shown_lanes):
        lines = (
            wrap_text(lane.title, geometry.lane_width - 16, fonts.title, geometry.lane_lines)
            if with_lanes
            else []
        )
        stacks = [cells.get((lane.key, column.id), []) for column in columns]
        if flow > 1:  # row by row: the k-th track holds every flow-th card from the k-th on
            stacks = [stacks[0][k::flow] for k in range(flow)]
        depth = max((len(stack) for stack in stacks), default=0)
        top = y + geometry.lane_padding
        for row in range(depth):
            in_row = [
                (n, placer.measure(stack[row]))
                for n, stack in enumerate(stacks)
                if row < len(stack)
            ]
            height = max(content.height for _n, content in in_row)
            for n, content in in_row:
                box = (n * pitch + half_gap, top, (n + 1) * pitch - half_gap, top + height)
                column = n if flow == 1 else 0
                boxes.append(placer.place(content, column, lane_index, row, box))
            top += height + geometry.card_gap
            if row < depth - 1:
                y_positions.append(top - geometry.card_gap / 2)
        filled = top - geometry.card_gap + geometry.lane_padding if depth else y
        title_room = y + len(lines) * fonts.title_line + 2 * geometry.lane_padding
        bottom = max(filled, title_room, y + geometry.empty_lane)
        count = sum(len(stack) for stack in stacks)
        bands.append(LaneBand(lane.key, lane.title, tuple(lines), y, bottom, count))
        y = bottom
        y_positions.append(y)
    return BoardPrintLayout(
        columns=slots,
        lanes=bands,
        cards=boxes,
        width=tracks * pitch,
        height=y,
        x_positions=[n * pitch for n in range(tracks + 1)],
        y_positions=sorted(set(y_positions)),
        with_lanes=with_lanes,
        lane_width=geometry.lane_width if with_lanes else 0.0,
    )
