"""Everything that hangs on a set of tasks, captured for delete/undo and the recycle bin."""

from typing import Any

from sqlalchemy.orm import Session

from ipmp_desktop.core.db.snapshot import Snapshot, parents_first, rows_where
from ipmp_desktop.core.model import (
    Assignment,
    BaselineTask,
    ChecklistItem,
    Comment,
    Dependency,
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
