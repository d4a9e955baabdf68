"""Everything the card editor shows about one task, as one frozen read model.

The editor reloads this after every ``Changes`` that names its task, so it holds no ORM object
and never goes stale. A handful of small queries; fine to call on every edit.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.model import (
    Assignment,
    BoardColumn,
    ChecklistItem,
    Comment,
    Dependency,
    Label,
    Person,
    Task,
    task_labels,
)
from ipmp_desktop.core.services.board import CardLabel, CardPerson


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """One checklist item of the card."""

    id: int
    text: str
    done: bool


@dataclass(frozen=True, slots=True)
class CommentEntry:
    """One comment; ``created_at`` is naive UTC, as stored."""

    id: int
    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CardDetails:
    """A task as the card editor shows it.

    ``labels`` and ``people`` are every label of the project and every person of the workspace
    (the choices), sorted by name; ``label_ids`` and ``person_ids`` are the ones on the card.
    ``blockers`` are the titles of unfinished predecessors (under 100 %), the same rule the board
    uses for its "blocked" badge; ``predecessor_ids`` lists all predecessors, finished or not, so
    a view knows that a change to one of them may change ``blockers``. ``manual``,
    ``constraint_type`` (asap, snet, fnlt or mso) and ``constraint_date`` are what the scheduler
    keeps of the task's own wishes; its dates follow from them.
    """

    id: int
    project_id: int
    title: str
    description: str
    kind: str
    start: date | None
    finish: date | None
    priority: int
    percent_complete: int
    manual: bool
    constraint_type: str
    constraint_date: date | None
    column_name: str | None
    label_ids: frozenset[int]
    labels: tuple[CardLabel, ...]
    person_ids: frozenset[int]
    people: tuple[CardPerson, ...]
    checklist: tuple[ChecklistLine, ...]
    comments: tuple[CommentEntry, ...]
    blockers: tuple[str, ...]
    predecessor_ids: frozenset[int]

    @property
    def checklist_done(self) -> int:
        """How many checklist items are ticked."""
        return sum(1 for line in self.checklist if line.done)


def load_card_details(session: Session, task_id: int) -> CardDetails:
    """Read the card editor's view of ``task_id``.

    Raises:
        NotFoundError: the task no longer exists (deleted, or its creation undone).
    """
    task = session.execute(
        select(
            Task.id,
            Task.project_id,
            Task.title,
            Task.description,
            Task.kind,
            Task.start,
            Task.finish,
            Task.priority,
            Task.percent_complete,
            Task.manual,
            Task.constraint_type,
            Task.constraint_date,
            BoardColumn.name,
        )
        .outerjoin(BoardColumn, BoardColumn.id == Task.column_id)
        .where(Task.id == task_id)
    ).one_or_none()
    if task is None:
        raise NotFoundError(f"The task #{task_id} no longer exists (deleted meanwhile?).")
    label_ids = frozenset(
        session.scalars(select(task_labels.c.label_id).where(task_labels.c.task_id == task_id))
    )
    labels = tuple(
        CardLabel(*row)
        for row in session.execute(
            select(Label.id, Label.name, Label.color)
            .where(Label.project_id == task.project_id)
            .order_by(func.lower(Label.name), Label.id)
        )
    )
    person_ids = frozenset(
        session.scalars(select(Assignment.person_id).where(Assignment.task_id == task_id))
    )
    people = tuple(
        CardPerson(*row)
        for row in session.execute(
            select(Person.id, Person.name).order_by(func.lower(Person.name), Person.id)
        )
    )
    checklist = tuple(
        ChecklistLine(*row)
        for row in session.execute(
            select(ChecklistItem.id, ChecklistItem.text, ChecklistItem.done)
            .where(ChecklistItem.task_id == task_id)
            .order_by(ChecklistItem.rank, ChecklistItem.id)
        )
    )
    comments = tuple(
        CommentEntry(*row)
        for row in session.execute(
            select(Comment.id, Comment.author, Comment.body, Comment.created_at)
            .where(Comment.task_id == task_id)
            .order_by(Comment.created_at, Comment.id)
        )
    )
    predecessors = session.execute(
        select(Task.id, Task.title, Task.percent_complete)
        .join(Dependency, Dependency.predecessor_id == Task.id)
        .where(Dependency.successor_id == task_id)
        .order_by(Dependency.id)
    ).all()
    return CardDetails(
        id=task.id,
        project_id=task.project_id,
        title=task.title,
        description=task.description or "",
        kind=task.kind,
        start=task.start,
        finish=task.finish,
        priority=task.priority,
        percent_complete=task.percent_complete,
        manual=bool(task.manual),
        constraint_type=task.constraint_type or "asap",
        constraint_date=task.constraint_date,
        column_name=task.name,
        label_ids=label_ids,
        labels=labels,
        person_ids=person_ids,
        people=people,
        checklist=checklist,
        comments=comments,
        blockers=tuple(title for _id, title, percent in predecessors if percent < 100),
        predecessor_ids=frozenset(pred_id for pred_id, _title, _percent in predecessors),
    )
