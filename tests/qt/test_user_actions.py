"""Main-window actions as the user takes them: menu actions triggered, toolbar buttons clicked,
shortcuts pressed, dialogs answered by typing. Each test here failed before its fix."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QToolBar

from ipmp_desktop.qt.models.task_outline_model import OutlineColumn
from ipmp_desktop.qt.views import refusal_bubble
from tests.qt.user_input import (
    answering,
    click_toolbar_button,
    press_escape,
    press_keys,
    project_names,
    type_and_enter,
    type_path_and_enter,
)


def _toolbar(window) -> QToolBar:
    return window.findChild(QToolBar, "projectToolbar")


def test_new_project_from_the_menu_asks_for_a_name(window, workspace_path):
    with answering(type_and_enter("Mobile app")):
        window.act_new_project.trigger()
    assert window.project_box.currentText() == "Mobile app"
    assert "Mobile app" in project_names(workspace_path)
    window.act_undo.trigger()
    assert "Mobile app" not in project_names(workspace_path)
    window.act_redo.trigger()
    assert "Mobile app" in project_names(workspace_path)


def test_new_project_from_the_toolbar_button_and_ctrl_n(window, qtbot, workspace_path):
    with answering(type_and_enter("From the toolbar")):
        click_toolbar_button(_toolbar(window), window.act_new_project)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.outline_view.tree.setFocus()
    with answering(type_and_enter("From Ctrl+N")):
        press_keys(QApplication.focusWidget(), "Ctrl+N")
    assert {"From the toolbar", "From Ctrl+N"} <= set(project_names(workspace_path))
    assert window.project_box.currentText() == "From Ctrl+N"


def test_cancelled_new_project_writes_nothing(window, workspace_path):
    before = project_names(workspace_path)
    with answering(press_escape):
        window.act_new_project.trigger()
    assert project_names(workspace_path) == before
    assert not window.statusBar().currentMessage()


def test_rename_project_from_the_menu(window, workspace_path):
    def retype(dialog):
        field = dialog.focusWidget()
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(field, "Web shop")
        QTest.keyClick(field, Qt.Key.Key_Return)

    with answering(retype):
        window.act_rename_project.trigger()
    assert project_names(workspace_path) == ["Web shop"]


def test_new_workspace_from_the_menu(window, tmp_path):
    target = tmp_path / "Team plans"
    with answering(type_path_and_enter(str(target))):
        window.act_new_workspace.trigger()
    assert window.session.workspace.path == tmp_path / "Team plans.ipmp"
    assert project_names(tmp_path / "Team plans.ipmp") == []


def test_save_a_copy_from_the_menu(window, tmp_path):
    target = tmp_path / "copy.ipmp"

    with answering(type_path_and_enter(str(target))):
        window.act_save_copy.trigger()
    assert project_names(target) == ["Website"]


# -- refusals are shown where the user is looking --


def test_a_cycle_typed_in_the_predecessors_cell_is_refused_beside_it(window, qtbot):
    window.show_tab(1)
    tree, model = window.outline_view.tree, window.outline_model
    phase = model.index(0, 0)
    design = model.index(0, OutlineColumn.PREDECESSORS, phase)
    build = model.index(1, OutlineColumn.PREDECESSORS, phase)
    for index, text in ((build, "1.1"), (design, "1.2")):  # Build after Design, then the loop
        tree.setFocus()
        tree.setCurrentIndex(index)
        qtbot.keyClick(tree, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    bubble = refusal_bubble.current()
    assert "cycle" in bubble.text().lower()
    cell = tree.visualRect(model.index(0, OutlineColumn.PREDECESSORS, phase))
    under = tree.viewport().mapToGlobal(cell.bottomLeft())
    assert abs(bubble.pos().y() - under.y()) < 40
    assert not model.index(0, OutlineColumn.PREDECESSORS, phase).data()


def test_clearing_a_card_title_in_place_is_refused_beside_the_card(window, qtbot):
    board = window.board_view
    view = next(v for v in board.cells.values() if v.cell_model().rowCount())
    view.setFocus()
    view.setCurrentIndex(view.cell_model().index(0))
    title = view.currentIndex().data(Qt.ItemDataRole.EditRole)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    assert "title" in refusal_bubble.current().text().lower()
    assert view.cell_model().index(0).data(Qt.ItemDataRole.EditRole) == title


def test_a_refused_drop_is_told_in_a_message_box(window, qtbot):
    from ipmp_desktop.core.commands import UpdateColumn
    from tests.qt.test_board_view import columns, drag

    board = window.board_view
    done = columns(board)["Done"]
    assert window.push(UpdateColumn(column_id=done, wip_limit=1, wip_policy="refuse"))
    first, second = [c.title for c in board.store.data.cards.values()][:2]
    assert drag(board, [first], "Done", 0)
    count = window.session.undo.stack.count()
    drag(board, [second], "Done", 0)
    qtbot.waitUntil(lambda: getattr(window, "refusal_box", None) is not None)
    assert window.refusal_box.isVisible()
    assert "takes no more" in window.refusal_box.text()
    assert window.session.undo.stack.count() == count


def _theme_action(window, text: str):
    theme_menu = next(a.menu() for a in window.view_menu.actions() if a.text() == "&Theme")
    return next(a for a in theme_menu.actions() if a.text() == text)


def test_view_theme_dark_repaints_the_gantt_and_the_roadmap(window, qtbot):
    window.show_tab(1)
    chart = window.gantt_view.chart
    timeline = window.roadmap_view.timeline
    try:
        _theme_action(window, "&Dark").trigger()
        qtbot.waitUntil(lambda: chart.gantt_painter.style.background.lightness() < 80)
        assert timeline.style_.background.lightness() < 80
        picture = chart.viewport().grab().toImage()
        assert picture.pixelColor(picture.width() - 5, picture.height() - 5).lightness() < 80
        _theme_action(window, "&Light").trigger()
        qtbot.waitUntil(lambda: chart.gantt_painter.style.background.lightness() > 170)
        assert timeline.style_.background.lightness() > 170
    finally:
        _theme_action(window, "Follow the &System").trigger()


def _names(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    return [
        (
            model.index(r, OutlineColumn.NAME, parent).data(Qt.ItemDataRole.EditRole),
            _names(model, model.index(r, 0, parent)),
        )
        for r in range(model.rowCount(parent))
    ]


def test_indent_and_outdent_move_every_selected_row_in_one_step(window, qtbot):
    window.show_tab(1)
    tree, model = window.outline_view.tree, window.outline_model
    phase = model.index(0, OutlineColumn.NAME)
    tree.setFocus()
    tree.setCurrentIndex(model.index(1, OutlineColumn.NAME, phase))  # Build
    qtbot.keyClick(
        tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    # top level now: Phase 1 (Design), Build, Launch; select Build and Launch with Shift+Down
    build = next(
        r
        for r in range(model.rowCount())
        if model.index(r, OutlineColumn.NAME).data(Qt.ItemDataRole.EditRole) == "Build"
    )
    tree.setCurrentIndex(model.index(build, OutlineColumn.NAME))
    qtbot.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(window.outline_view.selected_ids()) == 2
    before = window.session.undo.stack.count()
    qtbot.keyClick(
        tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _names(model) == [("Phase 1", [("Design", []), ("Build", []), ("Launch", [])])]
    assert window.session.undo.stack.count() == before + 1
    assert len(window.outline_view.selected_ids()) == 2
    qtbot.keyClick(
        tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _names(model) == [("Phase 1", [("Design", [])]), ("Build", []), ("Launch", [])]
    window.act_undo.trigger()
    assert _names(model)[0] == ("Phase 1", [("Design", []), ("Build", []), ("Launch", [])])
    window.act_redo.trigger()
    assert _names(model) == [("Phase 1", [("Design", [])]), ("Build", []), ("Launch", [])]
