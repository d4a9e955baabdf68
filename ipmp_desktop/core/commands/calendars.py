"""Working-calendar commands: edit a calendar's week, add holidays, remove holidays.

A calendar decides which days a project's tasks are worked on, so every command here asks the
runner to reschedule each project that uses the calendar, in the same undo step.
"""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import Calendar, Holiday, Project
from ipmp_desktop.core.scheduling.calendar import ALL_WEEKDAYS
from ipmp_desktop.core.services.changes import Area, Changes

CALENDAR_FIELDS = frozenset({"name", "working_weekdays", "hours_per_day"})
"""The fields :class:`UpdateCalendar` may change."""

MAX_HOLIDAY_NAME = 200


def calendar_changes(session: Session, calendar_ids: set[int]) -> Changes:
    """What refreshes after calendars changed: the calendars, and every project using one of
    them, which the runner also reschedules (its working days moved)."""
    projects = frozenset(
        session.scalars(select(Project.id).where(Project.calendar_id.in_(sorted(calendar_ids))))
    )
    return Changes(
        calendars=frozenset(calendar_ids),
        projects=projects,
        reschedule=projects,
        areas=frozenset({Area.SCHEDULE}),
    )


def _weekdays(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("The working weekdays must be a whole number (a bit per weekday).")
    if value == 0:
        raise ValidationError("A calendar needs at least one working weekday; tick one or more.")
    if not 0 < value <= ALL_WEEKDAYS:
        raise ValidationError(
            f"The working-weekday mask {value} is not a number from 1 to 127 "
            "(bit 0 is Monday, bit 6 is Sunday)."
        )
    return value


class UpdateCalendar(EditFieldsCommand):
    """Change a calendar's name, working weekdays or hours per day.

    ``UpdateCalendar(calendar_id=3, working_weekdays=0b0001111)`` makes Friday to Sunday
    non-working. ``working_weekdays`` is a bit mask (bit 0 = Monday ... bit 6 = Sunday) with at
    least one bit set; ``hours_per_day`` is 1 to 24. Every project on the calendar is
    rescheduled in the same undo step.

    Raises:
        ValidationError: an unknown field, no values, or a value outside the rules above.
        NotFoundError: the calendar no longer exists.
    """

    label = "Edit calendar"
    entity = Calendar
    noun = "calendar"

    def __init__(self, *, calendar_id: int, **values: Any) -> None:
        unknown = set(values) - CALENDAR_FIELDS
        if unknown:
            raise ValidationError(f"A calendar has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(calendar_id, values)

    @property
    def text(self) -> str:
        return "Rename calendar" if set(self.requested) == {"name"} else self.label

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        cleaned: dict[str, Any] = {}
        for name, value in values.items():
            if name == "name":
                cleaned[name] = validate.title(value, what="calendar name", limit=validate.MAX_NAME)
            elif name == "working_weekdays":
                cleaned[name] = _weekdays(value)
            else:
                cleaned[name] = validate.int_range(value, what="hours per day", low=1, high=24)
        return cleaned

    def changes_for(self, row: Any) -> Changes:
        session = object_session(row)
        assert session is not None  # _apply just loaded the row through the unit of work
        return calendar_changes(session, {row.id})


def _holiday(entry: Any) -> tuple[date, str, bool]:
    """One ``(day, name, yearly)`` entry, checked; the name is tidied to one line."""
    if not isinstance(entry, tuple | list) or len(entry) != 3:
        raise ValidationError("Each holiday needs a day, a name and whether it repeats yearly.")
    day, name, yearly = entry
    checked = validate.optional_date(day, what="holiday")
    if checked is None:
        raise ValidationError("A holiday needs a day.")
    text = validate.text(name, what="holiday name")
    text = " ".join(text.split())[:MAX_HOLIDAY_NAME]
    if not isinstance(yearly, bool):
        raise ValidationError("Whether a holiday repeats yearly must be yes or no.")
    return checked, text, yearly


class AddHolidays(CreateRowsCommand):
    """Add non-working days to a calendar: ``holidays`` are ``(day, name, yearly)`` entries.

    A day the calendar already has as a holiday (or one given twice) is skipped, not refused,
    so importing a country's holidays again adds only what is new. Undo removes exactly the
    rows this command added; redo puts them back with the same ids.

    Raises:
        ValidationError: no entries, a malformed entry, or every day is already a holiday.
        NotFoundError: the calendar no longer exists.
    """

    label = "Add holidays"

    def __init__(self, *, calendar_id: int, holidays: list[tuple[date, str, bool]]) -> None:
        super().__init__()
        if not holidays:
            raise ValidationError("Give at least one holiday to add.")
        self.calendar_id = calendar_id
        self.holidays = list(holidays)
        self.holiday_ids: list[int] = []

    @property
    def text(self) -> str:
        count = len(self.holiday_ids) or len(self.holidays)
        return "Add holiday" if count == 1 else f"Add {count} holidays"

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        uow.get(Calendar, self.calendar_id, "calendar")
        entries = [_holiday(entry) for entry in self.holidays]
        taken = set(
            session.scalars(select(Holiday.day).where(Holiday.calendar_id == self.calendar_id))
        )
        rows = []
        for day, name, yearly in entries:
            if day in taken:
                continue
            taken.add(day)
            rows.append(Holiday(calendar_id=self.calendar_id, day=day, name=name, yearly=yearly))
        if not rows:
            raise ValidationError(
                "The calendar already has every one of those days as a holiday; nothing to add."
            )
        session.add_all(rows)
        session.flush()
        self.holiday_ids = [row.id for row in rows]
        snapshot = Snapshot()
        snapshot.add(
            Holiday.__table__,
            rows_where(session, Holiday.__table__, Holiday.id.in_(self.holiday_ids)),
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return calendar_changes(uow.session, {self.calendar_id})


class RemoveHolidays(DeleteRowsCommand):
    """Remove holidays by id (they may belong to several calendars); undo restores them with
    the same ids.

    Raises:
        ValidationError: no ids given.
        NotFoundError: one of the holidays no longer exists.
    """

    label = "Remove holidays"

    def __init__(self, *, holiday_ids: list[int]) -> None:
        super().__init__()
        if not holiday_ids:
            raise ValidationError("Select at least one holiday to remove.")
        self.holiday_ids = list(dict.fromkeys(holiday_ids))
        self.calendar_ids: set[int] = set()

    @property
    def text(self) -> str:
        count = len(self.holiday_ids)
        return "Remove holiday" if count == 1 else f"Remove {count} holidays"

    def capture(self, uow: UnitOfWork) -> Snapshot:
        self.calendar_ids = {
            uow.get(Holiday, holiday_id, "holiday").calendar_id for holiday_id in self.holiday_ids
        }
        snapshot = Snapshot()
        snapshot.add(
            Holiday.__table__,
            rows_where(uow.session, Holiday.__table__, Holiday.id.in_(self.holiday_ids)),
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return calendar_changes(uow.session, self.calendar_ids)
