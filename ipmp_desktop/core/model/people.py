"""People of the workspace and their assignment to tasks."""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ipmp_desktop.core.model.base import Base


class Person(Base):
    """Someone who can be assigned to tasks in any project of the workspace."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")


class Assignment(Base):
    """A person working on a task, ``units`` in percent of their time."""

    __tablename__ = "assignment"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    units: Mapped[int] = mapped_column(Integer, default=100)
