"""Date fields of the dialogs read what is typed (QDateEdit turned a typed 2026-06-30 into
2026-12-06), step with the arrows, refuse text that is no date beside the field, and offer a
calendar."""

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from ipmp_desktop.core.services.queries import list_projects
from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.date_field import DateField
from ipmp_desktop.qt.views.dialogs.project_dialog import ProjectDialog
from tests.qt.user_input import answering


def _dialog(qtbot) -> ProjectDialog:
    dialog = ProjectDialog(None, title="New Project", start=date(2026, 12, 8))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name_edit.setFocus()
    return dialog


def test_an_iso_date_typed_after_tab_is_the_date(qtbot):
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.name_edit, "Launch")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    field = dialog.focusWidget()
    assert field is dialog.start_edit
    qtbot.waitUntil(lambda: field.selectedText() == "2026-12-08")  # all of it, ready to type
    qtbot.keyClicks(field, "2026-06-30")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert dialog.values() == ("Launch", date(2026, 6, 30))


def test_day_first_text_a_day_alone_and_the_arrows(qtbot):
    dialog = _dialog(qtbot)
    field = dialog.start_edit
    changes: list[QDate] = []
    field.dateChanged.connect(changes.append)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "21 12 2026")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.date() == QDate(2026, 12, 21)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "3")
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.date() == QDate(2026, 12, 4)
    qtbot.keyClick(field, Qt.Key.Key_PageDown)
    assert field.text() == "2026-11-27"
    assert changes == [QDate(2026, 12, 21), QDate(2026, 12, 3), QDate(2026, 12, 4), field.date()]


def test_text_that_is_no_date_is_refused_beside_the_field(qtbot):
    dialog = _dialog(qtbot)
    field = dialog.start_edit
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "31 31")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    assert "“31 31” is not a date" in refusal_bubble.current().text()
    assert field.text() == "31 31" and field.date() == QDate(2026, 12, 8)  # kept to correct
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "2301-01-01")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "outside the dates" in refusal_bubble.current().text())
    assert field.date() == QDate(2026, 12, 8)


def test_a_day_picked_in_the_calendar(qtbot):
    field = DateField(None, date(2026, 12, 8))
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.calendar_action.trigger()
    calendar = field.calendar
    qtbot.waitUntil(lambda: calendar.isVisible())
    calendar.setFocus()
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert field.date() == QDate(2026, 12, 9)


def test_new_project_with_a_typed_start_from_the_menu(window):
    def name_and_start(dialog):
        field = dialog.focusWidget()
        QTest.keyClicks(field, "Spring launch")
        QTest.keyClick(field, Qt.Key.Key_Tab)
        start = dialog.focusWidget()
        QTest.keyClick(start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(start, "2027-03-01")
        QTest.keyClick(start, Qt.Key.Key_Return)

    with answering(name_and_start):
        window.act_new_project.trigger()
    assert window.project_box.currentText() == "Spring launch"
    with window.session.workspace.reading() as session:
        start = next(p.start for p in list_projects(session) if p.name == "Spring launch")
    assert start == date(2027, 3, 1)


def test_enter_on_an_impossible_date_keeps_the_dialog_open(window, qtbot):
    def bad_then_good(dialog):
        QTest.keyClicks(dialog.focusWidget(), "Bad start")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        start = dialog.focusWidget()
        QTest.keyClick(start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(start, "2026-02-30")
        QTest.keyClick(start, Qt.Key.Key_Return)
        assert dialog.isVisible()  # refused: still open, the reason beside the field
        assert "is not a date" in refusal_bubble.current().text()
        QTest.keyClick(start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(start, "2026-02-27")
        QTest.keyClick(start, Qt.Key.Key_Return)

    with answering(bad_then_good):
        window.act_new_project.trigger()
    with window.session.workspace.reading() as session:
        start = next(p.start for p in list_projects(session) if p.name == "Bad start")
    assert start == date(2026, 2, 27)


def test_ok_clicked_with_a_date_that_is_no_date_keeps_the_dialog_open(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.name_edit, "Launch")
    field = dialog.start_edit
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "2026-02-30")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0
    assert "is not a date" in refusal_bubble.current().text()
