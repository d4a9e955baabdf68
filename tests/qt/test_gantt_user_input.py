"""The Gantt tab as the user drives it: keys pressed in the focused table or chart, the Task and
View menus' actions triggered, toolbar buttons clicked, cells typed into, bars clicked and
double-clicked on the chart's viewport. Every change goes back and forth with Edit > Undo and
Edit > Redo (the main window's actions)."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QToolBar

from ipmp_desktop.core.commands import UpdateTask
from ipmp_desktop.core.layout.timescale import Zoom
from ipmp_desktop.core.services.queries import predecessors_text
from ipmp_desktop.qt.models.task_outline_model import OutlineColumn
from ipmp_desktop.qt.views import refusal_bubble
from tests.qt import test_gantt_view as gantt
from tests.qt.test_gantt_view import MONDAY, bar, task
from tests.qt.user_input import click_toolbar_button, press_keys
from tests.support import dump

plan_path = gantt.plan_path  # "Launch": Design -> Build, and Docs, from Monday 2 March
main = gantt.main

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def shown(model, parent: QModelIndex | None = None) -> list[str]:
    """Task names in table order, subtasks after their parent."""
    parent = parent or QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        found.append(model.index(row, OutlineColumn.NAME, parent).data())
        found.extend(shown(model, model.index(row, 0, parent)))
    return found


def undo(window) -> None:
    window.act_undo.trigger()


def redo(window) -> None:
    window.act_redo.trigger()


def click_row(window, index, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Click the table's cell ``index`` with the mouse."""
    tree = window.outline_view.tree
    tree.scrollTo(index)
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, modifiers, tree.visualRect(index).center()
    )


def bar_point(window, title: str) -> QPoint:
    """The viewport point in the middle of ``title``'s bar."""
    shape = bar(window, title)
    return window.gantt_view.chart.from_chart(
        QPointF((shape.x0 + shape.x1) / 2, shape.mid_y)
    ).toPoint()


def click_bar(window, title: str, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    chart = window.gantt_view.chart
    QTest.mouseClick(
        chart.viewport(), Qt.MouseButton.LeftButton, modifiers, bar_point(window, title)
    )


def row_of(window, title: str):
    model = window.outline_model
    task_id = next(t for t, row in model.tree.rows.items() if row.title == title)
    return model.index_of(task_id, OutlineColumn.NAME)


def type_into(window, index, text: str, *, clear: bool = False):
    """Open the editor of cell ``index`` with F2, type ``text`` and press Enter."""
    tree = window.outline_view.tree
    tree.setFocus()
    click_row(window, index)
    QTest.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not tree and tree.isAncestorOf(editor), "no editor opened"
    if clear:
        QTest.keyClick(editor, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    return editor


# -- the table: the Task menu's keys, the Task and View menus --


def test_insert_adds_a_task_below_and_opens_its_name(window, qtbot):
    window.show_tab(1)
    model = window.outline_model
    click_row(window, row_of(window, "Design"))
    QTest.keyClick(window.outline_view.tree, Qt.Key.Key_Insert)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "New task"
    QTest.keyClicks(editor, "Review")  # the whole name is selected: typing replaces it
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Review" in shown(model))
    assert shown(model) == ["Phase 1", "Design", "Review", "Build", "◆ Launch"]
    undo(window)  # the name
    assert shown(model)[2] == "New task"
    undo(window)  # the task
    assert shown(model) == ["Phase 1", "Design", "Build", "◆ Launch"]
    redo(window)
    redo(window)
    assert shown(model) == ["Phase 1", "Design", "Review", "Build", "◆ Launch"]


def test_ctrl_insert_adds_a_subtask_under_the_selection(window, qtbot):
    window.show_tab(1)
    model = window.outline_model
    click_row(window, row_of(window, "Build"))
    QTest.keyClick(window.outline_view.tree, Qt.Key.Key_Insert, CTRL)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "New subtask"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    build = model.task_id(row_of(window, "Build"))
    sub = model.task_id(row_of(window, "New subtask"))
    assert model.tree.parent_of(sub) == build
    undo(window)
    assert "New subtask" not in shown(model)
    redo(window)
    assert model.tree.parent_of(model.task_id(row_of(window, "New subtask"))) == build


def test_a_name_being_typed_is_kept_when_insert_adds_the_next_task(window, qtbot):
    """Type a name, press Insert for the next task: the name typed is written, not dropped."""
    window.show_tab(1)
    model = window.outline_model
    click_row(window, row_of(window, "Launch"))
    QTest.keyClick(window.outline_view.tree, Qt.Key.Key_Insert)
    QTest.keyClicks(QApplication.focusWidget(), "Press release")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Insert)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "New task"
    QTest.keyClicks(editor, "Party")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Party" in shown(model))
    assert shown(model)[-2:] == ["Press release", "Party"]


def test_delete_in_a_name_editor_deletes_a_letter_not_the_task(window):
    window.show_tab(1)
    model = window.outline_model
    editor = None
    click_row(window, row_of(window, "Design"))
    QTest.keyClick(window.outline_view.tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    QTest.keyClick(editor, Qt.Key.Key_Home)
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.text() == "esign"
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert shown(model) == ["Phase 1", "Design", "Build", "◆ Launch"]
    assert window.session.undo.stack.count() == 0


def test_move_down_and_delete_a_selection_of_two_by_keyboard(window):
    window.show_tab(1)
    model, tree = window.outline_model, window.outline_view.tree
    click_row(window, row_of(window, "Design"))
    QTest.keyClick(tree, Qt.Key.Key_Down, ALT_SHIFT)
    assert shown(model) == ["Phase 1", "Build", "Design", "◆ Launch"]
    click_row(window, row_of(window, "Launch"), CTRL)
    QTest.keyClick(tree, Qt.Key.Key_Delete)
    assert shown(model) == ["Phase 1", "Build"]
    assert tree.currentIndex().siblingAtColumn(OutlineColumn.NAME).data() == "Build"
    undo(window)
    assert shown(model) == ["Phase 1", "Build", "Design", "◆ Launch"]
    undo(window)
    assert shown(model) == ["Phase 1", "Design", "Build", "◆ Launch"]
    redo(window)
    redo(window)
    assert shown(model) == ["Phase 1", "Build"]


def test_the_task_menu_holds_the_outline_actions_and_they_act(window):
    window.show_tab(1)
    model = window.outline_model
    menu = {a.text(): a for a in window.task_menu.actions()}
    assert list(menu) == [
        "Add Task",
        "Add Subtask",
        "Delete",
        "Indent",
        "Outdent",
        "Move Up",
        "Move Down",
    ]
    click_row(window, row_of(window, "Launch"))
    menu["Indent"].trigger()  # under Phase 1, after Build
    assert shown(model) == ["Phase 1", "Design", "Build", "◆ Launch"]
    assert model.tree.parent_of(model.task_id(row_of(window, "Launch"))) is not None
    menu["Move Up"].trigger()
    assert shown(model) == ["Phase 1", "Design", "◆ Launch", "Build"]
    menu["Outdent"].trigger()
    assert model.tree.parent_of(model.task_id(row_of(window, "Launch"))) is None
    menu["Add Task"].trigger()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert shown(model)[-1] == "New task"
    menu["Delete"].trigger()
    assert "New task" not in shown(model)
    for _ in range(5):
        undo(window)
    assert shown(model) == ["Phase 1", "Design", "Build", "◆ Launch"]
    for _ in range(5):
        redo(window)
    assert "New task" not in shown(model) and shown(model)[-1] == "◆ Launch"


def test_view_menu_collapse_all_and_expand_all(window, qtbot):
    window.show_tab(1)
    view = window.gantt_view
    menu = {a.text(): a for a in window.view_menu.actions()}
    phase = window.outline_model.index(0, 0)
    menu["Collapse All"].trigger()
    assert not view.tree.isExpanded(phase)
    qtbot.waitUntil(lambda: len(view.rows) == 2)  # the chart follows: Phase 1, Launch
    menu["Expand All"].trigger()
    assert view.tree.isExpanded(phase)
    qtbot.waitUntil(lambda: len(view.rows) == 4)


def test_the_task_keys_act_when_the_chart_has_the_focus(main, qtbot):
    """A bar clicked, the keyboard focus is in the chart: Alt+Shift+Up moves the task, Insert
    adds one, Delete deletes, as in the table (they did nothing there)."""
    model = main.outline_model
    click_bar(main, "Docs")
    chart = main.gantt_view.chart
    assert QApplication.focusWidget() is chart
    QTest.keyClick(chart, Qt.Key.Key_Up, ALT_SHIFT)
    assert shown(model) == ["Design", "Docs", "Build"]
    click_bar(main, "Docs")
    QTest.keyClick(chart, Qt.Key.Key_Delete)
    assert shown(model) == ["Design", "Build"]
    click_bar(main, "Build")
    QTest.keyClick(chart, Qt.Key.Key_Insert)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert shown(model) == ["Design", "Build", "New task"]
    for _ in range(3):
        undo(main)
    assert shown(model) == ["Design", "Build", "Docs"]
    for _ in range(3):
        redo(main)
    assert shown(model) == ["Design", "Build", "New task"]


def test_alt_shift_right_in_the_chart_indents_and_does_not_nudge(main):
    model = main.outline_model
    click_bar(main, "Docs")
    QTest.keyClick(main.gantt_view.chart, Qt.Key.Key_Right, ALT_SHIFT)
    assert task(main, "Docs").parent_id == task(main, "Build").id
    assert main.session.undo.stack.count() == 1
    assert main.act_undo.text() == "&Undo Indent task"
    undo(main)
    assert task(main, "Docs").parent_id is None
    assert shown(model) == ["Design", "Build", "Docs"]
    assert main.session.undo.stack.count() == 1  # the indent, undone; no nudge was pushed


# -- the table's cells --


def test_name_renamed_after_a_double_click(window, qtbot):
    window.show_tab(1)
    tree = window.outline_view.tree
    index = row_of(window, "Build")
    tree.scrollTo(index)
    point = tree.visualRect(index).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    QTest.keyClick(editor, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(editor, "Build it")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Build it" in shown(window.outline_model))
    undo(window)
    assert "Build" in shown(window.outline_model)
    redo(window)
    assert "Build it" in shown(window.outline_model)


def test_finish_percent_and_priority_typed_in_their_cells(main, qtbot):
    docs = row_of(main, "Docs")
    type_into(main, docs.siblingAtColumn(OutlineColumn.FINISH), "2026-03-10")
    qtbot.waitUntil(lambda: task(main, "Docs").finish == date(2026, 3, 10))
    type_into(main, row_of(main, "Docs").siblingAtColumn(OutlineColumn.PERCENT), "40")
    qtbot.waitUntil(lambda: task(main, "Docs").percent_complete == 40)
    priority = row_of(main, "Docs").siblingAtColumn(OutlineColumn.PRIORITY)
    click_row(main, priority)
    QTest.keyClick(main.outline_view.tree, Qt.Key.Key_F2)
    box = QApplication.focusWidget()
    assert isinstance(box, QComboBox)
    QTest.keyClick(box, Qt.Key.Key_Down)
    QTest.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: bool(row_of(main, "Docs").siblingAtColumn(OutlineColumn.PRIORITY).data())
    )
    chosen = row_of(main, "Docs").siblingAtColumn(OutlineColumn.PRIORITY).data()
    assert main.session.undo.stack.count() == 3
    undo(main)
    assert not row_of(main, "Docs").siblingAtColumn(OutlineColumn.PRIORITY).data()
    undo(main)
    assert task(main, "Docs").percent_complete == 0
    undo(main)
    assert task(main, "Docs").finish == date(2026, 3, 5)
    for _ in range(3):
        redo(main)
    assert task(main, "Docs").finish == date(2026, 3, 10)
    assert task(main, "Docs").percent_complete == 40
    assert row_of(main, "Docs").siblingAtColumn(OutlineColumn.PRIORITY).data() == chosen


def test_predecessors_typed_in_their_cell_link_the_tasks(main, qtbot):
    type_into(main, row_of(main, "Docs").siblingAtColumn(OutlineColumn.PREDECESSORS), "2FS+1d")
    qtbot.waitUntil(lambda: task(main, "Docs").start != MONDAY)
    assert task(main, "Docs").start == date(2026, 3, 13)  # a day after Build (Wed-Fri)
    undo(main)
    assert task(main, "Docs").start == MONDAY
    assert main.gantt_view.data.links and len(main.gantt_view.data.links) == 1
    redo(main)
    assert len(main.gantt_view.data.links) == 2


@pytest.mark.parametrize(
    ("column", "text"), [(OutlineColumn.PERCENT, "150"), (OutlineColumn.DURATION, "-3")]
)
def test_a_number_out_of_range_is_refused_beside_the_cell_not_cut(main, qtbot, column, text):
    """150 % used to be written as 15 % and -3 d as 3 d: the editor dropped what it could not
    take. Now the number typed is checked and refused in one sentence, nothing written."""
    before = dump(main.session.workspace)
    type_into(main, row_of(main, "Docs").siblingAtColumn(column), text)
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    assert "must be between" in refusal_bubble.current().text()
    assert dump(main.session.workspace) == before
    assert main.session.undo.stack.count() == 0


def test_the_status_cell_opens_no_editor(main):
    """Status is the card's board column: moved on the board, not typed in the table."""
    click_row(main, row_of(main, "Docs").siblingAtColumn(OutlineColumn.STATUS))
    tree = main.outline_view.tree
    QTest.keyClick(tree, Qt.Key.Key_F2)
    QTest.keyClicks(tree, "x")
    assert QApplication.focusWidget() is tree
    assert main.session.undo.stack.count() == 0


# -- the chart's toolbar and keys --


def _toolbar(main) -> QToolBar:
    return main.gantt_view.toolbar


def test_zoom_keys_from_the_table_and_the_chart_and_the_buttons(main):
    view = main.gantt_view
    assert view.zoom == Zoom.DAY
    main.outline_view.tree.setFocus()
    press_keys(main.outline_view.tree, "Ctrl+-")
    assert view.zoom == Zoom.WEEK
    click_bar(main, "Docs")
    press_keys(view.chart, "Ctrl+-")
    assert view.zoom == Zoom.MONTH
    press_keys(view.chart, "Ctrl+=")
    assert view.zoom == Zoom.WEEK
    press_keys(view.chart, "Ctrl++")  # the usual zoom-in key works as well
    assert view.zoom == Zoom.DAY
    click_toolbar_button(_toolbar(main), view.actions_by_name["zoom_out"])
    assert view.zoom == Zoom.WEEK
    click_toolbar_button(_toolbar(main), view.actions_by_name["zoom_in"])
    assert view.zoom == Zoom.DAY
    assert main.session.undo.stack.count() == 0  # a view change, not an edit


def test_the_zoom_box_is_chosen_by_keyboard(main):
    view = main.gantt_view
    view.zoom_box.setFocus()
    QTest.keyClick(view.zoom_box, Qt.Key.Key_Down)
    assert view.zoom == Zoom.WEEK
    QTest.keyClick(view.zoom_box, Qt.Key.Key_End)
    assert view.zoom == Zoom.YEAR
    assert view.chart.chart.scale.zoom == Zoom.YEAR


def test_ctrl_0_fits_the_plan_and_the_fit_button_too(main):
    view, chart = main.gantt_view, main.gantt_view.chart
    assert main.push(UpdateTask(task_id=task(main, "Docs").id, duration_days=60))

    def whole_plan_shown() -> bool:
        left, width = chart.x_offset(), chart.viewport().width()
        return left <= bar(main, "Design").x0 and bar(main, "Docs").x1 <= left + width

    assert not whole_plan_shown()  # days: some three months are wider than the view
    click_bar(main, "Design")
    press_keys(chart, "Ctrl+0")
    assert whole_plan_shown()
    click_toolbar_button(_toolbar(main), view.actions_by_name["zoom_in"])
    assert not whole_plan_shown()
    click_toolbar_button(_toolbar(main), view.actions_by_name["fit"])
    assert whole_plan_shown()


def test_ctrl_t_scrolls_to_today(main):
    chart = main.gantt_view.chart
    today = date.today()
    assert main.push(UpdateTask(task_id=task(main, "Docs").id, start=today + timedelta(days=60)))
    chart.scroll_to_x(0)
    main.outline_view.tree.setFocus()
    press_keys(main.outline_view.tree, "Ctrl+T")
    x = chart.chart.scale.x(today)
    assert chart.x_offset() < x < chart.x_offset() + chart.viewport().width()


def test_ctrl_t_on_a_plan_long_past_says_where_today_is(main):
    """The chart ends a week after the plan: Today used to scroll to its end without a word."""
    chart = main.gantt_view.chart
    assert chart.chart.scale.date_at(chart.chart.width) < date.today()  # a plan of March 2026
    chart.scroll_to_x(0)
    click_bar(main, "Docs")
    press_keys(chart, "Ctrl+T")
    assert chart.x_offset() == chart.horizontalScrollBar().maximum()  # the nearest end
    message = main.statusBar().currentMessage()
    assert message.startswith(f"Today ({date.today():%d %b %Y}) is after the end of")


def test_the_critical_path_button_turns_the_highlight_off_and_on(main):
    view, chart = main.gantt_view, main.gantt_view.chart
    build = bar(main, "Build")
    inside = chart.from_chart(QPointF(build.x0 + 4, build.mid_y)).toPoint()

    def colour():
        chart.viewport().repaint()
        image = chart.viewport().grab().toImage()
        ratio = image.devicePixelRatio()
        return image.pixelColor(round(inside.x() * ratio), round(inside.y() * ratio)).name()

    critical = colour()
    click_toolbar_button(_toolbar(main), view.actions_by_name["critical"])
    assert not view.actions_by_name["critical"].isChecked()
    plain = colour()
    assert plain != critical
    click_toolbar_button(_toolbar(main), view.actions_by_name["critical"])
    assert colour() == critical


# -- the chart's mouse --


def test_double_click_on_a_bar_opens_its_card(main, qtbot):
    QTest.mouseDClick(
        main.gantt_view.chart.viewport(),
        Qt.MouseButton.LeftButton,
        pos=bar_point(main, "Docs"),
    )
    qtbot.waitUntil(lambda: getattr(main, "card_editor", None) is not None)
    assert main.card_editor.isVisible()
    assert main.card_editor.task_id == task(main, "Docs").id
    main.card_editor.close()


def test_arrow_nudges_on_a_clicked_bar_are_one_undo_step(main):
    click_bar(main, "Docs")
    chart = main.gantt_view.chart
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left):
        QTest.keyClick(chart, key)
    assert task(main, "Docs").start == MONDAY + timedelta(days=2)
    assert main.session.undo.stack.count() == 1
    undo(main)
    assert task(main, "Docs").start == MONDAY
    redo(main)
    assert task(main, "Docs").start == MONDAY + timedelta(days=2)


def test_a_link_dragged_from_a_connector_goes_back_and_forth(main):
    design, docs = bar(main, "Design"), bar(main, "Docs")
    gantt.drag(main, (design.x1 + 8, design.mid_y), (docs.x0 + 3, docs.mid_y))
    with main.session.workspace.reading() as session:
        links = predecessors_text(session, main.current_project_id())
    assert links[task(main, "Docs").id] == [(task(main, "Design").id, "FS", 0)]
    undo(main)
    assert task(main, "Docs").start == MONDAY
    redo(main)
    assert task(main, "Docs").start == date(2026, 3, 9)


def test_the_table_toolbar_buttons_act(window, qtbot):
    # (at 1280 px wide the last buttons, Expand and Collapse All, sit in the overflow menu)
    window.resize(1400, 800)
    window.show_tab(1)
    view, model = window.outline_view, window.outline_model
    click_row(window, row_of(window, "Build"))
    click_toolbar_button(view.toolbar, view.actions_by_name["outdent"])
    assert model.tree.parent_of(model.task_id(row_of(window, "Build"))) is None
    click_toolbar_button(view.toolbar, view.actions_by_name["add_sub"])
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert shown(model) == ["Phase 1", "Design", "Build", "New subtask", "◆ Launch"]
    click_toolbar_button(view.toolbar, view.actions_by_name["collapse"])
    assert not view.tree.isExpanded(row_of(window, "Build").siblingAtColumn(0))
    click_toolbar_button(view.toolbar, view.actions_by_name["expand"])
    assert view.tree.isExpanded(row_of(window, "Build").siblingAtColumn(0))
    undo(window)
    undo(window)
    assert shown(model) == ["Phase 1", "Design", "Build", "◆ Launch"]
    redo(window)
    assert model.tree.parent_of(model.task_id(row_of(window, "Build"))) is None
