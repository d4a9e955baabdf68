"""What the Gantt chart tells while and after the user works on it: link connectors on hover
and selection, ghosts of the tasks a drag pushes and a notice after the drop, a header that
labels its cells after Fit Project, and a zoom that keeps the selected task in view.

Everything goes through real mouse events on the chart's viewport or the toolbar's actions.
"""

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QImage

from ipmp_desktop.core.commands import AddDependency, CreateTask, UpdateTask
from ipmp_desktop.core.layout.gantt import CONNECTOR_OFFSET, CONNECTOR_RADIUS
from ipmp_desktop.core.layout.timescale import Zoom
from ipmp_desktop.core.services.queries import predecessors_text
from ipmp_desktop.qt.views.gantt import chart_marks
from tests.qt import test_gantt_view as gantt
from tests.qt.test_gantt_view import MONDAY, bar, drag, send_mouse, task

plan_path = gantt.plan_path  # the fixtures: "Launch" with Design -> Build, and Docs
main = gantt.main

NO_BUTTON = Qt.MouseButton.NoButton


def hover(main, point: QPointF) -> None:
    """Move the pointer, no button held, to chart point ``point``."""
    chart = main.gantt_view.chart
    send_mouse(chart.viewport(), QEvent.Type.MouseMove, chart.from_chart(point), NO_BUTTON)


def snapshot(main) -> QImage:
    chart = main.gantt_view.chart
    chart.viewport().repaint()
    return chart.viewport().grab().toImage()


def region(main, image: QImage, box: QRectF) -> list[int]:
    """Pixels of ``image`` (the viewport) inside ``box`` (chart units)."""
    chart = main.gantt_view.chart
    rect = QRectF(chart.from_chart(box.topLeft()), box.size()).toAlignedRect()
    ratio = image.devicePixelRatio()
    return [
        image.pixel(round(x * ratio), round(y * ratio))
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    ]


def connector_box(shape, end: str) -> QRectF:
    x = shape.x1 + CONNECTOR_OFFSET if end == "finish" else shape.x0 - CONNECTOR_OFFSET
    r = CONNECTOR_RADIUS
    return QRectF(x - r, shape.mid_y - r, 2 * r, 2 * r)


def links(main) -> dict[int, list]:
    with main.session.workspace.reading() as session:
        return predecessors_text(session, main.current_project_id())


def test_hover_shows_connectors_and_a_drag_from_the_drawn_one_links(main):
    view, chart = main.gantt_view, main.gantt_view.chart
    view.select_task(task(main, "Design").id)
    docs, build = bar(main, "Docs"), bar(main, "Build")
    hover(main, QPointF(docs.x1 + 200, docs.mid_y))  # nowhere near a bar
    design = task(main, "Design").id
    assert [b.task_id for b in chart.connector_bars()] == [design]  # selected: shown
    bare = snapshot(main)

    hover(main, QPointF((docs.x0 + docs.x1) / 2, docs.mid_y))
    assert chart.hovered == docs.task_id
    assert docs.task_id in {b.task_id for b in chart.connector_bars()}
    shown = snapshot(main)
    for end in ("start", "finish"):
        assert region(main, shown, connector_box(docs, end)) != region(
            main, bare, connector_box(docs, end)
        ), end

    centre = QPointF(docs.x1 + CONNECTOR_OFFSET, docs.mid_y)
    hover(main, centre)
    assert chart.viewport().cursor().shape() == Qt.CursorShape.CrossCursor
    assert chart.hovered == docs.task_id  # still shown while over the connector itself

    drag(main, (centre.x(), centre.y()), (build.x0 + 3, build.mid_y))
    expected = (task(main, "Docs").id, "FS", 0)
    assert expected in links(main)[task(main, "Build").id]
    assert main.session.undo.stack.count() == 1
    main.undo()
    assert expected not in links(main)[task(main, "Build").id]
    main.redo()
    assert expected in links(main)[task(main, "Build").id]

    hover(main, QPointF(docs.x1 + 200, docs.mid_y))
    assert chart.hovered is None
    assert chart.selected == {docs.task_id}  # pressing its connector selected Docs: still shown
    assert docs.task_id in {b.task_id for b in chart.connector_bars()}
    view.select_task(design)
    assert docs.task_id not in {b.task_id for b in chart.connector_bars()}
    # (the new link now leaves from Docs' finish; its start end is as it was)
    assert region(main, snapshot(main), connector_box(docs, "start")) == region(
        main, bare, connector_box(docs, "start")
    )


def test_a_drag_shows_ghosts_of_what_it_pushes_and_the_drop_says_which(main, qtbot):
    view, chart = main.gantt_view, main.gantt_view.chart
    messages: list[str] = []
    view.status_message.connect(messages.append)
    design, build = bar(main, "Design"), bar(main, "Build")
    day = chart.chart.scale.day_width
    scale = chart.chart.scale
    # Where Build will be (Wed 11 to Fri 13 March): empty before the drag
    landing = QRectF(
        scale.x(date(2026, 3, 12)) + 2, build.y0 + 2, 2 * day - 4, build.y1 - build.y0 - 4
    )
    before = snapshot(main)
    grip = (design.x0 + 10, design.mid_y)
    drag(main, grip, (grip[0] + 2 * day, grip[1]), release=False)
    interaction = chart.interaction
    assert interaction is not None
    assert interaction.pushed == {build.task_id: (date(2026, 3, 11), date(2026, 3, 13))}
    assert region(main, snapshot(main), landing) != region(main, before, landing)
    assert "1 other task pushed by its links" in messages[-1]
    assert main.session.undo.stack.count() == 0  # nothing written while dragging

    end = chart.from_chart(QPointF(grip[0] + 2 * day, grip[1]))
    send_mouse(chart.viewport(), QEvent.Type.MouseButtonRelease, end, NO_BUTTON)
    assert task(main, "Build").start == date(2026, 3, 11)
    assert messages[-1] == "Moved “Design” and 1 other task pushed by its links (outlined)"
    assert main.statusBar().currentMessage() == messages[-1]
    assert chart.highlighted == {build.task_id}
    assert main.session.undo.stack.count() == 1
    qtbot.waitUntil(lambda: not chart.highlighted, timeout=6000)  # the outline goes again
    main.undo()
    assert task(main, "Build").start == date(2026, 3, 9)
    main.redo()
    assert task(main, "Build").start == date(2026, 3, 11)


def test_resizing_a_bar_previews_and_reports_the_push(main):
    view, chart = main.gantt_view, main.gantt_view.chart
    messages: list[str] = []
    view.status_message.connect(messages.append)
    design, build = bar(main, "Design"), bar(main, "Build")
    day = chart.chart.scale.day_width
    drag(main, (design.x1 - 1, design.y0 + 2), (design.x1 + 3 * day, design.y0 + 2), release=False)
    # Design to Monday 9 March: Build follows, Tuesday 10 to Thursday 12
    preview = dict(chart.interaction.pushed)
    assert preview == {build.task_id: (date(2026, 3, 10), date(2026, 3, 12))}
    end = chart.from_chart(QPointF(design.x1 + 3 * day, design.y0 + 2))
    send_mouse(chart.viewport(), QEvent.Type.MouseButtonRelease, end, NO_BUTTON)
    assert task(main, "Design").finish == date(2026, 3, 9)
    assert (task(main, "Build").start, task(main, "Build").finish) == preview[build.task_id]
    assert messages[-1] == "Resized “Design” and 1 other task pushed by its links (outlined)"
    docs = bar(main, "Docs")
    drag(main, ((docs.x0 + docs.x1) / 2, docs.mid_y), ((docs.x0 + docs.x1) / 2 + day, docs.mid_y))
    assert messages[-1] == "Moved “Docs”"  # nothing follows Docs
    assert chart.highlighted == set()


def test_fit_project_labels_every_cell_of_the_header(main):
    view, chart = main.gantt_view, main.gantt_view.chart
    # A plan of some 110 calendar days: fit gives some 5-6 px a day, where week cells have no
    # room for "23 Mar"-like labels.
    assert main.push(UpdateTask(task_id=task(main, "Docs").id, duration_days=78))
    view.actions_by_name["fit"].trigger()
    scale = chart.chart.scale
    left, width = chart.x_offset(), chart.viewport().width()
    assert left <= bar(main, "Docs").x0 and bar(main, "Docs").x1 <= left + width
    _top, bottom = scale.header(left, left + width)
    inside = [c for c in bottom if c.x0 >= left and c.x1 <= left + width]
    assert len(inside) >= 3
    metrics = QFontMetricsF(chart.gantt_painter.style.font)
    for cell in inside:  # the header leaves out a label without room; none may be left out
        assert metrics.horizontalAdvance(cell.label) <= cell.x1 - cell.x0 - 8, cell


def test_zoom_in_keeps_the_selected_task_in_view(main):
    view, chart = main.gantt_view, main.gantt_view.chart
    # A late task widens the chart far past the view
    assert main.push(UpdateTask(task_id=task(main, "Docs").id, start=MONDAY + timedelta(200)))
    view.set_zoom(Zoom.WEEK)
    chart.scroll_to_x(0)
    design = task(main, "Design").id
    view.select_task(design)
    held = chart.chart.bar_of(design).x0 - chart.x_offset()
    assert 0 <= held <= chart.viewport().width() / 3  # near the left, far from the centre
    view.actions_by_name["zoom_in"].trigger()
    assert view.zoom == Zoom.DAY
    shown = chart.chart.bar_of(design).x0 - chart.x_offset()
    assert abs(shown - held) <= 1
    assert view.chart.selected == {design}
    view.actions_by_name["zoom_out"].trigger()
    assert abs(chart.chart.bar_of(design).x0 - chart.x_offset() - held) <= 1

    # Out of view, it comes into view
    chart.scroll_to_x(chart.chart.bar_of(design).x0 + 2000)
    view.actions_by_name["zoom_in"].trigger()
    x = chart.chart.bar_of(design).x0 - chart.x_offset()
    assert 0 <= x <= chart.viewport().width()


def test_the_notice_counts_what_the_ghosts_showed_not_the_parents_that_follow(main):
    """A roadmap epic with subtasks spans them like a summary: pushed along, it is not one of
    the tasks the links pushed."""
    view, chart = main.gantt_view, main.gantt_view.chart
    project = main.current_project_id()
    epic = CreateTask(project_id=project, title="Epic", kind="epic")
    assert main.push(epic)
    assert main.push(CreateTask(project_id=project, title="Story", parent_id=epic.task_id))
    assert main.push(
        AddDependency(predecessor_id=task(main, "Build").id, successor_id=epic.task_id)
    )
    messages: list[str] = []
    view.status_message.connect(messages.append)
    design = bar(main, "Design")
    day = chart.chart.scale.day_width
    grip = (design.x0 + 10, design.mid_y)
    drag(main, grip, (grip[0] + day, grip[1]), release=False)
    ghosts = set(chart.interaction.pushed)
    assert ghosts == {task(main, "Build").id, task(main, "Story").id}
    end = chart.from_chart(QPointF(grip[0] + day, grip[1]))
    send_mouse(chart.viewport(), QEvent.Type.MouseButtonRelease, end, NO_BUTTON)
    assert task(main, "Epic").start == task(main, "Story").start  # it did follow
    assert messages[-1] == "Moved “Design” and 2 other tasks pushed by its links (outlined)"
    assert chart.highlighted == ghosts


def test_on_a_plan_too_big_to_preview_per_move_the_ghosts_follow_a_pause(main, qtbot, monkeypatch):
    """Where one scheduler pass is slower than a frame (some 10,000 tasks) the ghosts are not
    worked out on every move, but once the pointer rests."""
    monkeypatch.setattr(chart_marks, "GHOSTS_AT_ONCE_SECONDS", 0.0)  # as if the plan were huge
    chart = main.gantt_view.chart
    design, build = bar(main, "Design"), bar(main, "Build")
    day = chart.chart.scale.day_width
    grip = (design.x0 + 10, design.mid_y)
    drag(main, grip, (grip[0] + 2 * day, grip[1]), release=False)
    assert chart.interaction.pushed == {}  # not yet: the pointer has only just stopped
    qtbot.waitUntil(lambda: chart.interaction.pushed != {}, timeout=2000)
    assert chart.interaction.pushed == {build.task_id: (date(2026, 3, 11), date(2026, 3, 13))}
