"""Board columns: the status a task is in, with a WIP limit and a category."""

import enum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ipmp_desktop.core.model.base import Base


class ColumnCategory(enum.StrEnum):
    """What a column means for status: not started, in progress, finished."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"


class WipPolicy(enum.StrEnum):
    """What a drop that would exceed a WIP limit does."""

    ASK = "ask"
    REFUSE = "refuse"


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
    wip_policy: Mapped[str] = mapped_column(String(8), default=WipPolicy.ASK)


class LaneWipLimit(Base):
    """A WIP limit for one column within one swimlane (``lane_mode`` + ``lane_key``)."""

    __tablename__ = "lane_wip_limit"

    column_id: Mapped[int] = mapped_column(
        ForeignKey("board_column.id", ondelete="CASCADE"), primary_key=True
    )
    lane_mode: Mapped[str] = mapped_column(String(16), primary_key=True)
    lane_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    wip_limit: Mapped[int] = mapped_column(Integer)


class SavedView(Base):
    """A named board view of a project: swimlane mode and filters, as JSON."""

    __tablename__ = "saved_view"
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_saved_view_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    settings: Mapped[str] = mapped_column(Text)
