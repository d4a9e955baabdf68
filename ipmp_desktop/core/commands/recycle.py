"""The recycle bin: deleting puts tasks in the bin; they can be restored until it is emptied.

A bin entry stores everything that was deleted together (subtasks, links, labels, people,
checklists, comments, baseline dates) as one snapshot. Restoring puts it back with the original
ids when they are free, else with new ones; links to tasks, labels or baselines that are gone
meanwhile are dropped, and a task whose parent or column is gone goes to the top level or the
first column. Ideas that were promoted to the deleted tasks are marked again on restore (under
the new ids), unless they were deleted or promoted to another item meanwhile.
"""

from typing import Any

from sqlalchemy import exists, insert, select

from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.dependencies import find_path
from ipmp_desktop.core.commands.patterns import DeleteRowsCommand
from ipmp_desktop.core.commands.task_rows import relink_ideas, unlink_ideas
from ipmp_desktop.core.commands.tasks import DeleteTasks, restore_kinds, sync_summary_kinds
from ipmp_desktop.core.db.snapshot import (
    Snapshot,
    remove,
    restore,
    rows_where,
    snapshot_from_json,
    snapshot_to_json,
)
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import (
    Base,
    Baseline,
    BoardColumn,
    Dependency,
    Label,
    Person,
    RecycledTasks,
    Release,
    Task,
    Theme,
)
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.services.changes import TASK_AREAS, Changes

IDEA_LINKS = "idea_links"
"""The payload section (not a table) holding the ideas promoted to the recycled tasks."""


class RecycleTasks(Command):
    """Delete tasks (with their subtasks) to the recycle bin. Undo takes them back out."""

    label = "Delete tasks"

    def __init__(self, *, task_ids: list[int]) -> None:
        self.delete = DeleteTasks(task_ids=task_ids)
        self.entry = Snapshot()

    @property
    def text(self) -> str:
        return self.delete.text

    def do(self, uow: UnitOfWork) -> Changes:
        changes = self.delete.do(uow)
        tasks = _rows(self.delete.snapshot, Task.__tablename__)
        top = [t for t in tasks if t["id"] in self.delete.task_ids]
        title = top[0]["title"] if top else tasks[0]["title"]
        if len(tasks) > 1:
            title = f"{title} (+{len(tasks) - 1} more)"
        entry = RecycledTasks(
            project_id=self.delete.project_id,
            title=title[:500],
            task_count=len(tasks),
            deleted_at=utcnow(),
            payload=_pack(self.delete.snapshot, self.delete.idea_links),
        )
        uow.session.add(entry)
        uow.session.flush()
        self.entry = Snapshot()
        self.entry.add(
            RecycledTasks.__table__,
            rows_where(uow.session, RecycledTasks.__table__, RecycledTasks.id == entry.id),
        )
        return changes

    def undo(self, uow: UnitOfWork) -> Changes:
        remove(uow.session, self.entry)
        return self.delete.undo(uow)

    def redo(self, uow: UnitOfWork) -> Changes:
        changes = self.delete.redo(uow)
        restore(uow.session, self.entry)
        return changes


class RestoreRecycled(Command):
    """Take one entry out of the recycle bin and put its tasks back."""

    label = "Restore from recycle bin"

    def __init__(self, *, recycled_id: int) -> None:
        self.recycled_id = recycled_id
        self.entry = Snapshot()
        self.restored = Snapshot()
        self.project_id: int | None = None
        self.old_kinds: dict[int, str] = {}
        self.idea_links: dict[int, int] = {}

    def do(self, uow: UnitOfWork) -> Changes:
        session = uow.session
        entry = uow.get(RecycledTasks, self.recycled_id, "recycle bin entry")
        self.project_id = entry.project_id
        self.entry = Snapshot()
        self.entry.add(
            RecycledTasks.__table__,
            rows_where(session, RecycledTasks.__table__, RecycledTasks.id == entry.id),
        )
        saved, links = _unpack(entry.payload)
        remove(session, self.entry)
        self.restored, new_ids = _reinsert(uow, saved, self.project_id)
        self.idea_links = relink_ideas(session, links, new_ids)
        self.old_kinds = sync_summary_kinds(session, self._parents())
        return self._changes()

    def undo(self, uow: UnitOfWork) -> Changes:
        restore_kinds(uow.session, self.old_kinds)
        unlink_ideas(uow.session, self.idea_links)
        remove(uow.session, self.restored)
        restore(uow.session, self.entry)
        return self._changes()

    def redo(self, uow: UnitOfWork) -> Changes:
        remove(uow.session, self.entry)
        restore(uow.session, self.restored)
        relink_ideas(uow.session, self.idea_links)
        self.old_kinds = sync_summary_kinds(uow.session, self._parents())
        return self._changes()

    def _parents(self) -> set[int | None]:
        return {t["parent_id"] for t in _rows(self.restored, Task.__tablename__)}

    def _changes(self) -> Changes:
        assert self.project_id is not None
        ids = {t["id"] for t in _rows(self.restored, Task.__tablename__)}
        return Changes(
            tasks=frozenset(ids),
            structure=frozenset({self.project_id}),
            projects=frozenset({self.project_id}),
            reschedule=frozenset({self.project_id}),
            areas=TASK_AREAS,
        )


class EmptyRecycleBin(DeleteRowsCommand):
    """Delete a project's recycle bin for good (this step itself can still be undone)."""

    label = "Empty recycle bin"

    def __init__(self, *, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id

    def capture(self, uow: UnitOfWork) -> Snapshot:
        rows = rows_where(
            uow.session, RecycledTasks.__table__, RecycledTasks.project_id == self.project_id
        )
        if not rows:
            raise ValidationError("The recycle bin is already empty.")
        snapshot = Snapshot()
        snapshot.add(RecycledTasks.__table__, rows)
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return Changes(projects=frozenset({self.project_id}), areas=TASK_AREAS)


def _rows(snapshot: Snapshot, name: str) -> list[dict[str, Any]]:
    return [row for table, rows in snapshot.tables if table == name for row in rows]


def _pack(snapshot: Snapshot, links: dict[int, int]) -> str:
    """A bin entry's payload: the deleted rows, then the idea links as an extra section."""
    packed = Snapshot(tables=list(snapshot.tables))
    section = [{"idea_id": idea, "task_id": task} for idea, task in sorted(links.items())]
    if section:
        packed.tables.append((IDEA_LINKS, section))
    return snapshot_to_json(packed)


def _unpack(payload: str) -> tuple[Snapshot, dict[int, int]]:
    """Inverse of :func:`_pack`; entries from before the idea links have none."""
    saved = snapshot_from_json(payload)
    links = {row["idea_id"]: row["task_id"] for row in _rows(saved, IDEA_LINKS)}
    saved.tables = [(name, rows) for name, rows in saved.tables if name != IDEA_LINKS]
    return saved, links


def _reinsert(uow: UnitOfWork, saved: Snapshot, project_id: int) -> tuple[Snapshot, dict[int, int]]:
    """Insert a bin entry's rows, repairing what changed meanwhile.

    Returns:
        What was inserted, and the task ids it was inserted under (old id -> new id).
    """
    session = uow.session
    tasks = _rows(saved, Task.__tablename__)
    task_ids = [t["id"] for t in tasks]
    taken = set(session.scalars(select(Task.id).where(Task.id.in_(task_ids))))
    first_column = session.scalars(
        select(BoardColumn.id)
        .where(BoardColumn.project_id == project_id)
        .order_by(BoardColumn.position)
    ).first()
    columns = set(
        session.scalars(select(BoardColumn.id).where(BoardColumn.project_id == project_id))
    )
    new_id: dict[int, int] = {}
    result = Snapshot()
    restored_tasks = []
    for task in tasks:
        row = dict(task)
        old = row["id"]
        parent = row["parent_id"]
        row["parent_id"] = (
            new_id.get(parent, parent)
            if parent in new_id
            else _existing_task(session, parent, project_id)
        )
        if row["column_id"] not in columns:
            row["column_id"] = first_column
        for field, table in (("theme_id", Theme), ("release_id", Release)):
            if row.get(field) is not None and session.get(table, row[field]) is None:
                row[field] = None  # deleted while the task sat in the bin
        if taken:
            del row["id"]
            row["id"] = session.execute(
                insert(Task.__table__).values(**row).returning(Task.id)
            ).scalar_one()
        else:
            session.execute(insert(Task.__table__).values(**row))
        new_id[old] = row["id"]
        restored_tasks.append(row)
    result.add(Task.__table__, restored_tasks)
    for name, rows in saved.tables:
        if name == Task.__tablename__:
            continue
        table = Base.metadata.tables[name]
        kept = []
        for original in rows:
            row = _remap(session, name, dict(original), new_id)
            if row is None:
                continue
            if "id" in row and taken:
                del row["id"]
                row["id"] = session.execute(
                    insert(table).values(**row).returning(table.c.id)
                ).scalar_one()
            else:
                session.execute(insert(table).values(**row))
            kept.append(row)
        result.add(table, kept)
    session.expire_all()
    return result, new_id


def _existing_task(session: Any, task_id: int | None, project_id: int) -> int | None:
    if task_id is None:
        return None
    found = session.execute(
        select(exists().where(Task.id == task_id, Task.project_id == project_id))
    ).scalar()
    return task_id if found else None


def _remap(
    session: Any, name: str, row: dict[str, Any], new_id: dict[int, int]
) -> dict[str, Any] | None:
    """Point a dependent row at the restored task ids; None when what it needs is gone."""
    if name == Dependency.__tablename__:
        pred = new_id.get(row["predecessor_id"], row["predecessor_id"])
        succ = new_id.get(row["successor_id"], row["successor_id"])
        for task_id in (pred, succ):
            if session.get(Task, task_id) is None:
                return None
        if find_path(session, succ, pred) is not None:
            return None  # a link made meanwhile runs the other way: restoring would close a cycle
        duplicate = session.execute(
            select(
                exists().where(Dependency.predecessor_id == pred, Dependency.successor_id == succ)
            )
        ).scalar()
        if duplicate:
            return None
        row["predecessor_id"], row["successor_id"] = pred, succ
        return row
    row["task_id"] = new_id.get(row["task_id"], row["task_id"])
    if name == "task_label" and session.get(Label, row["label_id"]) is None:
        return None
    if name == "assignment" and session.get(Person, row["person_id"]) is None:
        return None
    if name == "baseline_task" and session.get(Baseline, row["baseline_id"]) is None:
        return None  # the baseline was deleted meanwhile
    return row
