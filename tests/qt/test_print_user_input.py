"""File > Print Preview, Print and Export as the user uses them: the shortcut pressed in the
Gantt outline, the page set up by keyboard and mouse, the Export button pressed with Enter and
its file dialog answered by typing; the setup is remembered for the next time."""

import re
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ipmp_desktop.qt.views.dialogs.print_dialog import PrintDialog
from tests.qt.user_input import (
    answering,
    focus_outline,
    press_escape,
    press_keys,
    type_path_and_enter,
)


def _click_box(box) -> None:
    """Click a check box or radio button on its indicator (a wide box ignores a click far
    right of its text)."""
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def _show_tab(tabs, title: str) -> None:
    bar = tabs.tabBar()
    number = next(i for i in range(tabs.count()) if tabs.tabText(i).replace("&", "") == title)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(number).center())
    assert tabs.currentIndex() == number


def _type_date(edit, text: str) -> None:
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Tab)


def test_ctrl_e_sets_up_the_page_and_exports_a_pdf_by_keyboard(window, qtbot, tmp_path, settings):
    target = tmp_path / "website.pdf"
    tree = focus_outline(window, qtbot)
    seen: list[PrintDialog] = []

    def user(dialog: QWidget) -> None:
        assert isinstance(dialog, PrintDialog)
        seen.append(dialog)
        form = dialog.form
        qtbot.waitUntil(dialog.isActiveWindow)
        assert QApplication.focusWidget() is dialog.export_button  # Ctrl+E: Export is ready
        form.paper_box.setFocus()
        QTest.keyClicks(form.paper_box, "A3")
        assert form.paper_box.currentData() == "A3"
        _click_box(form.portrait)
        _show_tab(form.tabs, "Content")
        if form.whole_plan.isChecked():
            _click_box(form.whole_plan)
        _type_date(form.first_day, "2026-01-05")
        _type_date(form.last_day, "2026-01-16")
        # Enter at once, within the pause before the preview is rebuilt, as a quick user does
        with answering(type_path_and_enter(str(target))):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: target.is_file() and not dialog.runner.running, timeout=10_000)
        press_escape(dialog)  # to its focused widget, active again or not yet

    with answering(user, timeout_ms=20_000):
        press_keys(tree, "Ctrl+E")
    pdf = target.read_bytes()
    assert seen and pdf.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[0 0 842[.0]* 1191[.0]*\]", pdf)  # A3 portrait, in points
    setup = settings.print_setup("gantt")
    assert setup is not None
    assert (setup.paper, setup.landscape) == ("A3", False)
    assert setup.date_range == (date(2026, 1, 5), date(2026, 1, 16))


def test_ctrl_shift_p_previews_and_ctrl_p_offers_print_first(window, qtbot):
    tree = focus_outline(window, qtbot)
    defaults: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, PrintDialog)
        qtbot.waitUntil(lambda: dialog.count_label.text() != "")
        buttons = (dialog.print_button, dialog.export_button)
        defaults.append(",".join(b.text() for b in buttons if b.isDefault()))
        press_escape(dialog)

    with answering(look):
        press_keys(tree, "Ctrl+Shift+P")
    with answering(look):
        press_keys(focus_outline(window, qtbot), "Ctrl+P")
    assert defaults == ["", "&Print…"]


def test_print_opens_the_printer_dialog_and_cancelling_it_prints_nothing(window, qtbot):
    tree = focus_outline(window, qtbot)
    asked: list[str] = []

    def user(dialog: QWidget) -> None:
        assert isinstance(dialog, PrintDialog)
        qtbot.waitUntil(dialog.isActiveWindow)
        assert QApplication.focusWidget() is dialog.print_button  # Ctrl+P: Print is ready

        def cancel_printer(printer_dialog: QWidget) -> None:
            asked.append(type(printer_dialog).__name__)
            press_escape(printer_dialog)

        with answering(cancel_printer):
            QTest.keyClick(dialog.print_button, Qt.Key.Key_Return)
        assert dialog.runner is None  # nothing was sent
        press_escape(dialog)

    with answering(user, timeout_ms=20_000):
        press_keys(tree, "Ctrl+P")
    assert asked == ["QPrintDialog"]
