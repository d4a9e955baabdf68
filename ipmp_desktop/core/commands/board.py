"""Moving cards on the board, and archiving them.

A move writes each moved card's rank (and column); entering a *done* column sets percent
complete to 100 and the actual finish date, leaving one clears both, and a card that changes
column restarts its age. Dropping into another swimlane changes the field the lanes group by.
All of it is one command, so one undo step.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, func, select, update

from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.tagging import SetAssignees, SetTaskLabels
from ipmp_desktop.core.commands.tasks import MoveTaskInOutline, UpdateTask
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ConfirmationNeeded, ValidationError, WipLimitError
from ipmp_desktop.core.model import BoardColumn, ColumnCategory, Task, TaskKind, WipPolicy
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.ranking import rank_between
from ipmp_desktop.core.services.board import (
    HAS_SUBTASKS,
    LaneMode,
    lane_of,
    lane_value,
    load_cards,
)
from ipmp_desktop.core.services.changes import TASK_AREAS, Changes

_MOVED_FIELDS = (
    "column_id",
    "board_rank",
    "percent_complete",
    "actual_finish",
    "column_entered_at",
)


class MoveCards(Command):
    """Put cards, in the given order, into ``column_id`` right after card ``after_id``.

    Args:
        task_ids: the cards, in the order they should end up.
        column_id: the target column.
        after_id: the card (in the target column) they go below; None puts them at the top.
        lane_mode: how the board's lanes group cards; with ``lane_key`` the lane dropped on.
        lane_key: the target lane's key (see ``services.board.lane_of``).
        allow_over_limit: the user agreed to exceed a WIP limit whose policy is "ask".
        today: the date an entering-done card is finished (tests pass their own).

    Raises:
        WipLimitError: the target's WIP limit would be exceeded and its policy refuses.
        ConfirmationNeeded: it would be exceeded and the policy asks; ``retry`` is this move
            with ``allow_over_limit=True``.
    """

    label = "Move card"

    def __init__(
        self,
        *,
        task_ids: list[int],
        column_id: int,
        after_id: int | None = None,
        lane_mode: str = LaneMode.NONE,
        lane_key: str = "",
        allow_over_limit: bool = False,
        today: date | None = None,
    ) -> None:
        if not task_ids:
            raise ValidationError("Choose at least one card to move.")
        if after_id in task_ids:
            raise ValidationError("Cards cannot be placed after one of themselves.")
        self.task_ids = list(dict.fromkeys(task_ids))
        self.column_id = column_id
        self.after_id = after_id
        self.lane_mode = LaneMode(lane_mode)
        self.lane_key = lane_key
        self.allow_over_limit = allow_over_limit
        self.today = today
        self.old: dict[int, dict[str, Any]] = {}
        self.new: dict[int, dict[str, Any]] = {}
        self.lane_commands: list[Command] = []
        self.touched_columns: set[int] = set()

    @property
    def text(self) -> str:
        return "Move card" if len(self.task_ids) == 1 else f"Move {len(self.task_ids)} cards"

    def with_override(self) -> "MoveCards":
        """The same move, agreeing to exceed a WIP limit."""
        return MoveCards(
            task_ids=self.task_ids,
            column_id=self.column_id,
            after_id=self.after_id,
            lane_mode=self.lane_mode,
            lane_key=self.lane_key,
            allow_over_limit=True,
            today=self.today,
        )

    def do(self, uow: UnitOfWork) -> Changes:
        session = uow.session
        column = uow.get(BoardColumn, self.column_id, "column")
        tasks = [uow.get(Task, task_id, "card") for task_id in self.task_ids]
        for task in tasks:
            if task.project_id != column.project_id:
                raise ValidationError(f"“{task.title}” belongs to another project than the column.")
            if (
                task.kind == TaskKind.SUMMARY
                or session.execute(
                    select(
                        exists().where(
                            Task.project_id == task.project_id, Task.parent_id == task.id
                        )
                    )
                ).scalar()
            ):
                raise ValidationError(f"“{task.title}” has subtasks; only tasks without are cards.")
        self._check_wip(uow, column, tasks)
        ranks = self._ranks(uow, column)
        now = utcnow()
        today = self.today or date.today()
        categories = dict(
            session.execute(
                select(BoardColumn.id, BoardColumn.category).where(
                    BoardColumn.project_id == column.project_id
                )
            ).all()
        )
        for task, rank in zip(tasks, ranks, strict=True):
            self.old[task.id] = {name: getattr(task, name) for name in _MOVED_FIELDS}
            values: dict[str, Any] = {"board_rank": rank}
            if task.column_id != column.id:
                values |= {"column_id": column.id, "column_entered_at": now}
                values |= _status_for(categories.get(task.column_id), column.category, task, today)
            self.new[task.id] = {**self.old[task.id], **values}
            self.touched_columns |= {c for c in (task.column_id, column.id) if c is not None}
        self._write(uow, self.new)
        self.lane_commands = self._lane_commands(uow)
        for command in self.lane_commands:
            command.do(uow)
        return self._changes(column.project_id)

    def undo(self, uow: UnitOfWork) -> Changes:
        for command in reversed(self.lane_commands):
            command.undo(uow)
        self._write(uow, self.old)
        return self._changes(uow.get(BoardColumn, self.column_id, "column").project_id)

    def redo(self, uow: UnitOfWork) -> Changes:
        self._write(uow, self.new)
        for command in self.lane_commands:
            command.redo(uow)
        return self._changes(uow.get(BoardColumn, self.column_id, "column").project_id)

    # -- parts --

    def _check_wip(self, uow: UnitOfWork, column: BoardColumn, tasks: list[Task]) -> None:
        arriving = [t for t in tasks if t.column_id != column.id and not t.archived]
        if not arriving or self.allow_over_limit:
            return
        if column.wip_limit is not None:
            present = uow.session.execute(
                select(func.count(Task.id)).where(
                    Task.column_id == column.id,
                    Task.archived.is_(False),
                    ~HAS_SUBTASKS,
                )
            ).scalar_one()
            if present + len(arriving) > column.wip_limit:
                self._over_limit(column, f"“{column.name}” holds {present} of {column.wip_limit}")
        limit = self._lane_limit(uow, column)
        if limit is not None:
            in_lane = self._lane_count(uow, column)
            if in_lane + len(arriving) > limit:
                self._over_limit(column, f"“{column.name}” in this lane holds {in_lane} of {limit}")

    def _over_limit(self, column: BoardColumn, state: str) -> None:
        count = len(self.task_ids)
        what = "this card" if count == 1 else f"these {count} cards"
        if column.wip_policy == WipPolicy.REFUSE:
            raise WipLimitError(f"{state} cards allowed; it takes no more, so {what} stayed.")
        raise ConfirmationNeeded(
            f"{state} cards allowed. Move {what} there anyway?", retry=self.with_override()
        )

    def _lane_limit(self, uow: UnitOfWork, column: BoardColumn) -> int | None:
        if self.lane_mode == LaneMode.NONE:
            return None
        from ipmp_desktop.core.model import LaneWipLimit

        row = uow.session.get(LaneWipLimit, (column.id, str(self.lane_mode), self.lane_key))
        return row.wip_limit if row is not None else None

    def _lane_count(self, uow: UnitOfWork, column: BoardColumn) -> int:
        ids = list(
            uow.session.scalars(
                select(Task.id).where(Task.column_id == column.id, Task.archived.is_(False))
            )
        )
        cards = load_cards(uow.session, ids)
        return sum(1 for card in cards.values() if lane_of(card, self.lane_mode) == self.lane_key)

    def _ranks(self, uow: UnitOfWork, column: BoardColumn) -> list[str]:
        siblings = [
            (task_id, rank)
            for task_id, rank in uow.session.execute(
                select(Task.id, Task.board_rank)
                .where(Task.column_id == column.id)
                .order_by(Task.board_rank, Task.id)
            )
            if task_id not in self.task_ids
        ]
        index = 0
        if self.after_id is not None:
            positions = [task_id for task_id, _ in siblings]
            if self.after_id not in positions:
                raise ValidationError("The card to drop below is no longer in that column.")
            index = positions.index(self.after_id) + 1
        low = siblings[index - 1][1] if index > 0 else None
        high = siblings[index][1] if index < len(siblings) else None
        if low is not None and high is not None and low >= high:  # equal keys: append instead
            low, high = siblings[-1][1], None
        ranks = []
        for _ in self.task_ids:
            low = rank_between(low, high)
            ranks.append(low)
        return ranks

    def _write(self, uow: UnitOfWork, values: dict[int, dict[str, Any]]) -> None:
        for task_id, fields in values.items():
            uow.session.execute(update(Task).where(Task.id == task_id).values(**fields))
        uow.session.expire_all()

    def _lane_commands(self, uow: UnitOfWork) -> list[Command]:
        if self.lane_mode == LaneMode.NONE:
            return []
        cards = load_cards(uow.session, self.task_ids)
        target = lane_value(self.lane_key)
        commands: list[Command] = []
        for task_id in self.task_ids:
            card = cards.get(task_id)
            if card is None or lane_of(card, self.lane_mode) == self.lane_key:
                continue
            commands.append(self._lane_change(card, target))
        return commands

    def _lane_change(self, card: Any, target: int | None) -> Command:
        if self.lane_mode == LaneMode.ASSIGNEE:
            rest = [p.id for p in card.assignees[1:] if p.id != target]
            return SetAssignees(task_id=card.id, person_ids=([target] if target else []) + rest)
        if self.lane_mode == LaneMode.LABEL:
            rest = [label.id for label in card.labels[1:] if label.id != target]
            return SetTaskLabels(task_id=card.id, label_ids=([target] if target else []) + rest)
        if self.lane_mode == LaneMode.PRIORITY:
            return UpdateTask(task_id=card.id, priority=target or 0)
        return _MoveUnderParent(task_id=card.id, parent_id=target)

    def _changes(self, project_id: int) -> Changes:
        structure = (
            {project_id} if self.lane_mode == LaneMode.PARENT and self.lane_commands else set()
        )
        progressed = any(
            self.new[t].get("percent_complete") != self.old[t].get("percent_complete")
            for t in self.new
        )  # a card entering or leaving Done: its summaries' progress rolls up again
        return Changes(
            tasks=frozenset(self.task_ids),
            columns=frozenset(self.touched_columns),
            projects=frozenset({project_id}),
            structure=frozenset(structure),
            reschedule=frozenset(structure | ({project_id} if progressed else set())),
            areas=TASK_AREAS,
        )


class _MoveUnderParent(MoveTaskInOutline):
    """Make a card the last child of another summary (a drop into its lane)."""

    def __init__(self, *, task_id: int, parent_id: int | None) -> None:
        super().__init__(task_id=task_id, parent_id=parent_id, after_id=None)

    def resolve(self, uow: UnitOfWork, task: Task) -> None:
        from ipmp_desktop.core.commands.placement import sibling_ranks

        siblings = [
            s
            for s in sibling_ranks(uow.session, task.project_id, self.parent_id)
            if s[0] != task.id
        ]
        self.after_id = siblings[-1][0] if siblings else None


def _status_for(
    old_category: str | None, new_category: str, task: Task, today: date
) -> dict[str, Any]:
    """Percent complete and actual finish after a card changes column category."""
    if new_category == ColumnCategory.DONE and old_category != ColumnCategory.DONE:
        return {"percent_complete": 100, "actual_finish": today}
    if old_category == ColumnCategory.DONE and new_category != ColumnCategory.DONE:
        return {"percent_complete": 0, "actual_finish": None}
    return {}


class ArchiveTasks(Command):
    """Archive cards (hidden from the board, kept everywhere else) or bring them back."""

    def __init__(self, *, task_ids: list[int], archived: bool = True) -> None:
        if not task_ids:
            raise ValidationError("Choose at least one card.")
        self.task_ids = list(dict.fromkeys(task_ids))
        self.archived = archived
        self.old: dict[int, tuple[bool, datetime]] = {}
        self.now: datetime | None = None
        self.project_id: int | None = None

    @property
    def text(self) -> str:
        verb = "Archive" if self.archived else "Restore"
        count = len(self.task_ids)
        return f"{verb} card" if count == 1 else f"{verb} {count} cards"

    def do(self, uow: UnitOfWork) -> Changes:
        self.now = utcnow()
        for task_id in self.task_ids:
            task = uow.get(Task, task_id, "card")
            self.project_id = task.project_id
            self.old[task_id] = (task.archived, task.updated_at)
        return self.redo(uow)

    def redo(self, uow: UnitOfWork) -> Changes:
        for task_id in self.task_ids:
            uow.session.execute(
                update(Task)
                .where(Task.id == task_id)
                .values(archived=self.archived, updated_at=self.now)
            )
        return self._changes()

    def undo(self, uow: UnitOfWork) -> Changes:
        for task_id, (archived, updated) in self.old.items():
            uow.session.execute(
                update(Task).where(Task.id == task_id).values(archived=archived, updated_at=updated)
            )
        return self._changes()

    def _changes(self) -> Changes:
        assert self.project_id is not None
        return Changes(
            tasks=frozenset(self.task_ids), projects=frozenset({self.project_id}), areas=TASK_AREAS
        )
