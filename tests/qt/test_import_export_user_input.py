"""File > Import and File > Export Data as the user uses them: the shortcut pressed in the task
outline, the file dialog answered by typing the file's name, the preview finished by keyboard;
the import undone and redone with the main window's Undo and Redo."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ipmp_desktop.core.interchange.formats import BY_KEY, read_plan
from tests.qt.test_import_dialog import needs_gan, sample_plan
from tests.qt.user_input import (
    answering,
    focus_outline,
    press_keys,
    project_names,
    type_path_and_enter,
)


@pytest.fixture
def shed_file(tmp_path: Path) -> Path:
    """A GanttProject file of four tasks."""
    path = tmp_path / "shed.gan"
    path.write_bytes(BY_KEY["gan"].write(sample_plan()))
    return path


@needs_gan
def test_ctrl_i_imports_the_typed_file_by_keyboard_with_undo_and_redo(
    window, qtbot, shed_file, workspace_path
):
    with answering(type_path_and_enter(str(shed_file))):
        press_keys(focus_outline(window, qtbot), "Ctrl+I")
    dialog = window.import_dialog
    qtbot.waitUntil(lambda: not dialog.reading and dialog.import_button.isEnabled(), timeout=20_000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    field = dialog.name_edit
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field, "Shed")
    QTest.keyClick(field, Qt.Key.Key_Return)  # Import is the default button
    qtbot.waitUntil(lambda: getattr(window, "import_report", None) is not None, timeout=20_000)
    assert project_names(workspace_path) == ["Shed", "Website"]
    assert window.project_box.currentText() == "Shed"
    report = window.import_report
    qtbot.waitUntil(lambda: QApplication.activeWindow() is report)
    QTest.keyClick(report.focusWidget() or report, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not report.isVisible())
    window.act_undo.trigger()
    assert project_names(workspace_path) == ["Website"]
    window.act_redo.trigger()
    assert project_names(workspace_path) == ["Shed", "Website"]


def test_ctrl_shift_e_exports_the_project_to_the_typed_file(window, qtbot, tmp_path):
    target = tmp_path / "website.xml"
    with answering(type_path_and_enter(str(target))):
        press_keys(focus_outline(window, qtbot), "Ctrl+Shift+E")
    operation = window.export_operation
    qtbot.waitUntil(lambda: not operation.running, timeout=30_000)
    assert operation.state == "finished"
    _format, plan = read_plan(target)
    assert plan.name == "Website"
    assert {"Phase 1", "Design", "Build", "Launch"} <= {task.title for task in plan.tasks}
    assert str(target) in window.statusBar().currentMessage()
