"""Working calendars: which weekdays are worked, and holidays."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipmp_desktop.core.model.base import Base

MONDAY_TO_FRIDAY = 0b0011111
"""Bit 0 is Monday ... bit 6 is Sunday, as ``date.weekday()`` numbers them."""


class Calendar(Base):
    """A working calendar shared by projects (and later by tasks and people)."""

    __tablename__ = "calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    working_weekdays: Mapped[int] = mapped_column(Integer, default=MONDAY_TO_FRIDAY)
    hours_per_day: Mapped[int] = mapped_column(Integer, default=8)

    holidays: Mapped[list["Holiday"]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", passive_deletes=True
    )

    def works_on_weekday(self, weekday: int) -> bool:
        """Whether ``weekday`` (0 = Monday) is a working day in this calendar."""
        return bool(self.working_weekdays >> weekday & 1)


class Holiday(Base):
    """A non-working day; ``yearly`` repeats it on the same month and day every year."""

    __tablename__ = "holiday"

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("calendar.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200), default="")
    yearly: Mapped[bool] = mapped_column(Boolean, default=False)

    calendar: Mapped[Calendar] = relationship(back_populates="holidays")
