"""The board of a project as read models: columns, cards, swimlanes and filters.

Cards are tasks and milestones (summaries are the epics cards hang under, shown as lanes).
Everything a card shows is loaded in a handful of queries, so a 5,000-card board reads fast.
"""

import enum
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, Integer, cast, func, select
from sqlalchemy.orm import Session, aliased

from ipmp_desktop.core.model import (
    Assignment,
    BoardColumn,
    ChecklistItem,
    Comment,
    Dependency,
    Label,
    LaneWipLimit,
    Person,
    Priority,
    Task,
    task_labels,
)
from ipmp_desktop.core.services.queries import has_subtasks


class LaneMode(enum.StrEnum):
    """What the rows (swimlanes) of the board group cards by."""

    NONE = "none"
    ASSIGNEE = "assignee"
    LABEL = "label"
    PRIORITY = "priority"
    PARENT = "parent"


@dataclass(frozen=True, slots=True)
class CardLabel:
    """A label chip."""

    id: int
    name: str
    color: str


@dataclass(frozen=True, slots=True)
class CardPerson:
    """An assignee, shown by initials."""

    id: int
    name: str

    @property
    def initials(self) -> str:
        """Up to two capital letters: "Ada Lovelace" -> "AL"."""
        parts = [p for p in self.name.replace("-", " ").split() if p]
        if not parts:
            return "?"
        letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
        return letters.upper()


@dataclass(frozen=True, slots=True)
class BoardCard:
    """Everything a card shows."""

    id: int
    title: str
    kind: str
    column_id: int | None
    board_rank: str
    parent_id: int | None
    priority: int
    start: date | None
    finish: date | None
    percent_complete: int
    archived: bool
    column_entered_at: datetime
    labels: tuple[CardLabel, ...] = ()
    assignees: tuple[CardPerson, ...] = ()
    checklist_done: int = 0
    checklist_total: int = 0
    comment_count: int = 0
    blocked_by: int = 0

    @property
    def due(self) -> date | None:
        """The date the card is due: its finish."""
        return self.finish

    def age_days(self, now: datetime) -> int:
        """Whole days since the card entered its column."""
        return max(0, (now - self.column_entered_at).days)


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """A column as the board shows it."""

    id: int
    name: str
    position: int
    wip_limit: int | None
    category: str
    wip_policy: str


@dataclass(frozen=True, slots=True)
class Lane:
    """A swimlane: the key cards carry and its title."""

    key: str
    title: str


@dataclass
class BoardData:
    """A loaded board. ``order`` lists card ids per column id, in rank order."""

    project_id: int
    columns: list[ColumnInfo]
    cards: dict[int, BoardCard]
    order: dict[int, list[int]]
    labels: list[CardLabel] = field(default_factory=list)
    people: list[CardPerson] = field(default_factory=list)
    parents: dict[int, str] = field(default_factory=dict)
    lane_limits: dict[tuple[int, str, str], int] = field(default_factory=dict)

    def column(self, column_id: int) -> ColumnInfo:
        """The column with ``column_id``."""
        return next(c for c in self.columns if c.id == column_id)


HAS_SUBTASKS = has_subtasks()
"""``queries.has_subtasks()``, built once: building its alias again for every query took about
a millisecond, more than a one-card refresh spends in SQLite. Clause elements are immutable, so
every statement may share it (it correlates to the ``Task`` of the statement it is put in)."""

_PREDECESSOR = aliased(Task)


def _card_query(project_id: int | None, ids: list[int] | None, *, cards_only: bool = True):
    """Card fields of a project's or of some tasks' rows, in rank order; with ``cards_only``
    tasks that have subtasks are left out."""
    statement = select(
        Task.id,
        Task.title,
        Task.kind,
        Task.column_id,
        Task.board_rank,
        Task.parent_id,
        Task.priority,
        Task.start,
        Task.finish,
        Task.percent_complete,
        Task.archived,
        Task.column_entered_at,
    )
    if cards_only:
        statement = statement.where(~HAS_SUBTASKS)
    if project_id is not None:
        statement = statement.where(Task.project_id == project_id)
    if ids is not None:
        statement = statement.where(Task.id.in_(ids))
    return statement.order_by(Task.board_rank, Task.id)


def _extras(session: Session | Connection, scope) -> dict[str, dict[int, object]]:
    """Labels, people, checklist counts, comments and blockers of the tasks in ``scope``."""
    # one chip object per label and per person, shared by every card that shows it
    chips: dict[int, CardLabel] = {}
    labels: dict[int, list[CardLabel]] = defaultdict(list)
    for task_id, label_id, name, color in session.execute(
        select(task_labels.c.task_id, Label.id, Label.name, Label.color)
        .join(Label, Label.id == task_labels.c.label_id)
        .where(task_labels.c.task_id.in_(scope))
        .order_by(func.lower(Label.name), Label.id)
    ):
        chip = chips.get(label_id)
        if chip is None:
            chip = chips[label_id] = CardLabel(label_id, name, color)
        labels[task_id].append(chip)
    faces: dict[int, CardPerson] = {}
    people: dict[int, list[CardPerson]] = defaultdict(list)
    for task_id, person_id, name in session.execute(
        select(Assignment.task_id, Person.id, Person.name)
        .join(Person, Person.id == Assignment.person_id)
        .where(Assignment.task_id.in_(scope))
        .order_by(func.lower(Person.name), Person.id)
    ):
        face = faces.get(person_id)
        if face is None:
            face = faces[person_id] = CardPerson(person_id, name)
        people[task_id].append(face)
    checklists: dict[int, tuple[int, int]] = {}
    for task_id, done, total in session.execute(
        select(
            ChecklistItem.task_id,
            func.sum(cast(ChecklistItem.done, Integer)),
            func.count(ChecklistItem.id),
        )
        .where(ChecklistItem.task_id.in_(scope))
        .group_by(ChecklistItem.task_id)
    ):
        checklists[task_id] = (int(done or 0), int(total))
    comments = dict(
        session.execute(
            select(Comment.task_id, func.count(Comment.id))
            .where(Comment.task_id.in_(scope))
            .group_by(Comment.task_id)
        ).all()
    )
    predecessor = _PREDECESSOR
    blockers = dict(
        session.execute(
            select(Dependency.successor_id, func.count(Dependency.id))
            .join(predecessor, predecessor.id == Dependency.predecessor_id)
            .where(Dependency.successor_id.in_(scope), predecessor.percent_complete < 100)
            .group_by(Dependency.successor_id)
        ).all()
    )
    return {
        "labels": labels,
        "people": people,
        "checklists": checklists,
        "comments": comments,
        "blockers": blockers,
    }


def _cards(session: Session | Connection, rows, scope) -> dict[int, BoardCard]:
    extras = _extras(session, scope)
    labels, people = extras["labels"], extras["people"]
    checklists, comments, blockers = extras["checklists"], extras["comments"], extras["blockers"]
    cards: dict[int, BoardCard] = {}
    for row in rows:
        task_id = row[0]
        done, total = checklists.get(task_id, (0, 0))
        cards[task_id] = BoardCard(
            *row,
            labels=tuple(labels.get(task_id, ())),
            assignees=tuple(people.get(task_id, ())),
            checklist_done=done,
            checklist_total=total,
            comment_count=int(comments.get(task_id, 0)),
            blocked_by=int(blockers.get(task_id, 0)),
        )
    return cards


def load_board(session: Session, project_id: int) -> BoardData:
    """Columns and every card of a project (archived cards included, flagged)."""
    session.flush()
    # plain rows straight from the connection: the ORM's result handling of some 20,000
    # column rows cost more than reading them
    db = session.connection()
    columns = [
        ColumnInfo(*row)
        for row in db.execute(
            select(
                BoardColumn.id,
                BoardColumn.name,
                BoardColumn.position,
                BoardColumn.wip_limit,
                BoardColumn.category,
                BoardColumn.wip_policy,
            )
            .where(BoardColumn.project_id == project_id)
            .order_by(BoardColumn.position, BoardColumn.id)
        )
    ]
    # every task of the project in one plain query, parents told apart in Python: a
    # per-row "has subtasks" subquery cost more than the rows, and the lanes want the parents
    parent_ids = set(
        db.scalars(
            select(Task.parent_id)
            .where(Task.project_id == project_id, Task.parent_id.is_not(None))
            .distinct()
        )
    )
    tasks = db.execute(_card_query(project_id, None, cards_only=False)).all()
    rows = [row for row in tasks if row[0] not in parent_ids]
    scope = select(Task.id).where(Task.project_id == project_id)
    cards = _cards(db, rows, scope)
    order: dict[int, list[int]] = {column.id: [] for column in columns}
    for row in rows:
        if row.column_id in order:
            order[row.column_id].append(row.id)
    labels = [
        CardLabel(*row)
        for row in db.execute(
            select(Label.id, Label.name, Label.color)
            .where(Label.project_id == project_id)
            .order_by(func.lower(Label.name))
        )
    ]
    people = [
        CardPerson(*row)
        for row in db.execute(
            select(Person.id, Person.name).order_by(func.lower(Person.name), Person.id)
        )
    ]
    parents = dict(sorted((row.id, row.title) for row in tasks if row[0] in parent_ids))
    limits = {
        (column_id, mode, key): limit
        for column_id, mode, key, limit in db.execute(
            select(
                LaneWipLimit.column_id,
                LaneWipLimit.lane_mode,
                LaneWipLimit.lane_key,
                LaneWipLimit.wip_limit,
            ).where(LaneWipLimit.column_id.in_([c.id for c in columns]))
        )
    }
    return BoardData(project_id, columns, cards, order, labels, people, parents, limits)


def load_cards(session: Session, task_ids: list[int]) -> dict[int, BoardCard]:
    """Fresh cards for ``task_ids`` (ids that are gone or summaries are absent)."""
    found: dict[int, BoardCard] = {}
    for start in range(0, len(task_ids), 500):
        chunk = task_ids[start : start + 500]
        rows = session.execute(_card_query(None, chunk)).all()
        found.update(_cards(session, rows, chunk))
    return found


# -- swimlanes --


def lane_of(card: BoardCard, mode: LaneMode) -> str:
    """The key of the lane ``card`` sits in (its first assignee / label, priority, parent)."""
    match mode:
        case LaneMode.ASSIGNEE:
            return f"person:{card.assignees[0].id}" if card.assignees else "person:"
        case LaneMode.LABEL:
            return f"label:{card.labels[0].id}" if card.labels else "label:"
        case LaneMode.PRIORITY:
            return f"priority:{card.priority}"
        case LaneMode.PARENT:
            return f"parent:{card.parent_id}" if card.parent_id else "parent:"
    return ""


def lane_value(key: str) -> int | None:
    """The id or number in a lane key ("person:4" -> 4, "person:" -> None)."""
    _mode, _sep, value = key.partition(":")
    return int(value) if value else None


def lanes(board: BoardData, mode: LaneMode, *, include_archived: bool = False) -> list[Lane]:
    """The lanes to show for ``mode``, in display order.

    Priority lanes are all shown; person, label and parent lanes only when a card is in them
    (a board of 30 people should not show 25 empty rows). NONE gives one lane, key "".
    """
    if mode == LaneMode.NONE:
        return [Lane("", "")]
    if mode == LaneMode.PRIORITY:
        return [
            Lane(f"priority:{p.value}", p.name.capitalize() if p else "No priority")
            for p in sorted(Priority, reverse=True)
        ]
    present = {
        lane_of(card, mode)
        for card in board.cards.values()
        if include_archived or not card.archived
    }
    if mode == LaneMode.ASSIGNEE:
        found = [Lane(f"person:{p.id}", p.name) for p in board.people]
        empty = Lane("person:", "Unassigned")
    elif mode == LaneMode.LABEL:
        found = [Lane(f"label:{label.id}", label.name) for label in board.labels]
        empty = Lane("label:", "No label")
    else:
        ordered = sorted(board.parents.items(), key=lambda item: item[1].casefold())
        found = [Lane(f"parent:{task_id}", title) for task_id, title in ordered]
        empty = Lane("parent:", "No parent")
    return [lane for lane in [*found, empty] if lane.key in present]


# -- filters --


class DueFilter(enum.StrEnum):
    """Which due dates the filter keeps."""

    ANY = "any"
    OVERDUE = "overdue"
    THIS_WEEK = "week"
    NEXT_14_DAYS = "14d"
    NO_DATE = "none"


@dataclass(frozen=True)
class CardFilter:
    """What the filter bar asks for; the default keeps every card. Filters never write."""

    text: str = ""
    label_ids: frozenset[int] = frozenset()
    person_ids: frozenset[int] = frozenset()
    due: DueFilter = DueFilter.ANY
    blocked_only: bool = False
    show_archived: bool = False

    @property
    def active(self) -> bool:
        """Whether anything is filtered out besides archived cards."""
        return bool(
            self.text.strip()
            or self.label_ids
            or self.person_ids
            or self.due != DueFilter.ANY
            or self.blocked_only
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (for saved views)."""
        return {
            "text": self.text,
            "label_ids": sorted(self.label_ids),
            "person_ids": sorted(self.person_ids),
            "due": str(self.due),
            "blocked_only": self.blocked_only,
            "show_archived": self.show_archived,
        }


def card_matches(card: BoardCard, wanted: CardFilter, today: date) -> bool:
    """Whether ``card`` passes ``wanted`` on ``today``."""
    return card_matcher(wanted, today)(card)


def card_matcher(wanted: CardFilter, today: date) -> Callable[[BoardCard], bool]:
    """``card_matches`` for many cards: the filter is worked out once, and only the tests it
    asks for run per card (a keystroke tests every card of the board)."""
    show_archived = wanted.show_archived
    tests: list[Callable[[BoardCard], bool]] = []
    text = wanted.text.strip().casefold()
    if text:

        def has_text(card: BoardCard) -> bool:
            if text in card.title.casefold():
                return True
            return any(text in label.name.casefold() for label in card.labels)

        tests.append(has_text)
    label_ids = wanted.label_ids
    if label_ids:
        tests.append(lambda card: any(label.id in label_ids for label in card.labels))
    person_ids = wanted.person_ids
    if person_ids:
        tests.append(lambda card: any(person.id in person_ids for person in card.assignees))
    if wanted.blocked_only:
        tests.append(lambda card: bool(card.blocked_by))
    due = wanted.due
    if due != DueFilter.ANY:
        tests.append(lambda card: _due_matches(card, due, today))
    if len(tests) == 1:  # the usual case (typing a search): no loop over tests per card
        only = tests[0]
        return lambda card: (show_archived or not card.archived) and only(card)

    def matches(card: BoardCard) -> bool:
        if card.archived and not show_archived:
            return False
        return all(test(card) for test in tests)

    return matches


def narrows(before: CardFilter, after: CardFilter) -> bool:
    """Whether every card ``after`` keeps, ``before`` kept too: only the search text changed
    and it grew around the old text (typing on), so the cards it keeps can be picked from the
    ones shown before rather than from the whole board."""
    if replace(before, text=after.text) != after:
        return False
    return before.text.strip().casefold() in after.text.strip().casefold()


def _due_matches(card: BoardCard, due: DueFilter, today: date) -> bool:
    if due == DueFilter.ANY:
        return True
    if due == DueFilter.NO_DATE:
        return card.due is None
    if card.due is None:
        return False
    if due == DueFilter.OVERDUE:
        return card.due < today and card.percent_complete < 100
    if due == DueFilter.THIS_WEEK:
        week_end = today + timedelta(days=6 - today.weekday())
        return today <= card.due <= week_end
    return today <= card.due <= today + timedelta(days=14)
