"""The recycle bin: deleted tasks kept as a restorable snapshot until the bin is emptied."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipmp_desktop.core.model.base import Base


class RecycledTasks(Base):
    """Tasks deleted together (with subtasks, links, labels, ...) as one JSON snapshot."""

    __tablename__ = "recycled_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    task_count: Mapped[int] = mapped_column(Integer)
    deleted_at: Mapped[datetime] = mapped_column(DateTime)
    payload: Mapped[str] = mapped_column(Text)
