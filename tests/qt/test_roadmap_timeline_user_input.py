"""The roadmap timeline and the matrix's "Not scored" list worked by the user in the main window:
bars dragged to another lane and resized by real mouse events on the viewport (undone and redone
with the window's Undo and Redo), Escape cancelling a drag (no window shortcut takes it), and
items opened by double-click or Enter.
"""

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.views.main_window import MainWindow

ROADMAP_TAB = 2
MONDAY = date(2026, 3, 2)


@pytest.fixture
def main(qtbot, settings, tmp_path) -> Iterator[MainWindow]:
    """Product "App": themes Growth and Speed, feature "Billing" (no subtasks, unscored) in
    Speed; the window on the roadmap timeline, scrolled to Billing."""
    path = tmp_path / "timeline.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="App work", start=MONDAY)
        apply(workspace, project)
        product = CreateProduct(name="App")
        apply(workspace, product)
        themes = []
        for name in ("Growth", "Speed"):
            theme = AddTheme(product_id=product.product_id, name=name)
            apply(workspace, theme)
            themes.append(theme.theme_id)
        apply(
            workspace,
            CreateRoadmapItem(project_id=project.project_id, theme_id=themes[1], title="Billing"),
        )
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(path))
    window.resize(1300, 800)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.show_tab(ROADMAP_TAB)
    timeline = window.roadmap_view.timeline
    shape = timeline.chart.item_of(billing(window).id)
    timeline.horizontalScrollBar().setValue(round(shape.x0 - 100))  # as the user scrolls to it
    yield window
    window.close()


def billing(main: MainWindow):
    return next(i for i in main.roadmap_view.data.items if i.title == "Billing")


def theme_name(main: MainWindow) -> str:
    item = billing(main)
    return next(t.name for t in main.roadmap_view.data.themes if t.id == item.theme_id)


def send(widget: QWidget, kind: QEvent.Type, point: QPointF) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(
        kind,
        point,
        QPointF(widget.mapToGlobal(point.toPoint())),
        button,
        held,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def drag(main: MainWindow, start: QPointF, end: QPointF, *, release: bool = True) -> None:
    """Press at ``start`` (chart units), move to ``end`` in steps, release."""
    timeline = main.roadmap_view.timeline
    viewport = timeline.viewport()
    a, b = timeline.from_chart(start), timeline.from_chart(end)
    send(viewport, QEvent.Type.MouseButtonPress, a)
    for step in range(1, 5):
        send(viewport, QEvent.Type.MouseMove, a + (b - a) * (step / 4))
    if release:
        send(viewport, QEvent.Type.MouseButtonRelease, b)


def test_a_bar_dropped_on_another_lane_changes_its_theme_undo_redo(main):
    timeline = main.roadmap_view.timeline
    shape = timeline.chart.item_of(billing(main).id)
    growth = timeline.chart.lanes[0]
    start = QPointF(shape.x0 + 5, (shape.y0 + shape.y1) / 2)
    drag(main, start, QPointF(shape.x0 + 5, (growth.y0 + growth.y1) / 2))
    assert theme_name(main) == "Growth"
    assert billing(main).start == MONDAY  # not moved in time
    main.act_undo.trigger()
    assert theme_name(main) == "Speed"
    main.act_redo.trigger()
    assert theme_name(main) == "Growth"


def test_the_right_end_dragged_resizes_undo_redo(main):
    timeline = main.roadmap_view.timeline
    shape = timeline.chart.item_of(billing(main).id)
    finish = billing(main).finish
    y = (shape.y0 + shape.y1) / 2
    week = 7 * timeline.chart.scale.day_width
    drag(main, QPointF(shape.x1 - 1, y), QPointF(shape.x1 - 1 + week, y))
    assert billing(main).finish == finish + timedelta(days=7)
    main.act_undo.trigger()
    assert billing(main).finish == finish
    main.act_redo.trigger()
    assert billing(main).finish == finish + timedelta(days=7)


def test_escape_in_the_window_cancels_a_drag(main, qtbot):
    timeline = main.roadmap_view.timeline
    shape = timeline.chart.item_of(billing(main).id)
    middle = QPointF((shape.x0 + shape.x1) / 2, (shape.y0 + shape.y1) / 2)
    end = middle + QPointF(10 * timeline.chart.scale.day_width, 0)
    drag(main, middle, end, release=False)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is timeline)  # the press took the focus
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert timeline.drag is None
    send(timeline.viewport(), QEvent.Type.MouseButtonRelease, timeline.from_chart(end))
    assert billing(main).start == MONDAY
    assert main.session.undo.stack.count() == 0


def test_a_bar_opens_by_double_click_and_by_enter(main, qtbot):
    timeline = main.roadmap_view.timeline
    task_id = billing(main).id
    shape = timeline.chart.item_of(task_id)
    middle = timeline.from_chart(QPointF((shape.x0 + shape.x1) / 2, (shape.y0 + shape.y1) / 2))
    QTest.mouseDClick(timeline.viewport(), Qt.MouseButton.LeftButton, pos=middle.toPoint())
    qtbot.waitUntil(lambda: getattr(main, "card_editor", None) is not None)
    assert main.card_editor.task_id == task_id
    main.card_editor.close()
    main.card_editor = None
    main.activateWindow()
    QTest.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, pos=middle.toPoint())
    assert timeline.selected == task_id
    QTest.keyClick(timeline, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(main, "card_editor", None) is not None)
    assert main.card_editor.task_id == task_id
    assert main.session.undo.stack.count() == 0  # the clicks wrote nothing
    main.card_editor.close()


def test_an_unscored_item_opens_from_the_list_by_enter_and_double_click(main, qtbot):
    bar = main.roadmap_view.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    listed = main.roadmap_view.matrix.unscored
    assert [listed.item(r).text() for r in range(listed.count())] == ["Billing"]
    point = listed.visualItemRect(listed.item(0)).center()
    QTest.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QTest.keyClick(listed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(main, "card_editor", None) is not None)
    assert main.card_editor.task_id == billing(main).id
    main.card_editor.close()
    main.card_editor = None
    QTest.mouseDClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: getattr(main, "card_editor", None) is not None)
    assert main.card_editor.task_id == billing(main).id
    main.card_editor.close()
