"""The application shell: projects, outline actions, undo/redo, files, persistence."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from ipmp_desktop.core.commands import SaveBaseline
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.outline import OutlineTree
from ipmp_desktop.core.services.queries import list_projects, project_tasks
from ipmp_desktop.qt.models.task_outline_model import OutlineColumn
from ipmp_desktop.qt.views.main_window import MainWindow


def outline(path: Path) -> list[tuple[str, str]]:
    with Workspace.open(path) as workspace, workspace.reading() as session:
        project = list_projects(session)[0]
        tree = OutlineTree.from_rows(project_tasks(session, project.id))
    return [(tree.wbs(t), tree.rows[t].title) for t, _ in tree.depth_first()]


def test_window_shows_workspace_and_project(window, workspace_path):
    assert window.windowTitle() == "plan.ipmp — IPMP"
    assert window.project_box.currentText() == "Website"
    assert window.status_counts.text() == "4 tasks"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Board",
        "Gantt",
        "Roadmap",
    ]


def test_outline_actions_by_keyboard_are_undoable(window, qtbot):
    window.show_tab(1)
    view = window.outline_view
    tree = view.tree
    model = window.outline_model
    build = model.index(1, OutlineColumn.NAME, model.index(0, 0))
    view.select_task(model.task_id(build))
    tree.setFocus()
    qtbot.keyClick(
        tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [(w, t) for w, t in _shown(model)] == [
        ("1", "Phase 1"),
        ("1.1", "Design"),
        ("2", "Build"),
        ("3", "◆ Launch"),
    ]
    qtbot.keyClick(
        tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClick(
        tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [t for _, t in _shown(model)] == ["Phase 1", "Build", "Design", "◆ Launch"]
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert [t for _, t in _shown(model)] == ["Phase 1", "Design", "◆ Launch"]
    for _ in range(4):
        window.act_undo.trigger()
    assert [t for _, t in _shown(model)] == ["Phase 1", "Design", "Build", "◆ Launch"]
    assert not window.act_undo.isEnabled()
    window.act_redo.trigger()
    assert window.act_undo.text() == "&Undo Outdent task"


def test_add_task_then_rename_in_place(window, qtbot):
    window.show_tab(1)
    view = window.outline_view
    model = window.outline_model
    view.select_task(model.task_id(model.index(1, 0)))  # Launch
    view.actions_by_name["add"].trigger()
    editors = view.tree.viewport().findChildren(QLineEdit)
    assert len(editors) == 1  # the name editor is open
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, "Press release")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: window.session.undo.stack.count() == 2)  # add, rename
    assert [t for _, t in _shown(model)][-1] == "Press release"


def test_edits_persist_across_restart(qtbot, settings, workspace_path):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.open_location(str(workspace_path))
    first.show()
    first.activateWindow()  # shortcuts such as Insert reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is first)
    first.show_tab(1)
    model, tree = first.outline_model, first.outline_view.tree

    def type_name(row: int, text: str) -> None:
        """Click the row's name, F2, type over it, Enter."""
        cell = tree.visualRect(model.index(row, OutlineColumn.NAME)).center()
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        QTest.keyClick(tree, Qt.Key.Key_F2)
        QTest.keyClicks(QApplication.focusWidget(), text)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    launch = tree.visualRect(model.index(1, OutlineColumn.NAME)).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=launch)
    QTest.keyClick(tree, Qt.Key.Key_Insert)  # "New task", its name open for typing
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    type_name(2, "Retrospective")
    type_name(0, "Phase one")
    qtbot.waitUntil(lambda: first.session.undo.stack.count() == 3)
    first.act_undo.trigger()  # back to "Phase 1"
    first.act_undo.trigger()  # "New task" again
    first.act_redo.trigger()  # "Retrospective"
    first.close()
    assert outline(workspace_path) == [
        ("1", "Phase 1"),
        ("1.1", "Design"),
        ("1.2", "Build"),
        ("2", "Launch"),
        ("3", "Retrospective"),
    ]
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert settings.last_workspace() == str(workspace_path)
    second.open_location(settings.last_workspace())
    assert [t for _, t in _shown(second.outline_model)][-1] == "Retrospective"
    assert second.project_box.currentText() == "Website"
    second.close()


def test_projects_create_rename_delete_undo(window):
    new_id = window.new_project_dialog(name="Mobile app", start=date(2026, 4, 1))
    assert window.project_box.currentText() == "Mobile app"
    assert window.current_project_id() == new_id
    assert window.outline_model.rowCount() == 0
    window.rename_project_dialog(name="Mobile app 2.0")
    assert window.project_box.currentText() == "Mobile app 2.0"
    window.delete_project_dialog(confirmed=True)
    assert [window.project_box.itemText(i) for i in range(window.project_box.count())] == [
        "Website"
    ]
    window.undo()
    assert window.project_box.findText("Mobile app 2.0") >= 0


def test_bad_file_is_explained_and_current_workspace_kept(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    junk = tmp_path / "junk.ipmp"
    junk.write_text("not a workspace")
    assert not window.open_location(str(junk))
    assert shown == [f"{junk} is not an IPMP workspace (it is not an SQLite file)."]
    assert window.project_box.currentText() == "Website"


def test_save_a_copy_and_recent_list(window, tmp_path, settings):
    copy = window.save_copy_dialog(str(tmp_path / "copy.ipmp"))
    assert copy is not None and outline(copy)[0] == ("1", "Phase 1")
    assert window.open_location(str(copy))
    assert settings.recent_workspaces()[:2] == [str(copy), str(tmp_path / "plan.ipmp")]
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()][:2] == [
        str(copy),
        str(tmp_path / "plan.ipmp"),
    ]


def test_new_workspace_is_created(window, tmp_path):
    path = tmp_path / "fresh.ipmp"
    assert window.open_location(str(path), create=True)
    assert window.project_box.count() == 0
    assert not window.act_rename_project.isEnabled()
    assert window.new_project_dialog(name="First", start=date(2026, 1, 1)) is not None


def test_geometry_persists(qtbot, settings, workspace_path):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.resize(640, 480)
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (640, 480)


def _shown(model):
    rows = []

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            rows.append((index.data(), index.siblingAtColumn(OutlineColumn.NAME).data()))
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return rows


def test_theme_switch_persists(window, settings):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from ipmp_desktop.qt.theme import Theme

    window.set_theme(Theme.DARK)
    assert settings.theme() == "dark"
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 60
    window.set_theme(Theme.SYSTEM)
    assert settings.theme() == "system"


def test_project_menu_opens_calendar_and_baselines_and_they_follow_undo(window):
    calendar = window.show_calendar()
    assert calendar is not None and calendar.isVisible()
    calendar.close()
    baselines = window.show_baselines()
    assert baselines is not None and baselines.table.rowCount() == 0
    assert window.push(SaveBaseline(project_id=window.current_project_id(), name="Signed off"))
    assert baselines.table.rowCount() == 1
    window.undo()
    assert baselines.table.rowCount() == 0  # the open dialog follows Edit > Undo
    baselines.close()
