"""The main window's File, Edit, View and Project menus as the user uses them: shortcuts pressed
in the focused view, actions triggered as the menu does, dialogs answered by typing and clicking.
New Project, Rename, New Workspace and Save a Copy are in test_user_actions.py."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ipmp_desktop.core.commands import CreateProject, CreateTask, UpdateTask, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.models.task_outline_model import OutlineColumn
from tests.qt.user_input import (
    answering,
    focus_outline,
    press_escape,
    press_keys,
    project_names,
    type_path_and_enter,
)


def _click(button) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _answer_box(button: QMessageBox.StandardButton):
    """An answer that clicks ``button`` of a message box with the mouse."""

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), type(box)
        _click(box.button(button))

    return answer


def _other_workspace(tmp_path: Path) -> Path:
    path = tmp_path / "other.ipmp"
    with Workspace.create(path) as workspace:
        apply(workspace, CreateProject(name="Other plan", start=date(2026, 3, 2)))
    return path


# -- File --


def test_ctrl_o_opens_the_workspace_typed_in_the_file_dialog(window, qtbot, tmp_path):
    other = _other_workspace(tmp_path)
    tree = focus_outline(window, qtbot)
    with answering(type_path_and_enter(str(other))):
        press_keys(tree, "Ctrl+O")
    assert window.session.workspace.path == other
    assert window.project_box.currentText() == "Other plan"


def test_cancelled_open_keeps_the_workspace(window, qtbot, workspace_path):
    with answering(press_escape):
        window.act_open.trigger()
    assert window.session.workspace.path == workspace_path


def test_an_open_recent_entry_opens_that_workspace(window, qtbot, tmp_path, workspace_path):
    other = _other_workspace(tmp_path)
    with answering(type_path_and_enter(str(other))):
        window.act_open.trigger()
    menu = window.recent_menu
    menu.popup(window.mapToGlobal(QPoint(20, 20)))  # showing it fills it, as the File menu does
    qtbot.waitUntil(menu.isVisible)
    entries = {a.text(): a for a in menu.actions()}
    assert list(entries)[:2] == [str(other), str(workspace_path)]
    entries[str(workspace_path)].trigger()
    menu.close()
    assert window.session.workspace.path == workspace_path
    assert window.project_box.currentText() == "Website"


def test_delete_project_asks_and_only_yes_deletes_with_undo_and_redo(window, workspace_path):
    with answering(_answer_box(QMessageBox.StandardButton.No)):
        window.act_delete_project.trigger()
    assert project_names(workspace_path) == ["Website"]
    asked: list[str] = []

    def yes(box: QWidget) -> None:
        asked.append(box.text())
        _answer_box(QMessageBox.StandardButton.Yes)(box)

    with answering(yes):
        window.act_delete_project.trigger()
    assert "Website" in asked[0]
    assert project_names(workspace_path) == []
    assert window.project_box.count() == 0
    window.act_undo.trigger()
    assert project_names(workspace_path) == ["Website"]
    assert window.project_box.currentText() == "Website"
    window.act_redo.trigger()
    assert project_names(workspace_path) == []


def test_ctrl_q_closes_the_window(window, qtbot):
    tree = focus_outline(window, qtbot)
    press_keys(tree, "Ctrl+Q")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.session is None  # the workspace was closed with it


# -- Edit --


def _title(window, task_id: int) -> str:
    with window.session.workspace.reading() as session:
        from ipmp_desktop.core.model import Task

        return session.get(Task, task_id).title


def _first_task(window) -> int:
    model = window.outline_model
    return model.task_id(model.index(0, 0))


def test_undo_and_redo_keys_in_the_outline(window, qtbot):
    task_id = _first_task(window)
    before = _title(window, task_id)
    assert window.push(UpdateTask(task_id=task_id, title="Renamed"))
    tree = focus_outline(window, qtbot)
    press_keys(tree, "Ctrl+Z")
    assert _title(window, task_id) == before
    press_keys(tree, "Ctrl+Y")
    assert _title(window, task_id) == "Renamed"
    press_keys(tree, "Ctrl+Z")
    press_keys(tree, "Ctrl+Shift+Z")
    assert _title(window, task_id) == "Renamed"


def test_undo_and_redo_keys_on_the_board(window, qtbot):
    task_id = _first_task(window)
    assert window.push(UpdateTask(task_id=task_id, title="Renamed"))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_tab(0)
    cards = QApplication.focusWidget()
    assert cards is not None and cards.window() is window
    press_keys(cards, "Ctrl+Z")
    assert _title(window, task_id) != "Renamed"
    press_keys(QApplication.focusWidget(), "Ctrl+Y")
    assert _title(window, task_id) == "Renamed"


def test_recycle_bin_restores_the_clicked_entry_and_empties_after_asking(window, qtbot):
    task_id = _first_task(window)
    tree = focus_outline(window, qtbot)
    tree.setCurrentIndex(window.outline_model.index(0, OutlineColumn.NAME))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)  # to the recycle bin
    assert not window.outline_model.index_of(task_id).isValid()
    window.act_recycle_bin.trigger()
    qtbot.waitUntil(lambda: getattr(window, "recycle_bin", None) is not None)
    dialog = window.recycle_bin
    qtbot.waitExposed(dialog)
    assert not dialog.restore_button.isEnabled()
    entries = dialog.entries
    QTest.mouseClick(
        entries.viewport(),
        Qt.MouseButton.LeftButton,
        pos=entries.visualItemRect(entries.item(0)).center(),
    )
    _click(dialog.restore_button)
    assert window.outline_model.index_of(task_id).isValid()
    assert entries.count() == 0
    window.act_undo.trigger()
    assert entries.count() == 1
    window.act_redo.trigger()
    assert entries.count() == 0
    QTest.mouseClick(entries.viewport(), Qt.MouseButton.LeftButton)  # the focus goes there
    dialog.activateWindow()
    qtbot.waitUntil(entries.hasFocus)
    QTest.keyClick(entries, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # in the bin
    assert entries.count() == 1
    with answering(_answer_box(QMessageBox.StandardButton.Yes)):
        _click(dialog.empty_button)
    assert entries.count() == 0 and not dialog.empty_button.isEnabled()
    window.act_undo.trigger()
    assert entries.count() == 1
    dialog.close()


# -- View --


def test_ctrl_1_2_3_show_board_gantt_and_roadmap_with_the_focus_in_them(window, qtbot):
    tree = focus_outline(window, qtbot)
    press_keys(tree, "Ctrl+1")
    assert window.tabs.currentWidget() is window.board_view
    focus = QApplication.focusWidget()
    assert focus is not None and window.board_view.isAncestorOf(focus)
    press_keys(focus, "Ctrl+3")
    assert window.tabs.currentWidget() is window.roadmap_view
    press_keys(QApplication.focusWidget() or window, "Ctrl+2")
    assert window.tabs.currentWidget() is window.gantt_view
    assert window.outline_view.tree.hasFocus()


def test_the_project_switcher_follows_the_keyboard(window, qtbot):
    second = CreateProject(name="Mobile app", start=date(2026, 2, 2))
    assert window.push(second)
    assert window.push(CreateTask(project_id=second.project_id, title="Store listing"))
    box = window.project_box
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    start = box.currentText()
    qtbot.keyClick(box, Qt.Key.Key_Down if box.currentIndex() == 0 else Qt.Key.Key_Up)
    assert box.currentText() != start
    assert window.outline_model.project_id == window.current_project_id()
    model = window.outline_model
    column = OutlineColumn.NAME
    titles = [model.index(row, column).data() for row in range(model.rowCount())]
    assert ("Store listing" in titles) == (box.currentText() == "Mobile app")


def test_return_in_the_recycle_bin_restores_the_selected_entry_and_empties_nothing(window, qtbot):
    task_id = _first_task(window)
    tree = focus_outline(window, qtbot)
    tree.setCurrentIndex(window.outline_model.index(0, OutlineColumn.NAME))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    window.act_recycle_bin.trigger()
    qtbot.waitUntil(lambda: getattr(window, "recycle_bin", None) is not None)
    dialog = window.recycle_bin
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    entries = dialog.entries
    rect = entries.visualItemRect(entries.item(0))
    QTest.mouseClick(entries.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(entries.hasFocus)
    asked: list[str] = []

    def refuse(box: QWidget) -> None:  # Empty Bin's question: say No, and note it was asked
        asked.append(box.text())
        _answer_box(QMessageBox.StandardButton.No)(box)

    def refuse_a_question() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            refuse(box)

    QTimer.singleShot(0, refuse_a_question)  # runs inside the question, if one is asked
    QTest.keyClick(entries, Qt.Key.Key_Return)
    assert not asked, "Return asked to empty the bin"
    assert window.outline_model.index_of(task_id).isValid()
    assert entries.count() == 0
    window.act_undo.trigger()
    assert entries.count() == 1
    dialog.close()


# -- Help --


def test_about_opens_from_the_help_menu_and_escape_closes_it(window, qtbot):
    from ipmp_desktop.qt.views.dialogs.about_dialog import AboutDialog

    window.act_about.trigger()
    qtbot.waitUntil(lambda: window.findChild(AboutDialog) is not None)
    about = window.findChild(AboutDialog)
    qtbot.waitUntil(lambda: about.isVisible() and about.focusWidget() is not None)
    press_escape(about)
    qtbot.waitUntil(lambda: window.findChild(AboutDialog) is None)  # closed and deleted
