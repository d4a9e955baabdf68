"""Board column commands: add, edit, reorder, delete (moving its cards), lane WIP limits."""

from typing import Any

from sqlalchemy import select, update

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.board import MoveCards
from ipmp_desktop.core.commands.patterns import EditFieldsCommand
from ipmp_desktop.core.db.snapshot import Snapshot, remove, restore, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import BoardColumn, LaneWipLimit, Project, Task, WipPolicy
from ipmp_desktop.core.services.changes import TASK_AREAS, Area, Changes

_BOARD = frozenset({Area.BOARD, Area.OUTLINE})
# Column commands report the project in ``structure``: the board's layout changed, so views
# rebuild it rather than patch single cards.


def _positions(uow: UnitOfWork, project_id: int) -> list[int]:
    return list(
        uow.session.scalars(
            select(BoardColumn.id)
            .where(BoardColumn.project_id == project_id)
            .order_by(BoardColumn.position, BoardColumn.id)
        )
    )


def _write_positions(uow: UnitOfWork, order: list[int]) -> None:
    for position, column_id in enumerate(order):
        uow.session.execute(
            update(BoardColumn).where(BoardColumn.id == column_id).values(position=position)
        )


def _wip_limit(value: Any) -> int | None:
    if value is None or value == 0:
        return None
    return validate.int_range(value, what="WIP limit", low=1, high=10_000)


class AddColumn(Command):
    """A new column at ``index`` (0 = leftmost; None = rightmost)."""

    label = "Add column"

    def __init__(
        self,
        *,
        project_id: int,
        name: str,
        category: str = "todo",
        wip_limit: int | None = None,
        index: int | None = None,
    ) -> None:
        self.project_id = project_id
        self.name = name
        self.category = category
        self.wip_limit = wip_limit
        self.index = index
        self.column_id: int | None = None
        self.snapshot = Snapshot()
        self.old_order: list[int] = []
        self.new_order: list[int] = []

    def do(self, uow: UnitOfWork) -> Changes:
        uow.get(Project, self.project_id, "project")
        name = validate.title(self.name, what="column name", limit=100)
        column = BoardColumn(
            project_id=self.project_id,
            name=name,
            position=10_000,
            wip_limit=_wip_limit(self.wip_limit),
            category=validate.column_category(self.category),
            wip_policy=WipPolicy.ASK,
        )
        self.old_order = _positions(uow, self.project_id)
        uow.session.add(column)
        uow.session.flush()
        self.column_id = column.id
        index = (
            len(self.old_order)
            if self.index is None
            else max(0, min(self.index, len(self.old_order)))
        )
        self.new_order = [*self.old_order[:index], column.id, *self.old_order[index:]]
        _write_positions(uow, self.new_order)
        self.snapshot.add(
            BoardColumn.__table__,
            rows_where(uow.session, BoardColumn.__table__, BoardColumn.id == column.id),
        )
        return self._changes()

    def undo(self, uow: UnitOfWork) -> Changes:
        remove(uow.session, self.snapshot)
        _write_positions(uow, self.old_order)
        return self._changes()

    def redo(self, uow: UnitOfWork) -> Changes:
        restore(uow.session, self.snapshot)
        _write_positions(uow, self.new_order)
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(
            columns=frozenset(self.new_order),
            projects=frozenset({self.project_id}),
            structure=frozenset({self.project_id}),
            areas=_BOARD,
        )


class UpdateColumn(EditFieldsCommand):
    """Rename a column or change its WIP limit, category or over-limit policy."""

    label = "Edit column"
    entity = BoardColumn
    noun = "column"

    def __init__(self, *, column_id: int, **values: Any) -> None:
        unknown = set(values) - {"name", "wip_limit", "category", "wip_policy"}
        if unknown:
            raise ValidationError(f"A column has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(column_id, values)

    @property
    def text(self) -> str:
        return "Rename column" if set(self.requested) == {"name"} else self.label

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        cleaned: dict[str, Any] = {}
        for name, value in values.items():
            if name == "name":
                cleaned[name] = validate.title(value, what="column name", limit=100)
            elif name == "wip_limit":
                cleaned[name] = _wip_limit(value)
            elif name == "category":
                cleaned[name] = validate.column_category(value)
            else:
                cleaned[name] = str(validate.choice(value, WipPolicy, what="WIP policy"))
        return cleaned

    def changes_for(self, row: Any) -> Changes:
        return Changes(
            columns=frozenset({row.id}),
            projects=frozenset({row.project_id}),
            structure=frozenset({row.project_id}),
            areas=_BOARD,
        )


class MoveColumn(Command):
    """Put a column at ``index`` among the project's columns (a header drag)."""

    label = "Move column"

    def __init__(self, *, column_id: int, index: int) -> None:
        self.column_id = column_id
        self.index = index
        self.project_id: int | None = None
        self.old_order: list[int] = []
        self.new_order: list[int] = []

    def do(self, uow: UnitOfWork) -> Changes:
        column = uow.get(BoardColumn, self.column_id, "column")
        self.project_id = column.project_id
        self.old_order = _positions(uow, column.project_id)
        rest = [c for c in self.old_order if c != column.id]
        index = max(0, min(self.index, len(rest)))
        self.new_order = [*rest[:index], column.id, *rest[index:]]
        if self.new_order == self.old_order:
            raise ValidationError(f"“{column.name}” is already there.")
        return self.redo(uow)

    def undo(self, uow: UnitOfWork) -> Changes:
        _write_positions(uow, self.old_order)
        return self._changes()

    def redo(self, uow: UnitOfWork) -> Changes:
        _write_positions(uow, self.new_order)
        return self._changes()

    def _changes(self) -> Changes:
        assert self.project_id is not None
        return Changes(
            columns=frozenset(self.old_order),
            projects=frozenset({self.project_id}),
            structure=frozenset({self.project_id}),
            areas=_BOARD,
        )


class DeleteColumn(Command):
    """Delete a column; its cards go to the bottom of ``move_cards_to`` (required if any)."""

    label = "Delete column"

    def __init__(self, *, column_id: int, move_cards_to: int | None = None) -> None:
        self.column_id = column_id
        self.move_cards_to = move_cards_to
        self.project_id: int | None = None
        self.move: MoveCards | None = None
        self.snapshot = Snapshot()
        self.old_order: list[int] = []

    def do(self, uow: UnitOfWork) -> Changes:
        session = uow.session
        column = uow.get(BoardColumn, self.column_id, "column")
        self.project_id = column.project_id
        self.old_order = _positions(uow, column.project_id)
        if len(self.old_order) == 1:
            raise ValidationError("A board needs at least one column; add another first.")
        cards = list(
            session.scalars(
                select(Task.id).where(Task.column_id == column.id).order_by(Task.board_rank)
            )
        )
        if cards:
            if self.move_cards_to is None or self.move_cards_to == column.id:
                raise ValidationError(f"Choose where the {len(cards)} cards of “{column.name}” go.")
            target = uow.get(BoardColumn, self.move_cards_to, "column")
            if target.project_id != column.project_id:
                raise ValidationError("The cards must go to a column of the same project.")
            last = session.scalars(
                select(Task.id)
                .where(Task.column_id == target.id)
                .order_by(Task.board_rank.desc(), Task.id.desc())
            ).first()
            self.move = MoveCards(
                task_ids=cards, column_id=target.id, after_id=last, allow_over_limit=True
            )
            self.move.do(uow)
        self.snapshot = Snapshot()
        self.snapshot.add(
            BoardColumn.__table__,
            rows_where(session, BoardColumn.__table__, BoardColumn.id == column.id),
        )
        self.snapshot.add(
            LaneWipLimit.__table__,
            rows_where(session, LaneWipLimit.__table__, LaneWipLimit.column_id == column.id),
        )
        remove(session, self.snapshot)
        _write_positions(uow, [c for c in self.old_order if c != self.column_id])
        return self._changes()

    def undo(self, uow: UnitOfWork) -> Changes:
        restore(uow.session, self.snapshot)
        _write_positions(uow, self.old_order)
        if self.move is not None:
            self.move.undo(uow)
        return self._changes()

    def redo(self, uow: UnitOfWork) -> Changes:
        if self.move is not None:
            self.move.redo(uow)
        remove(uow.session, self.snapshot)
        _write_positions(uow, [c for c in self.old_order if c != self.column_id])
        return self._changes()

    def _changes(self) -> Changes:
        assert self.project_id is not None
        moved = frozenset(self.move.task_ids) if self.move else frozenset()
        return Changes(
            columns=frozenset(self.old_order),
            tasks=moved,
            projects=frozenset({self.project_id}),
            structure=frozenset({self.project_id}),
            areas=TASK_AREAS,
        )


class SetLaneWipLimit(Command):
    """Set (or clear, with None) the WIP limit of a column within one swimlane."""

    label = "Set lane WIP limit"

    def __init__(
        self, *, column_id: int, lane_mode: str, lane_key: str, wip_limit: int | None
    ) -> None:
        self.column_id = column_id
        self.lane_mode = lane_mode
        self.lane_key = lane_key
        self.wip_limit = wip_limit
        self.old: int | None = None
        self.new: int | None = None
        self.project_id: int | None = None

    def do(self, uow: UnitOfWork) -> Changes:
        column = uow.get(BoardColumn, self.column_id, "column")
        self.project_id = column.project_id
        if self.lane_mode in ("", "none"):
            raise ValidationError("Lane WIP limits need swimlanes; set the column's limit instead.")
        self.new = _wip_limit(self.wip_limit)
        row = uow.session.get(LaneWipLimit, (self.column_id, self.lane_mode, self.lane_key))
        self.old = row.wip_limit if row is not None else None
        return self._set(uow, self.new)

    def undo(self, uow: UnitOfWork) -> Changes:
        return self._set(uow, self.old)

    def redo(self, uow: UnitOfWork) -> Changes:
        return self._set(uow, self.new)

    def _set(self, uow: UnitOfWork, limit: int | None) -> Changes:
        key = (self.column_id, self.lane_mode, self.lane_key)
        row = uow.session.get(LaneWipLimit, key)
        if limit is None:
            if row is not None:
                uow.session.delete(row)
        elif row is None:
            uow.session.add(
                LaneWipLimit(
                    column_id=self.column_id,
                    lane_mode=self.lane_mode,
                    lane_key=self.lane_key,
                    wip_limit=limit,
                )
            )
        else:
            row.wip_limit = limit
        uow.session.flush()
        assert self.project_id is not None
        return Changes(
            columns=frozenset({self.column_id}),
            projects=frozenset({self.project_id}),
            structure=frozenset({self.project_id}),
            areas=_BOARD,
        )
