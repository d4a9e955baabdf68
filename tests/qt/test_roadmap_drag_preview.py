"""Dragging a roadmap item moves what is linked after it, in other themes too: while dragging,
ghosts show where those items would land; after the drop a report says how many moved (and how
many are now at risk), outlines them and steps through them; undo puts everything back."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPointF, QRect, Qt
from PySide6.QtTest import QTest

from ipmp_desktop.core.commands import (
    AddDependency,
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    CreateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.services.roadmap import load_roadmap
from ipmp_desktop.core.services.roadmap_shift_preview import ItemMove, ShiftOutcome
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.main_window import MainWindow
from ipmp_desktop.qt.views.roadmap.timeline_drag import ghost_shapes
from ipmp_desktop.qt.views.roadmap.timeline_view import RoadmapTimelineView
from tests.qt.test_roadmap_timeline import drag, send
from tests.support import dump

MONDAY = date(2026, 3, 2)


@pytest.fixture
def linked(qtbot, tmp_path):
    """Themes Growth, Platform, Data. Epic Signup (Growth): Form (5 d) then Emails (5 d).
    Billing (Platform, 5 d, due when it now finishes) follows Emails; epic Reports (Data) holds
    Export (3 d), which follows Billing. Search (Platform, 25 d) is linked to nothing and
    ends last, so Billing has float until a shift makes it late."""
    workspace = Workspace.create(tmp_path / "linked.ipmp")
    project = CreateProject(name="App work", start=MONDAY)
    apply(workspace, project)
    product = CreateProduct(name="App")
    apply(workspace, product)
    themes = {}
    for name in ("Growth", "Platform", "Data"):
        theme = AddTheme(product_id=product.product_id, name=name)
        apply(workspace, theme)
        themes[name] = theme.theme_id
    ids = {}

    def item(title, theme, kind="feature", **values):
        command = CreateRoadmapItem(
            project_id=project.project_id, theme_id=themes[theme], title=title, kind=kind, **values
        )
        apply(workspace, command)
        ids[title] = command.task_id

    def task(title, parent, days):
        command = CreateTask(
            project_id=project.project_id, title=title, parent_id=ids[parent], duration_days=days
        )
        apply(workspace, command)
        ids[title] = command.task_id

    def link(first, then):
        apply(workspace, AddDependency(predecessor_id=ids[first], successor_id=ids[then]))

    item("Signup", "Growth", "epic")
    task("Form", "Signup", 5)
    task("Emails", "Signup", 5)
    link("Form", "Emails")
    item("Billing", "Platform", duration_days=5, target_date=date(2026, 3, 20))
    link("Emails", "Billing")
    item("Reports", "Data", "epic")
    task("Export", "Reports", 3)
    link("Billing", "Export")
    item("Search", "Platform", start=MONDAY, duration_days=25)
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
    yield view, workspace, undo, ids
    workspace.close()


def dates(view, *item_ids):
    return {
        task_id: (view.data.item(task_id).start, view.data.item(task_id).finish)
        for task_id in item_ids
    }


def bar_rect(view, shape) -> QRect:
    """A bar's rectangle in viewport pixels."""
    top_left = view.from_chart(QPointF(shape.x0, shape.y0)).toPoint()
    bottom_right = view.from_chart(QPointF(shape.x1, shape.y1)).toPoint()
    return QRect(top_left, bottom_right)


def test_ghosts_show_every_item_a_drag_would_move(linked):
    view, workspace, undo, ids = linked
    assert view.data.item(ids["Billing"]).start == date(2026, 3, 16)
    assert not view.data.item(ids["Billing"]).at_risk
    before = dump(workspace)
    signup = view.chart.item_of(ids["Signup"])
    weeks = 21 * view.chart.scale.day_width
    middle = ((signup.x0 + signup.x1) / 2, (signup.y0 + signup.y1) / 2)
    quiet = view.viewport().grab().toImage()
    drag(view, middle, (middle[0] + weeks, middle[1]), release=False)
    ghosts = {shape.task_id: shape for shape in view.ghosts()}
    assert set(ghosts) == {ids["Billing"], ids["Reports"]}  # Search is not linked: it stays
    billing = view.chart.item_of(ids["Billing"])
    assert ghosts[ids["Billing"]].x0 == pytest.approx(billing.x0 + weeks)
    assert ghosts[ids["Billing"]].y0 == billing.y0  # in its own row, in its own theme
    assert ghosts[ids["Billing"]].label == "+21 d"
    assert ghosts[ids["Billing"]].at_risk  # it would finish after its target
    assert view.marked_ids() == {ids["Billing"], ids["Reports"]}
    # each ghost is painted where its item would land, clear of the item's own bar and title
    during = view.viewport().grab().toImage()
    for ghost in ghosts.values():
        spot = bar_rect(view, ghost).center()
        assert during.pixel(spot) != quiet.pixel(spot)
    assert dump(workspace) == before  # nothing written while dragging
    assert undo.stack.count() == 0
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.ghosts() == [] and view.marked_ids() == frozenset()
    send(view.viewport(), QEvent.Type.MouseButtonRelease, view.from_chart(QPointF(*middle)))
    assert dump(workspace) == before


def test_a_ghost_says_how_far_its_item_moves(linked):
    view, _workspace, _undo, ids = linked

    def move(task_id, start_days, finish_days):
        return ItemMove(
            task_id=task_id,
            title="",
            theme_id=None,
            start=MONDAY,
            finish=MONDAY + timedelta(days=4),
            new_start=MONDAY + timedelta(days=start_days),
            new_finish=MONDAY + timedelta(days=4 + finish_days),
            was_at_risk=False,
            at_risk=False,
        )

    moves = [move(ids["Search"], 7, 7), move(ids["Reports"], 0, 9)]  # Reports only stretches
    outcome = ShiftOutcome(ids["Signup"], {m.task_id: m for m in moves})
    labels = {g.task_id: g.label for g in ghost_shapes(view.chart, outcome)}
    assert labels == {ids["Search"]: "+7 d", ids["Reports"]: "finish +9 d"}


def test_the_drop_reports_what_moved_and_shows_it(linked, qtbot):
    view, workspace, undo, ids = linked
    others = (ids["Billing"], ids["Reports"], ids["Search"])
    before = dates(view, ids["Signup"], *others)
    stored = dump(workspace)
    signup = view.chart.item_of(ids["Signup"])
    week = 7 * view.chart.scale.day_width
    middle = ((signup.x0 + signup.x1) / 2, (signup.y0 + signup.y1) / 2)
    drag(view, middle, (middle[0] + week, middle[1]))
    assert undo.stack.count() == 1
    report = view.report
    assert report is not None and set(report.moved) == {ids["Billing"], ids["Reports"]}
    bar = view.report_bar
    assert bar.isVisible()
    assert bar.label.text() == (
        "Moved “Signup” 7 days later; 2 other items moved through links (1 now at risk)."
    )
    assert "Billing" in bar.label.toolTip() and "Reports" in bar.label.toolTip()
    assert view.marked_ids() == {ids["Billing"], ids["Reports"]}  # outlined after the drop
    assert view.data.item(ids["Billing"]).at_risk
    # the bar sits under the chart, not over it
    assert bar.geometry().top() > view.viewport().geometry().bottom()
    # "Show next" selects the moved items one by one
    QTest.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    first = view.selected
    assert first == report.moved[0]
    assert "Showing 1 of 2" in bar.label.text()
    QTest.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert view.selected == report.moved[1] != first
    # undo puts every item back and ends the report; redo moves them again
    undo.stack.undo()
    assert dates(view, ids["Signup"], *others) == before
    assert dump(workspace) == stored  # the subtasks and the links' successors too
    assert view.report is None and not bar.isVisible() and view.marked_ids() == frozenset()
    undo.stack.redo()
    moved = dates(view, ids["Signup"], *others)
    assert moved[ids["Search"]] == before[ids["Search"]]
    for task_id in (ids["Signup"], ids["Billing"], ids["Reports"]):
        assert moved[task_id][0] == before[task_id][0] + timedelta(days=7)


def test_escape_or_the_close_button_ends_the_report(linked):
    view, _workspace, _undo, ids = linked
    signup = view.chart.item_of(ids["Signup"])
    day = view.chart.scale.day_width
    middle = ((signup.x0 + signup.x1) / 2, (signup.y0 + signup.y1) / 2)
    drag(view, middle, (middle[0] + 7 * day, middle[1]))
    assert view.report is not None
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.report is None and not view.report_bar.isVisible()
    drag(view, (middle[0] + 7 * day, middle[1]), (middle[0] + 14 * day, middle[1]))
    assert view.report is not None
    QTest.mouseClick(view.report_bar.close_button, Qt.MouseButton.LeftButton)
    assert view.report is None and view.marked_ids() == frozenset()


def test_a_drag_that_moves_nothing_else_reports_nothing(linked):
    view, _workspace, undo, ids = linked
    search = view.chart.item_of(ids["Search"])
    middle = ((search.x0 + search.x1) / 2, (search.y0 + search.y1) / 2)
    target = (middle[0] + 7 * view.chart.scale.day_width, middle[1])
    drag(view, middle, target, release=False)
    assert view.ghosts() == []
    send(view.viewport(), QEvent.Type.MouseButtonRelease, view.from_chart(QPointF(*target)))
    assert undo.stack.count() == 1
    assert view.report is None and not view.report_bar.isVisible()


def test_a_resize_previews_what_it_pushes(linked):
    """Billing's right end dragged a week later: Reports (after it) would move and does."""
    view, _workspace, undo, ids = linked
    billing = view.chart.item_of(ids["Billing"])
    y = (billing.y0 + billing.y1) / 2
    week = 7 * view.chart.scale.day_width
    drag(view, (billing.x1 - 1, y), (billing.x1 - 1 + week, y), release=False)
    assert [shape.task_id for shape in view.ghosts()] == [ids["Reports"]]
    send(
        view.viewport(),
        QEvent.Type.MouseButtonRelease,
        view.from_chart(QPointF(billing.x1 - 1 + week, y)),
    )
    assert undo.stack.count() == 1
    assert view.report is not None and view.report.moved == (ids["Reports"],)
    assert view.report_bar.label.text().startswith("Changed “Billing”; 1 other item moved")


def test_in_the_window_a_demo_drag_shows_and_undoes_what_moved(qtbot, settings, tmp_path):
    """The demo's roadmap, as issue #13 found it: one item dragged a month moves many others,
    in other themes; the window's Undo puts all of them back, Redo moves them again."""
    path = tmp_path / "demo.ipmp"
    generate_demo(path, tasks=600, seed=1)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(path))
    window.resize(1280, 800)
    window.show()
    window.show_tab(2)
    roadmap = window.roadmap_view
    roadmap.show_view("timeline")
    qtbot.waitExposed(roadmap.timeline)
    view = roadmap.timeline
    before = {i.id: (i.start, i.finish) for i in roadmap.data.items}
    themes = {i.id: i.theme_id for i in roadmap.data.items}
    item = next(i for i in roadmap.data.items if i.title == "SEO" and i.child_count)
    shape = view.chart.item_of(item.id)
    view.horizontalScrollBar().setValue(round(shape.x0 - 100))
    view.verticalScrollBar().setValue(round(shape.y0 - 40))
    start = (shape.x0 + 3, (shape.y0 + shape.y1) / 2)
    month = 31 * view.chart.scale.day_width
    drag(view, start, (start[0] + month, start[1]), release=False)
    ghosts = {g.task_id for g in view.ghosts()}
    assert len(ghosts) >= 10 and any(themes[g] != item.theme_id for g in ghosts)
    send(
        view.viewport(),
        QEvent.Type.MouseButtonRelease,
        view.from_chart(QPointF(start[0] + month, start[1])),
    )
    moved = {i.id for i in roadmap.data.items if (i.start, i.finish) != before[i.id]} - {item.id}
    assert view.report is not None and set(view.report.moved) == moved == ghosts
    text = view.report_bar.label.text()
    assert text.startswith("Moved “SEO” ") and f"; {len(moved)} other items moved" in text
    window.act_undo.trigger()
    assert {i.id: (i.start, i.finish) for i in roadmap.data.items} == before
    assert view.report is None and not view.report_bar.isVisible()
    window.act_redo.trigger()
    redone = {i.id for i in roadmap.data.items if (i.start, i.finish) != before[i.id]}
    assert redone == moved | {item.id}
    window.close()
