"""What a drag on the roadmap timeline would move, worked out while the mouse moves.

Shifting an item in time (``ShiftRoadmapItem``) or dragging the finish of an item without
subtasks (``UpdateTask(finish=...)``) moves more than the item: the reschedule that follows
moves every task linked after it, and with them other roadmap items, in other themes too. A
:class:`ShiftPreview` reads the item's project once, then for any number of days edits the rows
in memory the way the command would, runs the same forward pass the reschedule runs (and, where
items have target dates, the same critical path analysis ``load_roadmap`` runs for their risk)
and reports which roadmap items would move, by how much, and which would be at risk. Nothing is
written; the database is read only when the preview is made.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.commands.roadmap_shift import (
    LEAF_COLUMNS,
    day_text,
    item_leaves,
    refuse_fixed,
    shift_text,
    snap_start,
)
from ipmp_desktop.core.errors import CycleError, DomainError, NotFoundError
from ipmp_desktop.core.model import Task, TaskKind
from ipmp_desktop.core.scheduling.cpm import early_times, schedule
from ipmp_desktop.core.scheduling.stored import StoredPlan, plan_tasks
from ipmp_desktop.core.services.roadmap import RoadmapData, RoadmapItemRow
from ipmp_desktop.core.services.roadmap_risk import critical_leaves, risk_reason

_T = Task.__table__.c
# positions in a StoredPlan row (DATED_COLUMNS, then percent_complete)
_START, _FINISH, _DAYS, _MANUAL, _CTYPE, _CDATE = 3, 4, 5, 6, 7, 8


@dataclass(frozen=True, slots=True)
class ItemMove:
    """A roadmap item a drag would move: its dates now and after, its risk now and after."""

    task_id: int
    title: str
    theme_id: int | None
    start: date | None
    finish: date | None
    new_start: date
    new_finish: date
    was_at_risk: bool
    at_risk: bool

    @property
    def days(self) -> int:
        """Calendar days its start moves (its finish when it had no start)."""
        before = self.start or self.finish or self.new_start
        return (self.new_start - before).days

    @property
    def newly_at_risk(self) -> bool:
        """At risk after the move and not before it."""
        return self.at_risk and not self.was_at_risk


@dataclass(frozen=True)
class ShiftOutcome:
    """What one drag would do: ``moves`` holds every roadmap item whose dates change, the
    dragged one included; ``refusal`` is the sentence that says why the drop would be refused
    ("" when it would go through; then ``moves`` is empty)."""

    task_id: int
    moves: dict[int, ItemMove] = field(default_factory=dict)
    refusal: str = ""

    def others(self) -> list[ItemMove]:
        """The items moved besides the dragged one, earliest new start first."""
        found = [move for key, move in self.moves.items() if key != self.task_id]
        return sorted(found, key=lambda move: (move.new_start, move.task_id))

    def summary(self) -> str:
        """ "moves 4 other items (1 newly at risk)", "" when it moves no other item."""
        others = self.others()
        if not others:
            return ""
        risky = sum(move.newly_at_risk for move in others)
        text = f"moves {len(others)} other item{'s' if len(others) != 1 else ''}"
        return text + (f" ({risky} newly at risk)" if risky else "")


class ShiftPreview:
    """The project of one roadmap item, read once, to preview drags of that item.

    Args:
        session: read from here, only in the constructor.
        data: the roadmap the item is on (its items' dates and risk are "before").
        task_id: the item dragged.

    Raises:
        NotFoundError: the item is not on this roadmap.
    """

    def __init__(self, session: Session, data: RoadmapData, task_id: int) -> None:
        item = data.item(task_id)
        if item is None:
            raise NotFoundError(f"The item #{task_id} is not on this roadmap.")
        self.item: RoadmapItemRow = item
        self.stored = StoredPlan.load(session, item.project_id)
        self.calendar = self.stored.calendar
        self.plan = plan_tasks((row[:9] for row in self.stored.rows), self.calendar)
        self.position = {row[0]: n for n, row in enumerate(self.stored.rows)}
        self.parent = {row[0]: row[1] for row in self.stored.rows}
        self.parents = {row[1] for row in self.stored.rows if row[1] is not None}
        self.items = {i.id: i for i in data.items if i.project_id == item.project_id}
        self.targets = any(i.target_date is not None for i in self.items.values())
        leaf_ids = item_leaves(session, task_id)
        self.leaves = (
            session.execute(select(*LEAF_COLUMNS).where(_T.id.in_(leaf_ids))).all()
            if leaf_ids
            else []
        )
        self.titles = {i.id: i.title for i in self.items.values()}
        self.titles.update((leaf.id, leaf.title) for leaf in self.leaves)
        self._cache: dict[tuple[str, Any], ShiftOutcome] = {}

    # -- the two drags --

    def shift(self, days: int) -> ShiftOutcome:
        """What ``ShiftRoadmapItem(days=days)`` would do (0 days: nothing)."""
        key = ("shift", days)
        if key not in self._cache:
            self._cache[key] = self._shift(days) if days else ShiftOutcome(self.item.id)
        return self._cache[key]

    def resize(self, finish: date) -> ShiftOutcome:
        """What ``UpdateTask(finish=finish)`` on the item (one without subtasks) would do."""
        key = ("resize", finish)
        if key not in self._cache:
            self._cache[key] = self._resize(finish)
        return self._cache[key]

    def _shift(self, days: int) -> ShiftOutcome:
        item = self.item
        edits: dict[int, dict[int, Any]] = {}
        targets: dict[int, date] = {}
        if not self.leaves:
            row = self.stored.rows[self.position[item.id]]
            if row[_START] is None:
                return self._refused(f"“{item.title}” has no dates yet; give it a start first.")
            target = snap_start(self.calendar, row[_START], days)
            if row[_MANUAL]:
                edits[item.id] = {_START: target}
            else:
                edits[item.id] = {_CTYPE: "snet", _CDATE: target}
            targets[item.id] = target
        else:
            dated = [leaf for leaf in self.leaves if leaf.start is not None]
            if not dated:
                return self._refused(f"“{item.title}” has no dates yet; nothing to move.")
            calendar = self.calendar
            anchor = min(leaf.start for leaf in dated)
            offset = calendar.index(snap_start(calendar, anchor, days)) - calendar.index(anchor)
            for leaf in dated:
                try:
                    refuse_fixed(calendar, item, leaf, days, offset)
                except DomainError as error:
                    return self._refused(str(error))
                start = calendar.day(calendar.index(leaf.start) + offset)
                edits[leaf.id] = {_CTYPE: "snet", _CDATE: start}
                targets[leaf.id] = start
        return self._outcome(edits, targets, days)

    def _resize(self, finish: date) -> ShiftOutcome:
        item = self.item
        row = self.stored.rows[self.position[item.id]]
        if row[_START] is None or self.leaves or finish == row[_FINISH]:
            return ShiftOutcome(item.id)
        if finish < row[_START]:
            return self._refused(f"“{item.title}” cannot finish before it starts.")
        edit = {_DAYS: max(1, self.calendar.working_days(row[_START], finish))}
        if row[_MANUAL]:
            edit[_FINISH] = finish
        return self._outcome({item.id: edit}, {}, 0)

    def _refused(self, why: str) -> ShiftOutcome:
        return ShiftOutcome(self.item.id, refusal=why)

    # -- the passes on the edited plan --

    def _outcome(
        self, edits: dict[int, dict[int, Any]], targets: dict[int, date], days: int
    ) -> ShiftOutcome:
        """Schedule the plan with ``edits`` (row position -> value, per task), check that the
        ``targets`` (typed starts) are met, and compare the items' dates with the stored ones."""
        rows = list(self.stored.rows)
        plan = list(self.plan)
        for task_id, edit in edits.items():
            at = self.position[task_id]
            values = list(rows[at])
            for column, value in edit.items():
                values[column] = value
            rows[at] = tuple(values)
            plan[at] = plan_tasks([rows[at][:9]], self.calendar)[0]
        stored = self.stored
        critical: dict[int, tuple[int, int]] = {}
        try:  # one pass: the floats for the risk when items have targets, else dates only
            if self.targets:
                times = schedule(plan, stored.links, stored.start).times
                early = {task_id: (t.early_start, t.early_finish) for task_id, t in times.items()}
                critical = critical_leaves(times, self.parent, self.parents)
            else:
                early = early_times(plan, stored.links, stored.start)
        except CycleError as error:  # stored plans hold no cycle; say so rather than fail
            return self._refused(str(error))
        dates = StoredPlan(self.calendar, stored.start, rows, stored.links).dates(early)
        held = sorted(
            (target, task_id)
            for task_id, target in targets.items()
            if task_id in dates and dates[task_id][0] > target
        )
        if held:
            task_id = held[0][1]
            who = "it" if task_id == self.item.id else f"“{self.titles.get(task_id, '?')}”"
            landed = dates[task_id][0]
            return self._refused(
                f"“{self.item.title}” cannot move {shift_text(days)}: {who} could start on "
                f"{day_text(landed)} at the earliest."
            )
        for task_id in edits:  # a manual item keeps the dates typed into it
            row = rows[self.position[task_id]]
            if task_id not in dates and row[_START] is not None:
                duration = 0 if row[2] == TaskKind.MILESTONE else row[_DAYS]
                finish = row[_FINISH] if edits[task_id].get(_FINISH) else None
                dates[task_id] = (
                    row[_START],
                    finish or self.calendar.finish_for(row[_START], duration),
                    duration,
                )
        moves = {}
        for task_id, item in self.items.items():
            new = dates.get(task_id)
            if new is None or (new[0], new[1]) == (item.start, item.finish):
                continue
            reason = risk_reason(
                task_id, new[1], item.target_date, critical.get(task_id), self._title
            )
            moves[task_id] = ItemMove(
                task_id=task_id,
                title=item.title,
                theme_id=item.theme_id,
                start=item.start,
                finish=item.finish,
                new_start=new[0],
                new_finish=new[1],
                was_at_risk=item.at_risk,
                at_risk=bool(reason),
            )
        return ShiftOutcome(self.item.id, moves)

    def _title(self, task_id: int) -> str:
        return self.titles.get(task_id, "?")
