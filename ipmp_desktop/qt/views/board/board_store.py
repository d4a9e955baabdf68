"""The board's data for the views: one loaded ``BoardData``, the filter and the lanes.

Qt-free in spirit (it only holds read models); the widgets ask it which card ids go in which
cell (lane x column) and tell it what ``Changes`` arrived.
"""

from bisect import insort
from collections.abc import Callable, Iterable
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
    card_matcher,
    lane_of,
    lanes,
    load_board,
    load_cards,
    narrows,
)
from ipmp_desktop.core.services.changes import Area, Changes

Cell = tuple[str, int]
"""(lane key, column id)."""


class BoardStore:
    """Holds a project's board and answers "which cards are shown where".

    What the filter shows is remembered per column (and forgotten when the filter, the date,
    the board or a column's cards change), so a drop or a keystroke does not test every card
    of the board again for each header and cell.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.project_id: int | None = None
        self.data: BoardData | None = None
        self._filter = CardFilter()
        self.lane_mode = LaneMode.NONE
        self.today = date.today()
        self._shown: dict[int, list[int]] = {}  # column id -> ids the filter shows, in order
        self._shown_on = self.today  # the date ``_shown`` was worked out for
        self._counted: dict[int, int] = {}  # column id -> cards counted against its WIP limit
        self._matcher: tuple[CardFilter, date, Callable[[BoardCard], bool]] | None = None

    @property
    def filter(self) -> CardFilter:
        """What the filter bar asks for. Setting it forgets what was shown, unless the search
        only grew (typing on): then the shown cards are picked from those shown before."""
        return self._filter

    @filter.setter
    def filter(self, card_filter: CardFilter) -> None:
        before, self._filter = self._filter, card_filter
        if self.data is None or self._shown_on != self.today or not narrows(before, card_filter):
            self._shown.clear()
            return
        matches = self._matches()
        cards = self.data.cards
        self._shown = {
            column_id: [i for i in shown if matches(cards[i])]
            for column_id, shown in self._shown.items()
        }

    def load(self, project_id: int | None) -> None:
        """Read the whole board of ``project_id`` (None: empty)."""
        self.project_id = project_id
        self._shown.clear()
        self._counted.clear()
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
            self._take_out(task_id, old)
        for task_id, card in fresh.items():
            data.cards[task_id] = card
        # every card has its fresh rank before any goes back in: bisect needs sorted lists
        for task_id, card in fresh.items():
            self._put_in(task_id, card)
        return columns

    def _take_out(self, task_id: int, card: BoardCard) -> None:
        """Remove a card from its column's order, counts and shown ids (it is about to change)."""
        column_id = card.column_id
        if self.data is None or column_id is None or column_id not in self.data.order:
            return
        try:
            self.data.order[column_id].remove(task_id)
        except ValueError:
            return  # it was not placed, so neither counted nor shown
        if column_id in self._counted and not card.archived:
            self._counted[column_id] -= 1
        shown = self._shown.get(column_id)
        if shown is not None and task_id in shown:
            shown.remove(task_id)

    def _put_in(self, task_id: int, card: BoardCard) -> None:
        """Put a fresh card into its column's order, counts and (if it passes) shown ids."""
        column_id = card.column_id
        if self.data is None or column_id is None or column_id not in self.data.order:
            return
        insort(self.data.order[column_id], task_id, key=self._rank_key)
        if column_id in self._counted and not card.archived:
            self._counted[column_id] += 1
        shown = self._shown.get(column_id)
        if shown is not None and self._matches(self._shown_on)(card):
            insort(shown, task_id, key=self._rank_key)

    def _rank_key(self, task_id: int) -> tuple[str, int]:
        assert self.data is not None
        return self.data.cards[task_id].board_rank, task_id

    # -- what is shown where --

    def lanes(self) -> list[Lane]:
        """The swimlanes to show."""
        if self.data is None:
            return []
        return lanes(self.data, self.lane_mode, include_archived=self.filter.show_archived)

    def visible(self, card: BoardCard) -> bool:
        """Whether the filter lets ``card`` through."""
        return self._matches()(card)

    def _matches(self, today: date | None = None) -> Callable[[BoardCard], bool]:
        """The filter's test of a card on ``today`` (default: the store's date), made once."""
        today = self.today if today is None else today
        made = self._matcher
        if made is None or made[0] != self.filter or made[1] != today:
            made = self._matcher = (self.filter, today, card_matcher(self.filter, today))
        return made[2]

    def _shown_ids(self, column_id: int) -> list[int]:
        """Ids of a column the filter shows, in rank order (remembered; do not modify)."""
        data = self.data
        if data is None:
            return []
        if self._shown_on != self.today:
            self._shown.clear()
            self._shown_on = self.today
        shown = self._shown.get(column_id)
        if shown is None:
            matches = self._matches()
            cards = data.cards
            shown = [i for i in data.order.get(column_id, []) if matches(cards[i])]
            self._shown[column_id] = shown
        return shown

    def cell_ids(self, lane_key: str, column_id: int) -> list[int]:
        """Card ids shown in one cell, in rank order."""
        data = self.data
        if data is None:
            return []
        shown = self._shown_ids(column_id)
        if self.lane_mode == LaneMode.NONE:
            return list(shown)
        cards, mode = data.cards, self.lane_mode
        return [i for i in shown if lane_of(cards[i], mode) == lane_key]

    def column_count(self, column_id: int) -> int:
        """Cards counted against the column's WIP limit (not archived, filter ignored)."""
        data = self.data
        if data is None:
            return 0
        count = self._counted.get(column_id)
        if count is None:
            cards = data.cards
            count = sum(1 for i in data.order.get(column_id, []) if not cards[i].archived)
            self._counted[column_id] = count
        return count

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
        if self.data is None:
            return 0
        return sum(len(self._shown_ids(c)) for c in column_ids)
