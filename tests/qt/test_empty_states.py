"""Empty screens say what to do next, with one-click buttons where the content would be."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from ipmp_desktop.core.commands import CreateProject, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.views.main_window import MainWindow
from tests.qt.user_input import answering, type_and_enter


def _button(window, name: str) -> QPushButton:
    button = window.welcome.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), name
    return button


def _open(qtbot, settings, path: Path) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(path))
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_new_workspace_shows_what_to_do_next(qtbot, settings, tmp_path):
    Workspace.create(tmp_path / "empty.ipmp").close()
    window = _open(qtbot, settings, tmp_path / "empty.ipmp")
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.title.text() == "No projects yet"
    for name in ("newProject", "importFile", "openDemo", "openWorkspace"):
        assert _button(window, name).isEnabled()
    with answering(type_and_enter("First project")):
        QTest.mouseClick(_button(window, "newProject"), Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.tabs
    assert window.project_box.currentText() == "First project"
    window.act_undo.trigger()  # back to no project: the guidance comes back
    assert window.pages.currentWidget() is window.welcome


def test_the_demo_button_writes_and_opens_the_demo(qtbot, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    Workspace.create(tmp_path / "empty.ipmp").close()
    window = _open(qtbot, settings, tmp_path / "empty.ipmp")
    QTest.mouseClick(_button(window, "openDemo"), Qt.MouseButton.LeftButton)
    demo = window.session.workspace.path
    assert demo.parent.is_relative_to(tmp_path / "data") and demo.name == "Demo plans.ipmp"
    assert window.project_box.count() == 4
    assert window.pages.currentWidget() is window.tabs


def test_an_empty_project_offers_its_first_task(qtbot, settings, tmp_path):
    path = tmp_path / "one.ipmp"
    with Workspace.create(path) as workspace:
        apply(workspace, CreateProject(name="Empty", start=date(2026, 12, 7)))
    window = _open(qtbot, settings, path)
    window.show_tab(1)
    note = window.gantt_view.empty_note
    assert note.isVisible() and "no tasks yet" in note.title.text()
    assert window.outline_view.actions_by_name["add"].isEnabled()
    QTest.mouseClick(note.buttons["addFirstTask"], Qt.MouseButton.LeftButton)
    assert window.outline_model.rowCount() == 1
    assert not note.isVisible()
    window.act_undo.trigger()
    assert note.isVisible()
