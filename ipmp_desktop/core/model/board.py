"""Board columns: the status a task is in, with a WIP limit and a category."""

import enum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ipmp_desktop.core.model.base import Base


class ColumnCategory(enum.StrEnum):
    """What a column means for status: not started, in progress, finished."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"


class BoardColumn(Base):
    """One column of a project's board; ``position`` orders columns left to right."""

    __tablename__ = "board_column"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    wip_limit: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(8), default=ColumnCategory.TODO)
