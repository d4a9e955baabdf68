"""Shift a roadmap item in time: a bar dragged along the roadmap's time axis.

An item without children is one task: its start is typed like ``UpdateTask(start=...)``. An
item with children moves its delivery work: every leaf below it gets a typed start (a "start no
earlier than" constraint), shifted by the working days that move the item's start by ``days``
calendar days. Shifting each leaf by the same number of *working* days keeps the links inside
the item met (a calendar-day shift would move a Friday task less than a Thursday one).

The reschedule that follows is the runner's, in the same undo step. Before returning, ``do``
runs the forward pass once on the edited (uncommitted) plan to see where the leaves land; if a
predecessor or the project start holds one back, the item could not move as asked and the
command refuses, naming what holds it, so nothing is written.
"""

from datetime import date
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.placement import ancestors, descendants
from ipmp_desktop.core.commands.tasks import UpdateTask
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import DomainError, ValidationError
from ipmp_desktop.core.model import Dependency, Project, Task, TaskKind
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.scheduling.service import compute_dates, project_calendar
from ipmp_desktop.core.services.changes import TASK_AREAS, Changes

_T = Task.__table__.c
LEAF_COLUMNS = (  # what refuse_fixed and the shift read of a leaf
    _T.id,
    _T.title,
    _T.kind,
    _T.start,
    _T.finish,
    _T.duration_days,
    _T.manual,
    _T.constraint_type,
    _T.constraint_date,
    _T.updated_at,
)
_WRITTEN = ("start", "finish", "constraint_type", "constraint_date", "updated_at")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: date) -> str:
    """A date as people read it in a message: "12 May 2026" (the same in every locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


class ShiftRoadmapItem(Command):
    """Move a roadmap item ``days`` calendar days later (negative: earlier), with its children.

    Raises:
        NotFoundError: the task is gone.
        ValidationError: ``days`` is 0 or out of range, or the item has no dates.
        DomainError: a child is scheduled manually, a child's must-start-on or
            finish-no-later-than date would be broken, or a predecessor (or the project start)
            holds the item back; the message names the task and the reason.
    """

    label = "Move roadmap item in time"

    def __init__(self, *, task_id: int, days: int) -> None:
        self.task_id = task_id
        self.days = days
        self.project_id: int | None = None
        self.single: UpdateTask | None = None
        self.old: dict[int, dict[str, Any]] = {}
        self.new: dict[int, dict[str, Any]] = {}

    def do(self, uow: UnitOfWork) -> Changes:
        session = uow.session
        item = uow.get(Task, self.task_id, "task")
        days = validate.int_range(self.days, what="shift", low=-36_500, high=36_500)
        if days == 0:
            raise ValidationError("Move the item by at least one day.")
        self.project_id = item.project_id
        calendar = project_calendar(session, item.project_id)
        leaf_ids = item_leaves(session, item.id)
        if not leaf_ids:
            if item.start is None:
                raise ValidationError(f"“{item.title}” has no dates yet; give it a start first.")
            target = snap_start(calendar, item.start, days)
            self.single = UpdateTask(task_id=item.id, start=target)
            changes = self.single.do(uow)
            _check_landing(session, calendar, item, days, {item.id: (item.title, target)})
            return changes
        leaves = session.execute(select(*LEAF_COLUMNS).where(_T.id.in_(leaf_ids))).all()
        dated = [leaf for leaf in leaves if leaf.start is not None]
        if not dated:
            raise ValidationError(f"“{item.title}” has no dates yet; nothing to move.")
        anchor = min(leaf.start for leaf in dated)
        offset = calendar.index(snap_start(calendar, anchor, days)) - calendar.index(anchor)
        now = utcnow()
        for leaf in dated:
            refuse_fixed(calendar, item, leaf, days, offset)
            start = calendar.day(calendar.index(leaf.start) + offset)
            finish = start if leaf.kind == TaskKind.MILESTONE else leaf.finish
            self.old[leaf.id] = {
                "start": leaf.start,
                "finish": leaf.finish,
                "constraint_type": leaf.constraint_type,
                "constraint_date": leaf.constraint_date,
                "updated_at": leaf.updated_at,
            }
            self.new[leaf.id] = dict(
                zip(_WRITTEN, (start, finish, "snet", start, now), strict=True)
            )
        self._write(session, self.new)
        targets = {leaf.id: (leaf.title, self.new[leaf.id]["start"]) for leaf in dated}
        _check_landing(session, calendar, item, days, targets)
        return self._changes()

    def undo(self, uow: UnitOfWork) -> Changes:
        if self.single is not None:
            return self.single.undo(uow)
        self._write(uow.session, self.old)
        return self._changes()

    def redo(self, uow: UnitOfWork) -> Changes:
        if self.single is not None:
            return self.single.redo(uow)
        self._write(uow.session, self.new)
        return self._changes()

    @staticmethod
    def _write(session: Session, values: dict[int, dict[str, Any]]) -> None:
        session.flush()
        params = [
            {"row_id": task_id, **{f"v_{name}": row[name] for name in _WRITTEN}}
            for task_id, row in values.items()
        ]
        statement = (
            update(Task.__table__)
            .where(_T.id == bindparam("row_id"))
            .values({name: bindparam(f"v_{name}") for name in _WRITTEN})
        )
        session.connection().execute(statement, params)
        session.expire_all()

    def _changes(self) -> Changes:
        assert self.project_id is not None
        return Changes(
            tasks=frozenset({self.task_id, *self.new}),
            projects=frozenset({self.project_id}),
            reschedule=frozenset({self.project_id}),
            areas=TASK_AREAS,
        )


def item_leaves(session: Session, item_id: int) -> list[int]:
    """The tasks without children below ``item_id`` (empty when it has no children)."""
    below = descendants(session, [item_id])[1:]
    if not below:
        return []
    parents = set()
    for chunk in range(0, len(below), 500):
        parents.update(
            session.scalars(
                select(_T.parent_id).where(_T.parent_id.in_(below[chunk : chunk + 500])).distinct()
            )
        )
    return [task_id for task_id in below if task_id not in parents]


def snap_start(calendar: WorkCalendar, start: date, days: int) -> date:
    """``start`` moved by ``days`` calendar days onto a working day, in the direction of the
    move (a drag to the left never lands to the right of where it was let go)."""
    moved = date.fromordinal(start.toordinal() + days)
    return calendar.next_working(moved) if days > 0 else calendar.previous_working(moved)


def shift_text(days: int) -> str:
    """ "3 days later", "1 day earlier": a shift as a message says it."""
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {'later' if days > 0 else 'earlier'}"


def refuse_fixed(calendar: WorkCalendar, item: Any, leaf: Any, days: int, offset: int) -> None:
    """Refuse moving a leaf whose dates the user fixed: manual, must-start-on, or a
    finish-no-later-than date the shifted finish would pass."""
    why = ""
    if leaf.manual:
        why = f"“{leaf.title}” is scheduled manually; switch it to automatic scheduling first."
    elif leaf.constraint_type == "mso" and leaf.constraint_date is not None:
        why = f"“{leaf.title}” must start on {day_text(leaf.constraint_date)}."
    elif leaf.constraint_type == "fnlt" and leaf.constraint_date is not None:
        end = leaf.finish or leaf.start
        finish = calendar.day(calendar.index(end) + offset)
        if finish > leaf.constraint_date:
            why = (
                f"“{leaf.title}” must finish no later than {day_text(leaf.constraint_date)} "
                f"and would finish on {day_text(finish)}."
            )
    if why:
        raise DomainError(f"“{item.title}” cannot move {shift_text(days)}: {why}")


def _check_landing(
    session: Session,
    calendar: WorkCalendar,
    item: Task,
    days: int,
    targets: dict[int, tuple[str, date]],
) -> None:
    """Run the forward pass on the edited plan; refuse when a shifted task starts later than
    its typed start, naming what holds it back."""
    dates = compute_dates(session, item.project_id)
    held = [
        (target, task_id, title)
        for task_id, (title, target) in targets.items()
        if task_id in dates and dates[task_id]["start"] > target
    ]
    if not held:
        return
    _target, task_id, title = min(held)
    landed = dates[task_id]["start"]
    who = "it" if task_id == item.id else f"“{title}”"
    reason = _holder(session, calendar, dates, item.project_id, task_id, landed)
    raise DomainError(
        f"“{item.title}” cannot move {shift_text(days)}: {who} {reason} and could start "
        f"on {day_text(landed)} at the earliest."
    )


def _holder(
    session: Session,
    calendar: WorkCalendar,
    dates: dict[int, dict[str, Any]],
    project_id: int,
    task_id: int,
    landed: date,
) -> str:
    """What keeps ``task_id`` from starting before ``landed``: the link (into it or into a
    summary above it) that binds hardest, or the project start."""
    chain = ancestors(session, task_id)
    links = session.execute(
        select(Dependency.predecessor_id, Dependency.type, Dependency.lag_days).where(
            Dependency.successor_id.in_(chain)
        )
    ).all()
    duration = dates[task_id]["duration_days"]
    best: tuple[int, int] | None = None
    for pred, kind, lag in links:
        span = dates.get(pred) or _stored_span(session, pred)
        if span is None or span["start"] is None:
            continue
        first = calendar.index(span["start"])
        after = first + span["duration_days"]  # the working day after the predecessor
        bound = {"FS": after, "SS": first, "FF": after - duration, "SF": first - duration}
        value = bound.get(kind, after) + lag
        if best is None or value > best[0]:
            best = (value, pred)
    if best is not None and best[0] >= calendar.index(landed):
        title = session.scalar(select(Task.title).where(Task.id == best[1]))
        return f"has to wait for “{title}”"
    project_start = session.scalar(select(Project.start).where(Project.id == project_id))
    if project_start is not None and calendar.index(project_start) >= calendar.index(landed):
        return f"cannot start before the project does ({day_text(project_start)})"
    return "is held back by its links"


def _stored_span(session: Session, task_id: int) -> dict[str, Any] | None:
    """Start and duration of a task the forward pass keeps as stored (a manual task)."""
    row = session.execute(
        select(_T.start, _T.kind, _T.duration_days).where(_T.id == task_id)
    ).first()
    if row is None:
        return None
    days = 0 if row.kind == TaskKind.MILESTONE else row.duration_days
    return {"start": row.start, "duration_days": days}
