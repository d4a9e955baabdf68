"""Typing into the task table's cells: dates as the cell shows them, numbers with their unit;
text that is not a date is refused beside the cell and writes nothing."""

from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox

from ipmp_desktop.qt.models.task_outline_model import OutlineColumn
from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.typed_date import TypedDateError, read_typed_date

REFERENCE = date(2026, 12, 16)
UK, US = (
    QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
    QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("2026-12-21", UK, date(2026, 12, 21)),
        ("2026/12/21", US, date(2026, 12, 21)),
        ("21/12/2026", UK, date(2026, 12, 21)),
        ("12/21/2026", US, date(2026, 12, 21)),
        ("21 12 2026", UK, date(2026, 12, 21)),
        ("21 12 2026", US, date(2026, 12, 21)),  # month 21 is impossible: day first
        ("3/4/27", UK, date(2027, 4, 3)),
        ("3/4/27", US, date(2027, 3, 4)),
        ("21.12", UK, date(2026, 12, 21)),
        ("21", UK, date(2026, 12, 21)),
        (" 5 ", US, date(2026, 12, 5)),
    ],
)
def test_typed_dates_are_read(text, locale, expected):
    assert read_typed_date(text, REFERENCE, locale) == expected


@pytest.mark.parametrize("text", ["", "32", "2026-02-30", "13/13/2026", "next week", "1 2 3 4"])
def test_text_that_is_no_date_is_refused_in_one_sentence(text):
    with pytest.raises(TypedDateError) as raised:
        read_typed_date(text, REFERENCE, UK)
    message = str(raised.value)
    assert message.count(".") <= 2 and "is not a date" in message


def _start_cell(window, row_title):
    model = window.outline_model
    for row in range(model.rowCount()):
        index = model.index(row, OutlineColumn.NAME)
        if index.data(Qt.ItemDataRole.EditRole) == row_title:
            return model.index(row, OutlineColumn.START)
    raise AssertionError(row_title)


def _type_into_cell(qtbot, tree, index, text):
    tree.setFocus()
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not tree
    if isinstance(editor, QLineEdit):
        assert editor.selectedText() == editor.text()  # the whole text is selected on entry
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return editor


def test_a_typed_iso_date_moves_the_task(window, qtbot):
    window.show_tab(1)
    tree = window.outline_view.tree
    index = _start_cell(window, "Launch")
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == index.data()  # the editor shows what the cell shows
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    _type_into_cell(qtbot, tree, index, "2026-03-02")
    qtbot.waitUntil(lambda: _start_cell(window, "Launch").data() == "2026-03-02")
    window.act_undo.trigger()
    assert _start_cell(window, "Launch").data() != "2026-03-02"
    window.act_redo.trigger()
    assert _start_cell(window, "Launch").data() == "2026-03-02"


def test_day_month_year_with_spaces_and_a_day_alone(window, qtbot):
    window.show_tab(1)
    tree = window.outline_view.tree
    _type_into_cell(qtbot, tree, _start_cell(window, "Launch"), "9 3 2026")
    qtbot.waitUntil(lambda: _start_cell(window, "Launch").data() == "2026-03-09")
    _type_into_cell(qtbot, tree, _start_cell(window, "Launch"), "16")
    qtbot.waitUntil(lambda: _start_cell(window, "Launch").data() == "2026-03-16")


def test_up_arrow_steps_a_day(window, qtbot):
    window.show_tab(1)
    tree = window.outline_view.tree
    index = _start_cell(window, "Launch")
    before = date.fromisoformat(index.data())
    tree.setFocus()
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    for _ in range(7):
        qtbot.keyClick(editor, Qt.Key.Key_Up)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    expected = before.toordinal() + 7
    qtbot.waitUntil(
        lambda: date.fromisoformat(_start_cell(window, "Launch").data()).toordinal() >= expected
    )


def test_bad_date_is_refused_beside_the_cell_and_writes_nothing(window, qtbot):
    window.show_tab(1)
    tree = window.outline_view.tree
    count = window.session.undo.stack.count()
    before = _start_cell(window, "Launch").data()
    _type_into_cell(qtbot, tree, _start_cell(window, "Launch"), "31 31")
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    bubble = refusal_bubble.current()
    assert "“31 31” is not a date" in bubble.text()
    cell = tree.visualRect(_start_cell(window, "Launch"))
    top_left = tree.viewport().mapToGlobal(cell.bottomLeft())
    assert abs(bubble.pos().y() - top_left.y()) < 40  # right under the cell
    assert window.session.undo.stack.count() == count
    assert _start_cell(window, "Launch").data() == before


def test_duration_is_edited_with_its_unit_beside_the_number(window, qtbot):
    window.show_tab(1)
    tree = window.outline_view.tree
    model = window.outline_model
    phase = model.index(0, OutlineColumn.NAME)
    design = model.index(0, OutlineColumn.DURATION, phase)
    tree.setFocus()
    tree.setCurrentIndex(design)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QSpinBox)
    assert editor.suffix() == " d"
    assert editor.alignment() & Qt.AlignmentFlag.AlignRight
    qtbot.keyClicks(editor, "120")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(0, OutlineColumn.DURATION, phase).data() == "120 d")
    window.act_undo.trigger()
    assert model.index(0, OutlineColumn.DURATION, phase).data() != "120 d"
    window.act_redo.trigger()
    assert model.index(0, OutlineColumn.DURATION, phase).data() == "120 d"


def test_tab_goes_from_the_name_to_the_next_cell_and_keeps_the_name(window, qtbot):
    window.show_tab(1)
    tree = window.outline_view.tree
    launch = _start_cell(window, "Launch").siblingAtColumn(OutlineColumn.NAME)
    tree.setFocus()
    tree.setCurrentIndex(launch)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Go live")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: tree.currentIndex().column() == OutlineColumn.START)
    start_editor = QApplication.focusWidget()
    assert isinstance(start_editor, QLineEdit) and start_editor.objectName() == "dateCellEditor"
    qtbot.keyClicks(start_editor, "2026-03-02")
    qtbot.keyClick(start_editor, Qt.Key.Key_Tab)  # on to Finish
    qtbot.waitUntil(lambda: tree.currentIndex().column() == OutlineColumn.FINISH)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert _start_cell(window, "Go live").data() == "2026-03-02"  # the name kept, the date set
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, shift)  # Shift+Tab
    qtbot.waitUntil(lambda: tree.currentIndex().column() == OutlineColumn.START)
