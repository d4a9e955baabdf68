"""Read models of working calendars, for the calendar dialog."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.model import Calendar, Holiday, Project


@dataclass(frozen=True, slots=True)
class HolidayRow:
    """One non-working day of a calendar; ``yearly`` repeats it on the same month and day."""

    id: int
    day: date
    name: str
    yearly: bool


@dataclass(frozen=True, slots=True)
class CalendarRow:
    """A calendar as the dialog shows it; ``holidays`` are sorted by day.

    ``working_weekdays`` is a bit mask: bit 0 is Monday ... bit 6 is Sunday.
    """

    id: int
    name: str
    working_weekdays: int
    hours_per_day: int
    holidays: tuple[HolidayRow, ...]

    def works_on_weekday(self, weekday: int) -> bool:
        """Whether ``weekday`` (0 = Monday) is worked."""
        return bool(self.working_weekdays >> weekday & 1)


def load_calendar(session: Session, calendar_id: int) -> CalendarRow:
    """Read one calendar with its holidays.

    Raises:
        NotFoundError: the calendar no longer exists.
    """
    row = session.execute(
        select(Calendar.id, Calendar.name, Calendar.working_weekdays, Calendar.hours_per_day).where(
            Calendar.id == calendar_id
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"The calendar #{calendar_id} no longer exists (deleted meanwhile?).")
    holidays = tuple(
        HolidayRow(*entry)
        for entry in session.execute(
            select(Holiday.id, Holiday.day, Holiday.name, Holiday.yearly)
            .where(Holiday.calendar_id == calendar_id)
            .order_by(Holiday.day, Holiday.id)
        )
    )
    return CalendarRow(
        id=row.id,
        name=row.name,
        working_weekdays=row.working_weekdays,
        hours_per_day=row.hours_per_day,
        holidays=holidays,
    )


def calendar_of_project(session: Session, project_id: int) -> CalendarRow:
    """Read the working calendar a project is scheduled with.

    Raises:
        NotFoundError: the project no longer exists, or it has no calendar of its own (it is
            then scheduled Monday to Friday without holidays, and there is nothing to edit).
    """
    project = session.execute(
        select(Project.name, Project.calendar_id).where(Project.id == project_id)
    ).one_or_none()
    if project is None:
        raise NotFoundError(f"The project #{project_id} no longer exists (deleted meanwhile?).")
    if project.calendar_id is None:
        raise NotFoundError(
            f"The project “{project.name}” has no working calendar of its own; it is scheduled "
            "Monday to Friday."
        )
    return load_calendar(session, project.calendar_id)
