"""The recycle bin of a project as rows for a list."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.model import RecycledTasks


@dataclass(frozen=True, slots=True)
class RecycledRow:
    """One entry of the bin: what was deleted together."""

    id: int
    title: str
    task_count: int
    deleted_at: datetime


def list_recycled(session: Session, project_id: int) -> list[RecycledRow]:
    """The project's bin, newest first."""
    rows = session.execute(
        select(
            RecycledTasks.id,
            RecycledTasks.title,
            RecycledTasks.task_count,
            RecycledTasks.deleted_at,
        )
        .where(RecycledTasks.project_id == project_id)
        .order_by(RecycledTasks.deleted_at.desc(), RecycledTasks.id.desc())
    )
    return [RecycledRow(*row) for row in rows]
