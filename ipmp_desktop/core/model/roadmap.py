"""Product roadmaps: products, their themes (lanes), releases (dated markers) and ideas.

The roadmap items themselves are tasks (kinds initiative, epic, feature; see
:class:`~ipmp_desktop.core.model.task.TaskKind`) that point at a theme and a release; delivery
work hangs under them through the ordinary outline, so progress and dates roll up from the same
rows the board and the Gantt chart show. A product is workspace-wide: its items may live in
several projects.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipmp_desktop.core.model.base import Base, utcnow


class ScoringModel(enum.StrEnum):
    """How a product ranks its items: RICE, value over effort, or weighted shortest job first."""

    RICE = "rice"
    VALUE_EFFORT = "value_effort"
    WSJF = "wsjf"


class Horizon(enum.StrEnum):
    """The coarse time bucket of a roadmap item, for Now / Next / Later roadmaps."""

    NOW = "now"
    NEXT = "next"
    LATER = "later"


class Product(Base):
    """A product with a vision; its roadmap is the items in its themes and releases."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    vision: Mapped[str] = mapped_column(Text, default="")
    scoring_model: Mapped[str] = mapped_column(String(16), default=ScoringModel.RICE)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Theme(Base):
    """A lane of a product's roadmap (a strategic theme); ``position`` orders lanes top down."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    color: Mapped[str] = mapped_column(String(7), default="#808080")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Release(Base):
    """A named, dated marker on a product's roadmap ("2.0", "Summer release")."""

    __tablename__ = "release"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")


class Idea(Base):
    """An idea or piece of feedback in a product's inbox, until it is promoted to an item.

    ``promoted_task_id`` names the roadmap item made from it; deleting that task clears it, and
    undoing the delete (or restoring the task from the recycle bin) sets it again.
    """

    __tablename__ = "idea"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    customer: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    promoted_task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), index=True
    )
