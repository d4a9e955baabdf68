"""What the one Gantt painter puts on screen and paper, checked in rendered pixels: manual bars,
link lines against task names, and the screen-only link connectors."""

from datetime import date, timedelta

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from ipmp_desktop.core.layout.gantt import (
    CONNECTOR_OFFSET,
    CONNECTOR_RADIUS,
    GanttLink,
    GanttTask,
    Part,
    layout_gantt,
)
from ipmp_desktop.core.layout.timescale import DAY_WIDTH, TimeScale, Zoom
from ipmp_desktop.qt.render.gantt_painter import GanttPainter, GanttStyle

MONDAY = date(2026, 1, 5)
ROW = 24.0


def painter_for_print() -> GanttPainter:
    return GanttPainter(GanttStyle.for_print(QFont()))


def render(gantt: GanttPainter, layout, *, selected=(), extra=None) -> QImage:
    """The chart drawn from x = -40 (room for connectors left of day 0) into an image."""
    image = QImage(480, round(layout.height) + 10, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(40, 0)
    area = QRectF(-40, 0, image.width(), image.height())
    gantt.paint_chart(
        painter, layout, area, is_working=lambda d: d.weekday() < 5, selected=selected
    )
    if extra is not None:
        extra(painter)
    painter.end()
    return image


def pixels(image: QImage, box: QRectF) -> list[int]:
    """The RGB values inside ``box`` (chart units; the image is shifted 40 to the right)."""
    rect = box.translated(40, 0).toAlignedRect()
    return [
        image.pixel(x, y)
        for x in range(max(rect.left(), 0), min(rect.right() + 1, image.width()))
        for y in range(max(rect.top(), 0), min(rect.bottom() + 1, image.height()))
    ]


def test_a_one_day_manual_task_is_a_filled_hatched_bar_not_an_outline(qapp):
    """MS Project imports often hold one-day manual tasks; at the Weeks zoom their bar is 8 px
    wide and a hatch without a fill read as a hollow "0"."""
    scale = TimeScale.for_zoom(MONDAY, Zoom.WEEK)
    day = MONDAY + timedelta(days=3)
    tasks = [
        GanttTask(1, "task", day, day, manual=True, title="Manual"),
        GanttTask(2, "task", day, day, manual=False, title="Automatic"),
    ]
    gantt = painter_for_print()
    layout = layout_gantt(tasks, [], scale, ROW)
    image = render(gantt, layout)
    background = gantt.style.background.rgb() & 0xFFFFFF
    for bar in layout.bars:
        inner = QRectF(bar.x0 + 1.5, bar.y0 + 1.5, bar.x1 - bar.x0 - 3, bar.y1 - bar.y0 - 3)
        inside = [p & 0xFFFFFF for p in pixels(image, inner)]
        assert inside
        blank = sum(1 for p in inside if p == background)
        assert blank / len(inside) < 0.1, (bar.label, blank, len(inside))
    manual, automatic = layout.bars
    centre = QRectF(manual.x0 + 1.5, manual.y0 + 1.5, 5, manual.y1 - manual.y0 - 3)
    twin = QRectF(automatic.x0 + 1.5, automatic.y0 + 1.5, 5, automatic.y1 - automatic.y0 - 3)
    assert set(pixels(image, centre)) != set(pixels(image, twin))  # and it is hatched


def test_link_lines_stop_at_task_names(qapp):
    """At the Months zoom a name is many times longer than its bar, and an arrow from the row
    above to the row below runs down through it; it must not draw over the name's letters."""
    scale = TimeScale(MONDAY, DAY_WIDTH[Zoom.MONTH], Zoom.MONTH)
    tasks = [
        GanttTask(1, "task", MONDAY + timedelta(days=4), MONDAY + timedelta(days=4), title="A"),
        GanttTask(2, "task", MONDAY, MONDAY, title="Middle task with a long name"),
        GanttTask(3, "task", MONDAY + timedelta(days=20), MONDAY + timedelta(days=22), title="C"),
    ]
    links = [GanttLink(7, 1, 3, "FS")]
    gantt = painter_for_print()
    with_link = layout_gantt(tasks, links, scale, ROW)
    without = layout_gantt(tasks, [], scale, ROW)
    (shape,) = with_link.links
    middle = with_link.bars[1]
    (box,) = gantt.label_boxes(with_link, range(1, 2))
    # The test is only meaningful if the route really crosses the name's box.
    assert any(
        box.left() < x < box.right() and y0 <= middle.mid_y <= y1
        for (x, y0), (_x, y1) in zip(shape.points, shape.points[1:], strict=False)
        if x == _x
    ), shape.points
    drawn, bare = render(gantt, with_link), render(gantt, without)
    assert pixels(drawn, box) == pixels(bare, box)
    # ... while the line itself is drawn above and below the name
    above = QRectF(box.left(), middle.y0 - 6, box.width(), 3)
    assert pixels(drawn, above) != pixels(bare, above)


def test_connectors_are_drawn_on_the_hit_circles_and_never_by_the_shared_chart_paint(qapp):
    scale = TimeScale.for_zoom(MONDAY, Zoom.DAY)
    tasks = [GanttTask(1, "task", MONDAY + timedelta(days=2), MONDAY + timedelta(days=4))]
    layout = layout_gantt(tasks, [], scale, ROW)
    (bar,) = layout.bars
    gantt = painter_for_print()
    plain = render(gantt, layout, selected={1})  # what a print of a selection gets
    marked = render(gantt, layout, selected={1}, extra=lambda p: gantt.paint_connectors(p, bar))
    for x, part in (
        (bar.x0 - CONNECTOR_OFFSET, Part.LINK_START),
        (bar.x1 + CONNECTOR_OFFSET, Part.LINK_FINISH),
    ):
        circle = QRectF(x - CONNECTOR_RADIUS, bar.mid_y - CONNECTOR_RADIUS, 2 * CONNECTOR_RADIUS,
                        2 * CONNECTOR_RADIUS)  # fmt: skip
        assert pixels(plain, circle) != pixels(marked, circle)
        # every pixel the connector changed lies where a press finds the connector
        for px in range(round(circle.left()) - 2, round(circle.right()) + 3):
            for py in range(round(circle.top()) - 2, round(circle.bottom()) + 3):
                if plain.pixel(px + 40, py) != marked.pixel(px + 40, py):
                    hit = layout.hit(px + 0.5, py + 0.5) or layout.hit(px, py)
                    assert (hit is not None and hit.part == part) or _near(layout, px, py, part), (
                        px,
                        py,
                    )


def _near(layout, px: int, py: int, part: Part) -> bool:
    """A pixel the antialiased rim only grazes: some corner of it is on the hit circle."""
    corners = ((px, py), (px + 1, py), (px, py + 1), (px + 1, py + 1))
    return any(
        (hit := layout.hit(float(x), float(y))) is not None and hit.part == part for x, y in corners
    )
