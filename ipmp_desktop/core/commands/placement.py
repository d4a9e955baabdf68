"""Where a row goes: rank keys for the outline (siblings under a parent) and the board (a column).

These helpers only read; commands write the key they return.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import CycleError, NotFoundError, ValidationError
from ipmp_desktop.core.model import Task
from ipmp_desktop.core.ranking import rank_between


def sibling_ranks(
    session: Session, project_id: int, parent_id: int | None
) -> list[tuple[int, str]]:
    """``(id, wbs_rank)`` of the children of ``parent_id`` (top level when None), in order."""
    parent_clause = Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id
    rows = session.execute(
        select(Task.id, Task.wbs_rank)
        .where(Task.project_id == project_id, parent_clause)
        .order_by(Task.wbs_rank, Task.id)
    )
    return [(row.id, row.wbs_rank) for row in rows]


def outline_rank_after(
    session: Session,
    project_id: int,
    parent_id: int | None,
    after_id: int | None,
    *,
    moving_id: int | None = None,
) -> str:
    """A ``wbs_rank`` placing a row right after sibling ``after_id`` (first when None).

    Args:
        moving_id: the row being moved, ignored among the siblings.

    Raises:
        ValidationError: ``after_id`` is not a child of ``parent_id``.
    """
    siblings = [s for s in sibling_ranks(session, project_id, parent_id) if s[0] != moving_id]
    if after_id is None:
        return rank_between(None, siblings[0][1] if siblings else None)
    for index, (sibling_id, rank) in enumerate(siblings):
        if sibling_id == after_id:
            following = siblings[index + 1][1] if index + 1 < len(siblings) else None
            if following == rank:  # equal keys (imported data): fall back to the end
                return rank_between(siblings[-1][1], None)
            return rank_between(rank, following)
    raise ValidationError(f"Task #{after_id} is not under the chosen parent any more.")


def outline_rank_last(session: Session, project_id: int, parent_id: int | None) -> str:
    """A ``wbs_rank`` placing a row after every current child of ``parent_id``."""
    siblings = sibling_ranks(session, project_id, parent_id)
    return rank_between(siblings[-1][1] if siblings else None, None)


def board_rank_last(session: Session, project_id: int, column_id: int | None) -> str:
    """A ``board_rank`` placing a card at the bottom of ``column_id``."""
    column_clause = Task.column_id.is_(None) if column_id is None else Task.column_id == column_id
    last = session.execute(
        select(Task.board_rank)
        .where(Task.project_id == project_id, column_clause)
        .order_by(Task.board_rank.desc())
        .limit(1)
    ).scalar()
    return rank_between(last, None)


def board_rank_first(session: Session, project_id: int, column_id: int | None) -> str:
    """A ``board_rank`` placing a card at the top of ``column_id``."""
    column_clause = Task.column_id.is_(None) if column_id is None else Task.column_id == column_id
    first = session.execute(
        select(Task.board_rank)
        .where(Task.project_id == project_id, column_clause)
        .order_by(Task.board_rank)
        .limit(1)
    ).scalar()
    return rank_between(None, first)


def ancestors(session: Session, task_id: int | None) -> list[int]:
    """Ids from ``task_id`` up to its top-level ancestor (``task_id`` first).

    One recursive query reads the whole chain, however deep; ``UNION`` (not ``UNION ALL``)
    ends it should the outline loop, which is then refused here.
    """
    if task_id is None:
        return []
    up = select(Task.id, Task.parent_id).where(Task.id == task_id).cte("up", recursive=True)
    up = up.union(select(Task.id, Task.parent_id).join(up, Task.id == up.c.parent_id))
    parent: dict[int, int | None] = dict(session.execute(select(up.c.id, up.c.parent_id)).all())
    chain: list[int] = []
    seen: set[int] = set()
    current: int | None = task_id
    while current is not None and current in parent:
        if current in seen:
            raise CycleError(f"The outline above task #{task_id} loops; repair the workspace.")
        chain.append(current)
        seen.add(current)
        current = parent[current]
    if current is not None:  # a parent id naming no task (a dangling row): the chain ends there
        chain.append(current)
    return chain


def descendants(session: Session, task_ids: list[int]) -> list[int]:
    """``task_ids`` and every task below them, parents before children."""
    found: list[int] = []
    seen: set[int] = set()
    frontier = list(task_ids)
    while frontier:
        fresh = [t for t in frontier if t not in seen]
        seen.update(fresh)
        found.extend(fresh)
        frontier = []
        for chunk in range(0, len(fresh), 500):
            frontier.extend(
                session.scalars(
                    select(Task.id).where(Task.parent_id.in_(fresh[chunk : chunk + 500]))
                )
            )
    return found


def require_same_project(session: Session, task_id: int, project_id: int, what: str) -> None:
    """Raise unless task ``task_id`` exists and belongs to ``project_id``."""
    owner = session.execute(select(Task.project_id).where(Task.id == task_id)).scalar()
    if owner is None:
        raise NotFoundError(f"The {what} #{task_id} no longer exists (deleted meanwhile?).")
    if owner != project_id:
        raise ValidationError(f"The {what} #{task_id} belongs to another project.")
