"""Project > Working Calendar and Project > Baselines as the user uses them from the main window:
boxes ticked, numbers typed, buttons clicked, the small dialogs they open answered by keyboard;
every change undone and redone with the main window's Undo and Redo."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from ipmp_desktop.core.services.calendars import calendar_of_project
from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.dialogs.baselines_dialog import BaselinesDialog
from ipmp_desktop.qt.views.dialogs.calendar_dialog import CalendarDialog
from tests.qt.user_input import answering, press_escape, type_and_enter


def _click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _click_row(table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _opened(window, qtbot, action, kind):
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(kind) is not None)
    dialog = window.findChild(kind)
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.activeWindow() is dialog)
    return dialog


def _stored_calendar(window):
    with window.session.workspace.reading() as session:
        return calendar_of_project(session, window.current_project_id())


def _pending(qtbot, dialog):
    """The small dialog a calendar button opened, once it has the keyboard focus."""
    qtbot.waitUntil(lambda: getattr(dialog, "pending", None) is not None)
    pending = dialog.pending
    qtbot.waitUntil(lambda: pending.focusWidget() is not None and pending.isActiveWindow())
    return pending


# -- the working calendar --


def test_weekdays_and_hours_go_in_with_apply_as_one_undoable_step(window, qtbot):
    dialog = _opened(window, qtbot, window.act_calendar, CalendarDialog)
    before = _stored_calendar(window)
    saturday = dialog.weekday_boxes[5]
    _click(saturday)
    hours = dialog.hours_spin
    hours.setFocus()
    qtbot.waitUntil(hours.hasFocus)
    QTest.keyClick(hours, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(hours, "6")
    steps = window.session.undo.stack.count()
    _click(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Apply))
    stored = _stored_calendar(window)
    assert stored.working_weekdays == before.working_weekdays | (1 << 5)
    assert stored.hours_per_day == 6
    assert window.session.undo.stack.count() == steps + 1
    window.act_undo.trigger()
    assert _stored_calendar(window) == before
    assert not saturday.isChecked() and hours.value() == before.hours_per_day
    window.act_redo.trigger()
    assert _stored_calendar(window).hours_per_day == 6
    assert saturday.isChecked()
    _click(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel))
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_ok_with_no_working_day_says_why_and_keeps_the_dialog(window, qtbot):
    dialog = _opened(window, qtbot, window.act_calendar, CalendarDialog)
    before = _stored_calendar(window)
    for box in dialog.weekday_boxes:
        if box.isChecked():
            box.setFocus()
            QTest.keyClick(box, Qt.Key.Key_Space)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # OK is the default
    assert dialog.isVisible()
    assert dialog.message_label.text() == "Tick at least one working weekday."
    assert _stored_calendar(window) == before


def test_a_holiday_typed_into_add_and_removed_with_remove(window, qtbot):
    dialog = _opened(window, qtbot, window.act_calendar, CalendarDialog)
    _click(dialog.add_button)
    ask = _pending(qtbot, dialog)
    day = QApplication.focusWidget()
    assert day is ask.day_edit
    QTest.keyClick(day, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(day, "2026-01-07")
    QTest.keyClick(day, Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), "Founders' day")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ask.yearly_box
    QTest.keyClick(ask.yearly_box, Qt.Key.Key_Space)
    QTest.keyClick(ask.yearly_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pending is None)
    holidays = _stored_calendar(window).holidays
    assert [(h.day, h.name, h.yearly) for h in holidays] == [
        (date(2026, 1, 7), "Founders' day", True)
    ]
    window.act_undo.trigger()
    assert _stored_calendar(window).holidays == ()
    assert dialog.holiday_table.rowCount() == 0
    window.act_redo.trigger()
    assert dialog.holiday_table.rowCount() == 1

    assert not dialog.remove_button.isEnabled()
    _click_row(dialog.holiday_table, 0)
    _click(dialog.remove_button)
    assert _stored_calendar(window).holidays == ()
    window.act_undo.trigger()
    assert len(_stored_calendar(window).holidays) == 1
    window.act_redo.trigger()
    assert _stored_calendar(window).holidays == ()


def _import_country(qtbot, dialog, code: str, year: int) -> None:
    _click(dialog.import_button)
    ask = _pending(qtbot, dialog)
    country = QApplication.focusWidget()
    assert country is ask.country_box
    QTest.keyClicks(country, code)  # the list jumps to the entry starting with what is typed
    assert ask.country_box.currentData() == code
    for spin in (ask.from_spin, ask.to_spin):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is spin
        QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(spin, str(year))
    QTest.keyClick(ask.to_spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pending is None)


def test_country_holidays_typed_into_their_dialog_are_one_step(window, qtbot):
    dialog = _opened(window, qtbot, window.act_calendar, CalendarDialog)
    _import_country(qtbot, dialog, "DE", 2026)
    days = {h.day for h in _stored_calendar(window).holidays}
    assert date(2026, 12, 25) in days and date(2026, 10, 3) in days
    assert all(day.year == 2026 for day in days)
    window.act_undo.trigger()
    assert _stored_calendar(window).holidays == ()
    window.act_redo.trigger()
    assert {h.day for h in _stored_calendar(window).holidays} == days


def test_importing_the_same_holidays_again_says_so_where_the_user_looks(window, qtbot):
    dialog = _opened(window, qtbot, window.act_calendar, CalendarDialog)
    _import_country(qtbot, dialog, "DE", 2026)
    steps = window.session.undo.stack.count()
    _import_country(qtbot, dialog, "DE", 2026)
    assert window.session.undo.stack.count() == steps
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    bubble = refusal_bubble.current()
    assert "nothing to add" in bubble.text()
    button = dialog.import_button  # the user is back in the calendar, at the button they used
    under = button.mapToGlobal(button.rect().bottomLeft())
    assert abs(bubble.pos().y() - under.y()) < 30 and abs(bubble.pos().x() - under.x()) < 30
    assert getattr(window, "refusal_box", None) is None  # no message box on top as well
    refusal_bubble.close_current()


# -- baselines --


def test_baselines_save_rename_and_delete_by_the_buttons(window, qtbot):
    dialog = _opened(window, qtbot, window.act_baselines, BaselinesDialog)
    table = dialog.table
    with answering(type_and_enter("Signed off")):
        _click(dialog.save_button)
    assert table.rowCount() == 1 and table.item(0, 0).text() == "Signed off"
    window.act_undo.trigger()
    assert table.rowCount() == 0
    window.act_redo.trigger()
    assert table.rowCount() == 1

    def retype(box: QWidget) -> None:
        field = box.focusWidget()
        assert field.text() == "Signed off"
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(field, "Kick-off")
        QTest.keyClick(field, Qt.Key.Key_Return)

    _click_row(table, 0)
    with answering(retype):
        _click(dialog.rename_button)
    assert table.item(0, 0).text() == "Kick-off"
    window.act_undo.trigger()
    assert table.item(0, 0).text() == "Signed off"
    window.act_redo.trigger()
    assert table.item(0, 0).text() == "Kick-off"

    def click_no(box: QWidget) -> None:
        QTest.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)

    def click_yes(box: QWidget) -> None:
        QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    _click_row(table, 0)
    with answering(click_no):
        _click(dialog.delete_button)
    assert table.rowCount() == 1
    with answering(click_yes):
        _click(dialog.delete_button)
    assert table.rowCount() == 0
    window.act_undo.trigger()
    assert table.rowCount() == 1
    window.act_redo.trigger()
    assert table.rowCount() == 0


def test_return_applies_the_week_and_closes_escape_drops_it(window, qtbot):
    dialog = _opened(window, qtbot, window.act_calendar, CalendarDialog)
    before = _stored_calendar(window)
    saturday = dialog.weekday_boxes[5]
    saturday.setFocus()
    qtbot.waitUntil(saturday.hasFocus)
    QTest.keyClick(saturday, Qt.Key.Key_Space)
    QTest.keyClick(saturday, Qt.Key.Key_Escape)  # Cancel: nothing stored
    qtbot.waitUntil(lambda: window.findChild(CalendarDialog) is None)  # closed and deleted
    assert _stored_calendar(window) == before

    dialog = _opened(window, qtbot, window.act_calendar, CalendarDialog)
    saturday = dialog.weekday_boxes[5]
    assert not saturday.isChecked()
    saturday.setFocus()
    qtbot.waitUntil(saturday.hasFocus)
    QTest.keyClick(saturday, Qt.Key.Key_Space)
    QTest.keyClick(saturday, Qt.Key.Key_Return)  # OK
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _stored_calendar(window).working_weekdays == before.working_weekdays | (1 << 5)
    window.act_undo.trigger()
    assert _stored_calendar(window) == before
    window.act_redo.trigger()
    assert _stored_calendar(window).working_weekdays == before.working_weekdays | (1 << 5)


def test_ctrl_z_and_ctrl_y_work_in_the_baselines_and_calendar_dialogs(window, qtbot):
    dialog = _opened(window, qtbot, window.act_baselines, BaselinesDialog)
    with answering(type_and_enter("Signed off")):
        _click(dialog.save_button)
    table = dialog.table
    _click_row(table, 0)  # the click puts the keyboard focus in the table
    dialog.activateWindow()
    qtbot.waitUntil(table.hasFocus)
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 0
    QTest.keyClick(table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 1
    QTest.keyClick(table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(BaselinesDialog) is None)

    calendar = _opened(window, qtbot, window.act_calendar, CalendarDialog)
    _import_country(qtbot, calendar, "DE", 2026)
    _click_row(calendar.holiday_table, 0)
    calendar.activateWindow()
    qtbot.waitUntil(calendar.holiday_table.hasFocus)
    QTest.keyClick(calendar.holiday_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored_calendar(window).holidays == ()


def test_return_on_a_baseline_renames_it_and_never_asks_to_delete(window, qtbot):
    dialog = _opened(window, qtbot, window.act_baselines, BaselinesDialog)
    with answering(type_and_enter("Signed off")):
        _click(dialog.save_button)
    table = dialog.table
    _click_row(table, 0)
    dialog.activateWindow()
    qtbot.waitUntil(table.hasFocus)
    asked: list[str] = []

    def answer(box: QWidget) -> None:
        asked.append(box.windowTitle())
        press_escape(box)

    with answering(answer):
        QTest.keyClick(table, Qt.Key.Key_Return)
    assert asked == ["Rename Baseline"]
    assert table.rowCount() == 1
