"""The Gantt tab: mouse gestures on the chart's viewport, nudges, links, zoom, rows in step with
the table. Every gesture is one undo step, and the board shows the same task's new dates."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateProject,
    CreateTask,
    Macro,
    SaveBaseline,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.layout.timescale import Zoom
from ipmp_desktop.core.services.queries import project_tasks
from ipmp_desktop.qt.views.main_window import MainWindow
from tests.qt.user_input import answering, press_escape
from tests.support import dump

MONDAY = date(2026, 3, 2)


@pytest.fixture
def plan_path(tmp_path):
    """Project "Launch": Design (5 d) -> Build (3 d), Docs (4 d), all from Monday 2 March."""
    path = tmp_path / "gantt.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="Launch", start=MONDAY)
        apply(workspace, project)
        ids = {}
        for title, days in (("Design", 5), ("Build", 3), ("Docs", 4)):
            task = CreateTask(project_id=project.project_id, title=title)
            apply(workspace, task)
            apply(workspace, UpdateTask(task_id=task.task_id, duration_days=days))
            ids[title] = task.task_id
        apply(workspace, AddDependency(predecessor_id=ids["Design"], successor_id=ids["Build"]))
    return path


@pytest.fixture
def main(qtbot, settings, plan_path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(plan_path))
    window.resize(1400, 800)
    window.show()
    window.show_tab(1)
    qtbot.waitExposed(window)
    window.gantt_view.set_zoom(Zoom.DAY)
    window.gantt_view.chart.scroll_to_x(0)
    yield window
    window.close()


def task(main, title):
    with main.session.workspace.reading() as session:
        return next(
            t for t in project_tasks(session, main.current_project_id()) if t.title == title
        )


def bar(main, title):
    return main.gantt_view.chart.chart.bar_of(task(main, title).id)


def send_mouse(widget, kind, point, buttons=Qt.MouseButton.LeftButton):
    button = Qt.MouseButton.LeftButton
    if kind == QEvent.Type.MouseMove:
        button = Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        QPointF(point),
        QPointF(widget.mapToGlobal(point.toPoint())),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def drag(main, start, end, *, release=True):
    """Press at chart point ``start``, move in steps to ``end`` and release, on the viewport."""
    chart = main.gantt_view.chart
    viewport = chart.viewport()
    a, b = chart.from_chart(QPointF(*start)), chart.from_chart(QPointF(*end))
    send_mouse(viewport, QEvent.Type.MouseButtonPress, a)
    for step in range(1, 6):
        point = a + (b - a) * (step / 5)
        send_mouse(viewport, QEvent.Type.MouseMove, point)
    if release:
        send_mouse(viewport, QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)


def board_card(main, title):
    """The card as the board shows it (the board tab is shown, then the Gantt again)."""
    main.show_tab(0)
    cards = main.board_view.store.data.cards
    main.show_tab(1)
    return next(c for c in cards.values() if c.title == title)


def click_bar(main, title, modifiers=Qt.KeyboardModifier.NoModifier):
    """Click the middle of ``title``'s bar on the chart's viewport."""
    chart = main.gantt_view.chart
    shape = bar(main, title)
    point = chart.from_chart(QPointF((shape.x0 + shape.x1) / 2, shape.mid_y)).toPoint()
    QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, modifiers, point)


def test_rows_match_the_table_and_collapse_with_it(main, qtbot):
    view = main.gantt_view
    assert view.rows == [task(main, t).id for t in ("Design", "Build", "Docs")]
    assert view.chart.chart.row_height == view.tree.rowHeight(view.model.index(0, 0))
    first = view.tree.visualRect(view.model.index(1, 0))
    assert bar(main, "Build").row == 1
    assert view.chart.from_chart(QPointF(0, bar(main, "Build").mid_y)).y() == pytest.approx(
        first.center().y(), abs=first.height() / 2
    )


def test_collapsing_a_summary_hides_its_rows_in_the_chart(main, qtbot):
    view = main.gantt_view
    design = task(main, "Design").id
    assert main.push(
        CreateTask(project_id=main.current_project_id(), title="Sketch", parent_id=design)
    )
    sketch = task(main, "Sketch").id
    assert view.rows[:2] == [design, sketch]
    assert bar(main, "Design").kind == "summary"
    name = view.model.index_of(design, 1)
    view.tree.setFocus()
    QTest.mouseClick(
        view.tree.viewport(), Qt.MouseButton.LeftButton, pos=view.tree.visualRect(name).center()
    )
    QTest.keyClick(view.tree, Qt.Key.Key_Left)  # the table's key: collapse
    qtbot.waitUntil(lambda: sketch not in view.rows)
    assert view.rows == [design, task(main, "Build").id, task(main, "Docs").id]
    assert bar(main, "Build").row == 1  # the rows below move up with the table
    QTest.keyClick(view.tree, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: sketch in view.rows)


def test_drag_bar_moves_task_and_successor_in_one_undo_step(main):
    before = dump(main.session.workspace)
    design = bar(main, "Design")
    day = main.gantt_view.chart.chart.scale.day_width
    drag(main, (design.x0 + 10, design.mid_y), (design.x0 + 10 + 2 * day, design.mid_y))
    moved = task(main, "Design")
    assert moved.start == MONDAY + timedelta(days=2)
    assert moved.finish == date(2026, 3, 10)  # 5 working days from Wednesday
    assert task(main, "Build").start == date(2026, 3, 11)  # pushed by the FS link
    assert board_card(main, "Design").finish == moved.finish  # the board sees it at once
    assert board_card(main, "Build").start == date(2026, 3, 11)
    assert bar(main, "Design").x0 == pytest.approx(design.x0 + 2 * day)  # and the chart
    assert main.session.undo.stack.count() == 1
    main.act_undo.trigger()
    assert dump(main.session.workspace) == before
    assert board_card(main, "Design").start == MONDAY
    main.act_redo.trigger()
    assert task(main, "Build").start == date(2026, 3, 11)


def test_drag_right_end_resizes_and_left_end_moves_start(main):
    docs = bar(main, "Docs")
    day = main.gantt_view.chart.chart.scale.day_width
    drag(main, (docs.x1 - 1, docs.y0 + 2), (docs.x1 + day, docs.y0 + 2))
    assert task(main, "Docs").duration_days == 5
    assert task(main, "Docs").finish == date(2026, 3, 6)
    docs = bar(main, "Docs")
    drag(main, (docs.x0 + 1, docs.y0 + 2), (docs.x0 + 2 * day, docs.y0 + 2))
    resized = task(main, "Docs")
    assert (resized.start, resized.finish, resized.duration_days) == (
        date(2026, 3, 4),
        date(2026, 3, 6),
        3,
    )
    assert main.session.undo.stack.count() == 2
    main.act_undo.trigger()
    assert task(main, "Docs").start == MONDAY
    main.act_undo.trigger()
    assert task(main, "Docs").duration_days == 4
    main.act_redo.trigger()
    main.act_redo.trigger()
    assert (task(main, "Docs").start, task(main, "Docs").finish) == (
        date(2026, 3, 4),
        date(2026, 3, 6),
    )


def test_drag_progress_handle_sets_percent(main):
    docs = bar(main, "Docs")
    lower = docs.y1 - 2
    drag(main, (docs.x0, lower), ((docs.x0 + docs.x1) / 2, lower))
    assert task(main, "Docs").percent_complete == 50
    assert main.session.undo.stack.count() == 1
    main.act_undo.trigger()
    assert task(main, "Docs").percent_complete == 0
    main.act_redo.trigger()
    assert task(main, "Docs").percent_complete == 50


def test_drag_between_connectors_links_tasks_by_the_ends_joined(main):
    design, docs = bar(main, "Design"), bar(main, "Docs")
    drag(main, (design.x1 + 8, design.mid_y), (docs.x0 + 3, docs.mid_y))  # finish -> start
    assert task(main, "Docs").start == date(2026, 3, 9)  # FS after Design
    with main.session.workspace.reading() as session:
        from ipmp_desktop.core.services.queries import predecessors_text

        links = predecessors_text(session, main.current_project_id())
    assert links[task(main, "Docs").id] == [(task(main, "Design").id, "FS", 0)]
    main.act_undo.trigger()
    assert task(main, "Docs").start == MONDAY
    docs = bar(main, "Docs")
    drag(main, (design.x0 - 8, design.mid_y), (docs.x1 - 3, docs.mid_y))  # start -> finish
    with main.session.workspace.reading() as session:
        links = predecessors_text(session, main.current_project_id())
    assert links[task(main, "Docs").id] == [(task(main, "Design").id, "SF", 0)]


def test_escape_cancels_a_drag_and_nothing_is_written(main, qtbot):
    before = dump(main.session.workspace)
    design = bar(main, "Design")
    day = main.gantt_view.chart.chart.scale.day_width
    drag(main, (design.x0 + 10, design.mid_y), (design.x0 + 4 * day, design.mid_y), release=False)
    chart = main.gantt_view.chart
    assert chart.interaction is not None
    qtbot.keyClick(chart, Qt.Key.Key_Escape)
    assert chart.interaction is None
    end = chart.from_chart(QPointF(design.x0 + 4 * day, design.mid_y))
    send_mouse(chart.viewport(), QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    assert dump(main.session.workspace) == before
    assert main.session.undo.stack.count() == 0


def test_arrow_nudges_merge_into_one_undo_step(main, qtbot):
    view = main.gantt_view
    click_bar(main, "Docs")
    assert view.chart.hasFocus() and view.chart.selected == {task(main, "Docs").id}
    for _ in range(3):
        qtbot.keyClick(view.chart, Qt.Key.Key_Right)
    assert task(main, "Docs").start == date(2026, 3, 5)
    assert main.session.undo.stack.count() == 1
    main.act_undo.trigger()
    assert task(main, "Docs").start == MONDAY
    main.act_redo.trigger()
    assert task(main, "Docs").start == date(2026, 3, 5)


def double_click_the_link(main) -> None:
    """Double-click the middle of the last segment of the one link (Design -> Build)."""
    chart = main.gantt_view.chart
    (shape,) = chart.chart.links
    (x0, y0), (x1, y1) = shape.points[-2], shape.points[-1]
    point = chart.from_chart(QPointF((x0 + x1) / 2, (y0 + y1) / 2)).toPoint()
    QTest.mouseDClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_link_dialog_by_keyboard_changes_lag_and_deletes(main):
    view = main.gantt_view

    def lag_of_two(dialog):
        assert dialog.windowTitle() == "Task Link"
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # from Type to Lag
        lag = dialog.focusWidget()
        assert lag is dialog.lag_box
        QTest.keyClick(lag, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(lag, "2")
        QTest.keyClick(lag, Qt.Key.Key_Return)

    with answering(lag_of_two):
        double_click_the_link(main)
    assert task(main, "Build").start == date(2026, 3, 11)
    assert main.session.undo.stack.count() == 1

    before = dump(main.session.workspace)
    with answering(press_escape):  # cancelled: nothing written
        double_click_the_link(main)
    assert dump(main.session.workspace) == before

    def delete(dialog):
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)

    with answering(delete):
        double_click_the_link(main)
    assert view.data.links == []
    assert task(main, "Build").start == MONDAY
    main.act_undo.trigger()
    assert len(view.data.links) == 1 and task(main, "Build").start == date(2026, 3, 11)
    main.act_undo.trigger()
    assert task(main, "Build").start == date(2026, 3, 9)
    main.act_redo.trigger()
    main.act_redo.trigger()
    assert view.data.links == []


def test_link_dialog_type_chosen_by_keyboard(main):
    def start_to_start(dialog):
        box = dialog.focusWidget()
        assert box is dialog.type_box and box.currentData() == "FS"
        QTest.keyClick(box, Qt.Key.Key_Down)  # FS, SS, ...
        QTest.keyClick(box, Qt.Key.Key_Return)

    with answering(start_to_start):
        double_click_the_link(main)
    (link,) = main.gantt_view.data.links
    assert link.type == "SS"
    assert task(main, "Build").start == MONDAY
    main.act_undo.trigger()
    assert main.gantt_view.data.links[0].type == "FS"


def test_ctrl_wheel_zooms_and_fit_shows_the_plan(main):
    view = main.gantt_view
    chart = view.chart
    event = QWheelEvent(
        QPointF(100, 50),
        QPointF(chart.viewport().mapToGlobal(QPoint(100, 50))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(chart.viewport(), event)
    assert view.zoom == Zoom.WEEK
    QTest.keyClick(chart, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # Fit Project
    design, build = bar(main, "Design"), bar(main, "Build")
    left = chart.x_offset()
    assert left <= design.x0 and build.x1 <= left + chart.viewport().width()


def test_baseline_ghosts_follow_the_chosen_baseline(main):
    view = main.gantt_view
    assert main.push(SaveBaseline(project_id=main.current_project_id(), name="Plan A"))
    assert view.baseline_box.findText("Plan A") > 0
    view.baseline_box.setFocus()
    QTest.keyClick(view.baseline_box, Qt.Key.Key_Down)  # from "None" to "Plan A"
    assert view.baseline_box.currentText() == "Plan A"
    assert main.push(UpdateTask(task_id=task(main, "Docs").id, start=date(2026, 3, 4)))
    row = bar(main, "Docs").row
    ghost = view.chart.chart.baselines[row]
    assert ghost is not None
    assert ghost.x0 == pytest.approx(view.chart.chart.scale.x(MONDAY))
    assert bar(main, "Docs").x0 > ghost.x0
    text = view.describe_task(task(main, "Docs").id)
    assert "Against the baseline: start +2 d, finish +2 d" in text
    assert "Start no earlier than 04 Mar 2026" in text


def test_tooltip_tells_float_and_critical(main):
    view = main.gantt_view
    assert "Total float 0 d, free float 0 d (critical)" in view.describe_task(
        task(main, "Build").id
    )
    docs = view.describe_task(task(main, "Docs").id)
    assert "Mon 02 Mar 2026 to Thu 05 Mar 2026" in docs
    assert "Total float 4 d" in docs and "not critical" in docs
    shape = bar(main, "Docs")
    point = view.chart.from_chart(QPointF((shape.x0 + shape.x1) / 2, shape.mid_y)).toPoint()
    assert view.chart._tooltip_at(point) == docs


def test_dragging_one_of_several_selected_bars_moves_them_all_in_one_step(main):
    view = main.gantt_view
    click_bar(main, "Design")
    click_bar(main, "Docs", Qt.KeyboardModifier.ControlModifier)
    assert view.chart.selected == {task(main, "Design").id, task(main, "Docs").id}
    docs = bar(main, "Docs")
    day = view.chart.chart.scale.day_width
    drag(main, ((docs.x0 + docs.x1) / 2, docs.mid_y), ((docs.x0 + docs.x1) / 2 + day, docs.mid_y))
    assert task(main, "Docs").start == date(2026, 3, 3)
    assert task(main, "Design").start == date(2026, 3, 3)
    assert main.session.undo.stack.count() == 1
    main.act_undo.trigger()
    assert task(main, "Docs").start == MONDAY and task(main, "Design").start == MONDAY


def test_wheel_over_the_chart_scrolls_the_table_and_the_chart_together(main):
    view = main.gantt_view
    project = main.current_project_id()
    tasks = [CreateTask(project_id=project, title=f"Extra {n}") for n in range(80)]
    assert main.push(Macro(commands=tasks, label="Add tasks"))
    chart = view.chart
    event = QWheelEvent(
        QPointF(100, 100),
        QPointF(chart.viewport().mapToGlobal(QPoint(100, 100))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(chart.viewport(), event)
    offset = view.tree.verticalScrollBar().value()
    assert offset > 0
    row = view.tree.indexAt(QPoint(5, 2))  # the first row the table shows
    first = view.model.task_id(row)
    shape = chart.chart.bar_of(first) or chart.chart.bars[chart.chart.row_of[first]]
    assert chart.from_chart(QPointF(0, chart.chart.row_of[first] * chart.chart.row_height)).y() <= 2
    assert shape is None or shape.row == chart.chart.row_of[first]
