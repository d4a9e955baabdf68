"""The calendar dialog: the week and hours go in on OK/Apply, holidays at once, each one undo
step that also reschedules the project."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from ipmp_desktop.core.commands import AddHolidays, CreateProject, CreateTask, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Task
from ipmp_desktop.core.services.calendars import CalendarRow, calendar_of_project
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.dialogs.calendar_dialog import (
    CalendarDialog,
    CountryHolidaysDialog,
    HolidayDialog,
)

MONDAY = date(2026, 1, 5)
FRIDAY = date(2026, 1, 9)


@dataclass
class Editing:
    """A calendar dialog on the project "Website", whose task "Build" runs Mon 5 - Fri 9 Jan."""

    workspace: Workspace
    controller: UndoController
    dialog: CalendarDialog
    project_id: int
    task_id: int

    def stored(self) -> CalendarRow:
        with self.workspace.reading() as session:
            return calendar_of_project(session, self.project_id)

    def finish(self) -> date | None:
        with self.workspace.reading() as session:
            return session.get(Task, self.task_id).finish

    @property
    def steps(self) -> int:
        return self.controller.stack.count()


@pytest.fixture
def editing(qtbot, tmp_path: Path) -> Iterator[Editing]:
    workspace = Workspace.create(tmp_path / "calendar.ipmp")
    project = CreateProject(name="Website", start=MONDAY)
    apply(workspace, project)
    assert project.project_id is not None
    task = CreateTask(project_id=project.project_id, title="Build", start=MONDAY, duration_days=5)
    apply(workspace, task)
    assert task.task_id is not None
    with workspace.reading() as session:
        calendar_id = calendar_of_project(session, project.project_id).id
    apply(workspace, AddHolidays(calendar_id=calendar_id, holidays=[(MONDAY, "Old", False)]))
    bus = ChangeBus()
    controller = UndoController(workspace, bus)
    dialog = CalendarDialog(workspace, project.project_id, controller.push, bus=bus)
    qtbot.addWidget(dialog)
    dialog.show()
    yield Editing(workspace, controller, dialog, project.project_id, task.task_id)
    dialog.close()
    controller.stack.clear()
    workspace.close()


def _texts(dialog: CalendarDialog) -> list[tuple[str, str, str]]:
    table = dialog.holiday_table
    return [
        tuple(table.item(row, column).text() for column in range(3))  # type: ignore[misc]
        for row in range(table.rowCount())
    ]


def test_shows_the_calendar(editing: Editing):
    dialog = editing.dialog
    assert dialog.windowTitle() == "Working Calendar — Website calendar"
    assert [box.isChecked() for box in dialog.weekday_boxes] == [True] * 5 + [False] * 2
    assert dialog.hours_spin.value() == 8
    assert _texts(dialog) == [("2026-01-05", "Old", "")]
    assert not dialog.remove_button.isEnabled()


def test_week_goes_in_on_apply_as_one_step_and_reschedules(editing: Editing):
    dialog = editing.dialog
    dialog.weekday_boxes[4].setChecked(False)  # Friday off
    dialog.hours_spin.setValue(10)
    assert editing.stored().working_weekdays == 0b0011111  # nothing pushed yet
    assert dialog.apply_week()
    stored = editing.stored()
    assert (stored.working_weekdays, stored.hours_per_day) == (0b0001111, 10)
    assert editing.finish() == date(2026, 1, 13)  # Tue 6 .. Tue 13 without Fridays
    assert editing.steps == 1
    assert dialog.apply_week() and editing.steps == 1  # nothing new to push
    editing.controller.stack.undo()
    assert editing.stored().working_weekdays == 0b0011111
    assert editing.finish() == date(2026, 1, 12)  # Monday 5 is still the old holiday
    assert dialog.weekday_boxes[4].isChecked()  # the open dialog followed the undo
    assert dialog.hours_spin.value() == 8


def test_ok_applies_and_closes_cancel_drops(editing: Editing):
    dialog = editing.dialog
    dialog.weekday_boxes[5].setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert editing.stored().working_weekdays == 0b0111111
    dialog.show()
    dialog.hours_spin.setValue(4)
    dialog.reject()
    assert editing.stored().hours_per_day == 8
    assert editing.steps == 1


def test_no_working_day_is_refused_and_the_dialog_stays(editing: Editing):
    dialog = editing.dialog
    for box in dialog.weekday_boxes:
        box.setChecked(False)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.message_label.text() == "Tick at least one working weekday."
    assert editing.stored().working_weekdays == 0b0011111
    assert editing.steps == 0


def test_add_holiday_through_its_dialog(editing: Editing):
    dialog = editing.dialog
    dialog.ask_holiday()
    ask = dialog.pending
    assert isinstance(ask, HolidayDialog)
    ask.day_edit.setDate(QDate(2026, 1, 7))
    ask.name_edit.setText(" Founders' day ")
    ask.yearly_box.setChecked(True)
    ask.accept()
    assert dialog.pending is None
    assert _texts(dialog)[1] == ("2026-01-07", "Founders' day", "Every year")
    assert editing.finish() == date(2026, 1, 13)  # Mon 5 and Wed 7 are off
    assert editing.steps == 1
    editing.controller.stack.undo()
    assert len(_texts(dialog)) == 1


def test_remove_selected_holidays(editing: Editing):
    dialog = editing.dialog
    assert dialog.add_holidays([(FRIDAY, "Fri", False)])
    dialog.holiday_table.selectAll()
    assert dialog.remove_button.isEnabled()
    assert dialog.remove_selected()
    assert editing.stored().holidays == ()
    assert _texts(dialog) == []
    assert editing.finish() == FRIDAY
    assert editing.steps == 2  # the add, then the remove
    editing.controller.stack.undo()
    assert [h.name for h in editing.stored().holidays] == ["Old", "Fri"]
    assert _texts(dialog)[1] == ("2026-01-09", "Fri", "")


def test_import_country_holidays_is_one_step(editing: Editing, qtbot):
    dialog = editing.dialog
    dialog.ask_country_holidays()
    ask = dialog.pending
    assert isinstance(ask, CountryHolidaysDialog)
    for code in ("US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "AU", "IN", "JP", "BR"):
        assert ask.country_box.findData(code) >= 0
    ask.country_box.setCurrentIndex(ask.country_box.findData("DE"))
    ask.to_spin.setValue(2027)
    ask.from_spin.setValue(2026)
    ask.accept()
    days = {h.day: h.name for h in editing.stored().holidays}
    assert date(2026, 12, 25) in days and date(2027, 10, 3) in days
    assert editing.steps == 1
    with qtbot.waitSignal(editing.controller.refused) as refusal:  # the window says it
        assert dialog.import_country_holidays("DE", 2026, 2026) is False  # all there already
    assert "nothing to add" in refusal.args[0]
    editing.controller.stack.undo()
    assert [h.name for h in editing.stored().holidays] == ["Old"]


def test_year_span_never_runs_backwards(editing: Editing):
    ask = CountryHolidaysDialog(editing.dialog)
    ask.from_spin.setValue(2030)
    ask.to_spin.setValue(2031)
    ask.from_spin.setValue(2033)
    assert ask.values()[1:] == (2033, 2033)
    ask.to_spin.setValue(2020)
    assert ask.values()[1:] == (2020, 2020)


def test_unknown_country_is_told_not_pushed(editing: Editing):
    assert not editing.dialog.import_country_holidays("XX", 2026, 2026)
    assert "not a country code" in editing.dialog.message_label.text()
    assert editing.steps == 0
