"""Calendar commands: each round-trips do/undo/redo, reschedules the projects on the calendar,
and refuses bad input without writing."""

from datetime import date

import pytest

from ipmp_desktop.core.commands import (
    AddHolidays,
    CreateProject,
    CreateTask,
    RemoveHolidays,
    UpdateCalendar,
    apply,
    revert,
)
from ipmp_desktop.core.errors import NotFoundError, ValidationError
from ipmp_desktop.core.model import Project, Task
from ipmp_desktop.core.services.calendars import calendar_of_project
from tests.support import assert_do_undo_redo, dump

MONDAY = date(2026, 1, 5)
FRIDAY = date(2026, 1, 9)
MONDAY_TO_THURSDAY = 0b0001111


def calendar_id(workspace, project_id) -> int:
    with workspace.reading() as session:
        return calendar_of_project(session, project_id).id


def add_week_task(workspace, project_id) -> int:
    """A five-day task starting on Monday 5 Jan 2026: it finishes on Friday 9 Jan."""
    command = CreateTask(project_id=project_id, title="Build", start=MONDAY, duration_days=5)
    apply(workspace, command)
    assert command.task_id is not None
    return command.task_id


def finish(workspace, task_id) -> date | None:
    with workspace.reading() as session:
        return session.get(Task, task_id).finish


def test_update_calendar_round_trip(workspace, project_id):
    calendar = calendar_id(workspace, project_id)
    changes = assert_do_undo_redo(
        workspace,
        UpdateCalendar(
            calendar_id=calendar, name=" Site  crew ", working_weekdays=0b1111111, hours_per_day=10
        ),
    )
    assert changes.calendars == {calendar}
    assert changes.reschedule == {project_id}
    with workspace.reading() as session:
        row = calendar_of_project(session, project_id)
    assert (row.name, row.working_weekdays, row.hours_per_day) == ("Site crew", 127, 10)


def test_friday_off_moves_the_finish_and_undo_restores_it(workspace, project_id):
    task = add_week_task(workspace, project_id)
    assert finish(workspace, task) == FRIDAY
    command = UpdateCalendar(
        calendar_id=calendar_id(workspace, project_id), working_weekdays=MONDAY_TO_THURSDAY
    )
    changes = assert_do_undo_redo(workspace, command)
    assert task in changes.tasks  # the reschedule joined the same step
    assert finish(workspace, task) == date(2026, 1, 12)  # Friday and the weekend skipped
    revert(workspace, command)
    assert finish(workspace, task) == FRIDAY


def test_every_project_on_a_shared_calendar_is_rescheduled(workspace, project_id):
    calendar = calendar_id(workspace, project_id)
    other = CreateProject(name="Shared", start=MONDAY, calendar_id=calendar)
    apply(workspace, other)
    changes = apply(workspace, UpdateCalendar(calendar_id=calendar, working_weekdays=1))
    assert changes.reschedule == {project_id, other.project_id}


def test_update_calendar_refuses_bad_values(workspace, project_id):
    calendar = calendar_id(workspace, project_id)
    before = dump(workspace)
    for bad, words in (
        ({"working_weekdays": 0}, "at least one working weekday"),
        ({"working_weekdays": 128}, "from 1 to 127"),
        ({"working_weekdays": True}, "whole number"),
        ({"hours_per_day": 0}, "between 1 and 24"),
        ({"hours_per_day": 25}, "between 1 and 24"),
        ({"name": "  "}, "cannot be empty"),
    ):
        with pytest.raises(ValidationError, match=words):
            apply(workspace, UpdateCalendar(calendar_id=calendar, **bad))
    with pytest.raises(ValidationError):
        UpdateCalendar(calendar_id=calendar, color="red")
    with pytest.raises(ValidationError):
        UpdateCalendar(calendar_id=calendar)
    with pytest.raises(NotFoundError):
        apply(workspace, UpdateCalendar(calendar_id=99999, hours_per_day=7))
    assert dump(workspace) == before


def test_add_holidays_round_trip_moves_the_finish(workspace, project_id):
    task = add_week_task(workspace, project_id)
    calendar = calendar_id(workspace, project_id)
    command = AddHolidays(
        calendar_id=calendar,
        holidays=[(date(2026, 1, 7), "Founders' day", False), (date(2025, 12, 25), "Xmas", True)],
    )
    changes = assert_do_undo_redo(workspace, command)
    assert changes.calendars == {calendar} and changes.reschedule == {project_id}
    assert finish(workspace, task) == date(2026, 1, 12)
    with workspace.reading() as session:
        holidays = calendar_of_project(session, project_id).holidays
    assert [(h.id, h.day, h.name, h.yearly) for h in holidays] == [
        (command.holiday_ids[1], date(2025, 12, 25), "Xmas", True),
        (command.holiday_ids[0], date(2026, 1, 7), "Founders' day", False),
    ]


def test_add_holidays_skips_days_already_there_and_undo_keeps_them(workspace, project_id):
    calendar = calendar_id(workspace, project_id)
    apply(workspace, AddHolidays(calendar_id=calendar, holidays=[(MONDAY, "Old", False)]))
    before = dump(workspace)
    command = AddHolidays(
        calendar_id=calendar,
        holidays=[(MONDAY, "New name", True), (FRIDAY, "Fri", False), (FRIDAY, "Again", False)],
    )
    apply(workspace, command)
    assert len(command.holiday_ids) == 1
    assert command.text == "Add holiday"
    with workspace.reading() as session:
        days = [(h.day, h.name) for h in calendar_of_project(session, project_id).holidays]
    assert days == [(MONDAY, "Old"), (FRIDAY, "Fri")]
    revert(workspace, command)
    assert dump(workspace) == before  # the older Monday holiday stays


def test_add_holidays_refuses_bad_input(workspace, project_id):
    calendar = calendar_id(workspace, project_id)
    apply(workspace, AddHolidays(calendar_id=calendar, holidays=[(MONDAY, "", False)]))
    before = dump(workspace)
    with pytest.raises(ValidationError, match="at least one holiday"):
        AddHolidays(calendar_id=calendar, holidays=[])
    for bad in ([(None, "x", False)], [(MONDAY,)], [(FRIDAY, "x", "yes")], [(FRIDAY, 5, False)]):
        with pytest.raises(ValidationError):
            apply(workspace, AddHolidays(calendar_id=calendar, holidays=bad))
    with pytest.raises(ValidationError, match="nothing to add"):
        apply(workspace, AddHolidays(calendar_id=calendar, holidays=[(MONDAY, "dup", False)]))
    with pytest.raises(NotFoundError):
        apply(workspace, AddHolidays(calendar_id=99999, holidays=[(FRIDAY, "x", False)]))
    assert dump(workspace) == before


def test_remove_holidays_round_trip_restores_ids(workspace, project_id):
    task = add_week_task(workspace, project_id)
    calendar = calendar_id(workspace, project_id)
    added = AddHolidays(
        calendar_id=calendar,
        holidays=[(date(2026, 1, 6), "A", False), (date(2026, 1, 8), "B", False)],
    )
    apply(workspace, added)
    assert finish(workspace, task) == date(2026, 1, 13)
    command = RemoveHolidays(holiday_ids=added.holiday_ids)
    changes = assert_do_undo_redo(workspace, command)
    assert changes.calendars == {calendar} and changes.reschedule == {project_id}
    assert finish(workspace, task) == FRIDAY
    revert(workspace, command)
    with workspace.reading() as session:
        ids = [h.id for h in calendar_of_project(session, project_id).holidays]
    assert ids == added.holiday_ids
    assert finish(workspace, task) == date(2026, 1, 13)


def test_remove_holidays_refuses_bad_input(workspace, project_id):
    with pytest.raises(ValidationError):
        RemoveHolidays(holiday_ids=[])
    before = dump(workspace)
    with pytest.raises(NotFoundError):
        apply(workspace, RemoveHolidays(holiday_ids=[99999]))
    assert dump(workspace) == before


def test_calendar_of_project_names_what_is_missing(workspace, project_id):
    with workspace.reading() as session, pytest.raises(NotFoundError, match="no longer exists"):
        calendar_of_project(session, 99999)
    with workspace.unit_of_work() as uow:
        uow.session.get(Project, project_id).calendar_id = None
    with workspace.reading() as session, pytest.raises(NotFoundError, match="no working calendar"):
        calendar_of_project(session, project_id)
