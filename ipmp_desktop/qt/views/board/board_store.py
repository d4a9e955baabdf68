"""The board's data for the views: one loaded ``BoardData``, the filter and the lanes.

Qt-free in spirit (it only holds read models); the widgets ask it which card ids go in which
cell (lane x column) and tell it what ``Changes`` arrived.
"""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Dependency
from ipmp_desktop.core.services.board import (
    BoardCard,
    BoardData,
    CardFilter,
    Lane,
    LaneMode,
    card_matches,
    lane_of,
    lanes,
    load_board,
    load_cards,
)
from ipmp_desktop.core.services.changes import Area, Changes

Cell = tuple[str, int]
"""(lane key, column id)."""


class BoardStore:
    """Holds a project's board and answers "which cards are shown where"."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.project_id: int | None = None
        self.data: BoardData | None = None
        self.filter = CardFilter()
        self.lane_mode = LaneMode.NONE
        self.today = date.today()

    def load(self, project_id: int | None) -> None:
        """Read the whole board of ``project_id`` (None: empty)."""
        self.project_id = project_id
        if project_id is None:
            self.data = None
            return
        with self.workspace.reading() as session:
            self.data = load_board(session, project_id)

    def refresh(self, changes: Changes) -> set[int] | None:
        """Take ``changes`` in; return the column ids whose cells need redrawing.

        Returns None when the whole board must be rebuilt (columns changed, rows appeared or
        vanished) and an empty set when nothing shown changed.
        """
        data = self.data
        if data is None or self.project_id is None:
            return set()
        if Area.BOARD not in changes.areas:
            return set()
        if self.project_id in changes.structure or changes.labels or changes.people:
            self.load(self.project_id)
            return None
        ids = [t for t in changes.tasks if t in data.cards]
        if not ids:
            return set()
        with self.workspace.reading() as session:
            successors = list(
                session.scalars(
                    select(Dependency.successor_id).where(Dependency.predecessor_id.in_(ids))
                )
            )
            ids = sorted(set(ids) | {s for s in successors if s in data.cards})
            fresh = load_cards(session, ids)
        if len(fresh) != len(ids):
            self.load(self.project_id)
            return None
        columns: set[int] = set()
        for task_id, card in fresh.items():
            old = data.cards[task_id]
            columns |= {c for c in (old.column_id, card.column_id) if c is not None}
            data.cards[task_id] = card
        for column_id in columns:
            if column_id in data.order:
                data.order[column_id] = sorted(
                    (i for i, c in data.cards.items() if c.column_id == column_id),
                    key=lambda i: (data.cards[i].board_rank, i),
                )
        return columns

    # -- what is shown where --

    def lanes(self) -> list[Lane]:
        """The swimlanes to show."""
        if self.data is None:
            return []
        return lanes(self.data, self.lane_mode, include_archived=self.filter.show_archived)

    def visible(self, card: BoardCard) -> bool:
        """Whether the filter lets ``card`` through."""
        return card_matches(card, self.filter, self.today)

    def cell_ids(self, lane_key: str, column_id: int) -> list[int]:
        """Card ids shown in one cell, in rank order."""
        data = self.data
        if data is None:
            return []
        ids = data.order.get(column_id, [])
        cards = data.cards
        if self.lane_mode == LaneMode.NONE:
            return [i for i in ids if self.visible(cards[i])]
        return [
            i
            for i in ids
            if lane_of(cards[i], self.lane_mode) == lane_key and self.visible(cards[i])
        ]

    def column_count(self, column_id: int) -> int:
        """Cards counted against the column's WIP limit (not archived, filter ignored)."""
        data = self.data
        if data is None:
            return 0
        return sum(1 for i in data.order.get(column_id, []) if not data.cards[i].archived)

    def lane_count(self, lane_key: str, column_id: int) -> int:
        """Cards of one cell counted against a lane WIP limit."""
        data = self.data
        if data is None:
            return 0
        return sum(
            1
            for i in data.order.get(column_id, [])
            if not data.cards[i].archived and lane_of(data.cards[i], self.lane_mode) == lane_key
        )

    def lane_limit(self, lane_key: str, column_id: int) -> int | None:
        """The WIP limit of a column within a lane, if one is set."""
        if self.data is None or self.lane_mode == LaneMode.NONE:
            return None
        return self.data.lane_limits.get((column_id, str(self.lane_mode), lane_key))

    def shown_count(self, column_ids: Iterable[int]) -> int:
        """How many cards the filter shows in these columns."""
        data = self.data
        if data is None:
            return 0
        return sum(
            1 for c in column_ids for i in data.order.get(c, []) if self.visible(data.cards[i])
        )
