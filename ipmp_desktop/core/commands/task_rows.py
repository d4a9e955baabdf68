"""Everything that hangs on a set of tasks, captured for delete/undo and the recycle bin.

Rows that belong to the tasks go in a :class:`Snapshot` (deleted and re-inserted with them).
Ideas promoted to the tasks are different: an idea outlives its item (the foreign key sets
``promoted_task_id`` to NULL), so its link is kept apart as an idea id -> task id map and
written back with an update (:func:`idea_links`, :func:`unlink_ideas`, :func:`relink_ideas`).
"""

from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ipmp_desktop.core.db.snapshot import Snapshot, parents_first, rows_where
from ipmp_desktop.core.model import (
    Assignment,
    BaselineTask,
    ChecklistItem,
    Comment,
    Dependency,
    Idea,
    Task,
    task_labels,
)

CHUNK = 500


def capture_tasks(session: Session, task_ids: list[int]) -> Snapshot:
    """Snapshot ``task_ids`` with links, labels, assignments, checklists, comments, baselines.

    The caller passes complete subtrees (see ``placement.descendants``); tasks come parents
    first so the snapshot restores in order. A link to a task outside the set is included too:
    deleting a task deletes its links.
    """
    tasks: list[dict[str, Any]] = []
    links: dict[int, dict[str, Any]] = {}
    children: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("labels", "people", "items", "notes", "baselines")
    }
    for start in range(0, len(task_ids), CHUNK):
        chunk = task_ids[start : start + CHUNK]
        tasks += rows_where(session, Task.__table__, Task.id.in_(chunk))
        for link in rows_where(
            session,
            Dependency.__table__,
            Dependency.predecessor_id.in_(chunk) | Dependency.successor_id.in_(chunk),
        ):
            links[link["id"]] = link
        children["labels"] += rows_where(session, task_labels, task_labels.c.task_id.in_(chunk))
        children["people"] += rows_where(
            session, Assignment.__table__, Assignment.task_id.in_(chunk)
        )
        children["items"] += rows_where(
            session, ChecklistItem.__table__, ChecklistItem.task_id.in_(chunk)
        )
        children["notes"] += rows_where(session, Comment.__table__, Comment.task_id.in_(chunk))
        children["baselines"] += rows_where(
            session, BaselineTask.__table__, BaselineTask.task_id.in_(chunk)
        )
    snapshot = Snapshot()
    snapshot.add(Task.__table__, parents_first(tasks))
    snapshot.add(Dependency.__table__, sorted(links.values(), key=lambda row: row["id"]))
    snapshot.add(task_labels, children["labels"])
    snapshot.add(Assignment.__table__, children["people"])
    snapshot.add(ChecklistItem.__table__, children["items"])
    snapshot.add(Comment.__table__, children["notes"])
    # Only the per-task rows: the baselines themselves belong to the project and stay.
    snapshot.add(BaselineTask.__table__, children["baselines"])
    return snapshot


def idea_links(session: Session, task_ids: list[int]) -> dict[int, int]:
    """The ideas promoted to one of ``task_ids``, as idea id -> task id."""
    links: dict[int, int] = {}
    for start in range(0, len(task_ids), CHUNK):
        chunk = task_ids[start : start + CHUNK]
        found = session.execute(
            select(Idea.id, Idea.promoted_task_id).where(Idea.promoted_task_id.in_(chunk))
        )
        links.update({idea_id: task_id for idea_id, task_id in found})
    return links


def unlink_ideas(session: Session, links: dict[int, int]) -> None:
    """Clear the promotion mark of the ideas in ``links``, as deleting their tasks would.

    Call it before the tasks are deleted, so the result does not hang on the foreign key.
    """
    _write_links(session, {idea_id: None for idea_id in links})


def relink_ideas(
    session: Session, links: dict[int, int], new_ids: dict[int, int] | None = None
) -> dict[int, int]:
    """Mark the ideas in ``links`` as promoted to their tasks again, after the tasks came back.

    ``new_ids`` maps old task ids to the ids the tasks were restored under (the recycle bin
    may hand out new ones); ids missing from it are kept. An idea deleted meanwhile, or
    promoted to another item meanwhile, is left alone. The tasks must exist.

    Returns:
        The links written, idea id -> (new) task id: what an undo must clear again.
    """
    wanted = {idea: (new_ids or {}).get(task, task) for idea, task in links.items()}
    ideas = sorted(wanted)
    free: set[int] = set()
    for start in range(0, len(ideas), CHUNK):
        chunk = ideas[start : start + CHUNK]
        free.update(
            session.scalars(
                select(Idea.id).where(Idea.id.in_(chunk), Idea.promoted_task_id.is_(None))
            )
        )
    written = {idea: task for idea, task in wanted.items() if idea in free}
    _write_links(session, written)
    return written


def _write_links(session: Session, values: dict[int, int | None]) -> None:
    if not values:
        return
    session.flush()
    idea = Idea.__table__
    statement = (
        update(idea)
        .where(idea.c.id == bindparam("idea_id"))
        .values(promoted_task_id=bindparam("task_id"))
    )
    params = [{"idea_id": i, "task_id": t} for i, t in sorted(values.items())]
    session.connection().execute(statement, params)
    session.expire_all()
