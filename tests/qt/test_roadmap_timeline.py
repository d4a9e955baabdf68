"""The roadmap timeline: mouse drags on its viewport shift items through the scheduler, move
them between theme lanes and resize them, each one undo step; Escape cancels."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    CreateTask,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.queries import project_tasks
from ipmp_desktop.core.services.roadmap import load_roadmap
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.roadmap.timeline_view import RoadmapTimelineView
from tests.support import dump

MONDAY = date(2026, 3, 2)


@pytest.fixture
def roadmap(qtbot, tmp_path):
    """Product "App" with themes Growth and Platform; epic Signup (two 5-day subtasks) in Growth
    and feature Billing (no subtasks) in Platform; a timeline showing it."""
    workspace = Workspace.create(tmp_path / "roadmap.ipmp")
    project = CreateProject(name="App work", start=MONDAY)
    apply(workspace, project)
    product = CreateProduct(name="App", vision="Checkout in one minute")
    apply(workspace, product)
    themes = {}
    for name in ("Growth", "Platform"):
        theme = AddTheme(product_id=product.product_id, name=name)
        apply(workspace, theme)
        themes[name] = theme.theme_id
    ids = {}
    for title, kind, theme in (("Signup", "epic", "Growth"), ("Billing", "feature", "Platform")):
        item = CreateRoadmapItem(
            project_id=project.project_id, theme_id=themes[theme], title=title, kind=kind
        )
        apply(workspace, item)
        ids[title] = item.task_id
    for title in ("Form", "Emails"):
        child = CreateTask(project_id=project.project_id, title=title, parent_id=ids["Signup"])
        apply(workspace, child)
        apply(workspace, UpdateTask(task_id=child.task_id, duration_days=5))
        ids[title] = child.task_id
    bus = ChangeBus()
    undo = UndoController(workspace, bus)
    view = RoadmapTimelineView(undo.push, workspace=workspace)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.today = MONDAY

    def reload(_changes=None):
        with workspace.reading() as session:
            view.set_data(load_roadmap(session, product.product_id))

    bus.changed.connect(reload)
    reload()
    view.show()
    qtbot.waitExposed(view)
    view.horizontalScrollBar().setValue(0)
    yield view, workspace, undo, ids, themes
    workspace.close()


def send(widget, kind, point, buttons=Qt.MouseButton.LeftButton):
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind,
        point,
        QPointF(widget.mapToGlobal(point.toPoint())),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def drag(view, start, end, *, release=True):
    viewport = view.viewport()
    a, b = view.from_chart(QPointF(*start)), view.from_chart(QPointF(*end))
    send(viewport, QEvent.Type.MouseButtonPress, a)
    for step in range(1, 5):
        send(viewport, QEvent.Type.MouseMove, a + (b - a) * (step / 4))
    if release:
        send(viewport, QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)


def rows(workspace):
    with workspace.reading() as session:
        return {t.title: t for t in project_tasks(session, 1)}


def test_items_sit_in_their_theme_lanes(roadmap):
    view, _workspace, _undo, ids, _themes = roadmap
    chart = view.chart
    assert [lane.name for lane in chart.lanes] == ["Growth", "Platform"]
    assert chart.item_of(ids["Signup"]).lane == 0
    assert chart.item_of(ids["Billing"]).lane == 1
    assert not chart.item_of(ids["Signup"]).resizable  # its dates come from its subtasks
    signup = chart.item_of(ids["Signup"])
    assert signup.x0 == pytest.approx(chart.scale.x(MONDAY))


def test_dragging_an_item_in_time_shifts_its_subtasks_in_one_undo_step(roadmap):
    view, workspace, undo, ids, _themes = roadmap
    before = dump(workspace)
    signup = view.chart.item_of(ids["Signup"])
    week = 7 * view.chart.scale.day_width
    middle = ((signup.x0 + signup.x1) / 2, (signup.y0 + signup.y1) / 2)
    drag(view, middle, (middle[0] + week, middle[1]))
    tasks = rows(workspace)
    assert tasks["Form"].start == MONDAY + timedelta(days=7)
    assert tasks["Emails"].start == MONDAY + timedelta(days=7)
    assert tasks["Signup"].start == MONDAY + timedelta(days=7)  # rolled up again
    assert view.chart.item_of(ids["Signup"]).x0 == pytest.approx(signup.x0 + week)
    assert undo.stack.count() == 1
    undo.stack.undo()
    assert dump(workspace) == before


def test_dropping_on_another_lane_changes_the_theme(roadmap):
    view, workspace, undo, ids, themes = roadmap
    billing = view.chart.item_of(ids["Billing"])
    growth = view.chart.lanes[0]
    start = (billing.x0 + 5, (billing.y0 + billing.y1) / 2)
    drag(view, start, (billing.x0 + 5, (growth.y0 + growth.y1) / 2))
    with workspace.reading() as session:
        data = load_roadmap(session, 1)
    assert next(i for i in data.items if i.id == ids["Billing"]).theme_id == themes["Growth"]
    assert view.chart.item_of(ids["Billing"]).lane == 0
    assert rows(workspace)["Billing"].start == MONDAY  # not moved in time
    undo.stack.undo()
    assert view.chart.item_of(ids["Billing"]).lane == 1


def test_dragging_the_right_end_resizes_an_item_without_subtasks(roadmap):
    view, workspace, undo, ids, _themes = roadmap
    billing = view.chart.item_of(ids["Billing"])
    finish_before = rows(workspace)["Billing"].finish
    day = view.chart.scale.day_width
    y = (billing.y0 + billing.y1) / 2
    drag(view, (billing.x1 - 1, y), (billing.x1 - 1 + 7 * day, y))
    assert rows(workspace)["Billing"].finish == finish_before + timedelta(days=7)
    assert undo.stack.count() == 1


def test_escape_cancels_the_drag(roadmap, qtbot):
    view, workspace, undo, ids, _themes = roadmap
    before = dump(workspace)
    signup = view.chart.item_of(ids["Signup"])
    middle = ((signup.x0 + signup.x1) / 2, (signup.y0 + signup.y1) / 2)
    drag(view, middle, (middle[0] + 100, middle[1]), release=False)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    end = view.from_chart(QPointF(middle[0] + 100, middle[1]))
    send(view.viewport(), QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    assert dump(workspace) == before
    assert undo.stack.count() == 0
